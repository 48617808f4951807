"""Which characters the lettering cannot draw, so a job can say so instead of dropping them silently."""

from __future__ import annotations

import html

import pytest
from PIL import Image, ImageChops

from comics.lettering import REGULAR_FONT, SpeechLine, letter_panel, plan_panel, printable_text, unlettered
from comics.models import GenerationJob, Page, Panel
from comics.pipeline import run_job
from tests.conftest import client_for

DIALOGUE = "I'll find the 宝物 treasure 🔑 مفتاح."
PANEL = (558, 814)
ART_COLOUR = (70, 110, 160)


def test_the_characters_left_out_of_a_line_are_named():
    assert unlettered(DIALOGUE) == "宝物🔑مفتاح"
    assert list(unlettered(DIALOGUE)) == ["宝", "物", "🔑", "م", "ف", "ت", "ا", "ح"]


def test_each_character_is_named_once_in_the_order_it_first_appears():
    assert unlettered("物 宝 物物 🔑 宝 🔑") == "物宝🔑"


def test_accented_latin_is_fully_lettered():
    assert unlettered("Café Noël, señor") == ""
    assert unlettered("Zürich, Kraków, Ærøskøbing, Şişli, Čeština: ¿qué? «ça» — déjà vu… “quoted” €5") == ""
    assert unlettered("Café Noël, señor", REGULAR_FONT) == ""


def test_a_letter_lettered_without_its_accent_is_not_named():
    assert printable_text("Ağa") == "Aga"  # the font has no ğ; it is lettered as g
    assert unlettered("Ağa") == ""


def test_other_scripts_and_emoji_are_named_but_invisible_marks_are_not():
    assert unlettered("Привет, Γειά, שלום") == "ПриветΓειάשלום"
    assert unlettered("I ❤️ tea") == "❤"  # not the invisible variation selector after it
    assert unlettered("a\u200db\u200fc") == ""  # a zero-width joiner and a direction mark
    assert unlettered("") == ""


def test_a_bubble_with_that_line_still_letters_the_latin_words():
    plan = plan_panel(PANEL, lines=[SpeechLine("Mia", DIALOGUE)])

    assert len(plan.bubbles) == 1
    assert " ".join(plan.bubbles[0].layout.lines) == "I'll find the treasure."

    art = Image.new("RGB", (640, 960), ART_COLOUR)
    lettered = letter_panel(art, size=PANEL, lines=[SpeechLine("Mia", DIALOGUE)])
    latin_only = letter_panel(art, size=PANEL, lines=[SpeechLine("Mia", "I'll find the treasure.")])
    blank = letter_panel(art, size=PANEL, lines=[])
    assert ImageChops.difference(lettered, latin_only).getbbox() is None
    assert ImageChops.difference(lettered, blank).getbbox() is not None


@pytest.mark.django_db
def test_the_studio_says_which_scripts_are_lettered(alice_client):
    page = html.unescape(alice_client.get("/studio/").content.decode())

    assert "lettered in Latin script" in page
    assert "emoji are left out of the lettering" in page


@pytest.mark.django_db
def test_the_job_log_says_what_could_not_be_lettered(finished_comic):
    panel = Panel.objects.filter(page__comic=finished_comic, page__index=1).first()
    speaker = panel.dialogue[0]["speaker"] if panel.dialogue else finished_comic.cast.first().name
    panel.dialogue = [{"speaker": speaker, "text": DIALOGUE}]
    panel.save(update_fields=["dialogue"])
    Page.objects.filter(pk=panel.page_id).update(image="")  # the edited page is lettered again

    job = run_job(GenerationJob.objects.create(comic=finished_comic).pk)

    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    notes = [event["message"] for event in job.events if "could not letter" in event["message"]]
    assert notes == ["Page 2: could not letter 宝 物 🔑 م ف ت ا ح (only Latin-script text is lettered)"]
    assert job.notices() == notes, "the author is told too"
    page = client_for(finished_comic.owner).get(f"/jobs/{job.pk}/").content.decode()
    assert '<ul class="job-notices" id="job-notices" aria-label="Notes on this comic">' in page
    assert html.escape(notes[0]) in page
