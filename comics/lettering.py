"""Lettering: speech bubbles, captions, sound effects, pages and covers.

The image backend paints panel art with no text at all; this module letters
it once with Pillow and the vendored Comic Neue fonts (SIL OFL):

* :func:`plan_bubble` wraps and sizes one piece of text. It is pure geometry
  (no drawing), so its rules can be checked directly: words wrap to the
  width, an over-long word is hyphenated, the type shrinks step by step to a
  readable minimum, then the bubble grows (up to its limit, never past the
  panel). Text is never clipped and never drawn outside its box.
* :func:`plan_panel` places a caption, up to :data:`MAX_BUBBLES` bubbles with
  tails pointing at their speakers, and a sound effect; :func:`letter_panel`
  draws that plan over the art.
* :func:`compose_page`, :func:`letter_picture_book_page` and
  :func:`make_cover` build whole pages.

Everything is deterministic (same inputs and ``seed`` -> same pixels) and
returns RGB images. No Django imports.
"""

from __future__ import annotations

import functools
import math
import random
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .layouts import PRINT_DPI, split_spans

# --------------------------------------------------------------------------
# Fonts and colours
# --------------------------------------------------------------------------

FONT_DIR = Path(__file__).resolve().parent / "fonts"
BOLD_FONT = str(FONT_DIR / "ComicNeue-Bold.otf")
REGULAR_FONT = str(FONT_DIR / "ComicNeue-Regular.otf")

INK = (24, 24, 28)
BUBBLE_FILL = (255, 255, 255)
CAPTION_FILL = (255, 243, 176)  # pale yellow
BAND_FILL = (255, 251, 240)  # warm paper for picture-book text
BANNER_FILL = (255, 248, 226)
TITLE_INK = (176, 28, 46)
PAGE_NUMBER_INK = (110, 110, 110)
SFX_COLOURS = (
    (255, 214, 0),  # yellow
    (255, 122, 0),  # orange
    (255, 59, 48),  # red
    (0, 200, 255),  # cyan
    (120, 230, 40),  # lime
    (255, 64, 160),  # pink
)

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class LetteringColours:
    """The colours a style letters in, beyond the black ink on white bubbles.

    A black-and-white style letters in greys, so sound effects, captions and
    the cover's title don't bring colour into pages drawn without any.
    """

    sfx: tuple[RGB, ...] = SFX_COLOURS
    caption_fill: RGB = CAPTION_FILL
    band_fill: RGB = BAND_FILL  # picture-book text band
    banner_fill: RGB = BANNER_FILL  # the cover's title banner
    title_ink: RGB = TITLE_INK


DEFAULT_COLOURS = LetteringColours()

#: Most bubbles one panel takes (extra same-speaker lines are merged first).
MAX_BUBBLES = 3
#: Smallest type ever used, and only when text cannot fit a whole panel at
#: the readable minimum (the layout is then flagged ``squeezed``).
ABSOLUTE_MIN_FONT = 8
#: Words at least this long may be hyphenated to keep a bubble its size;
#: shorter ones break only when nothing else fits.
HYPHENATE_FROM = 12
#: Smallest body text on a printed page, in points: what a comic reads at
#: in print, and what a phone's guided view then enlarges comfortably.
MIN_PRINT_PT = 9
#: The same minimum in pixels at the page's print resolution (19 px at 150 dpi).
MIN_READABLE_PX = math.ceil(MIN_PRINT_PT / 72 * PRINT_DPI)
#: Shapes are drawn this many times larger and downsampled (anti-aliasing).
SUPERSAMPLE = 2


class LetteringError(ValueError):
    """Text cannot be lettered legibly in the space given."""


@functools.lru_cache(maxsize=512)
def load_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """The font at ``path`` in ``size`` px, cached on ``(path, size)``.

    The basic layout engine is used on purpose: it is always available, so
    text measures (and wraps) the same on every machine.
    """
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


@functools.lru_cache(maxsize=65536)
def _measure(path: str, size: int, text: str) -> tuple[int, int]:
    """``(width, x_offset)`` of ``text``'s ink-and-advance box.

    Drawing at ``x - x_offset`` (anchor "la") keeps every pixel of the line
    within ``[x, x + width]``.
    """
    if not text:
        return 0, 0
    font = load_font(path, size)
    left, _, right, _ = font.getbbox(text, anchor="la")
    lo = min(0, left)
    hi = max(math.ceil(font.getlength(text)), right)
    return hi - lo, lo


@functools.lru_cache(maxsize=4096)
def _has_glyph(path: str, char: str) -> bool:
    if char.isspace():
        return True
    font = load_font(path, 32)
    return bytes(font.getmask(char)) != bytes(font.getmask("\ue000"))  # vs. the "missing" box


def printable_text(text: str, path: str = BOLD_FONT) -> str:
    """``text`` with characters the font can't draw replaced, not shown as boxes.

    Accented letters the font lacks lose their accent (ğ -> g); anything
    else it lacks (emoji, CJK, symbols) is dropped.
    """
    out = []
    for char in text:
        if _has_glyph(path, char):
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append("".join(c for c in base if _has_glyph(path, c)) or _DROPPED)
    printable = "".join(out)
    if _DROPPED not in printable:
        return printable
    # "find the 宝物 treasure 🔑." reads "find the treasure.", not "find the  treasure ."
    return _AROUND_DROPPED.sub(lambda gap: _close_gap(gap, printable), printable)


_DROPPED = "\x00"
_AROUND_DROPPED = re.compile(r"[ \x00]*\x00[ \x00]*")


def _close_gap(gap: re.Match, text: str) -> str:
    at_edge = gap.start() == 0 or gap.end() == len(text) or text[gap.end()] in ".,!?;:…)»”"
    return "" if at_edge or " " not in gap.group() else " "


def unlettered(text: str, path: str = BOLD_FONT) -> str:
    """The distinct characters of ``text`` the lettering cannot draw, in order of appearance.

    A character counts when the font can draw neither it nor all of its
    NFKD base letters: "ğ", lettered as "g", is not reported; "宝" and "🔑"
    are. Marks and invisible characters (accents, emoji variation selectors,
    joiners, direction marks) are not reported on their own: the letters
    they belong to are. Cheap enough for every line: each character's
    verdict is cached.
    """
    seen: dict[str, None] = {}
    for char in text:
        if char not in seen and not _is_lettered(path, char):
            seen[char] = None
    return "".join(seen)


