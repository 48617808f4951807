"""What part of the story each page tells is kept with the page, so later pages follow the story as planned.

The built-in storyteller names each beat's stages when it plans or continues
a story; the pipeline stores them with the pages and hands them back in every
later request, however the author has moved or deleted pages since.
"""

from __future__ import annotations

import re

import pytest

from comics.models import GenerationJob
from comics.pipeline import Backends, run_job
from renderers.builtin.storyteller import find_brief
from tests.fakes import CountingStoryteller, FlakyPainter, WordSafety

pytestmark = pytest.mark.django_db


def counting() -> Backends:
    return Backends(CountingStoryteller(), FlakyPainter(), WordSafety())


def run(job_id: int, backends: Backends) -> None:
    job = run_job(job_id, backends=backends)
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error


def beat_words(comic) -> list[str]:
    return [" ".join(re.findall(r"[^\W_]+", page.beat.lower())) for page in comic.pages.all()]


def test_a_story_continued_after_its_ending_was_moved_last_repeats_no_page(alice, alice_client, make_comic):
    comic, job = make_comic(alice, pages=3, panels_per_page=1)
    backends = counting()
    run(job.pk, backends)
    assert [page.stage for page in comic.pages.all()] == ["home", "trouble", "climax ending"]
    briefs = [find_brief(call.messages) for call in backends.text.calls if call.schema_name == "comic_page"]
    assert {tuple(brief["stages"]) for brief in briefs} == {("home", "trouble", "climax ending")}

    response = alice_client.post(f"/api/comics/{comic.pk}/continue/", {"pages": 2})
    assert response.status_code == 202, response.content
    run(response.json()["id"], counting())
    added = [page.stage for page in comic.pages.all()[3:]]
    assert len(added) == 2 and all(added) and "ending" not in " ".join(added)

    # The ending goes to the back; its stages go with it.
    response = alice_client.post(f"/api/comics/{comic.pk}/pages/order/", {"order": [1, 2, 4, 5, 3]}, format="json")
    run(response.json()["id"], counting())
    assert comic.pages.last().stage == "climax ending"

    response = alice_client.post(f"/api/comics/{comic.pk}/continue/", {"pages": 2})
    assert response.status_code == 202, response.content
    run(response.json()["id"], counting())
    words = beat_words(comic)
    assert len(words) == 7 and len(set(words)) == 7, "no new page tells what a page before it told"
