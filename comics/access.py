"""The one way views find a comic or job: scoped to what the user may see.

Reading follows ``Comic.objects.readable_by`` (owner, anyone once published,
moderators); changing is the owner's alone. Anything else is a 404, never a
403, so strangers cannot even learn that a private comic exists.
"""

from __future__ import annotations

from functools import wraps

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Prefetch, Subquery
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .models import PUBLISHED, Comic, GenerationJob, Page, Panel


def get_comic_for(user, comic_id: int, *, full: bool = False) -> Comic:
    """A comic ``user`` may read, with ``open_to_all``: whether anyone at all may (what caches may keep)."""
    queryset = (
        Comic.objects.readable_by(user)
        .select_related("owner")
        .annotate(open_to_all=ExpressionWrapper(PUBLISHED, output_field=BooleanField()))
    )
    if full:
        queryset = queryset.prefetch_related(
            "cast",
            Prefetch(
                "pages",
                queryset=Page.objects.prefetch_related(
                    Prefetch("panels", queryset=Panel.objects.select_related("page"))
                ),
            ),
        )
    return get_object_or_404(queryset, pk=comic_id)


def get_owned_comic(user, comic_id: int) -> Comic:
    """For changes (rename, publish, delete): only the owner, not moderators."""
    return get_object_or_404(Comic.objects.owned_by(user), pk=comic_id)


def get_owned_page(user, comic_id: int, number: int) -> Page:
    """A page of the owner's comic by its 1-based number, as in the media URLs."""
    pages = Page.objects.filter(comic__owner=user).select_related("comic", "comic__owner")
    return get_object_or_404(pages, comic_id=comic_id, index=number - 1) if user.is_authenticated else _none(Page)


def get_owned_panel(user, comic_id: int, number: int, panel: int) -> Panel:
    """A panel of a page of the owner's comic, both 1-based."""
    if not user.is_authenticated:
        return _none(Panel)
    panels = Panel.objects.filter(page__comic__owner=user).select_related("page", "page__comic", "page__comic__owner")
    return get_object_or_404(panels, page__comic_id=comic_id, page__index=number - 1, index=panel - 1)


def _none(model):
    return get_object_or_404(model.objects.none())


def get_job_for(user, job_id: int) -> GenerationJob:
    return get_object_or_404(GenerationJob.objects.readable_by(user).select_related("comic"), pk=job_id)


def get_owned_job(user, job_id: int) -> GenerationJob:
    """For changes (cancel, retry): only the owner, not moderators."""
    return get_object_or_404(GenerationJob.objects.filter(comic__owner=user).select_related("comic"), pk=job_id)


def with_latest_status(queryset):
    """Each comic's ``latest_status``: its newest job's status (None without a job), in the same query.

    The shelf and the API filter on it, which a per-comic lookup could not do.
    """
    newest = GenerationJob.objects.filter(comic=OuterRef("pk")).order_by("-created_at", "-id")
    return queryset.annotate(latest_status=Subquery(newest.values("status")[:1]))


def shelf_comics(user, *, kind: str = "", status: str = ""):
    """Every comic ``user`` made, newest first, optionally of one kind or one latest-job status."""
    queryset = with_latest_status(Comic.objects.owned_by(user))
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(latest_status=status)
    return queryset


_token_authentication = TokenAuthentication()


def api_authentication(view):
    """Let a page (the media files) open with the API's credentials too: a session, or a token.

    ``Authorization: Token <key>`` signs the request in as the key's user, so
    an API client can download the files the API lists; a key that is wrong,
    or whose user is inactive or banned, is a 401, never a quiet anonymous
    visit. Without the header, the session (or anonymity) stands.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            found = _token_authentication.authenticate(request)
        except AuthenticationFailed as exc:
            response = JsonResponse({"detail": str(exc.detail)}, status=401)
            response["WWW-Authenticate"] = _token_authentication.authenticate_header(request)
            return response
        if found is not None:
            request.user = found[0]
        return view(request, *args, **kwargs)

    return wrapped
