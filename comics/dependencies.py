"""Which stored artefact is made from which, and what an edit makes stale.

    plan ──> page words ─────────────────────────┐
      │  └─> panel scene ─> image prompt ─> art ─┴─> lettered page ─┐
      │                        panel seed ──┘  bubble places ──┘       │
      │                                                             ├─> exports (PDF, CBZ, EPUB, ZIP)
      └────> cover scene ─> cover art ─> lettered cover ────────────┘
             title ────────────────────> lettered cover
             page order ───────────────> lettered picture-book pages (they print their number), exports

An edit names what it changed; :func:`stale_after` walks this graph to
everything made from it, and :func:`mark_stale` flags exactly those rows.
The next job (the same claimed, resumable run that makes a comic) then
rebuilds what is flagged or missing and nothing else: a change of words
letters one page again and binds the PDF, never paints; a redraw paints one
panel and letters its page. The CBZ, EPUB and ZIP are packed from the
lettered pages on request, so they follow the pages by themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.db.models import F, Q

from .models import Comic, Page, Panel


class Artefact(StrEnum):
    PLAN = "plan"
    TITLE = "title"
    PAGE_ORDER = "page order"
    PAGE_WORDS = "page words"
    PANEL_SCENE = "panel scene"
    IMAGE_PROMPT = "image prompt"
    PANEL_SEED = "panel seed"
    PANEL_ART = "panel art"
    BUBBLE_PLACES = "bubble places"
    LETTERED_PAGE = "lettered page"
    COVER_SCENE = "cover scene"
    COVER_ART = "cover art"
    LETTERED_COVER = "lettered cover"
    EXPORTS = "exports"


# Each artefact and what it is made from, read straight off the pipeline.
MADE_FROM: dict[Artefact, tuple[Artefact, ...]] = {
    Artefact.TITLE: (Artefact.PLAN,),
    Artefact.PAGE_WORDS: (Artefact.PLAN,),
    Artefact.PANEL_SCENE: (Artefact.PLAN,),
    Artefact.IMAGE_PROMPT: (Artefact.PANEL_SCENE,),
    Artefact.PANEL_ART: (Artefact.IMAGE_PROMPT, Artefact.PANEL_SEED),
    Artefact.LETTERED_PAGE: (Artefact.PAGE_WORDS, Artefact.BUBBLE_PLACES, Artefact.PANEL_ART, Artefact.PAGE_ORDER),
    Artefact.COVER_SCENE: (Artefact.PLAN,),
    Artefact.COVER_ART: (Artefact.COVER_SCENE,),
    Artefact.LETTERED_COVER: (Artefact.COVER_ART, Artefact.TITLE),
    Artefact.EXPORTS: (Artefact.LETTERED_PAGE, Artefact.LETTERED_COVER, Artefact.PAGE_ORDER),
}


def made_from(artefact: Artefact) -> set[Artefact]:
    """Everything ``artefact`` is made from, directly or not."""
    sources: set[Artefact] = set()
    todo = list(MADE_FROM.get(artefact, ()))
    while todo:
        source = todo.pop()
        if source not in sources:
            sources.add(source)
            todo.extend(MADE_FROM.get(source, ()))
    return sources


def stale_after(changed: Iterable[Artefact]) -> set[Artefact]:
    """What has to be made again once ``changed`` changed (the changed artefacts themselves excluded)."""
    changed = set(changed)
    return {artefact for artefact in MADE_FROM if made_from(artefact) & changed} - changed


def mark_stale(comic: Comic, changed: Iterable[Artefact], *, panels: Iterable[Panel] = (), pages=()) -> set[Artefact]:
    """Flag the rows made from what an edit ``changed`` so the next job rebuilds exactly them.

    ``panels`` and ``pages`` say where the change is: a panel's words or art
    stale its own page; a change of page order (``pages``: those that moved
    or were added) stales the exports, and a picture book's pages from the
    first of them on (they print their page number); a change of a panel's
    scene, prompt or seed flags its art for painting.
    """
    stale = stale_after(changed)
    panels, pages = list(panels), list(pages)
    if Artefact.LETTERED_PAGE in stale:
        affected = Q(pk__in={panel.page_id for panel in panels})
        if Artefact.PAGE_ORDER in changed and comic.is_picture_book and pages:
            affected |= Q(comic=comic, index__gte=min(page.index for page in pages))
        pages_hit = Page.objects.filter(affected, comic=comic)
        # Every page hit moves on a revision, so a lettering under way (even a first one) is done again;
        # only a page with an image is flagged: one without is lettered anyway.
        pages_hit.update(revision=F("revision") + 1)
        pages_hit.exclude(image="").update(stale=True)
    if Artefact.PANEL_ART in stale:
        Panel.objects.filter(pk__in=[panel.pk for panel in panels]).update(repaint=True)
    flags = {}
    if Artefact.LETTERED_COVER in stale:
        flags["cover_stale"] = True
    if Artefact.EXPORTS in stale:
        flags["pdf_stale"] = True
    if flags:
        Comic.objects.filter(pk=comic.pk).update(**flags)
        for name, value in flags.items():
            setattr(comic, name, value)
    return stale


def has_stale_work(comic_id: int) -> bool:
    """Whether anything of the comic is flagged or missing: what keeps a run going before it finishes."""
    return (
        Comic.objects.filter(pk=comic_id)
        .filter(Q(cover_stale=True) | Q(pdf_stale=True) | Q(pdf="") | Q(cover_image=""))
        .exists()
        or Page.objects.filter(comic_id=comic_id).filter(Q(stale=True) | Q(image="") | Q(scripted=False)).exists()
        or Panel.objects.filter(page__comic_id=comic_id).filter(Q(repaint=True) | Q(art="")).exists()
    )