@functools.lru_cache(maxsize=8192)
def _is_lettered(path: str, char: str) -> bool:
    # Marks (accents, variation selectors) the font lacks are left off, as
    # printable_text leaves off ğ's accent; format and control characters are invisible.
    if _has_glyph(path, char) or unicodedata.category(char) in ("Mn", "Me", "Cc", "Cf"):
        return True
    base = [c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)]
    return all(_has_glyph(path, c) for c in base)


def text_width(path: str, size: int, text: str) -> int:
    """Pixels ``text`` needs in font ``path`` at ``size`` (ink and advance)."""
    return _measure(path, size, text)[0]


def line_metrics(path: str, size: int) -> tuple[int, int]:
    """``(line_height, leading)`` in px: ascender-to-descender, then extra gap."""
    ascent, descent = load_font(path, size).getmetrics()
    return ascent + descent, max(0, round(size * 0.04))


# --------------------------------------------------------------------------
# Wrapping
# --------------------------------------------------------------------------


def _break_word(word: str, path: str, size: int, max_w: int) -> list[str]:
    """Split an over-long word into hyphenated pieces that each fit ``max_w``."""
    pieces: list[str] = []
    rest = word
    while len(rest) > 1 and text_width(path, size, rest) > max_w:
        # Longest prefix that fits with its hyphen.
        lo, hi, best = 1, len(rest) - 1, 0
        while lo <= hi:
            mid = (lo + hi) // 2
            head = rest[:mid]
            if text_width(path, size, head if head.endswith("-") else head + "-") <= max_w:
                best, lo = mid, mid + 1
            else:
                hi = mid - 1
        if best == 0:
            # Not even one letter and a hyphen fit: hard-split one letter.
            pieces.append(rest[:1])
            rest = rest[1:]
            continue
        dash = rest.rfind("-", 0, best)
        if dash >= 1:
            best = dash + 1  # break at a hyphen already in the word
        elif best >= 6 and len(rest) - best < 3:
            best = len(rest) - 3  # don't strand one or two letters
        head = rest[:best]
        pieces.append(head if head.endswith("-") else head + "-")
        rest = rest[best:]
    pieces.append(rest)
    return pieces


