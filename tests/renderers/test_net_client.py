"""The provider HTTP client against a real local server: retries, limits, redirects, stop, messages."""

from __future__ import annotations

import email.utils
import gzip
import logging
import socket
import threading
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from renderers.net import (
    BadResponse,
    ProviderAuthError,
    ProviderCancelled,
    ProviderClient,
    ProviderRateLimited,
    ProviderRejected,
    ProviderTimeout,
    ProviderUnavailable,
    ProviderUnreachable,
    ResponseTooLarge,
    RetryPolicy,
    Timeouts,
    URLRefused,
    build_http_client,
    parse_retry_after,
)
from tests.fake_http import FakeServer, Reply, tls_pair
from tests.servers import free_port

KEY = "sk-live-7f3a9c2e5b8d1f4a6c0e-SECRET"
AUTH = {"Authorization": f"Bearer {KEY}", "x-api-key": KEY}
OK = Reply.json({"ok": True})


@pytest.fixture
def make_client(sleeps, closing):
    """A client for one provider that may reach the local fake server (loopback is allowed)."""

    def make(provider: str = "OpenAI", **options) -> ProviderClient:
        options = {
            "allowed_hosts": "127.0.0.1",
            "headers": AUTH,
            "sleep": sleeps,
            "timeouts": Timeouts(connect=2, read=2),
            **options,
        }
        return closing(ProviderClient(provider, **options))

    return make


@pytest.fixture
def connections(monkeypatch) -> list[tuple[str, int]]:
    """Every TCP address a connection is opened to."""
    opened: list[tuple[str, int]] = []
    real = socket.create_connection

    def recording(address, *args, **kwargs):
        opened.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", recording)
    return opened


# --- retries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "value", "wait"),
    [("Retry-After", "2", 2.0), ("retry-after-ms", "1500", 1.5), ("Retry-After", "http-date", 3.0)],
)
def test_429_waits_as_long_as_the_provider_asks_then_succeeds(server, make_client, sleeps, header, value, wait):
    now = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)
    if value == "http-date":
        value = email.utils.format_datetime(now + timedelta(seconds=3), usegmt=True)
    server.on("POST", "/v1/chat/completions", Reply.json({"error": {}}, 429, headers={header: value}), OK)

    answer = make_client(now=lambda: now).post_json(server.url + "/v1/chat/completions", {"model": "m"})

    assert answer == {"ok": True}
    assert len(server.calls()) == 2
    assert len(sleeps) == 1 and wait <= sleeps[0] <= wait * 1.1


@pytest.mark.parametrize("status", [500, 502, 503, 529])
def test_a_server_error_is_retried_after_a_backoff(server, make_client, sleeps, status):
    server.on("GET", "/v1/models", Reply.json({"error": "boom"}, status), OK)
    assert make_client().get_json(server.url + "/v1/models") == {"ok": True}
    assert len(server.calls()) == 2
    assert len(sleeps) == 1 and 1.0 <= sleeps[0] <= 2.0


def test_backoff_grows_and_attempts_are_capped(server, make_client, sleeps):
    server.on("GET", "/v1/models", Reply.json({"error": {"type": "rate_limit_error"}}, 429))
    with pytest.raises(ProviderRateLimited) as failed:
        make_client().get_json(server.url + "/v1/models")
    assert str(failed.value) == "OpenAI is busy (429) and kept refusing after 4 tries; try again in a minute."
    assert len(server.calls()) == 4
    assert len(sleeps) == 3
    assert 1 <= sleeps[0] <= 2 <= sleeps[1] <= 3 < 4 <= sleeps[2] <= 5  # doubling, plus up to 1 s of jitter


def test_total_waiting_is_capped(server, make_client, sleeps):
    server.on("GET", "/v1/models", Reply(500))
    client = make_client(retry=RetryPolicy(attempts=20, max_total_wait=10))
    with pytest.raises(ProviderUnavailable):
        client.get_json(server.url + "/v1/models")
    assert sum(sleeps) <= 10
    assert len(server.calls()) == len(sleeps) + 1 < 20


