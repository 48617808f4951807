"""What the reader shows: the sheets of a book in order, with their panels.

One list serves the page's HTML (stacked images without JavaScript) and the
flip-book script (as JSON), so both always agree on order, labels, sizes and
where each panel and its words are.
"""

from __future__ import annotations

from . import layouts
from .models import Comic, Page


def whole_sheet(size: list[int]) -> dict:
    """The regions of a sheet read as one unit (a cover, or a page lettered before panels were recorded)."""
    return {"size": size, "panels": [{"box": [0, 0, *size], "text": []}]}


def sheets(comic: Comic, pages: list[Page]) -> list[dict]:
    """The cover (if made) then every page: number (0 is the cover), label, image, size, regions.

    ``regions`` is the page's stored panels in page pixels (see
    ``bookbinding.LetteredPage``); a page without them is one region, whole.
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
            }
        )
    for page in pages:
        regions = page.regions if page.regions.get("panels") else whole_sheet(size)
        out.append(
            {
                "number": page.number,
                "label": f"Page {page.number} of {total}",
                "src": page.image_url(),
                "alt": f"Page {page.number}: {page.beat}",
                "width": regions["size"][0],
                "height": regions["size"][1],
                "regions": regions,
                "beat": page.beat,
            }
        )
    return out
