"""Comics, their cast, pages and panels, and the jobs that generate them.

Every artefact the pipeline makes is a row or a file on these models the
moment it exists: the plan (title, cast, beats), each page's script, each
panel's clean art, each lettered page, the PDF. That is what lets a retried
job resume where it stopped without repeating a language-model call or a
painting.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator

from accounts.roles import is_moderator

from . import book_format, layouts, messages, styles

MAX_IDEA_LENGTH = 1000
MIN_PAGES, MAX_PAGES = 1, 12
MIN_PANELS, MAX_PANELS = layouts.MIN_PANELS, layouts.MAX_PANELS
MAX_SEED = 2**31 - 1


def versioned(url: str, file_name: str) -> str:
    """Add a version to a media URL so a re-lettered image is never stale in a cache."""
    return f"{url}?v={hashlib.sha1(file_name.encode()).hexdigest()[:10]}"


def validate_style(slug: str) -> None:
    if slug not in styles.STYLES:
        raise ValidationError(f"Unknown style {slug!r}.", code="invalid_choice")


def validate_layout(slug: str) -> None:
    if slug not in layouts.COMIC_LAYOUTS and slug != layouts.PICTURE_BOOK_LAYOUT.slug:
        raise ValidationError(f"Unknown layout {slug!r}.", code="invalid_choice")


def validate_page_size(slug: str) -> None:
    if slug not in layouts.PAGE_SIZES:
        raise ValidationError(f"Unknown page size {slug!r}.", code="invalid_choice")


def comic_upload_path(comic: Comic, filename: str) -> str:
    return f"comics/{comic.pk}/{filename}"


def page_upload_path(page: Page, filename: str) -> str:
    return f"comics/{page.comic_id}/{filename}"


def panel_upload_path(panel: Panel, filename: str) -> str:
    return f"comics/{panel.page.comic_id}/art/{filename}"


# Published, not hidden by a moderator, by an author who is not banned: what
# anyone may read, signed in or not, and what the gallery lists.
PUBLISHED = Q(visibility="public", hidden_at__isnull=True, owner__banned_at__isnull=True)


class ComicQuerySet(models.QuerySet):
    """Who may see what, in one place: pages, API, media, PDF and websocket all ask here.

    ``comics`` owns a comic's publication state (visibility, published and
    hidden times, featured, like count) because this rule needs it and
    ``comics`` may not import ``gallery``; ``gallery`` owns the acts that
    change it (likes, reports, moderation, the audit log).
    """

    def owned_by(self, user):
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def published(self):
        """Open to anyone and listed in the gallery."""
        return self.filter(PUBLISHED)

    def readable_by(self, user):
        """The owner's own comics, every published one, and all of them for moderators."""
        if is_moderator(user):
            return self
        if not user.is_authenticated:
            return self.published()
        return self.filter(PUBLISHED | Q(owner=user))


