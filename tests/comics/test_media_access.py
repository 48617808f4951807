"""A comic's files open by the one reading rule, with a session or an API token, and are cached accordingly."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from comics.models import Comic
from tests.conftest import client_for
from tests.http import body_of

pytestmark = pytest.mark.django_db


def media_urls(comic: Comic) -> list[str]:
    """Cover, cover art, PDF, every lettered page and every panel's art."""
    urls = [comic.cover_url(), comic.cover_art_url(), comic.pdf_url()]
    for page in comic.pages.all():
        urls.append(page.image_url())
        urls += [panel.art_url() for panel in page.panels.all()]
    return urls


def token_client(user) -> Client:
    key = Token.objects.get_or_create(user=user)[0].key
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def make_public(comic: Comic, **extra) -> None:
    Comic.objects.filter(pk=comic.pk).update(visibility="public", published_at=timezone.now(), **extra)


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def test_the_list_covers_every_kind_of_file(finished_comic):
    urls = media_urls(finished_comic)
    assert len(urls) == 3 + 2 + 4
    assert all(urls)


def test_the_owners_token_opens_their_private_files(finished_comic, alice):
    client = token_client(alice)

    for url in media_urls(finished_comic):
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(body_of(response)) > 100, url
    assert body_of(client.get(finished_comic.pdf_url())).startswith(b"%PDF")


def test_the_file_urls_the_api_lists_open_with_the_same_token(finished_comic, alice):
    client = token_client(alice)
    comic = client.get(reverse("api:comic", args=[finished_comic.pk])).json()

    urls = [comic["cover_url"], comic["pdf"]]
    urls += [page["image_url"] for page in comic["pages"]]
    urls += [panel["art_url"] for page in comic["pages"] for panel in page["panels"]]
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("header", ["Token not-a-real-key", "Token ", "Token two words"])
def test_a_bad_token_is_a_401_even_for_a_published_comic(finished_comic, header):
    make_public(finished_comic)
    client = Client(HTTP_AUTHORIZATION=header)

    for url in media_urls(finished_comic):
        response = client.get(url)
        assert response.status_code == 401, url
        assert not response.streaming, url
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["detail"]


def test_a_bad_token_is_not_saved_by_a_good_session(finished_comic, alice):
    client = client_for(alice)

    response = client.get(finished_comic.cover_url(), HTTP_AUTHORIZATION="Token wrong")

    assert response.status_code == 401


def test_a_banned_users_token_stops_opening_files(finished_comic, alice):
    client = token_client(alice)
    assert client.get(finished_comic.cover_url()).status_code == 200
    type(alice).objects.filter(pk=alice.pk).update(banned_at=timezone.now(), is_active=False)

    assert client.get(finished_comic.cover_url()).status_code == 401


def test_a_strangers_token_gets_404_for_private_files(finished_comic, bob):
    client = token_client(bob)

    for url in media_urls(finished_comic):
        response = client.get(url)
        assert response.status_code == 404, url
        assert not response.streaming, url


def test_a_strangers_token_opens_a_published_comics_files(finished_comic, bob):
    make_public(finished_comic)
    client = token_client(bob)

    for url in media_urls(finished_comic):
        assert client.get(url).status_code == 200, url


def test_a_moderators_token_opens_a_private_comics_files(finished_comic, moderator):
    client = token_client(moderator)

    assert client.get(finished_comic.pdf_url()).status_code == 200


def test_another_authorization_scheme_falls_back_to_the_session(finished_comic, alice):
    client = client_for(alice)

    assert client.get(finished_comic.cover_url(), HTTP_AUTHORIZATION="Basic YWxpY2U6eA==").status_code == 200
    assert Client(HTTP_AUTHORIZATION="Basic YWxpY2U6eA==").get(finished_comic.cover_url()).status_code == 404


# --- Cache headers -----------------------------------------------------------------------------


def test_private_files_are_never_kept_by_shared_caches(finished_comic, alice_client):
    for url in media_urls(finished_comic):
        response = alice_client.get(url)
        assert response["Cache-Control"] == "private, no-cache", url
        assert {"cookie", "authorization"} <= vary(response), url


def test_published_files_may_be_cached_by_anyone_for_a_day(finished_comic):
    make_public(finished_comic)

    for url in media_urls(finished_comic):
        response = Client().get(url)
        assert response["Cache-Control"] == "public, max-age=3600", url


def test_the_owner_gets_the_public_headers_once_it_is_published(finished_comic, alice_client):
    make_public(finished_comic)

    assert alice_client.get(finished_comic.cover_url())["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"hidden_at": timezone.now(), "hidden_reason": "spam"}, id="hidden"),
        pytest.param({"visibility": "private"}, id="unpublished"),
    ],
)
def test_a_comic_not_open_to_all_keeps_private_headers_for_those_who_still_see_it(
    finished_comic, alice_client, moderator, change
):
    make_public(finished_comic)
    Comic.objects.filter(pk=finished_comic.pk).update(**change)

    for client in (alice_client, client_for(moderator)):
        response = client.get(finished_comic.cover_url())
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache"


def test_a_banned_authors_files_are_private_again(finished_comic, alice, moderator):
    make_public(finished_comic)
    type(alice).objects.filter(pk=alice.pk).update(banned_at=timezone.now(), is_active=False)

    assert Client().get(finished_comic.cover_url()).status_code == 404
    response = client_for(moderator).get(finished_comic.cover_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"


def test_a_page_the_browser_has_is_not_sent_again_but_still_checked(alice_client, bob_client, finished_comic):
    """Private pages are checked on every use; a browser that has the file gets 304, a stranger 404."""
    page = finished_comic.pages.first()
    url = page.image_url()
    first = alice_client.get(url)
    assert first.status_code == 200 and first["ETag"]
    again = alice_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    assert again["Cache-Control"] == "private, no-cache"
    assert bob_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 404
    # A re-lettered page is a new file: the old ETag no longer matches.
    page.image.save("page-1.png", ContentFile(b"".join(first.streaming_content)))
    assert alice_client.get(page.image_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
