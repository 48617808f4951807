"""What an author does with a finished comic: publish it, take it back, rename it.

Pages and the API both call these, so the rules (finished only, a title
that fits) and their wording live in one place. Who may call them is the
caller's business: only the owner, through ``comics.access.get_owned_comic``.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import bookbinding
from .dependencies import Artefact, mark_stale
from .models import Comic, GenerationJob
from .services import delete_files

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
    """Give a comic a new title, lettered on its cover and in its PDF too when it is finished.

    The title is drawn onto the cover (and so into the PDF), so a finished
    comic's cover is lettered again from its clean art and the PDF bound
    again around it: about half a second for twelve pages, done here so
    the author sees the new cover at once.
    """
    text = clean_title(title)
    # Locked like an edit (comics.editing), the job before the comic as a run locks them: a run under way
    # letters the cover again before it finishes.
    running = GenerationJob.objects.select_for_update().filter(comic_id=comic.pk, status__in=GenerationJob.ACTIVE)
    job_running = running.exists()
    row = _locked(comic)
    fields = ["title", "updated_at"]
    if text != row.title:
        row.title = text
        if row.is_finished and row.cover_art and not job_running:
            fields += _bind_again(row)
            row.save(update_fields=fields)
        else:
            row.save(update_fields=fields)
            mark_stale(row, {Artefact.TITLE})
    _copy_state(comic, row, (*fields, "cover_image", "pdf"))
    return comic


def _bind_again(row: Comic) -> list[str]:
    """Store a cover lettered with the row's title and a PDF made with it, under new names.

    New names change the cover's versioned URL, so no cache keeps the old
    title. The old files go once the new names are committed; files shared
    with other comics (outside this comic's folder) stay.
    """
    old = [row.cover_image.name, row.pdf.name]
    cover, pdf = bookbinding.rebound_cover(row)
    row.cover_image.save(f"cover-{row.seed}-{secrets.token_hex(4)}.png", ContentFile(cover), save=False)
    row.pdf.save(bookbinding.pdf_file_name(row), ContentFile(pdf), save=False)
    kept, own_folder = {row.cover_image.name, row.pdf.name}, f"comics/{row.pk}/"
    stale = [name for name in old if name.startswith(own_folder) and name not in kept]
    transaction.on_commit(lambda: delete_files(stale))
    return ["cover_image", "pdf"]


@transaction.atomic
def update_comic(*, comic: Comic, title: str | None = None, visibility: str | None = None) -> Comic:
    """Rename and publish or unpublish together: when one is refused, neither happens."""
    if visibility not in (None, *Comic.Visibility.values):
        # Refused before the rename, which may already have stored a new cover.
        raise ValidationError({"visibility": 'Choose "private" or "public".'}, code="invalid_choice")
    if title is not None:
        rename_comic(comic=comic, title=title)
    if visibility == Comic.Visibility.PUBLIC:
        publish_comic(comic=comic)
    elif visibility == Comic.Visibility.PRIVATE:
        unpublish_comic(comic=comic)
    return comic
