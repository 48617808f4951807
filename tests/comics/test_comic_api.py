"""The comics API's shapes: a paginated list, a comic that tells its owner what moderators did, PATCH and DELETE."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from comics.models import Comic, GenerationJob
from comics.publishing import UNFINISHED_MESSAGE
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LIST = "/api/comics/"


def detail(comic: Comic) -> str:
    return f"/api/comics/{comic.pk}/"


def patch(client, comic: Comic, body):
    return client.patch(detail(comic), body, content_type="application/json")


def make_public(comic: Comic, **extra) -> None:
    Comic.objects.filter(pk=comic.pk).update(visibility="public", published_at=timezone.now(), **extra)


# --- The list -----------------------------------------------------------------------------------


def test_the_list_is_paginated_over_every_comic(alice, alice_client, make_comic):
    made = [make_comic(alice, idea=f"idea {n}")[0] for n in range(27)]

    first = alice_client.get(LIST).json()
    second = alice_client.get(first["next"]).json()

    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 27
    assert first["previous"] is None
    assert [item["id"] for item in first["results"]] == [comic.pk for comic in reversed(made)][:24]
    assert "page=2" in first["next"]
    assert [item["id"] for item in second["results"]] == [made[2].pk, made[1].pk, made[0].pk]
    assert second["next"] is None and second["previous"]


def test_page_size_is_the_callers_up_to_60(alice, alice_client, make_comic):
    for n in range(5):
        make_comic(alice, idea=f"idea {n}")

    assert len(alice_client.get(LIST, {"page_size": 2}).json()["results"]) == 2
    assert alice_client.get(LIST, {"page_size": 61}).status_code == 400
    assert alice_client.get(LIST, {"page_size": 0}).status_code == 400


def test_a_page_past_the_end_is_a_404(alice, alice_client, make_comic):
    make_comic(alice)

    assert alice_client.get(LIST, {"page": 2}).status_code == 404


def test_list_items_tell_visibility_likes_moderation_and_status(finished_comic, alice, alice_client, make_comic):
    unfinished, _ = make_comic(alice)
    make_public(finished_comic, like_count=4, hidden_at=timezone.now(), hidden_reason="spam")

    items = {item["id"]: item for item in alice_client.get(LIST).json()["results"]}

    done = items[finished_comic.pk]
    assert done["visibility"] == "public"
    assert done["published_at"]
    assert done["like_count"] == 4
    assert done["hidden"] is True
    assert done["status"] == "succeeded"
    waiting = items[unfinished.pk]
    assert (waiting["visibility"], waiting["published_at"], waiting["hidden"]) == ("private", None, False)
    assert waiting["status"] == "queued"


def test_the_list_filters_like_the_shelf(alice, alice_client, make_comic):
    comic, job = make_comic(alice)
    book, _ = make_comic(alice, kind="picture_book", panels_per_page=1)
    GenerationJob.objects.filter(pk=job.pk).update(status="failed")

    def ids(**params):
        return [item["id"] for item in alice_client.get(LIST, params).json()["results"]]

    assert ids(kind="picture_book") == [book.pk]
    assert ids(status="failed") == [comic.pk]
    assert ids(status="queued", kind="comic") == []


@pytest.mark.parametrize("params", [{"kind": "novel"}, {"status": "done-ish"}, {"page": "first"}])
def test_a_bad_list_filter_is_a_400_that_names_it(alice_client, params):
    response = alice_client.get(LIST, params)

    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_the_list_needs_an_account(alice, make_comic):
    make_comic(alice)

    assert Client().get(LIST).status_code in (401, 403)


# --- One comic ------------------------------------------------------------------------------------


def test_the_owner_is_told_it_is_hidden_and_why(finished_comic, alice, alice_client):
    alice.display_name = "Alice Inkwell"
    alice.save()
    make_public(finished_comic, like_count=2, hidden_at=timezone.now(), hidden_reason="Reported as spam.")

    body = alice_client.get(detail(finished_comic)).json()

    assert body["author"] == "Alice Inkwell"
    assert body["like_count"] == 2
    assert body["published_at"]
    assert body["hidden"] is True
    assert body["hidden_reason"] == "Reported as spam."
    assert body["job"]["status"] == "succeeded"


def test_a_moderator_is_told_too(finished_comic, moderator):
    Comic.objects.filter(pk=finished_comic.pk).update(hidden_at=timezone.now(), hidden_reason="Checked.")

    body = client_for(moderator).get(detail(finished_comic)).json()

    assert body["hidden"] is True and body["hidden_reason"] == "Checked."


def test_other_readers_of_a_published_comic_learn_nothing_of_moderation_or_jobs(finished_comic, bob_client):
    make_public(finished_comic, like_count=1)

    for client in (bob_client, Client()):
        response = client.get(detail(finished_comic))
        assert response.status_code == 200
        body = response.json()
        assert "hidden" not in body and "hidden_reason" not in body
        assert body["job"] is None
        assert body["author"] == "alice"
        assert body["like_count"] == 1
        assert body["published_at"]
        assert body["pdf"] and body["cover_url"]


def test_a_hidden_comic_is_a_404_for_others(finished_comic, bob_client):
    make_public(finished_comic, hidden_at=timezone.now())

    assert bob_client.get(detail(finished_comic)).status_code == 404
    assert Client().get(detail(finished_comic)).status_code == 404


# --- PATCH ----------------------------------------------------------------------------------------


def test_the_owner_renames_and_publishes_in_one_request(finished_comic, alice_client):
    response = patch(alice_client, finished_comic, {"title": "  Tea Time ", "visibility": "public"})

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Tea Time"
    assert body["visibility"] == "public" and body["published_at"]
    assert body["hidden"] is False
    finished_comic.refresh_from_db()
    assert finished_comic.title == "Tea Time" and finished_comic.is_public


def test_the_owner_unpublishes(finished_comic, alice_client):
    make_public(finished_comic)

    body = patch(alice_client, finished_comic, {"visibility": "private"}).json()

    assert body["visibility"] == "private" and body["published_at"] is None
    assert Client().get(detail(finished_comic)).status_code == 404


def test_publishing_an_unfinished_comic_is_a_400_with_the_message(alice, alice_client, make_comic):
    comic, _ = make_comic(alice)

    response = patch(alice_client, comic, {"title": "Not yet", "visibility": "public"})

    assert response.status_code == 400
    assert response.json() == {"visibility": [UNFINISHED_MESSAGE]}
    comic.refresh_from_db()
    assert comic.visibility == "private"
    assert comic.title == "", "nothing changes when part of the request is refused"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"visibility": "secret"}, "visibility"),
        ({"visibility": None}, "visibility"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": None}, "title"),
        ({"title": ["a", "list"]}, "title"),
        ({}, "non_field_errors"),
    ],
)
def test_bad_values_are_a_400_naming_the_field(finished_comic, alice_client, body, field):
    before = Comic.objects.values("title", "visibility").get(pk=finished_comic.pk)

    response = patch(alice_client, finished_comic, body)

    assert response.status_code == 400
    assert field in response.json()
    assert all(isinstance(message, str) and message for message in response.json()[field])
    assert Comic.objects.values("title", "visibility").get(pk=finished_comic.pk) == before


def test_a_non_object_body_is_a_400(finished_comic, alice_client):
    assert patch(alice_client, finished_comic, ["title"]).status_code == 400


def test_only_the_owner_may_patch(finished_comic, bob_client, moderator):
    make_public(finished_comic)

    for client in (bob_client, client_for(moderator)):
        assert patch(client, finished_comic, {"title": "Mine now"}).status_code == 404
    assert patch(Client(), finished_comic, {"title": "Mine now"}).status_code in (401, 403)
    finished_comic.refresh_from_db()
    assert finished_comic.title != "Mine now"


# --- DELETE ---------------------------------------------------------------------------------------


def test_the_owner_deletes_and_the_files_go(finished_comic, alice_client, settings, django_capture_on_commit_callbacks):
    folder = settings.MEDIA_ROOT / "comics" / str(finished_comic.pk)
    assert any(path.is_file() for path in folder.rglob("*"))

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.delete(detail(finished_comic))

    assert response.status_code == 204
    assert not Comic.objects.filter(pk=finished_comic.pk).exists()
    assert not any(path.is_file() for path in folder.rglob("*"))
    assert alice_client.get(detail(finished_comic)).status_code == 404


def test_only_the_owner_may_delete(finished_comic, bob_client, moderator):
    make_public(finished_comic)

    for client in (bob_client, client_for(moderator)):
        assert client.delete(detail(finished_comic)).status_code == 404
    assert Client().delete(detail(finished_comic)).status_code in (401, 403)
    assert Comic.objects.filter(pk=finished_comic.pk).exists()
