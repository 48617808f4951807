"""Lettered pages, the cover and the PDF, made from stored clean art.

Words are drawn onto the art once, here; the reader, the PDF and later the
gallery all show these images. Because the clean art is kept, a dialogue
edit only needs these functions again, never a new painting.
"""

from __future__ import annotations

import io
import zlib
from typing import NamedTuple

from PIL import Image

from . import book_format, layouts, lettering
from .casting import speaker_anchor
from .downloads import download_name
from .models import Comic, Page, Panel
from .pdf import PrintPage, build_pdf, print_page


def page_geometry(comic: Comic, page: Page, panel_count: int):
    """The page size in pixels and the panel rectangles on it.

    The page's own layout and its own panels decide, for painting and
    lettering alike: one source, so art is always painted at the shape it
    is lettered in.
    """
    page_w, page_h = layouts.page_pixels(comic.page_size)
    if page.layout == book_format.PICTURE_BOOK_LAYOUT:
        art_w, art_h = layouts.picture_book_art_size(page_w, page_h)
        return (page_w, page_h), [(0, 0, art_w, art_h)]
    layout = layouts.get_layout(page.layout)
    return (page_w, page_h), layouts.panel_rects(layout, panel_count, page_w, page_h)


def open_image(field) -> Image.Image:
    with field.open("rb") as fh:
        image = Image.open(io.BytesIO(fh.read()))
        image.load()
    return image if image.mode == "RGB" else image.convert("RGB")


def png_bytes(image: Image.Image) -> bytes:
    """A lettered page as PNG, deflated with run-length matches only.

    After PNG's row filters that packs painted art about as tight as the
    default deflate (5% larger on the built-in painter's pages, smaller on
    smooth art) in 60-80% of the time, and lettering is on the path to the
    author's first page.
    """
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_type=zlib.Z_RLE)
    return buffer.getvalue()


class LetteredPage(NamedTuple):
    """A lettered page and where its panels and words are on it.

    ``regions`` is stored with the page image (``Page.regions``) so readers
    can zoom panel by panel and know how large the words are: page pixels,
    ``{"size": [w, h], "panels": [{"box": [x0, y0, x1, y1], "text": [{"box": [...], "px": n}]}]}``
    with panels in reading order and ``px`` the type's body size.
    """

    image: Image.Image
    regions: dict


def squeezed_text(regions: dict) -> bool:
    """True if some words had to be set below the 9 pt minimum to fit their panel at all."""
    texts = (text for panel in regions.get("panels", []) for text in panel["text"])
    return any(text["px"] < lettering.MIN_READABLE_PX for text in texts)


def _box(rect, dx: int = 0, dy: int = 0) -> list[int]:
    x0, y0, x1, y1 = rect
    return [round(x0) + dx, round(y0) + dy, round(x1) + dx, round(y1) + dy]


def panel_texts(plan: lettering.PanelPlan, dx: int, dy: int) -> list[dict]:
    """A panel's caption and bubbles in reading order, moved onto the page.

    ``kind`` ("caption" or "bubble") lets the reader's editor tell which box
    is which bubble of ``Panel.bubbles``.
    """
    placed = [("caption", plan.caption)] if plan.caption else []
    placed += [("bubble", bubble) for bubble in plan.bubbles]
    return [{"box": _box(item.box, dx, dy), "px": item.layout.font_size, "kind": kind} for kind, item in placed]


def speech_lines(panel: Panel) -> list[lettering.SpeechLine]:
    """A panel's dialogue, each line's tail aimed where its speaker was painted (``Panel.subjects``)."""
    return [
        lettering.SpeechLine(
            speaker=line.get("speaker", ""),
            text=line.get("text", ""),
            anchor_x=speaker_anchor(line.get("speaker", ""), panel.subjects or []),
        )
        for line in panel.dialogue
    ]


