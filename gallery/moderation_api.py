"""The report endpoint, and the moderators' API: thin views over ``gallery.moderation``.

Refusals keep the services' words: ``Refused`` is a 400, ``Conflict`` (already
reported, already hidden, no longer open) a 409. The moderators' endpoints
look comics up without the readability filter: moderators may read every
comic anyway, and a private comic can be reported by the safety check.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from comics.access import get_comic_for
from comics.models import Comic
from config.api_docs import errors
from config.pagination import PagePagination

from . import moderation
from .models import ModerationAction, Report
from .moderation_serializers import (
    AuditEntryOutput,
    AuditPageOutput,
    BanInput,
    BanOutput,
    HideInput,
    ModeratedComicOutput,
    ModeratedUserOutput,
    OptionalReasonInput,
    ReportInput,
    ReportOutput,
    ReportPageOutput,
    ReportStatusQuery,
)
from .permissions import IsModerator

PAGE_PARAMETERS = [
    OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1."),
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description=f"Entries per page, at most {PagePagination.max_page_size}."
    ),
]


class ReportRateThrottle(UserRateThrottle):
    """The "report" rate per user, for the API and the report page alike."""

    scope = "report"


def refusal(exc: moderation.ModerationError) -> Response:
    code = status.HTTP_409_CONFLICT if isinstance(exc, moderation.Conflict) else status.HTTP_400_BAD_REQUEST
    return Response({"detail": str(exc)}, status=code)


def moderator_endpoint(method: str):
    """An ``@api_view`` for moderators only: 401 without credentials, 403 without the permission."""

    def decorate(func):
        func = permission_classes([IsModerator])(func)
        return api_view([method])(func)

    return decorate


def paginated(request, queryset, output):
    paginator = PagePagination()
    page = paginator.paginate_queryset(queryset, request)
    return paginator.get_paginated_response(output(page, many=True).data)


# --- Readers ------------------------------------------------------------------------------


@extend_schema(
    operation_id="comics_report",
    request=ReportInput,
    responses={201: ReportOutput, **errors(400, 401, 404, 409, 429)},
)
@api_view(["POST"])
@throttle_classes([ReportRateThrottle])
def report(request, comic_id: int):
    """Report a published comic to the moderators; once per reader and comic (a second is a 409)."""
    comic = get_comic_for(request.user, comic_id)
    payload = ReportInput(data=request.data)
    payload.is_valid(raise_exception=True)
    try:
        filed = moderation.file_report(reporter=request.user, comic=comic, **payload.validated_data)
    except moderation.ModerationError as exc:
        return refusal(exc)
    return Response(ReportOutput(filed).data, status=status.HTTP_201_CREATED)


# --- Moderators: reports ------------------------------------------------------------------


@extend_schema(
    operation_id="moderation_reports_list",
    parameters=[ReportStatusQuery, *PAGE_PARAMETERS],
    responses={200: ReportPageOutput, **errors(400, 401, 403, 404)},
)
@moderator_endpoint("GET")
def reports(request):
    """Reports in one status (open unless asked), newest first."""
    query = ReportStatusQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    queryset = Report.objects.filter(status=query.validated_data["status"]).select_related(
        "comic__owner", "reporter", "handled_by"
    )
    return paginated(request, queryset, ReportOutput)


def _report(report_id: int) -> Report:
    return get_object_or_404(Report.objects.select_related("comic__owner", "reporter"), pk=report_id)


@extend_schema(
    operation_id="moderation_report_resolve",
    request=None,
    responses={200: ReportOutput, **errors(401, 403, 404, 409)},
)
@moderator_endpoint("POST")
def resolve_report(request, report_id: int):
    """Close an open report as acted upon (409 if it is not open)."""
    try:
        handled = moderation.resolve_report(moderator=request.user, report=_report(report_id))
    except moderation.ModerationError as exc:
        return refusal(exc)
    return Response(ReportOutput(handled).data)


@extend_schema(
    operation_id="moderation_report_dismiss",
    request=None,
    responses={200: ReportOutput, **errors(401, 403, 404, 409)},
)
@moderator_endpoint("POST")
def dismiss_report(request, report_id: int):
    """Close an open report as needing nothing done (409 if it is not open)."""
    try:
        handled = moderation.dismiss_report(moderator=request.user, report=_report(report_id))
    except moderation.ModerationError as exc:
        return refusal(exc)
    return Response(ReportOutput(handled).data)


# --- Moderators: comics -------------------------------------------------------------------


def _comic(comic_id: int) -> Comic:
    return get_object_or_404(Comic.objects.select_related("owner"), pk=comic_id)


def _act_on_comic(request, comic_id: int, act, payload_class):
    comic = _comic(comic_id)
    payload = payload_class(data=request.data)
    payload.is_valid(raise_exception=True)
    try:
        comic = act(moderator=request.user, comic=comic, **payload.validated_data)
    except moderation.ModerationError as exc:
        return refusal(exc)
    return Response(ModeratedComicOutput(comic).data)


@extend_schema(
    operation_id="moderation_comic_hide",
    request=HideInput,
    responses={200: ModeratedComicOutput, **errors(400, 401, 403, 404, 409)},
)
@moderator_endpoint("POST")
def hide_comic(request, comic_id: int):
    """Hide a comic from everyone but its owner and moderators; its open reports are resolved."""
    return _act_on_comic(request, comic_id, moderation.hide_comic, HideInput)


@extend_schema(
    operation_id="moderation_comic_unhide",
    request=OptionalReasonInput,
    responses={200: ModeratedComicOutput, **errors(400, 401, 403, 404, 409)},
)
@moderator_endpoint("POST")
def unhide_comic(request, comic_id: int):
    return _act_on_comic(request, comic_id, moderation.unhide_comic, OptionalReasonInput)


@extend_schema(
    operation_id="moderation_comic_feature",
    request=OptionalReasonInput,
    responses={200: ModeratedComicOutput, **errors(400, 401, 403, 404, 409)},
)
@moderator_endpoint("POST")
def feature_comic(request, comic_id: int):
    """Feature a published, visible comic on the gallery's front (409 otherwise)."""
    return _act_on_comic(request, comic_id, moderation.feature_comic, OptionalReasonInput)


