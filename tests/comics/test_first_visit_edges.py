"""Small things a first visit showed: each says exactly what happened."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comics.models import Comic, GenerationJob
from comics.pipeline import run_job
from tests.http import body_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("idea", [12345, 1.5, True, ["a", "list"], {"a": "dict"}])
def test_an_idea_that_is_not_text_is_refused_and_nothing_is_made(alice_client, idea):
    response = alice_client.post("/api/comics/", {"idea": idea}, content_type="application/json")

    assert response.status_code == 400
    assert "as text" in response.json()["idea"][0]
    assert not Comic.objects.exists()


def test_the_lettering_count_names_pages_not_the_cover(alice, make_comic, monkeypatch):
    from comics import progress

    told: list[dict] = []
    real_publish = progress.publish
    monkeypatch.setattr(
        progress, "publish", lambda job_id, message: (told.append(message), real_publish(job_id, message))
    )
    _comic, job = make_comic(alice, pages=2, panels_per_page=1)
    job = run_job(job.pk)
    assert job.status == GenerationJob.Status.SUCCEEDED

    stages = [m.get("stage", "") for m in told if m.get("stage", "").startswith("Lettered")]
    assert "Lettered 2 of 2 pages" in stages
    assert "Lettered 3 of 3 pages" not in stages and "Lettered 2 of 3 pages" not in stages
    assert "Lettered the cover" in stages


def test_the_first_api_token_does_not_speak_of_a_previous_one(alice_client):
    first = body_of(alice_client.post(reverse("accounts:regenerate_token"), follow=True)).decode()
    assert "Your API token was created." in first
    assert "previous one" not in first

    second = body_of(alice_client.post(reverse("accounts:regenerate_token"), follow=True)).decode()
    assert "The previous one no longer works." in second


def test_cancelling_says_so_once(alice, alice_client, make_comic):
    _comic, job = make_comic(alice)

    page = body_of(alice_client.post(reverse("comics:job_cancel", args=[job.pk]), follow=True)).decode()

    assert page.count("Everything made so far is kept") == 1
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.CANCELLED


@pytest.mark.parametrize(
    ("options", "note"),
    [
        ({}, "as soon as its pictures are painted and its speech bubbles lettered"),
        (
            {"kind": "picture_book", "style": "storybook", "panels_per_page": 1},
            "as soon as its picture is painted and its words are set",
        ),
    ],
)
def test_before_any_page_the_job_page_says_each_comes_as_it_is_ready(alice, alice_client, make_comic, options, note):
    _comic, job = make_comic(alice, **options)

    page = body_of(alice_client.get(reverse("comics:job", args=[job.pk]))).decode()

    assert f"Each page appears here {note}." in page
