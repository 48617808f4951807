"""An API key goes to its provider's header and nowhere else.

A comic is made through the API with distinctive keys for text, images and
safety, then a second one whose image provider rejects its key (and quotes
it back, as some providers do). Every place a key could surface is read:
log records, the job row, the comic's provider choice, websocket messages,
API answers, pages, a database dump and the message a Celery worker gets.
"""

from __future__ import annotations

import io
import json
import logging
import secrets

import pytest
from django.core.management import call_command

from accounts.models import ProviderAccount
from comics import progress
from comics.jobs import dispatch as real_dispatch
from comics.models import Comic, GenerationJob
from comics.pipeline import run_job
from config.site_providers import site_providers
from tests.fake_http import FakeServer, Reply
from tests.http import body_of
from tests.provider_fakes.images import OpenAIImagesFake
from tests.provider_fakes.moderation import ModerationFake
from tests.provider_fakes.text import AnthropicFake

pytestmark = pytest.mark.django_db

KEYS = {kind: f"sk-LEAKCHECK-{secrets.token_hex(16)}" for kind in ("text", "image", "safety", "rejected")}


@pytest.fixture(autouse=True)
def _providers_on_loopback(settings):
    settings.PANELCRAFT = {
        **settings.PANELCRAFT,
        "PROVIDER_ALLOWED_HOSTS": ["127.0.0.1"],
        "SITE_PROVIDERS": site_providers({}),
    }


@pytest.fixture
def published(monkeypatch) -> list[dict]:
    """Every websocket message the run publishes."""
    sent: list[dict] = []
    monkeypatch.setattr(progress, "publish", lambda job_id, message: sent.append({"job": job_id, **message}))
    return sent


@pytest.fixture
def every_log_record(caplog):
    """Capture every logger at DEBUG, those set quieter by the site's logging settings included."""
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def rejecting_images_server(server: FakeServer, key: str) -> None:
    """An images endpoint that turns the key down and, like some providers, quotes it in its answer."""
    error = {"error": {"message": f"Incorrect API key provided: {key}.", "type": "invalid_request_error"}}
    server.on("POST", "/v1/images/generations", Reply.json(error, 401))


def add_account(client, answers: dict, **fields) -> int:
    response = client.post("/api/providers/", fields, content_type="application/json")
    assert response.status_code == 201, response.content
    answers[f"POST /api/providers/ ({fields['provider']})"] = body_of(response).decode()
    return response.json()["id"]


