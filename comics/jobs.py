"""Where a queued job runs: a Celery worker, or a thread in this process.

With REDIS_URL set, jobs go to Celery. Without it (``make run`` on a fresh
machine) they run on a small thread pool inside the server process, so the
in-memory channel layer of that same process carries their progress.
Either way the job id is the only thing handed over, after the transaction
that created the job commits.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from . import messages, progress
from .models import GenerationJob

log = logging.getLogger(__name__)

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_sweeper = None


def enqueue(job_id: int) -> None:
    transaction.on_commit(lambda: dispatch(job_id))


def dispatch(job_id: int) -> None:
    """Hand the job to a worker. If the queue cannot take it, the job fails with a word why.

    A queued job whose message never reached the broker would otherwise wait
    for ever: nothing else hands out queued jobs. Failed, it can be retried.
    """
    try:
        if settings.JOBS_IN_PROCESS:
            _in_process_pool().submit(_run_in_thread, job_id)
        else:
            from .tasks import run_generation_job

            run_generation_job.delay(job_id)
    except Exception:
        log.exception("Could not hand job %s to a worker", job_id)
        _fail_undelivered(job_id)


def _fail_undelivered(job_id: int) -> None:
    error = "The job queue could not be reached, so this job did not start. Retry in a moment; nothing is lost."
    failed = GenerationJob.objects.filter(pk=job_id, status=GenerationJob.Status.QUEUED).update(
        status=GenerationJob.Status.FAILED, error=error, stage="Stopped", finished_at=timezone.now()
    )
    if failed:
        progress.publish(job_id, messages.failed(error=error))


def _in_process_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=settings.JOBS_IN_PROCESS_WORKERS, thread_name_prefix="job")
        return _pool


def _run_in_thread(job_id: int) -> None:
    from .pipeline import run_job

    try:
        run_job(job_id)
    except Exception:
        log.exception("Job %s crashed outside the pipeline", job_id)
    finally:
        connections.close_all()  # this thread's connections only


def start_in_process_runner() -> None:
    """At server start, without Redis: pick up what the last server process left.

    Jobs queued in memory died with that process, so they are dispatched
    again; running ones whose process is gone are handed back to the queue
    at once rather than after their lease. Claims are exclusive, so a job
    dispatched twice still runs once.
    """
    global _sweeper
    from .sweep import Sweeper

    with _pool_lock:
        if _sweeper is not None:
            return
        _sweeper = Sweeper().start()
    try:
        waiting = list(GenerationJob.objects.filter(status=GenerationJob.Status.QUEUED).values_list("pk", flat=True))
    except Exception:  # not migrated yet: nothing can be waiting
        log.info("No jobs table yet; nothing to resume", exc_info=True)
        return
    for job_id in waiting:
        dispatch(job_id)
    from . import services

    services.requeue_jobs_of_dead_processes()


def stop_in_process_runner() -> None:
    """Stop the sweep the runner started, if any; the next server start begins a new one.

    For a process that outlives its database, as a test run does: a sweep still running would keep trying it.
    """
    global _sweeper
    with _pool_lock:
        sweeper, _sweeper = _sweeper, None
    if sweeper is not None:
        sweeper.stop()


def _start_runner_on_own_thread() -> None:
    try:
        start_in_process_runner()
    finally:
        connections.close_all()  # this one-off thread's connections only


def resume_on_first_request(app):
    """Wrap the server's HTTP app so that, without Redis, its first request starts the runner.

    Only a serving process gets requests, so management commands and tests
    that import the ASGI application start nothing.
    """
    if not settings.JOBS_IN_PROCESS:
        return app
    from asgiref.sync import sync_to_async

    started = threading.Event()

    async def app_that_resumes_jobs(scope, receive, send):
        if not started.is_set():
            started.set()
            await sync_to_async(_start_runner_on_own_thread, thread_sensitive=False)()
        return await app(scope, receive, send)

    return app_that_resumes_jobs
