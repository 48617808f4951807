"""Slow calls on thread pools, their results saved on the job's own thread as they arrive.

A run's steps hand work to lanes (text calls, safety checks, paintings,
lettering), each a pool of its own size. Whatever a result makes possible is
submitted from its save: a page's pictures start painting the moment its
script is saved, and the page is lettered the moment its last picture is.
Every database write happens in a save, on the job's thread, which keeps
SQLite happy and makes each saved artefact visible at once.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

from django.db import connections

from renderers.base import BackendError

log = logging.getLogger(__name__)


class PipelineError(Exception):
    """Stops the job. The message is shown to the author as is."""


class JobCancelled(Exception):
    """The run lost its job (cancelled, deleted or taken over by a newer run)."""


class Flow:
    """Lanes of pools and the loop that saves their results.

    After a failure (a call or a save that raised) nothing new starts, since
    another call would be paid for a comic that cannot finish, but what is in
    flight is still saved, so everything paid for is kept; the first failure
    is raised once nothing is left in flight. A run that lost its job stops at
    once: work not yet started is dropped and work in flight is not waited for.
    """

    # Failures the author is told about in their own words; any other is unexpected, and logged.
    expected = (PipelineError, BackendError)

    def __init__(self, run, lanes: dict[str, int]):
        self.run = run
        self.sizes = lanes
        self.pools: dict[str, ThreadPoolExecutor] = {}
        self.pending: dict[Future, tuple[str, Callable[[Any], None]]] = {}
        self.first_error: BaseException | None = None
        # Seconds each lane spent working, summed over its calls (lanes overlap in time).
        self.busy: dict[str, float] = defaultdict(float)

    def pool(self, lane: str) -> ThreadPoolExecutor:
        if lane not in self.pools:
            self.pools[lane] = ThreadPoolExecutor(max_workers=max(1, self.sizes[lane]), thread_name_prefix=lane)
        return self.pools[lane]

    def submit(self, lane: str, work: Callable[[], Any], save: Callable[[Any], None]) -> None:
        """Run ``work`` on ``lane``'s pool; ``save`` its outcome on the job's thread (not after a failure)."""
        if self.first_error is not None:
            return
        stopping = self.run.stopping

        def guarded():
            if stopping.is_set():
                raise JobCancelled()
            started = time.monotonic()
            try:
                return work()
            finally:
                self.busy[lane] += time.monotonic() - started
                connections.close_all()  # a lazy query may have opened one in this worker thread

        self.pending[self.pool(lane).submit(guarded)] = (lane, save)

    def failed(self, exc: Exception) -> None:
        """The run will stop: work not started yet is dropped (the author pays per call), work in flight is kept."""
        if self.first_error is not None and not isinstance(exc, self.expected):
            log.error("Another failure while the run stops", exc_info=exc)  # the first one is raised
        self.first_error = self.first_error or exc
        for future in [future for future in self.pending if future.cancel()]:
            del self.pending[future]

    def run_until_done(self) -> None:
        run = self.run
        try:
            while self.pending:
                finished, _ = wait(set(self.pending), timeout=run.wait_seconds(), return_when=FIRST_COMPLETED)
                run.keep_alive()
                if finished:
                    # Once for all the results that arrived together: each save's writes check again
                    # (``ComicRun.while_mine``), this stops a run that lost its job from starting more paid calls.
                    run.ensure_still_mine()
                # In the order they were handed on, so a page's pictures go to the painters together.
                for future in [future for future in self.pending if future in finished]:
                    _lane, save = self.pending.pop(future)
                    try:
                        outcome = future.result()
                    except JobCancelled:
                        raise
                    except Exception as exc:
                        self.failed(exc)
                        continue
                    try:
                        save(outcome)
                    except JobCancelled:
                        raise
                    except Exception as exc:  # one save's failure does not lose the others' paid-for work
                        self.failed(exc)
        except BaseException:
            run.stopping.set()
            raise
        finally:
            for pool in self.pools.values():
                pool.shutdown(wait=not run.stopping.is_set(), cancel_futures=True)
            self.pools.clear()
        if self.first_error is not None:
            raise self.first_error

    def call(self, lane: str, work: Callable[[], Any]) -> Any:
        """One slow call, made on a pool so the job's thread keeps the lease alive meanwhile."""
        results: list = []
        self.submit(lane, work, results.append)
        self.run_until_done()
        return results[0]
