"""API input and output shapes. Inputs are validated here; services do the work."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from accounts.roles import is_moderator
from config import field_messages
from config.pagination import PagePagination

from . import book_format, layouts, publishing, styles
from .forms import (
    IDEA_BLANK_MESSAGE,
    PAGES_MESSAGES,
    PANELS_MESSAGES,
    SEED_MESSAGES,
    comic_layout_choices,
    page_size_choices,
    validate_idea,
    validate_page_count,
)
from .metering import usage_summary
from .models import MAX_PAGES, MAX_PANELS, MAX_SEED, MIN_PAGES, MIN_PANELS, Comic, GenerationJob


class TextField(serializers.CharField):
    """Text only: DRF's CharField would quietly turn ``12345`` into ``"12345"``."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


ACCOUNT_ID_MESSAGE = "Give the id of one of your provider accounts (a whole number), or null for your default."


class ComicCreateInput(serializers.Serializer):
    # Not allow_blank: DRF skips validators for a blank value, so blank is rejected here, same wording.
    idea = TextField(
        validators=[validate_idea],
        trim_whitespace=True,
        error_messages={
            "required": IDEA_BLANK_MESSAGE,
            "null": IDEA_BLANK_MESSAGE,
            "blank": IDEA_BLANK_MESSAGE,
            "invalid": 'Write the idea as text, in quotes: "a shy dragon who opens a tiny tea shop".',
        },
    )
    kind = serializers.ChoiceField(
        choices=Comic.Kind.choices,
        default=Comic.Kind.COMIC,
        error_messages=field_messages.choose_one("kind", Comic.Kind.choices),
    )
    pages = serializers.IntegerField(
        min_value=MIN_PAGES,
        max_value=MAX_PAGES,
        default=book_format.DEFAULT_PAGES,
        validators=[validate_page_count],
        error_messages=PAGES_MESSAGES,
    )
    panels_per_page = serializers.IntegerField(
        min_value=MIN_PANELS, max_value=MAX_PANELS, required=False, error_messages=PANELS_MESSAGES
    )
    style = serializers.ChoiceField(
        choices=styles.style_choices(),
        default=styles.DEFAULT_STYLE,
        error_messages=field_messages.choose_one("style", styles.style_choices()),
    )
    layout = serializers.ChoiceField(
        choices=comic_layout_choices(),
        default=layouts.DEFAULT_LAYOUT,
        error_messages=field_messages.choose_one("layout", comic_layout_choices()),
    )
    page_size = serializers.ChoiceField(
        choices=page_size_choices(),
        default=layouts.DEFAULT_PAGE_SIZE,
        error_messages=field_messages.choose_one("page size", page_size_choices()),
    )
    seed = serializers.IntegerField(
        min_value=0, max_value=MAX_SEED, required=False, allow_null=True, error_messages=SEED_MESSAGES
    )
    # Ids of the caller's provider accounts, instead of their defaults for this comic.
    text_provider = serializers.IntegerField(
        required=False, allow_null=True, error_messages=field_messages.whole_number(ACCOUNT_ID_MESSAGE)
    )
    image_provider = serializers.IntegerField(
        required=False, allow_null=True, error_messages=field_messages.whole_number(ACCOUNT_ID_MESSAGE)
    )

    def validate(self, data):
        # Also for the default page count, which DRF does not pass through the field's validators.
        try:
            validate_page_count(data["pages"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"pages": exc.messages}) from None
        one = book_format.PICTURE_BOOK_PANELS_PER_PAGE
        if book_format.is_picture_book(data["kind"]) and data.get("panels_per_page", one) != one:
            raise serializers.ValidationError(
                {"panels_per_page": [f"A picture book has one illustration per page; leave this out or use {one}."]}
            )
        shape = book_format.page_shape(data["kind"], panels_per_page=data.get("panels_per_page"), layout=data["layout"])
        return {**data, **shape._asdict()}


class PaintedPanelOutput(serializers.Serializer):
    page = serializers.IntegerField()
    panel = serializers.IntegerField()
    url = serializers.CharField()


