"""OpenAI moderation as a safety check, against a local server speaking its wire format."""

from __future__ import annotations

import threading
import time

import pytest

from renderers import registry
from renderers.base import BackendError, SafetyVerdict
from renderers.net import (
    BadResponse,
    ProviderAuthError,
    ProviderCancelled,
    ProviderTimeout,
    ResponseTooLarge,
    RetryPolicy,
    Timeouts,
)
from renderers.providers import ProviderConfig
from renderers.providers.moderation import CATEGORY_REASONS, ModerationSafety
from tests.fake_http import Reply, Sleeps
from tests.provider_fakes.moderation import CATEGORY_NAMES, ModerationFake
from tests.renderers.conftest import fake_provider_config

KEY = "sk-test-moderation-4c1e9b7a2f"


def config_for(
    url: str, sleeps: Sleeps | None = None, *, api_key: str = KEY, model: str = "gpt-4o-mini", **overrides
) -> ProviderConfig:
    """An OpenAI account whose model is a chat model, which the safety check must not send to moderations."""
    return fake_provider_config(url, provider="openai", api_key=api_key, sleeps=sleeps, model=model, **overrides)


def answer(flagged: bool, categories: dict[str, bool] | None = None, scores: dict[str, float] | None = None):
    """A moderation answer in the real shape: every category present, the given ones overridden."""
    return {
        "id": "modr-1",
        "model": "omni-moderation-2024-09-26",
        "results": [
            {
                "flagged": flagged,
                "categories": {name: False for name in CATEGORY_NAMES} | (categories or {}),
                "category_scores": {name: 0.0001 for name in CATEGORY_NAMES} | (scores or {}),
                "category_applied_input_types": {name: ["text"] for name in CATEGORY_NAMES},
            }
        ],
    }


def test_an_allowed_text_sends_the_moderation_request_and_passes(server):
    server.on("POST", "/v1/moderations", Reply.json(answer(False)))
    backend = ModerationSafety(config_for(server.url + "/v1"))

    verdict = backend.screen("a shy dragon opens a tea shop")

    assert verdict == SafetyVerdict(allowed=True, model="omni-moderation-2024-09-26")
    (request,) = server.calls()
    assert request.method == "POST" and request.route == "/v1/moderations"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["content-type"] == "application/json"
    # The account's text model is not a moderation model and is never sent here.
    assert request.json() == {"input": "a shy dragon opens a tea shop", "model": "omni-moderation-latest"}
    assert backend.name == "openai" and backend.model == "omni-moderation-latest"


def test_the_moderation_model_comes_from_the_options(server):
    server.on("POST", "/v1/moderations", Reply.json({"model": "text-moderation-stable", **answer(False)}))
    config = config_for(server.url + "/v1", options={"moderation_model": "text-moderation-stable"})
    backend = registry.create("safety", "openai", config=config)

    assert isinstance(backend, ModerationSafety)
    backend.screen("two robots race")
    assert server.calls()[0].json()["model"] == "text-moderation-stable"


@pytest.mark.parametrize(
    ("flags", "slug"),
    [
        ({"violence/graphic": 0.91}, "violence"),
        ({"self-harm/intent": 0.8, "violence": 0.4}, "self_harm"),
        ({"sexual": 0.6, "sexual/minors": 0.97}, "sexual_minors"),
        ({"sexual": 0.88}, "sexual"),
        ({"hate/threatening": 0.7}, "hate"),
        ({"harassment": 0.66}, "harassment"),
        ({"illicit/violent": 0.75}, "illicit"),
    ],
)
def test_a_flagged_text_is_blocked_under_its_highest_scoring_flagged_category(server, flags, slug):
    server.on("POST", "/v1/moderations", Reply.json(answer(True, dict.fromkeys(flags, True), flags)))
    text = "a story the moderation model dislikes"

    verdict = ModerationSafety(config_for(server.url + "/v1")).screen(text)

    assert not verdict.allowed
    assert verdict.category == slug
    assert verdict.reason == CATEGORY_REASONS[slug]
    assert text not in verdict.reason
    assert verdict.model == "omni-moderation-2024-09-26"


def test_a_higher_score_that_was_not_flagged_does_not_decide_the_category(server):
    server.on(
        "POST",
        "/v1/moderations",
        Reply.json(answer(True, {"violence": True}, {"violence": 0.55, "harassment": 0.7})),
    )
    verdict = ModerationSafety(config_for(server.url + "/v1")).screen("the ogre smashes the bridge")
    assert verdict.category == "violence"


def test_null_illicit_categories_are_read_as_not_flagged(server):
    body = answer(True, {"hate": True}, {"hate": 0.6})
    body["results"][0]["categories"] |= {"illicit": None, "illicit/violent": None}
    body["results"][0]["category_scores"] |= {"illicit": None, "illicit/violent": None}
    server.on("POST", "/v1/moderations", Reply.json(body))
    assert ModerationSafety(config_for(server.url + "/v1")).screen("some text").category == "hate"


