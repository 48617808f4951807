"""The moderators' API: its shapes, its refusals, and nobody else getting in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from comics.models import Comic
from gallery import moderation
from gallery.models import ModerationAction, Report
from tests.conftest import client_for
from tests.gallery.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def mod_client(moderator):
    return client_for(moderator)


def post(client, name, *args, **body):
    return client.post(reverse(f"api:{name}", args=args), body, content_type="application/json")


# --- Who may --------------------------------------------------------------------------


def endpoints(comic, report, user):
    return [
        ("get", reverse("api:moderation_reports")),
        ("get", reverse("api:moderation_audit")),
        ("post", reverse("api:moderation_resolve", args=[report.pk])),
        ("post", reverse("api:moderation_dismiss", args=[report.pk])),
        *[
            ("post", reverse(f"api:moderation_{act}", args=[comic.pk]))
            for act in ("hide", "unhide", "feature", "unfeature")
        ],
        ("post", reverse("api:moderation_ban", args=[user.pk])),
        ("post", reverse("api:moderation_unban", args=[user.pk])),
    ]


def test_anonymous_callers_get_401_everywhere(listed, bob, alice):
    report = moderation.file_report(reporter=bob, comic=listed, reason="spam")

    for method, url in endpoints(listed, report, alice):
        response = getattr(Client(), method)(url, {"reason": "x"}, content_type="application/json")
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token", url


@pytest.mark.parametrize("who", ["staff", "bob", "alice"])
def test_signed_in_people_without_the_permission_get_403_everywhere(who, request, listed, bob, alice):
    report = moderation.file_report(reporter=bob, comic=listed, reason="spam")
    client = client_for(request.getfixturevalue(who))

    for method, url in endpoints(listed, report, alice):
        response = getattr(client, method)(url, {"reason": "Because"}, content_type="application/json")
        assert response.status_code == 403, url
        assert response.json()["detail"] == "Only moderators can do this."

    listed.refresh_from_db()
    alice.refresh_from_db()
    assert not (listed.is_hidden or listed.is_featured or alice.is_banned)
    assert Report.objects.get().status == "open"
    assert not ModerationAction.objects.exists()


def test_a_token_without_the_permission_is_403_and_a_moderators_token_works(staff, moderator):
    staff_token = Token.objects.create(user=staff)
    mod_token = Token.objects.create(user=moderator)
    url = reverse("api:moderation_reports")

    assert Client(HTTP_AUTHORIZATION=f"Token {staff_token.key}").get(url).status_code == 403
    assert Client(HTTP_AUTHORIZATION=f"Token {mod_token.key}").get(url).status_code == 200


# --- Reports --------------------------------------------------------------------------


def test_reports_are_listed_by_status_on_pages(alice, bob, staff, make_comic, moderator, mod_client):
    comics = [publish(make_comic(alice, seed=seed)[0]) for seed in range(3)]
    reports = [moderation.file_report(reporter=bob, comic=comic, reason="spam") for comic in comics]
    moderation.file_safety_report(comic=comics[0], what="the idea", reason="Hateful.", category="hate")
    moderation.dismiss_report(moderator=moderator, report=reports[0])

    open_page = mod_client.get(reverse("api:moderation_reports"), {"page_size": 2}).json()

    assert open_page["count"] == 3
    assert open_page["next"] and open_page["previous"] is None
    assert len(open_page["results"]) == 2
    first = open_page["results"][0]
    assert first["source"] == "safety" and first["reporter"] is None and first["reason"] == "hate"
    assert first["comic"]["id"] == comics[0].pk and first["comic"]["title"] == comics[0].display_title
    assert set(first) >= {"id", "comic", "reporter", "reason", "detail", "status", "source", "created_at"}

    dismissed = mod_client.get(reverse("api:moderation_reports"), {"status": "dismissed"}).json()
    assert [r["id"] for r in dismissed["results"]] == [reports[0].pk]
    assert dismissed["results"][0]["handled_by"] == "mia"
    assert mod_client.get(reverse("api:moderation_reports"), {"status": "resolved"}).json()["count"] == 0


def test_an_unknown_status_is_a_400(mod_client):
    response = mod_client.get(reverse("api:moderation_reports"), {"status": "pending"})

    assert response.status_code == 400
    assert "status" in response.json()


def test_resolve_and_dismiss_close_open_reports_only(listed, bob, staff, mod_client):
    first = moderation.file_report(reporter=bob, comic=listed, reason="spam")
    second = moderation.file_report(reporter=staff, comic=listed, reason="hate")

    resolved = post(mod_client, "moderation_resolve", first.pk)
    dismissed = post(mod_client, "moderation_dismiss", second.pk)

    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    assert resolved.json()["handled_by"] == "mia" and resolved.json()["handled_at"]
    assert dismissed.status_code == 200 and dismissed.json()["status"] == "dismissed"

    again = post(mod_client, "moderation_dismiss", first.pk)
    assert again.status_code == 409
    assert again.json()["detail"] == "This report is already resolved."
    first.refresh_from_db()
    assert first.status == "resolved"


def test_an_unknown_report_is_a_404(mod_client):
    assert post(mod_client, "moderation_resolve", 999999).status_code == 404


# --- Comics ---------------------------------------------------------------------------


def test_hide_and_unhide(listed, mod_client):
    response = post(mod_client, "moderation_hide", listed.pk, reason="Copied art.")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == listed.pk
    assert (body["hidden"], body["hidden_reason"]) == (True, "Copied art.")
    assert body["hidden_at"]
    assert not Comic.objects.published().filter(pk=listed.pk).exists()

    assert post(mod_client, "moderation_hide", listed.pk, reason="Again").status_code == 409

    unhidden = post(mod_client, "moderation_unhide", listed.pk)
    assert unhidden.status_code == 200 and unhidden.json()["hidden"] is False
    assert post(mod_client, "moderation_unhide", listed.pk).status_code == 409


def test_hide_needs_a_reason(listed, mod_client):
    for body in ({}, {"reason": ""}, {"reason": "   "}):
        response = post(mod_client, "moderation_hide", listed.pk, **body)
        assert response.status_code == 400, body
        assert "reason" in response.json()
    listed.refresh_from_db()
    assert not listed.is_hidden


def test_moderators_may_hide_a_private_comic_they_could_not_otherwise_list(alice, make_comic, mod_client):
    comic, _job = make_comic(alice)

    assert post(mod_client, "moderation_hide", comic.pk, reason="Flagged by the safety check").status_code == 200


def test_feature_and_unfeature(listed, alice, make_comic, mod_client):
    private, _job = make_comic(alice, seed=99)

    refused = post(mod_client, "moderation_feature", private.pk)
    assert refused.status_code == 409
    assert "Only a published comic" in refused.json()["detail"]

    featured = post(mod_client, "moderation_feature", listed.pk)
    assert featured.status_code == 200 and featured.json()["featured"] is True
    assert post(mod_client, "moderation_feature", listed.pk).status_code == 409

    unfeatured = post(mod_client, "moderation_unfeature", listed.pk)
    assert unfeatured.status_code == 200 and unfeatured.json()["featured"] is False
    assert post(mod_client, "moderation_unfeature", listed.pk).status_code == 409


def test_an_unknown_comic_is_a_404(mod_client):
    assert post(mod_client, "moderation_hide", 999999, reason="x").status_code == 404


# --- Users ----------------------------------------------------------------------------


def test_ban_and_unban_shapes(alice, mod_client):
    banned = post(mod_client, "moderation_ban", alice.pk, reason="Spam account")

    assert banned.status_code == 200
    body = banned.json()
    assert (body["id"], body["username"], body["banned"], body["ban_reason"]) == (
        alice.pk,
        "alice",
        True,
        "Spam account",
    )
    assert body["cancelled_jobs"] == []
    assert post(mod_client, "moderation_ban", alice.pk, reason="Again").status_code == 409

    unbanned = post(mod_client, "moderation_unban", alice.pk)
    assert unbanned.status_code == 200
    assert (unbanned.json()["banned"], unbanned.json()["ban_reason"]) == (False, "")
    assert post(mod_client, "moderation_unban", alice.pk).status_code == 409


def test_a_ban_needs_a_reason(alice, mod_client):
    assert post(mod_client, "moderation_ban", alice.pk).status_code == 400
    alice.refresh_from_db()
    assert not alice.is_banned


def test_nobody_bans_themselves_or_a_superuser(moderator, mod_client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "root-horse-battery")

    own = post(mod_client, "moderation_ban", moderator.pk, reason="Oops")
    superuser = post(mod_client, "moderation_ban", root.pk, reason="Power trip")

    assert own.status_code == 400 and own.json()["detail"] == "You can't ban yourself."
    assert superuser.status_code == 400 and "superuser" in superuser.json()["detail"]
    assert not django_user_model.objects.filter(banned_at__isnull=False).exists()


def test_an_unknown_user_is_a_404(mod_client):
    assert post(mod_client, "moderation_ban", 999999, reason="x").status_code == 404


# --- The audit log --------------------------------------------------------------------


def test_the_audit_log_lists_every_act_newest_first(listed, alice, mod_client):
    post(mod_client, "moderation_feature", listed.pk)
    post(mod_client, "moderation_hide", listed.pk, reason="Copied art.")
    post(mod_client, "moderation_ban", alice.pk, reason="Repeat offender")

    body = mod_client.get(reverse("api:moderation_audit"), {"page_size": 2}).json()

    assert body["count"] == 3 and body["next"]
    newest = body["results"][0]
    assert (newest["moderator"], newest["action"], newest["target_type"], newest["target_id"]) == (
        "mia",
        "ban",
        "user",
        alice.pk,
    )
    assert newest["target_label"] == "alice" and newest["reason"] == "Repeat offender"
    assert body["results"][1]["action"] == "hide"
