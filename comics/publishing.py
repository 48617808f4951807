"""What an author does with a finished comic: publish it, take it back, rename it.

Pages and the API both call these, so the rules (finished only, a title
that fits) and their wording live in one place. Who may call them is the
caller's business: only the owner, through ``comics.access.get_owned_comic``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Comic

MAX_TITLE_LENGTH = Comic._meta.get_field("title").max_length
UNFINISHED_MESSAGE = "Only a finished comic can be published: wait until its PDF is made, then publish it."
TITLE_BLANK_MESSAGE = "Type a title for your comic."


def _locked(comic: Comic) -> Comic:
    """The comic's row, locked until the transaction ends, so two changes at once never undo each other."""
    return Comic.objects.select_for_update().get(pk=comic.pk)


def _copy_state(target: Comic, source: Comic, fields: tuple[str, ...]) -> None:
    for name in fields:
        setattr(target, name, getattr(source, name))


@transaction.atomic
def publish_comic(*, comic: Comic) -> Comic:
    """Make a finished comic public under its author's name.

    Publishing one that is already public changes nothing, so it keeps its
    place in the gallery's "new" order.
    """
    row = _locked(comic)
    if not row.is_finished:
        raise ValidationError({"visibility": UNFINISHED_MESSAGE}, code="unfinished")
    if row.visibility != Comic.Visibility.PUBLIC:
        row.visibility = Comic.Visibility.PUBLIC
        row.published_at = timezone.now()
        row.save(update_fields=["visibility", "published_at", "updated_at"])
    _copy_state(comic, row, ("visibility", "published_at", "updated_at"))
    return comic


@transaction.atomic
def unpublish_comic(*, comic: Comic) -> Comic:
    """Make a comic private again; the gallery and public links lose it with this commit."""
    row = _locked(comic)
    if row.visibility != Comic.Visibility.PRIVATE or row.published_at is not None:
        row.visibility = Comic.Visibility.PRIVATE
        row.published_at = None
        row.save(update_fields=["visibility", "published_at", "updated_at"])
    _copy_state(comic, row, ("visibility", "published_at", "updated_at"))
    return comic


def clean_title(title) -> str:
    """A title with its outer spaces gone; blank or too long is refused in words."""
    text = " ".join(str(title or "").split())
    if not text:
        raise ValidationError({"title": TITLE_BLANK_MESSAGE}, code="blank")
    if len(text) > MAX_TITLE_LENGTH:
        raise ValidationError(
            {"title": f"Keep the title to {MAX_TITLE_LENGTH} characters at most (this one has {len(text)})."},
            code="max_length",
        )
    return text


@transaction.atomic
def rename_comic(*, comic: Comic, title: str) -> Comic:
    text = clean_title(title)
    Comic.objects.filter(pk=comic.pk).update(title=text, updated_at=timezone.now())
    comic.refresh_from_db(fields=["title", "updated_at"])
    return comic


@transaction.atomic
def update_comic(*, comic: Comic, title: str | None = None, visibility: str | None = None) -> Comic:
    """Rename and publish or unpublish together: when one is refused, neither happens."""
    if title is not None:
        rename_comic(comic=comic, title=title)
    if visibility == Comic.Visibility.PUBLIC:
        publish_comic(comic=comic)
    elif visibility == Comic.Visibility.PRIVATE:
        unpublish_comic(comic=comic)
    elif visibility is not None:
        raise ValidationError({"visibility": 'Choose "private" or "public".'}, code="invalid_choice")
    return comic
