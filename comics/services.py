"""Work that spans models: creating a comic with its job, cancelling, retrying.

Views, the API and the CLI all call these, so the rules live in one place.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from dataclasses import dataclass
from typing import Literal

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from . import book_format, jobs, layouts, messages, progress, providers, quotas
from .access import get_owned_job
from .models import Comic, GenerationJob, Page, Panel, PanelVersion

log = logging.getLogger(__name__)


class JobStateError(Exception):
    """The job is not in a state that allows this action."""


@transaction.atomic
def create_comic(
    *,
    owner,
    idea: str,
    kind: str = Comic.Kind.COMIC,
    pages: int = book_format.DEFAULT_PAGES,
    panels_per_page: int = book_format.DEFAULT_PANELS_PER_PAGE,
    style: str,
    layout: str = layouts.DEFAULT_LAYOUT,
    page_size: str = layouts.DEFAULT_PAGE_SIZE,
    seed: int | None = None,
    text_provider: int | None = None,
    image_provider: int | None = None,
    enqueue: bool = True,
) -> tuple[Comic, GenerationJob]:
    """Create the comic and its generation job; start the job after commit.

    Inputs are expected to be validated by a form or serializer already; the
    database constraints catch anything that slips through. ``text_provider``
    and ``image_provider`` name the owner's accounts to use instead of their
    defaults (a ValidationError on that field when they cannot). Over the
    owner's quota it raises ``quotas.QuotaExceeded`` and creates nothing.
    """
    panels_per_page, layout = book_format.page_shape(kind, panels_per_page=panels_per_page, layout=layout)
    picked = {
        kind_of_work: providers.account_for_comic(owner, account_id, kind_of_work, field=f"{kind_of_work}_provider")
        for kind_of_work, account_id in (("text", text_provider), ("image", image_provider))
        if account_id is not None
    }
    chosen = providers.choose_providers(owner, picked)
    quotas.charge(owner=owner, pages=pages)
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
        text_backend=chosen["text"]["backend"],
        image_backend=chosen["image"]["backend"],
        safety_backend=chosen["safety"]["backend"],
        providers=chosen,
    )
    job = GenerationJob.objects.create(comic=comic)
    if enqueue:
        jobs.enqueue(job.pk)
    return comic, job


def cancel_job(*, job: GenerationJob) -> GenerationJob:
    """Stop a queued or running job. The pipeline notices before its next save."""
    updated = GenerationJob.objects.filter(pk=job.pk, status__in=GenerationJob.ACTIVE).update(
        status=GenerationJob.Status.CANCELLED, stage="Cancelled", finished_at=timezone.now()
    )
    job.refresh_from_db()
    if not updated:
        raise JobStateError("This job has already finished.")
    drop_redraws_not_painted(job.comic_id)
    progress.publish(job.pk, messages.cancelled(percent=job.progress))
    return job


def drop_redraws_not_painted(comic_id: int) -> None:
    """A cancelled redraw is dropped: the panel goes back to the painting it shows, so no later edit paints it.

    Its page is lettered from the art in use anyway; an edited scene or prompt goes with the redraw.
    """
    for panel in Panel.objects.filter(page__comic_id=comic_id, repaint=True).exclude(art=""):
        shown = panel.versions.filter(art=panel.art.name).order_by("-number").first()
        if shown is not None:
            for name in Panel.ART_FIELDS:
                setattr(panel, name, getattr(shown, name))
        panel.repaint, panel.screened = False, True
        panel.save(update_fields=[*Panel.ART_FIELDS, "repaint", "screened"])


# A job whose runs have died this many times is failed rather than handed out again:
# something in it kills its worker (memory, a crashing library, the time limit).
MAX_ATTEMPTS = 5


@transaction.atomic
def retry_job(*, job: GenerationJob) -> GenerationJob:
    """Queue a failed, cancelled or stalled job again; it resumes from what is stored."""
    job.refresh_from_db()
    if job.status == GenerationJob.Status.QUEUED:
        raise JobStateError("This job is already waiting in the queue; it starts as soon as a worker is free.")
    if job.status in (GenerationJob.Status.FAILED, GenerationJob.Status.CANCELLED):
        candidates = GenerationJob.objects.filter(status=job.status)
    elif job.is_stalled:
        candidates = GenerationJob.objects.abandoned()  # still silent at the moment of the update
    else:
        raise JobStateError("Only a failed, cancelled or stalled job can be retried.")
    if job.status != GenerationJob.Status.RUNNING:  # a stalled job is counted among the active already
        quotas.check_room_for_a_job(owner=job.comic.owner)
    # Conditional on the state we saw, so two clicks queue it once.
    if not _back_to_queue(candidates, job):
        raise JobStateError("This job changed meanwhile; reload to see where it is.")
    job.refresh_from_db()
    return job


JOB_ACTIONS = {"cancel": cancel_job, "retry": retry_job}


@dataclass(frozen=True)
class JobChange:
    """What an owner's cancel or retry came to: the job as it is now and, if it was left as it was, why."""

    job: GenerationJob
    #: The job's state does not allow it, in words for its owner.
    refusal: str = ""
    #: A retry past the owner's limits (the API answers 429 with its Retry-After).
    over_quota: quotas.QuotaExceeded | None = None

    @property
    def refused(self) -> str:
        """Why nothing changed, in words ("" when it was done)."""
        return self.refusal or (str(self.over_quota) if self.over_quota else "")


