"""What the reader shows: the sheets of a book in order, with their panels.

One list serves the page's HTML (stacked images without JavaScript) and the
flip-book script (as JSON), so both always agree on order, labels, sizes,
where each panel and its words are, and what a page says as text (its alt
text and transcript, from ``comics.transcript``).
"""

from __future__ import annotations

from django.urls import reverse

from . import layouts
from .editing import MAX_MORE_PAGES
from .models import MAX_PAGES, Comic, GenerationJob, Page
from .transcript import alt_text, transcript


def whole_sheet(size: list[int]) -> dict:
    """The regions of a sheet read as one unit (a cover, or a page lettered before panels were recorded)."""
    return {"size": size, "panels": [{"box": [0, 0, *size], "text": []}]}


def transcript_lines(panels) -> list[dict]:
    """The page's words in reading order, each with ``line``: what the reader shows ("Speaker: text")."""
    return [{**line._asdict(), "line": str(line)} for line in transcript(panels)]


def sheets(comic: Comic, pages: list[Page]) -> list[dict]:
    """The cover (if made) then every page: number (0 is the cover), label, image, size, regions, words.

    ``regions`` is the page's stored panels in page pixels (see
    ``bookbinding.LetteredPage``); a page without them is one region, whole.
    ``alt`` says what the page shows and what is written on it, for whoever
    cannot see the picture; ``transcript`` is its words alone, line by line.
    """
    size = list(layouts.page_pixels(comic.page_size))
    total = len(pages)
    out = []
    cover = comic.cover_url()
    if cover:
        out.append(
            {
                "number": 0,
                "label": "Cover",
                "src": cover,
                "alt": f"Cover: {comic.display_title}",
                "width": size[0],
                "height": size[1],
                "regions": whole_sheet(size),
                "transcript": [],
            }
        )
    for page in pages:
        regions = page.regions if page.regions.get("panels") else whole_sheet(size)
        panels = sorted(page.panels.all(), key=lambda panel: panel.index)
        out.append(
            {
                "number": page.number,
                "label": f"Page {page.number} of {total}",
                "src": page.image_url(),
                "alt": alt_text(panels, page_number=page.number, picture_book=comic.is_picture_book),
                "width": regions["size"][0],
                "height": regions["size"][1],
                "regions": regions,
                "beat": page.beat,
                "transcript": transcript_lines(panels),
            }
        )
    return out


def editor(comic: Comic) -> dict:
    """What the owner's editor in the reader needs: where the API is, how many pages may be added, a job under way.

    The editing rules themselves stay in ``comics.editing``; the room for
    more pages is only the form's limit, the server says it again if asked for more.
    """
    active = comic.jobs.filter(status__in=GenerationJob.ACTIVE).order_by("-created_at").first()
    return {
        "comic": comic.pk,
        "api": reverse("api:comic", args=[comic.pk]),
        "picture_book": comic.is_picture_book,
        "more_pages": max(0, min(MAX_MORE_PAGES, MAX_PAGES - comic.page_count)),
        "max_pages": MAX_PAGES,
        "job": (
            {
                "id": active.pk,
                "websocket": active.websocket_path,
                "url": active.get_absolute_url(),
                "purpose": active.purpose,
            }
            if active
            else None
        ),
    }