class LetteredPageOutput(serializers.Serializer):
    page = serializers.IntegerField()
    url = serializers.CharField()


class JobOutput(serializers.ModelSerializer):
    """A job and what it has made so far (the polling fallback reads this)."""

    comic = serializers.IntegerField(source="comic_id")
    websocket = serializers.CharField(source="websocket_path")
    url = serializers.CharField(source="get_absolute_url")
    stalled = serializers.BooleanField(source="is_stalled")
    queue_position = serializers.IntegerField(allow_null=True)
    queue_note = serializers.CharField()
    notices = serializers.ListField(child=serializers.CharField())
    painted_panels = PaintedPanelOutput(many=True, source="artifacts.panels")
    cover_url = serializers.CharField(source="artifacts.cover_url")
    pages = LetteredPageOutput(many=True, source="artifacts.pages")
    providers = serializers.JSONField(source="comic.providers")
    usage = serializers.SerializerMethodField()

    class Meta:
        model = GenerationJob
        fields = [
            "id",
            "comic",
            "status",
            "stalled",
            "queue_position",
            "queue_note",
            "notices",
            "progress",
            "stage",
            "error",
            "purpose",
            "websocket",
            "url",
            "painted_panels",
            "cover_url",
            "pages",
            "providers",
            "usage",
            "created_at",
            "started_at",
            "finished_at",
        ]

    def get_usage(self, job) -> dict:
        return usage_summary(job.usage)


class CharacterOutput(serializers.Serializer):
    name = serializers.CharField()
    look = serializers.CharField()


class PanelOutput(serializers.Serializer):
    index = serializers.SerializerMethodField()
    scene = serializers.CharField()
    image_prompt = serializers.CharField(help_text="The prompt the art in use was painted from.")
    dialogue = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    caption = serializers.CharField()
    sfx = serializers.CharField()
    art_url = serializers.SerializerMethodField()
    art = serializers.SerializerMethodField()
    bubbles = serializers.JSONField(
        read_only=True,
        help_text='Where the author put each speech bubble, in reading order: {"x", "y", "w", "h"} as fractions '
        "of the panel, or null where the lettering places it.",
    )
    subjects = serializers.JSONField(read_only=True, help_text='Who was painted where: [{"name", "x"}], x 0..1.')

    def get_index(self, panel) -> int:
        return panel.index + 1

    def get_art_url(self, panel) -> str:
        return panel.art_url()

    def get_art(self, panel) -> dict:
        return {
            "backend": panel.art_backend,
            "model": panel.art_model,
            "width": panel.art_width,
            "height": panel.art_height,
            "steps": panel.art_steps,
            "seed": panel.art_seed,
            "seconds": panel.art_seconds,
        }


class PageOutput(serializers.Serializer):
    number = serializers.IntegerField()
    beat = serializers.CharField()
    layout = serializers.CharField()
    image_url = serializers.SerializerMethodField()
    regions = serializers.JSONField(
        read_only=True,
        help_text=(
            "Where the panels and their words are on the lettered image, in its pixels, panels in reading order: "
            '{"size": [w, h], "panels": [{"box": [x0, y0, x1, y1], "text": [{"box": [...], "px": body size}]}]}; '
            "{} for a page not lettered yet."
        ),
    )
    panels = PanelOutput(many=True)

    def get_image_url(self, page) -> str:
        return page.image_url()