def test_a_wait_longer_than_the_cap_is_not_waited_for(server, make_client, sleeps):
    server.on("GET", "/v1/models", Reply(429, headers={"Retry-After": "3600"}))
    with pytest.raises(ProviderRateLimited) as failed:
        make_client("Groq").get_json(server.url + "/v1/models")
    assert str(failed.value) == "Groq is busy (429) and asked to wait 60 min; try again then."
    assert len(server.calls()) == 1
    assert sleeps == []


@pytest.mark.parametrize(
    ("status", "kind", "message"),
    [
        (401, ProviderAuthError, "Anthropic rejected the API key (401). Check it on your settings page."),
        (403, ProviderAuthError, "Anthropic refused access with this API key (403)."),
        (404, ProviderRejected, "Anthropic has no such endpoint or model (404)."),
        (400, ProviderRejected, "Anthropic refused the request (400)."),
    ],
)
def test_client_errors_are_not_retried(server, make_client, sleeps, status, kind, message):
    server.on("POST", "/v1/messages", Reply.json({"type": "error", "error": {"type": "x", "message": "no"}}, status))
    with pytest.raises(kind) as failed:
        make_client("Anthropic").post_json(server.url + "/v1/messages", {"model": "claude"})
    assert str(failed.value).startswith(message)
    assert failed.value.status == status
    assert len(server.calls()) == 1
    assert sleeps == []


def test_the_provider_can_say_not_to_retry(server, make_client):
    server.on("POST", "/v1/messages", Reply(503, headers={"x-should-retry": "false"}))
    with pytest.raises(ProviderUnavailable):
        make_client("Anthropic").request("POST", server.url + "/v1/messages")
    assert len(server.calls()) == 1


def test_an_account_out_of_quota_is_not_retried(server, make_client):
    server.on("POST", "/v1/chat/completions", Reply.json({"error": {"code": "insufficient_quota"}}, 429))
    with pytest.raises(ProviderRateLimited) as failed:
        make_client().post_json(server.url + "/v1/chat/completions", {})
    assert "out of credit or over its quota" in str(failed.value)
    assert len(server.calls()) == 1


def test_a_read_timeout_is_retried_then_reported(server, make_client):
    server.on("POST", "/v1/predictions", Reply(delay=2.0))
    client = make_client("Replicate", timeouts=Timeouts(connect=2, read=0.1), retry=RetryPolicy(attempts=2))
    with pytest.raises(ProviderTimeout) as failed:
        client.request("POST", server.url + "/v1/predictions")
    assert str(failed.value) == "Replicate did not answer within 0.1 s (2 tries)."
    assert len(server.calls()) == 2


def test_a_read_timeout_then_an_answer_succeeds(server, make_client):
    server.on("GET", "/v1/models", Reply(delay=2.0), OK)
    client = make_client(timeouts=Timeouts(connect=2, read=0.1))
    assert client.get_json(server.url + "/v1/models") == {"ok": True}
    assert len(server.calls()) == 2


@pytest.mark.parametrize("repeat", ["answered", "refused"])
def test_a_call_that_starts_paid_work_is_not_sent_again_after_its_answer_was_lost(server, make_client, repeat):
    server.on("POST", "/v1/images/generations", Reply(delay=2.0), OK)
    client = make_client("OpenAI", timeouts=Timeouts(connect=2, read=0.1), retry=RetryPolicy(attempts=3))
    with pytest.raises(ProviderTimeout):
        client.request("POST", server.url + "/v1/images/generations", repeat=repeat)
    assert len(server.calls()) == 1, "the picture may be painting, and billed, already"


def test_a_paid_call_is_sent_again_after_an_error_answer_only_when_told_so(server, make_client):
    server.on("POST", "/v1/images/generations", Reply.json({}, 500), OK)
    assert make_client().request("POST", server.url + "/v1/images/generations", repeat="answered").json() == {
        "ok": True
    }
    assert len(server.calls()) == 2
    server.on("POST", "/v1/predictions", Reply.json({}, 500), OK)
    with pytest.raises(ProviderUnavailable):
        make_client("Replicate").request("POST", server.url + "/v1/predictions", repeat="refused")
    assert len(server.calls("POST", "/v1/predictions")) == 1, "a 500 may still have queued the prediction"