def wrap_text(text: str, path: str, size: int, max_w: int) -> list[str]:
    """Greedy word wrap to ``max_w`` px; explicit newlines are kept.

    A word wider than ``max_w`` is hyphenated across lines so no line is
    wider than ``max_w`` (unless a single glyph is).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}" if current else word
            if text_width(path, size, trial) <= max_w:
                current = trial
                continue
            if current:
                lines.append(current)
                current = ""
            if text_width(path, size, word) <= max_w:
                current = word
            else:
                *heads, current = _break_word(word, path, size, max_w)
                lines.extend(heads)
        if current or not lines or paragraph.strip() == "":
            lines.append(current)
    # Drop empty lines at the ends (blank leading/trailing newlines).
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def wrap_balanced(text: str, path: str, size: int, max_w: int) -> list[str]:
    """Wrap to ``max_w``, then narrow the measure while the line count holds.

    This gives even, centred blocks instead of a long line over a stub.
    """
    lines = wrap_text(text, path, size, max_w)
    if len(lines) < 2 or "\n" in text.strip():
        return lines
    # Never narrow past a word that fits whole (that would add hyphens);
    # words too long for any line are re-broken into even pieces.
    whole = [text_width(path, size, w) for w in text.split()]
    widest_word = max([w for w in whole if w <= max_w], default=1)
    lo, hi = widest_word, max_w
    best = lines
    while lo < hi:
        mid = (lo + hi) // 2
        trial = wrap_text(text, path, size, mid)
        if len(trial) <= len(lines):
            best, hi = trial, mid
        else:
            lo = mid + 1
    return best


# --------------------------------------------------------------------------
# Planning one text box
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    font: str
    pad_x: float  # padding, in ems, from the box edge to the text
    pad_y: float
    outline: float  # border width in ems (0 = none)
    rounded: bool  # True: as round as the padding allows; False: square
    min_aspect: float  # width >= min_aspect * height


KINDS: dict[str, _Kind] = {
    "bubble": _Kind(BOLD_FONT, 0.95, 0.62, 0.12, True, 1.25),
    "caption": _Kind(REGULAR_FONT, 0.55, 0.42, 0.10, False, 0.0),
    "plain": _Kind(REGULAR_FONT, 0.0, 0.0, 0.0, False, 0.0),
    "banner": _Kind(BOLD_FONT, 0.6, 0.28, 0.07, True, 0.0),
    "byline": _Kind(REGULAR_FONT, 0.8, 0.3, 0.0, True, 0.0),
}


@dataclass(frozen=True)
class BubbleLayout:
    """Where the text goes inside one bubble/box, relative to the box.

    ``width``/``height`` are the box's outer size (outline included). The
    text block (``text_w`` x ``text_h``) sits centred in the inner area,
    which is the box minus ``pad_x``/``pad_y`` on each side; the rounded
    corners (``radius``) are chosen so they never cut into that area.
    """

    kind: str
    font_path: str
    font_size: int
    lines: list[str]
    line_widths: list[int]
    line_height: int
    leading: int
    text_w: int
    text_h: int
    pad_x: int
    pad_y: int
    width: int
    height: int
    radius: int
    outline: int
    min_font_size: int
    #: True only if the text could not fit the limit even at the minimum
    #: size, so a smaller-than-readable size was used (never clipping).
    squeezed: bool = False

    @property
    def inner_w(self) -> int:
        return self.width - 2 * self.pad_x

    @property
    def inner_h(self) -> int:
        return self.height - 2 * self.pad_y

    @property
    def font(self) -> ImageFont.FreeTypeFont:
        return load_font(self.font_path, self.font_size)


def default_font_size(panel_size: tuple[int, int]) -> int:
    """Body size for bubbles in a panel of ``panel_size`` px."""
    w, h = panel_size
    return max(min_font_size(panel_size), round(min(0.03 * math.sqrt(w * h), 0.045 * min(w, h))))


def min_font_size(panel_size: tuple[int, int]) -> int:
    """Readable minimum: 9 pt in print or 2.2% of the panel height, whichever is more."""
    return max(MIN_READABLE_PX, round(0.022 * panel_size[1]))


def page_font_size(page_w: int, page_h: int) -> int:
    """A body size for every panel of one page, so all panels read alike.

    About 23 px on A4 at 150 dpi (11 pt; captions 10 pt): comfortable in
    print, and large enough that a panel filling a phone's width reads at
    about 15 CSS px. Pass it to ``letter_panel``.
    """
    return max(MIN_READABLE_PX, round(0.0156 * math.sqrt(page_w * page_h)))


def _corner_radius(pad_x: int, pad_y: int, width: int, height: int) -> int:
    # The largest radius whose arc still clears the text area's corner at
    # (pad_x, pad_y): solve (r - px)^2 + (r - py)^2 = r^2 for the larger root.
    r = pad_x + pad_y + math.sqrt(2 * pad_x * pad_y)
    return int(min(r, width / 2, height / 2))


def _layout_at(
    text: str,
    kind: str,
    size: int,
    box_w: int,
    min_size: int,
    break_from: int = 1,
    balanced: bool = True,
) -> BubbleLayout | None:
    spec = KINDS[kind]
    pad_x = round(spec.pad_x * size)
    pad_y = round(spec.pad_y * size)
    outline = max(2, round(spec.outline * size)) if spec.outline else 0
    pad_x = max(pad_x, outline + 2) if outline else pad_x
    pad_y = max(pad_y, outline + 2) if outline else pad_y
    inner_max = box_w - 2 * pad_x
    if inner_max < size:
        return None
    # Words shorter than ``break_from`` characters may not be hyphenated.
    if break_from > 1 and any(len(w) < break_from and text_width(spec.font, size, w) > inner_max for w in text.split()):
        return None
    wrap = wrap_balanced if balanced else wrap_text
    lines = wrap(text, spec.font, size, inner_max)
    widths = [text_width(spec.font, size, line) for line in lines]
    if any(w > inner_max for w in widths):
        return None
    line_h, leading = line_metrics(spec.font, size)
    text_w = max(widths, default=0)
    text_h = len(lines) * line_h + max(0, len(lines) - 1) * leading
    width = text_w + 2 * pad_x
    height = text_h + 2 * pad_y
    if spec.min_aspect:
        width = max(width, min(box_w, math.ceil(spec.min_aspect * height)))
    radius = _corner_radius(pad_x, pad_y, width, height) if spec.rounded else 0
    return BubbleLayout(
        kind=kind,
        font_path=spec.font,
        font_size=size,
        lines=lines,
        line_widths=widths,
        line_height=line_h,
        leading=leading,
        text_w=text_w,
        text_h=text_h,
        pad_x=pad_x,
        pad_y=pad_y,
        width=width,
        height=height,
        radius=radius,
        outline=outline,
        min_font_size=min_size,
    )


def _fits(lay: BubbleLayout | None, w: int, h: int) -> bool:
    return lay is not None and lay.width <= w and lay.height <= h


def plan_bubble(
    text: str,
    *,
    max_width: int,
    max_height: int,
    panel_size: tuple[int, int],
    limit: tuple[int, int] | None = None,
    font_size: int | None = None,
    min_size: int | None = None,
    kind: str = "bubble",
) -> BubbleLayout:
    """Wrap and size ``text`` for a box of preferably ``max_width`` x ``max_height``.

    1. Words wrap to the width (an over-long word is hyphenated).
    2. While the box is too tall, the type shrinks in small steps from
       ``font_size`` (default :func:`default_font_size`) down to
       ``min_size`` (default :func:`min_font_size` of the panel).
    3. If it still doesn't fit at the minimum, the box grows: wider first,
       then taller, up to ``limit`` (default: the panel minus a 3% margin).
    4. Only if the text can't fit ``limit`` even then is the type taken
       below the minimum (``squeezed=True``); past ``ABSOLUTE_MIN_FONT``
       :class:`LetteringError` is raised. Text is never clipped.

    ``kind`` is "bubble" (bold, rounded), "caption" (regular, square),
    "plain" (no padding), "banner" or "byline".
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    text = printable_text(text, KINDS[kind].font)
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if not text:
        raise ValueError("nothing to letter")
    pw, ph = panel_size
    if limit is None:
        edge = round(0.03 * min(pw, ph))
        limit = (pw - 2 * edge, ph - 2 * edge)
    limit_w, limit_h = min(limit[0], pw), min(limit[1], ph)
    max_width = max(1, min(max_width, limit_w))
    max_height = max(1, min(max_height, limit_h))
    minimum = min_size if min_size is not None else min_font_size(panel_size)
    start = font_size if font_size is not None else default_font_size(panel_size)
    start = max(start, minimum)

    def attempt(size: int, w: int, h: int, break_from: int = 1) -> BubbleLayout | None:
        # Greedy wrapping decides whether it fits (balancing never adds a
        # line); the accepted layout is then re-wrapped into even lines.
        lay = _layout_at(text, kind, size, w, minimum, break_from, balanced=False)
        if not _fits(lay, w, h):
            return None
        even = _layout_at(text, kind, size, w, minimum, break_from, balanced=True)
        return even if _fits(even, w, h) else lay

    # Two passes. First only long words (HYPHENATE_FROM characters or more)
    # may be hyphenated: for ordinary words smaller type or a bigger box
    # beats a broken word. The second pass lets any word break.
    for break_from in (HYPHENATE_FROM, 1):
        # 1-2: shrink step by step (about 6% per step) to the minimum.
        size = start
        while True:
            lay = attempt(size, max_width, max_height, break_from)
            if lay:
                return lay
            if size <= minimum:
                break
            size = max(minimum, size - max(1, round(size * 0.06)))

        # 3: grow at the minimum size: the narrowest width up to the limit
        # that keeps the preferred height, else the limit width and taller.
        if attempt(minimum, limit_w, max_height, break_from):
            lo, hi = max_width + 1, limit_w
            while lo < hi:
                mid = (lo + hi) // 2
                if attempt(minimum, mid, max_height, break_from):
                    hi = mid
                else:
                    lo = mid + 1
            lay = attempt(minimum, lo, max_height, break_from) or attempt(minimum, limit_w, max_height, break_from)
            if lay:
                return lay
        lay = attempt(minimum, limit_w, limit_h, break_from)
        if lay:
            return lay

    # 4: last resort, smaller than readable (flagged), never clipped.
    for size in range(minimum - 1, ABSOLUTE_MIN_FONT - 1, -1):
        lay = attempt(size, limit_w, limit_h)
        if lay:
            return replace(lay, squeezed=True)
    raise LetteringError(f"{len(text)} characters don't fit a {limit_w}x{limit_h} px box")


