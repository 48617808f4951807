from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from config.api_docs import errors
from config.pagination import PagePagination

from . import publishing, quotas, services
from .access import get_comic_for, get_job_for, get_owned_comic, shelf_comics
from .serializers import (
    ComicCreatedOutput,
    ComicCreateInput,
    ComicListOutput,
    ComicListQuery,
    ComicOutput,
    ComicPageOutput,
    ComicUpdateInput,
    JobOutput,
)


@extend_schema(
    methods=["GET"],
    operation_id="comics_list",
    parameters=[ComicListQuery],
    responses={200: ComicPageOutput, **errors(400, 401, 404)},
)
@extend_schema(
    methods=["POST"],
    operation_id="comics_create",
    request=ComicCreateInput,
    responses={201: ComicCreatedOutput, **errors(400, 401, 429)},
)
@api_view(["GET", "POST"])
@throttle_classes([quotas.CreateRateThrottle])
def comics(request):
    if request.method == "GET":
        return _my_comics(request)
    payload = ComicCreateInput(data=request.data)
    payload.is_valid(raise_exception=True)
    try:
        comic, job = services.create_comic(owner=request.user, **payload.validated_data)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from None
    except quotas.QuotaExceeded as exc:
        raise quotas.QuotaThrottled(exc) from None
    return Response(ComicCreatedOutput({"comic": comic, "job": job}).data, status=status.HTTP_201_CREATED)


def _my_comics(request) -> Response:
    """The caller's comics, newest first, a page at a time (the shelf's filters, the API's page shape)."""
    query = ComicListQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    filters = {name: query.validated_data.get(name, "") for name in ("kind", "status")}
    paginator = PagePagination()
    page = paginator.paginate_queryset(shelf_comics(request.user, **filters), request)
    return paginator.get_paginated_response(ComicListOutput(page, many=True).data)


@extend_schema(methods=["GET"], operation_id="comics_retrieve", responses={200: ComicOutput, **errors(404)})
@extend_schema(
    methods=["PATCH"],
    operation_id="comics_partial_update",
    request=ComicUpdateInput,
    responses={200: ComicOutput, **errors(400, 401, 404)},
)
@extend_schema(
    methods=["DELETE"], operation_id="comics_destroy", request=None, responses={204: None, **errors(401, 404)}
)
@api_view(["GET", "PATCH", "DELETE"])
@permission_classes([IsAuthenticatedOrReadOnly])
def comic_detail(request, comic_id: int):
    """Reading follows the one rule (a published comic needs no sign-in); only its owner changes it."""
    if request.method == "GET":
        comic = get_comic_for(request.user, comic_id, full=True)
        return Response(ComicOutput(comic, context={"request": request}).data)
    comic = get_owned_comic(request.user, comic_id)
    if request.method == "DELETE":
        services.delete_comic(comic=comic)
        return Response(status=status.HTTP_204_NO_CONTENT)
    payload = ComicUpdateInput(data=request.data)
    payload.is_valid(raise_exception=True)
    try:
        publishing.update_comic(comic=comic, **payload.validated_data)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from None
    comic = get_comic_for(request.user, comic_id, full=True)
    return Response(ComicOutput(comic, context={"request": request}).data)


@extend_schema(responses={200: JobOutput, **errors(401, 404)})
@api_view(["GET"])
def job_detail(request, job_id: int):
    job = get_job_for(request.user, job_id)
    return Response(JobOutput(job).data)


@extend_schema(request=None, responses={200: JobOutput, **errors(401, 404, 409)})
@api_view(["POST"])
def job_cancel(request, job_id: int):
    change = services.change_job(user=request.user, job_id=job_id, action="cancel")
    return _job_change_response(change, done=status.HTTP_200_OK)


@extend_schema(request=None, responses={202: JobOutput, **errors(401, 404, 409, 429)})
@api_view(["POST"])
def job_retry(request, job_id: int):
    change = services.change_job(user=request.user, job_id=job_id, action="retry")
    return _job_change_response(change, done=status.HTTP_202_ACCEPTED)


def _job_change_response(change: services.JobChange, *, done: int) -> Response:
    """The job with ``done``; 429 over the owner's limits; 409 when its state does not allow it."""
    if change.over_quota:
        raise quotas.QuotaThrottled(change.over_quota)
    if change.refusal:
        return Response({"detail": change.refusal}, status=status.HTTP_409_CONFLICT)
    return Response(JobOutput(change.job).data, status=done)
