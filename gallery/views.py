"""The gallery page and the like buttons on pages."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from comics.access import get_comic_for
from config.pagination import PagePagination

from . import likes, listing, visitor_cache
from .api import LikeThrottle
from .serializers import GalleryQueryInput, first_error


@require_GET
def gallery(request):
    """The public gallery: sort tabs, search, filters, cards, page links, and the featured row on its front.

    A signed-out visitor's page is the same for everyone with the same
    address, so it is kept for ``GALLERY_CACHE_SECONDS`` and served without
    a query; a signed-in visitor's page shows their own likes and never is.
    A visitor with a message waiting (say, just logged out) gets a fresh page
    so the message is shown once.
    """

    def build() -> tuple[tuple[str, int], bool]:
        context, status = _gallery_context(request)
        return (render_to_string("gallery/gallery.html", context, request=request), status), status == 200

    if request.user.is_authenticated or len(messages.get_messages(request)):
        (content, status), _keep = build()
    else:
        content, status = visitor_cache.remember(request, "page", build)
    return visitor_cache.mark_for_visitors(request, HttpResponse(content, status=status))


def _gallery_context(request) -> tuple[dict, int]:
    query = GalleryQueryInput(data=request.GET)
    context = {
        "sorts": listing.SORTS,
        "kinds": listing.kind_choices(),
        "styles": listing.style_choices(),
        "search_max": listing.MAX_QUERY_LENGTH,
    }
    if not query.is_valid():
        # Say what was wrong; keep the search words to correct, drop a choice that does not exist.
        raw = {
            name: "" if name in query.errors and name != "q" else request.GET.get(name, "")
            for name in ("sort", "q", "kind", "style")
        }
        context.update(error=first_error(query.errors), current=raw, sort_tabs=_sort_tabs({}))
        return context, 400

    data = query.validated_data
    filters = query.filters()
    # What every link on the page keeps: the sort, search and filters, and a page size other than the usual.
    kept = {**filters, "page_size": "" if data["page_size"] == PagePagination.page_size else data["page_size"]}
    page = Paginator(listing.cards(**filters), data["page_size"]).get_page(data["page"])
    front = page.number == 1 and not (filters["q"] or filters["kind"] or filters["style"])
    featured = listing.featured() if front else []
    listing.mark_liked([*page.object_list, *featured], user=request.user)
    context.update(
        page=page,
        comics=page.object_list,
        featured=featured,
        current=filters,
        filtered=bool(filters["q"] or filters["kind"] or filters["style"]),
        sort_tabs=_sort_tabs(kept),
        page_links=_page_links(page, kept),
        here=request.get_full_path(),
    )
    return context, 200


def _address(params: dict, **changes) -> str:
    """``?sort=top&q=dragon``: the gallery's address with ``changes``, leaving out what is empty."""
    merged = {**params, **changes}
    return "?" + urlencode({name: value for name, value in merged.items() if value not in ("", None)})


def _sort_tabs(params: dict) -> list[dict]:
    current = params.get("sort") or ""
    return [
        {"slug": slug, "label": label, "url": _address(params, sort=slug, page=""), "current": slug == current}
        for slug, label in listing.SORTS.items()
    ]


def _page_links(page, params: dict) -> dict:
    """Previous, next and numbered links that keep the sort, search and filters."""
    numbers = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            numbers.append({"gap": True})
        else:
            numbers.append({"number": number, "url": _address(params, page=number), "current": number == page.number})
    return {
        "previous": _address(params, page=page.previous_page_number()) if page.has_previous() else "",
        "next": _address(params, page=page.next_page_number()) if page.has_next() else "",
        "numbers": numbers if page.paginator.num_pages > 1 else [],
    }


# --- Like and unlike from a page -----------------------------------------------------------


@require_POST
def like(request, comic_id: int):
    return _change_like(request, comic_id, likes.like)


@require_POST
def unlike(request, comic_id: int):
    return _change_like(request, comic_id, likes.unlike)


def _change_like(request, comic_id: int, act):
    """Like or unlike, then go back where the visitor was (a safe ``next``, else the reader).

    A signed-out visitor is sent to log in and then back to that same place,
    where the button now works.
    """
    comic = get_comic_for(request.user, comic_id)
    back = _safe_next(request) or comic.get_absolute_url()
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    throttle = LikeThrottle()
    if not throttle.allow_request(request, None):
        seconds = max(1, math.ceil(throttle.wait() or throttle.duration))
        messages.error(request, f"That is a lot of likes at once; try again in {seconds} second{'s' * (seconds != 1)}.")
        return redirect(back)
    try:
        act(user=request.user, comic=comic)
    except likes.LikeRefused as exc:
        messages.error(request, str(exc))
    return redirect(back)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