# --------------------------------------------------------------------------
# Art
# --------------------------------------------------------------------------


def fit_art(art: Image.Image, size: tuple[int, int], *, copy: bool = True) -> Image.Image:
    """Cover-crop ``art`` (centred) and resize it to exactly ``size``, RGB.

    Always a new image unless ``copy`` is False (the caller only reads it).
    """
    if art.mode in ("RGBA", "LA", "P", "PA"):
        rgba = art.convert("RGBA")
        flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        art = Image.alpha_composite(flat, rgba)
    if art.mode != "RGB":
        art = art.convert("RGB")
    if art.size == tuple(size):
        return art.copy() if copy else art
    # Bicubic: as sharp as Lanczos to the eye at the 1-2x a painting is scaled by to fit its panel, in 70% of
    # the time; four of these are on the path to every lettered page.
    return ImageOps.fit(art, tuple(size), method=Image.Resampling.BICUBIC, centering=(0.5, 0.5))


# --------------------------------------------------------------------------
# Panel plan
# --------------------------------------------------------------------------


@dataclass
class SpeechLine:
    speaker: str
    text: str
    #: Where the speaker stands, 0..1 of the panel width (see
    #: ``renderers.base.subject_anchor``); None if unknown.
    anchor_x: float | None = None


Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive ends)
#: Where an author put a bubble: {"x", "y", "w", "h"}, fractions of the panel.
Place = Mapping[str, float]


@dataclass(frozen=True)
class PlacedBubble:
    line: SpeechLine
    layout: BubbleLayout
    box: Rect
    #: Triangle (base-left, base-right, tip) in panel px, or None if no room.
    tail: tuple[tuple[float, float], tuple[float, float], tuple[float, float]] | None

    @property
    def tip(self) -> tuple[float, float] | None:
        return self.tail[2] if self.tail else None

    @property
    def centre_x(self) -> float:
        return (self.box[0] + self.box[2]) / 2


@dataclass(frozen=True)
class PlacedCaption:
    layout: BubbleLayout
    box: Rect


@dataclass(frozen=True)
class PlacedSfx:
    text: str
    font_size: int
    angle: float
    colour: tuple[int, int, int]
    box: Rect  # where the rotated word's bounding box lands


@dataclass(frozen=True)
class PanelPlan:
    size: tuple[int, int]
    caption: PlacedCaption | None
    bubbles: list[PlacedBubble] = field(default_factory=list)
    sfx: PlacedSfx | None = None
    #: What the sound effect's colour was picked from and the caption is filled with.
    colours: LetteringColours = DEFAULT_COLOURS


def _merge_lines(lines: list[SpeechLine]) -> list[SpeechLine]:
    merged: list[SpeechLine] = []
    for line in lines:
        text = " ".join(printable_text(line.text or "").split())
        if not text:
            continue
        if merged and merged[-1].speaker == line.speaker:
            prev = merged[-1]
            merged[-1] = SpeechLine(prev.speaker, f"{prev.text} {text}", prev.anchor_x)
        else:
            merged.append(SpeechLine(line.speaker, text, line.anchor_x))
    if len(merged) > MAX_BUBBLES:
        raise LetteringError(f"a panel takes at most {MAX_BUBBLES} speech bubbles, not {len(merged)}")
    return merged


def _bubble_columns(
    lines: list[SpeechLine], start_x: int, length: int, gap: int, font_size: int
) -> list[tuple[int, int]]:
    """Side-by-side columns, one per bubble, sized by what each text needs.

    Each bubble wants its text on one line up to a comfortable ~15 em
    measure. If the wants fit, each gets its want plus an equal share of the
    spare room; if not, room is shared max-min fairly (short lines get all
    they want, long speeches share the rest equally).
    """
    k = len(lines)
    if k == 1:
        return [(start_x, start_x + length)]
    usable = length - gap * (k - 1)
    spec = KINDS["bubble"]
    pads = 2 * round(spec.pad_x * font_size)
    wants = []
    for line in lines:
        one_line = text_width(spec.font, font_size, line.text)
        wants.append(max(4 * font_size, min(one_line, 15 * font_size)) + pads)
    alloc = [0.0] * k
    remaining = float(usable)
    todo = sorted(range(k), key=lambda i: wants[i])
    while todo:
        fair = remaining / len(todo)
        i = todo[0]
        if wants[i] <= fair:
            alloc[i] = wants[i]
            remaining -= wants[i]
            todo.pop(0)
        else:
            for j in todo:
                alloc[j] = fair
            remaining = 0
            todo = []
    spare = remaining / k
    return split_spans(start_x, length, [a + spare for a in alloc], gap)


def _overlaps(a: Rect, b: Rect, pad: int = 0) -> bool:
    return not (a[2] + pad <= b[0] or b[2] + pad <= a[0] or a[3] + pad <= b[1] or b[3] + pad <= a[1])


def _tail_for(
    box: Rect,
    lay: BubbleLayout,
    speaker_x: float,
    lean: int,
    size: tuple[int, int],
    column: tuple[int, int],
    margin: int,
    *,
    upward: bool = False,
):
    """The tail's three points, from the bubble's middle out past its bottom (top, if ``upward``) edge; None
    when there is no room for one there."""
    w, h = size
    x0, y0, x1, y1 = box
    bw = x1 - x0
    cx = (x0 + x1) / 2
    room = (y0 - margin if upward else h - margin - y1) - lay.outline
    length = min(round(0.085 * h), room)
    if length < max(6, lay.font_size * 0.6):
        return None
    # How wide the tail is where it leaves the bubble's edge.
    emerge = max(lay.outline * 1.5, min(0.12 * bw, 0.5 * lay.font_size))
    mid_y = (y0 + y1) / 2
    depth = (y1 - y0) / 2
    half_base = emerge * (length + depth) / length
    lo = x0 + lay.radius * 0.55 + emerge
    hi = x1 - lay.radius * 0.55 - emerge
    base_x = cx if lo > hi else min(max(cx + (speaker_x - cx) * 0.5, lo), hi)
    dx = speaker_x - base_x
    reach = 1.1 * length
    dx = max(-reach, min(reach, dx))
    if abs(dx) < 0.3 * length:
        dx = lean * 0.3 * length
    tip_x = base_x + dx
    edge = lay.outline + 1
    tip_x = min(max(tip_x, column[0] + edge, edge + margin / 2), column[1] - edge, w - edge - margin / 2)
    tip = (tip_x, y0 - length if upward else y1 + length)
    return ((base_x - half_base, mid_y), (base_x + half_base, mid_y), tip)


