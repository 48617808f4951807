"""The generation pipeline: idea in, lettered pages and a PDF out; and every edit's rebuild.

    screen idea -> plan -> per page: write -> screen prompts -> paint panels -> letter
                        -> cover: screen -> paint -> letter                 -> PDF

Pages flow through on their own: a page's pictures are painted as soon as
its script is written and checked, and the page is lettered the moment its
last picture is, so the first finished page reaches the job page long
before the last. Each step (``comics.steps``) stores what it makes at once
and starts only what is missing or flagged stale (``comics.dependencies``),
so running a job again resumes where it stopped, and an edit's job (the
same claimed run) rebuilds exactly what the edit made stale: no
language-model call or painting is repeated. Backend calls run on thread
pools; every database write happens on the job's own thread
(``comics.flow``), which keeps SQLite happy and makes each saved panel
visible at once.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, F
from django.db.models.functions import Coalesce
from django.utils import timezone

from renderers.base import BackendError, MalformedOutput, TextRequest
from renderers.net import ProviderError

from . import dependencies, messages, progress, providers, script, services, signals
from .flow import Flow, JobCancelled, PipelineError
from .metering import Metered, UsageMeter
from .models import Comic, GenerationJob, Panel
from .pdf import PrintPage
from .steps import Tally, binding, planning
from .steps.lettering import Letterer
from .steps.painting import Painter
from .steps.screening import Screener
from .steps.writing import Writer, panels_planned

log = logging.getLogger(__name__)

# The job row is rewritten at most this often while many small steps finish.
PERSIST_INTERVAL = 0.25
# A run renews its lease this many times per lease, so one late beat never loses it.
BEATS_PER_LEASE = 3
# While calls are in flight a run looks this often for a cancel, which then stops
# polling providers at once (a picture can take minutes; a cancel should not).
CANCEL_CHECK_SECONDS = 2.0


def worker_id() -> str:
    """Who claims a job ("host:pid"): shown to operators; read at claim time, after any fork."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


@dataclass
class Backends:
    """The text, image and safety backends of one run (tests and benchmarks pass their own)."""

    text: Any
    image: Any
    safety: Any

    def names(self) -> dict[str, str]:
        return {"text": self.text.name, "image": self.image.name, "safety": self.safety.name}

    def metered(self, meter: UsageMeter) -> Backends:
        return Backends(
            **{
                kind: Metered(getattr(self, kind), meter, kind=kind, provider=getattr(self, kind).name)
                for kind in ("text", "image", "safety")
            }
        )


# --- Claiming ---------------------------------------------------------------------


def claim_job(job_id: int) -> GenerationJob | None:
    """Mark the job running for this worker, or return None if someone else has it.

    A conditional UPDATE makes the claim atomic. Only a queued job can be
    claimed: a job whose worker died goes back to the queue through the sweep
    (``services.requeue_abandoned_jobs``), the one way a dead run is replaced.
    """
    now = timezone.now()
    claimed = GenerationJob.objects.filter(pk=job_id, status=GenerationJob.Status.QUEUED).update(
        status=GenerationJob.Status.RUNNING,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        claimed_by=worker_id(),
        started_at=Coalesce(F("started_at"), now),
        finished_at=None,
        error="",
    )
    if not claimed:
        return None
    return GenerationJob.objects.select_related("comic", "comic__owner").get(pk=job_id)


def run_job(job_id: int, *, backends: Backends | None = None) -> GenerationJob | None:
    """Claim and run one job to its end.

    Returns the job, or None if it was not claimable or its comic was deleted
    while it ran (the run then stops quietly and leaves no files behind).
    """
    job = claim_job(job_id)
    if job is None:
        log.info("Job %s is not claimable; skipping", job_id)
        return None
    try:
        ComicRun(job, backends).run()
    except BackendError as exc:  # a provider that cannot be set up: the message says why
        log.warning("Job %s could not start: %s", job_id, exc)
        ComicRun.mark_failed(job, job.attempts, f"This comic could not start: {str(exc).rstrip('.')}.")
    except Exception:  # anything else before the run's own error handling
        log.exception("Job %s could not start", job_id)
        ComicRun.mark_failed(
            job, job.attempts, "This comic could not start: the generation backends are not available."
        )
    try:
        job.refresh_from_db()
    except GenerationJob.DoesNotExist:
        return None
    return job


