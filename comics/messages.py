"""The shapes of the messages a job's listeners get, in one place.

The pipeline and the services publish them (``comics.progress``), a job's
row replays them to a listener that joins late (``GenerationJob.state_messages``)
and the job page's first paint is built from that replay, so every listener
reads the same shapes: static/js/job-progress.js switches on ``type``.
"""

from __future__ import annotations

from typing import Any


def progress(*, status: str, percent: int, stage: str, **extra: Any) -> dict:
    """How far the job is: ``extra`` adds a plan's title, the queue note or the stalled flag."""
    return {"type": "progress", "status": status, "progress": percent, "stage": stage, **extra}


def panel(*, page: int, panel: int, url: str, percent: int | None = None) -> dict:
    """A panel's clean art was painted (page and panel 1-based)."""
    message = {"type": "panel", "page": page, "panel": panel, "url": url}
    return message if percent is None else {**message, "progress": percent}


def cover(*, url: str, percent: int | None = None) -> dict:
    message = {"type": "cover", "url": url}
    return message if percent is None else {**message, "progress": percent}


def page(*, number: int, url: str, percent: int | None = None) -> dict:
    """A page was lettered (number 0 is the cover)."""
    message = {"type": "page", "page": number, "url": url}
    return message if percent is None else {**message, "progress": percent}


def notice(text: str) -> dict:
    """Something the author should know about how the comic was made."""
    return {"type": "notice", "message": text}


def done(*, comic_id: int, title: str, reader_url: str, pdf_url: str) -> dict:
    return {
        "type": "done",
        "progress": 100,
        "comic_id": comic_id,
        "title": title,
        "reader_url": reader_url,
        "pdf_url": pdf_url,
    }


def failed(*, error: str, percent: int | None = None) -> dict:
    message = {"type": "failed", "error": error}
    return message if percent is None else {**message, "progress": percent}


def cancelled(*, percent: int) -> dict:
    return {"type": "cancelled", "progress": percent}


def deleted() -> dict:
    """The comic was deleted while its job ran: an open job page stops waiting."""
    return {"type": "deleted"}
