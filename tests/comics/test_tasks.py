"""The Celery task around the pipeline."""

import pytest

from comics.models import GenerationJob
from comics.pipeline import claim_job
from comics.tasks import run_generation_job

pytestmark = pytest.mark.django_db


def test_the_task_runs_a_queued_job(alice, make_comic):
    _comic, job = make_comic(alice)
    run_generation_job.run(job.pk)
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.SUCCEEDED


def test_a_redelivered_copy_leaves_a_job_held_by_another_run_alone(alice, make_comic, dispatched):
    _comic, job = make_comic(alice)
    assert claim_job(job.pk) is not None  # a run that may still be alive holds it
    run_generation_job.run(job.pk)
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.RUNNING and job.attempts == 1, "the holder keeps its claim"
    assert dispatched == [], "and nothing is queued again: the sweep decides once the lease runs out"


def test_a_task_for_a_finished_job_does_nothing(alice, make_comic):
    _comic, job = make_comic(alice)
    run_generation_job.run(job.pk)
    run_generation_job.run(job.pk)
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.SUCCEEDED and job.attempts == 1