class ComicOutput(serializers.ModelSerializer):
    """A whole comic. Pass ``context={"request": request}``: only its owner and moderators see ``hidden``."""

    pages = PageOutput(many=True)
    cast = CharacterOutput(many=True)
    page_count = serializers.IntegerField()
    author = serializers.CharField(source="owner.byline", help_text="The author's display name.")
    cover_url = serializers.SerializerMethodField()
    pdf = serializers.SerializerMethodField()
    job = serializers.SerializerMethodField()
    hidden = serializers.BooleanField(
        source="is_hidden", required=False, help_text="Hidden by a moderator. Only for its owner and moderators."
    )
    hidden_reason = serializers.CharField(
        required=False, help_text="Why a moderator hid it. Only for its owner and moderators."
    )

    class Meta:
        model = Comic
        fields = [
            "id",
            "title",
            "idea",
            "kind",
            "style",
            "layout",
            "page_size",
            "page_count",
            "panels_per_page",
            "seed",
            "author",
            "visibility",
            "published_at",
            "like_count",
            "hidden",
            "hidden_reason",
            "cast",
            "cover_url",
            "pages",
            "pdf",
            "job",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, comic):
        data = super().to_representation(comic)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not (comic.owner_id == user.id or is_moderator(user)):
            # A reader who is neither its author nor a moderator learns nothing of moderation, nor of its jobs.
            data.pop("hidden")
            data.pop("hidden_reason")
            data["job"] = None
        return data

    def get_cover_url(self, comic) -> str:
        return comic.cover_url()

    def get_pdf(self, comic) -> str:
        return comic.pdf_url()

    def get_job(self, comic) -> dict | None:
        job = comic.latest_job()
        return JobSummaryOutput(job).data if job else None


class JobSummaryOutput(serializers.ModelSerializer):
    websocket = serializers.CharField(source="websocket_path")

    class Meta:
        model = GenerationJob
        fields = ["id", "status", "progress", "stage", "error", "websocket"]


class ComicCreatedOutput(serializers.Serializer):
    id = serializers.IntegerField(source="comic.id")
    url = serializers.CharField(source="comic.get_absolute_url")
    job = JobSummaryOutput()


class ComicListOutput(serializers.ModelSerializer):
    """One of the caller's own comics; the queryset comes from ``comics.access.shelf_comics``."""

    cover_url = serializers.SerializerMethodField()
    hidden = serializers.BooleanField(source="is_hidden", help_text="Hidden by a moderator.")
    status = serializers.ChoiceField(
        choices=GenerationJob.Status.choices,
        source="latest_status",
        allow_null=True,
        help_text="The status of its latest job (null when it has none).",
    )

    class Meta:
        model = Comic
        fields = [
            "id",
            "title",
            "idea",
            "kind",
            "style",
            "page_count",
            "cover_url",
            "visibility",
            "published_at",
            "like_count",
            "hidden",
            "status",
            "created_at",
        ]

    def get_cover_url(self, comic) -> str:
        return comic.cover_url()


class ComicPageOutput(serializers.Serializer):
    """A page of ``GET /api/comics/`` (config.pagination.PagePagination)."""

    count = serializers.IntegerField(help_text="How many comics over all pages.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ComicListOutput(many=True)


class ComicListQuery(serializers.Serializer):
    """``GET /api/comics/``'s filters, the shelf's: by kind, by the latest job's status."""

    kind = serializers.ChoiceField(
        choices=Comic.Kind.choices, required=False, error_messages=field_messages.choose_one("kind", Comic.Kind.choices)
    )
    status = serializers.ChoiceField(
        choices=GenerationJob.Status.choices,
        required=False,
        error_messages=field_messages.choose_one("status", GenerationJob.Status.choices),
    )
    page = serializers.IntegerField(min_value=1, required=False, error_messages=field_messages.PAGE_NUMBER)
    page_size = serializers.IntegerField(
        min_value=1, max_value=PagePagination.max_page_size, required=False, error_messages=field_messages.PAGE_SIZE
    )


class ComicUpdateInput(serializers.Serializer):
    """``PATCH /api/comics/<id>/``: a new title, publishing or unpublishing, or both."""

    title = serializers.CharField(required=False, allow_blank=True, error_messages=field_messages.api_text("the title"))
    visibility = serializers.ChoiceField(
        choices=Comic.Visibility.choices,
        required=False,
        error_messages=field_messages.choose_one("visibility", Comic.Visibility.choices),
    )

    def validate_title(self, value):
        try:
            return publishing.clean_title(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["title"]) from None

    def validate(self, data):
        if not data:
            raise serializers.ValidationError('Send a "title", a "visibility" ("private" or "public"), or both.')
        return data
