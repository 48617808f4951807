"""The gallery in the admin: reports handled through the moderation services, likes and the audit log read-only.

Nothing here changes a row directly: a report is resolved or dismissed by
the same services the queue uses (so the audit log gets its line), a like
changed by hand would put the comic's stored count out of step, and the
audit log is never editable, not even by a superuser.
"""

from django.contrib import admin, messages

from accounts.roles import is_moderator

from . import moderation
from .models import Like, ModerationAction, Report


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("id", "comic", "reporter", "source", "reason", "status", "created_at", "handled_by")
    list_filter = ("status", "reason", "source")
    search_fields = ("comic__title", "reporter__username", "detail")
    list_select_related = ("comic", "reporter", "handled_by")
    date_hierarchy = "created_at"
    actions = ("resolve_reports", "dismiss_reports")

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user) or super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a report is part of the record; close it instead

    def has_moderate_permission(self, request):
        return is_moderator(request.user)

    def _close(self, request, queryset, service, word: str) -> None:
        done, skipped = 0, 0
        for report in queryset.select_related("comic"):
            try:
                service(moderator=request.user, report=report)
            except moderation.ModerationError:
                skipped += 1
            else:
                done += 1
        self.message_user(request, f"{done} report{'s' if done != 1 else ''} {word}.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} skipped: they were not open.", messages.WARNING)

    @admin.action(description="Resolve the selected open reports", permissions=["moderate"])
    def resolve_reports(self, request, queryset):
        self._close(request, queryset, moderation.resolve_report, "resolved")

    @admin.action(description="Dismiss the selected open reports", permissions=["moderate"])
    def dismiss_reports(self, request, queryset):
        self._close(request, queryset, moderation.dismiss_report, "dismissed")


@admin.register(Like)
class LikeAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "comic", "created_at")
    search_fields = ("user__username", "comic__title")
    list_select_related = ("user", "comic")
    date_hierarchy = "created_at"

    def has_delete_permission(self, request, obj=None):
        return False  # the comic's like count is kept with the row; unlike through the site


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "moderator_name", "action", "target_type", "target_label", "reason")
    list_filter = ("action", "target_type")
    search_fields = ("moderator_name", "target_label", "reason")
    date_hierarchy = "created_at"

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user) or super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
