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

log = logging.getLogger(__name__)

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def enqueue(job_id: int) -> None:
    transaction.on_commit(lambda: dispatch(job_id))


def dispatch(job_id: int) -> None:
    if settings.JOBS_IN_PROCESS:
        _in_process_pool().submit(_run_in_thread, job_id)
    else:
        from .tasks import run_generation_job

        run_generation_job.delay(job_id)


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
