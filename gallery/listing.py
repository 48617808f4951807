"""The gallery's queries: which comics it lists, in which order, and who liked them.

Every listing costs the same few queries whatever the page size (see
``Cards``): the counts are the stored ``Comic.like_count``, trending reads
the last week's likes through ``gallery.Like``'s (created_at, comic) index,
the authors come with the cards (``select_related``), and the viewer's
likes for everything on the page come in one more (``mark_liked``). The
page and the API both list through here, and keep what signed-out visitors
see for a few seconds (``gallery.visitor_cache``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Count, FilteredRelation, Q, QuerySet
from django.utils import timezone

from comics import styles
from comics.models import Comic

from .models import Like

SORTS = {"new": "Newest", "top": "Top", "trending": "Trending"}
DEFAULT_SORT = "new"
TRENDING_DAYS = 7
FEATURED_LIMIT = 12
MAX_QUERY_LENGTH = 100

# What a card shows; the rest of a comic (its idea's screening, providers, files) stays in the database.
CARD_FIELDS = (
    "id",
    "title",
    "idea",
    "kind",
    "style",
    "page_size",
    "cover_image",
    "like_count",
    "published_at",
    "featured_at",
    "owner__id",
    "owner__username",
    "owner__display_name",
)

ORDERINGS = {
    "new": ("-published_at", "-id"),
    "top": ("-like_count", "-published_at", "-id"),
    "trending": ("-recent_likes", "-like_count", "-published_at", "-id"),
}


def listed() -> QuerySet[Comic]:
    """Published (see ``Comic.objects.published``) and finished: what the gallery shows and readers may like."""
    return Comic.objects.published().exclude(pdf="")


def _cards() -> QuerySet[Comic]:
    return listed().select_related("owner").only(*CARD_FIELDS)


def search(queryset: QuerySet[Comic], q: str) -> QuerySet[Comic]:
    """Comics whose title, idea or author (display name or username) contains ``q``, any case."""
    q = q.strip()
    if not q:
        return queryset
    return queryset.filter(
        Q(title__icontains=q)
        | Q(idea__icontains=q)
        | Q(owner__display_name__icontains=q)
        | Q(owner__username__icontains=q)
    )


class Cards:
    """A listing to page through: ``count()`` and slices of cards, as Django's and DRF's paginators ask.

    A page is found in two steps, each one query whatever the page size:
    the ids in order from a narrow query (for trending, the last week's
    likes joined on their (created_at, comic) index and counted per comic,
    without dragging every card's columns through the grouping), then those
    comics with their authors. The total is counted without the sort, which
    does not change it.
    """

    def __init__(self, ranked: QuerySet[Comic], matching: QuerySet[Comic]):
        self._ranked = ranked
        self._matching = matching
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self._matching.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self._ranked.values_list("id", flat=True)[index])
        found = _cards().in_bulk(ids)
        # A comic unpublished between the two queries is simply left out.
        return [found[pk] for pk in ids if pk in found]


def cards(*, sort: str = DEFAULT_SORT, q: str = "", kind: str = "", style: str = "", now=None) -> Cards:
    """The gallery's cards, filtered and in ``sort`` order (``new``, ``top`` or ``trending``).

    Trending ranks by likes in the last ``TRENDING_DAYS`` days, then all-time
    likes, then the newest.
    """
    if sort not in SORTS:
        raise ValueError(f"Unknown sort {sort!r}.")
    matching = search(listed(), q)
    if kind:
        matching = matching.filter(kind=kind)
    if style:
        matching = matching.filter(style=style)
    ranked = matching
    if sort == "trending":
        since = (now or timezone.now()) - timedelta(days=TRENDING_DAYS)
        ranked = ranked.annotate(
            recent=FilteredRelation("likes", condition=Q(likes__created_at__gte=since)),
            recent_likes=Count("recent"),
        )
    return Cards(ranked.order_by(*ORDERINGS[sort]), matching)


def featured(*, limit: int = FEATURED_LIMIT) -> list[Comic]:
    """The comics moderators featured, most recently featured first."""
    return list(_cards().filter(featured_at__isnull=False).order_by("-featured_at", "-id")[:limit])


def mark_liked(comics: Iterable[Comic], *, user) -> list[Comic]:
    """Set ``comic.liked`` for ``user`` on every comic given, in one query (none when signed out).

    Pass everything a page shows (its cards and its featured row) in one call.
    """
    comics = list(comics)
    liked: set[int] = set()
    if user.is_authenticated and comics:
        ids = {comic.pk for comic in comics}
        liked = set(Like.objects.filter(user=user, comic_id__in=ids).values_list("comic_id", flat=True))
    for comic in comics:
        comic.liked = comic.pk in liked
    return comics


def kind_choices() -> list[tuple[str, str]]:
    return list(Comic.Kind.choices)


def style_choices() -> list[tuple[str, str]]:
    return styles.style_choices()
