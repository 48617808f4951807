"""The API's own refusals (no such thing, not signed in, a bad token, a body that is not JSON) are in words."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from comics.models import Comic

pytestmark = pytest.mark.django_db

STOCK_PHRASES = ("matches the given query", "credentials were not provided", "Invalid token.", "JSON parse error")


def assert_plain(response, status: int, start: str) -> None:
    assert response.status_code == status, response.content
    detail = response.json()["detail"]
    assert detail.startswith(start), detail
    assert not any(phrase in detail for phrase in STOCK_PHRASES), detail


def test_someone_elses_comic_is_nothing_here(bob_client, finished_comic):
    assert_plain(bob_client.get(f"/api/comics/{finished_comic.pk}/"), 404, "Nothing here: there is no such item")
    assert_plain(bob_client.get("/api/comics/999999/"), 404, "Nothing here: there is no such item")


def test_no_credentials_and_a_bad_token_say_what_to_do(client):
    response = client.get("/api/comics/")
    assert_plain(response, 401, "Sign in first, or send your API token")
    assert response["WWW-Authenticate"] == "Token"
    response = client.get("/api/comics/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_plain(response, 401, "This API token is not valid")
    assert response["WWW-Authenticate"] == "Token"


def test_a_body_that_is_not_json_says_so_and_creates_nothing(alice):
    from django.test import Client

    token = Token.objects.create(user=alice)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post("/api/comics/", "{not json", content_type="application/json")
    assert_plain(response, 400, "The request body is not valid JSON (")
    assert Comic.objects.count() == 0
