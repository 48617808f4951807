"""The generation pipeline: idea in, lettered pages and a PDF out.

    screen idea -> plan -> pages (parallel) -> screen prompts (parallel)
    -> paint panels and cover (parallel) -> letter pages -> PDF

Each step stores what it makes before the next starts, and skips what is
already stored, so running a job again resumes where it stopped: no
language-model call or painting is repeated. Backend calls run on thread
pools; every database write happens on the job's own thread, as results
arrive, which keeps SQLite happy and makes each saved panel visible at once.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from renderers.base import (
    BackendError,
    ImageRequest,
    ImageResult,
    MalformedOutput,
    Subject,
    TextRequest,
)
from renderers.images import ImageInfo, checked_image
from renderers.net import ProviderError

from . import layouts, progress, providers, script, services, signals
from .bookbinding import (
    comic_pdf,
    letter_cover,
    letter_page,
    page_geometry,
    pdf_file_name,
    png_bytes,
    squeezed_text,
    unlettered_on,
)
from .casting import derive_seed, image_prompt, negative_prompt, subjects_in
from .metering import Metered, UsageMeter
from .models import Character, Comic, GenerationJob, Page, Panel
from .pdf import PrintPage, print_page

log = logging.getLogger(__name__)

# Share of the progress bar each step fills, in order.
STEP_SPANS = {
    "screen_idea": (0, 2),
    "plan": (2, 10),
    "write_pages": (10, 25),
    "screen_prompts": (25, 30),
    "paint": (30, 85),
    "letter": (85, 96),
    "pdf": (96, 100),
}


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


class PipelineError(Exception):
    """Stops the job. The message is shown to the author as is."""


class JobCancelled(Exception):
    pass


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


@dataclass
class _PaintTask:
    key: str  # "cover" or "p{page}-{panel}"
    panel: Panel | None
    request: ImageRequest


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
        self.print_pages: dict[int, PrintPage] = {}  # pages encoded for the PDF while lettering
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

    def keep_file(self, field, name: str, data: bytes, record: Callable[[], Any]) -> None:
        """Save a file and ``record`` it in its row, only while the job is this run's.

        Otherwise the file is removed again, so a run that lost its job
        leaves nothing behind for the newer run to trip over.
        """
        field.save(name, ContentFile(data), save=False)
        try:
            with self.while_mine():
                record()
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
            progress.publish(job.pk, {"type": "notice", "message": message})
        progress.publish(
            job.pk,
            {"type": "progress", "status": job.status, "progress": job.progress, "stage": stage, **extra},
        )

    def at(self, step: str, fraction: float) -> float:
        start, end = STEP_SPANS[step]
        return start + (end - start) * max(0.0, min(1.0, fraction))

    def run(self) -> None:
        job = self.job
        job.backends = self.backends.names()
        job.log("Started" if self.attempt <= 1 else f"Resumed (attempt {self.attempt})")
        self.mine().update(backends=job.backends, events=job.events)
        steps: list[tuple[str, Callable[[], None]]] = [
            ("screen_idea", self.screen_idea),
            ("plan", self.plan),
            ("write_pages", self.write_pages),
            ("screen_prompts", self.screen_prompts),
            ("paint", self.paint),
            ("letter", self.letter),
            ("pdf", self.make_pdf),
        ]
        try:
            if self.attempt > 1:
                self.remove_stray_files()
            for name, step in steps:
                started = time.monotonic()
                step()
                job.timings[name] = round(job.timings.get(name, 0) + time.monotonic() - started, 3)
            self.succeed()
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
        stored = self.call(lambda: services.comic_files(self.comic.pk))
        recorded = services.recorded_files(self.comic.pk)
        stray = [name for name in stored if name not in recorded]
        if stray:
            self.call(lambda: services.delete_files(stray))
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
        progress.publish(job.pk, job.done_message())

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

    # Steps ----------------------------------------------------------------------------

    def screen_idea(self) -> None:
        if self.comic.idea_screened:
            return
        self.report(self.at("screen_idea", 0), "Checking the idea")
        verdict = self.call(lambda: self.backends.safety.screen(self.comic.idea))
        if not verdict.allowed:
            self.flagged("the idea", verdict)
            raise PipelineError(verdict.reason or "This idea can't be made into a comic here.")
        Comic.objects.filter(pk=self.comic.pk).update(idea_screened=True)
        self.comic.idea_screened = True
        self.say_if_the_safety_check_failed_open("the idea")

    def flagged(self, what: str, verdict) -> None:
        """Tell the apps built on comics (the moderators' queue) what the safety check stopped."""
        signals.safety_flagged.send(
            sender=Comic, comic=self.comic, what=what, reason=verdict.reason, category=verdict.category
        )

    def stored_plan(self) -> script.Plan:
        comic = self.comic
        return script.Plan(
            title=comic.title,
            cast=tuple(script.CastMember(c.name, c.look) for c in comic.cast.all()),
            cover_scene=comic.cover_scene,
            beats=[page.beat for page in comic.pages.all()],
        )

    def plan(self) -> None:
        comic = self.comic
        if comic.pages.exists():
            return
        self.report(self.at("plan", 0), "Planning the story", "Planning the story")
        messages = script.plan_messages(
            idea=comic.idea,
            kind=comic.kind,
            pages=comic.page_count,
            panels_per_page=comic.panels_per_page,
            style_name=self.style.name,
            tone=self.style.story_tone,
        )
        plan = self.call(
            lambda: self.ask(
                messages,
                schema=script.plan_schema(comic.page_count),
                schema_name=script.PLAN_SCHEMA_NAME,
                validate=lambda data: script.validate_plan(data, pages=comic.page_count),
                what="the story plan",
                seed=comic.seed,
            )
        )
        layout = layouts.PICTURE_BOOK_LAYOUT.slug if comic.is_picture_book else comic.layout
        with self.while_mine():
            comic.title = plan.title[:200]
            comic.cover_scene = plan.cover_scene
            comic.save(update_fields=["title", "cover_scene", "updated_at"])
            Character.objects.bulk_create(
                Character(comic=comic, index=i, name=m.name, look=m.look) for i, m in enumerate(plan.cast)
            )
            Page.objects.bulk_create(
                Page(comic=comic, index=i, beat=beat, layout=layout) for i, beat in enumerate(plan.beats)
            )
        self.report(self.at("plan", 1), "Story planned", f"Planned “{plan.title}”", title=plan.title)

    def write_pages(self) -> None:
        comic = self.comic
        pages = list(comic.pages.filter(scripted=False))
        if not pages:
            return
        plan = self.stored_plan()
        cast = list(comic.cast.all())
        total = comic.page_count
        done = total - len(pages)
        self.report(self.at("write_pages", done / total), f"Writing {len(pages)} pages")

        def write(page: Page) -> list[script.PanelScript]:
            messages = script.page_messages(
                idea=comic.idea,
                kind=comic.kind,
                plan=plan,
                page_index=page.index,
                panels=comic.panels_per_page,
                tone=self.style.story_tone,
            )
            return self.ask(
                messages,
                schema=script.page_schema(comic.panels_per_page),
                schema_name=script.PAGE_SCHEMA_NAME,
                validate=lambda data: script.validate_page(data, panels=comic.panels_per_page, kind=comic.kind),
                what=f"page {page.number}",
                seed=derive_seed(comic.seed, "page", page.index),
            )

        def save(page: Page, panels: list[script.PanelScript]) -> None:
            nonlocal done
            with self.while_mine():
                Panel.objects.bulk_create(
                    Panel(
                        page=page,
                        index=i,
                        scene=p.scene,
                        dialogue=[] if comic.is_picture_book else p.dialogue,
                        caption=p.caption,
                        sfx="" if comic.is_picture_book else p.sfx,
                        seed=derive_seed(comic.seed, "panel", page.index, i),
                        image_prompt=image_prompt(
                            p.scene,
                            subjects_in(p.scene, p.dialogue, cast),
                            self.style,
                            full_page=comic.is_picture_book,
                        ),
                    )
                    for i, p in enumerate(panels)
                )
                Page.objects.filter(pk=page.pk).update(scripted=True)
            done += 1
            self.report(
                self.at("write_pages", done / total),
                f"Wrote page {page.number} of {total}",
                f"Wrote page {page.number}",
            )

        self.fan_out(pages, write, save, workers=self.conf["TEXT_CONCURRENCY"])

    def screen_prompts(self) -> None:
        comic = self.comic
        panels = list(Panel.objects.filter(page__comic=comic, screened=False).select_related("page"))
        texts: list[tuple[str, Panel | None]] = [(p.image_prompt, p) for p in panels]
        if not comic.cover_art:
            texts.append((self.cover_prompt(list(comic.cast.all())), None))
        if not texts:
            return
        self.report(self.at("screen_prompts", 0), "Checking every picture before painting")

        def screen(item):
            return self.backends.safety.screen(item[0])

        def save(item, verdict) -> None:
            _text, panel = item
            if not verdict.allowed:
                where = "The cover" if panel is None else f"Page {panel.page.number}, panel {panel.index + 1}"
                self.flagged(where.lower(), verdict)
                raise PipelineError(f"{where} was stopped by the safety check: {verdict.reason or verdict.category}")
            if panel is not None:
                Panel.objects.filter(pk=panel.pk).update(screened=True)

        self.fan_out(texts, screen, save, workers=self.conf["PAINT_CONCURRENCY"])
        self.report(self.at("screen_prompts", 1), "Pictures checked")
        self.say_if_the_safety_check_failed_open("picture descriptions")

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

    def cover_subjects(self, cast: list[Character]) -> tuple[str, list[Character]]:
        """The cover's scene and who is on it (the whole cast if the scene names nobody)."""
        scene = self.comic.cover_scene or f"The cast of {self.comic.title} together"
        return scene, subjects_in(scene, [], cast) or cast

    def cover_prompt(self, cast: list[Character]) -> str:
        scene, subjects = self.cover_subjects(cast)
        return image_prompt(scene, subjects, self.style, full_page=True)

    def paint(self) -> None:
        comic = self.comic
        cast = list(comic.cast.all())
        all_panels = list(Panel.objects.filter(page__comic=comic).select_related("page"))
        tasks: list[_PaintTask] = []
        (page_w, page_h), rects = page_geometry(comic, comic.panels_per_page)
        long_side = self.conf["ART_LONG_SIDE"]
        for panel in all_panels:
            if panel.art:
                continue
            x0, y0, x1, y1 = rects[panel.index]
            width, height = layouts.art_size_for(x1 - x0, y1 - y0, long_side=long_side)
            subjects = subjects_in(panel.scene, panel.dialogue, cast)
            tasks.append(
                _PaintTask(
                    f"p{panel.page.index + 1}-{panel.index + 1}",
                    panel,
                    self.image_request(panel.image_prompt, width, height, panel.seed, subjects),
                )
            )
        if not comic.cover_art:
            width, height = layouts.art_size_for(page_w, page_h, long_side=long_side)
            _, subjects = self.cover_subjects(cast)
            seed = derive_seed(comic.seed, "cover")
            request = self.image_request(self.cover_prompt(cast), width, height, seed, subjects)
            tasks.append(_PaintTask("cover", None, request))
        total = len(all_panels) + 1
        done = total - len(tasks)
        if not tasks:
            return
        painting = f"Painting {len(tasks)} pictures"
        self.report(self.at("paint", done / total), painting, painting)

        def paint_one(task: _PaintTask) -> tuple[ImageResult, float, ImageInfo]:
            started = time.monotonic()
            result = self.backends.image.paint(task.request)
            return result, time.monotonic() - started, checked_image(result.data, provider=self.backends.image.name)

        def save(task: _PaintTask, outcome) -> None:
            nonlocal done
            result, seconds, info = outcome
            ext = "jpg" if info.format == "jpeg" else info.format
            name = f"{task.key}-art-{task.request.seed}.{ext}"
            if task.panel is None:
                self.keep_file(
                    comic.cover_art,
                    name,
                    result.data,
                    lambda: Comic.objects.filter(pk=comic.pk).update(cover_art=comic.cover_art.name),
                )
                message = {"type": "cover", "url": comic.cover_art_url()}
            else:
                panel = task.panel
                # What the provider made, as it says (or as the image shows), not what was asked.
                panel.art_backend = self.backends.image.name
                panel.art_model = (result.model or getattr(self.backends.image, "model", ""))[:120]
                panel.art_width, panel.art_height = info.width, info.height
                panel.art_steps = result.steps if result.steps is not None else task.request.steps
                panel.art_seed = result.seed  # None when the provider did not say (or take) one
                panel.art_seconds = round(seconds, 3)
                fields = ["art", "art_backend", "art_model", "art_width", "art_height", "art_steps", "art_seed"]
                fields.append("art_seconds")
                self.keep_file(panel.art, name, result.data, lambda: panel.save(update_fields=fields))
                message = {
                    "type": "panel",
                    "page": panel.page.index + 1,
                    "panel": panel.index + 1,
                    "url": panel.art_url(),
                }
            done += 1
            self.report(self.at("paint", done / total), f"Painted {done} of {total} pictures")
            progress.publish(self.job.pk, {**message, "progress": self.job.progress})

        self.fan_out(tasks, paint_one, save, workers=self.conf["PAINT_CONCURRENCY"])

    def image_request(self, prompt: str, width: int, height: int, seed: int, subjects) -> ImageRequest:
        return ImageRequest(
            prompt=prompt,
            negative_prompt=negative_prompt(self.style),
            width=width,
            height=height,
            seed=seed,
            subjects=tuple(Subject(c.name, c.look) for c in subjects),
            palette=self.style.palette,
            line_style=self.style.line_style,
        )

    def letter(self) -> None:
        comic = self.comic
        pages = list(comic.pages.filter(image="").prefetch_related("panels"))
        need_cover = not comic.cover_image
        if not pages and not need_cover:
            return
        cast = list(comic.cast.all())
        total = comic.page_count + 1
        done = total - len(pages) - int(need_cover)
        pages_done = comic.page_count - len(pages)  # those a resumed run lettered before
        self.report(self.at("letter", done / total), "Lettering the pages")
        items: list[Page | None] = [*pages, *([None] if need_cover else [])]

        def render(page: Page | None) -> tuple[bytes, PrintPage, str, dict]:
            panels = [] if page is None else list(page.panels.all())
            if page is None:
                image, regions = letter_cover(comic), {}
            else:
                image, regions = letter_page(comic, page, panels, cast)
            # Encode for the PDF now, on this worker, while the image is in memory.
            return png_bytes(image), print_page(image), unlettered_on(comic, page, panels), regions

        def save(page: Page | None, rendered: tuple[bytes, PrintPage, str, dict]) -> None:
            nonlocal done, pages_done
            data, print_ready, missing, regions = rendered
            self.print_pages[0 if page is None else page.number] = print_ready
            if page is None:
                self.keep_file(
                    comic.cover_image,
                    f"cover-{comic.seed}.png",
                    data,
                    lambda: Comic.objects.filter(pk=comic.pk).update(cover_image=comic.cover_image.name),
                )
                message = {"type": "page", "page": 0, "url": comic.cover_url()}
            else:
                self.keep_file(
                    page.image,
                    f"page-{page.number}.png",
                    data,
                    lambda: Page.objects.filter(pk=page.pk).update(image=page.image.name, regions=regions),
                )
                message = {"type": "page", "page": page.number, "url": page.image_url()}
            done += 1
            pages_done += page is not None
            notes = []
            where = "The cover" if page is None else f"Page {page.number}"
            if missing:  # until more scripts are lettered, say what was left out rather than drop it silently
                notes.append(f"{where}: could not letter {' '.join(missing)} (only Latin-script text is lettered)")
            if squeezed_text(regions):
                notes.append(f"{where}: some words were too many for their panel and print smaller than usual")
            note = "; ".join(notes) or None
            # The cover counts for the bar, not in the words: "Lettered 4 of 4 pages" for four pages.
            stage = "Lettered the cover" if page is None else f"Lettered {pages_done} of {comic.page_count} pages"
            self.report(self.at("letter", done / total), stage, note, notice=True)
            progress.publish(self.job.pk, {**message, "progress": self.job.progress})

        self.fan_out(items, render, save, workers=min(2, self.conf["PAINT_CONCURRENCY"]))

    def make_pdf(self) -> None:
        comic = self.comic
        if comic.pdf:
            return
        self.report(self.at("pdf", 0), "Binding the PDF")
        pages = list(comic.pages.all())  # read here; the binding itself runs on the pool
        data = self.call(lambda: comic_pdf(comic, self.print_pages, pages=pages))
        self.keep_file(
            comic.pdf,
            pdf_file_name(comic),
            data,
            lambda: Comic.objects.filter(pk=comic.pk).update(pdf=comic.pdf.name),
        )

    # Concurrency -------------------------------------------------------------------------

    def call(self, work: Callable[[], Any]) -> Any:
        """One slow backend call, made on the pool so this thread keeps the lease alive meanwhile."""
        results: list = []
        self.fan_out([None], lambda _item: work(), lambda _item, outcome: results.append(outcome), workers=1)
        return results[0]

    def fan_out(self, items: list, work: Callable[[Any], Any], save: Callable[[Any, Any], None], *, workers: int):
        """Run ``work`` on a pool and ``save`` each result here as it arrives.

        Every item is attempted even when one fails, so everything that can be
        kept is kept; the first backend or pipeline error is raised at the end.
        Before each save the run checks it still owns the job: after a cancel
        (or a newer run's claim) it stops at once, drops work not yet started
        and does not wait for work in flight.
        """
        if not items:
            return
        first_error: BaseException | None = None

        def guarded(item):
            if self.stopping.is_set():
                raise JobCancelled()
            try:
                return work(item)
            finally:
                connections.close_all()  # a lazy query may have opened one in this worker thread

        pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(items))), thread_name_prefix="pipeline")
        try:
            futures: dict[Future, Any] = {pool.submit(guarded, item): item for item in items}
            pending = set(futures)
            while pending:
                finished, pending = wait(
                    pending, timeout=min(self.beat_every, CANCEL_CHECK_SECONDS), return_when=FIRST_COMPLETED
                )
                self.keep_alive()
                for future in finished:
                    item = futures[future]
                    try:
                        outcome = future.result()
                    except (PipelineError, BackendError) as exc:
                        first_error = first_error or exc
                        continue
                    self.ensure_still_mine()
                    try:
                        save(item, outcome)
                    except PipelineError as exc:
                        first_error = first_error or exc
        except BaseException:
            self.stopping.set()
            raise
        finally:
            pool.shutdown(wait=not self.stopping.is_set(), cancel_futures=True)
        if first_error is not None:
            raise first_error


def _dump(data: Any) -> str:
    try:
        return json.dumps(data, ensure_ascii=False)[:6000]
    except (TypeError, ValueError):
        return repr(data)[:6000]
