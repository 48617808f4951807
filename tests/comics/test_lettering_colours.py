"""A style decides its lettering colours: a black-and-white style letters in greys."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from comics import lettering, styles
from comics.layouts import page_pixels
from comics.lettering import SpeechLine, letter_panel, letter_picture_book_page, make_cover, plan_panel
from comics.models import GenerationJob
from comics.pipeline import run_job

PANEL = (558, 814)
GREY_ART = (128, 128, 128)
# Ink is a very dark blue-black and anti-aliasing blends it with white: a few levels of difference
# between channels is still black and white to the eye; a sound effect in colour differs by 100 or more.
NEUTRAL = 8

MANGA = styles.get_style("manga").lettering_colours
CLASSIC = styles.get_style("classic-comic").lettering_colours


def colourfulness(image: Image.Image) -> int:
    """The largest difference between two colour channels of any pixel (0 for pure greys)."""
    r, g, b = image.convert("RGB").split()
    return max(ImageChops.difference(x, y).getextrema()[1] for x, y in ((r, g), (g, b), (r, b)))


def grey_art(size=(640, 960)) -> Image.Image:
    return Image.new("RGB", size, GREY_ART)


def lettered(colours: lettering.LetteringColours) -> Image.Image:
    return letter_panel(
        grey_art(),
        size=PANEL,
        lines=[SpeechLine("Mika", "We made it, just in time!", 0.3)],
        caption="Meanwhile, on the rooftop...",
        sfx="KRAKOOM!",
        seed=3,
        colours=colours,
    )


def test_the_panel_really_has_a_caption_and_a_sound_effect():
    plan = plan_panel(
        PANEL,
        lines=[SpeechLine("Mika", "We made it, just in time!", 0.3)],
        caption="Meanwhile, on the rooftop...",
        sfx="KRAKOOM!",
        seed=3,
        colours=MANGA,
    )
    assert plan.caption and plan.sfx and plan.bubbles


def test_manga_letters_a_panel_in_greys():
    assert colourfulness(lettered(MANGA)) <= NEUTRAL


def test_a_colour_style_still_letters_in_colour():
    image = lettered(CLASSIC)
    assert colourfulness(image) > 100
    # The sound effect is where the colour is.
    plan = plan_panel(PANEL, lines=[], sfx="KRAKOOM!", seed=3, colours=CLASSIC)
    assert colourfulness(image.crop(plan.sfx.box)) > 100


def test_default_colours_are_the_colour_styles_look():
    # Callers that pass no colours letter as the colour styles do.
    assert lettered(lettering.DEFAULT_COLOURS).tobytes() == lettered(CLASSIC).tobytes()


def test_manga_cover_and_picture_book_page_are_grey():
    size = page_pixels("a4-portrait")
    cover = make_cover(grey_art(size), page_size=size, title="The Midnight Express", byline="by Ada", colours=MANGA)
    assert colourfulness(cover) <= NEUTRAL
    assert colourfulness(make_cover(grey_art(size), page_size=size, title="The Midnight Express")) > 100

    page = letter_picture_book_page(
        grey_art(size), page_size=size, caption="The train rolled on into the night.", page_number=3, colours=MANGA
    )
    assert colourfulness(page) <= NEUTRAL


def test_every_black_and_white_style_letters_in_greys():
    # A style whose palette has no colour in it is drawn in greys, so it must letter in greys too.
    for style in styles.STYLES.values():
        grey = all(len({colour[1:3], colour[3:5], colour[5:7]}) == 1 for colour in style.palette)
        if grey:
            assert colourfulness(lettered(style.lettering_colours)) <= NEUTRAL, style.slug


def _open(field) -> Image.Image:
    with field.open("rb") as fh:
        return Image.open(io.BytesIO(fh.read())).convert("RGB")


@pytest.mark.django_db
def test_a_whole_manga_comic_has_no_colour_in_it(alice, make_comic):
    comic, job = make_comic(alice, style="manga", pages=3, panels_per_page=4)

    job = run_job(job.pk)

    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    comic.refresh_from_db()
    panels = [panel for page in comic.pages.all() for panel in page.panels.all()]
    assert any(panel.sfx for panel in panels) and any(panel.caption for panel in panels)
    # The built-in painter draws manga in greys, so anything coloured would be the lettering's.
    assert all(colourfulness(_open(panel.art)) <= NEUTRAL for panel in panels)
    for page in comic.pages.all():
        assert colourfulness(_open(page.image)) <= NEUTRAL, page.number
    assert colourfulness(_open(comic.cover_image)) <= NEUTRAL