def _bubble_at(line: SpeechLine, rect: Rect, size: tuple[int, int], margin: int, start: int, minimum: int):
    """A bubble in the place its author chose: the words fill it, the tail points at the speaker."""
    w, h = size
    x0, y0, x1, y1 = rect
    lay = plan_bubble(
        line.text,
        max_width=x1 - x0,
        max_height=y1 - y0,
        panel_size=size,
        limit=(max(x1 - x0, min(w - 2 * margin, round(15 * start))), h - margin - y0),
        font_size=start,
        min_size=minimum,
    )
    # As large as its author made it (the words centred in it), or as the words need if that is larger.
    bw = min(max(lay.width, x1 - x0), w - 2 * margin)
    bh = max(lay.height, min(y1 - y0, h - margin - y0))
    bx0 = min(max(round((x0 + x1 - bw) / 2), margin), w - margin - bw)
    box = (bx0, y0, bx0 + bw, y0 + bh)
    centre = (box[0] + box[2]) / 2
    speaker_x = min(max(line.anchor_x, 0.0), 1.0) * w if line.anchor_x is not None else centre
    lean = 1 if speaker_x > centre or (speaker_x == centre and centre < w / 2) else -1
    column = (margin, w - margin)
    # Put at the foot of the panel, it speaks upwards: a bubble always says who is talking.
    tail = _tail_for(box, lay, speaker_x, lean, size, column, margin) or _tail_for(
        box, lay, speaker_x, lean, size, column, margin, upward=True
    )
    return PlacedBubble(line, lay, box, tail)


def _tail_rect(tail, pad: float) -> Rect:
    xs = [p[0] for p in tail]
    ys = [p[1] for p in tail]
    return (int(min(xs) - pad), int(min(ys) - pad), math.ceil(max(xs) + pad), math.ceil(max(ys) + pad))


def plan_panel(
    size: tuple[int, int],
    *,
    lines: list[SpeechLine],
    caption: str = "",
    sfx: str = "",
    seed: int = 0,
    font_size: int | None = None,
    colours: LetteringColours = DEFAULT_COLOURS,
    places: Sequence[Place | None] = (),
) -> PanelPlan:
    """Place a caption, bubbles and a sound effect on a panel of ``size`` px.

    * The caption box sits at the top-left.
    * Bubbles sit along the top (below the caption) in reading order, each in
      its own column (so they never overlap), stepping slightly down to the
      right, each as close above its speaker as its column allows, with a
      tail leaning towards the speaker.
    * The sound effect goes in the lower part of the panel, clear of the
      bubbles, tails and caption, at a spot, tilt and colour (one of the
      style's ``colours``) chosen by ``seed``.

    * A bubble the author placed (``places[i]`` for the i-th bubble in
      reading order: x, y, w, h as fractions of the panel) keeps its place;
      its words wrap to its width and its tail still points at its speaker.

    Far too much text for the panel is first packed tighter (smaller caption
    share, no stagger, short tails); if even that can't hold it legibly,
    :class:`LetteringError` is raised rather than clip a word.
    """
    merged = _merge_lines(lines)
    try:
        return _plan_panel(size, merged, caption, sfx, seed, font_size, compact=False, colours=colours, places=places)
    except LetteringError:
        return _plan_panel(size, merged, caption, sfx, seed, font_size, compact=True, colours=colours, places=places)


def _placed_rect(place: Place, size: tuple[int, int], margin: int, font_size: int) -> Rect:
    """An author's bubble place in panel pixels: inside the margins, at least a few ems wide and one line tall."""
    w, h = size
    x, y, pw, ph = (min(max(float(place[key]), 0.0), 1.0) for key in ("x", "y", "w", "h"))
    bw = min(max(round(pw * w), 4 * font_size), w - 2 * margin)
    bh = min(max(round(ph * h), 2 * font_size), h - 2 * margin)
    x0 = min(max(round(x * w), margin), w - margin - bw)
    y0 = min(max(round(y * h), margin), h - margin - bh)
    return (x0, y0, x0 + bw, y0 + bh)


def _plan_panel(
    size: tuple[int, int],
    merged: list[SpeechLine],
    caption: str,
    sfx: str,
    seed: int,
    font_size: int | None,
    compact: bool,
    colours: LetteringColours = DEFAULT_COLOURS,
    places: Sequence[Place | None] = (),
) -> PanelPlan:
    w, h = size
    margin = max(4, round(0.03 * min(w, h)))
    gap = max(4, round(0.025 * min(w, h)))
    start = font_size if font_size is not None else default_font_size(size)
    minimum = min_font_size(size)
    start = max(start, minimum)
    inner_w = w - 2 * margin

    placed_caption = None
    top = margin
    caption = " ".join(printable_text(caption or "", REGULAR_FONT).split())
    if caption:
        cap = plan_bubble(
            caption,
            kind="caption",
            # At most ~16 ems wide, like bubbles: a comfortable measure that a phone's close-up can hold.
            max_width=min(round(0.8 * inner_w), round(16 * start)),
            max_height=round(0.2 * h),
            panel_size=size,
            limit=(inner_w, round((0.22 if compact else 0.3 if merged else 0.5) * h)),
            font_size=max(minimum, round(start * 0.92)),
            min_size=minimum,
        )
        placed_caption = PlacedCaption(cap, (margin, margin, margin + cap.width, margin + cap.height))
        top = margin + cap.height + gap

    bubbles: list[PlacedBubble] = []
    k = len(merged)
    if k:
        columns = _bubble_columns(merged, margin, inner_w, gap, start)
        stagger = round(0.03 * h) if k > 1 and not compact else 0
        tail_room = max(8, round(0.035 * h)) if compact else max(round(0.07 * h), 2 * start)
        for i, line in enumerate(merged):
            place = places[i] if i < len(places) else None
            if place:
                bubbles.append(_bubble_at(line, _placed_rect(place, size, margin, start), size, margin, start, minimum))
                continue
            col0, col1 = columns[i]
            col_w = col1 - col0
            y0 = top + i * stagger
            limit_h = h - margin - y0 - tail_room
            if limit_h < 2 * ABSOLUTE_MIN_FONT:
                raise LetteringError("no room left for speech bubbles")
            # A comfortable measure: at most ~15 ems, so bubbles stay oval
            # rather than long thin pills.
            pref_w = min(col_w, round(0.6 * w), round(15 * start))
            lay = plan_bubble(
                line.text,
                max_width=pref_w,
                max_height=min(round(0.34 * h), limit_h),
                panel_size=size,
                limit=(col_w, limit_h),
                font_size=start,
                min_size=minimum,
            )
            col_mid = (col0 + col1) / 2
            if line.anchor_x is not None:
                speaker_x = min(max(line.anchor_x, 0.0), 1.0) * w
                want = speaker_x
            else:
                want = col_mid if k > 1 else 0.42 * w
                side = -1 if want <= w / 2 else 1
                speaker_x = want + side * 0.25 * w
            bx0 = round(want - lay.width / 2)
            bx0 = min(max(bx0, col0), col1 - lay.width)
            box = (bx0, y0, bx0 + lay.width, y0 + lay.height)
            centre = (box[0] + box[2]) / 2
            if abs(speaker_x - centre) > 0.02 * w:
                lean = 1 if speaker_x > centre else -1
            else:  # right above the speaker: lean towards their side of the panel
                lean = 1 if speaker_x > w / 2 else -1
            tail = _tail_for(box, lay, speaker_x, lean, size, (col0, col1), margin)
            bubbles.append(PlacedBubble(line, lay, box, tail))

    placed_sfx = None
    word = " ".join(printable_text(sfx or "").split()).upper()
    if word:
        obstacles: list[Rect] = []
        if placed_caption:
            obstacles.append(placed_caption.box)
        for b in bubbles:
            obstacles.append(b.box)
            if b.tail:
                obstacles.append(_tail_rect(b.tail, b.layout.outline))
        placed_sfx = _place_sfx(word, size, obstacles, seed, margin, colours.sfx)
    return PanelPlan(size=size, caption=placed_caption, bubbles=bubbles, sfx=placed_sfx, colours=colours)