class Comic(models.Model):
    class Kind(models.TextChoices):
        COMIC = book_format.COMIC, "Comic"
        PICTURE_BOOK = book_format.PICTURE_BOOK, "Picture book"

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private"
        PUBLIC = "public", "Public"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comics")
    title = models.CharField(max_length=200, blank=True)
    idea = models.TextField(validators=[MaxLengthValidator(MAX_IDEA_LENGTH)])
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMIC)
    style = models.CharField(max_length=50, default=styles.DEFAULT_STYLE, validators=[validate_style])
    layout = models.CharField(max_length=50, default=layouts.DEFAULT_LAYOUT, validators=[validate_layout])
    page_size = models.CharField(max_length=30, default=layouts.DEFAULT_PAGE_SIZE, validators=[validate_page_size])
    page_count = models.PositiveSmallIntegerField(
        default=book_format.DEFAULT_PAGES, validators=[MinValueValidator(MIN_PAGES), MaxValueValidator(MAX_PAGES)]
    )
    panels_per_page = models.PositiveSmallIntegerField(
        default=book_format.DEFAULT_PANELS_PER_PAGE,
        validators=[MinValueValidator(MIN_PANELS), MaxValueValidator(MAX_PANELS)],
    )
    seed = models.PositiveIntegerField(validators=[MaxValueValidator(MAX_SEED)])
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)
    # Publication state (see ComicQuerySet): set through comics.services and gallery.moderation.
    published_at = models.DateTimeField(null=True, blank=True, help_text="When it was last made public.")
    hidden_at = models.DateTimeField(null=True, blank=True, help_text="Hidden from the public by a moderator.")
    hidden_reason = models.CharField(max_length=500, blank=True)
    featured_at = models.DateTimeField(null=True, blank=True, help_text="Featured on the gallery's front.")
    # Kept exact by gallery.likes with F() in the same transaction as the like row,
    # so no request counts rows.
    like_count = models.PositiveIntegerField(default=0)

    # Filled by the plan step.
    cover_scene = models.TextField(blank=True)
    idea_screened = models.BooleanField(default=False)
    # Filled by painting, lettering and the PDF step.
    cover_art = models.FileField(upload_to=comic_upload_path, blank=True)
    cover_image = models.FileField(upload_to=comic_upload_path, blank=True)
    pdf = models.FileField(upload_to=comic_upload_path, blank=True)
    # Set by edits (comics.dependencies): the next job letters the cover / binds the PDF again.
    cover_stale = models.BooleanField(default=False)
    pdf_stale = models.BooleanField(default=False)

    # The backends chosen when the comic was created, by registry name.
    text_backend = models.CharField(max_length=50)
    image_backend = models.CharField(max_length=50)
    safety_backend = models.CharField(max_length=50)
    # Where each backend comes from, per kind: {"source": "builtin"|"site"|"account",
    # "backend", "model", "account", "label"} (comics.providers). Ids and names only, never a key.
    providers = models.JSONField(default=dict, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComicQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(page_count__gte=MIN_PAGES) & Q(page_count__lte=MAX_PAGES), name="comic_page_count_range"
            ),
            models.CheckConstraint(
                condition=Q(panels_per_page__gte=MIN_PANELS) & Q(panels_per_page__lte=MAX_PANELS),
                name="comic_panels_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind=book_format.PICTURE_BOOK)
                | Q(panels_per_page=book_format.PICTURE_BOOK_PANELS_PER_PAGE),
                name="picture_book_one_panel",
            ),
            models.CheckConstraint(condition=~Q(idea=""), name="comic_idea_not_empty"),
        ]
        # One per gallery sort, over published comics only; trending reads gallery.Like's index.
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                name="comic_gallery_new",
                condition=Q(visibility="public", hidden_at__isnull=True),
            ),
            models.Index(
                fields=["-like_count", "-published_at", "-id"],
                name="comic_gallery_top",
                condition=Q(visibility="public", hidden_at__isnull=True),
            ),
            models.Index(fields=["-featured_at"], name="comic_featured", condition=Q(featured_at__isnull=False)),
            models.Index(fields=["owner", "-created_at", "-id"], name="comic_shelf"),
        ]

    def __str__(self) -> str:
        return self.title or self.idea[:60]

    def get_absolute_url(self) -> str:
        return reverse("comics:reader", args=[self.pk])

    @property
    def display_title(self) -> str:
        """The title, or until the plan gives one (or when it never did), the idea in quotes."""
        return self.title or f"“{Truncator(self.idea).chars(60)}”"

    @property
    def style_obj(self) -> styles.Style:
        return styles.get_style(self.style)

    @property
    def is_picture_book(self) -> bool:
        return book_format.is_picture_book(self.kind)

    @property
    def is_finished(self) -> bool:
        return bool(self.pdf)

    @property
    def is_public(self) -> bool:
        """Its author published it (a moderator may still have hidden it)."""
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None

    @property
    def ready_message(self) -> str:
        """What the job page says once the comic is made, live or after a reload."""
        return f"Done — your {'picture book' if self.is_picture_book else 'comic'} is ready!"

    def cover_url(self) -> str:
        return versioned(reverse("comics:cover", args=[self.pk]), self.cover_image.name) if self.cover_image else ""

    def cover_art_url(self) -> str:
        return versioned(reverse("comics:cover_art", args=[self.pk]), self.cover_art.name) if self.cover_art else ""

    def pdf_url(self) -> str:
        return versioned(reverse("comics:pdf", args=[self.pk]), self.pdf.name) if self.pdf else ""

    def lettered_pages(self) -> list[Page]:
        """The pages a reader and the downloads show: those lettered, in order.

        Pages being added (a continuation still being written or painted)
        are left out until they are lettered, so the book stays readable
        while it grows. Uses the pages prefetched with the comic when there are.
        """
        return [page for page in self.pages.all() if page.image]

    def latest_job(self) -> GenerationJob | None:
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("jobs")
        if prefetched is not None:  # the shelf prefetches; don't query per comic
            return max(prefetched, key=lambda job: (job.created_at, job.pk), default=None)
        return self.jobs.order_by("-created_at", "-id").first()