def make_comic(client, answers: dict, **choices) -> GenerationJob:
    idea = {"idea": "a lighthouse keeper who teaches gulls to read", "pages": 2, "panels_per_page": 2}
    response = client.post(
        "/api/comics/", {**idea, "style": "classic-comic", "seed": 5, **choices}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    answers[f"POST /api/comics/ {choices}"] = body_of(response).decode()
    return run_job(response.json()["job"]["id"])


def leaks_in(places: dict[str, str]) -> list[tuple[str, str]]:
    """(place, kind of key) for every key, or its random part, found in a place's text."""
    found = []
    for place, text in places.items():
        for kind, key in KEYS.items():
            if key in text or key.removeprefix("sk-LEAKCHECK-") in text:
                found.append((place, kind))
    return found


def test_no_key_appears_in_logs_jobs_messages_pages_or_the_database(alice, alice_client, published, every_log_record):
    caplog = every_log_record
    answers: dict[str, str] = {}
    with (
        AnthropicFake(api_key=KEYS["text"]) as claude,
        OpenAIImagesFake(api_key=KEYS["image"]) as images,
        ModerationFake(api_key=KEYS["safety"]) as moderation,
        FakeServer() as rejecting,
    ):
        rejecting_images_server(rejecting, KEYS["rejected"])
        writer = add_account(alice_client, answers, provider="anthropic", base_url=claude.url, api_key=KEYS["text"])
        painter = add_account(alice_client, answers, provider="openai", base_url=images.url, api_key=KEYS["image"])
        guard = add_account(alice_client, answers, provider="openai", base_url=moderation.url, api_key=KEYS["safety"])
        refused = add_account(
            alice_client, answers, provider="openai", base_url=rejecting.url + "/v1", api_key=KEYS["rejected"]
        )
        response = alice_client.put(
            "/api/me/backends/", {"text": None, "image": None, "safety": guard}, content_type="application/json"
        )
        assert response.status_code == 200, response.content

        made = make_comic(alice_client, answers, text_provider=writer, image_provider=painter)
        failed = make_comic(alice_client, answers, text_provider=writer, image_provider=refused)

        # The keys were really sent (so there was something to leak), each in its own provider's header.
        assert {r.headers.get("x-api-key") for r in claude.requests} == {KEYS["text"]}
        assert {r.headers.get("authorization") for r in images.requests} == {f"Bearer {KEYS['image']}"}
        assert {r.headers.get("authorization") for r in moderation.requests} == {f"Bearer {KEYS['safety']}"}
        assert {r.headers.get("authorization") for r in rejecting.requests} == {f"Bearer {KEYS['rejected']}"}

    assert made.status == GenerationJob.Status.SUCCEEDED, made.error
    assert failed.status == GenerationJob.Status.FAILED
    assert "rejected the API key" in failed.error

    paths = [
        "/api/providers/",
        *(f"/api/providers/{account}/" for account in (writer, painter, guard, refused)),
        "/api/me/backends/",
        *(f"/api/jobs/{job.pk}/" for job in (made, failed)),
        *(f"/api/comics/{job.comic_id}/" for job in (made, failed)),
        "/accounts/providers/",
        *(f"/accounts/providers/{account}/edit/" for account in (writer, painter, guard, refused)),
        "/studio/",
        *(f"/jobs/{job.pk}/" for job in (made, failed)),
    ]
    for path in paths:
        response = alice_client.get(path)
        assert response.status_code == 200, path
        answers[f"GET {path}"] = body_of(response).decode()
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)

    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    places = {
        **answers,
        **{f"log record {i} ({r.name})": formatter.format(r) for i, r in enumerate(caplog.records)},
        **{f"log record {i} exc_text": r.exc_text or "" for i, r in enumerate(caplog.records)},
        "captured log text": caplog.text,
        "websocket messages": json.dumps(published),
        "database dump": dump.getvalue(),
    }
    for job in GenerationJob.objects.all():
        for field in ("events", "error", "usage", "backends", "timings", "stage"):
            places[f"job {job.pk} {field}"] = json.dumps(getattr(job, field))
    for comic in Comic.objects.all():
        places[f"comic {comic.pk} providers"] = json.dumps(comic.providers)

    assert caplog.records, "the run logged nothing, so the log check would prove nothing"
    assert any("rejected the API key" in r.getMessage() for r in caplog.records)
    assert any(message.get("type") == "failed" for message in published)
    assert leaks_in(places) == []
    # The keys are in the database, encrypted.
    assert '"encrypted_api_key"' in dump.getvalue()
    for account in ProviderAccount.objects.all():
        assert account.encrypted_api_key and account.encrypted_api_key in dump.getvalue()


def test_a_queued_job_reaches_celery_as_its_id_alone(
    alice, alice_client, settings, monkeypatch, dispatched, django_capture_on_commit_callbacks
):
    from comics.tasks import run_generation_job

    settings.JOBS_IN_PROCESS = False
    answers: dict[str, str] = {}
    with AnthropicFake(api_key=KEYS["text"]) as claude:
        writer = add_account(alice_client, answers, provider="anthropic", base_url=claude.url, api_key=KEYS["text"])
        with django_capture_on_commit_callbacks(execute=True):
            response = alice_client.post(
                "/api/comics/",
                {"idea": "a snail who runs the fastest bakery in town", "pages": 2, "text_provider": writer},
                content_type="application/json",
            )
    assert response.status_code == 201, response.content
    job_id = response.json()["job"]["id"]
    assert dispatched == [job_id], "the committed job is handed on by its id"

    sent: list[tuple] = []
    monkeypatch.setattr(
        run_generation_job, "apply_async", lambda args=None, kwargs=None, **options: sent.append((args, kwargs))
    )
    real_dispatch(job_id)

    assert len(sent) == 1
    args, kwargs = sent[0]
    assert tuple(args) == (job_id,)
    assert not kwargs
    assert leaks_in({"celery message": repr(sent)}) == []
