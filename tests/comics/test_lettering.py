"""Lettering: what a reader would notice on the page (no Django)."""

from __future__ import annotations

import re

import pytest
from PIL import Image, ImageChops, ImageFont

from comics import lettering
from comics.layouts import COMIC_LAYOUTS, page_pixels, panel_rects
from comics.lettering import (
    BAND_FILL,
    BANNER_FILL,
    BOLD_FONT,
    CAPTION_FILL,
    MAX_BUBBLES,
    REGULAR_FONT,
    TITLE_INK,
    BubbleLayout,
    LetteringError,
    SpeechLine,
    compose_page,
    default_font_size,
    fit_art,
    letter_panel,
    letter_picture_book_page,
    load_font,
    make_cover,
    min_font_size,
    page_font_size,
    plan_bubble,
    plan_panel,
)

# A panel of a 2x2 grid on A4 portrait at 150 dpi.
PANEL = (558, 814)
ART_COLOUR = (70, 110, 160)  # a mid blue: neither white, dark, nor pale yellow
LONG_WORD = "Supercalifragilisticexpialidociousantidisestablishmentarians"
SPEECH_300 = (
    "I have told you a hundred times, and I will tell you a hundred more: the map is upside "
    "down, the river runs the other way, and the castle you keep pointing at is a very large "
    "cow standing very still in a field. Please, for the love of all that is crunchy, turn the "
    "map around before we walk into the sea."
)
assert len(LONG_WORD) == 60 and 290 <= len(SPEECH_300) <= 320


def flat_art(size=(640, 960), colour=ART_COLOUR):
    return Image.new("RGB", size, colour)


def _independent_width(path: str, size: int, line: str) -> float:
    # Measured straight from Pillow, not through the module's helpers (with
    # the basic layout engine the letterer draws with).
    font = ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)
    left, _, right, _ = font.getbbox(line)
    return max(font.getlength(line), right - min(0, left))


def assert_fits(lay: BubbleLayout, panel=PANEL, *, limit=None):
    """Every line fits the bubble's inner area; the bubble fits the panel."""
    assert lay.lines, "no lines"
    for line in lay.lines:
        assert _independent_width(lay.font_path, lay.font_size, line) <= lay.inner_w, line
    assert lay.text_w <= lay.inner_w
    ascent, descent = load_font(lay.font_path, lay.font_size).getmetrics()
    needed = len(lay.lines) * (ascent + descent) + (len(lay.lines) - 1) * lay.leading
    assert needed <= lay.text_h <= lay.inner_h
    assert lay.pad_x >= lay.outline and lay.pad_y >= lay.outline
    assert 0 < lay.width <= panel[0] and 0 < lay.height <= panel[1]
    if limit:
        assert lay.width <= limit[0] and lay.height <= limit[1]


def words_of(lay: BubbleLayout) -> str:
    """The lettered text with wrap hyphens taken out, to compare with the input."""
    joined = ""
    for line in lay.lines:
        if joined.endswith("-") and re.search(r"\w-$", joined) and not joined.endswith(" -"):
            joined = joined[:-1] + line  # a word broken across lines
        else:
            joined = f"{joined} {line}" if joined else line
    return joined


# Colour classes as per-channel (low, high) ranges, so pixel counts can be
# done with Pillow's own point()/histogram() rather than a Python loop.
WHITE = [(245, 255)] * 3
DARK = [(0, 90)] * 3
GREYISH_INK = [(0, 179)] * 3


def near(colour, tolerance=12):
    return [(c - tolerance, c + tolerance) for c in colour]


def matches(px, ranges) -> bool:
    return all(lo <= v <= hi for v, (lo, hi) in zip(px, ranges, strict=True))


def mask_of(img: Image.Image, box, ranges) -> Image.Image:
    region = img.crop(box).convert("RGB")
    mask = None
    for band, (lo, hi) in zip(region.split(), ranges, strict=True):
        m = band.point([255 if lo <= v <= hi else 0 for v in range(256)])
        mask = m if mask is None else ImageChops.darker(mask, m)
    return mask


def count(img: Image.Image, box, ranges) -> int:
    """How many pixels in ``box`` fall in the colour class ``ranges``."""
    return mask_of(img, box, ranges).histogram()[255]


# --------------------------------------------------------------------- fonts