def test_reasons_are_short_sentences_naming_the_safety_check():
    for reason in CATEGORY_REASONS.values():
        assert 30 < len(reason) < 200
        assert "safety check" in reason and reason.endswith(".")


def test_blank_text_is_allowed_without_a_call(server):
    backend = ModerationSafety(config_for(server.url + "/v1"))
    assert backend.screen("   ").allowed
    assert server.calls() == []


def test_a_wrong_key_says_so_without_showing_it(server):
    server.on("POST", "/v1/moderations", Reply.json({"error": {"message": f"bad key {KEY}"}}, 401))
    with pytest.raises(ProviderAuthError) as failed:
        ModerationSafety(config_for(server.url + "/v1")).screen("a knight")
    assert str(failed.value) == "OpenAI rejected the API key (401). Check it on your settings page."
    assert KEY not in str(failed.value) and KEY not in repr(failed.value)
    assert len(server.calls()) == 1


def test_429_waits_as_asked_then_succeeds(server, sleeps):
    server.on(
        "POST",
        "/v1/moderations",
        Reply.json({"error": {"type": "rate_limit"}}, 429, headers={"Retry-After": "2"}),
        Reply.json(answer(False)),
    )
    assert ModerationSafety(config_for(server.url + "/v1", sleeps)).screen("a knight").allowed
    assert len(server.calls()) == 2
    assert len(sleeps) == 1 and 2.0 <= sleeps[0] <= 2.2


def test_a_server_error_is_retried_then_succeeds(sleeps):
    with ModerationFake(failures=1) as fake:
        verdict = ModerationSafety(config_for(fake.url, sleeps)).screen("a gore-soaked battlefield")
    assert verdict.category == "violence"
    assert fake.calls == 2 and len(sleeps) == 1


def test_a_provider_that_stays_down_fails_with_a_plain_message(sleeps):
    with ModerationFake() as fake:
        fake.down = True
        with pytest.raises(BackendError) as failed:
            ModerationSafety(config_for(fake.url, sleeps)).screen("a knight")
    assert str(failed.value) == "OpenAI had a server error (500) and kept failing after 3 tries; try again later."
    assert fake.calls == 3


def test_a_slow_answer_times_out(server):
    server.on("POST", "/v1/moderations", Reply.json(answer(False), delay=2.0))
    config = config_for(
        server.url + "/v1",
        timeouts=Timeouts(connect=1, read=0.2),
        retry=RetryPolicy(attempts=2, base_delay=0.01, jitter=0),
    )
    started = time.monotonic()
    with pytest.raises(ProviderTimeout) as failed:
        ModerationSafety(config).screen("a knight")
    assert str(failed.value) == "OpenAI did not answer within 0.2 s (2 tries)."
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(200, b"<html>oops</html>"), "OpenAI answered with something that is not valid JSON."),
        (Reply.json({"id": "modr-1", "results": []}), "OpenAI answered the safety check without a result"),
        (Reply.json({"results": [{"categories": {}}]}), "OpenAI answered the safety check without saying whether"),
        (Reply.json(["not", "an", "object"]), "OpenAI answered the safety check without a result"),
    ],
)
def test_a_malformed_answer_is_a_clear_failure(server, reply, message):
    server.on("POST", "/v1/moderations", reply)
    with pytest.raises(BadResponse) as failed:
        ModerationSafety(config_for(server.url + "/v1")).screen("a knight")
    assert str(failed.value).startswith(message)


def test_an_oversized_answer_is_not_read(server):
    server.on("POST", "/v1/moderations", Reply.json(answer(False) | {"padding": "x" * 5000}))
    with pytest.raises(ResponseTooLarge):
        ModerationSafety(config_for(server.url + "/v1", max_bytes=1024)).screen("a knight")


def test_a_cancelled_job_makes_no_request(server):
    server.on("POST", "/v1/moderations", Reply.json(answer(False)))
    stop = threading.Event()
    stop.set()
    with pytest.raises(ProviderCancelled):
        ModerationSafety(config_for(server.url + "/v1", stop=stop)).screen("a knight")
    assert server.calls() == []


def test_the_fake_flags_its_words_and_checks_the_key():
    with ModerationFake({"gore": "violence/graphic", "nsfw": "sexual"}, api_key=KEY) as fake:
        backend = ModerationSafety(config_for(fake.url))
        assert backend.screen("a sunny picnic").allowed
        assert backend.screen("NSFW pin-up").category == "sexual"
        with pytest.raises(ProviderAuthError):
            ModerationSafety(config_for(fake.url, api_key="sk-test-wrong")).screen("a knight")
        assert fake.inputs == ["a sunny picnic", "NSFW pin-up"]
        assert fake.calls == 3
