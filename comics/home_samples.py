"""The pages the home page shows: made by the real pipeline with the built-in backends alone.

A visitor should see what Panelcraft itself makes before signing up, so
the home page shows a cover and a few pages that the built-in storyteller
wrote, the built-in painter drew and the lettering step lettered, from the
fixed ideas and seeds below. They are kept as small WebP images under
``static/img/home/``, next to a manifest (``samples.json``) that gives each
image's size and the words a screen reader says for it.
``manage.py render_home_samples`` makes them again, the same for the same
code and art size (``PANELCRAFT_ART_LONG_SIDE``, 1024 by default), whenever
the storyteller, the painter or the lettering changes.

A book is made for a throwaway account, so no shelf, quota or gallery ever
sees it, and is deleted with its files once its pictures are taken.
"""

from __future__ import annotations

import io
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from PIL import Image

from renderers import registry

from . import services
from .models import Comic, GenerationJob, Page
from .pipeline import Backends, run_job

#: Under the static files: where the images and the manifest live, as ``{% static %}`` names them.
STATIC_FOLDER = "img/home"
MANIFEST_NAME = "samples.json"
DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "static" / STATIC_FOLDER
#: Pixels across: about twice the widest the home page shows a sample at, for sharp pictures on dense screens.
WIDTH = 720
WEBP_QUALITY = 78
COVER = 0


class SampleError(Exception):
    """A sample book could not be made; the message says which and why."""


#: Where on the home page a picture goes: the hero (a page with its cover behind it) or the row beneath.
HERO, ROW = "hero", "row"


@dataclass(frozen=True)
class Shot:
    """One picture taken from a book: its cover (page 0) or a numbered page."""

    file: str
    page: int
    label: str  # "a comic page": a caption starts with it, or joins it to the next with "and"
    place: str


@dataclass(frozen=True)
class Book:
    idea: str
    kind: str
    style: str
    layout: str
    pages: int
    panels: int
    seed: int
    shots: tuple[Shot, ...]


BOOKS = (
    Book(
        idea="a shy dragon who opens a tiny tea shop",
        kind=Comic.Kind.COMIC,
        style="classic-comic",
        layout="grid",
        pages=2,
        panels=4,
        seed=7,
        shots=(
            Shot("comic-page.webp", 1, "a comic page", HERO),
            Shot("comic-cover.webp", COVER, "its cover", HERO),
        ),
    ),
    Book(
        idea="a lighthouse keeper's cat who is afraid of the dark",
        kind=Comic.Kind.PICTURE_BOOK,
        style="storybook",
        layout="full-page",
        pages=2,
        panels=1,
        seed=11,
        shots=(Shot("picture-book-page.webp", 1, "a picture-book page", ROW),),
    ),
    Book(
        idea="a kitten ninja saves the noodle festival",
        kind=Comic.Kind.COMIC,
        style="manga",
        layout="feature",
        pages=2,
        panels=4,
        seed=7,
        shots=(Shot("manga-page.webp", 1, "a manga page", ROW),),
    ),
)


def builtin_backends() -> Backends:
    """The offline storyteller, painter and safety check, whatever providers the site is set up with."""
    return Backends(
        text=registry.text_backend("builtin"),
        image=registry.image_backend("builtin"),
        safety=registry.safety_backend("builtin"),
    )


def render(output: Path = DEFAULT_OUTPUT, books: tuple[Book, ...] = BOOKS) -> list[dict]:
    """Make every book, write its pictures and the manifest into ``output``; return the manifest's samples.

    Nothing is written until every book is made, so a failure leaves the
    pictures and manifest there were, which still match each other.
    """
    # The cover says "by Panelcraft": the byline is the display name, never the throwaway username.
    owner = get_user_model().objects.create_user(f"home-samples-{secrets.token_hex(4)}", display_name="Panelcraft")
    taken: list[tuple[dict, bytes]] = []
    try:
        for book in books:
            taken += _take(book, owner)
    finally:
        for comic in Comic.objects.filter(owner=owner):
            services.delete_comic(comic=comic)
        owner.delete()
    output.mkdir(parents=True, exist_ok=True)
    for sample, data in taken:
        (output / sample["file"]).write_bytes(data)
    samples = [sample for sample, _data in taken]
    manifest = json.dumps({"samples": samples}, indent=2, ensure_ascii=False) + "\n"
    (output / MANIFEST_NAME).write_text(manifest, encoding="utf-8")
    return samples


def load() -> dict[str, list[dict]]:
    """The manifest's samples by place (``HERO``, ``ROW``), each with its ``static_name`` for ``{% static %}``.

    Read on every call: it is a small file, and the images may be made again
    while the site runs. No manifest, no samples.
    """
    path = finders.find(f"{STATIC_FOLDER}/{MANIFEST_NAME}")
    places: dict[str, list[dict]] = {HERO: [], ROW: []}
    if path:
        for sample in json.loads(Path(path).read_text(encoding="utf-8"))["samples"]:
            places[sample["place"]].append({**sample, "static_name": f"{STATIC_FOLDER}/{sample['file']}"})
    return places


def _take(book: Book, owner) -> list[tuple[dict, bytes]]:
    """Make ``book`` with the built-in backends; its shots as (manifest entry, WebP bytes)."""
    comic, job = services.create_comic(
        owner=owner,
        idea=book.idea,
        kind=book.kind,
        pages=book.pages,
        panels_per_page=book.panels,
        style=book.style,
        layout=book.layout,
        seed=book.seed,
        enqueue=False,
    )
    job = run_job(job.pk, backends=builtin_backends())
    if job is None or job.status != GenerationJob.Status.SUCCEEDED:
        raise SampleError(f"“{book.idea}” could not be made: {job.error if job else 'its job did not start'}")
    comic.refresh_from_db()
    taken = []
    for shot in book.shots:
        if shot.page == COVER:
            field, alt = comic.cover_image, _cover_alt(comic)
        else:
            page = comic.pages.get(index=shot.page - 1)
            field, alt = page.image, _page_alt(comic, page)
        data, (width, height) = _webp(field)
        entry = {
            "file": shot.file,
            "width": width,
            "height": height,
            "label": shot.label,
            "place": shot.place,
            "title": comic.title,
            "style": comic.style_obj.name,
            "alt": alt,
        }
        taken.append((entry, data))
    return taken


def _webp(field) -> tuple[bytes, tuple[int, int]]:
    """The stored image, ``WIDTH`` pixels across, as WebP bytes, with its size."""
    with field.open("rb") as fh:
        image = Image.open(io.BytesIO(fh.read())).convert("RGB")
    size = (WIDTH, round(image.height * WIDTH / image.width))
    buffer = io.BytesIO()
    image.resize(size, Image.Resampling.LANCZOS).save(buffer, format="WEBP", quality=WEBP_QUALITY, method=6)
    return buffer.getvalue(), size


def _cover_alt(comic: Comic) -> str:
    return f"The cover of “{comic.title}”: {comic.cover_scene.rstrip('.')}."


def _page_alt(comic: Comic, page: Page) -> str:
    """What the page shows and every word lettered on it, in reading order."""
    kind = comic.get_kind_display().lower()
    words = []
    for panel in page.panels.all():
        if panel.caption:
            words.append(f"“{panel.caption}”")
        words += [f"{line['speaker']}: “{line['text']}”" for line in panel.dialogue]
        if panel.sfx:
            words.append(panel.sfx)
    said = f" It reads: {' '.join(words)}" if words else ""
    return f"Page {page.number} of the {kind} “{comic.title}”: {page.beat.rstrip('.')}.{said}"