def change_job(*, user, job_id: int, action: Literal["cancel", "retry"]) -> JobChange:
    """Cancel or retry one of ``user``'s jobs: the job page's buttons and the API both come here.

    Someone else's job is a 404, moderators' included. A refusal is returned
    rather than raised, so each caller says it its own way (a message on the
    job page, a 409 or a 429 from the API) with the job in hand.
    """
    job = get_owned_job(user, job_id)
    try:
        job = JOB_ACTIONS[action](job=job)
    except JobStateError as exc:
        return JobChange(job, refusal=str(exc))
    except quotas.QuotaExceeded as exc:
        return JobChange(job, over_quota=exc)
    return JobChange(job)


def requeue_abandoned_jobs() -> list[int]:
    """Hand jobs whose worker died back to the queue, so a live worker resumes them.

    Run every few seconds by each worker (and by the in-process runner): the
    conditional UPDATE lets exactly one sweep requeue a job however many run
    at once, and a run that was only slow finds its claim gone at its next
    write. The broker's own redelivery stays for what it is for; a
    redelivered copy finds the job claimed or queued and does nothing.
    """
    requeued = []
    for job in GenerationJob.objects.abandoned().only("pk", "attempts", "events", "progress"):
        candidates = GenerationJob.objects.abandoned()
        if job.attempts >= MAX_ATTEMPTS:
            _give_up(candidates, job)
            continue
        job.log(f"The worker running attempt {job.attempts} stopped answering; handed back to the queue")
        if _back_to_queue(candidates, job):
            requeued.append(job.pk)
    if requeued:
        log.warning("Requeued jobs whose worker stopped: %s", requeued)
    return requeued


def requeue_jobs_of_dead_processes() -> list[int]:
    """Hand back at once the running jobs claimed by a process of this machine that no longer exists.

    A server restarted without Redis knows its predecessor is gone; its
    jobs need not wait out their lease. A reused process id only means the
    job waits for the sweep as usual.
    """
    host = socket.gethostname()
    requeued = []
    running = GenerationJob.objects.filter(status=GenerationJob.Status.RUNNING, claimed_by__startswith=f"{host}:")
    for job in running.only("pk", "attempts", "events", "progress", "claimed_by"):
        pid = job.claimed_by.rpartition(":")[2]
        if not pid.isdigit() or _process_exists(int(pid)):
            continue
        job.log(f"The process running attempt {job.attempts} is gone; handed back to the queue")
        candidates = GenerationJob.objects.filter(status=GenerationJob.Status.RUNNING, claimed_by=job.claimed_by)
        if _back_to_queue(candidates, job):
            requeued.append(job.pk)
    return requeued


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


