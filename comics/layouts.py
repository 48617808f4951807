"""Page geometry: page sizes, panel layouts and the art sizes to paint.

Pure Python (no Django, no Pillow) so it can be used anywhere and tested fast.

Coordinates
-----------
* A layout plans a page as rows (:meth:`Layout.row_plan`): each row's share
  of the page's *inner* area (the page minus its margins) and how many
  equal-width panels it holds.
* :func:`panel_rects` turns a layout into integer pixel rectangles
  ``(x0, y0, x1, y1)`` on a page. ``x1``/``y1`` are exclusive, like Pillow's
  ``crop``/``paste`` boxes, so a panel is ``x1 - x0`` by ``y1 - y0`` pixels.
* :func:`art_size_for` gives the size to ask an image backend for so the art
  has the panel's shape (the letterer then cover-fits it to the exact rect).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# --------------------------------------------------------------------------
# Page sizes
# --------------------------------------------------------------------------

PRINT_DPI = 150
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class PageSize:
    slug: str
    name: str
    width_mm: float
    height_mm: float

    def pixels(self, dpi: int = PRINT_DPI) -> tuple[int, int]:
        return (
            round(self.width_mm / MM_PER_INCH * dpi),
            round(self.height_mm / MM_PER_INCH * dpi),
        )


PAGE_SIZES: dict[str, PageSize] = {
    p.slug: p
    for p in (
        PageSize("a4-portrait", "A4 portrait", 210, 297),
        PageSize("a4-landscape", "A4 landscape", 297, 210),
        PageSize("square", "Square", 210, 210),
    )
}
DEFAULT_PAGE_SIZE = "a4-portrait"


def page_pixels(page_size_slug: str = DEFAULT_PAGE_SIZE, dpi: int = PRINT_DPI) -> tuple[int, int]:
    """Pixel size of a page at ``dpi`` (A4 portrait at 150 dpi is 1240 x 1754).

    Raises ``KeyError`` for an unknown slug.
    """
    return PAGE_SIZES[page_size_slug].pixels(dpi)


# --------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------

MIN_PANELS = 1
MAX_PANELS = 6


#: A row of a layout: (relative height, number of equal-width panels in it).
Row = tuple[float, int]

#: Inner-area width / height assumed when a caller doesn't say (A4 portrait).
PORTRAIT_ASPECT = 0.69


@dataclass(frozen=True)
class Layout:
    slug: str
    name: str
    description: str
    #: ``rows(n, aspect)`` -> the rows for ``n`` panels, top to bottom, on an
    #: inner area ``aspect`` times as wide as it is tall.
    rows: Callable[[int, float], tuple[Row, ...]]

    def row_plan(self, n_panels: int, aspect: float | None = None) -> tuple[Row, ...]:
        """The rows for ``n_panels``, top to bottom; each row's panels read left to right.

        ``aspect`` is the inner area's width / height (default: A4 portrait);
        wide pages get fewer, fuller rows so panels don't become slivers.
        """
        if not MIN_PANELS <= n_panels <= MAX_PANELS:
            raise ValueError(f"a page holds {MIN_PANELS} to {MAX_PANELS} panels, not {n_panels}")
        plan = tuple(self.rows(n_panels, PORTRAIT_ASPECT if aspect is None else aspect))
        if sum(cols for _, cols in plan) != n_panels:  # pragma: no cover - layout bug
            raise AssertionError(f"layout {self.slug!r} mis-planned {n_panels} panels")
        return plan


def _grid_rows(n: int, aspect: float) -> tuple[Row, ...]:
    # Rows of two; an odd last panel takes the whole row. Two panels side by
    # side on a portrait or square page would be towers, so they stack; on
    # landscape pages five or six panels go in rows of three (not slivers).
    if n == 2 and aspect < 1.2:
        return ((1.0, 1), (1.0, 1))
    if aspect >= 1.3 and n >= 5:
        return ((1.0, 3), (1.0, n - 3))
    rows: list[Row] = [(1.0, 2)] * (n // 2)
    if n % 2:
        rows.append((1.0, 1))
    return tuple(rows)


#: Widest a full-width strip may get (width / height) before rows are paired.
_MAX_STRIP_RATIO = 3.5


def _strip_rows(n: int, aspect: float) -> tuple[Row, ...]:
    # Wide panels stacked one per row. With more panels than rows that keep
    # strips from being slivers (4 on A4 portrait, 3 square, 2 landscape),
    # the 2nd and 4th rows (then the others) take a second or third panel.
    max_rows = max(2, min(4, int(_MAX_STRIP_RATIO / max(aspect, 0.01))))
    n_rows = min(n, max_rows)
    counts = [1] * n_rows
    order = [i for i in (1, 3, 2, 0) if i < n_rows]
    for k in range(n - n_rows):
        counts[order[k % len(order)]] += 1
    return tuple((1.0, cols) for cols in counts)


def _feature_rows(n: int, aspect: float) -> tuple[Row, ...]:
    # A big establishing panel (~45% of the height), the rest in rows below.
    below: dict[int, tuple[int, ...]] = {
        1: (),
        2: (1,),
        3: (2,),
        4: (3,),
        5: (2, 2),
        6: (2, 3),
    }
    rest = below[n]
    if not rest:
        return ((1.0, 1),)
    each = 0.55 / len(rest)
    return ((0.45, 1), *tuple((each, cols) for cols in rest))


def _single_rows(n: int, aspect: float) -> tuple[Row, ...]:
    if n != 1:
        raise ValueError("the full-page layout holds exactly one picture")
    return ((1.0, 1),)


COMIC_LAYOUTS: dict[str, Layout] = {
    layout.slug: layout
    for layout in (
        Layout(
            "grid",
            "Grid",
            "Rows of two panels; an odd last panel runs the full width.",
            _grid_rows,
        ),
        Layout(
            "strips",
            "Strips",
            "Wide cinematic panels stacked down the page (some paired on busy pages).",
            _strip_rows,
        ),
        Layout(
            "feature",
            "Feature",
            "A big establishing panel on top, the rest in rows beneath it.",
            _feature_rows,
        ),
    )
}
DEFAULT_LAYOUT = "grid"

PICTURE_BOOK_LAYOUT = Layout(
    "full-page",
    "Full page",
    "One illustration per page with the text in a band beneath it.",
    _single_rows,
)

#: Share of a picture-book page's height given to the illustration; the rest
#: is the caption band (see ``comics.lettering.letter_picture_book_page``).
PICTURE_BOOK_ART_FRACTION = 0.78


def get_layout(slug: str) -> Layout:
    """The comic layout or the picture-book layout called ``slug``; KeyError if none."""
    if slug == PICTURE_BOOK_LAYOUT.slug:
        return PICTURE_BOOK_LAYOUT
    try:
        return COMIC_LAYOUTS[slug]
    except KeyError:
        raise KeyError(f"unknown layout {slug!r}") from None


# --------------------------------------------------------------------------
# Pixels
# --------------------------------------------------------------------------


def default_margin(page_w: int, page_h: int) -> int:
    return max(1, round(0.04 * page_w))


def default_gutter(page_w: int, page_h: int) -> int:
    return max(1, round(0.02 * page_w))


def split_spans(start: int, length: int, weights: list[float], gap: int) -> list[tuple[int, int]]:
    """Cut ``length`` pixels from ``start`` into spans by ``weights``, ``gap`` apart.

    Cumulative rounding keeps the spans integer-exact: they always add up to
    ``length - gap * (len(weights) - 1)`` and never overlap.
    """
    usable = length - gap * (len(weights) - 1)
    if usable < len(weights):
        raise ValueError("page too small for this many panels with these margins")
    total = sum(weights)
    spans = []
    acc = 0.0
    prev_edge = 0
    for i, w in enumerate(weights):
        acc += w
        edge = usable if i == len(weights) - 1 else round(acc / total * usable)
        x0 = start + prev_edge + gap * i
        x1 = start + edge + gap * i
        spans.append((x0, x1))
        prev_edge = edge
    return spans


def panel_rects(
    layout: Layout,
    n_panels: int,
    page_w: int,
    page_h: int,
    *,
    margin: int | None = None,
    gutter: int | None = None,
) -> list[tuple[int, int, int, int]]:
    """Pixel rects ``(x0, y0, x1, y1)`` (x1/y1 exclusive) in reading order.

    Panels sit inside ``margin`` (default 4% of the width) and are separated
    by ``gutter`` pixels (default 2% of the width) both ways.
    """
    margin = default_margin(page_w, page_h) if margin is None else margin
    gutter = default_gutter(page_w, page_h) if gutter is None else gutter
    if margin < 0 or gutter < 0:
        raise ValueError("margin and gutter must not be negative")
    inner_w = page_w - 2 * margin
    inner_h = page_h - 2 * margin
    if inner_w <= 0 or inner_h <= 0:
        raise ValueError("margins leave no room for panels")
    plan = layout.row_plan(n_panels, inner_w / inner_h)
    rows = split_spans(margin, inner_h, [w for w, _ in plan], gutter)
    rects = []
    for (y0, y1), (_, cols) in zip(rows, plan, strict=True):
        for x0, x1 in split_spans(margin, inner_w, [1.0] * cols, gutter):
            rects.append((x0, y0, x1, y1))
    return rects


def picture_book_art_size(page_w: int, page_h: int) -> tuple[int, int]:
    """Pixel size of the illustration area on a picture-book page."""
    return page_w, round(page_h * PICTURE_BOOK_ART_FRACTION)


# --------------------------------------------------------------------------
# Art sizes
# --------------------------------------------------------------------------

ART_MULTIPLE = 64
ART_MIN_SIDE = 256
#: Aim for the requested long side unless the shape needs a neighbour.
_ASPECT_GOAL = 0.04


def _round_to(value: float, step: int) -> int:
    return max(step, round(value / step) * step)


def art_size_for(rect_w: int, rect_h: int, long_side: int = 1024) -> tuple[int, int]:
    """The ``(width, height)`` to ask an image backend for to fill a panel.

    Same shape as the panel, both sides multiples of 64 and at least 256.
    The longer side is ``long_side`` (rounded to 64) when that matches the
    panel's aspect ratio within 4%; otherwise the nearest long side (in steps
    of 64, at most a quarter away) that does is used. When the short side
    would fall under 256 (thin panels, or a small ``long_side`` such as 256
    in tests) the long side grows instead, up to twice ``long_side``, rather
    than distorting the shape. The letterer cover-crops whatever small
    difference remains.
    """
    if rect_w <= 0 or rect_h <= 0:
        raise ValueError("panel size must be positive")
    landscape = rect_w >= rect_h
    ratio = min(rect_w, rect_h) / max(rect_w, rect_h)  # short / long, 0 < r <= 1
    target = _round_to(max(long_side, ART_MIN_SIDE), ART_MULTIPLE)

    def candidate(long: int) -> tuple[float, int, int]:
        short = max(ART_MIN_SIDE, min(long, _round_to(long * ratio, ART_MULTIPLE)))
        return abs(short / long - ratio) / ratio, long, short

    if target * ratio < ART_MIN_SIDE:
        # Thin panel (or a small long_side): the short side can't go below
        # the minimum, so the long side grows (up to twice the target).
        first = max(target, _round_to(ART_MIN_SIDE / ratio, ART_MULTIPLE))
        longs = list(range(first, max(first, 2 * target) + 1, ART_MULTIPLE))
    else:
        span = max(1, target // (4 * ART_MULTIPLE))
        longs = [target + k * ART_MULTIPLE for k in range(-span, span + 1)]
        longs = [x for x in longs if x >= ART_MIN_SIDE]
    # Nearest to the target first; on a tie the smaller (cheaper) one.
    longs.sort(key=lambda x: (abs(x - target), x))
    cands = [candidate(x) for x in longs]
    good = [c for c in cands if c[0] <= _ASPECT_GOAL]
    _, long, short = good[0] if good else min(cands)
    return (long, short) if landscape else (short, long)
