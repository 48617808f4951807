"""Every moderator's act leaves one line in the audit log, which nobody can change or remove."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comics import services
from gallery import moderation
from gallery.models import Like, ModerationAction, Report
from tests.conftest import client_for
from tests.gallery.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "root-horse-battery")


def test_every_act_writes_its_line(listed, alice, bob, staff, moderator):
    first = moderation.file_report(reporter=bob, comic=listed, reason="spam")
    second = moderation.file_report(reporter=staff, comic=listed, reason="hate")

    moderation.resolve_report(moderator=moderator, report=first)
    moderation.dismiss_report(moderator=moderator, report=second)
    moderation.feature_comic(moderator=moderator, comic=listed)
    moderation.unfeature_comic(moderator=moderator, comic=listed)
    moderation.hide_comic(moderator=moderator, comic=listed, reason="Copied art.")
    moderation.unhide_comic(moderator=moderator, comic=listed)
    moderation.ban_user(moderator=moderator, user=alice, reason="Repeat offender")
    moderation.unban_user(moderator=moderator, user=alice)

    lines = list(ModerationAction.objects.order_by("id").values_list("action", "target_type", "target_id", "reason"))
    assert lines == [
        ("resolve", "report", first.pk, ""),
        ("dismiss", "report", second.pk, ""),
        ("feature", "comic", listed.pk, ""),
        ("unfeature", "comic", listed.pk, ""),
        ("hide", "comic", listed.pk, "Copied art."),
        ("unhide", "comic", listed.pk, ""),
        ("ban", "user", alice.pk, "Repeat offender"),
        ("unban", "user", alice.pk, ""),
    ]
    assert set(ModerationAction.objects.values_list("moderator_id", "moderator_name")) == {(moderator.pk, "mia")}


def test_a_refused_act_writes_nothing(listed, moderator):
    with pytest.raises(moderation.Conflict):
        moderation.unhide_comic(moderator=moderator, comic=listed)

    assert not ModerationAction.objects.exists()


def test_the_act_and_its_line_go_together(listed, moderator, monkeypatch):
    """If the line cannot be written, the act does not happen either."""

    def broken(**kwargs):
        raise RuntimeError("the log is unavailable")

    monkeypatch.setattr(ModerationAction.objects, "create", broken)

    with pytest.raises(RuntimeError):
        moderation.hide_comic(moderator=moderator, comic=listed, reason="Spam")

    listed.refresh_from_db()
    assert not listed.is_hidden


def test_only_moderators_can_act_even_by_calling_the_services(listed, staff):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        moderation.hide_comic(moderator=staff, comic=listed, reason="Spam")
    listed.refresh_from_db()
    assert not listed.is_hidden


def test_the_line_still_reads_after_the_comic_is_gone(listed, moderator):
    comic_id = listed.pk
    moderation.hide_comic(moderator=moderator, comic=listed, reason="Spam")
    label = ModerationAction.objects.get().target_label

    services.delete_comic(comic=listed)

    line = ModerationAction.objects.get()
    assert line.target_label == label and listed.display_title in label
    assert line.target_id == comic_id


def test_lines_cannot_be_changed_or_removed(listed, moderator):
    moderation.feature_comic(moderator=moderator, comic=listed)
    line = ModerationAction.objects.get()

    line.reason = "Rewritten history"
    with pytest.raises(TypeError):
        line.save()
    with pytest.raises(TypeError):
        line.delete()
    with pytest.raises(TypeError):
        ModerationAction.objects.filter(pk=line.pk).update(reason="Rewritten")
    with pytest.raises(TypeError):
        ModerationAction.objects.all().delete()

    assert ModerationAction.objects.get().reason == ""


# --- The admin ------------------------------------------------------------------------


def test_the_admin_shows_the_log_but_never_edits_it(listed, moderator, root):
    moderation.hide_comic(moderator=moderator, comic=listed, reason="Copied art.")
    line = ModerationAction.objects.get()
    admin = client_for(root)

    listing = admin.get(reverse("admin:gallery_moderationaction_changelist"))
    assert listing.status_code == 200
    assert "Copied art." in listing.content.decode()

    detail = admin.get(reverse("admin:gallery_moderationaction_change", args=[line.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()

    assert (
        admin.post(reverse("admin:gallery_moderationaction_change", args=[line.pk]), {"reason": "x"}).status_code == 403
    )
    assert admin.get(reverse("admin:gallery_moderationaction_add")).status_code == 403
    assert (
        admin.post(reverse("admin:gallery_moderationaction_delete", args=[line.pk]), {"post": "yes"}).status_code == 403
    )
    assert ModerationAction.objects.get().reason == "Copied art."

    from django.contrib.admin.sites import site

    model_admin = site._registry[ModerationAction]
    request = listing.wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, line)
    assert not model_admin.has_delete_permission(request, line)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_resolving_in_the_admin_goes_through_the_service(listed, bob, root):
    report = moderation.file_report(reporter=bob, comic=listed, reason="spam")

    response = client_for(root).post(
        reverse("admin:gallery_report_changelist"),
        {"action": "resolve_reports", "_selected_action": [report.pk]},
        follow=True,
    )

    assert response.status_code == 200
    report.refresh_from_db()
    assert (report.status, report.handled_by_id) == ("resolved", root.pk)
    assert ModerationAction.objects.filter(action="resolve", target_id=report.pk, moderator=root).exists()


def test_staff_without_the_permission_cannot_resolve_in_the_admin(listed, bob, staff):
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="view_report"))
    report = moderation.file_report(reporter=bob, comic=listed, reason="spam")
    admin = client_for(staff)

    assert admin.get(reverse("admin:gallery_report_changelist")).status_code == 200
    admin.post(
        reverse("admin:gallery_report_changelist"), {"action": "resolve_reports", "_selected_action": [report.pk]}
    )

    report.refresh_from_db()
    assert report.status == Report.Status.OPEN


def test_likes_are_read_only_in_the_admin(listed, bob, root):
    like = Like.objects.create(user=bob, comic=listed)
    admin = client_for(root)

    assert admin.get(reverse("admin:gallery_like_changelist")).status_code == 200
    assert admin.get(reverse("admin:gallery_like_add")).status_code == 403
    assert admin.post(reverse("admin:gallery_like_delete", args=[like.pk]), {"post": "yes"}).status_code == 403
    assert Like.objects.filter(pk=like.pk).exists()


# --- The audit page -------------------------------------------------------------------


def test_the_audit_page_lists_lines_on_pages(alice, make_comic, moderator, monkeypatch):
    from gallery import moderation_views

    monkeypatch.setattr(moderation_views, "AUDIT_PAGE_SIZE", 2)
    for seed in range(3):
        moderation.feature_comic(moderator=moderator, comic=publish(make_comic(alice, seed=seed)[0]))
    client = client_for(moderator)

    first = client.get(reverse("gallery:audit"))
    last = client.get(reverse("gallery:audit"), {"page": 2})

    assert len(first.context["entries"]) == 2 and len(last.context["entries"]) == 1
    assert "Featured a comic" in first.content.decode()
    assert "?page=2" in first.content.decode()
