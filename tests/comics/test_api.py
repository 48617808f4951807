"""The JSON API: creating a comic, following its job, reading it back, cancel and retry."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from comics.models import Comic, GenerationJob
from comics.pipeline import run_job
from tests.http import body_of

pytestmark = pytest.mark.django_db

COMICS_URL = "/api/comics/"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def token_client(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def assert_created_shape(response) -> dict:
    assert response.status_code == 201, response.content
    data = response.json()
    assert isinstance(data["id"], int)
    job = data["job"]
    assert isinstance(job["id"], int)
    assert job["status"] == "queued"
    assert job["progress"] == 0
    assert job["websocket"] == f"/ws/jobs/{job['id']}/"
    return data


# --- Creating -------------------------------------------------------------------------


def test_session_user_creates_a_comic_and_its_job_is_dispatched_on_commit(
    alice, alice_client, dispatched, django_capture_on_commit_callbacks
):
    payload = {
        "idea": "  a robot who learns to bake bread  ",
        "kind": "comic",
        "pages": 3,
        "panels_per_page": 5,
        "style": "manga",
        "layout": "feature",
        "page_size": "square",
        "seed": 42,
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = alice_client.post(COMICS_URL, payload, content_type="application/json")

    data = assert_created_shape(response)
    comic = Comic.objects.get(pk=data["id"])
    assert comic.owner == alice
    assert comic.idea == "a robot who learns to bake bread"
    assert (comic.kind, comic.page_count, comic.panels_per_page) == ("comic", 3, 5)
    assert (comic.style, comic.layout, comic.page_size, comic.seed) == ("manga", "feature", "square", 42)
    job = GenerationJob.objects.get(pk=data["job"]["id"])
    assert job.comic == comic
    assert job.status == GenerationJob.Status.QUEUED
    # Exactly the new job is handed to a worker, and only once the row is committed.
    assert len(callbacks) == 1
    assert dispatched == [job.pk]


def test_nothing_is_dispatched_before_the_transaction_commits(
    alice_client, dispatched, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = alice_client.post(COMICS_URL, {"idea": "a lighthouse keeper's cat"})

    assert response.status_code == 201
    assert len(callbacks) == 1
    assert dispatched == [], "the job must not start before its row is committed"


def test_defaults_fill_in_everything_but_the_idea(alice_client, dispatched):
    response = alice_client.post(COMICS_URL, {"idea": "a lighthouse keeper's cat"})

    data = assert_created_shape(response)
    comic = Comic.objects.get(pk=data["id"])
    assert (comic.kind, comic.page_count, comic.panels_per_page) == ("comic", 4, 4)
    assert comic.style == "classic-comic"
    assert comic.layout == "grid"
    assert comic.page_size == "a4-portrait"
    assert 0 <= comic.seed < 2**31


def test_token_auth_creates_a_comic_for_the_token_owner(alice, bob, dispatched, django_capture_on_commit_callbacks):
    token = Token.objects.create(user=bob)
    client = token_client(token.key)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            COMICS_URL,
            {"idea": "a snail racing a tortoise", "pages": 1, "panels_per_page": 2},
            content_type="application/json",
        )

    data = assert_created_shape(response)
    comic = Comic.objects.get(pk=data["id"])
    assert comic.owner == bob
    assert (comic.page_count, comic.panels_per_page) == (1, 2)
    assert dispatched == [data["job"]["id"]]


def test_token_from_the_token_endpoint_works_for_creating(alice, dispatched):
    response = Client().post("/api/auth/token/", {"username": "alice", "password": "correct-horse-battery"})
    assert response.status_code == 200
    key = response.json()["token"]
    assert key == Token.objects.get(user=alice).key

    response = token_client(key).post(
        COMICS_URL, {"idea": "a picnic on the moon", "kind": "picture_book", "pages": 2, "style": "storybook"}
    )

    data = assert_created_shape(response)
    comic = Comic.objects.get(pk=data["id"])
    assert comic.owner == alice
    assert comic.kind == "picture_book"
    assert comic.panels_per_page == 1


def test_token_endpoint_rejects_a_wrong_password(alice):
    response = Client().post("/api/auth/token/", {"username": "alice", "password": "wrong"})

    assert response.status_code == 400
    assert not Token.objects.filter(user=alice).exists()


def test_a_bad_token_is_rejected_and_creates_nothing(alice):
    response = token_client("0" * 40).post(COMICS_URL, {"idea": "a picnic on the moon"})

    assert response.status_code in (401, 403)
    assert Comic.objects.count() == 0


def test_anonymous_post_is_refused_and_creates_nothing(dispatched):
    response = Client().post(COMICS_URL, {"idea": "a picnic on the moon"})

    assert response.status_code in (401, 403)
    assert Comic.objects.count() == 0
    assert GenerationJob.objects.count() == 0
    assert dispatched == []


def test_anonymous_cannot_list_comics():
    response = Client().get(COMICS_URL)

    assert response.status_code in (401, 403)


def test_session_post_without_csrf_token_is_refused(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(COMICS_URL, {"idea": "a picnic on the moon"})

    assert response.status_code == 403
    assert Comic.objects.count() == 0


# --- Listing and reading -----------------------------------------------------------------


def test_list_shows_only_the_callers_comics(alice, bob, alice_client, bob_client, make_comic):
    mine_old, _ = make_comic(alice, idea="first idea")
    mine_new, _ = make_comic(alice, idea="second idea")
    theirs, _ = make_comic(bob, idea="bob's idea")

    alice_list = alice_client.get(COMICS_URL).json()["results"]
    bob_list = bob_client.get(COMICS_URL).json()["results"]

    assert {c["id"] for c in alice_list} == {mine_old.pk, mine_new.pk}
    assert [c["id"] for c in alice_list] == [mine_new.pk, mine_old.pk], "newest first"
    assert [c["id"] for c in bob_list] == [theirs.pk]
    assert {c["idea"] for c in alice_list} == {"first idea", "second idea"}


def test_staff_list_shows_only_their_own_comics(alice, staff, make_comic):
    make_comic(alice)
    client = Client()
    client.force_login(staff)

    assert client.get(COMICS_URL).json()["results"] == []


def test_job_detail_shape(alice, alice_client, make_comic):
    comic, job = make_comic(alice)

    response = alice_client.get(reverse("api:job", args=[job.pk]))

    assert response.status_code == 200
    data = response.json()
    assert data["id"] == job.pk
    assert data["comic"] == comic.pk
    assert data["status"] == "queued"
    assert data["progress"] == 0
    assert data["stage"]
    assert data["error"] == ""
    assert data["websocket"] == f"/ws/jobs/{job.pk}/"
    assert data["url"] == reverse("comics:job", args=[job.pk])
    assert data["painted_panels"] == []


def test_job_detail_after_the_run_reports_success_and_painted_panels(alice, alice_client, make_comic):
    _comic, job = make_comic(alice, pages=2, panels_per_page=2)
    run_job(job.pk)

    data = alice_client.get(reverse("api:job", args=[job.pk])).json()

    assert data["status"] == "succeeded"
    assert data["progress"] == 100
    assert data["finished_at"]
    painted = {(p["page"], p["panel"]) for p in data["painted_panels"]}
    assert painted == {(1, 1), (1, 2), (2, 1), (2, 2)}
    for item in data["painted_panels"]:
        response = alice_client.get(item["url"])
        assert response.status_code == 200
        assert body_of(response).startswith(PNG_SIGNATURE)


def test_comic_detail_of_a_finished_comic(finished_comic, alice_client):
    response = alice_client.get(reverse("api:comic", args=[finished_comic.pk]))

    assert response.status_code == 200
    data = response.json()
    assert data["id"] == finished_comic.pk
    assert data["title"] and data["title"] == finished_comic.title
    assert data["idea"] == "a shy dragon who opens a tiny tea shop"
    assert data["page_count"] == 2
    assert data["cast"], "the comic should have a cast"
    for member in data["cast"]:
        assert set(member) == {"name", "look"}
        assert member["name"] and member["look"]
    assert [p["number"] for p in data["pages"]] == [1, 2]
    spoken = 0
    for page in data["pages"]:
        assert page["image_url"]
        assert len(page["panels"]) == 2
        for panel in page["panels"]:
            assert isinstance(panel["dialogue"], list)
            for line in panel["dialogue"]:
                assert set(line) == {"speaker", "text"}
                assert line["text"]
                spoken += 1
            assert isinstance(panel["caption"], str)
            assert isinstance(panel["sfx"], str)
            assert panel["art_url"]
    assert spoken > 0, "a comic with no dialogue at all is suspicious"
    assert data["pdf"].startswith(reverse("comics:pdf", args=[finished_comic.pk]) + "?v=")  # versioned, like images
    assert data["cover_url"]
    assert data["job"]["status"] == "succeeded"


def test_images_and_pdf_from_the_api_are_real_files(finished_comic, alice_client):
    data = alice_client.get(reverse("api:comic", args=[finished_comic.pk])).json()

    for page in data["pages"]:
        response = alice_client.get(page["image_url"])
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert body_of(response).startswith(PNG_SIGNATURE)

    response = alice_client.get(data["cover_url"])
    assert response.status_code == 200
    assert body_of(response).startswith(PNG_SIGNATURE)

    response = alice_client.get(data["pdf"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = body_of(response)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 1000


def test_comic_detail_before_it_is_made_has_no_pdf_yet(alice, alice_client, make_comic):
    comic, job = make_comic(alice)

    data = alice_client.get(reverse("api:comic", args=[comic.pk])).json()

    assert data["pdf"] == ""
    assert data["pages"] == []
    assert data["job"]["id"] == job.pk
    assert data["job"]["status"] == "queued"
    assert alice_client.get(reverse("comics:pdf", args=[comic.pk])).status_code == 404


# --- Cancel and retry --------------------------------------------------------------------


def test_cancel_a_queued_job_then_again_is_a_conflict(alice, alice_client, make_comic):
    _comic, job = make_comic(alice)
    url = reverse("api:job_cancel", args=[job.pk])

    response = alice_client.post(url)

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.CANCELLED
    assert job.finished_at is not None

    again = alice_client.post(url)
    assert again.status_code == 409
    assert again.json()["detail"]


def test_retry_a_cancelled_job_queues_it_and_dispatches_it(
    alice, alice_client, make_comic, dispatched, django_capture_on_commit_callbacks
):
    _comic, job = make_comic(alice)
    alice_client.post(reverse("api:job_cancel", args=[job.pk]))

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("api:job_retry", args=[job.pk]))

    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.QUEUED
    assert job.finished_at is None
    assert dispatched == [job.pk]


def test_retry_of_a_queued_job_is_a_conflict(
    alice, alice_client, make_comic, dispatched, django_capture_on_commit_callbacks
):
    _comic, job = make_comic(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("api:job_retry", args=[job.pk]))

    assert response.status_code == 409
    assert "already waiting in the queue" in response.json()["detail"]
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.QUEUED
    assert dispatched == []


def test_cancel_of_a_finished_job_is_a_conflict(finished_comic, alice_client):
    job = finished_comic.latest_job()

    response = alice_client.post(reverse("api:job_cancel", args=[job.pk]))

    assert response.status_code == 409
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.SUCCEEDED


def test_cancel_and_retry_need_post(alice, alice_client, make_comic):
    _comic, job = make_comic(alice)

    assert alice_client.get(reverse("api:job_cancel", args=[job.pk])).status_code == 405
    assert alice_client.get(reverse("api:job_retry", args=[job.pk])).status_code == 405
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.QUEUED


def test_the_polling_api_shows_cover_and_lettered_pages(finished_comic, alice_client):
    job = finished_comic.latest_job()
    data = alice_client.get(reverse("api:job", args=[job.pk])).json()
    assert data["cover_url"].startswith(f"/comics/{finished_comic.pk}/cover/")
    assert [p["page"] for p in data["pages"]] == [1, 2]
    assert all(alice_client.get(p["url"]).status_code == 200 for p in data["pages"])
    assert data["stalled"] is False
