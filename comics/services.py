"""Work that spans models: creating a comic with its job, cancelling, retrying.

Views, the API and the CLI all call these, so the rules live in one place.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import jobs, layouts, progress
from .models import Comic, GenerationJob


class JobStateError(Exception):
    """The job is not in a state that allows this action."""


@transaction.atomic
def create_comic(
    *,
    owner,
    idea: str,
    kind: str = Comic.Kind.COMIC,
    pages: int = 4,
    panels_per_page: int = 4,
    style: str,
    layout: str = layouts.DEFAULT_LAYOUT,
    page_size: str = layouts.DEFAULT_PAGE_SIZE,
    seed: int | None = None,
    enqueue: bool = True,
) -> tuple[Comic, GenerationJob]:
    """Create the comic and its generation job; start the job after commit.

    Inputs are expected to be validated by a form or serializer already; the
    database constraints catch anything that slips through.
    """
    if kind == Comic.Kind.PICTURE_BOOK:
        panels_per_page, layout = 1, layouts.PICTURE_BOOK_LAYOUT.slug
    conf = settings.PANELCRAFT
    comic = Comic.objects.create(
        owner=owner,
        idea=idea.strip(),
        kind=kind,
        page_count=pages,
        panels_per_page=panels_per_page,
        style=style,
        layout=layout,
        page_size=page_size,
        seed=secrets.randbelow(2**31) if seed is None else seed,
        text_backend=conf["TEXT_BACKEND"],
        image_backend=conf["IMAGE_BACKEND"],
        safety_backend=conf["SAFETY_BACKEND"],
    )
    job = GenerationJob.objects.create(comic=comic)
    if enqueue:
        jobs.enqueue(job.pk)
    return comic, job


def cancel_job(*, job: GenerationJob) -> GenerationJob:
    """Stop a queued or running job. The pipeline notices at its next step."""
    updated = GenerationJob.objects.filter(pk=job.pk, status__in=GenerationJob.ACTIVE).update(
        status=GenerationJob.Status.CANCELLED, stage="Cancelled", finished_at=timezone.now()
    )
    job.refresh_from_db()
    if not updated:
        raise JobStateError("This job has already finished.")
    progress.publish(job.pk, {"type": "cancelled", "progress": job.progress})
    return job


@transaction.atomic
def retry_job(*, job: GenerationJob) -> GenerationJob:
    """Queue a failed or cancelled job again; it resumes from what is stored."""
    updated = GenerationJob.objects.filter(
        pk=job.pk, status__in=(GenerationJob.Status.FAILED, GenerationJob.Status.CANCELLED)
    ).update(status=GenerationJob.Status.QUEUED, error="", stage="Waiting to resume", finished_at=None)
    job.refresh_from_db()
    if not updated:
        raise JobStateError("Only a failed or cancelled job can be retried.")
    jobs.enqueue(job.pk)
    return job
