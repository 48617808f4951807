from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, throttle_classes
from rest_framework.exceptions import Throttled
from rest_framework.response import Response

from config.api_docs import errors

from . import quotas, services
from .access import get_comic_for, get_job_for, get_owned_job
from .models import Comic
from .serializers import ComicCreatedOutput, ComicCreateInput, ComicListOutput, ComicOutput, JobOutput


@extend_schema(methods=["GET"], operation_id="comics_list", responses={200: ComicListOutput(many=True), **errors(401)})
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
        queryset = Comic.objects.owned_by(request.user)[:200]
        return Response(ComicListOutput(queryset, many=True).data)
    payload = ComicCreateInput(data=request.data)
    payload.is_valid(raise_exception=True)
    try:
        comic, job = services.create_comic(owner=request.user, **payload.validated_data)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from None
    except quotas.QuotaExceeded as exc:
        raise Throttled(wait=exc.retry_after, detail=str(exc)) from None
    return Response(ComicCreatedOutput({"comic": comic, "job": job}).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: ComicOutput, **errors(401, 404)})
@api_view(["GET"])
def comic_detail(request, comic_id: int):
    comic = get_comic_for(request.user, comic_id, full=True)
    return Response(ComicOutput(comic).data)


@extend_schema(responses={200: JobOutput, **errors(401, 404)})
@api_view(["GET"])
def job_detail(request, job_id: int):
    job = get_job_for(request.user, job_id)
    return Response(JobOutput(job).data)


@extend_schema(request=None, responses={200: JobOutput, **errors(401, 404, 409)})
@api_view(["POST"])
def job_cancel(request, job_id: int):
    job = get_owned_job(request.user, job_id)
    try:
        job = services.cancel_job(job=job)
    except services.JobStateError as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return Response(JobOutput(job).data)


@extend_schema(request=None, responses={202: JobOutput, **errors(401, 404, 409)})
@api_view(["POST"])
def job_retry(request, job_id: int):
    job = get_owned_job(request.user, job_id)
    try:
        job = services.retry_job(job=job)
    except services.JobStateError as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return Response(JobOutput(job).data, status=status.HTTP_202_ACCEPTED)
