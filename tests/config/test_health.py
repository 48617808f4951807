"""``GET /healthz`` tells a load balancer whether the database, broker and media storage answer."""

from __future__ import annotations

import socket
import threading

import pytest
from django.db import connections
from django.urls import reverse

from config import health
from tests.conftest import redis_url_for_tests

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_answers(monkeypatch):
    """Every request here checks again (in service, answers are reused for a moment)."""
    monkeypatch.setattr(health, "CACHE_SECONDS", 0)
    monkeypatch.setattr(health, "_recent", None)


@pytest.fixture
def silent_port():
    """A port that takes connections and then never says a word."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


@pytest.fixture
def short_timeouts(monkeypatch):
    monkeypatch.setattr(health, "TIMEOUT", 0.2)


def use_s3(settings, monkeypatch, endpoint: str) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDHEALTHTEST")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "very-secret-health-key")
    settings.AWS_STORAGE_BUCKET_NAME = "panelcraft-media"
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}


def healthz(client):
    response = client.get("/healthz")
    return response, response.json()


def test_everything_up_answers_200_with_every_check_ok(client, settings):
    settings.REDIS_URL = ""
    response, body = healthz(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "broker": True,
        "storage": True,
    }
    assert body["checks"]["broker"]["used"] is False  # in-process jobs need no broker
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies  # no session, nothing to log in to


def test_it_lives_at_exactly_healthz_without_a_slash_redirect(client):
    assert reverse("healthz") == "/healthz"
    assert client.get("/healthz").status_code == 200
    assert client.head("/healthz").status_code == 200


def test_the_storage_probe_leaves_no_file_behind(client, settings):
    healthz(client)
    assert list((settings.MEDIA_ROOT / "healthz").iterdir()) == []


@pytest.mark.skipif(not redis_url_for_tests(), reason="Redis is not reachable (set TEST_REDIS_URL)")
def test_a_reachable_redis_broker_is_checked(client, settings):
    settings.REDIS_URL = redis_url_for_tests()
    response, body = healthz(client)
    assert response.status_code == 200
    assert body["checks"]["broker"] == {**body["checks"]["broker"], "ok": True, "used": True}


def test_a_database_that_does_not_answer_is_named(client, monkeypatch, tmp_path):
    create = connections.create_connection
    if connections["default"].vendor == "sqlite":
        unreachable = {"NAME": str(tmp_path / "gone" / "panelcraft.db")}  # its folder does not exist
    else:
        unreachable = {"HOST": "127.0.0.1", "PORT": "1"}  # nothing listens on port 1

    def connection_to_nowhere(alias):
        db = create(alias)
        db.settings_dict = {**db.settings_dict, **unreachable}
        return db

    monkeypatch.setattr(connections, "create_connection", connection_to_nowhere)
    response, body = healthz(client)
    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["checks"]["database"] == {**body["checks"]["database"], "ok": False, "error": "OperationalError"}
    assert body["checks"]["storage"]["ok"] is True
    assert str(tmp_path) not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


def test_a_dead_broker_is_named_without_its_password(client, settings):
    settings.REDIS_URL = "redis://:hunter2@127.0.0.1:1/0"  # nothing listens on port 1
    response, body = healthz(client)
    assert response.status_code == 503
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    text = response.content.decode()
    assert "hunter2" not in text
    assert "127.0.0.1" not in text


def test_media_storage_that_cannot_be_written_is_named(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    response, body = healthz(client)
    assert response.status_code == 503
    assert body["checks"]["storage"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_an_s3_endpoint_that_refuses_connections_is_named_without_the_key(client, settings, monkeypatch):
    use_s3(settings, monkeypatch, "http://127.0.0.1:1")
    response, body = healthz(client)
    assert response.status_code == 503
    assert body["checks"]["storage"]["ok"] is False
    text = response.content.decode()
    assert "very-secret-health-key" not in text
    assert "AKIDHEALTHTEST" not in text
    assert "127.0.0.1" not in text


def test_a_silent_broker_fails_on_its_own_short_timeout(client, settings, silent_port, short_timeouts):
    settings.REDIS_URL = f"redis://127.0.0.1:{silent_port}/0"
    response, body = healthz(client)
    assert response.status_code == 503
    assert body["checks"]["broker"] == {**body["checks"]["broker"], "ok": False, "error": "TimeoutError"}


def test_a_silent_s3_endpoint_fails_on_its_own_short_timeout(
    client, settings, monkeypatch, silent_port, short_timeouts
):
    use_s3(settings, monkeypatch, f"http://127.0.0.1:{silent_port}")
    response, body = healthz(client)
    assert response.status_code == 503
    assert body["checks"]["storage"] == {**body["checks"]["storage"], "ok": False, "error": "ReadTimeoutError"}


def test_a_check_that_hangs_is_reported_down_at_the_deadline(client, monkeypatch):
    release = threading.Event()
    monkeypatch.setattr(health, "DEADLINE", 0.2)
    monkeypatch.setitem(health.CHECKS, "broker", lambda: release.wait(10) and {"ok": True})
    try:
        response, body = healthz(client)
    finally:
        release.set()
    assert response.status_code == 503
    assert body["checks"]["broker"] == {**body["checks"]["broker"], "ok": False, "error": "timed out"}
    assert body["checks"]["database"]["ok"] is True


def test_answers_are_reused_for_a_moment_so_probes_cannot_hammer_the_services(client, monkeypatch):
    monkeypatch.setattr(health, "CACHE_SECONDS", 60)
    calls = []
    monkeypatch.setitem(health.CHECKS, "storage", lambda: calls.append(1) or {"ok": True})
    for _ in range(5):
        assert healthz(client)[0].status_code == 200
    assert calls == [1]


def test_it_answers_plain_http_even_when_everything_else_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert healthz(client)[0].status_code == 200, "a probe inside the network speaks plain HTTP"