# --- The run ------------------------------------------------------------------------


class ComicRun:
    """One claimed run of a job.

    ``attempt`` (the claim's attempt number) is this run's token: every write
    to the job row is conditional on it, so a run that was cancelled, or
    overtaken by a newer claim after a retry, stops at its next write instead
    of working alongside the new one.
    """

    def __init__(self, job: GenerationJob, backends: Backends | None = None):
        self.job = job
        self.attempt = job.attempts
        self.comic = job.comic
        self.style = self.comic.style_obj
        self.conf = settings.PANELCRAFT
        # Pages encoded for the PDF while lettering, by page id (0: the cover).
        self.print_pages: dict[int, PrintPage] = {}
        self.flow: Flow | None = None
        self.tally = Tally()
        self.cast: list = []
        self.persisted_at = float("-inf")
        self.checked_at = time.monotonic()
        self.fallbacks_told = 0
        # Set once this run must stop: pool workers, provider calls and polling waits check it.
        self.stopping = threading.Event()
        self.beat_every = self.conf["JOB_LEASE_SECONDS"] / BEATS_PER_LEASE
        # Usage adds up over every run of the job.
        self.meter = UsageMeter(job.usage)
        if backends is None:
            backends = Backends(**providers.build_backends(self.comic, stop=self.stopping, meter=self.meter))
        else:
            backends = backends.metered(self.meter)
        self.backends = backends

    # Reporting -------------------------------------------------------------------

    def mine(self):
        """The job row, as long as this run still owns it."""
        return GenerationJob.objects.filter(pk=self.job.pk, status=GenerationJob.Status.RUNNING, attempts=self.attempt)

    def ensure_still_mine(self) -> None:
        if self.stopping.is_set() or not self.mine().exists():
            self.stopping.set()
            raise JobCancelled()

    @contextmanager
    def while_mine(self):
        """A transaction in which this run still owns its job.

        Content rows (the plan, page scripts, art, lettered pages, the PDF)
        are written inside one, so a run that was cancelled or overtaken
        stops instead of recording anything after the newer claim: the job
        row is locked until the write commits.
        """
        with transaction.atomic():
            if not self.mine().select_for_update().exists():
                self.stopping.set()
                raise JobCancelled()
            yield

    def if_mine(self, queryset):
        """``queryset`` matching nothing once this run has lost its job, for a write that is one statement.

        The check rides in the statement itself (``WHERE EXISTS``), so a flag
        such as "screened" costs one round trip rather than ``while_mine``'s
        four; a write that must land with others still goes in ``while_mine``.
        """
        return queryset.filter(Exists(self.mine()))

    def keep_file(self, field, name: str, data: bytes, record: Callable[[], Any], *, replaces: str = "") -> None:
        """Save a file and ``record`` it in its row, only while the job is this run's.

        Otherwise the file is removed again, so a run that lost its job
        leaves nothing behind for the newer run to trip over. ``replaces``
        names the file this one takes the place of (a page lettered again):
        it is deleted once the new one is recorded.
        """
        field.save(name, ContentFile(data), save=False)
        self.keep_stored(field, record, replaces=replaces)

    @staticmethod
    def store(field, name: str, data: bytes) -> str:
        """Store ``data`` where ``field``'s files go, row untouched: a worker stores, the job's thread records."""
        name = field.field.generate_filename(field.instance, name)
        return field.storage.save(name, ContentFile(data), max_length=field.field.max_length)

    @staticmethod
    def unstore(field, name: str) -> None:
        """Remove a file ``store`` saved for an outcome that is never recorded."""
        field.storage.delete(name)

    def keep_stored(self, field, record: Callable[[], Any], *, replaces: str = "") -> None:
        """``keep_file`` for a file already stored as ``field`` (by the worker that made it)."""
        try:
            with self.while_mine():
                record()
                if replaces and replaces != field.name:
                    transaction.on_commit(lambda: services.delete_files([replaces]))
        except BaseException:
            field.storage.delete(field.name)
            raise

    def keep_alive(self) -> None:
        """Renew the lease while waiting on slow backend calls, and notice a cancel.

        Progress writes renew it too; this covers the silences between them
        (one picture from a busy provider can take longer than a lease), so
        only a run that really died lets its lease run out.
        """
        now = time.monotonic()
        if now - self.persisted_at >= self.beat_every:
            self.persisted_at = self.checked_at = now
            if not self.mine().update(heartbeat_at=timezone.now(), usage=self.meter.rows()):
                self.stopping.set()
                raise JobCancelled()
        elif now - self.checked_at >= CANCEL_CHECK_SECONDS:
            self.checked_at = now
            self.ensure_still_mine()

    def report(
        self, percent: float, stage: str, message: str | None = None, *, notice: bool = False, **extra: Any
    ) -> None:
        """Persist progress (and the heartbeat) and tell listeners.

        Bursts of small steps (a wave of panels finishing together) are
        written at most every PERSIST_INTERVAL; anything logged is written at
        once. A ``notice`` is a logged message the job page shows the author.
        A write that matches nothing means this run no longer owns the job.
        """
        job = self.job
        job.progress = max(job.progress, min(100, int(percent)))
        job.stage = stage
        now = time.monotonic()
        if message:
            job.log(message, **({"notice": True} if notice else {}))
        if message or now - self.persisted_at >= PERSIST_INTERVAL:
            self.persisted_at = now
            updated = self.mine().update(
                progress=job.progress,
                stage=stage,
                events=job.events,
                usage=self.meter.rows(),
                heartbeat_at=timezone.now(),
            )
            if not updated:
                self.stopping.set()
                raise JobCancelled()
        if message and notice:
            self.publish(messages.notice(message))
        self.publish(messages.progress(status=job.status, percent=job.progress, stage=stage, **extra))

    def publish(self, message: dict) -> None:
        progress.publish(self.job.pk, message)

    def wait_seconds(self) -> float:
        """How long the flow waits for a result before renewing the lease and looking for a cancel."""
        return min(self.beat_every, CANCEL_CHECK_SECONDS)

    # A run rebuilds until nothing is stale; an edit made while it ran is one more round, not a new job.
    MAX_ROUNDS = 5

    def run(self) -> None:
        job = self.job
        job.backends = self.backends.names()
        job.log("Started" if self.attempt <= 1 else f"Resumed (attempt {self.attempt})")
        self.mine().update(backends=job.backends, events=job.events)
        try:
            if self.attempt > 1:
                self.remove_stray_files()
            for _round in range(self.MAX_ROUNDS):
                self.make_what_is_missing()
                if self.finish():
                    return
            log.warning("Job %s: still stale after %s rounds", job.pk, self.MAX_ROUNDS)
            self.fail(
                "The comic kept being changed while this job made it, so it stopped before finishing. "
                "Retry to make what is left."
            )
        except JobCancelled:
            self.stopped()
        except PipelineError as exc:
            self.fail(str(exc))
        except ProviderError as exc:  # names the provider and what to do already
            self.fail(f"{str(exc).rstrip('.')}. Everything made so far is kept for when you retry.")
        except BackendError as exc:
            self.fail(f"A generation backend failed: {str(exc).rstrip('.')}. Retry to continue where it stopped.")
        except Exception:
            if not self.mine().exists():
                # Cancelled, overtaken or deleted underneath us: files vanishing mid-step is expected then.
                self.stopped()
                return
            log.exception("Job %s crashed", job.pk)
            self.fail("Something unexpected stopped this job. Retry to continue where it stopped; nothing is lost.")

    def lanes(self) -> dict[str, int]:
        conf = self.conf
        return {
            "text": conf["TEXT_CONCURRENCY"],
            "safety": conf["PAINT_CONCURRENCY"],
            "paint": conf["PAINT_CONCURRENCY"],
            "letter": min(2, conf["PAINT_CONCURRENCY"]),
            # Pages encoded for the PDF once they are out: only the binding waits for them.
            "print": 1,
        }

    def timed(self, name: str, step: Callable[[], None]) -> None:
        started = time.monotonic()
        try:
            step()
        finally:
            self.job.timings[name] = round(self.job.timings.get(name, 0) + time.monotonic() - started, 3)

    def make_what_is_missing(self) -> None:
        """One round: every step starts what is missing or stale, and pages flow through them."""
        self.reload_comic()
        self.flow = Flow(self, self.lanes())
        self.timed("screen_idea", lambda: planning.screen_idea(self))
        self.timed("plan", lambda: planning.plan(self))
        self.cast = list(self.comic.cast.all())
        self.reload_comic()
        self.timed("pages", self.make_pages)
        for lane, step in (("text", "write_pages"), ("safety", "screen_prompts"), ("paint", "paint")):
            self.job.timings[step] = round(self.job.timings.get(step, 0) + self.flow.busy.get(lane, 0), 3)
        self.job.timings["letter"] = round(self.job.timings.get("letter", 0) + self.flow.busy.get("letter", 0), 3)
        self.timed("pdf", lambda: binding.bind(self))

    def reload_comic(self) -> None:
        """The comic as stored now (an edit may have changed it), with its owner read on this thread."""
        self.comic = self.job.comic = Comic.objects.select_related("owner").get(pk=self.comic.pk)

    def make_pages(self) -> None:
        comic = self.comic
        letterer = Letterer(self)
        painter = Painter(self, then=letterer.panel_painted, then_cover=letterer.cover_ready)
        screener = Screener(self, then=painter.paint, then_cover=painter.paint_cover)

        def page_written(panels: list[Panel]) -> None:
            painter.lay_out(panels[0].page, len(panels))
            screener.page_written(panels)

        writer = Writer(self, then=page_written)

        unwritten = writer.pending()
        # The page calls go first: the author waits on them, and counting the round needs no answer.
        writer.start(unwritten)
        # What this round will do, for the bar and the words on it.
        planned = panels_planned(comic) * len(unwritten)
        unscreened = Panel.objects.filter(page__comic=comic, page__scripted=True, screened=False).count()
        to_paint = painter.needed()
        cover = int(not comic.cover_art)
        pictures = len(to_paint) + unscreened + planned + cover
        self.tally.expect("write", len(unwritten))
        self.tally.expect("screen", unscreened + planned + cover)
        painter.expect(pictures)
        letterer.plan(letterer.pages_to_letter())
        if pictures:
            self.report(self.tally.percent(), f"Painting {pictures} pictures", f"Painting {pictures} pictures")

        writer.say_started(unwritten)
        screener.start()
        if not comic.cover_art:
            screener.screen_cover(painter.cover_prompt())
        for panel in to_paint:
            painter.paint(panel)
        letterer.start()
        self.flow.run_until_done()
        self.say_if_the_safety_check_failed_open("picture descriptions")

    def finish(self) -> bool:
        """Succeed if nothing is left to make; False when an edit made meanwhile calls for another round.

        Checked with the job row locked: an edit locks it too before it
        flags anything, so it either lands before this check (one more
        round) or finds the job finished and starts a new one.
        """
        with self.while_mine():
            if dependencies.has_stale_work(self.comic.pk):
                return False
            self.succeed()
        return True

    def flagged(self, what: str, verdict) -> None:
        """Tell the apps built on comics (the moderators' queue) what the safety check stopped."""
        signals.safety_flagged.send(
            sender=Comic, comic=self.comic, what=what, reason=verdict.reason, category=verdict.category
        )

    def say_if_the_safety_check_failed_open(self, what: str) -> None:
        """A provider's check that could not be reached let texts through on the blocklist alone: say so.

        ``what`` names what this step screened ("the idea", "picture
        descriptions"); each step that fell back says so once.
        """
        missed = getattr(self.backends.safety, "fallbacks", 0) - self.fallbacks_told
        if missed <= 0:
            return
        self.fallbacks_told += missed
        checker = (self.comic.providers or {}).get("safety", {}).get("label") or self.backends.safety.name
        texts = what if what == "the idea" else f"{missed} {what}"
        them = "it" if what == "the idea" or missed == 1 else "them"
        self.report(
            self.job.progress,
            self.job.stage,
            f"The safety check ({checker}) could not be reached for {texts}; the built-in word list screened {them}.",
            notice=True,
        )

    def stopped(self) -> None:
        """This run lost its job; whoever cancelled (the author, a newer run) has told listeners already."""
        job = self.job
        if GenerationJob.objects.filter(pk=job.pk, attempts=self.attempt).update(
            timings=job.timings, usage=self.meter.rows()
        ):
            log.info("Job %s: run %s stopped (cancelled or taken over)", job.pk, self.attempt)
        elif not Comic.objects.filter(pk=self.comic.pk).exists():
            log.info("Job %s stopped: its comic was deleted", job.pk)
            # A file this run saved just before the delete committed would be left over.
            services.delete_files(services.comic_files(self.comic.pk))

    def remove_stray_files(self) -> None:
        """Delete files a dead run saved but never recorded, so each picture is stored once.

        Listed before the rows are read, so a file recorded meanwhile is kept.
        """
        files = Flow(self, {"files": 1})
        stored = files.call("files", lambda: services.comic_files(self.comic.pk))
        recorded = services.recorded_files(self.comic.pk)
        stray = [name for name in stored if name not in recorded]
        if stray:
            files.call("files", lambda: services.delete_files(stray))
            self.job.log(f"Removed {len(stray)} unrecorded file{'s' if len(stray) != 1 else ''} left by the last run")

    def succeed(self) -> None:
        job = self.job
        job.log("Finished")
        updated = self.mine().update(
            status=GenerationJob.Status.SUCCEEDED,
            progress=100,
            stage="Done",
            events=job.events,
            timings=job.timings,
            usage=self.meter.rows(),
            finished_at=timezone.now(),
        )
        if not updated:
            raise JobCancelled()
        job.refresh_from_db()
        done = job.done_message()
        transaction.on_commit(lambda: progress.publish(job.pk, done))

    def fail(self, error: str) -> None:
        self.mark_failed(self.job, self.attempt, error, usage=self.meter.rows())

    @staticmethod
    def mark_failed(job: GenerationJob, attempt: int, error: str, *, usage: list | None = None) -> None:
        job.log("Failed: " + error)
        updated = GenerationJob.objects.filter(pk=job.pk, status=GenerationJob.Status.RUNNING, attempts=attempt).update(
            status=GenerationJob.Status.FAILED,
            error=error,
            stage="Stopped",
            events=job.events,
            timings=job.timings,
            usage=job.usage if usage is None else usage,
            finished_at=timezone.now(),
        )
        if updated:
            progress.publish(job.pk, {"type": "failed", "error": error, "progress": job.progress})

    # Language model ---------------------------------------------------------------

    def ask(self, messages, *, schema: dict, schema_name: str, validate: Callable[[Any], Any], what: str, seed: int):
        """One text call, validated; one repair call on a bad answer; then a clean failure."""
        request = TextRequest(messages=tuple(messages), schema=schema, schema_name=schema_name, seed=seed)
        for attempt in (1, 2):
            try:
                result = self.backends.text.complete_json(request)
                return validate(result.data)
            except MalformedOutput as exc:
                problems, raw = [f"the answer was not valid JSON ({exc})"], exc.raw
            except script.ScriptError as exc:
                problems, raw = exc.problems, _dump(result.data)
            if attempt == 2:
                raise PipelineError(
                    f"The storyteller gave an unusable answer for {what} twice "
                    f"({'; '.join(problems[:3])}). Retry to try again; everything finished so far is kept."
                )
            request = TextRequest(
                messages=script.repair_messages(request.messages, raw, problems),
                schema=schema,
                schema_name=schema_name,
                seed=seed,
            )
        raise AssertionError("unreachable")


def _dump(data: Any) -> str:
    try:
        return json.dumps(data, ensure_ascii=False)[:6000]
    except (TypeError, ValueError):
        return repr(data)[:6000]