def test_a_queued_call_refused_for_now_waits_as_asked_then_goes_again(server, make_client, sleeps):
    server.on("POST", "/v1/predictions", Reply.json({}, 429, headers={"Retry-After": "3"}), OK)
    answer = make_client("Replicate").request("POST", server.url + "/v1/predictions", repeat="refused")
    assert answer.json() == {"ok": True}
    assert len(sleeps) == 1 and sleeps[0] >= 3.0, "at least as long as Replicate asked"


def test_a_refused_connection_is_retried_then_reported(make_client, sleeps):
    closed = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ProviderUnreachable) as failed:
        make_client("Ollama").get_json(closed + "/v1/models")
    assert str(failed.value) == "Could not connect to Ollama (4 tries); check the base URL or try again later."
    assert len(sleeps) == 3


def test_a_host_that_does_not_resolve_is_named(make_client):
    with pytest.raises(ProviderUnreachable) as failed:
        make_client("vLLM", resolver=lambda host: []).get_json("http://gpu-box.example:8000/v1/models")
    assert str(failed.value) == "Could not find vLLM's host gpu-box.example; check the base URL."


# --- what is read -------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        Reply(body=b"x" * 5000),
        Reply(body=b"x" * 5000, chunked=True),
        Reply(body=gzip.compress(b"\0" * 20_000_000), headers={"Content-Encoding": "gzip"}, chunked=True),
    ],
    ids=["declared", "chunked", "gzip-bomb"],
)
def test_an_oversized_answer_is_refused(server, make_client, reply):
    server.on("GET", "/view", reply)
    with pytest.raises(ResponseTooLarge) as failed:
        make_client("ComfyUI", max_bytes=1000).request("GET", server.url + "/view")
    assert str(failed.value) == "ComfyUI sent an answer larger than 1000 bytes; it was refused."
    assert len(server.calls()) == 1


def test_compressed_answers_within_the_limit_are_read(server, make_client):
    body = b'{"images": ["' + b"A" * 50_000 + b'"]}'
    server.on("GET", "/out", Reply(body=gzip.compress(body), headers={"Content-Encoding": "gzip"}))
    reply = make_client(max_bytes=60_000).request("GET", server.url + "/out")
    assert reply.content == body
    assert reply.json()["images"][0] == "A" * 50_000


def test_an_answer_that_is_not_json_says_so(server, make_client):
    server.on("POST", "/models/x", Reply(body=b"<html>Bad gateway</html>"))
    with pytest.raises(BadResponse) as failed:
        make_client("Hugging Face").post_json(server.url + "/models/x", {"inputs": "hi"})
    assert str(failed.value) == "Hugging Face answered with something that is not valid JSON."


# --- where requests go -----------------------------------------------------------


def test_loopback_is_refused_unless_allowed(server, make_client):
    server.on("GET", "/v1/models", OK)
    with pytest.raises(URLRefused) as refused:
        make_client("Ollama", allowed_hosts=None).get_json(server.url + "/v1/models")
    assert str(refused.value).startswith("Did not call Ollama: refused: 127.0.0.1 is a loopback address;")
    assert server.calls() == []


@pytest.mark.parametrize(
    "target", ["http://10.0.0.1/steal", "http://169.254.169.254/latest/meta-data/", "http://[::ffff:a9fe:a9fe]/"]
)
def test_a_redirect_to_a_private_address_is_refused_without_connecting(server, make_client, connections, target):
    server.on("GET", "/v1/output", Reply.redirect(target))
    with pytest.raises(URLRefused) as refused:
        make_client("Replicate").request("GET", server.url + "/v1/output")
    assert str(refused.value).startswith("Did not follow Replicate's redirect: refused:")
    assert {host for host, _ in connections} == {"127.0.0.1"}
    assert len(server.calls()) == 1


def test_every_hop_is_checked_even_when_httpx_follows_redirects(server, connections):
    server.on("GET", "/start", Reply.redirect("/next"))
    server.on("GET", "/next", Reply.redirect("http://169.254.169.254/latest/meta-data/"))
    with build_http_client(allowed_hosts="127.0.0.1", follow_redirects=True) as client, pytest.raises(URLRefused):
        client.get(server.url + "/start")
    assert [r.route for r in server.calls()] == ["/start", "/next"]
    assert {host for host, _ in connections} == {"127.0.0.1"}