class Character(models.Model):
    """A cast member. ``look`` is written once at planning and re-injected
    into every image prompt, which is what keeps the character on-model."""

    comic = models.ForeignKey(Comic, on_delete=models.CASCADE, related_name="cast")
    index = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    look = models.TextField()

    class Meta:
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["comic", "index"], name="character_unique_index")]

    def __str__(self) -> str:
        return self.name


class Page(models.Model):
    comic = models.ForeignKey(Comic, on_delete=models.CASCADE, related_name="pages")
    index = models.PositiveSmallIntegerField()  # 0-based; shown as index + 1
    beat = models.TextField(help_text="The one-line beat from the plan.")
    # Handed back with the outline (comics.script), so every page request knows what each page tells.
    stage = models.CharField(
        max_length=100, blank=True, help_text="The part of the story the beat tells, as its writer named it."
    )
    layout = models.CharField(max_length=50)
    # True once the page's panels were written (step "expand").
    scripted = models.BooleanField(default=False)
    image = models.FileField(upload_to=page_upload_path, blank=True, help_text="The lettered page.")
    # Saved with the image (see ``bookbinding.LetteredPage``) so the guided
    # reader's panels and word sizes always match the pixels; {} for pages
    # lettered before panels were recorded, which the reader shows whole.
    regions = models.JSONField(default=dict, blank=True, help_text="Panels and words on the lettered page.")
    # Set by an edit (comics.dependencies): the image no longer matches its panels. It stays on show
    # until the next job letters the page again, so a reader never meets a blank page.
    stale = models.BooleanField(default=False, help_text="To be lettered again: its words or art changed.")
    # Bumped by every edit of the page: a lettering that started before an edit leaves the page stale.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["comic", "index"], name="page_unique_index")]

    def __str__(self) -> str:
        return f"{self.comic} — page {self.number}"

    @property
    def number(self) -> int:
        return self.index + 1

    def image_url(self) -> str:
        if not self.image:
            return ""
        return versioned(reverse("comics:page_image", args=[self.comic_id, self.number]), self.image.name)


class Panel(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="panels")
    index = models.PositiveSmallIntegerField()
    scene = models.TextField()
    image_prompt = models.TextField(help_text="The full prompt sent to the image backend.")
    seed = models.PositiveIntegerField()
    dialogue = models.JSONField(default=list, blank=True, help_text='[{"speaker": ..., "text": ...}]')
    caption = models.TextField(blank=True)
    sfx = models.CharField(max_length=40, blank=True)
    screened = models.BooleanField(default=False, help_text="The image prompt passed the safety check.")
    art = models.FileField(upload_to=panel_upload_path, blank=True, help_text="Clean art, no lettering.")
    # How the art was made.
    art_backend = models.CharField(max_length=50, blank=True)
    art_model = models.CharField(max_length=120, blank=True)
    art_width = models.PositiveIntegerField(null=True, blank=True)
    art_height = models.PositiveIntegerField(null=True, blank=True)
    art_steps = models.PositiveIntegerField(null=True, blank=True)
    art_seed = models.BigIntegerField(null=True, blank=True, help_text="The seed the image provider used.")
    art_seconds = models.FloatField(null=True, blank=True)
    # Who was painted in the art and where, left to right: [{"name": ..., "x": 0..1}], stored at paint
    # time so lettering points each tail at the painted speaker however the words are edited later.
    subjects = models.JSONField(default=list, blank=True, help_text='[{"name": ..., "x": 0..1}] as painted.')
    # Where the author put each speech bubble, in reading order: {"x", "y", "w", "h"} as fractions of
    # the panel, or null for "place it for me". Used by every later lettering.
    bubbles = models.JSONField(default=list, blank=True, help_text='[{"x", "y", "w", "h"} or null] per bubble.')
    # Set by a redraw: the next job paints a new version (the current art stays on show meanwhile).
    repaint = models.BooleanField(default=False, help_text="To be painted again (a redraw was asked for).")

    # The fields that describe one painting: kept on the panel for the art in use, and per version.
    ART_FIELDS = (
        "art",
        "seed",
        "scene",
        "image_prompt",
        "art_backend",
        "art_model",
        "art_width",
        "art_height",
        "art_steps",
        "art_seed",
        "art_seconds",
        "subjects",
    )

    class Meta:
        ordering = ["page__index", "index"]
        constraints = [models.UniqueConstraint(fields=["page", "index"], name="panel_unique_index")]

    def __str__(self) -> str:
        return f"{self.page} — panel {self.index + 1}"

    def art_url(self) -> str:
        if not self.art:
            return ""
        url = reverse("comics:panel_art", args=[self.page.comic_id, self.page.number, self.index + 1])
        return versioned(url, self.art.name)


