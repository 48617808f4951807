"""Colours: RGB arithmetic, the default palette and the named colours a look is read with."""

from __future__ import annotations

import colorsys

RGB = tuple[int, int, int]

DEFAULT_PALETTE: tuple[str, ...] = ("#6ec3f4", "#d9f1ff", "#86cf6a", "#f2c14e", "#e76f51", "#5b8fd1")


def _hex(value: str) -> RGB | None:
    value = value.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if len(value) != 6:
        return None
    try:
        return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    except ValueError:
        return None


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def shade(c: RGB, f: float) -> RGB:
    return tuple(max(0, min(255, round(v * f))) for v in c)  # type: ignore[return-value]


def lighten(c: RGB, t: float) -> RGB:
    return mix(c, (255, 255, 255), t)


def lum(c: RGB) -> float:
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def _hsv(c: RGB) -> tuple[float, float, float]:
    return colorsys.rgb_to_hsv(c[0] / 255, c[1] / 255, c[2] / 255)


def _from_hsv(h: float, s: float, v: float) -> RGB:
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, max(0.0, min(1.0, s)), max(0.0, min(1.0, v)))
    return (round(r * 255), round(g * 255), round(b * 255))


WHITE: RGB = (255, 255, 255)
INK: RGB = (43, 34, 52)

COLOUR_WORDS: dict[str, RGB] = {
    "green": (96, 184, 84),
    "mint": (150, 222, 184),
    "emerald": (46, 160, 100),
    "lime": (170, 220, 70),
    "olive": (128, 138, 60),
    "jade": (70, 170, 130),
    "red": (220, 60, 52),
    "crimson": (184, 28, 56),
    "scarlet": (226, 44, 40),
    "maroon": (130, 30, 48),
    "ruby": (196, 30, 70),
    "rust": (180, 86, 44),
    "blue": (62, 120, 210),
    "navy": (38, 56, 120),
    "cobalt": (40, 80, 190),
    "azure": (70, 150, 230),
    "teal": (32, 150, 150),
    "turquoise": (56, 200, 190),
    "cyan": (70, 200, 225),
    "aqua": (90, 210, 215),
    "indigo": (76, 60, 160),
    "yellow": (248, 208, 60),
    "golden": (232, 176, 48),
    "gold": (232, 176, 48),
    "amber": (238, 160, 40),
    "mustard": (212, 172, 50),
    "lemon": (250, 226, 90),
    "orange": (242, 140, 48),
    "ginger": (214, 118, 52),
    "copper": (190, 110, 60),
    "bronze": (176, 126, 60),
    "peach": (250, 186, 150),
    "coral": (246, 124, 108),
    "purple": (132, 78, 176),
    "violet": (154, 104, 214),
    "lavender": (186, 160, 226),
    "lilac": (200, 164, 220),
    "plum": (128, 60, 110),
    "magenta": (210, 60, 160),
    "pink": (244, 146, 178),
    "rose": (232, 110, 140),
    "brown": (136, 90, 58),
    "chocolate": (100, 62, 40),
    "chestnut": (140, 70, 40),
    "auburn": (150, 64, 36),
    "tan": (210, 170, 120),
    "beige": (222, 200, 160),
    "sandy": (222, 192, 130),
    "black": (46, 44, 54),
    "white": (246, 246, 242),
    "ivory": (250, 244, 226),
    "grey": (150, 152, 160),
    "gray": (150, 152, 160),
    "silver": (194, 200, 210),
    "cream": (248, 236, 206),
    "blonde": (238, 206, 120),
    "blond": (238, 206, 120),
}
COLOUR_MODIFIERS = {"dark": 0.62, "deep": 0.7, "light": 1.35, "pale": 1.45, "bright": 1.12, "pastel": 1.4}

SKIN_TONES: tuple[RGB, ...] = (
    (255, 222, 192),
    (246, 202, 160),
    (232, 180, 138),
    (206, 146, 102),
    (168, 112, 76),
    (126, 84, 58),
)
HAIR_COLOURS: tuple[RGB, ...] = (
    (70, 46, 34),
    (118, 74, 44),
    (232, 196, 110),
    (168, 78, 40),
    (40, 38, 48),
    (150, 100, 60),
)
WARMS: tuple[RGB, ...] = ((246, 150, 60), (250, 206, 80), (240, 120, 150), (226, 78, 70), (160, 110, 220))
BRIGHTS: tuple[RGB, ...] = (
    (220, 60, 52),
    (242, 140, 48),
    (248, 200, 60),
    (62, 120, 210),
    (132, 78, 176),
    (32, 150, 150),
    (244, 130, 170),
    (96, 184, 84),
)
