"""Test connection and the SSRF check on saved base URLs: what a user sees on the settings page."""

from __future__ import annotations

import logging
import re

import pytest

from accounts.models import ProviderAccount
from tests.fake_http import FakeServer, Reply

pytestmark = pytest.mark.django_db

PROVIDERS_URL = "/api/providers/"
KEY = "sk-proj-Zq8VtW1mLp4NcR7yXb2K-SECRET"
ALLOW_SETTING = "PANELCRAFT_PROVIDER_ALLOWED_HOSTS"


def endpoint(account_id: int) -> str:
    return f"{PROVIDERS_URL}{account_id}/test/"


def allow(settings, *entries: str) -> None:
    settings.PANELCRAFT = {**settings.PANELCRAFT, "PROVIDER_ALLOWED_HOSTS": list(entries)}


@pytest.fixture
def server(settings):
    allow(settings, "127.0.0.1")
    with FakeServer() as running:
        yield running


def make_account(owner, provider: str, base_url: str, key: str = KEY, **fields) -> ProviderAccount:
    account = ProviderAccount(owner=owner, provider=provider, base_url=base_url, **fields)
    if key:
        account.set_api_key(key)
    account.full_clean()
    account.save()
    return account


def run_test(client, account: ProviderAccount) -> dict:
    response = client.post(endpoint(account.pk))
    assert response.status_code == 200, response.content
    assert KEY.encode() not in response.content
    data = response.json()
    assert set(data) == {"ok", "message", "seconds"}
    assert isinstance(data["seconds"], float)
    return data


# --- Save-time SSRF check ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "reason"),
    [
        ("http://169.254.169.254/", "169.254.169.254 is the cloud metadata address"),
        ("http://10.0.0.5:11434/v1", "10.0.0.5 is a private address"),
        ("http://localhost:11434", "a loopback address"),
        ("http://[::ffff:127.0.0.1]:8188", "a loopback address"),
    ],
)
def test_a_base_url_on_a_private_or_local_address_is_a_clear_400(alice_client, base_url, reason):
    response = alice_client.post(
        PROVIDERS_URL,
        {"provider": "openai_compatible", "base_url": base_url, "text_model": "llama3.1"},
        content_type="application/json",
    )

    assert response.status_code == 400
    [message] = response.json()["base_url"]
    assert message.startswith("This URL is refused: ")
    assert reason in message
    assert ALLOW_SETTING in message
    assert not ProviderAccount.objects.exists()


