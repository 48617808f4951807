"""Who may see and change a private comic: the owner everything, moderators read-only, everyone else nothing."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from comics import services
from comics.models import Comic, GenerationJob
from tests.http import body_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(staff):
    client = Client()
    client.force_login(staff)
    return client


def html_read_urls(comic: Comic) -> list[str]:
    """Every page and file of a finished comic a browser may GET."""
    job = comic.latest_job()
    urls = [
        reverse("comics:reader", args=[comic.pk]),
        reverse("comics:job", args=[job.pk]),
        reverse("comics:cover", args=[comic.pk]),
        reverse("comics:cover_art", args=[comic.pk]),
        reverse("comics:pdf", args=[comic.pk]),
    ]
    for page in comic.pages.all():
        urls.append(reverse("comics:page_image", args=[comic.pk, page.number]))
        for panel in page.panels.all():
            urls.append(reverse("comics:panel_art", args=[comic.pk, page.number, panel.index + 1]))
    return urls


def file_urls(comic: Comic) -> list[str]:
    return [url for url in html_read_urls(comic) if "/jobs/" not in url and not url.endswith(f"/{comic.pk}/")]


def api_read_urls(comic: Comic) -> list[str]:
    return [reverse("api:comic", args=[comic.pk]), reverse("api:job", args=[comic.latest_job().pk])]


def test_the_url_list_covers_every_file(finished_comic):
    urls = html_read_urls(finished_comic)
    # reader, job, cover, cover art, pdf + 2 pages + 4 panels
    assert len(urls) == 5 + 2 + 4
    assert len(set(urls)) == len(urls)


# --- The owner ---------------------------------------------------------------------------


def test_the_owner_can_open_everything(finished_comic, alice_client):
    for url in html_read_urls(finished_comic) + api_read_urls(finished_comic):
        response = alice_client.get(url)
        assert response.status_code == 200, url
        assert body_of(response), url


def test_the_owners_files_have_the_right_types(finished_comic, alice_client):
    for url in file_urls(finished_comic):
        response = alice_client.get(url)
        body = body_of(response)
        if "/pdf/" in url:
            assert response["Content-Type"] == "application/pdf"
            assert body.startswith(b"%PDF")
        else:
            assert response["Content-Type"].startswith("image/"), url
            assert len(body) > 100
        assert "private" in response["Cache-Control"], "comic files must not be cached by shared caches"


def test_the_owner_can_cancel_and_retry_through_the_api(alice, alice_client, make_comic):
    _comic, job = make_comic(alice)

    assert alice_client.post(reverse("api:job_cancel", args=[job.pk])).status_code == 200
    assert alice_client.post(reverse("api:job_retry", args=[job.pk])).status_code == 202


def test_the_owner_can_cancel_and_retry_through_the_job_page(alice, alice_client, make_comic):
    _comic, job = make_comic(alice)

    response = alice_client.post(reverse("comics:job_cancel", args=[job.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("comics:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.CANCELLED

    response = alice_client.post(reverse("comics:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.QUEUED


def test_the_owner_can_delete_their_comic(finished_comic, alice_client):
    response = alice_client.post(reverse("comics:delete", args=[finished_comic.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("comics:shelf")
    assert not Comic.objects.filter(pk=finished_comic.pk).exists()
    assert alice_client.get(reverse("comics:reader", args=[finished_comic.pk])).status_code == 404


def test_deleting_a_comic_removes_its_files(finished_comic, alice_client, settings, django_capture_on_commit_callbacks):
    folder = settings.MEDIA_ROOT / "comics" / str(finished_comic.pk)
    files = [f for f in folder.rglob("*") if f.is_file()]
    assert len(files) >= 2 + 4 + 3  # pages, panel art, cover art + cover + PDF

    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("comics:delete", args=[finished_comic.pk]))

    assert [f for f in folder.rglob("*") if f.is_file()] == []


def test_deleting_an_unfinished_comic_stops_its_job(alice, alice_client, make_comic):
    comic, job = make_comic(alice)

    response = alice_client.post(reverse("comics:delete", args=[comic.pk]))

    assert response.status_code == 302
    assert not Comic.objects.filter(pk=comic.pk).exists()
    assert not GenerationJob.objects.filter(pk=job.pk).exists()


def test_delete_needs_post(finished_comic, alice_client):
    response = alice_client.get(reverse("comics:delete", args=[finished_comic.pk]))

    assert response.status_code == 405
    assert Comic.objects.filter(pk=finished_comic.pk).exists()


# --- A stranger ----------------------------------------------------------------------------


def test_a_stranger_gets_404_for_every_page_and_file(finished_comic, bob_client):
    for url in html_read_urls(finished_comic) + api_read_urls(finished_comic):
        response = bob_client.get(url)
        assert response.status_code == 404, url
        assert not response.streaming, f"{url} started sending a file"
        assert finished_comic.title.encode() not in response.content, url


def test_a_stranger_cannot_cancel_or_retry_through_the_api(alice, bob_client, make_comic):
    _comic, job = make_comic(alice)

    assert bob_client.post(reverse("api:job_cancel", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.QUEUED

    GenerationJob.objects.filter(pk=job.pk).update(status=GenerationJob.Status.FAILED)
    assert bob_client.post(reverse("api:job_retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.FAILED


def test_a_stranger_cannot_cancel_or_retry_through_the_job_page(alice, bob_client, make_comic):
    _comic, job = make_comic(alice)

    assert bob_client.post(reverse("comics:job_cancel", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.QUEUED

    GenerationJob.objects.filter(pk=job.pk).update(status=GenerationJob.Status.CANCELLED)
    assert bob_client.post(reverse("comics:job_retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.CANCELLED


def test_a_stranger_cannot_delete(finished_comic, bob_client):
    response = bob_client.post(reverse("comics:delete", args=[finished_comic.pk]))

    assert response.status_code == 404
    assert Comic.objects.filter(pk=finished_comic.pk).exists()


def test_a_stranger_looks_the_same_as_a_missing_comic(finished_comic, bob_client):
    """404 for a private comic and for one that doesn't exist: strangers can't probe ids."""
    missing = finished_comic.pk + 1000
    private = bob_client.get(reverse("api:comic", args=[finished_comic.pk]))
    absent = bob_client.get(reverse("api:comic", args=[missing]))

    assert private.status_code == absent.status_code == 404
    assert private.json() == absent.json()


# --- Nobody logged in ----------------------------------------------------------------------


def test_anonymous_gets_no_page_and_no_bytes(finished_comic):
    client = Client()
    for url in html_read_urls(finished_comic):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), url
        assert not response.streaming, f"{url} started sending a file"
        assert not response.content.startswith(b"%PDF"), url
        assert not response.content.startswith(b"\x89PNG"), url


def test_anonymous_files_are_404(finished_comic):
    client = Client()
    for url in file_urls(finished_comic):
        assert client.get(url).status_code == 404, url


def test_anonymous_api_is_refused(finished_comic):
    client = Client()
    job = finished_comic.latest_job()
    for url in api_read_urls(finished_comic):
        response = client.get(url)
        assert response.status_code in (401, 403, 404), url
        assert finished_comic.title not in response.content.decode(), url
    for name in ("api:job_cancel", "api:job_retry"):
        assert client.post(reverse(name, args=[job.pk])).status_code in (401, 403, 404)


def test_anonymous_cannot_change_anything(finished_comic):
    client = Client()
    job = finished_comic.latest_job()

    for url in (
        reverse("comics:delete", args=[finished_comic.pk]),
        reverse("comics:job_cancel", args=[job.pk]),
        reverse("comics:job_retry", args=[job.pk]),
    ):
        response = client.post(url)
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), url

    assert Comic.objects.filter(pk=finished_comic.pk).exists()
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.SUCCEEDED


# --- Staff and moderators -----------------------------------------------------------------------


def test_plain_staff_cannot_read_a_private_comic(finished_comic, staff_client):
    for url in html_read_urls(finished_comic):
        assert staff_client.get(url).status_code == 404, url
    assert staff_client.get(reverse("api:comic", args=[finished_comic.pk])).status_code == 404


def test_a_moderator_can_read_but_not_delete(finished_comic, moderator):
    client = Client()
    client.force_login(moderator)
    assert client.get(reverse("comics:reader", args=[finished_comic.pk])).status_code == 200
    response = client.get(reverse("api:comic", args=[finished_comic.pk]))
    assert response.status_code == 200
    assert response.json()["title"] == finished_comic.title
    assert client.get(reverse("api:job", args=[finished_comic.latest_job().pk])).status_code == 200
    pdf = client.get(reverse("comics:pdf", args=[finished_comic.pk]))
    assert pdf.status_code == 200
    assert body_of(pdf).startswith(b"%PDF")

    response = client.post(reverse("comics:delete", args=[finished_comic.pk]))

    assert response.status_code == 404
    assert Comic.objects.filter(pk=finished_comic.pk).exists()


def test_staff_cannot_cancel_or_retry_someone_elses_job(alice, staff_client, make_comic):
    _comic, job = make_comic(alice)
    for name in ("api:job_cancel", "comics:job_cancel"):
        assert staff_client.post(reverse(name, args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.QUEUED

    services.cancel_job(job=job)
    for name in ("api:job_retry", "comics:job_retry"):
        assert staff_client.post(reverse(name, args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == GenerationJob.Status.CANCELLED


def test_staff_reader_has_no_delete_button(finished_comic, staff_client, alice_client):
    delete_url = reverse("comics:delete", args=[finished_comic.pk])

    assert delete_url in alice_client.get(reverse("comics:reader", args=[finished_comic.pk])).content.decode()
    assert delete_url not in staff_client.get(reverse("comics:reader", args=[finished_comic.pk])).content.decode()


# --- Shelves -------------------------------------------------------------------------------------


def test_only_the_owners_shelf_lists_the_comic(finished_comic, alice_client, bob_client, staff_client):
    reader_url = reverse("comics:reader", args=[finished_comic.pk])

    alice_shelf = alice_client.get(reverse("comics:shelf"))
    bob_shelf = bob_client.get(reverse("comics:shelf"))
    staff_shelf = staff_client.get(reverse("comics:shelf"))

    assert alice_shelf.status_code == bob_shelf.status_code == 200
    alice_page = alice_shelf.content.decode()
    assert reader_url in alice_page
    assert f'data-comic="{finished_comic.pk}"' in alice_page
    for other in (bob_shelf, staff_shelf):
        page = other.content.decode()
        assert reader_url not in page
        assert f'data-comic="{finished_comic.pk}"' not in page
        assert "Your shelf is empty" in page


def test_the_reader_shows_the_comic_to_its_owner(finished_comic, alice_client):
    response = alice_client.get(reverse("comics:reader", args=[finished_comic.pk]))

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert finished_comic.title in page
    assert reverse("comics:pdf", args=[finished_comic.pk]) in page
    for page_obj in finished_comic.pages.all():
        assert reverse("comics:page_image", args=[finished_comic.pk, page_obj.number]) in page
