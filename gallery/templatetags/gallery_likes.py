"""Likes in templates: whether a comic may be liked, and whether this user likes it."""

from django import template

from comics.models import Comic
from gallery import likes

register = template.Library()


@register.filter
def likeable(comic: Comic) -> bool:
    """``{% if comic|likeable %}``: published, not hidden, finished, by an author in good standing."""
    return likes.can_be_liked(comic)


@register.simple_tag
def liked_by(comic: Comic, user) -> bool:
    """``{% liked_by comic user as liked %}``.

    Listings mark their comics once for the whole page (``listing.mark_liked``
    sets ``comic.liked``); a single comic, as on the reader, is asked about here.
    """
    marked = getattr(comic, "liked", None)
    if marked is not None:
        return marked
    return likes.has_liked(user=user, comic=comic)