def test_an_allow_listed_network_is_accepted(settings, alice_client):
    allow(settings, "10.0.0.0/8")

    response = alice_client.post(
        PROVIDERS_URL,
        {"provider": "openai_compatible", "base_url": "http://10.0.0.5:11434/v1", "text_model": "llama3.1"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["base_url"] == "http://10.0.0.5:11434/v1"


def test_a_host_that_does_not_resolve_is_named(alice_client):
    response = alice_client.post(
        PROVIDERS_URL,
        {"provider": "comfyui", "base_url": "http://comfy.nosuch.invalid:8188"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["base_url"] == ["The host comfy.nosuch.invalid could not be found; check the address."]


def test_an_edit_to_a_refused_url_leaves_the_account_as_it_was(alice, alice_client, settings):
    allow(settings, "127.0.0.1")
    account = make_account(alice, "comfyui", "http://127.0.0.1:8188", key="")
    allow(settings)

    response = alice_client.patch(
        f"{PROVIDERS_URL}{account.pk}/", {"base_url": "http://169.254.169.254/"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "cloud metadata address" in response.json()["base_url"][0]
    account.refresh_from_db()
    assert account.base_url == "http://127.0.0.1:8188"


# --- Test connection: one call per provider -------------------------------------------------------

MODELS = Reply.json({"object": "list", "data": [{"id": "gpt-4o-mini"}, {"id": "llama3.1"}, {"id": "my-model"}]})


@pytest.mark.parametrize(
    ("provider", "prefix", "route", "fields", "reply", "message"),
    [
        ("openai", "/v1", "/v1/models", {}, MODELS, "OK: gpt-4o-mini answered in"),
        ("openai_compatible", "/v1", "/v1/models", {"text_model": "llama3.1"}, MODELS, "OK: llama3.1 answered in"),
        ("groq", "/openai/v1", "/openai/v1/models", {"text_model": "my-model"}, MODELS, "OK: my-model answered in"),
        ("openrouter", "/api/v1", "/api/v1/models", {"text_model": "my-model"}, MODELS, "OK: my-model answered in"),
        (
            "huggingface",
            "",
            "/v1/models",
            {"text_model": "meta-llama/Llama-3.1-8B-Instruct"},
            Reply.json({"data": [{"id": "meta-llama/Llama-3.1-8B-Instruct"}]}),
            "OK: meta-llama/Llama-3.1-8B-Instruct answered in",
        ),
        ("replicate", "/v1", "/v1/account", {}, Reply.json({"username": "alice"}), "OK: Replicate answered in"),
        ("runpod", "/v2/abc123", "/v2/abc123/health", {}, Reply.json({"workers": {}}), "OK: RunPod answered in"),
    ],
)
def test_bearer_providers_are_asked_once_with_the_key(
    alice, alice_client, server, provider, prefix, route, fields, reply, message
):
    server.on("GET", route, reply)
    account = make_account(alice, provider, server.url + prefix, **fields)

    data = run_test(alice_client, account)

    assert data["ok"] is True, data
    assert re.fullmatch(re.escape(message) + r" \d+\.\d s", data["message"]), data["message"]
    [received] = server.requests
    assert (received.method, received.route) == ("GET", route)
    assert received.headers["authorization"] == f"Bearer {KEY}"


def test_anthropic_is_asked_with_its_own_headers_and_an_alias_matches_its_dated_model(alice, alice_client, server):
    server.on("GET", "/v1/models", Reply.json({"data": [{"id": "claude-3-5-haiku-20241022", "type": "model"}]}))
    account = make_account(alice, "anthropic", server.url + "/v1")

    data = run_test(alice_client, account)

    assert data["ok"] is True
    assert data["message"].startswith("OK: claude-3-5-haiku-latest answered in ")
    [received] = server.requests
    assert received.route == "/v1/models"
    assert received.headers["x-api-key"] == KEY
    assert received.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in received.headers


def test_comfyui_without_a_key_is_asked_for_its_stats_with_no_credentials(alice, alice_client, server):
    server.on("GET", "/system_stats", Reply.json({"system": {"os": "posix"}, "devices": []}))
    account = make_account(alice, "comfyui", server.url, key="")

    data = run_test(alice_client, account)

    assert data["ok"] is True
    assert data["message"].startswith("OK: ComfyUI answered in ")
    [received] = server.requests
    assert received.route == "/system_stats"
    assert "authorization" not in received.headers


def test_a_model_the_server_does_not_list_is_connected_but_named(alice, alice_client, server):
    server.on("GET", "/v1/models", MODELS)
    account = make_account(alice, "openai", server.url + "/v1", text_model="gpt-4.1")

    data = run_test(alice_client, account)

    assert data["ok"] is True
    assert re.fullmatch(
        r"Connected in \d+\.\d s, but gpt-4\.1 is not in its model list: check the model's name", data["message"]
    )


# --- Test connection: failures --------------------------------------------------------------------


def test_a_rejected_key_is_a_plain_message_and_never_echoed(alice, alice_client, server, caplog):
    caplog.set_level(logging.DEBUG)
    server.on("GET", "/v1/account", Reply.json({"detail": f"Invalid token {KEY}"}, status=401))
    account = make_account(alice, "replicate", server.url + "/v1")

    data = run_test(alice_client, account)

    assert data == {
        "ok": False,
        "message": "Replicate rejected the API key (401). Check it on your settings page.",
        "seconds": data["seconds"],
    }
    assert len(server.requests) == 1  # a wrong key is not retried
    assert KEY not in caplog.text
    assert KEY[-12:] not in caplog.text


def test_a_server_error_is_retried_once_and_then_succeeds(alice, alice_client, server):
    server.on("GET", "/v1/models", Reply.json({"error": "boom"}, status=500, headers={"Retry-After": "0"}), MODELS)
    account = make_account(alice, "openai", server.url + "/v1")

    data = run_test(alice_client, account)

    assert data["ok"] is True
    assert data["message"].startswith("OK: gpt-4o-mini answered in ")
    assert len(server.calls("GET", "/v1/models")) == 2


def test_a_provider_that_keeps_failing_is_ok_false_with_the_reason(alice, alice_client, server):
    server.on("GET", "/health", Reply(503, headers={"Retry-After": "0"}))
    account = make_account(alice, "runpod", server.url)

    data = run_test(alice_client, account)

    assert data["ok"] is False
    assert data["message"] == "RunPod is overloaded (503) and kept failing after 2 tries; try again later."


def test_a_url_no_longer_allowed_is_refused_and_nothing_is_sent(alice, alice_client, server, settings):
    server.on("GET", "/v1/models", MODELS)
    account = make_account(alice, "openai", server.url + "/v1")
    allow(settings)  # the administrator removed 127.0.0.1 from the allow-list

    data = run_test(alice_client, account)

    assert data["ok"] is False
    assert "refused: 127.0.0.1 is a loopback address" in data["message"]
    assert ALLOW_SETTING in data["message"]
    assert server.requests == []


def test_someone_elses_account_is_not_found_and_not_called(alice, bob_client, server):
    server.on("GET", "/v1/models", MODELS)
    account = make_account(alice, "openai", server.url + "/v1")

    assert bob_client.post(endpoint(account.pk)).status_code == 404
    assert bob_client.post(endpoint(account.pk + 1000)).status_code == 404
    assert server.requests == []


def test_only_post_runs_a_test(alice, alice_client, server):
    account = make_account(alice, "openai", server.url + "/v1")

    assert alice_client.get(endpoint(account.pk)).status_code == 405
    assert server.requests == []


def test_test_connection_is_rate_limited_per_user(alice, alice_client, bob_client, server, settings):
    """Each test is a real outbound call: a script cannot use the button as a port scanner."""
    server.on("GET", "/account", Reply.json({"username": "alice"}))
    account = make_account(alice, "replicate", server.url)
    answers = [alice_client.post(endpoint(account.pk)).status_code for _ in range(11)]

    assert answers == [200] * 10 + [429]
    assert len(server.requests) == 10, "the refused test sent nothing"
    assert bob_client.post(endpoint(account.pk)).status_code == 404, "bob's allowance is his own"