def test_keys_stay_behind_when_a_redirect_leaves_the_origin(server, make_client):
    with FakeServer() as elsewhere:
        elsewhere.on("POST", "/landed", OK)
        server.on("POST", "/same", Reply.redirect("/moved", 307))
        server.on("POST", "/moved", Reply.redirect(elsewhere.url + "/landed", 307))
        assert make_client().post_json(server.url + "/same", {"a": 1}) == {"ok": True}
        moved, landed = server.calls(path="/moved")[0], elsewhere.calls()[0]
    assert moved.headers["x-api-key"] == KEY and moved.headers["authorization"] == f"Bearer {KEY}"
    assert "x-api-key" not in landed.headers and "authorization" not in landed.headers
    assert landed.json() == {"a": 1}


def test_proxies_from_the_environment_are_ignored(server, make_client, monkeypatch):
    with FakeServer() as proxy:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.setenv(name, proxy.url)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        server.on("GET", "/v1/models", OK)
        with httpx.Client(trust_env=True) as trusting:  # the environment really does name a proxy
            trusting.get(server.url + "/v1/models")
        assert len(proxy.requests) == 1

        assert make_client().get_json(server.url + "/v1/models") == {"ok": True}
        assert len(proxy.requests) == 1
        assert len(server.calls()) == 1


def test_connections_go_to_the_address_that_was_checked(server, make_client):
    """A name that rebinds to a private address between two calls: the first call goes to the checked
    address (the name is unknown to real DNS), the second is refused; one lookup per request."""
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])
    lookups: list[str] = []

    def rebinding(host: str) -> list[str]:
        lookups.append(host)
        return next(answers)

    server.on("GET", "/v1/models", OK)
    client = make_client(resolver=rebinding)
    url = f"http://rebind.test:{server.port}/v1/models"
    assert client.get_json(url) == {"ok": True}
    with pytest.raises(URLRefused) as refused:
        client.get_json(url)
    assert "rebind.test resolves to a private address" in str(refused.value)
    assert refused.value.address == "10.0.0.1"
    assert lookups == ["rebind.test", "rebind.test"]
    assert server.calls()[0].headers["host"] == f"rebind.test:{server.port}"
    assert len(server.calls()) == 1


def test_tls_is_checked_against_the_host_name_not_the_address(tmp_path, make_client):
    server_tls, client_tls = tls_pair(tmp_path, "provider.test")
    with FakeServer(tls=server_tls) as server:
        server.on("GET", "/v1/models", OK)
        client = make_client(verify=client_tls, resolver=lambda host: ["127.0.0.1"], retry=RetryPolicy(attempts=1))
        assert client.get_json(f"https://provider.test:{server.port}/v1/models") == {"ok": True}
        assert server.server_names == ["provider.test"]
        assert server.calls()[0].headers["host"] == f"provider.test:{server.port}"
        with pytest.raises(ProviderUnreachable):  # same address, but the certificate is not for this name
            client.get_json(f"https://impostor.test:{server.port}/v1/models")


# --- stopping --------------------------------------------------------------------


def test_a_stopped_job_sends_nothing(server, make_client):
    stop = threading.Event()
    stop.set()
    with pytest.raises(ProviderCancelled):
        make_client().get_json(server.url + "/v1/models", stop=stop)
    assert server.calls() == []


def test_stopping_during_a_backoff_ends_it_and_sends_no_retry(server, make_client, sleeps):
    stop = threading.Event()
    server.on("GET", "/v1/models", Reply(429, headers={"Retry-After": "20"}), OK)

    def sleep_until_cancelled(seconds: float) -> None:
        sleeps.append(seconds)
        stop.set()  # the user presses Cancel while the client waits

    with pytest.raises(ProviderCancelled) as cancelled:
        make_client(sleep=sleep_until_cancelled).get_json(server.url + "/v1/models", stop=stop)
    assert str(cancelled.value) == "Stopped calling OpenAI: the job was cancelled."
    assert sum(sleeps) < 1
    assert len(server.calls()) == 1