def test_fonts_are_vendored_and_cached():
    assert load_font(BOLD_FONT, 20) is load_font(BOLD_FONT, 20)
    assert load_font(REGULAR_FONT, 20) is not load_font(BOLD_FONT, 20)
    assert load_font(BOLD_FONT, 20).getname()[0].startswith("Comic Neue")


def test_text_is_sized_for_print():
    # A4 at 150 dpi: 9 pt is 18.75 px, so the floor is 19 px; body text is 11 pt.
    assert page_font_size(*page_pixels("a4-portrait")) == 23
    assert default_font_size(PANEL) >= 19
    assert min_font_size(PANEL) == 19
    assert min_font_size((400, 300)) == 19
    assert min_font_size((600, 1200)) == round(0.022 * 1200)


# --------------------------------------------------------------------- plan_bubble


def test_short_text_one_line_at_full_size():
    lay = plan_bubble("Did you hear that?", max_width=300, max_height=200, panel_size=PANEL)
    assert lay.lines == ["Did you hear that?"]
    assert lay.font_size == default_font_size(PANEL)
    assert not lay.squeezed
    assert_fits(lay, limit=(300, 200))


def test_300_char_speech_wraps_inside_the_bubble():
    lay = plan_bubble(SPEECH_300, max_width=330, max_height=300, panel_size=PANEL)
    assert len(lay.lines) >= 5
    assert_fits(lay, limit=(330, 300))
    assert words_of(lay) == SPEECH_300
    assert lay.font_size >= lay.min_font_size


def test_lines_are_balanced_not_a_long_line_over_a_stub():
    lay = plan_bubble(SPEECH_300, max_width=330, max_height=400, panel_size=PANEL)
    widths = lay.line_widths
    # All but the last line use most of the measure.
    assert min(widths[:-1]) >= 0.7 * max(widths)


@pytest.mark.parametrize("max_width", [120, 200, 330])
def test_a_60_char_word_is_broken_never_overflows(max_width):
    text = f"Say it: {LONG_WORD}!"
    lay = plan_bubble(text, max_width=max_width, max_height=400, panel_size=PANEL)
    assert_fits(lay, limit=(max_width, 400))
    assert len(lay.lines) >= 3
    assert any(line.endswith("-") for line in lay.lines)
    assert words_of(lay) == text  # nothing lost, nothing clipped


def test_short_words_are_not_hyphenated_in_a_narrow_bubble():
    lay = plan_bubble("Wait for me, everyone!", max_width=110, max_height=300, panel_size=PANEL)
    assert_fits(lay, limit=(PANEL[0], 300))
    assert not any(line.endswith("-") for line in lay.lines)
    assert words_of(lay) == "Wait for me, everyone!"


