"""The sweep: every few seconds, jobs whose worker died go back to the queue.

Each Celery worker runs it on a thread of its own (a worker bootstep, added
in ``config/celery.py``), and so does the in-process runner of ``make run``,
so a job whose worker was killed resumes on a live one within about a lease
plus one sweep, without anyone pressing Retry. Running it in many places at
once is safe: the requeue is a conditional UPDATE.
"""

from __future__ import annotations

import logging
import threading

from celery import bootsteps
from django.conf import settings
from django.db import close_old_connections, connections

log = logging.getLogger(__name__)


def sweep_once() -> list[int]:
    """One pass. Never raises: a database hiccup must not stop future sweeps."""
    from . import services

    try:
        close_old_connections()
        return services.requeue_abandoned_jobs()
    except Exception:
        log.warning("The job sweep failed; it runs again shortly", exc_info=True)
        return []


class Sweeper:
    """A daemon thread calling ``sweep_once`` every ``PANELCRAFT_JOB_SWEEP_SECONDS``."""

    def __init__(self, interval: float | None = None):
        self.interval = interval or settings.PANELCRAFT["JOB_SWEEP_SECONDS"]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="job-sweep", daemon=True)

    def start(self) -> Sweeper:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                sweep_once()
                # Between passes the thread holds no database session: it sleeps for seconds at a time, and a
                # session left open keeps the database from being dropped or migrated under it.
                _close_connections()
        finally:
            _close_connections()


def _close_connections() -> None:
    try:
        connections.close_all()
    except Exception:  # a database already gone: nothing is left to close
        log.debug("Could not close the sweep's database connection", exc_info=True)


class WorkerSweep(bootsteps.StartStopStep):
    """Runs the sweep inside every Celery worker, whatever its pool."""

    def __init__(self, parent, **kwargs):
        super().__init__(parent, **kwargs)
        self.sweeper: Sweeper | None = None

    def start(self, parent) -> None:
        self.sweeper = Sweeper().start()

    def stop(self, parent) -> None:
        if self.sweeper:
            self.sweeper.stop()
