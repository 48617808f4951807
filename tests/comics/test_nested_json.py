"""Deeply nested or oversized JSON bodies: a clear 4xx from every API endpoint, never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from comics.models import Comic
from config.parsers import MAX_DEPTH

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"
COMICS_URL = "/api/comics/"
VALID = {"idea": "a shy dragon who opens a tiny tea shop", "pages": 1, "panels_per_page": 1}


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def post(client: Client, url: str, body: str, **headers):
    client.raise_request_exception = False  # a 500 must show up as a 500 here
    return client.post(url, body, content_type="application/json", **headers)


def assert_too_deep(response) -> None:
    assert response.status_code == 400, response.content[:300]
    detail = response.json()["detail"]
    assert "nested too deeply" in detail
    assert str(MAX_DEPTH) in detail


@pytest.fixture
def alice_token_client(alice):
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=alice).key}")


@pytest.mark.parametrize("depth", [1000, 2000])
@pytest.mark.parametrize("who", ["anonymous", "session", "token"])
def test_the_token_endpoint_refuses_deep_nesting(depth, who, client, alice_client, alice_token_client):
    chosen = {"anonymous": client, "session": alice_client, "token": alice_token_client}[who]

    assert_too_deep(post(chosen, TOKEN_URL, nested(depth)))
    assert_too_deep(post(chosen, TOKEN_URL, '{"username": "alice", "password": "x", "extra": ' + nested(depth) + "}"))


@pytest.mark.parametrize("depth", [1000, 2000])
@pytest.mark.parametrize("who", ["session", "token"])
def test_creating_a_comic_refuses_deep_nesting(depth, who, alice_client, alice_token_client):
    chosen = {"session": alice_client, "token": alice_token_client}[who]
    body = '{"idea": ' + nested(depth) + "}"
    assert len(body) < 2 * depth + 20  # a body of a few kilobytes

    assert_too_deep(post(chosen, COMICS_URL, body))
    browsable = post(chosen, COMICS_URL, body, HTTP_ACCEPT="text/html")
    assert browsable.status_code == 400
    assert "nested too deeply" in browsable.content.decode()
    assert Comic.objects.count() == 0


@pytest.mark.parametrize("depth", [1000, 2000])
def test_anonymous_comic_creation_is_refused_before_the_body_is_read(depth, client):
    response = post(client, COMICS_URL, '{"idea": ' + nested(depth) + "}")

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Sign in first, or send your API token")


@pytest.mark.parametrize("field", ["idea", "kind", "pages", "panels_per_page", "style", "layout", "page_size", "seed"])
def test_nesting_up_to_the_limit_gets_the_fields_own_error(alice_client, field):
    """Validation and its error messages (which quote the input) handle what the parser lets through."""
    deepest_value = nested(MAX_DEPTH - 1)  # inside the body's own object
    body = json.dumps(VALID)[:-1] + f', "{field}": {deepest_value}}}'

    response = post(alice_client, COMICS_URL, body)
    browsable = post(alice_client, COMICS_URL, body, HTTP_ACCEPT="text/html")

    assert response.status_code == 400, response.content[:300]
    assert field in response.json()
    assert browsable.status_code == 400
    assert Comic.objects.count() == 0


def test_one_level_past_the_limit_is_refused(alice_client):
    body = json.dumps(VALID)[:-1] + f', "seed": {nested(MAX_DEPTH)}}}'

    assert_too_deep(post(alice_client, COMICS_URL, body))


def test_brackets_inside_strings_are_only_text(alice_client):
    idea = "a dragon who collects brackets " + "[{" * 300 + "}]" * 100

    response = post(alice_client, COMICS_URL, json.dumps({**VALID, "idea": idea}))

    assert response.status_code == 201, response.content[:300]
    assert Comic.objects.get().idea == idea


def test_ordinary_requests_still_work(alice, client, alice_client):
    created = post(alice_client, COMICS_URL, json.dumps(VALID))
    token = post(client, TOKEN_URL, json.dumps({"username": "alice", "password": "correct-horse-battery"}))
    form_token = client.post(TOKEN_URL, {"username": "alice", "password": "correct-horse-battery"})

    assert created.status_code == 201, created.content
    assert Comic.objects.get().owner == alice
    assert token.status_code == 200, token.content
    assert token.json()["token"] == Token.objects.get(user=alice).key
    assert form_token.status_code == 200
    assert post(alice_client, COMICS_URL, "{idea: oops").status_code == 400


def test_a_body_over_the_upload_limit_is_refused(settings, alice_client):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = post(alice_client, COMICS_URL, json.dumps({**VALID, "idea": "x" * 2000}))

    assert response.status_code == 400
    assert Comic.objects.count() == 0
