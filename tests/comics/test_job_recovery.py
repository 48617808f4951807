"""Jobs survive their worker: leases kept alive, dead runs swept back to the queue, places in the queue.

A run renews its lease while it waits on slow providers; a run whose worker
died goes silent, and the sweep every worker runs hands its job back to the
queue, where a live worker resumes it from what is stored. A job that waits
in the queue is waiting, never "stalled", and retrying it queues nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from comics import pipeline, services
from comics.jobs import dispatch as real_dispatch  # before the suite's recorder replaces it
from comics.models import Comic, GenerationJob, Panel
from comics.pipeline import Backends, claim_job, run_job
from comics.steps import binding
from comics.steps import lettering as steps_lettering
from comics.sweep import sweep_once
from comics.tasks import run_generation_job
from tests.fakes import CountingStoryteller, FlakyPainter, WordSafety

pytestmark = pytest.mark.django_db


def leave_for_dead(job: GenerationJob, *, seconds_ago: float) -> None:
    """What a worker killed mid-run leaves behind: a running job whose heartbeat stopped."""
    GenerationJob.objects.filter(pk=job.pk).update(
        status=GenerationJob.Status.RUNNING, heartbeat_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


def test_the_sweep_hands_a_dead_runs_job_back_once_and_a_live_worker_resumes_it(
    alice, make_comic, settings, dispatched, django_capture_on_commit_callbacks
):
    comic, job = make_comic(alice, pages=2, panels_per_page=3)
    job = run_job(job.pk, backends=Backends(CountingStoryteller(), FlakyPainter(fail_after=4), WordSafety()))
    painted_before = {p.pk: p.art.name for p in Panel.objects.filter(page__comic=comic).exclude(art="")}
    lease = settings.PANELCRAFT["JOB_LEASE_SECONDS"]

    leave_for_dead(job, seconds_ago=lease / 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_abandoned_jobs() == [], "a run within its lease may still be alive"

    leave_for_dead(job, seconds_ago=lease + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_abandoned_jobs() == [job.pk]
        assert services.requeue_abandoned_jobs() == [], "a second sweep (another worker's) queues nothing more"
    assert dispatched == [job.pk]
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.QUEUED and job.stage == "Waiting to resume"
    assert "stopped answering" in job.events[-1]["message"]

    # The dead run was killed between saving a picture and recording it.
    stray = Path(settings.MEDIA_ROOT) / "comics" / str(comic.pk) / "art" / "p2-3-art-99.png"
    stray.write_bytes(b"half a picture")

    painter = FlakyPainter()
    job = run_job(job.pk, backends=Backends(CountingStoryteller(), painter, WordSafety()))
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    assert job.attempts == 2
    assert len(painter.requests) == 7 - 4, "only what the dead run had not saved is painted"
    for panel in Panel.objects.filter(pk__in=painted_before):
        assert panel.art.name == painted_before[panel.pk]
    comic.refresh_from_db()
    stored = {str(path.relative_to(settings.MEDIA_ROOT)) for path in comic_files(settings, comic.pk)}
    assert stored == services.recorded_files(comic.pk), "every file is one the comic uses; the stray one is gone"
    assert len(stored) == 6 + 1 + 1 + 2 + 1  # panel art, cover art, cover, pages, PDF


class SweepingWhileSlow:
    """Wraps a backend method: each call takes ``delay`` seconds, then another worker's sweep runs."""

    def __init__(self, inner, method: str, delay: float, sweeps: list):
        self.inner, self.method, self.delay, self.sweeps = inner, method, delay, sweeps
        self.name = inner.name
        setattr(self, method, self._call)

    def _call(self, request):
        time.sleep(self.delay)
        self.sweeps.append(sweep_once())
        return getattr(self.inner, self.method)(request)