def test_font_shrinks_as_text_grows_but_never_below_minimum():
    sizes = []
    for n in (1, 3, 6, 10, 16):
        text = " ".join([SPEECH_300] * (n // 3 + 1))[: n * 60]
        lay = plan_bubble(text, max_width=330, max_height=250, panel_size=PANEL)
        assert_fits(lay)
        sizes.append(lay.font_size)
        assert lay.font_size >= min_font_size(PANEL)
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > sizes[-1]  # it did shrink
    assert sizes[-1] == min_font_size(PANEL)


def test_very_long_speech_hits_minimum_then_bubble_grows_inside_panel():
    text = " ".join([SPEECH_300] * 3)
    lay = plan_bubble(text, max_width=250, max_height=200, panel_size=PANEL)
    assert lay.font_size == lay.min_font_size == min_font_size(PANEL)
    assert lay.width > 250 or lay.height > 200  # grew past the preferred size
    assert not lay.squeezed
    assert_fits(lay)
    edge = round(0.03 * min(PANEL))
    assert lay.width <= PANEL[0] - 2 * edge and lay.height <= PANEL[1] - 2 * edge
    assert words_of(lay) == text


def test_impossible_text_is_squeezed_or_refused_never_clipped():
    text = " ".join([SPEECH_300] * 12)  # ~3,600 characters
    try:
        lay = plan_bubble(text, max_width=200, max_height=150, panel_size=(300, 250))
    except LetteringError:
        return
    assert lay.squeezed and lay.font_size < lay.min_font_size
    assert_fits(lay, panel=(300, 250))
    assert words_of(lay) == text


def test_plan_bubble_rejects_empty_text():
    with pytest.raises(ValueError):
        plan_bubble("   ", max_width=200, max_height=200, panel_size=PANEL)


def test_bubble_corners_never_cut_into_the_text():
    lay = plan_bubble("Hi!", max_width=300, max_height=200, panel_size=PANEL)
    # The text area's corner lies inside the corner arc.
    r, px, py = lay.radius, lay.pad_x, lay.pad_y
    assert (r - px) ** 2 + (r - py) ** 2 <= r**2 or (px >= r and py >= r)


# --------------------------------------------------------------------- fit_art


def test_fit_art_cover_crops_from_the_centre():
    art = Image.new("RGB", (300, 100), (255, 0, 0))
    art.paste((0, 255, 0), (100, 0, 200, 100))  # green middle third
    out = fit_art(art, (50, 50))
    assert out.size == (50, 50) and out.mode == "RGB"
    assert out.getpixel((25, 25))[1] > 200 and out.getpixel((2, 25))[1] > 200  # only the middle survives
    rgba = fit_art(Image.new("RGBA", (10, 10), (0, 0, 0, 0)), (20, 30))
    assert rgba.mode == "RGB" and rgba.size == (20, 30) and rgba.getpixel((5, 5)) == (255, 255, 255)


# --------------------------------------------------------------------- panels


def two_speakers():
    return [
        SpeechLine("Mia", "Did you hear that?", 0.25),
        SpeechLine("Otto", "Hear what? I only hear my tummy rumbling.", 0.75),
    ]


def test_lettered_panel_has_white_bubbles_with_dark_text():
    plan = plan_panel(PANEL, lines=two_speakers())
    img = letter_panel(flat_art(), size=PANEL, lines=two_speakers())
    assert img.size == PANEL and img.mode == "RGB"
    # White bubbles near the top of the panel.
    assert count(img, (0, 0, PANEL[0], PANEL[1] // 3), WHITE) > 5000
    assert count(img, (0, PANEL[1] // 2, PANEL[0], PANEL[1]), WHITE) == 0
    for b in plan.bubbles:
        lay, (x0, y0, x1, y1) = b.layout, b.box
        assert y1 < PANEL[1] / 2
        inner = (x0 + lay.pad_x, y0 + lay.pad_y, x1 - lay.pad_x, y1 - lay.pad_y)
        assert count(img, inner, DARK) > 100, "no text inside the bubble"
        assert count(img, inner, WHITE) > count(img, inner, DARK)


def test_text_pixels_stay_inside_their_bubbles():
    lines = [SpeechLine("Otto", f"{LONG_WORD} {SPEECH_300}", 0.7)]
    plan = plan_panel(PANEL, lines=lines)
    img = letter_panel(flat_art(), size=PANEL, lines=lines)
    (b,) = plan.bubbles
    x0, y0, x1, y1 = b.box
    o = b.layout.outline + 1
    # Inside the outline ring there is only paper and ink, no art showing through.
    r = b.layout.radius
    for inner in [(x0 + r, y0 + o, x1 - r, y1 - o), (x0 + o, y0 + r, x1 - o, y1 - r)]:
        assert count(img, inner, near(ART_COLOUR, 30)) == 0
    # Ink hugging the text lines only: none in the padding band at the top.
    band = (x0 + b.layout.radius, y0 + o + 1, x1 - b.layout.radius, y0 + b.layout.pad_y // 2)
    assert count(img, band, DARK) == 0


@pytest.mark.parametrize("anchor,side", [(0.85, "right"), (0.15, "left")])
def test_tail_points_towards_the_speaker(anchor, side):
    lines = [SpeechLine("Mia", "Over here!", anchor)]
    plan = plan_panel(PANEL, lines=lines)
    (b,) = plan.bubbles
    tip_x, tip_y = b.tip
    assert tip_y > b.box[3]  # below the bubble
    if side == "right":
        assert tip_x > b.centre_x
    else:
        assert tip_x < b.centre_x
    # And on the page: the white tail pixels under the bubble sit on that side.
    img = letter_panel(flat_art(), size=PANEL, lines=lines)
    below = (0, b.box[3] + 3, PANEL[0], int(tip_y) - 2)
    mask = mask_of(img, below, WHITE)
    columns = [mask.crop((x, 0, x + 1, mask.height)).histogram()[255] for x in range(mask.width)]
    assert sum(columns) > 50, "no tail drawn"
    mean_x = below[0] + sum(x * n for x, n in enumerate(columns)) / sum(columns)
    assert (mean_x > b.centre_x) if side == "right" else (mean_x < b.centre_x)


def test_tail_without_anchor_leans_to_the_bubbles_own_side():
    plan = plan_panel(PANEL, lines=[SpeechLine("Narrator?", "Hello.", None)])
    (b,) = plan.bubbles
    side = -1 if b.centre_x < PANEL[0] / 2 else 1
    assert (b.tip[0] - b.centre_x) * side > 0


def test_bubbles_in_reading_order_without_overlaps():
    lines = [
        SpeechLine("A", "Stay close.", 0.15),
        SpeechLine("B", "I am close!", 0.5),
        SpeechLine("C", "Who goes there? Speak up or I shall set the geese on you.", 0.85),
    ]
    plan = plan_panel(PANEL, lines=lines, caption="A shadow moves between the trees.")
    boxes = [b.box for b in plan.bubbles]
    assert [b.line.speaker for b in plan.bubbles] == ["A", "B", "C"]
    assert [x0 for x0, *_ in boxes] == sorted(x0 for x0, *_ in boxes)  # left to right
    assert [y0 for _, y0, *_ in boxes] == sorted(y0 for _, y0, *_ in boxes)  # first is highest
    rects = [*boxes, plan.caption.box]
    for i, a in enumerate(rects):
        assert 0 <= a[0] < a[2] <= PANEL[0] and 0 <= a[1] < a[3] <= PANEL[1]
        for b in rects[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # Tails stay inside the panel and out of the other bubbles.
    for bubble in plan.bubbles:
        for x, y in bubble.tail:
            assert 0 <= x <= PANEL[0] and 0 <= y <= PANEL[1]
        tip_x, tip_y = bubble.tip
        for other in boxes:
            if other != bubble.box:
                assert not (other[0] <= tip_x <= other[2] and other[1] <= tip_y <= other[3])


def test_same_speaker_lines_merge_and_too_many_bubbles_are_refused():
    plan = plan_panel(PANEL, lines=[SpeechLine("A", "One."), SpeechLine("A", "Two."), SpeechLine("B", "Three.")])
    assert [b.line.text for b in plan.bubbles] == ["One. Two.", "Three."]
    many = [SpeechLine(str(i), "Hi!") for i in range(MAX_BUBBLES + 1)]
    with pytest.raises(LetteringError):
        plan_panel(PANEL, lines=many)


def test_caption_box_only_when_there_is_a_caption():
    pale_yellow = near(CAPTION_FILL, 6)
    with_caption = letter_panel(flat_art(), size=PANEL, lines=two_speakers(), caption="Meanwhile...")
    without = letter_panel(flat_art(), size=PANEL, lines=two_speakers())
    assert count(with_caption, (0, 0, PANEL[0], PANEL[1] // 4), pale_yellow) > 1500
    assert count(without, (0, 0, *PANEL), pale_yellow) == 0
    plan = plan_panel(PANEL, lines=two_speakers(), caption="Meanwhile...")
    x0, y0, _x1, y1 = plan.caption.box
    assert x0 < PANEL[0] / 4 and y0 < PANEL[1] / 10  # top-left
    assert all(b.box[1] >= y1 for b in plan.bubbles)  # bubbles below it


def test_sound_effect_is_big_bright_low_and_clear_of_the_words():
    lines = two_speakers()
    plan = plan_panel(PANEL, lines=lines, caption="Then...", sfx="crash!", seed=3)
    sfx = plan.sfx
    assert sfx is not None and sfx.text == "CRASH!"
    assert sfx.font_size >= 3 * plan.bubbles[0].layout.font_size
    assert 4 <= abs(sfx.angle) <= 12
    x0, y0, x1, y1 = sfx.box
    assert (y0 + y1) / 2 > PANEL[1] / 2 and 0 <= x0 < x1 <= PANEL[0] and y1 <= PANEL[1]
    for other in [plan.caption.box, *(b.box for b in plan.bubbles)]:
        assert x1 <= other[0] or other[2] <= x0 or y1 <= other[1] or other[3] <= y0
    img = letter_panel(flat_art(), size=PANEL, lines=lines, caption="Then...", sfx="crash!", seed=3)
    assert count(img, sfx.box, near(sfx.colour, 20)) > 2000
    plain = letter_panel(flat_art(), size=PANEL, lines=lines, caption="Then...", seed=3)
    assert count(plain, sfx.box, near(sfx.colour, 20)) == 0


def test_lettering_is_deterministic():
    kwargs = dict(size=PANEL, lines=two_speakers(), caption="Later.", sfx="pop", seed=7)
    a = letter_panel(flat_art(), **kwargs)
    b = letter_panel(flat_art(), **kwargs)
    assert a.tobytes() == b.tobytes()


def test_worst_case_script_text_letters_in_small_panels():
    # The script allows 3 lines of 240 characters and a 500-character caption.
    text = (SPEECH_300 * 2)[:240]
    lines = [SpeechLine(str(i), text, (i + 0.5) / 3) for i in range(3)]
    for size in [(363, 300), (515, 283), (558, 395)]:
        plan = plan_panel(size, lines=lines, caption=(SPEECH_300 * 2)[:500], sfx="kaboom")
        boxes = [plan.caption.box] + [b.box for b in plan.bubbles]
        for x0, y0, x1, y1 in boxes:
            assert 0 <= x0 < x1 <= size[0] and 0 <= y0 < y1 <= size[1]
        for b in plan.bubbles:
            assert_fits(b.layout, panel=size)
            assert words_of(b.layout) == text


# --------------------------------------------------------------------- pages


def test_compose_page_frames_every_panel():
    page = page_pixels("a4-portrait")
    rects = panel_rects(COMIC_LAYOUTS["grid"], 4, *page)
    colours = [(200, 60, 60), (60, 160, 60), (60, 60, 200), (200, 200, 60)]
    panels = [Image.new("RGB", (x1 - x0, y1 - y0), c) for (x0, y0, x1, y1), c in zip(rects, colours, strict=True)]
    out = compose_page(panels, rects, page)
    assert out.size == page and out.mode == "RGB"
    border = lettering.page_border(page[0])
    assert border == 5
    for (x0, y0, x1, y1), colour in zip(rects, colours, strict=True):
        mx, my = (x0 + x1) // 2, (y0 + y1) // 2
        assert out.getpixel((mx, my)) == colour
        for edge in [(x0 + 1, my), (x1 - 2, my), (mx, y0 + 1), (mx, y1 - 2)]:
            assert matches(out.getpixel(edge), DARK), edge
        assert out.getpixel((x0 + border + 1, my)) == colour
    # Gutters and margins stay paper-white.
    assert out.getpixel((rects[0][2] + 3, rects[0][1] + 50)) == (255, 255, 255)
    assert out.getpixel((5, 5)) == (255, 255, 255)


def test_compose_page_fits_panels_of_the_wrong_size():
    out = compose_page([Image.new("RGB", (10, 10), (9, 200, 9))], [(20, 20, 120, 220)], (140, 240), border=0)
    assert out.getpixel((70, 120)) == (9, 200, 9) and out.getpixel((10, 10)) == (255, 255, 255)


def test_picture_book_page_has_art_and_caption_band():
    page = page_pixels("a4-portrait")
    caption = "Mia and Otto walked into the woods, where the trees whispered secrets."
    out = letter_picture_book_page(flat_art((1024, 768)), page_size=page, caption=caption, page_number=3)
    w, h = page
    assert out.size == page and out.mode == "RGB"
    art_h = round(h * 0.78)
    assert out.getpixel((w // 2, art_h // 2)) == ART_COLOUR
    assert count(out, (0, 0, w, art_h - 2), DARK) == 0  # no words over the picture
    band = (0, art_h + 4, w, h)
    assert count(out, band, near(BAND_FILL, 4)) > 0.8 * w * (h - art_h - 4)
    assert count(out, (0, art_h + 4, w, h - round(0.04 * h)), DARK) > 2000  # caption text
    # A small page number at the foot.
    assert count(out, (w // 2 - 40, h - round(0.04 * h), w // 2 + 40, h), GREYISH_INK) > 20


def test_picture_book_long_caption_grows_the_band_not_overflows():
    page = (1240, 1754)
    caption = " ".join([SPEECH_300] * 4)
    out = letter_picture_book_page(flat_art(), page_size=page, caption=caption, page_number=9)
    art_rows = [y for y in range(0, page[1], 4) if out.getpixel((5, y)) == ART_COLOUR]
    assert max(art_rows) < round(page[1] * 0.78)  # band took more room
    assert max(art_rows) > page[1] * 0.5  # but the picture still leads


def test_cover_has_title_banner_and_byline():
    page = page_pixels("a4-portrait")
    w, h = page
    out = make_cover(flat_art((768, 1024)), page_size=page, title="Mia and Otto", byline="by Sam")
    assert out.size == page and out.mode == "RGB"
    top = (0, 0, w, round(0.3 * h))
    assert count(out, top, near(BANNER_FILL, 6)) > 0.1 * w * 0.3 * h
    assert count(out, top, near(TITLE_INK, 40)) > 3000
    foot = (0, round(0.85 * h), w, h)
    assert count(out, foot, DARK) > 300  # byline text
    bare = make_cover(flat_art((768, 1024)), page_size=page, title="Mia and Otto")
    assert count(bare, foot, DARK) == 0
    assert out.getpixel((w // 2, h // 2)) == ART_COLOUR  # art full-bleed


def test_cover_title_shrinks_and_wraps_to_fit():
    page = page_pixels("square")
    title = "The Extraordinarily Long and Somewhat Complicated Adventures of Captain Pumpernickel"
    out = make_cover(flat_art(), page_size=page, title=title)
    y = round(0.06 * page[1]) + 30
    banner_cols = [x for x in range(page[0]) if matches(out.getpixel((x, y)), near(BANNER_FILL, 6))]
    assert banner_cols and min(banner_cols) > 0 and max(banner_cols) < page[0] - 1


def test_characters_the_font_lacks_are_not_drawn_as_boxes():
    assert lettering.printable_text("Ciao! Ağa 😀 “quoted” — café…") == "Ciao! Aga “quoted” — café…"
    plan = plan_panel(PANEL, lines=[SpeechLine("A", "😀😀"), SpeechLine("B", "Yay 🎉!")], caption="★", sfx="✓")
    assert [b.line.text for b in plan.bubbles] == ["Yay!"]
    assert plan.caption is None and plan.sfx is None
    cover = make_cover(flat_art(), page_size=(400, 566), title="🐉")
    assert count(cover, (0, 0, 400, 566), near(BANNER_FILL, 6)) == 0  # no empty banner


def test_missing_text_values_are_tolerated():
    plan = plan_panel(PANEL, lines=[SpeechLine("A", None)], caption=None, sfx=None)
    assert plan.bubbles == [] and plan.caption is None and plan.sfx is None


# --- Tails after an author's edits ---------------------------------------------------------


def test_a_line_for_someone_not_in_the_picture_points_off_the_panel_not_at_who_is_there():
    from comics.bookbinding import speech_lines
    from comics.models import Panel

    panel = Panel(
        subjects=[{"name": "Ember", "x": 0.3}],
        dialogue=[{"speaker": "Ember", "text": "Tea?"}, {"speaker": "Bramwell", "text": "Yes, please!"}],
    )
    size = (560, 800)
    plan = lettering.plan_panel(size, lines=speech_lines(panel))

    ember, bramwell = plan.bubbles
    assert abs(ember.tip[0] - 0.3 * size[0]) < 0.12 * size[0], "Ember's tail points at Ember"
    assert bramwell.tip[0] > 0.6 * size[0], "Bramwell, who is not painted, speaks from the edge away from Ember"
    # Alone in the panel's words, and put where the author wanted it: still not at Ember.
    alone = Panel(subjects=panel.subjects, dialogue=panel.dialogue[1:])
    for places in ((), ({"x": 0.1, "y": 0.1, "w": 0.5, "h": 0.15},)):
        (bubble,) = lettering.plan_panel(size, lines=speech_lines(alone), places=places).bubbles
        assert bubble.tip[0] > (bubble.box[0] + bubble.box[2]) / 2, "its tail leans away from Ember"
    # Nobody painted at all: no one to point away from, the tail is neutral.
    assert speech_lines(Panel(subjects=[], dialogue=panel.dialogue))[1].anchor_x is None


def test_a_bubble_put_at_the_foot_of_the_panel_keeps_a_tail_pointing_up_at_its_speaker():
    size = (560, 800)
    line = lettering.SpeechLine("Bramwell", "Over here, everyone!", anchor_x=0.25)
    place = {"x": 0.45, "y": 0.78, "w": 0.5, "h": 0.19}  # the bottom right, down to the margin

    (bubble,) = lettering.plan_panel(size, lines=[line], places=[place]).bubbles

    assert bubble.tail is not None, "it still says who is talking"
    assert bubble.tip[1] < bubble.box[1], "from its top edge, since there is no room below"
    assert bubble.tip[0] < (bubble.box[0] + bubble.box[2]) / 2, "leaning towards Bramwell, on the left"
