"""Who may do what, over every page, file, endpoint and socket, for private, published and hidden comics.

Six visitors: anonymous, the owner (alice), a stranger (bob), a moderator
(mia, in the Moderators group), a banned user (carol, who had a session and a
token before her ban) and plain staff without the moderation permission.
One finished comic per test is put in each state in turn and every URL is
asked by everyone; all mismatches are reported together.
"""

from __future__ import annotations

import asyncio

import pytest
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from comics.models import Comic
from comics.routing import websocket_urlpatterns
from gallery import moderation
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "stranger", "moderator", "banned", "staff")
# Who reads a comic in each state (the one rule); a banned user reads what anonymous visitors read.
READERS = {
    "private": {"owner", "moderator"},
    "published": set(ROLES),
    "hidden": {"owner", "moderator"},
}


@pytest.fixture
def people(alice, bob, moderator, staff, django_user_model):
    carol = django_user_model.objects.create_user("carol", "carol@example.com", "carol-horse-battery")
    carol_session = client_for(carol)
    carol_token = Token.objects.create(user=carol)
    moderation.ban_user(moderator=moderator, user=carol, reason="spam everywhere")
    return {
        "users": {"owner": alice, "stranger": bob, "moderator": moderator, "staff": staff, "banned": carol},
        "sessions": {
            "anonymous": Client(),
            "owner": client_for(alice),
            "stranger": client_for(bob),
            "moderator": client_for(moderator),
            "staff": client_for(staff),
            "banned": carol_session,
        },
        "tokens": {
            "owner": Token.objects.create(user=alice).key,
            "stranger": Token.objects.create(user=bob).key,
            "moderator": Token.objects.create(user=moderator).key,
            "staff": Token.objects.create(user=staff).key,
            "banned": carol_token.key,
        },
    }


def put_in_state(comic: Comic, state: str) -> None:
    fields = {"visibility": "private", "published_at": None, "hidden_at": None, "hidden_reason": ""}
    if state in ("published", "hidden"):
        fields.update(visibility="public", published_at=timezone.now())
    if state == "hidden":
        fields.update(hidden_at=timezone.now(), hidden_reason="not for children")
    Comic.objects.filter(pk=comic.pk).update(**fields)


def api_client(people, role: str) -> Client:
    """The API as scripts use it: a token where the role has one, else the session."""
    key = people["tokens"].get(role)
    return Client(HTTP_AUTHORIZATION=f"Token {key}") if key else people["sessions"][role]


def read_urls(comic: Comic) -> list[str]:
    return [
        reverse("comics:reader", args=[comic.pk]),
        reverse("comics:cover", args=[comic.pk]),
        reverse("comics:cover_art", args=[comic.pk]),
        reverse("comics:page_image", args=[comic.pk, 1]),
        reverse("comics:panel_art", args=[comic.pk, 1, 1]),
        reverse("comics:pdf", args=[comic.pk]),
    ]


def expected_read(role: str, state: str, *, token: bool) -> int:
    if role == "banned" and token:
        return 401  # the token of a banned user no longer authenticates
    return 200 if role in READERS[state] else 404


def check(mismatches: list[str], label: str, response, expected: int) -> None:
    if response.status_code != expected:
        mismatches.append(f"{label}: {response.status_code}, expected {expected}")


