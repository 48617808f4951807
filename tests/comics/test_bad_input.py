"""Bad input to the API and the studio form: a clear 400 (or a re-rendered form) and nothing created."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from comics.models import Comic, GenerationJob

pytestmark = pytest.mark.django_db

COMICS_URL = "/api/comics/"
STUDIO_URL = "/studio/"
VALID = {
    "idea": "a shy dragon who opens a tiny tea shop",
    "kind": "comic",
    "pages": 3,
    "panels_per_page": 4,
    "style": "classic-comic",
    "layout": "grid",
    "page_size": "a4-portrait",
    "seed": 11,
}


def counts() -> tuple[int, int]:
    return Comic.objects.count(), GenerationJob.objects.count()


def with_changes(**changes) -> dict:
    data = {**VALID, **changes}
    return {key: value for key, value in data.items() if value is not ...}


# (changes to a valid request, the field that must be reported, words the message must contain)
BAD_API_INPUT = [
    pytest.param({"idea": ...}, "idea", "Type an idea", id="missing-idea"),
    pytest.param({"idea": ""}, "idea", "Type an idea", id="empty-idea"),
    pytest.param({"idea": "   \n\t  "}, "idea", "Type an idea", id="whitespace-idea"),
    pytest.param({"idea": "x" * 1001}, "idea", "1,000 characters", id="idea-1001-chars"),
    pytest.param({"pages": 0}, "pages", "1", id="pages-0"),
    pytest.param({"pages": 13}, "pages", "12", id="pages-13"),
    pytest.param({"pages": "three"}, "pages", "whole number", id="pages-not-a-number"),
    pytest.param({"pages": 2.5}, "pages", "whole number", id="pages-fraction"),
    pytest.param({"panels_per_page": 0}, "panels_per_page", "1", id="panels-0"),
    pytest.param({"panels_per_page": 7}, "panels_per_page", "6", id="panels-7"),
    pytest.param({"style": "nope"}, "style", "nope", id="unknown-style"),
    pytest.param({"layout": "spiral"}, "layout", "spiral", id="unknown-layout"),
    pytest.param({"kind": "novel"}, "kind", "novel", id="unknown-kind"),
    pytest.param({"page_size": "a3"}, "page_size", "a3", id="unknown-page-size"),
    pytest.param({"seed": -1}, "seed", "0", id="negative-seed"),
    pytest.param({"seed": 2**31}, "seed", str(2**31 - 1), id="seed-too-big"),
    pytest.param({"seed": "lucky"}, "seed", "whole number", id="seed-not-a-number"),
    pytest.param(
        {"kind": "picture_book", "panels_per_page": 3},
        "panels_per_page",
        "picture book",
        id="picture-book-with-3-panels",
    ),
]


@pytest.mark.parametrize(("changes", "field", "words"), BAD_API_INPUT)
def test_api_rejects_bad_input_and_creates_nothing(alice_client, dispatched, changes, field, words):
    before = counts()

    response = alice_client.post(COMICS_URL, with_changes(**changes), content_type="application/json")

    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    message = " ".join(errors[field])
    assert words.lower() in message.lower(), message
    assert counts() == before
    assert dispatched == []


def test_api_reports_every_bad_field_at_once(alice_client):
    response = alice_client.post(
        COMICS_URL, {"idea": "", "pages": 99, "style": "nope", "page_size": "a3"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert {"idea", "pages", "style", "page_size"} <= set(response.json())
    assert counts() == (0, 0)


def test_api_idea_message_names_the_limit_and_the_length(alice_client):
    response = alice_client.post(COMICS_URL, with_changes(idea="y" * 1500), content_type="application/json")

    assert response.status_code == 400
    message = " ".join(response.json()["idea"])
    assert "1,000" in message
    assert "1,500" in message


def test_api_accepts_an_idea_of_exactly_1000_characters(alice, alice_client):
    idea = "a" * 1000

    response = alice_client.post(COMICS_URL, with_changes(idea=idea), content_type="application/json")

    assert response.status_code == 201, response.content
    assert Comic.objects.get(pk=response.json()["id"]).idea == idea
    assert counts() == (1, 1)


def test_api_accepts_the_limits_of_pages_and_panels(alice_client):
    low = alice_client.post(COMICS_URL, with_changes(pages=1, panels_per_page=1), content_type="application/json")
    high = alice_client.post(COMICS_URL, with_changes(pages=12, panels_per_page=6), content_type="application/json")

    assert low.status_code == 201, low.content
    assert high.status_code == 201, high.content
    assert counts() == (2, 2)


def test_api_picture_book_with_one_panel_is_fine(alice_client):
    response = alice_client.post(
        COMICS_URL,
        with_changes(kind="picture_book", panels_per_page=1, style="storybook"),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    comic = Comic.objects.get(pk=response.json()["id"])
    assert comic.panels_per_page == 1
    assert comic.layout == "full-page"


def test_api_rejects_a_body_that_is_not_json(alice_client):
    response = alice_client.post(COMICS_URL, "{idea: oops", content_type="application/json")

    assert response.status_code == 400
    assert counts() == (0, 0)


# --- The studio form -----------------------------------------------------------------------

# (changes, the message a person must see on the re-rendered page)
BAD_FORM_INPUT = [
    pytest.param({"idea": ...}, "Type an idea for your story.", id="missing-idea"),
    pytest.param({"idea": ""}, "Type an idea for your story.", id="empty-idea"),
    pytest.param({"idea": "   \n  "}, "Type an idea for your story.", id="whitespace-idea"),
    pytest.param({"idea": "x" * 1001}, "1,000 characters", id="idea-1001-chars"),
    pytest.param({"pages": 0}, "A comic has at least 1 page.", id="pages-0"),
    pytest.param({"pages": 13}, "A comic has at most 12 pages.", id="pages-13"),
    pytest.param({"pages": "three"}, "The number of pages is a whole number from 1 to 12.", id="pages-not-a-number"),
    pytest.param({"panels_per_page": 0}, "A page has at least 1 panel.", id="panels-0"),
    pytest.param({"panels_per_page": 7}, "A page has at most 6 panels.", id="panels-7"),
    pytest.param({"panels_per_page": ""}, "Choose how many panels each page has", id="panels-missing"),
    pytest.param({"style": "nope"}, "Choose one of the styles listed.", id="unknown-style"),
    pytest.param({"layout": "spiral"}, "Choose one of the layouts listed.", id="unknown-layout"),
    pytest.param({"kind": "novel"}, "Choose one of the kinds listed.", id="unknown-kind"),
    pytest.param({"page_size": "a3"}, "Choose one of the page sizes listed.", id="unknown-page-size"),
    pytest.param({"seed": -1}, "The seed is a whole number from 0 to 2147483647.", id="negative-seed"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_FORM_INPUT)
def test_studio_rerenders_with_the_error_and_creates_nothing(alice_client, dispatched, changes, message):
    before = counts()

    response = alice_client.post(STUDIO_URL, with_changes(**changes))

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert message in page
    assert 'class="form-errors"' in page, "the form should say that something needs fixing"
    assert counts() == before
    assert dispatched == []


def test_studio_keeps_what_was_typed_when_it_rerenders(alice_client):
    response = alice_client.post(STUDIO_URL, with_changes(idea="a lighthouse keeper's cat", pages=13))

    assert response.status_code == 200
    assert "a lighthouse keeper's cat" in html.unescape(response.content.decode())


def test_studio_idea_error_names_the_limit(alice_client):
    response = alice_client.post(STUDIO_URL, with_changes(idea="z" * 1200))

    page = html.unescape(response.content.decode())
    assert "Keep the idea to 1,000 characters at most" in page
    assert "1,200" in page
    assert counts() == (0, 0)


def test_studio_accepts_an_idea_of_exactly_1000_characters(alice_client):
    response = alice_client.post(STUDIO_URL, with_changes(idea="b" * 1000))

    assert response.status_code == 302
    assert Comic.objects.get().idea == "b" * 1000


def test_a_valid_studio_post_redirects_to_the_job_and_creates_one_comic(alice, alice_client):
    response = alice_client.post(STUDIO_URL, VALID)

    assert counts() == (1, 1)
    comic = Comic.objects.get()
    job = GenerationJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("comics:job", args=[job.pk])
    assert job.comic == comic
    assert comic.owner == alice
    assert comic.idea == VALID["idea"]
    assert (comic.page_count, comic.panels_per_page, comic.seed) == (3, 4, 11)
    assert job.status == GenerationJob.Status.QUEUED


def test_a_studio_picture_book_ignores_the_panel_count(alice_client):
    """Picture books hide the panel field in the studio, so whatever it holds is ignored."""
    response = alice_client.post(STUDIO_URL, with_changes(kind="picture_book", panels_per_page=3, layout=""))

    assert response.status_code == 302
    comic = Comic.objects.get()
    assert comic.kind == "picture_book"
    assert comic.panels_per_page == 1
    assert comic.layout == "full-page"


def test_the_studio_page_shows_the_form(alice_client):
    response = alice_client.get(STUDIO_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="idea"' in page
    assert "Make my comic" in page
