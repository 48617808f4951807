"""Page geometry: sizes, layouts, panel rects and art sizes (no Django)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from comics.layouts import (
    COMIC_LAYOUTS,
    DEFAULT_LAYOUT,
    DEFAULT_PAGE_SIZE,
    PAGE_SIZES,
    PICTURE_BOOK_LAYOUT,
    PRINT_DPI,
    art_size_for,
    default_gutter,
    default_margin,
    get_layout,
    page_pixels,
    panel_rects,
    picture_book_art_size,
)

ALL_LAYOUTS = list(COMIC_LAYOUTS.values())
COUNTS = range(1, 7)
REPO = Path(__file__).resolve().parents[2]


def _cases():
    for slug, layout, n in itertools.product(PAGE_SIZES, ALL_LAYOUTS, COUNTS):
        yield pytest.param(slug, layout, n, id=f"{slug}-{layout.slug}-{n}")


# --------------------------------------------------------------------- pages


def test_page_pixels_at_print_dpi():
    assert PRINT_DPI == 150
    assert page_pixels("a4-portrait") == (1240, 1754)
    assert page_pixels("a4-landscape") == (1754, 1240)
    assert page_pixels("square") == (1240, 1240)
    assert page_pixels() == page_pixels(DEFAULT_PAGE_SIZE) == (1240, 1754)


def test_page_sizes_catalogue():
    assert DEFAULT_PAGE_SIZE == "a4-portrait"
    a4 = PAGE_SIZES["a4-portrait"]
    assert (a4.width_mm, a4.height_mm) == (210, 297)
    assert (PAGE_SIZES["a4-landscape"].width_mm, PAGE_SIZES["a4-landscape"].height_mm) == (297, 210)
    assert (PAGE_SIZES["square"].width_mm, PAGE_SIZES["square"].height_mm) == (210, 210)
    with pytest.raises(KeyError):
        page_pixels("letter")


def test_layout_catalogue():
    assert len(COMIC_LAYOUTS) >= 3
    assert DEFAULT_LAYOUT == "grid" and DEFAULT_LAYOUT in COMIC_LAYOUTS
    assert {"grid", "strips", "feature"} <= set(COMIC_LAYOUTS)
    for slug, layout in COMIC_LAYOUTS.items():
        assert layout.slug == slug and layout.name and layout.description
        assert get_layout(slug) is layout
    assert get_layout("full-page") is PICTURE_BOOK_LAYOUT
    with pytest.raises(KeyError):
        get_layout("nope")


def test_modules_do_not_import_django():
    code = (
        "import sys, comics.layouts, comics.lettering;"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


# --------------------------------------------------------------------- row plans


def _shares(plan):
    """Each row's share of the inner height, and its number of panels."""
    total = sum(weight for weight, _ in plan)
    return [(weight / total, cols) for weight, cols in plan]


@pytest.mark.parametrize("layout", [*ALL_LAYOUTS, PICTURE_BOOK_LAYOUT], ids=lambda layout: layout.slug)
@pytest.mark.parametrize("n", [0, 7])
def test_panel_count_out_of_range(layout, n):
    with pytest.raises(ValueError):
        panel_rects(layout, n, *page_pixels())


def test_picture_book_layout_is_one_full_page_panel():
    assert PICTURE_BOOK_LAYOUT.slug == "full-page"
    assert PICTURE_BOOK_LAYOUT.row_plan(1) == ((1.0, 1),)
    with pytest.raises(ValueError):
        PICTURE_BOOK_LAYOUT.row_plan(2)


