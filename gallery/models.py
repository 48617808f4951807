"""Likes, reports and the moderators' audit log.

The state these acts change lives on ``comics.Comic`` (published, hidden,
featured, like count) so that ``comics`` can decide who may read a comic
without importing this app; the rows here record who did what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comics.models import Comic


class Like(models.Model):
    """One person's like of one comic; the database refuses a second.

    ``Comic.like_count`` is kept equal to the number of these rows by
    ``gallery.likes``, in the same transaction as the insert or delete.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes")
    comic = models.ForeignKey(Comic, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "comic"], name="like_once_per_user")]
        # Trending counts the last week's likes per comic: a range scan on this index.
        indexes = [models.Index(fields=["created_at", "comic"], name="like_recent")]

    def __str__(self) -> str:
        return f"{self.user} likes {self.comic}"


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    """A reason to look at a comic: from a reader, or from the safety check while it was made."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        SEXUAL = "sexual", "Sexual content"
        VIOLENCE = "violence", "Violence"
        HATE = "hate", "Hate"
        HARASSMENT = "harassment", "Harassment"
        COPYRIGHT = "copyright", "Copyright"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        DISMISSED = "dismissed", "Dismissed"

    class Source(models.TextChoices):
        READER = "reader", "A reader"
        SAFETY = "safety", "The safety check"

    comic = models.ForeignKey(Comic, on_delete=models.CASCADE, related_name="reports")
    # Empty for reports the safety check filed.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.READER)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.TextField(blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comic", "reporter"], name="report_once_per_reader", condition=Q(reporter__isnull=False)
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="report_queue")]
        permissions = [("moderate", "Can moderate the gallery: hide comics, handle reports, feature, ban")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} report on {self.comic}"


class ModerationActionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The moderation log is append-only.")

    def delete(self):
        raise TypeError("The moderation log is append-only.")


class ModerationAction(models.Model):
    """One line of the append-only audit log: who did what to which target, why, and when.

    Rows are only ever inserted (``gallery.moderation`` writes one per act);
    saving an existing row or deleting one raises, and the admin offers
    neither. The target is recorded by kind, id and a label so the line
    still reads after the comic or user is gone.
    """

    class Action(models.TextChoices):
        HIDE = "hide", "Hid a comic"
        UNHIDE = "unhide", "Unhid a comic"
        FEATURE = "feature", "Featured a comic"
        UNFEATURE = "unfeature", "Unfeatured a comic"
        RESOLVE = "resolve", "Resolved a report"
        DISMISS = "dismiss", "Dismissed a report"
        BAN = "ban", "Banned a user"
        UNBAN = "unban", "Unbanned a user"

    class Target(models.TextChoices):
        COMIC = "comic", "Comic"
        REPORT = "report", "Report"
        USER = "user", "User"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="moderation_actions"
    )
    moderator_name = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices)
    target_type = models.CharField(max_length=10, choices=Target.choices)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ModerationActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.moderator_name}: {self.get_action_display()} — {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The moderation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The moderation log is append-only.")