# --------------------------------------------------------------------------
# Sound effects
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=128)
def _sfx_sprite(text: str, font_size: int, angle: float, colour) -> Image.Image:
    """The rotated, outlined word as an RGBA image (supersampled).

    Cached: placing a word tries it, and drawing uses it again. Callers only
    read the sprite.
    """
    ss = 2
    size = font_size * ss
    font = load_font(BOLD_FONT, size)
    stroke = max(2, round(size * 0.09))
    shadow = max(2, round(size * 0.07))
    left, top, right, bottom = font.getbbox(text, anchor="la", stroke_width=stroke)
    pad = stroke + shadow + 4
    img = Image.new("RGBA", (right - left + 2 * pad, bottom - top + 2 * pad), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    origin = (pad - left, pad - top)
    d.text(
        (origin[0] + shadow, origin[1] + shadow),
        text,
        font=font,
        fill=INK,
        stroke_width=stroke,
        stroke_fill=INK,
        anchor="la",
    )
    d.text(origin, text, font=font, fill=colour, stroke_width=stroke, stroke_fill=INK, anchor="la")
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    bbox = img.getbbox() or (0, 0, 1, 1)
    img = img.crop(bbox)
    return img.resize((max(1, round(img.width / ss)), max(1, round(img.height / ss))), Image.Resampling.LANCZOS)


def _place_sfx(
    word: str, size, obstacles: list[Rect], seed: int, margin: int, fills: tuple[RGB, ...] = SFX_COLOURS
) -> PlacedSfx | None:
    w, h = size
    rng = random.Random(f"sfx:{seed}:{word}")
    angle = rng.choice((-1, 1)) * rng.uniform(5, 11)
    colour = rng.choice(fills)
    font_size = max(12, round(0.15 * min(w, h)))
    pad = max(4, round(0.015 * min(w, h)))
    while font_size >= 12:
        sprite = _sfx_sprite(word, font_size, angle, colour)
        sw, sh = sprite.size
        if sw <= 0.7 * w and sh <= 0.3 * h:
            candidates = []
            xs = [margin, (w - sw) // 2, w - margin - sw]
            ys = [h - margin - sh, round(0.7 * h - sh / 2), round(0.55 * h - sh / 2)]
            for y in ys:
                row = [(x, y) for x in xs]
                rng.shuffle(row)
                candidates.extend(row)
            for x, y in candidates:
                if x < margin or y < margin or x + sw > w - margin or y + sh > h - margin:
                    continue
                box = (x, y, x + sw, y + sh)
                if not any(_overlaps(box, ob, pad) for ob in obstacles):
                    return PlacedSfx(word, font_size, angle, colour, box)
        font_size = round(font_size * 0.85)
    return None  # nowhere clear to put it: better none than over the words


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------


class _Layer:
    """A transparent, supersampled layer over one region of an image.

    Shapes are drawn ``SUPERSAMPLE`` times larger and downsampled when the
    layer is composited, which gives clean anti-aliased outlines. Only the
    region that holds shapes is allocated, so big pages stay cheap.
    """

    def __init__(self, region: Rect, bounds: tuple[int, int], s: int = SUPERSAMPLE):
        x0, y0 = max(0, int(region[0]) - 2), max(0, int(region[1]) - 2)
        x1, y1 = min(bounds[0], math.ceil(region[2]) + 2), min(bounds[1], math.ceil(region[3]) + 2)
        self.origin = (x0, y0)
        self.size = (max(1, x1 - x0), max(1, y1 - y0))
        self.s = s
        self.image = Image.new("RGBA", (self.size[0] * s, self.size[1] * s), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.image)

    def pt(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.origin[0]) * self.s, (y - self.origin[1]) * self.s

    def box(self, rect: Rect) -> list[float]:
        (x0, y0), (x1, y1) = self.pt(rect[0], rect[1]), self.pt(rect[2], rect[3])
        return [x0, y0, x1 - 1, y1 - 1]

    def composite_onto(self, base: Image.Image) -> None:
        # The mean of each s x s block is what supersampling asks for, and far cheaper than a resampling filter.
        small = self.image.reduce(self.s)
        _blend(base, small, self.origin)


def _blend(base: Image.Image, overlay: Image.Image, origin: tuple[int, int]) -> None:
    """Draw an RGBA ``overlay`` over ``base`` at ``origin``: over opaque RGB art, its alpha as the mask."""
    if base.mode == "RGBA":
        base.alpha_composite(overlay, origin)
    else:
        base.paste(overlay, origin, overlay)


def _union(rects: list[Rect]) -> Rect:
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def _draw_box_shape(layer: _Layer, box: Rect, radius: int, outline: int, fill) -> None:
    s = layer.s
    outer = layer.box(box)
    layer.draw.rounded_rectangle(outer, radius=radius * s, fill=(*INK, 255))
    o = outline * s
    inner = [outer[0] + o, outer[1] + o, outer[2] - o, outer[3] - o]
    layer.draw.rounded_rectangle(inner, radius=max(0, (radius - outline) * s), fill=(*fill, 255))


def _draw_tail_outline(layer: _Layer, tail, outline: int) -> None:
    pts = [layer.pt(x, y) for x, y in tail]
    o = outline * layer.s
    layer.draw.polygon(pts, fill=(*INK, 255))
    layer.draw.line([*pts, pts[0]], fill=(*INK, 255), width=2 * o, joint="curve")
    for x, y in pts:
        layer.draw.ellipse([x - o, y - o, x + o, y + o], fill=(*INK, 255))


def _draw_tail_fill(layer: _Layer, tail) -> None:
    layer.draw.polygon([layer.pt(x, y) for x, y in tail], fill=(*BUBBLE_FILL, 255))


def _draw_text_block(d: ImageDraw.ImageDraw, lay: BubbleLayout, box: Rect, fill=INK):
    x0, y0, x1, y1 = box
    cx = (x0 + x1) / 2
    top = y0 + ((y1 - y0) - lay.text_h) / 2
    font = lay.font
    for i, line in enumerate(lay.lines):
        width, offset = _measure(lay.font_path, lay.font_size, line)
        x = round(cx - width / 2) - offset
        y = round(top + i * (lay.line_height + lay.leading))
        d.text((x, y), line, font=font, fill=fill, anchor="la")


def letter_panel(
    art: Image.Image,
    *,
    size: tuple[int, int],
    lines: list[SpeechLine],
    caption: str = "",
    sfx: str = "",
    seed: int = 0,
    font_size: int | None = None,
    colours: LetteringColours = DEFAULT_COLOURS,
) -> Image.Image:
    """Fit ``art`` to ``size`` and letter it: caption, speech bubbles, SFX.

    ``font_size`` is the starting body size (default: from the panel size;
    pass :func:`page_font_size` to make every panel on a page match).
    ``colours`` are the style's (see :class:`LetteringColours`).
    """
    plan = plan_panel(size, lines=lines, caption=caption, sfx=sfx, seed=seed, font_size=font_size, colours=colours)
    return render_panel(art, plan)


def render_panel(art: Image.Image, plan: PanelPlan) -> Image.Image:
    """Draw a :class:`PanelPlan` over ``art`` (fitted to the plan's size), in the plan's colours."""
    w, h = plan.size
    base = fit_art(art, (w, h))

    if plan.sfx:
        sprite = _sfx_sprite(plan.sfx.text, plan.sfx.font_size, plan.sfx.angle, plan.sfx.colour)
        _blend(base, sprite, (plan.sfx.box[0], plan.sfx.box[1]))

    shapes: list[Rect] = []
    if plan.caption:
        shapes.append(plan.caption.box)
    for b in plan.bubbles:
        shapes.append(b.box)
        if b.tail:
            shapes.append(_tail_rect(b.tail, b.layout.outline + 1))
    if shapes:
        layer = _Layer(_union(shapes), (w, h))
        if plan.caption:
            lay = plan.caption.layout
            _draw_box_shape(layer, plan.caption.box, lay.radius, lay.outline, plan.colours.caption_fill)
        for b in plan.bubbles:
            lay = b.layout
            if b.tail:
                _draw_tail_outline(layer, b.tail, lay.outline)
            _draw_box_shape(layer, b.box, lay.radius, lay.outline, BUBBLE_FILL)
            if b.tail:
                _draw_tail_fill(layer, b.tail)
        layer.composite_onto(base)

    d = ImageDraw.Draw(base)
    if plan.caption:
        _draw_text_block(d, plan.caption.layout, plan.caption.box)
    for b in plan.bubbles:
        _draw_text_block(d, b.layout, b.box)
    return base


# --------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------


def page_border(page_w: int) -> int:
    """Panel border thickness: about 0.4% of the page width (5 px on A4)."""
    return max(2, round(0.004 * page_w))


def compose_page(
    panel_images: list[Image.Image],
    rects: list[tuple[int, int, int, int]],
    page_size: tuple[int, int],
    *,
    border: int | None = None,
    background="white",
) -> Image.Image:
    """Paste each lettered panel into its rect and frame it in black.

    Panels that aren't already their rect's size are cover-fitted. The
    border is drawn inside each rect so gutters stay clean.
    """
    if len(panel_images) != len(rects):
        raise ValueError("one image per rect")
    page_w, page_h = page_size
    border = page_border(page_w) if border is None else border
    page = Image.new("RGB", (page_w, page_h), background)
    d = ImageDraw.Draw(page)
    for img, (x0, y0, x1, y1) in zip(panel_images, rects, strict=True):
        if not (0 <= x0 < x1 <= page_w and 0 <= y0 < y1 <= page_h):
            raise ValueError(f"rect {(x0, y0, x1, y1)} is not inside the page")
        page.paste(fit_art(img, (x1 - x0, y1 - y0), copy=False), (x0, y0))
        if border:
            d.rectangle([x0, y0, x1 - 1, y1 - 1], outline=INK, width=border)
    return page


def _band_plan(caption: str, page_size, band_h: int, max_band_h: int):
    page_w, page_h = page_size
    diag = math.sqrt(page_w * page_h)
    pad_x = round(0.08 * page_w)
    pad_top = round(0.022 * page_h)
    number_zone = round(0.04 * page_h)
    # ~47 px (22 pt) on A4: the whole page fits a phone's width (x0.31) with the words at ~15 CSS px.
    start = max(MIN_READABLE_PX, round(0.032 * diag))
    # ~46 px (22 pt): the text never shrinks past what a phone shows readably with the page at its width;
    # a longer text makes the band taller instead.
    minimum = max(MIN_READABLE_PX, round(0.031 * diag))
    full_w = page_w - 2 * pad_x
    # Keep a readable measure (about 60-70 characters) on wide pages.
    text_w = min(full_w, round(30 * start))
    lay = plan_bubble(
        caption,
        kind="plain",
        max_width=text_w,
        max_height=band_h - pad_top - number_zone,
        panel_size=page_size,
        limit=(full_w, max_band_h - pad_top - number_zone),
        font_size=start,
        min_size=minimum,
    )
    return lay, pad_top, number_zone


@dataclass(frozen=True)
class PictureBookPlan:
    """Where a picture-book page's illustration and text go (page px)."""

    size: tuple[int, int]
    art_h: int
    rule: int
    #: The text and the area it is centred in, or None for a page without words.
    text: BubbleLayout | None
    text_area: Rect | None
    number_zone: int

    @property
    def text_box(self) -> Rect | None:
        """The text block as drawn, centred in its area (for readers that zoom to it)."""
        if self.text is None or self.text_area is None:
            return None
        x0, y0, x1, y1 = self.text_area
        left = round((x0 + x1 - self.text.text_w) / 2)
        top = round(y0 + ((y1 - y0) - self.text.text_h) / 2)
        return (left, top, left + self.text.text_w, top + self.text.text_h)


def plan_picture_book_page(*, page_size: tuple[int, int], caption: str) -> PictureBookPlan:
    """Lay out a picture-book page: the illustration on top, the text band beneath.

    The illustration fills the top 78% (``layouts.PICTURE_BOOK_ART_FRACTION``);
    the caption is set large, centred and wrapped in the band, shrinking to a
    readable minimum; a very long caption makes the band taller (up to 46%
    of the page) rather than overflow.
    """
    from .layouts import PICTURE_BOOK_ART_FRACTION

    page_w, page_h = page_size
    band_h = page_h - round(page_h * PICTURE_BOOK_ART_FRACTION)
    max_band_h = round(0.46 * page_h)
    lay = None
    number_zone = round(0.04 * page_h)
    caption = printable_text(caption or "", REGULAR_FONT).strip()
    if caption:
        lay, pad_top, number_zone = _band_plan(caption, page_size, band_h, max_band_h)
        band_h = max(band_h, lay.height + pad_top + number_zone)
    art_h = page_h - band_h
    rule = max(1, round(0.0015 * page_h))
    area = (0, art_h + rule, page_w, page_h - number_zone) if lay else None
    return PictureBookPlan(page_size, art_h, rule, lay, area, number_zone)


def letter_picture_book_page(
    art: Image.Image,
    *,
    page_size: tuple[int, int],
    caption: str,
    page_number: int | str | None = None,
    plan: PictureBookPlan | None = None,
    colours: LetteringColours = DEFAULT_COLOURS,
) -> Image.Image:
    """A picture-book page (see :func:`plan_picture_book_page`) with a small
    page number at the foot. Pass ``plan`` to draw a plan already made."""
    plan = plan or plan_picture_book_page(page_size=page_size, caption=caption)
    page_w, page_h = page_size
    page = Image.new("RGB", (page_w, page_h), colours.band_fill)
    page.paste(fit_art(art, (page_w, plan.art_h)), (0, 0))
    d = ImageDraw.Draw(page)
    d.rectangle([0, plan.art_h, page_w - 1, plan.art_h + plan.rule - 1], fill=INK)
    if plan.text:
        _draw_text_block(d, plan.text, plan.text_area)
    if page_number is not None and str(page_number).strip():
        size = max(12, round(0.011 * page_h))
        font = load_font(REGULAR_FONT, size)
        d.text(
            (page_w / 2, page_h - round(0.018 * page_h)),
            str(page_number),
            font=font,
            fill=PAGE_NUMBER_INK,
            anchor="md",
        )
    return page


def make_cover(
    art: Image.Image,
    *,
    page_size: tuple[int, int],
    title: str,
    byline: str = "",
    colours: LetteringColours = DEFAULT_COLOURS,
) -> Image.Image:
    """A cover: full-bleed art, the title in a bold banner near the top and
    an optional byline in a pale pill at the foot. The title wraps and
    shrinks to fit (then the banner grows, up to 40% of the page)."""
    page_w, page_h = page_size
    page = fit_art(art, (page_w, page_h))
    title = " ".join(printable_text(title or "").split())
    texts: list[tuple[BubbleLayout, Rect, tuple]] = []
    if title:
        lay = plan_bubble(
            title,
            kind="banner",
            max_width=round(0.86 * page_w),
            max_height=round(0.22 * page_h),
            panel_size=page_size,
            limit=(round(0.92 * page_w), round(0.4 * page_h)),
            font_size=round(0.085 * min(page_w, page_h * 0.75)),
            min_size=max(MIN_READABLE_PX, round(0.04 * min(page_w, page_h))),
        )
        bw = max(lay.width, round(0.72 * page_w))
        x0 = (page_w - bw) // 2
        y0 = round(0.05 * page_h)
        box = (x0, y0, x0 + bw, y0 + lay.height)
        shadow = max(3, round(0.009 * page_w))
        layer = _Layer((box[0], box[1], box[2] + shadow, box[3] + shadow), page_size)
        layer.draw.rounded_rectangle(
            layer.box((box[0] + shadow, box[1] + shadow, box[2] + shadow, box[3] + shadow)),
            radius=lay.radius * layer.s,
            fill=(0, 0, 0, 110),
        )
        _draw_box_shape(layer, box, lay.radius, lay.outline, colours.banner_fill)
        layer.composite_onto(page)
        texts.append((lay, box, colours.title_ink))
    byline = " ".join(printable_text(byline or "", REGULAR_FONT).split())
    if byline:
        lay = plan_bubble(
            byline,
            kind="byline",
            max_width=round(0.7 * page_w),
            max_height=round(0.1 * page_h),
            panel_size=page_size,
            limit=(round(0.9 * page_w), round(0.2 * page_h)),
            font_size=max(MIN_READABLE_PX, round(0.03 * min(page_w, page_h))),
            min_size=max(MIN_READABLE_PX, round(0.018 * min(page_w, page_h))),
        )
        x0 = (page_w - lay.width) // 2
        y1 = page_h - round(0.045 * page_h)
        box = (x0, y1 - lay.height, x0 + lay.width, y1)
        layer = _Layer(box, page_size)
        layer.draw.rounded_rectangle(layer.box(box), radius=lay.radius * layer.s, fill=(255, 255, 255, 225))
        layer.composite_onto(page)
        texts.append((lay, box, INK))
    td = ImageDraw.Draw(page)
    for lay, box, colour in texts:
        _draw_text_block(td, lay, box, fill=colour)
    return page