class PanelVersion(models.Model):
    """One painting of a panel, kept so the author can go back to it without paying for a repaint.

    Every painting adds a version; the panel's own art fields are a copy of
    the version in use (``Panel.ART_FIELDS``), which is what lettering and
    the reader read.
    """

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()  # 1-based, in the order painted
    art = models.FileField(upload_to=panel_upload_path)
    seed = models.PositiveIntegerField()
    scene = models.TextField()
    image_prompt = models.TextField()
    art_backend = models.CharField(max_length=50, blank=True)
    art_model = models.CharField(max_length=120, blank=True)
    art_width = models.PositiveIntegerField(null=True, blank=True)
    art_height = models.PositiveIntegerField(null=True, blank=True)
    art_steps = models.PositiveIntegerField(null=True, blank=True)
    art_seed = models.BigIntegerField(null=True, blank=True)
    art_seconds = models.FloatField(null=True, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["panel", "number"]
        constraints = [models.UniqueConstraint(fields=["panel", "number"], name="panel_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.panel} — version {self.number}"

    @classmethod
    def record(cls, panel: Panel, *, number: int | None = None) -> PanelVersion:
        """Keep the panel's current art as its next version: ``number``, if the caller knows it, or the next one.

        A run's painter knows (``highest_numbers`` once, then counting), which
        spares a query on each painting's save; the constraint catches a
        wrong count.
        """
        if number is None:
            number = (panel.versions.aggregate(models.Max("number"))["number__max"] or 0) + 1
        return cls.objects.create(panel=panel, number=number, **{f: getattr(panel, f) for f in Panel.ART_FIELDS})

    @classmethod
    def highest_numbers(cls, comic_id: int) -> dict[int, int]:
        """Each panel's latest version number, by panel id (panels never painted are absent)."""
        rows = cls.objects.filter(panel__page__comic_id=comic_id).values("panel").annotate(last=models.Max("number"))
        return {row["panel"]: row["last"] for row in rows}

    def is_in_use(self, panel: Panel | None = None) -> bool:
        return (panel or self.panel).art.name == self.art.name

    def art_url(self) -> str:
        page = self.panel.page
        url = reverse("comics:panel_version_art", args=[page.comic_id, page.number, self.panel.index + 1, self.number])
        return versioned(url, self.art.name)


def lease_cutoff(now=None):
    """Heartbeats older than this belong to runs that are presumed dead."""
    return (now or timezone.now()) - timedelta(seconds=settings.PANELCRAFT["JOB_LEASE_SECONDS"])


class GenerationJobQuerySet(models.QuerySet):
    def readable_by(self, user):
        """A job (its page, API and websocket) is its owner's, and moderators'; never public."""
        if is_moderator(user):
            return self
        if not user.is_authenticated:
            return self.none()
        return self.filter(comic__owner=user)

    def active(self):
        return self.filter(status__in=GenerationJob.ACTIVE)

    def abandoned(self, *, now=None):
        """Running jobs whose run has gone silent for longer than the lease.

        A live run renews its heartbeat several times per lease, so silence
        this long means its worker died (killed, out of memory, restarted).
        """
        return self.filter(status=GenerationJob.Status.RUNNING, heartbeat_at__lt=lease_cutoff(now))


class GenerationJob(models.Model):
    """One run of the pipeline for a comic.

    The row is the source of truth for progress: websocket messages are only
    notifications of changes to it, so a client that connects late, reconnects
    or polls always gets the same story from here.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)
    MAX_EVENTS = 300

    comic = models.ForeignKey(Comic, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    stage = models.CharField(max_length=120, default="Waiting to start")
    events = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True, help_text="Shown to the user when the job failed.")
    timings = models.JSONField(default=dict, blank=True, help_text="Seconds spent per pipeline step.")
    backends = models.JSONField(default=dict, blank=True)
    # Calls, tokens, images and seconds per provider and model, over every run (comics.metering).
    usage = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # What this job does, in the author's words: "" for making the comic, or an edit's
    # ("Redraw page 1, panel 2"). Shown on the job page and in the API.
    purpose = models.CharField(max_length=200, blank=True)
    # What an edit asked for that the run needs (a continuation's direction); never a secret.
    request = models.JSONField(default=dict, blank=True)
    # Where the current (or last) run is: "host:pid" of the worker that claimed it.
    claimed_by = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the job last joined the queue (created, retried, or handed back after its worker died).
    queued_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    objects = GenerationJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_max_100"),
            # A comic is generated by at most one job at a time.
            models.UniqueConstraint(
                fields=["comic"], condition=Q(status__in=["queued", "running"]), name="one_active_job_per_comic"
            ),
        ]

    def __str__(self) -> str:
        return f"Job {self.pk} for {self.comic} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("comics:job", args=[self.pk])

    @property
    def websocket_path(self) -> str:
        return f"/ws/jobs/{self.pk}/"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_stalled(self) -> bool:
        """Claimed by a run that has gone silent for longer than the job lease.

        A worker that died mid-job leaves this behind until the sweep hands
        the job back to the queue; the author may also resume it at once.
        A queued job is never stalled: it is waiting its turn.
        """
        if self.status != self.Status.RUNNING:
            return False
        return (self.heartbeat_at or self.created_at) < lease_cutoff()

    @cached_property
    def queue_position(self) -> int | None:
        """1 for the next job a free worker takes, 2 after it, …; None unless queued."""
        if self.status != self.Status.QUEUED:
            return None
        ahead = GenerationJob.objects.filter(status=self.Status.QUEUED).filter(
            Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk)
        )
        return ahead.count() + 1

    def queue_note(self) -> str:
        """What the job page says while the job waits its turn ("" when it is not waiting)."""
        position = self.queue_position
        if position is None:
            return ""
        if position == 1:
            return "Next in the queue: it starts as soon as a worker is free."
        ahead = position - 1
        return f"Waiting in the queue: {ahead} {'comic' if ahead == 1 else 'comics'} ahead of yours."

    def done_message(self) -> dict:
        comic = self.comic
        return messages.done(
            comic_id=comic.pk,
            title=comic.title,
            reader_url=comic.get_absolute_url(),
            pdf_url=reverse("comics:pdf", args=[comic.pk]),
        )

    def artifacts(self) -> dict:
        """What the job has made so far, with URLs: painted panels, cover, lettered pages.

        Read by the job page, the polling API and a websocket's first messages,
        so all three show the same thing. Cached on the instance.
        """
        if getattr(self, "_artifacts", None) is None:
            comic = self.comic
            panels = Panel.objects.filter(page__comic_id=comic.pk).exclude(art="").select_related("page")
            pages = Page.objects.filter(comic_id=comic.pk).exclude(image="")
            self._artifacts = {
                "panels": [{"page": p.page.number, "panel": p.index + 1, "url": p.art_url()} for p in panels],
                "cover_url": comic.cover_url() or comic.cover_art_url(),
                "pages": [{"page": p.number, "url": p.image_url(), "beat": p.beat} for p in pages],
            }
        return self._artifacts

    def state_messages(self) -> list[dict]:
        """The messages that bring a new listener up to date with this row."""
        made = self.artifacts()
        told: list[dict] = [
            messages.progress(
                status=self.status,
                percent=self.progress,
                stage=self.stage,
                title=self.comic.title,
                queue=self.queue_note(),
                stalled=self.is_stalled,
            )
        ]
        told += [messages.panel(**panel, percent=self.progress) for panel in made["panels"]]
        if made["cover_url"]:
            told.append(messages.cover(url=made["cover_url"]))
        told += [messages.page(number=page["page"], url=page["url"]) for page in made["pages"]]
        told += [messages.notice(notice) for notice in self.notices()]
        if self.status == self.Status.SUCCEEDED:
            told.append(self.done_message())
        elif self.status == self.Status.FAILED:
            told.append(messages.failed(error=self.error, percent=self.progress))
        elif self.status == self.Status.CANCELLED:
            told.append(messages.cancelled(percent=self.progress))
        return told

    def notices(self) -> list[str]:
        """What the author should know about how the comic was made (e.g. text that could not be lettered)."""
        return [event["message"] for event in self.events if event.get("notice")]

    def log(self, message: str, **data) -> None:
        """Append to the event log (kept to the newest MAX_EVENTS)."""
        entry = {"at": timezone.now().isoformat(timespec="seconds"), "message": message, **data}
        self.events = [*self.events, entry][-self.MAX_EVENTS :]


class PageCharge(models.Model):
    """Pages a user asked for, and when: the ledger behind the pages-per-day quota (comics.quotas).

    Kept apart from the comic so deleting a comic does not give its pages back.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="page_charges")
    pages = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["owner", "created_at"], name="page_charge_recent")]

    def __str__(self) -> str:
        return f"{self.owner}: {self.pages} pages at {self.created_at:%Y-%m-%d %H:%M}"