@transaction.atomic
def _back_to_queue(candidates, job: GenerationJob) -> bool:
    """Queue ``job`` again if it is still among ``candidates`` with the attempt seen; dispatch after commit."""
    taken = candidates.filter(pk=job.pk, attempts=job.attempts).update(
        status=GenerationJob.Status.QUEUED,
        error="",
        stage="Waiting to resume",
        finished_at=None,
        heartbeat_at=None,
        queued_at=timezone.now(),
        events=job.events,
    )
    if taken:
        jobs.enqueue(job.pk)
        message = messages.progress(status="queued", percent=job.progress, stage="Waiting to resume", stalled=False)
        transaction.on_commit(lambda: progress.publish(job.pk, message))
    return bool(taken)


def _give_up(candidates, job: GenerationJob) -> None:
    error = (
        f"This job stopped its worker {job.attempts} times, so it was not started again. "
        "Retry to try once more; everything made so far is kept."
    )
    job.log("Failed: " + error)
    failed = candidates.filter(pk=job.pk, attempts=job.attempts).update(
        status=GenerationJob.Status.FAILED, error=error, stage="Stopped", events=job.events, finished_at=timezone.now()
    )
    if failed:
        log.error("Job %s failed after %s attempts whose workers died", job.pk, job.attempts)
        progress.publish(job.pk, messages.failed(error=error, percent=job.progress))


@transaction.atomic
def delete_comic(*, comic: Comic) -> None:
    """Delete a comic with its jobs, rows and files.

    Active jobs are cancelled first (a run stops before its next save); the
    files go once the rows are gone for good, after commit.
    """
    active = GenerationJob.objects.filter(comic=comic, status__in=GenerationJob.ACTIVE)
    stopped = list(active.values_list("pk", flat=True))
    active.update(status=GenerationJob.Status.CANCELLED, stage="Deleted", finished_at=timezone.now())
    # Only its own: files outside its folder may be shared (a demo gallery's covers).
    files = sorted(name for name in recorded_files(comic.pk) if name.startswith(f"comics/{comic.pk}/"))
    comic.delete()
    transaction.on_commit(lambda: delete_files(files))
    for job_id in stopped:  # an open job page stops waiting
        transaction.on_commit(lambda job_id=job_id: progress.publish(job_id, messages.deleted()))


def comic_files(comic_id: int) -> list[str]:
    """Every file stored under a comic's folder, whether a row records it or not."""
    return list(_stored_files(default_storage, f"comics/{int(comic_id)}"))


def recorded_files(comic_id: int) -> set[str]:
    """Every file the comic's rows record: cover art and image, PDF, lettered pages, panel art and its versions."""
    fields = ("cover_art", "cover_image", "pdf")
    comic_names = Comic.objects.filter(pk=comic_id).values_list(*fields).first() or ()
    return {
        *(name for name in comic_names if name),
        *Page.objects.filter(comic_id=comic_id).exclude(image="").values_list("image", flat=True),
        *Panel.objects.filter(page__comic_id=comic_id).exclude(art="").values_list("art", flat=True),
        *PanelVersion.objects.filter(panel__page__comic_id=comic_id).values_list("art", flat=True),
    }


def delete_files(names: list[str]) -> None:
    """Delete stored files by name; one that cannot be deleted is logged, not raised (its rows are gone)."""
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # OSError on disk, botocore's own errors on S3
            log.warning("Could not delete %s", name, exc_info=True)


def _stored_files(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    yield from (f"{folder}/{name}" for name in files)
    for sub in folders:
        yield from _stored_files(storage, f"{folder}/{sub}")