def test_a_stop_callable_is_asked_between_attempts(server, make_client):
    server.on("GET", "/v1/models", Reply(500), OK)
    with pytest.raises(ProviderCancelled):
        make_client().get_json(server.url + "/v1/models", stop=lambda: len(server.calls()) >= 1)
    assert len(server.calls()) == 1


def test_polling_waits_end_when_the_job_is_cancelled(make_client, sleeps):
    stop = threading.Event()
    client = make_client("RunPod")
    client.wait(2.0, stop=stop)
    stop.set()
    with pytest.raises(ProviderCancelled):
        client.wait(2.0, stop=stop)
    assert sum(sleeps) == 2.0


def test_a_real_wait_wakes_as_soon_as_the_job_is_cancelled(server, make_client):
    stop = threading.Event()
    server.on("GET", "/v1/models", Reply(429, headers={"Retry-After": "25"}), OK)
    client = make_client(sleep=time.sleep)
    outcome: list[BaseException] = []

    def call() -> None:
        try:
            client.get_json(server.url + "/v1/models", stop=stop)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=call)
    worker.start()
    while not server.calls():
        worker.join(0.01)
    stop.set()
    worker.join(5)
    assert not worker.is_alive(), "the backoff wait did not end when the job was cancelled"
    assert isinstance(outcome[0], ProviderCancelled)
    assert len(server.calls()) == 1


# --- secrets ---------------------------------------------------------------------


def failing_scenarios(server):
    echo = {"error": {"message": f"Incorrect API key provided: {KEY}"}}
    server.on("GET", "/401", Reply.json(echo, 401))
    server.on("GET", "/429", Reply.json(echo, 429, headers={"Retry-After": "1"}))
    server.on("GET", "/500", Reply.json(echo, 500))
    server.on("GET", "/slow", Reply(delay=2.0))
    server.on("GET", "/big", Reply(body=KEY.encode() * 1000))
    server.on("GET", "/html", Reply(body=f"<p>{KEY}</p>".encode()))
    server.on("GET", "/away", Reply.redirect("http://169.254.169.254/latest/meta-data/"))
    return ["/401", "/429", "/500", "/slow", "/big", "/html", "/away"]


def test_no_message_repr_or_log_line_contains_the_key(server, make_client, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_client(timeouts=Timeouts(connect=1, read=0.1), max_bytes=4096, retry=RetryPolicy(attempts=2))
    errors = []
    for path in failing_scenarios(server):
        with pytest.raises((ProviderAuthError, ProviderRateLimited, ProviderUnavailable, ProviderTimeout,
                            ResponseTooLarge, BadResponse, URLRefused)) as failed:  # fmt: skip
            client.get_json(server.url + path)
        errors.append(failed.value)
    with pytest.raises(ProviderUnreachable) as unreachable:
        client.get_json(f"http://127.0.0.1:{free_port()}/v1")
    errors.append(unreachable.value)

    assert len({type(error) for error in errors}) == 8
    assert all(request.headers.get("x-api-key") == KEY for request in server.requests)  # the key was sent
    formatter = logging.Formatter()
    for error in errors:
        for text in (str(error), repr(error), repr(error.args), repr(getattr(error, "body", b""))):
            assert KEY not in text
        assert error.__cause__ is None and error.__context__ is None
    assert caplog.records, "the failures were logged"
    for record in caplog.records:
        assert KEY not in formatter.format(record)
    assert KEY not in repr(client)


def test_an_error_body_keeps_the_detail_but_not_the_key(server, make_client):
    server.on("GET", "/v1/models", Reply.json({"error": {"message": f"bad key {KEY}", "code": "invalid_api_key"}}, 401))
    with pytest.raises(ProviderAuthError) as failed:
        make_client().get_json(server.url + "/v1/models")
    assert b"invalid_api_key" in failed.value.body
    assert KEY.encode() not in failed.value.body and b"[redacted]" in failed.value.body


# --- Retry-After parsing -----------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "7"}, 7.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "Fri, 01 May 2026 12:00:10 GMT"}, 10.0),
        ({"retry-after": "Fri, 01 May 2026 11:00:00 GMT"}, 0.0),
    ],
)
def test_retry_after_is_read_in_every_form(headers, seconds):
    now = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after(httpx.Headers(headers), lambda: now) == seconds
