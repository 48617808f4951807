"""The Celery task around the pipeline."""

import pytest
from celery.exceptions import Retry

from comics.models import GenerationJob
from comics.pipeline import claim_job
from comics.tasks import run_generation_job

pytestmark = pytest.mark.django_db


def test_the_task_runs_a_queued_job(alice, make_comic):
    _comic, job = make_comic(alice)
    run_generation_job.run(job.pk)
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.SUCCEEDED


def test_a_redelivered_task_comes_back_after_the_lease_when_the_job_is_held(alice, make_comic, settings, monkeypatch):
    _comic, job = make_comic(alice)
    assert claim_job(job.pk) is not None  # a run that then died holds it
    asked = {}

    def fake_retry(*, countdown):
        asked["countdown"] = countdown
        return Retry()

    monkeypatch.setattr(run_generation_job, "retry", fake_retry)
    with pytest.raises(Retry):
        run_generation_job.run(job.pk)
    assert asked == {"countdown": settings.PANELCRAFT["JOB_LEASE_SECONDS"]}


def test_a_task_for_a_finished_job_does_nothing(alice, make_comic, monkeypatch):
    _comic, job = make_comic(alice)
    run_generation_job.run(job.pk)
    monkeypatch.setattr(run_generation_job, "retry", lambda **kw: pytest.fail("no retry for a finished job"))
    run_generation_job.run(job.pk)
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.SUCCEEDED and job.attempts == 1