@pytest.mark.django_db(transaction=True)
def test_a_live_run_waiting_on_slow_calls_keeps_its_lease(alice, make_comic, settings, dispatched, monkeypatch):
    """Every call takes longer than the whole lease; the run still owns its job throughout."""
    settings.PANELCRAFT = {**settings.PANELCRAFT, "JOB_LEASE_SECONDS": 0.6}
    _comic, job = make_comic(alice, pages=1, panels_per_page=2)
    sweeps: list = []
    backends = Backends(
        text=SweepingWhileSlow(CountingStoryteller(), "complete_json", 0.9, sweeps),
        image=SweepingWhileSlow(FlakyPainter(), "paint", 0.9, sweeps),
        safety=SweepingWhileSlow(WordSafety(), "screen", 0.9, sweeps),
    )

    real_comic_pdf = binding.comic_pdf

    def slow_binding(*args, **kwargs):
        time.sleep(0.9)
        sweeps.append(sweep_once())
        return real_comic_pdf(*args, **kwargs)

    monkeypatch.setattr(binding, "comic_pdf", slow_binding)

    job = run_job(job.pk, backends=backends)

    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    assert job.attempts == 1
    assert len(sweeps) >= 6 and all(found == [] for found in sweeps), sweeps
    assert dispatched == []


def test_a_job_waiting_in_the_queue_shows_its_place_and_is_never_stalled(
    alice, alice_client, make_comic, settings, dispatched, django_capture_on_commit_callbacks
):
    queued = [make_comic(alice, idea=f"robot number {n} learns to juggle")[1] for n in range(20)]
    last = queued[-1]
    settings.PANELCRAFT = {**settings.PANELCRAFT, "JOB_LEASE_SECONDS": 0}  # long past any lease

    page = alice_client.get(reverse("comics:job", args=[last.pk])).content.decode()
    assert "Waiting in the queue: 19 comics ahead of yours." in page
    assert '<p class="job-stalled" id="job-stalled" role="status" hidden>' in page
    assert f'<form method="post" action="/jobs/{last.pk}/retry/" id="retry-form" hidden>' in page

    data = alice_client.get(reverse("api:job", args=[last.pk])).json()
    assert (data["queue_position"], data["stalled"]) == (20, False)

    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = alice_client.post(reverse("api:job_retry", args=[last.pk]))
        assert response.status_code == 409
        assert "already waiting in the queue" in response.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("comics:job_retry", args=[last.pk]))
    assert dispatched == [], "retrying a waiting job never queues it twice"

    assert claim_job(queued[0].pk) is not None  # a worker takes the first one
    assert alice_client.get(reverse("api:job", args=[last.pk])).json()["queue_position"] == 19
    second = alice_client.get(reverse("api:job", args=[queued[1].pk])).json()
    assert second["queue_note"] == "Next in the queue: it starts as soon as a worker is free."
    assert alice_client.get(reverse("api:job", args=[queued[0].pk])).json()["queue_position"] is None
    shelf = alice_client.get(reverse("comics:shelf")).content.decode()
    assert shelf.count(">Queued</span>") == 19 and shelf.count("Making&hellip; 0%") == 1


def comic_files(settings, comic_id: int) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "comics" / str(comic_id)
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


class DeletingPainter(FlakyPainter):
    """Paints; on the ``on_call``-th picture the author deletes the comic meanwhile."""

    def __init__(self, comic_id: int, on_call: int):
        super().__init__()
        self.comic_id, self.on_call = comic_id, on_call

    def paint(self, request):
        result = super().paint(request)
        if len(self.requests) == self.on_call:
            services.delete_comic(comic=Comic.objects.get(pk=self.comic_id))
        return result


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("while_", ["painting", "lettering"])
def test_deleting_a_comic_while_its_job_runs_stops_the_run_quietly(
    alice, make_comic, settings, monkeypatch, caplog, while_
):
    comic, job = make_comic(alice, pages=2, panels_per_page=3)
    settings.PANELCRAFT = {**settings.PANELCRAFT, "PAINT_CONCURRENCY": 1}
    painter = DeletingPainter(comic.pk, on_call=3 if while_ == "painting" else 0)
    if while_ == "lettering":
        real_letter_page = steps_lettering.letter_page
        deleted = threading.Event()

        def letter_page_as_the_author_deletes(comic_, page, panels):
            if not deleted.is_set():
                deleted.set()
                services.delete_comic(comic=Comic.objects.get(pk=comic.pk))
            return real_letter_page(comic_, page, panels)

        monkeypatch.setattr(steps_lettering, "letter_page", letter_page_as_the_author_deletes)
    backends = {"text": CountingStoryteller(), "image": painter, "safety": WordSafety()}
    monkeypatch.setattr(pipeline.providers, "build_backends", lambda comic, **_: backends)

    with caplog.at_level(logging.INFO):
        run_generation_job.run(job.pk)  # the Celery task: it must not fail either

    assert not Comic.objects.filter(pk=comic.pk).exists()
    assert not GenerationJob.objects.filter(pk=job.pk).exists()
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert problems == [], [r.getMessage() for r in problems]
    assert any("its comic was deleted" in r.getMessage() for r in caplog.records)
    assert comic_files(settings, comic.pk) == [], "no file of the deleted comic is left behind"