def plan_panel_words(comic: Comic, panel: Panel, rect, font_size: int) -> lettering.PanelPlan:
    """Where a comic panel's words go: the one plan the page's lettering and an edit's check share."""
    x0, y0, x1, y1 = rect
    return lettering.plan_panel(
        (x1 - x0, y1 - y0),
        lines=speech_lines(panel),
        caption=panel.caption,
        sfx=panel.sfx,
        seed=panel.seed,
        font_size=font_size,
        colours=comic.style_obj.lettering_colours,
        places=panel.bubbles or (),
    )


def letter_page(comic: Comic, page: Page, panels: list[Panel]) -> LetteredPage:
    """Draw the words onto the clean art and compose the page image."""
    page_size, rects = page_geometry(comic, page, len(panels))
    if page.layout == book_format.PICTURE_BOOK_LAYOUT:
        panel = panels[0]
        plan = lettering.plan_picture_book_page(page_size=page_size, caption=panel.caption)
        image = lettering.letter_picture_book_page(
            open_image(panel.art),
            page_size=page_size,
            caption=panel.caption,
            page_number=page.number,
            plan=plan,
            colours=comic.style_obj.lettering_colours,
        )
        # The illustration and its words read as one unit: one region, the whole page.
        texts = [{"box": _box(plan.text_box), "px": plan.text.font_size, "kind": "caption"}] if plan.text else []
        regions = [{"box": [0, 0, *page_size], "text": texts}]
        return LetteredPage(image, {"size": list(page_size), "panels": regions})
    # One type size for the whole page, so every panel reads the same.
    font_size = lettering.page_font_size(*page_size)
    lettered = []
    regions = []
    for panel, (x0, y0, x1, y1) in zip(panels, rects, strict=True):
        plan = plan_panel_words(comic, panel, (x0, y0, x1, y1), font_size)
        lettered.append(lettering.render_panel(open_image(panel.art), plan))
        regions.append({"box": [x0, y0, x1, y1], "text": panel_texts(plan, x0, y0)})
    image = lettering.compose_page(lettered, rects, page_size)
    return LetteredPage(image, {"size": list(page_size), "panels": regions})


def unlettered_on(comic: Comic, page: Page | None, panels: list[Panel]) -> str:
    """The characters of a page's words (the cover's, for ``page`` None) the lettering cannot draw."""
    if page is None:
        texts = [comic.title, comic.owner.byline]
    else:
        texts = [line.get("text", "") for panel in panels for line in panel.dialogue]
        texts += [text for panel in panels for text in (panel.caption, panel.sfx)]
    return lettering.unlettered(" ".join(texts))


def letter_cover(comic: Comic) -> Image.Image:
    page_size = layouts.page_pixels(comic.page_size)
    return lettering.make_cover(
        open_image(comic.cover_art),
        page_size=page_size,
        title=comic.title,
        byline=f"by {comic.owner.byline}",
        colours=comic.style_obj.lettering_colours,
    )


def comic_pdf(comic: Comic, prepared: dict[int, PrintPage] | None = None, *, pages: list[Page] | None = None) -> bytes:
    """Cover then pages, the very images the reader shows, at print size.

    ``prepared`` maps page numbers (0 for the cover) to pages already encoded
    while lettering; the rest are read back from storage.
    """
    prepared = prepared or {}
    pages = comic.lettered_pages() if pages is None else pages
    fields = [(0, comic.cover_image), *((page.number, page.image) for page in pages)]
    pages = [prepared.get(number) or print_page(open_image(field)) for number, field in fields]
    return build_pdf(pages, dpi=layouts.PRINT_DPI, title=comic.title, author=comic.owner.byline)


def pdf_file_name(comic: Comic) -> str:
    """The PDF's stored name: the title's slug, so a saved copy reads well, and the comic's id."""
    return f"{download_name(comic.title, 'pdf')[:-4][:60]}-{comic.pk}.pdf"


def rebound_cover(comic: Comic) -> tuple[bytes, bytes]:
    """The cover lettered again from its clean art, and the PDF bound again around it.

    For a finished comic whose cover words changed (a rename): the pages
    keep their lettering, so only the cover is drawn; the PDF takes the
    other pages back from storage. Returns the cover PNG and the PDF.
    """
    cover = letter_cover(comic)
    return png_bytes(cover), comic_pdf(comic, {0: print_page(cover)})
