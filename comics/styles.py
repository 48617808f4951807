"""The starter set of art styles.

A style is what a user picks in the studio. It adds a prompt tail and a
negative prompt to every image request, gives the built-in painter a
palette and a line, and the letterer its colours. The full, admin-editable preset library replaces this
module's table later; comics store the slug, so that move needs no data change.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lettering import DEFAULT_COLOURS, INK, LetteringColours

#: Added to every image prompt: the image model never draws text, we letter.
NO_TEXT_TAIL = "no text, no letters, no words, no speech bubbles, no captions, no watermark"
NO_TEXT_NEGATIVE = "text, letters, words, speech bubble, caption, subtitle, watermark, signature"

#: Lettering for black-and-white art: white and grey sound effects outlined in
#: ink (as manga letters them), grey captions, a white title banner in ink.
GRAYSCALE_LETTERING = LetteringColours(
    sfx=((255, 255, 255), (228, 228, 228), (200, 200, 200)),
    caption_fill=(232, 232, 232),
    band_fill=(250, 250, 250),
    banner_fill=(255, 255, 255),
    title_ink=INK,
)


@dataclass(frozen=True)
class Style:
    slug: str
    name: str
    description: str
    prompt_tail: str
    negative_prompt: str
    palette: tuple[str, ...]
    line_style: str  # "bold" | "fine" | "sketch" | "none"
    story_tone: str  # a phrase the storyteller may use for voice
    lettering_colours: LetteringColours = DEFAULT_COLOURS


STYLES: dict[str, Style] = {
    style.slug: style
    for style in (
        Style(
            slug="classic-comic",
            name="Classic comic",
            description="Bright flat colours and bold ink, like a Sunday strip.",
            prompt_tail="classic American comic book art, bold ink outlines, flat bright colours, halftone shading",
            negative_prompt="photo, photorealistic, blurry, 3d render",
            palette=("#5fb4f0", "#bfe6ff", "#7cc35a", "#e94f37", "#f6c344", "#3b6ea5"),
            line_style="bold",
            story_tone="punchy and upbeat",
        ),
        Style(
            slug="storybook",
            name="Storybook watercolour",
            description="Soft watercolour washes for bedtime picture books.",
            prompt_tail="gentle children's picture book illustration, soft watercolour, warm light, textured paper",
            negative_prompt="harsh shadows, dark, gritty, photo, 3d render",
            palette=("#f4c9a8", "#fdf0d5", "#a8c686", "#e07a5f", "#81b29a", "#f2cc8f"),
            line_style="none",
            story_tone="warm and gentle",
        ),
        Style(
            slug="manga",
            name="Manga (grayscale)",
            description="Black-and-white manga with screentone greys.",
            prompt_tail="japanese manga, black and white, screentone shading, expressive ink lines",
            negative_prompt="colour, color, photo, 3d render",
            palette=("#9a9a9a", "#e6e6e6", "#6e6e6e", "#2b2b2b", "#c8c8c8", "#4a4a4a"),
            line_style="sketch",
            story_tone="dramatic and heartfelt",
            lettering_colours=GRAYSCALE_LETTERING,
        ),
        Style(
            slug="ligne-claire",
            name="Ligne claire",
            description="Clean even lines and calm colours, Franco-Belgian style.",
            prompt_tail=(
                "franco-belgian ligne claire comic, clean uniform outlines, flat pastel colours, detailed backgrounds"
            ),
            negative_prompt="sketchy lines, heavy shadows, photo, 3d render",
            palette=("#8ecae6", "#e8f4f8", "#b5c99a", "#d62828", "#fcbf49", "#457b9d"),
            line_style="fine",
            story_tone="clever and adventurous",
        ),
        Style(
            slug="neon-night",
            name="Neon night",
            description="Moody purples and electric accents for sci-fi and mystery.",
            prompt_tail="moody neon comic art, deep purples and electric cyan, rim lighting, cinematic",
            negative_prompt="washed out, daylight, photo",
            palette=("#2d1b69", "#7b2cbf", "#3c096c", "#00f5d4", "#f15bb5", "#fee440"),
            line_style="fine",
            story_tone="mysterious and thrilling",
        ),
    )
}

DEFAULT_STYLE = "classic-comic"


def get_style(slug: str) -> Style:
    return STYLES[slug]


def style_choices() -> list[tuple[str, str]]:
    return [(style.slug, style.name) for style in STYLES.values()]
