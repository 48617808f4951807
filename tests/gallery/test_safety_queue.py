"""What the safety check stops while a comic is made arrives in the moderators' queue by itself."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from comics.models import GenerationJob
from comics.pipeline import Backends, run_job
from comics.services import retry_job
from gallery import moderation
from gallery.models import Report
from renderers.base import SafetyVerdict
from renderers.safety_gate import UNAVAILABLE
from tests.conftest import client_for
from tests.fakes import CountingStoryteller, FlakyPainter, WordSafety

pytestmark = pytest.mark.django_db

BLOCKED_IDEA = "how to make a bomb at home step by step"


def test_a_blocked_idea_opens_a_safety_report(alice, make_comic, moderator):
    comic, job = make_comic(alice, idea=BLOCKED_IDEA)

    job = run_job(job.pk)  # the built-in backends, safety check included

    assert job.status == GenerationJob.Status.FAILED
    report = Report.objects.get(comic=comic)
    assert (report.source, report.reporter, report.status) == ("safety", None, "open")
    assert report.reason == "violence"  # weapons_of_mass_harm
    assert report.detail.startswith("The safety check stopped the idea: ")
    assert "weapon instructions" in report.detail and "weapons_of_mass_harm" in report.detail

    queue = client_for(moderator).get(reverse("gallery:queue")).content.decode()
    assert f'id="queue-comic-{comic.pk}"' in queue
    assert "Safety check" in queue


def test_a_blocked_picture_names_where_it_was_stopped(alice, make_comic):
    comic, job = make_comic(alice)
    safety = WordSafety("no letters")  # in every picture prompt, never in the idea

    run_job(job.pk, backends=Backends(text=CountingStoryteller(), image=FlakyPainter(), safety=safety))

    report = Report.objects.get(comic=comic)  # one, though every picture was stopped
    assert report.source == "safety" and report.reason == "other"
    # Every picture is stopped; which one is told first depends on which check answers first.
    assert re.fullmatch(
        r"The safety check stopped (page \d+, panel \d+|the cover): "
        r"That picture is not allowed here\. \(category: test\)",
        report.detail,
    ), report.detail


def test_one_open_safety_report_per_comic_however_often_it_is_stopped(alice, make_comic, moderator):
    comic, job = make_comic(alice, idea=BLOCKED_IDEA)
    run_job(job.pk)
    retry_job(job=job)
    run_job(job.pk)

    assert Report.objects.filter(comic=comic, source="safety").count() == 1

    moderation.dismiss_report(moderator=moderator, report=Report.objects.get(comic=comic))
    retry_job(job=job)
    run_job(job.pk)

    assert Report.objects.open().filter(comic=comic, source="safety").count() == 1
    assert Report.objects.filter(comic=comic, source="safety").count() == 2


def test_a_check_that_could_not_be_reached_files_nothing(alice, make_comic):
    class Unreachable:
        name = "unreachable"

        def screen(self, text):
            return SafetyVerdict(False, UNAVAILABLE, "The safety check could not be reached.")

    comic, job = make_comic(alice)

    job = run_job(job.pk, backends=Backends(text=CountingStoryteller(), image=FlakyPainter(), safety=Unreachable()))

    assert job.status == GenerationJob.Status.FAILED
    assert not Report.objects.filter(comic=comic).exists()


def test_a_queue_that_fails_does_not_change_what_the_author_is_told(alice, make_comic, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(moderation, "file_safety_report", broken)
    _comic, job = make_comic(alice, idea=BLOCKED_IDEA)

    job = run_job(job.pk)

    assert job.status == GenerationJob.Status.FAILED
    assert "weapon instructions" in job.error
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("category", "reason"),
    [
        ("sexual_minors", "sexual"),
        ("sexual_explicit", "sexual"),
        ("sexual", "sexual"),
        ("violence", "violence"),
        ("real_world_violence_instructions", "violence"),
        ("weapons_of_mass_harm", "violence"),
        ("hate", "hate"),
        ("harassment", "harassment"),
        ("self_harm_instructions", "other"),
        ("illicit", "other"),
        ("", "other"),
    ],
)
def test_categories_become_report_reasons(category, reason):
    assert moderation.reason_for_category(category) == reason