def test_without_redis_the_server_picks_up_what_its_last_process_left(alice, make_comic, dispatched, monkeypatch):
    """In-process jobs die with the server: on its first request, queued ones run again and the sweep starts."""
    from comics import jobs
    from comics.sweep import Sweeper

    waiting = make_comic(alice)[1]
    running_job = make_comic(alice, idea="a robot learns to paint")[1]
    claim_job(running_job.pk)
    sweepers = []
    monkeypatch.setattr(Sweeper, "start", lambda self: sweepers.append(self) or self)
    monkeypatch.setattr(jobs, "_sweeper", None)

    jobs.start_in_process_runner()
    jobs.start_in_process_runner()  # a second request starts nothing more

    assert dispatched == [waiting.pk], "the waiting job is run again; this process's own run is left alone"
    assert len(sweepers) == 1


def test_a_stopped_runner_ends_its_sweep_and_the_next_start_begins_another(monkeypatch):
    from comics import jobs

    monkeypatch.setattr(jobs, "_sweeper", None)
    jobs.start_in_process_runner()
    first = jobs._sweeper
    assert first._thread.is_alive()

    jobs.stop_in_process_runner()
    assert not first._thread.is_alive()
    jobs.start_in_process_runner()
    try:
        assert jobs._sweeper is not first and jobs._sweeper._thread.is_alive()
    finally:
        jobs.stop_in_process_runner()


def test_at_restart_a_job_claimed_by_a_process_that_is_gone_is_handed_back_at_once(
    alice, make_comic, dispatched, monkeypatch, django_capture_on_commit_callbacks
):
    """No waiting out the lease when the claiming process is known to be dead."""
    import socket
    import subprocess
    import sys

    from comics import jobs
    from comics.sweep import Sweeper

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphan = make_comic(alice)[1]
    alive = make_comic(alice, idea="a robot learns to paint")[1]
    claim_job(orphan.pk)
    claim_job(alive.pk)  # by this very process
    GenerationJob.objects.filter(pk=orphan.pk).update(claimed_by=f"{socket.gethostname()}:{gone.stdout.strip()}")
    monkeypatch.setattr(Sweeper, "start", lambda self: self)
    monkeypatch.setattr(jobs, "_sweeper", None)

    with django_capture_on_commit_callbacks(execute=True):
        jobs.start_in_process_runner()

    assert dispatched == [orphan.pk]
    orphan.refresh_from_db()
    alive.refresh_from_db()
    assert orphan.status == GenerationJob.Status.QUEUED and "is gone" in orphan.events[-1]["message"]
    assert alive.status == GenerationJob.Status.RUNNING


@pytest.mark.django_db(transaction=True)
def test_a_run_overtaken_between_check_and_save_records_nothing_and_leaves_no_file(
    alice, make_comic, settings, monkeypatch
):
    """The newer claim lands in the instant between the old run's last check and its save."""
    comic, job = make_comic(alice, pages=1, panels_per_page=4)
    settings.PANELCRAFT = {**settings.PANELCRAFT, "PAINT_CONCURRENCY": 1}
    monkeypatch.setattr(pipeline.ComicRun, "ensure_still_mine", lambda self: None)

    class OvertakenPainter(FlakyPainter):
        def paint(self, request):
            result = super().paint(request)
            if len(self.requests) == 3:  # the sweep requeued the job and another worker claimed it
                GenerationJob.objects.filter(pk=job.pk).update(attempts=F("attempts") + 1)
            return result

    run_job(job.pk, backends=Backends(CountingStoryteller(), OvertakenPainter(), WordSafety()))

    comic.refresh_from_db()
    painted = Panel.objects.filter(page__comic=comic).exclude(art="").count() + bool(comic.cover_art)
    assert painted == 2, "nothing recorded after the claim"
    stored = {str(path.relative_to(settings.MEDIA_ROOT)) for path in comic_files(settings, comic.pk)}
    assert stored == services.recorded_files(comic.pk), "the third picture's file went with its run"


