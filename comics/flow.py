"""Slow calls on thread pools, their results saved on the job's own thread as they arrive.

A run's steps hand work to lanes (text calls, safety checks, paintings,
lettering, encoding for the PDF), each a pool of its own size. Whatever a result makes possible is
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

OWNERSHIP_CHECK_SECONDS = 0.05


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
        """``lanes``: each lane's pool size, in the order work flows through them (the last one finishes pages)."""
        self.run = run
        self.sizes = lanes
        # Of the results waiting to be saved, one further along goes first: a page that is nearly done
        # gets done (and shown) before the next page's earlier steps are saved.
        self.rank = {lane: -position for position, lane in enumerate(lanes)}
        self.checked_at = float("-inf")
        self.pools: dict[str, ThreadPoolExecutor] = {}
        self.pending: dict[Future, tuple[str, Callable[[Any], None], Callable[[Any], None] | None]] = {}
        self.first_error: BaseException | None = None
        # Seconds each lane spent working, summed over its calls (lanes overlap in time).
        self.busy: dict[str, float] = defaultdict(float)

    def pool(self, lane: str) -> ThreadPoolExecutor:
        if lane not in self.pools:
            self.pools[lane] = ThreadPoolExecutor(max_workers=max(1, self.sizes[lane]), thread_name_prefix=lane)
        return self.pools[lane]

    def submit(
        self,
        lane: str,
        work: Callable[[], Any],
        save: Callable[[Any], None],
        *,
        discard: Callable[[Any], None] | None = None,
    ) -> None:
        """Run ``work`` on ``lane``'s pool; ``save`` its outcome on the job's thread (not after a failure).

        ``discard`` undoes what ``work`` left behind (a file it stored) for an
        outcome that is never saved because the run stopped first.
        """
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

        self.pending[self.pool(lane).submit(guarded)] = (lane, save, discard)

    def unexpected(self, exc: Exception) -> None:
        """A call or save raised: the run fails (see ``failed``), or stops at once if it lost its job meanwhile.

        A comic deleted or a job cancelled underneath a run makes its work fail
        in many ways (rows and files gone): that is the stop, not a failure.
        """
        if not isinstance(exc, self.expected):
            self.run.ensure_still_mine()
        self.failed(exc)

    def failed(self, exc: Exception) -> None:
        """The run will stop: work not started yet is dropped (the author pays per call), work in flight is kept."""
        if self.first_error is not None and not isinstance(exc, self.expected):
            log.error("Another failure while the run stops", exc_info=exc)  # the first one is raised
        self.first_error = self.first_error or exc
        for future in [future for future in self.pending if future.cancel()]:
            del self.pending[future]

    def next_result(self) -> Future | None:
        """The finished call to save next: furthest along first, then in the order they were handed on.

        Handed-on order keeps a page's pictures together on their way to the painters.
        """
        done = [future for future in self.pending if future.done()]
        return min(done, key=lambda future: self.rank[self.pending[future][0]], default=None)

    def still_mine(self) -> None:
        """Stop a run that lost its job before a save starts more paid calls (looked up at most every 50 ms).

        Every content write checks again as it commits (``ComicRun.while_mine``).
        """
        now = time.monotonic()
        if now - self.checked_at >= OWNERSHIP_CHECK_SECONDS:
            self.run.ensure_still_mine()
            self.checked_at = now

    def run_until_done(self) -> None:
        run = self.run
        try:
            while self.pending:
                wait(set(self.pending), timeout=run.wait_seconds(), return_when=FIRST_COMPLETED)
                run.keep_alive()
                while (future := self.next_result()) is not None:
                    run.keep_alive()
                    self.still_mine()  # (a run that stops here discards the outcome: ``drop_unsaved``)
                    _lane, save, _discard = self.pending.pop(future)
                    try:
                        outcome = future.result()
                    except JobCancelled:
                        raise
                    except Exception as exc:
                        self.unexpected(exc)
                        continue
                    try:
                        save(outcome)
                    except JobCancelled:
                        raise
                    except Exception as exc:  # one save's failure does not lose the others' paid-for work
                        self.unexpected(exc)
        except BaseException:
            run.stopping.set()
            raise
        finally:
            self.drop_unsaved()
            for pool in self.pools.values():
                pool.shutdown(wait=not run.stopping.is_set(), cancel_futures=True)
            self.pools.clear()
        if self.first_error is not None:
            raise self.first_error

    def drop_unsaved(self) -> None:
        """Outcomes that will not be saved (the run stops) take what their work left behind with them.

        Work still running is discarded when it ends, on its own thread.
        """
        for future, (_lane, _save, discard) in self.pending.items():
            if discard is not None:
                future.add_done_callback(lambda future, discard=discard: _discard(future, discard))
        self.pending.clear()

    def call(self, lane: str, work: Callable[[], Any]) -> Any:
        """One slow call, made on a pool so the job's thread keeps the lease alive meanwhile."""
        results: list = []
        self.submit(lane, work, results.append)
        self.run_until_done()
        return results[0]


def _discard(future: Future, discard: Callable[[Any], None]) -> None:
    if future.cancelled() or future.exception() is not None:
        return  # it never made anything
    try:
        discard(future.result())
    except Exception:  # a file that cannot be removed is logged; the next run's sweep of stray files takes it
        log.warning("Could not discard the outcome of a stopped run", exc_info=True)