@pytest.mark.parametrize("state", ["private", "published", "hidden"])
def test_reading_pages_files_and_the_api(state, finished_comic, people):
    put_in_state(finished_comic, state)
    mismatches: list[str] = []
    for role in ROLES:
        for url in read_urls(finished_comic):
            check(
                mismatches,
                f"{role} GET {url} (session)",
                people["sessions"][role].get(url),
                expected_read(role, state, token=False),
            )
            is_file = url != reverse("comics:reader", args=[finished_comic.pk])
            if role in people["tokens"] and is_file:
                # Media URLs open with the API's token too, so a client can download what it lists.
                check(
                    mismatches,
                    f"{role} GET {url} (token)",
                    api_client(people, role).get(url),
                    expected_read(role, state, token=True),
                )
        url = reverse("api:comic", args=[finished_comic.pk])
        check(
            mismatches,
            f"{role} GET {url}",
            api_client(people, role).get(url),
            expected_read(role, state, token=role != "anonymous"),
        )
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("state", ["private", "published"])
def test_a_job_is_its_owners_and_moderators_only(state, finished_comic, people):
    put_in_state(finished_comic, state)
    job = finished_comic.latest_job()
    expected_page = {"owner": 200, "moderator": 200}
    expected_api = {"owner": 200, "moderator": 200, "anonymous": 401, "banned": 401}
    mismatches: list[str] = []
    for role in ROLES:
        page_url = reverse("comics:job", args=[job.pk])
        check(
            mismatches, f"{role} GET {page_url}", people["sessions"][role].get(page_url), expected_page.get(role, 404)
        )
        api_url = reverse("api:job", args=[job.pk])
        check(mismatches, f"{role} GET {api_url}", api_client(people, role).get(api_url), expected_api.get(role, 404))
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.django_db(transaction=True)  # the consumer reads the database from another thread
@pytest.mark.parametrize("state", ["private", "published", "hidden"])
def test_the_progress_socket_is_its_owners_and_moderators_only(state, finished_comic, people):
    put_in_state(finished_comic, state)
    job = finished_comic.latest_job()

    async def accepted(user) -> bool:
        communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/jobs/{job.pk}/")
        communicator.scope["user"] = user
        connected, _ = await communicator.connect(timeout=5)
        await communicator.disconnect()
        return connected

    users = {"anonymous": AnonymousUser(), **people["users"]}
    verdicts = {role: asyncio.run(accepted(user)) for role, user in users.items() if role != "banned"}

    assert verdicts == {"anonymous": False, "owner": True, "stranger": False, "moderator": True, "staff": False}


@pytest.mark.parametrize("state", ["private", "published", "hidden"])
def test_liking_reporting_and_changing(state, finished_comic, people):
    put_in_state(finished_comic, state)
    comic_id = finished_comic.pk
    readable_by = READERS[state] - {"banned"}
    mismatches: list[str] = []
    for role in ROLES:
        client = api_client(people, role)
        signed_out = role in ("anonymous", "banned")

        like = client.post(reverse("api:like", args=[comic_id]))
        if signed_out:
            expected = 401
        elif role not in readable_by:
            expected = 404
        else:
            expected = 200 if state == "published" else 400  # only published comics take likes
        check(mismatches, f"{role} like", like, expected)

        report = client.post(
            reverse("api:report", args=[comic_id]), {"reason": "spam"}, content_type="application/json"
        )
        if signed_out:
            expected = 401
        elif role not in readable_by:
            expected = 404
        elif role == "owner" or state != "published":
            expected = 400  # not one's own comic; only what the public sees
        else:
            expected = 201
        check(mismatches, f"{role} report", report, expected)

        rename = client.patch(
            reverse("api:comic", args=[comic_id]), {"title": f"Renamed by {role}"}, content_type="application/json"
        )
        expected = 401 if signed_out else 200 if role == "owner" else 404
        check(mismatches, f"{role} rename", rename, expected)
    finished_comic.refresh_from_db()
    assert finished_comic.title == "Renamed by owner"
    assert not mismatches, "\n".join(mismatches)


def test_moderation_is_for_moderators_only(finished_comic, people):
    put_in_state(finished_comic, "published")
    owner = people["users"]["owner"]
    endpoints = [
        ("get", reverse("api:moderation_reports"), None),
        ("get", reverse("api:moderation_audit"), None),
        ("post", reverse("api:moderation_feature", args=[finished_comic.pk]), {}),
        ("post", reverse("api:moderation_unfeature", args=[finished_comic.pk]), {}),
        ("post", reverse("api:moderation_hide", args=[finished_comic.pk]), {"reason": "checking"}),
        ("post", reverse("api:moderation_unhide", args=[finished_comic.pk]), {}),
        ("post", reverse("api:moderation_ban", args=[owner.pk]), {"reason": "checking"}),
        ("post", reverse("api:moderation_unban", args=[owner.pk]), {}),
    ]
    pages = [reverse("gallery:queue"), reverse("gallery:audit")]
    mismatches: list[str] = []
    for role in ROLES:
        client = api_client(people, role)
        for method, url, body in endpoints:
            response = (
                getattr(client, method)(url, body, content_type="application/json")
                if body is not None
                else client.get(url)
            )
            expected = {"moderator": 200, "anonymous": 401, "banned": 401}.get(role, 403)
            check(mismatches, f"{role} {method.upper()} {url}", response, expected)
        for url in pages:
            response = people["sessions"][role].get(url)
            expected = {"moderator": 200, "anonymous": 302, "banned": 302}.get(role, 403)
            check(mismatches, f"{role} GET {url}", response, expected)
    assert not mismatches, "\n".join(mismatches)
    owner.refresh_from_db()
    assert owner.is_active and not owner.is_banned  # banned and unbanned again by the moderator
