"""Words are large enough to read: at least 9 pt on the printed page, measured on the page itself.

Each comic below is made by the built-in backends. The print size comes from
the PDF (its pages' MediaBox in points), the type from the lettered page: the
recorded body size of every caption, bubble and picture-book text, and the
ink of the letters inside each box, measured in pixels.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageFont

from comics.lettering import BOLD_FONT, MIN_PRINT_PT, REGULAR_FONT
from comics.models import GenerationJob
from comics.pipeline import run_job
from tests.pdfs import pdf_page_sizes

pytestmark = pytest.mark.django_db

FONTS = (BOLD_FONT, REGULAR_FONT)

MADE = [
    {"pages": 2, "panels_per_page": 6, "layout": "grid"},
    {"pages": 2, "panels_per_page": 5, "layout": "strips"},
    {"pages": 2, "panels_per_page": 6, "layout": "feature", "seed": 21},
    {"pages": 1, "panels_per_page": 5, "layout": "strips", "page_size": "a4-landscape"},
    {"pages": 1, "panels_per_page": 4, "layout": "grid", "page_size": "square"},
    {"pages": 2, "kind": "picture_book", "panels_per_page": 1},
]


def made(owner, make_comic, options):
    comic, job = make_comic(owner, "a lonely robot plants a garden on the moon", **options)
    job = run_job(job.pk)
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    comic.refresh_from_db()
    return comic


def points_per_pixel(comic, image: Image.Image) -> float:
    with comic.pdf.open("rb") as fh:
        width_pt, height_pt = pdf_page_sizes(fh.read())[1]  # the first page after the cover
    assert abs(width_pt / height_pt - image.width / image.height) < 0.01, "the PDF prints the page at its shape"
    return height_pt / image.height


def ink_line_heights(image: Image.Image, box) -> list[int]:
    """Heights, in pixels, of the rows of dark letters inside a text box (its outline left out)."""
    x0, y0, x1, y1 = box
    inset = max(4, round(0.12 * (y1 - y0) / 4))
    crop = image.crop((x0 + inset, y0 + inset, x1 - inset, y1 - inset)).convert("L")
    width = crop.width
    pixels = crop.load()
    inked = [any(pixels[x, y] < 90 for x in range(width)) for y in range(crop.height)]
    heights, run = [], 0
    for row in [*inked, False]:
        if row:
            run += 1
        elif run:
            heights.append(run)
            run = 0
    return heights


def made_id(options) -> str:
    return "-".join(str(options.get(key, "")) for key in ("kind", "layout", "page_size")).strip("-")


@pytest.mark.parametrize("options", MADE, ids=made_id)
def test_every_word_prints_at_nine_points_or_more(alice, make_comic, options):
    comic = made(alice, make_comic, options)
    # The capital height of the lettering fonts (bubbles bold, captions regular), as a share of the body size.
    cap_share = min(-ImageFont.truetype(font, 1000).getbbox("H", anchor="ls")[1] / 1000 for font in FONTS)
    measured = 0
    for page in comic.pages.all():
        with page.image.open("rb") as fh:
            image = Image.open(io.BytesIO(fh.read())).convert("RGB")
        pt = points_per_pixel(comic, image)
        assert page.regions["size"] == [image.width, image.height]
        texts = [text for panel in page.regions["panels"] for text in panel["text"]]
        assert texts, f"page {page.number} has words"
        for text in texts:
            assert text["px"] * pt >= MIN_PRINT_PT, f"page {page.number}: {text['px']} px is {text['px'] * pt:.1f} pt"
            # The letters themselves: the tallest line of ink (a line with a capital or an
            # ascender; the last line may be a short "ok.") is at least a 9 pt capital tall.
            lines = ink_line_heights(image, text["box"])
            assert lines, f"page {page.number}: no letters inside {text['box']}"
            assert max(lines) * pt >= MIN_PRINT_PT * cap_share, (page.number, text, lines)
            measured += 1
    assert measured >= comic.page_count


def test_the_api_gives_each_page_its_panels_and_words(alice_client, finished_comic):
    """Other readers (apps, the guided view) get the same panel rectangles the page was lettered with."""
    pages = alice_client.get(f"/api/comics/{finished_comic.pk}/").json()["pages"]
    assert [len(page["regions"]["panels"]) for page in pages] == [len(page["panels"]) for page in pages]
    assert any(panel["text"] for page in pages for panel in page["regions"]["panels"]), "the comic has words"
    for page in pages:
        width, height = page["regions"]["size"]
        for panel in page["regions"]["panels"]:
            x0, y0, x1, y1 = panel["box"]
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
            for text in panel["text"]:
                tx0, ty0, tx1, ty1 = text["box"]
                assert x0 <= tx0 < tx1 <= x1 and y0 <= ty0 < ty1 <= y1, "words sit inside their panel"


def test_words_squeezed_below_nine_points_are_told_not_hidden(alice, make_comic, monkeypatch):
    """Far more words than a panel holds are set smaller (never clipped), and the job says so."""
    from comics import bookbinding, lettering
    from comics.steps import lettering as steps_lettering

    crowded = lettering.plan_panel(
        (300, 200), lines=[lettering.SpeechLine("Mia", "So many words that will not fit here at all. " * 6)]
    )
    texts = bookbinding.panel_texts(crowded, 0, 0)
    assert texts[0]["px"] < lettering.MIN_READABLE_PX
    assert bookbinding.squeezed_text({"panels": [{"box": [0, 0, 300, 200], "text": texts}]})

    real_letter_page = steps_lettering.letter_page

    def crowded_page(comic, page, panels):
        image, regions = real_letter_page(comic, page, panels)
        if page.number == 2:
            regions["panels"][0]["text"].append({"box": [10, 10, 50, 30], "px": 12})
        return bookbinding.LetteredPage(image, regions)

    monkeypatch.setattr(steps_lettering, "letter_page", crowded_page)
    _comic, job = make_comic(alice)
    job = run_job(job.pk)
    assert job.status == GenerationJob.Status.SUCCEEDED
    assert any("Page 2: some words were too many" in notice for notice in job.notices()), job.notices()
    assert not any("Page 1:" in notice for notice in job.notices())
