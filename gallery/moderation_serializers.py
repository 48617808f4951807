"""What the report and moderation endpoints read and answer: explicit shapes, one per job."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config import field_messages

from .models import ModerationAction, Report
from .moderation import MAX_BAN_REASON_LENGTH, MAX_DETAIL_LENGTH, MAX_HIDDEN_REASON_LENGTH, reason_missing


# A pattern rather than an enum: a job's ``status`` is another choice set under the same
# field name, and the schema's enum components would have to guess a name for each.
@extend_schema_field(
    {"type": "string", "pattern": "^(" + "|".join(Report.Status.values) + ")$", "example": Report.Status.OPEN}
)
class ReportStatusField(serializers.ChoiceField):
    """A report's status: open, resolved or dismissed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", field_messages.choose_one("status", Report.Status.choices))
        super().__init__(choices=Report.Status.choices, **kwargs)


# --- Input ------------------------------------------------------------------------------


class ReportInput(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=Report.Reason.choices, error_messages=field_messages.choose_one("reason", Report.Reason.choices)
    )
    detail = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_DETAIL_LENGTH,
        default="",
        error_messages=field_messages.api_text("the note", max_length=MAX_DETAIL_LENGTH),
    )


class ReportStatusQuery(serializers.Serializer):
    status = ReportStatusField(required=False, default=Report.Status.OPEN)


class HideInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=MAX_HIDDEN_REASON_LENGTH,
        help_text="Shown to the comic's owner and kept in the audit log.",
        error_messages=field_messages.api_text(
            "the reason",
            max_length=MAX_HIDDEN_REASON_LENGTH,
            missing=reason_missing("hiding it"),
        ),
    )


class BanInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=MAX_BAN_REASON_LENGTH,
        help_text="Shown to the user when they try to sign in.",
        error_messages=field_messages.api_text(
            "the reason",
            max_length=MAX_BAN_REASON_LENGTH,
            missing=reason_missing("banning them"),
        ),
    )


MAX_NOTE_LENGTH = 500


class OptionalReasonInput(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_NOTE_LENGTH,
        default="",
        help_text="Kept in the audit log.",
        error_messages=field_messages.api_text("the reason", max_length=MAX_NOTE_LENGTH),
    )


# --- Output -----------------------------------------------------------------------------


class ReportedComicOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="display_title")
    author = serializers.CharField(source="owner.byline")
    author_id = serializers.IntegerField(source="owner_id")
    hidden = serializers.BooleanField(source="is_hidden")


class ReportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    comic = ReportedComicOutput()
    reporter = serializers.SerializerMethodField(help_text="The reader's username; null for the safety check.")
    source = serializers.ChoiceField(choices=Report.Source.choices)
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    detail = serializers.CharField()
    status = ReportStatusField()
    created_at = serializers.DateTimeField()
    handled_by = serializers.SerializerMethodField(help_text="The moderator who closed it, if closed.")
    handled_at = serializers.DateTimeField(allow_null=True)

    def get_reporter(self, report: Report) -> str | None:
        return report.reporter.get_username() if report.reporter_id else None

    def get_handled_by(self, report: Report) -> str | None:
        return report.handled_by.get_username() if report.handled_by_id else None


class ModeratedComicOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(source="display_title")
    visibility = serializers.CharField()
    hidden = serializers.BooleanField(source="is_hidden")
    hidden_at = serializers.DateTimeField(allow_null=True)
    hidden_reason = serializers.CharField()
    featured = serializers.BooleanField(source="is_featured")
    featured_at = serializers.DateTimeField(allow_null=True)


class ModeratedUserOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    banned = serializers.BooleanField(source="is_banned")
    banned_at = serializers.DateTimeField(allow_null=True)
    ban_reason = serializers.CharField()


class BanOutput(serializers.Serializer):
    """The banned user, as ``ModeratedUserOutput``, and the jobs of theirs the ban cancelled."""

    id = serializers.IntegerField(source="user.pk")
    username = serializers.CharField(source="user.username")
    banned = serializers.BooleanField(source="user.is_banned")
    banned_at = serializers.DateTimeField(source="user.banned_at", allow_null=True)
    ban_reason = serializers.CharField(source="user.ban_reason")
    cancelled_jobs = serializers.ListField(
        source="cancelled_job_ids", child=serializers.IntegerField(), help_text="The user's jobs the ban cancelled."
    )


class AuditEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    moderator = serializers.CharField(source="moderator_name")
    action = serializers.ChoiceField(choices=ModerationAction.Action.choices)
    target_type = serializers.ChoiceField(choices=ModerationAction.Target.choices)
    target_id = serializers.IntegerField()
    target_label = serializers.CharField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


def page_of(item: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    """The shape of one page of ``item``s (``config.pagination.PagePagination``), for the schema."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "__doc__": f"One page of {item.__name__.removesuffix('Output')} entries.",
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": item(many=True),
        },
    )


ReportPageOutput = page_of(ReportOutput, "ReportPageOutput")
AuditPageOutput = page_of(AuditEntryOutput, "AuditPageOutput")