def test_grid_is_rows_of_two_with_odd_last_panel_full_width():
    for n in (3, 4, 5, 6):
        plan = COMIC_LAYOUTS["grid"].row_plan(n)
        assert [cols for _, cols in plan] == [2] * (n // 2) + [1] * (n % 2)
        assert len({weight for weight, _ in plan}) == 1  # rows of equal height


def test_feature_has_a_big_establishing_panel_on_top():
    assert COMIC_LAYOUTS["feature"].row_plan(1) == ((1.0, 1),)
    for n in range(2, 7):
        (top_share, top_cols), *rest = _shares(COMIC_LAYOUTS["feature"].row_plan(n))
        assert top_cols == 1
        assert top_share == pytest.approx(0.45)
        if n >= 3:  # with two panels the lower one is just the rest of the page
            assert all(share / cols < top_share for share, cols in rest)


def test_strips_are_wide_and_not_slivers():
    assert all(cols == 1 for _, cols in COMIC_LAYOUTS["strips"].row_plan(3))
    for n in (5, 6):
        plan = COMIC_LAYOUTS["strips"].row_plan(n)
        assert all(1 <= cols <= 2 for _, cols in plan)
        assert len(plan) <= 4


# --------------------------------------------------------------------- rects


@pytest.mark.parametrize("page,layout,n", list(_cases()))
def test_panel_rects(page, layout, n):
    w, h = page_pixels(page)
    margin, gutter = default_margin(w, h), default_gutter(w, h)
    assert margin == round(0.04 * w) and gutter == round(0.02 * w)
    rects = panel_rects(layout, n, w, h)
    assert len(rects) == n
    for x0, y0, x1, y1 in rects:
        assert all(isinstance(v, int) for v in (x0, y0, x1, y1))
        # Inside the page and its margins.
        assert margin <= x0 < x1 <= w - margin
        assert margin <= y0 < y1 <= h - margin
        # Not a sliver: a real picture can be painted into it.
        pw, ph = x1 - x0, y1 - y0
        assert max(pw, ph) / min(pw, ph) <= 3.6
        assert min(pw, ph) >= 0.15 * min(w, h)
    # Never overlapping, and always a full gutter apart.
    for a, b in itertools.combinations(rects, 2):
        gap_x = max(b[0] - a[2], a[0] - b[2])
        gap_y = max(b[1] - a[3], a[1] - b[3])
        assert max(gap_x, gap_y) >= gutter, (a, b)
    # Reading order.
    assert rects == sorted(rects, key=lambda r: (r[1], r[0]))
    # The panels use the whole inner area (edges touch the margins).
    assert min(r[0] for r in rects) == margin and max(r[2] for r in rects) == w - margin
    assert min(r[1] for r in rects) == margin and max(r[3] for r in rects) == h - margin
    # Rows are tidy: panels that share a row share its top and bottom edges.
    for a, b in itertools.combinations(rects, 2):
        if a[1] < b[3] and b[1] < a[3]:
            assert (a[1], a[3]) == (b[1], b[3])


def test_panel_rects_custom_margin_and_gutter():
    rects = panel_rects(COMIC_LAYOUTS["grid"], 4, 1000, 1000, margin=10, gutter=20)
    assert rects == [(10, 10, 490, 490), (510, 10, 990, 490), (10, 510, 490, 990), (510, 510, 990, 990)]


def test_panel_rects_rejects_impossible_margins():
    with pytest.raises(ValueError):
        panel_rects(COMIC_LAYOUTS["grid"], 2, 100, 100, margin=60)


def test_equal_panels_in_a_row_differ_by_at_most_a_pixel():
    w, h = page_pixels("a4-portrait")
    rects = panel_rects(COMIC_LAYOUTS["feature"], 6, w, h)
    widths = [r[2] - r[0] for r in rects[3:]]
    assert max(widths) - min(widths) <= 1


def test_picture_book_art_size():
    assert picture_book_art_size(1240, 1754) == (1240, round(1754 * 0.78))


# --------------------------------------------------------------------- art sizes


def _check_art(rect_w, rect_h, long_side=1024):
    aw, ah = art_size_for(rect_w, rect_h, long_side)
    assert aw % 64 == 0 and ah % 64 == 0
    assert aw >= 256 and ah >= 256
    assert (aw >= ah) == (rect_w >= rect_h) or aw == ah
    error = abs(aw / ah - rect_w / rect_h) / (rect_w / rect_h)
    assert error <= 0.06, (rect_w, rect_h, aw, ah)
    return aw, ah


@pytest.mark.parametrize("page,layout,n", list(_cases()))
def test_art_sizes_match_every_panel(page, layout, n):
    w, h = page_pixels(page)
    for x0, y0, x1, y1 in panel_rects(layout, n, w, h):
        aw, ah = _check_art(x1 - x0, y1 - y0)
        # Long side stays close to the requested 1024 (bounded cost).
        assert 768 <= max(aw, ah) <= 2048


@pytest.mark.parametrize(
    "rect,expected",
    [
        ((1000, 1000), (1024, 1024)),
        ((1600, 900), (1024, 576)),
        ((900, 1600), (576, 1024)),
        ((800, 600), (1024, 768)),
        ((1140, 1654), (704, 1024)),
    ],
)
def test_common_shapes_get_long_side_exactly(rect, expected):
    assert art_size_for(*rect) == expected


def test_art_size_long_side_parameter_and_extremes():
    assert art_size_for(800, 600, long_side=768) == (768, 576)
    for rect_w in range(200, 4000, 37):
        for rect_h in (300, 517, 1000, 1754):
            if 0.25 <= rect_w / rect_h <= 4:
                _check_art(rect_w, rect_h)
    # Very thin panels keep the minimum short side rather than distort.
    aw, ah = art_size_for(1614, 249)
    assert ah == 256 and aw % 64 == 0 and abs(aw / ah - 1614 / 249) / (1614 / 249) <= 0.06
    with pytest.raises(ValueError):
        art_size_for(0, 100)