@extend_schema(
    operation_id="moderation_comic_unfeature",
    request=OptionalReasonInput,
    responses={200: ModeratedComicOutput, **errors(400, 401, 403, 404, 409)},
)
@moderator_endpoint("POST")
def unfeature_comic(request, comic_id: int):
    return _act_on_comic(request, comic_id, moderation.unfeature_comic, OptionalReasonInput)


# --- Moderators: users --------------------------------------------------------------------


def _user(user_id: int):
    return get_object_or_404(get_user_model(), pk=user_id)


@extend_schema(
    operation_id="moderation_user_ban",
    request=BanInput,
    responses={200: BanOutput, **errors(400, 401, 403, 404, 409)},
)
@moderator_endpoint("POST")
def ban_user(request, user_id: int):
    """Suspend an account: its sign-in and token stop working, its comics leave the public, its jobs stop."""
    user = _user(user_id)
    payload = BanInput(data=request.data)
    payload.is_valid(raise_exception=True)
    try:
        ban = moderation.ban_user(moderator=request.user, user=user, **payload.validated_data)
    except moderation.ModerationError as exc:
        return refusal(exc)
    return Response(BanOutput(ban).data)


@extend_schema(
    operation_id="moderation_user_unban",
    request=OptionalReasonInput,
    responses={200: ModeratedUserOutput, **errors(400, 401, 403, 404, 409)},
)
@moderator_endpoint("POST")
def unban_user(request, user_id: int):
    user = _user(user_id)
    payload = OptionalReasonInput(data=request.data)
    payload.is_valid(raise_exception=True)
    try:
        user = moderation.unban_user(moderator=request.user, user=user, **payload.validated_data)
    except moderation.ModerationError as exc:
        return refusal(exc)
    return Response(ModeratedUserOutput(user).data)


# --- Moderators: the audit log ------------------------------------------------------------


@extend_schema(
    operation_id="moderation_audit_list",
    parameters=PAGE_PARAMETERS,
    responses={200: AuditPageOutput, **errors(401, 403, 404)},
)
@moderator_endpoint("GET")
def audit(request):
    """Every moderator's act, newest first."""
    return paginated(request, ModerationAction.objects.all(), AuditEntryOutput)