@pytest.mark.django_db(transaction=True)
def test_pictures_still_being_painted_when_the_job_is_cancelled_leave_no_files(alice, make_comic, settings):
    """The run stops at once; the paintings it no longer waits for store their files later, and remove them."""
    comic, job = make_comic(alice, pages=1, panels_per_page=4)
    settings.PANELCRAFT = {**settings.PANELCRAFT, "PAINT_CONCURRENCY": 8}
    release = threading.Event()

    class CancelledWhilePainting(FlakyPainter):
        def __init__(self):
            super().__init__()
            self.asked = self.returned = 0

        def paint(self, request):
            with self.lock:
                self.asked += 1
                first = self.asked == 1
            if first:  # the author cancels while the other pictures are being painted
                while self.asked < 5:
                    time.sleep(0.01)
                services.cancel_job(job=GenerationJob.objects.get(pk=job.pk))
            else:
                release.wait(timeout=30)
            try:
                return super().paint(request)
            finally:
                with self.lock:
                    self.returned += 1

    painter = CancelledWhilePainting()
    run_job(job.pk, backends=Backends(CountingStoryteller(), painter, WordSafety()))
    assert GenerationJob.objects.get(pk=job.pk).status == GenerationJob.Status.CANCELLED
    release.set()
    deadline = time.monotonic() + 30
    while (painter.returned < 5 or comic_files(settings, comic.pk)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert painter.returned == 5, "the cover and four panels were painted"
    assert comic_files(settings, comic.pk) == [], "no picture the run did not record is left on disk"
    assert services.recorded_files(comic.pk) == set()


def test_a_job_the_queue_cannot_take_fails_with_a_word_why_and_can_be_retried(
    alice, make_comic, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from comics import jobs
    from comics.tasks import run_generation_job

    _comic, job = make_comic(alice)
    monkeypatch.setattr(jobs, "dispatch", real_dispatch)
    settings.JOBS_IN_PROCESS = False

    def broker_down(job_id):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(run_generation_job, "delay", broker_down)
    jobs.dispatch(job.pk)

    job.refresh_from_db()
    assert job.status == GenerationJob.Status.FAILED
    assert (
        job.error
        == "The job queue could not be reached, so this job did not start. Retry in a moment; nothing is lost."
    )
    sent = []
    monkeypatch.setattr(run_generation_job, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_job(job=job)
    assert sent == [job.pk]


def test_a_job_whose_workers_keep_dying_is_failed_instead_of_handed_out_again(
    alice, make_comic, dispatched, django_capture_on_commit_callbacks
):
    _comic, job = make_comic(alice)
    GenerationJob.objects.filter(pk=job.pk).update(attempts=services.MAX_ATTEMPTS)
    leave_for_dead(job, seconds_ago=3600)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_abandoned_jobs() == []
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.FAILED
    assert f"stopped its worker {services.MAX_ATTEMPTS} times" in job.error
    assert dispatched == []

    with django_capture_on_commit_callbacks(execute=True):
        services.retry_job(job=job)  # the author may still try once more
    assert dispatched == [job.pk]


@pytest.mark.asyncio
async def test_the_servers_first_request_starts_the_in_process_runner_once(settings, monkeypatch):
    from channels.testing import HttpCommunicator

    from comics import jobs

    settings.JOBS_IN_PROCESS = True
    started = []
    monkeypatch.setattr(jobs, "_start_runner_on_own_thread", lambda: started.append(1))

    async def page(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    app = jobs.resume_on_first_request(page)
    for _ in range(3):
        assert (await HttpCommunicator(app, "GET", "/").get_response())["status"] == 200
    assert started == [1]


def test_a_sweep_that_cannot_reach_the_database_tries_again_next_time(monkeypatch):
    """The sweep's thread outlives a database hiccup: one failed pass must not end every later one."""
    from comics import sweep

    def unreachable():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(sweep, "close_old_connections", unreachable)
    assert sweep.sweep_once() == []