def best_price(prices, provider: str, model: str) -> ModelPrice | None:
    """The price of ``model`` at ``provider`` among ``prices``: the longest matching name, this provider's first.

    A provider often answers with a dated name ("gpt-4o-mini-2024-07-18")
    for the one priced ("gpt-4o-mini"), so a price matches by prefix; a
    price with no provider applies to any.
    """
    candidates = [
        price
        for price in prices
        if price.provider in (provider, "")
        and (model == price.model or model.startswith(price.model + "-") or model.startswith(price.model + ":"))
    ]
    return max(candidates, key=lambda price: (len(price.model), price.provider == provider), default=None)


class ModelPriceQuerySet(models.QuerySet):
    def for_model(self, provider: str, model: str) -> ModelPrice | None:
        return best_price(self.filter(provider__in=[provider, ""]), provider, model)


class ModelPrice(models.Model):
    """What one model costs, for the estimated cost of a job: edited by staff in the admin.

    Prices are estimates in US dollars: providers change them and bill by
    their own counts, so pages say "about".
    """

    provider = models.CharField(max_length=32, blank=True, help_text="A provider slug such as openai; blank: any.")
    model = models.CharField(max_length=200, help_text="The model name; also prices dated versions of it.")
    input_per_million = models.DecimalField("input tokens, per million", max_digits=10, decimal_places=4, default=0)
    output_per_million = models.DecimalField("output tokens, per million", max_digits=10, decimal_places=4, default=0)
    per_image = models.DecimalField(max_digits=10, decimal_places=5, default=0)
    per_call = models.DecimalField(
        max_digits=10, decimal_places=5, default=0, help_text="For calls priced per request."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ModelPriceQuerySet.as_manager()

    class Meta:
        ordering = ["provider", "model"]
        constraints = [models.UniqueConstraint(fields=["provider", "model"], name="one_price_per_model")]

    def __str__(self) -> str:
        return f"{self.provider or 'any'}: {self.model}"

    def cost(self, *, input_tokens: int = 0, output_tokens: int = 0, images: int = 0, calls: int = 0):
        million = Decimal(1_000_000)
        return (
            self.input_per_million * input_tokens / million
            + self.output_per_million * output_tokens / million
            + self.per_image * images
            + self.per_call * calls
        )
