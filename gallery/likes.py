"""Liking and unliking a comic, with ``Comic.like_count`` kept exact.

The like row and the count change in one transaction while the comic's row
is locked (``SELECT ... FOR UPDATE``), so two people liking at the same
moment queue up on that row instead of both reading the old count, and the
gallery can sort by the stored count without counting rows per request.
Both acts are idempotent: liking twice leaves one like, unliking a comic
never liked changes nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from comics.models import Comic

from .listing import listed
from .models import Like

NOT_LIKEABLE = "Only published comics can be liked."


class LikeRefused(Exception):
    """The comic may be read but not liked (private, hidden, unfinished, or its author is banned)."""

    def __init__(self, message: str = NOT_LIKEABLE):
        super().__init__(message)


def can_be_liked(comic: Comic) -> bool:
    """What the gallery lists (``listing.listed``) may be liked: that rule, on a comic in hand, with no query."""
    return comic.is_public and not comic.is_hidden and comic.is_finished and not comic.owner.is_banned


def has_liked(*, user, comic: Comic) -> bool:
    if not user.is_authenticated:
        return False
    return Like.objects.filter(user=user, comic=comic).exists()


@transaction.atomic
def like(*, user, comic: Comic) -> tuple[bool, int]:
    """Like ``comic`` as ``user``; returns ``(True, like_count)``. Raises ``LikeRefused``."""
    # of=("self",): lock the comic's row only, not its author's, which the published rule joins.
    locked = listed().select_for_update(of=("self",)).only("id", "like_count").filter(pk=comic.pk).first()
    if locked is None:
        raise LikeRefused()
    count = locked.like_count
    _like, created = Like.objects.get_or_create(user=user, comic=locked)
    if created:
        Comic.objects.filter(pk=locked.pk).update(like_count=F("like_count") + 1)
        count += 1
    comic.like_count = count
    return True, count


@transaction.atomic
def unlike(*, user, comic: Comic) -> tuple[bool, int]:
    """Take back ``user``'s like; returns ``(False, like_count)``.

    Allowed whatever the comic's state now, for whoever can still reach it
    (its author after unpublishing, a moderator after hiding); the views
    look it up through the reading rule first.
    """
    locked = Comic.objects.select_for_update().only("id", "like_count").filter(pk=comic.pk).first()
    if locked is None:
        return False, 0
    count = locked.like_count
    deleted, _ = Like.objects.filter(user=user, comic=locked).delete()
    if deleted:
        Comic.objects.filter(pk=locked.pk).update(like_count=F("like_count") - 1)
        count -= 1
    comic.like_count = count
    return False, count
