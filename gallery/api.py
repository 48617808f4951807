"""The gallery and likes in the API: ``/api/gallery/``, ``/api/gallery/featured/``, ``/api/comics/<id>/like/``."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from comics.access import get_comic_for
from config.api_docs import ErrorOutput, errors
from config.pagination import PagePagination

from . import likes, listing, visitor_cache
from .serializers import GalleryCardOutput, GalleryPageOutput, GalleryQueryInput, LikeStateOutput


class LikeThrottle(UserRateThrottle):
    """Likes per user (``like`` rate): the API and the pages' like buttons draw on the same budget."""

    scope = "like"


_BAD_TOKEN = {
    401: OpenApiResponse(
        ErrorOutput,
        description="A token was sent but is wrong, or its user is inactive; send none to browse signed out.",
    )
}
_REFUSED = OpenApiResponse(ErrorOutput, description=f"Not likeable: “{likes.NOT_LIKEABLE}”")


@extend_schema(
    operation_id="gallery_list",
    parameters=[GalleryQueryInput],
    responses={200: GalleryPageOutput, **errors(400, 404), **_BAD_TOKEN},
)
@api_view(["GET"])
@permission_classes([AllowAny])
def gallery(request):
    """Published comics, newest, top or trending first; ``liked`` is the caller's own (false when signed out).

    Signed-out answers may be up to ``GALLERY_CACHE_SECONDS`` old: they are
    the same for everyone, so they are kept briefly in the cache under the
    full address. Signed-in answers are never cached.
    """

    def build():
        query = GalleryQueryInput(data=request.query_params)
        query.is_valid(raise_exception=True)  # a 400 is never kept
        paginator = PagePagination()
        page = paginator.paginate_queryset(listing.cards(**query.filters()), request)
        cards = listing.mark_liked(page, user=request.user)
        return paginator.get_paginated_response(GalleryCardOutput(cards, many=True).data).data, True

    return _marked(request, Response(_for_visitors(request, build)))


def _marked(request, response):
    """JSON only may be kept whole: the browsable API's page carries the visitor's own CSRF token."""
    if request.accepted_renderer.format == "json":
        visitor_cache.mark_for_visitors(request, response)
    return response


def _for_visitors(request, build):
    """Signed in: built afresh (it carries ``liked``); signed out: the same for everyone, kept briefly."""
    if request.user.is_authenticated:
        return build()[0]
    return visitor_cache.remember(request, "api", build)


@extend_schema(operation_id="gallery_featured", responses={200: GalleryCardOutput(many=True), **_BAD_TOKEN})
@api_view(["GET"])
@permission_classes([AllowAny])
def featured(request):
    """The comics moderators featured (up to 12), most recently featured first."""

    def build():
        return GalleryCardOutput(listing.mark_liked(listing.featured(), user=request.user), many=True).data, True

    return _marked(request, Response(_for_visitors(request, build)))


@extend_schema(
    methods=["POST"],
    operation_id="comic_like",
    tags=["gallery"],
    request=None,
    responses={200: LikeStateOutput, 400: _REFUSED, **errors(401, 404, 429)},
)
@extend_schema(
    methods=["DELETE"],
    operation_id="comic_unlike",
    tags=["gallery"],
    request=None,
    responses={200: LikeStateOutput, **errors(401, 404, 429)},
)
@api_view(["POST", "DELETE"])
@throttle_classes([LikeThrottle])
def like(request, comic_id: int):
    """POST likes the comic, DELETE takes the like back; both may be repeated safely."""
    comic = get_comic_for(request.user, comic_id)
    if request.method == "DELETE":
        liked, count = likes.unlike(user=request.user, comic=comic)
    else:
        try:
            liked, count = likes.like(user=request.user, comic=comic)
        except likes.LikeRefused as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    return Response(LikeStateOutput({"liked": liked, "like_count": count}).data)
