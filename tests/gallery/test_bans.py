"""A banned user: no sign-in, no token, no public comics, no work in progress; an unban gives it all back."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from comics.models import Comic, GenerationJob
from gallery import moderation
from gallery.models import ModerationAction
from tests.conftest import client_for
from tests.gallery.conftest import publish

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # alice's, from the fixture


def ban(moderator, user, reason="Posting spam comics."):
    return moderation.ban_user(moderator=moderator, user=user, reason=reason)


def test_the_token_stops_working_and_works_again_after_an_unban(alice, bob, make_comic, moderator):
    token = Token.objects.create(user=alice)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = reverse("api:report", args=[publish(make_comic(bob)[0]).pk])

    def call():
        # An unknown reason: a signed-in caller hears 400 about it, and nothing is filed.
        return api.post(url, {"reason": "none"}, content_type="application/json")

    assert call().status_code == 400

    ban(moderator, alice)

    refused = call()
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This account is suspended or deleted, so its API token no longer works."
    moderation.unban_user(moderator=moderator, user=alice)
    assert call().status_code == 400


def test_no_new_token_is_handed_out(alice, moderator):
    ban(moderator, alice)

    response = Client().post(reverse("api:token"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 400
    assert not Token.objects.filter(user=alice).exists()


def test_the_session_stops_at_once(alice, alice_client, moderator):
    assert alice_client.get(reverse("comics:shelf")).status_code == 200

    ban(moderator, alice)

    response = alice_client.get(reverse("comics:shelf"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert alice_client.get(reverse("api:comics")).status_code in (401, 403)


def test_the_login_page_says_suspended_with_the_reason_only_for_the_right_password(alice, moderator):
    ban(moderator, alice, reason="Posting spam comics")

    right = Client().post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})
    wrong = Client().post(reverse("accounts:login"), {"username": "alice", "password": "not-her-password"})

    assert right.status_code == 200
    assert "suspended by a moderator: Posting spam comics." in right.content.decode()
    assert "_auth_user_id" not in right.client.session
    assert "suspended" not in wrong.content.decode()
    assert "correct username and password" in wrong.content.decode()


def test_a_locked_login_tells_nothing_about_the_ban(alice, moderator, settings):
    """While the login throttle holds the account, even the right password learns only that it must wait."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ban(moderator, alice)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        Client().post(reverse("accounts:login"), {"username": "alice", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")

    response = Client().post(
        reverse("accounts:login"), {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )

    assert response.status_code == 429
    assert "suspended" not in response.content.decode()


def test_after_an_unban_the_login_page_signs_in_again(alice, moderator):
    ban(moderator, alice)
    moderation.unban_user(moderator=moderator, user=alice)

    response = Client().post(reverse("accounts:login"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 302


def test_queued_and_running_jobs_are_cancelled_finished_ones_kept(alice, bob, make_comic, moderator):
    _q, queued = make_comic(alice, seed=1)
    _r, running = make_comic(alice, seed=2)
    _d, done = make_comic(alice, seed=3)
    _b, bobs = make_comic(bob, seed=4)
    GenerationJob.objects.filter(pk=running.pk).update(status="running", started_at=timezone.now())
    GenerationJob.objects.filter(pk=done.pk).update(status="succeeded", finished_at=timezone.now())

    result = ban(moderator, alice)

    assert sorted(result.cancelled_job_ids) == sorted([queued.pk, running.pk])
    statuses = dict(GenerationJob.objects.values_list("pk", "status"))
    assert statuses[queued.pk] == statuses[running.pk] == "cancelled"
    assert statuses[done.pk] == "succeeded"
    assert statuses[bobs.pk] == "queued"


def test_a_running_pipeline_stops_when_its_owner_is_banned(alice, make_comic, moderator, monkeypatch):
    """The ban lands while the pipeline runs; it stops before its next save instead of finishing."""
    from comics import pipeline
    from comics.steps import planning

    comic, job = make_comic(alice)
    original = planning.screen_idea

    def screen_then_ban(run):
        original(run)
        ban(moderator, alice)

    monkeypatch.setattr(planning, "screen_idea", screen_then_ban)
    job = pipeline.run_job(job.pk)

    assert job.status == "cancelled"
    comic.refresh_from_db()
    assert not comic.is_finished


def test_published_comics_leave_the_public_and_come_back(finished_comic, alice, moderator, bob_client):
    publish(finished_comic)
    reader = finished_comic.get_absolute_url()
    assert Client().get(reader).status_code == 200

    ban(moderator, alice)

    assert Client().get(reader).status_code == 404
    assert bob_client.get(reader).status_code == 404
    assert client_for(moderator).get(reader).status_code == 200
    assert not Comic.objects.published().filter(pk=finished_comic.pk).exists()

    moderation.unban_user(moderator=moderator, user=alice)

    assert Client().get(reader).status_code == 200


def test_banning_from_the_queue_says_what_it_did(alice, make_comic, moderator):
    make_comic(alice)

    response = client_for(moderator).post(
        reverse("gallery:moderate_user", args=[alice.pk, "ban"]), {"reason": "Spam account"}, follow=True
    )

    page = response.content.decode()
    assert "alice is banned" in page and "1 of their jobs was cancelled" in page
    alice.refresh_from_db()
    assert alice.is_banned and not alice.is_active and alice.ban_reason == "Spam account"
    assert ModerationAction.objects.filter(action="ban", target_id=alice.pk, reason="Spam account").exists()


def test_a_ban_from_the_page_needs_a_reason(alice, moderator):
    response = client_for(moderator).post(reverse("gallery:moderate_user", args=[alice.pk, "ban"]), follow=True)

    assert "Say why you are banning them" in response.content.decode()
    alice.refresh_from_db()
    assert not alice.is_banned and alice.is_active
