"""Text over Anthropic's Messages API against local fakes."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from comics import script
from renderers import registry
from renderers.base import BackendError, MalformedOutput, TextRequest
from renderers.net import (
    BadResponse,
    ProviderAuthError,
    ProviderCancelled,
    ProviderRejected,
    ProviderTimeout,
    ProviderUnavailable,
    ResponseTooLarge,
    RetryPolicy,
    Timeouts,
)
from renderers.providers.anthropic import AnthropicMessages, shape_messages
from renderers.providers.config import ProviderConfig
from tests.fake_http import Reply
from tests.provider_fakes.text import AnthropicFake
from tests.renderers.conftest import FAST_RETRY_DEFAULT_CAPS, fake_provider_config
from tests.renderers.conftest import page_request as shared_page_request
from tests.renderers.conftest import plan_request as shared_plan_request

KEY = "sk-ant-test-9c3e1a7b5d2f8c4e6a0b-SECRET"
ROUTE = "/v1/messages"
IDEA = "two robots race across the desert"
VERSION = {"anthropic-version": "2023-06-01"}
PLAN = {"title": "The Dune Dash", "cast": [{"name": "Bolt", "look": "a red robot"}], "beats": ["go"]}


def plan_request(pages: int = 3, **options) -> TextRequest:
    return shared_plan_request(IDEA, tone="brisk", pages=pages, **options)


def page_request(plan: script.Plan, panels: int = 4) -> TextRequest:
    return shared_page_request(IDEA, plan, tone="brisk", seed=3, panels=panels)


def message(*texts, stop_reason="end_turn", model="claude-3-5-haiku-20241022", usage=None, extra_blocks=()) -> Reply:
    return Reply.json(
        {
            "id": "msg_01",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [*extra_blocks, *({"type": "text", "text": text} for text in texts)],
            "stop_reason": stop_reason,
            "stop_sequence": None,
            "usage": usage or {"input_tokens": 380, "output_tokens": 120},
        }
    )


def error(status: int, kind: str, text: str, **options) -> Reply:
    return Reply.json({"type": "error", "error": {"type": kind, "message": text}}, status, **options)


@pytest.fixture
def backend_for(server, sleeps):
    def make(*, retry: RetryPolicy = FAST_RETRY_DEFAULT_CAPS, **options) -> AnthropicMessages:
        config = fake_provider_config(
            server.url + "/v1", provider="anthropic", api_key=KEY, sleeps=sleeps, retry=retry, **options
        )
        return AnthropicMessages(config)

    return make


# --- the request on the wire ------------------------------------------------------------


def test_the_request_carries_the_key_version_system_text_and_schema(server, backend_for):
    server.on("POST", ROUTE, message(json.dumps(PLAN)))
    request = plan_request()

    result = backend_for().complete_json(request)

    sent = server.calls("POST", ROUTE)
    assert len(sent) == 1
    assert sent[0].headers["x-api-key"] == KEY
    assert sent[0].headers["anthropic-version"] == "2023-06-01"
    assert sent[0].headers["content-type"] == "application/json"
    assert "authorization" not in sent[0].headers
    body = sent[0].json()
    assert body["model"] == "claude-3-5-haiku-latest"
    assert body["max_tokens"] == request.max_tokens
    assert body["temperature"] == request.temperature
    assert body["system"] == request.messages[0]["content"]
    assert body["messages"] == [{"role": "user", "content": request.messages[1]["content"]}]
    assert body["output_config"] == {"format": {"type": "json_schema", "schema": request.schema}}
    assert "seed" not in body  # the Messages API has none
    assert result.data == PLAN
    assert result.model == "claude-3-5-haiku-20241022"
    assert result.usage == {"input_tokens": 380, "output_tokens": 120}


def test_the_answer_is_the_text_blocks_joined_and_cached_input_counts_as_input(server, backend_for):
    document = json.dumps(PLAN)
    thinking = {"type": "thinking", "thinking": "{not the answer}", "signature": "x"}
    usage = {"input_tokens": 20, "cache_creation_input_tokens": 300, "cache_read_input_tokens": 60, "output_tokens": 90}
    server.on("POST", ROUTE, message(document[:25], document[25:], extra_blocks=[thinking], usage=usage))
    result = backend_for().complete_json(plan_request())
    assert result.data == PLAN
    assert result.usage == {"input_tokens": 380, "output_tokens": 90}


def test_system_messages_are_joined_and_turns_merged_so_they_alternate():
    system, turns = shape_messages(
        [
            {"role": "system", "content": "You write comics."},
            {"role": "user", "content": "Plan it."},
            {"role": "user", "content": "```json\n{}\n```"},
            {"role": "assistant", "content": "{bad"},
            {"role": "system", "content": "Answer in JSON."},
            {"role": "user", "content": ""},
            {"role": "user", "content": "Fix it."},
        ]
    )
    assert system == "You write comics.\n\nAnswer in JSON."
    assert turns == [
        {"role": "user", "content": "Plan it.\n\n```json\n{}\n```"},
        {"role": "assistant", "content": "{bad"},
        {"role": "user", "content": "Fix it."},
    ]


def test_a_conversation_never_opens_with_the_assistant():
    system, turns = shape_messages([{"role": "assistant", "content": "Hello. "}])
    assert system == ""
    assert [turn["role"] for turn in turns] == ["user", "assistant"]
    assert turns[1]["content"] == "Hello."  # a closing assistant turn may not end in whitespace


def test_a_repair_request_reaches_the_api_as_alternating_turns(server, backend_for):
    server.on("POST", ROUTE, message(json.dumps(PLAN)))
    first = plan_request()
    repair = TextRequest(
        messages=script.repair_messages(first.messages, '{"title": 1}', ["title should be a string"]),
        schema=first.schema,
        schema_name=first.schema_name,
    )
    backend_for().complete_json(repair)
    body = server.calls()[0].json()
    assert [turn["role"] for turn in body["messages"]] == ["user", "assistant", "user"]
    assert body["messages"][1]["content"] == '{"title": 1}'
    assert "title should be a string" in body["messages"][2]["content"]


@pytest.mark.parametrize(("asked", "sent"), [(1.7, 1.0), (-0.5, 0.0), (0.3, 0.3)])
def test_temperature_is_clamped_to_what_anthropic_accepts(server, backend_for, asked, sent):
    server.on("POST", ROUTE, message(json.dumps(PLAN)))
    backend_for().complete_json(plan_request(temperature=asked))
    assert server.calls()[0].json()["temperature"] == sent


def test_the_configured_model_is_used(server, backend_for):
    server.on("POST", ROUTE, message(json.dumps(PLAN)))
    backend = backend_for(model="claude-sonnet-4-5")
    backend.complete_json(plan_request())
    assert backend.model == server.calls()[0].json()["model"] == "claude-sonnet-4-5"


def test_anthropic_is_registered_for_text(server):
    config = ProviderConfig(provider="anthropic", base_url=server.url + "/v1", allowed_hosts="127.0.0.1")
    backend = registry.text_backend("anthropic", config=config)
    assert isinstance(backend, AnthropicMessages)
    assert backend.name == "anthropic"


# --- JSON instructions when output_config is refused ---------------------------------------


def test_a_refused_output_config_is_replaced_by_instructions_and_remembered(server, backend_for):
    refused = error(400, "invalid_request_error", "output_config: Extra inputs are not permitted")
    server.on("POST", ROUTE, refused, message(json.dumps(PLAN)))
    backend = backend_for()
    request = plan_request()

    assert backend.complete_json(request).data == PLAN
    assert backend.complete_json(request).data == PLAN

    bodies = [r.json() for r in server.calls()]
    assert len(bodies) == 3
    assert "output_config" in bodies[0]
    for body in bodies[1:]:
        assert "output_config" not in body
        assert body["system"].startswith(request.messages[0]["content"] + "\n\n")
        assert "schema named comic_plan" in body["system"]
        assert json.dumps(request.schema) in body["system"]
        assert body["messages"] == bodies[0]["messages"]


def test_a_bad_request_for_another_reason_is_not_retried_with_instructions(server, backend_for):
    broke = error(400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API.")
    server.on("POST", ROUTE, broke, message(json.dumps(PLAN)))
    with pytest.raises(ProviderRejected, match=r"Anthropic refused the request \(400\)"):
        backend_for().complete_json(plan_request())
    assert len(server.calls()) == 1


# --- reading the answer -----------------------------------------------------------------------


def test_fenced_json_with_prose_is_read(server, backend_for):
    server.on("POST", ROUTE, message("Here's the plan:\n```json\n" + json.dumps(PLAN, indent=2) + "\n```"))
    assert backend_for().complete_json(plan_request()).data == PLAN


def test_a_refusal_is_explained_in_plain_words(server, backend_for):
    server.on("POST", ROUTE, message(stop_reason="refusal"))
    plan = script.Plan("The Dune Dash", (script.CastMember("Bolt", "a red robot"),), "sand", ["a", "b"])
    with pytest.raises(BackendError, match="Anthropic declined to write this page: it stopped") as caught:
        backend_for().complete_json(page_request(plan))
    assert not isinstance(caught.value, MalformedOutput)


def test_an_answer_cut_off_at_max_tokens_is_malformed_and_says_so(server, backend_for):
    cut = json.dumps(PLAN)[:20]
    server.on("POST", ROUTE, message(cut, stop_reason="max_tokens"))
    with pytest.raises(MalformedOutput, match="cut off at 700 tokens") as caught:
        backend_for().complete_json(plan_request(max_tokens=700))
    assert caught.value.raw == cut


def test_prose_instead_of_json_is_malformed_output(server, backend_for):
    server.on("POST", ROUTE, message("Bolt and Zip zoom across the dunes."))
    with pytest.raises(MalformedOutput, match="Anthropic's answer is not JSON"):
        backend_for().complete_json(plan_request())


def test_an_answer_without_text_is_a_failure(server, backend_for):
    server.on("POST", ROUTE, message())
    with pytest.raises(BackendError, match="Anthropic returned an empty answer for the story plan"):
        backend_for().complete_json(plan_request())


def test_an_answer_without_content_is_a_bad_response(server, backend_for):
    server.on("POST", ROUTE, Reply.json({"type": "message", "stop_reason": "end_turn"}))
    with pytest.raises(BadResponse, match="Anthropic answered without a message"):
        backend_for().complete_json(plan_request())


# --- failures ------------------------------------------------------------------------------------


def test_a_wrong_key_is_reported_with_the_settings_page(server, backend_for):
    server.on("POST", ROUTE, error(401, "authentication_error", "invalid x-api-key"))
    with pytest.raises(ProviderAuthError, match=r"Anthropic rejected the API key \(401\)\. Check it"):
        backend_for().complete_json(plan_request())
    assert len(server.calls()) == 1


def test_overloaded_529_is_retried_then_succeeds(server, backend_for, sleeps):
    server.on("POST", ROUTE, error(529, "overloaded_error", "Overloaded"), message(json.dumps(PLAN)))
    assert backend_for().complete_json(plan_request()).data == PLAN
    assert len(server.calls()) == 2
    assert len(sleeps) == 1


def test_overloaded_every_time_gives_up_with_a_plain_message(server, backend_for):
    server.on("POST", ROUTE, error(529, "overloaded_error", "Overloaded"))
    with pytest.raises(ProviderUnavailable, match=r"Anthropic is overloaded \(529\) and kept failing after 3 tries"):
        backend_for().complete_json(plan_request())


def test_a_rate_limit_is_waited_out_as_asked_then_succeeds(server, backend_for, sleeps):
    limited = error(429, "rate_limit_error", "slow down", headers={"retry-after": "2"})
    server.on("POST", ROUTE, limited, message(json.dumps(PLAN)))
    assert backend_for().complete_json(plan_request()).data == PLAN
    assert len(sleeps) == 1 and 2.0 <= sleeps[0] <= 2.2


def test_a_server_error_is_retried_then_succeeds(server, backend_for):
    server.on("POST", ROUTE, error(500, "api_error", "Internal server error"), message(json.dumps(PLAN)))
    assert backend_for().complete_json(plan_request()).data == PLAN
    assert len(server.calls()) == 2


def test_a_server_that_does_not_answer_in_time_times_out(server, backend_for):
    server.on("POST", ROUTE, Reply(delay=2.0))
    backend = backend_for(timeouts=Timeouts(connect=1, read=0.2), retry=RetryPolicy(attempts=1))
    started = time.monotonic()
    with pytest.raises(ProviderTimeout, match=r"Anthropic did not answer within 0\.2 s"):
        backend.complete_json(plan_request())
    assert time.monotonic() - started < 1.0


def test_an_answer_that_is_not_json_at_all_is_a_bad_response(server, backend_for):
    server.on("POST", ROUTE, Reply(200, b"upstream connect error", {"Content-Type": "text/plain"}))
    with pytest.raises(BadResponse, match="Anthropic answered with something that is not valid JSON"):
        backend_for().complete_json(plan_request())


def test_an_oversized_answer_is_not_read(server, backend_for):
    server.on("POST", ROUTE, message("x" * 4000))
    with pytest.raises(ResponseTooLarge):
        backend_for(max_bytes=1024).complete_json(plan_request())


def test_a_cancelled_job_sends_nothing(server, backend_for):
    server.on("POST", ROUTE, message(json.dumps(PLAN)))
    with pytest.raises(ProviderCancelled):
        backend_for(stop=lambda: True).complete_json(plan_request())
    assert server.calls() == []


def test_a_job_cancelled_while_waiting_out_overload_sends_nothing_more(server, backend_for):
    stopped = threading.Event()
    server.on("POST", ROUTE, error(529, "overloaded_error", "Overloaded", headers={"retry-after": "20"}))
    backend = backend_for(stop=stopped, sleep=lambda seconds: stopped.set())
    with pytest.raises(ProviderCancelled):
        backend.complete_json(plan_request())
    assert len(server.calls()) == 1


@pytest.mark.parametrize(
    "answer",
    [
        error(401, "authentication_error", f"invalid x-api-key {KEY}"),
        error(400, "invalid_request_error", f"bad request from {KEY}"),
        message(f"I can't repeat {KEY}.", stop_reason="refusal"),
        message(f"prose with {KEY}"),
    ],
)
def test_the_key_is_in_no_error_message(server, backend_for, answer):
    server.on("POST", ROUTE, answer)
    with pytest.raises(BackendError) as caught:
        backend_for().complete_json(plan_request())
    assert KEY not in str(caught.value)
    assert KEY not in repr(caught.value.args)


# --- the reusable fake ------------------------------------------------------------------------------


def fake_backend(fake: AnthropicFake, key: str = KEY) -> AnthropicMessages:
    # timeouts=None: the backend's own text timeouts, as in production.
    return AnthropicMessages(
        fake_provider_config(fake.url, provider="anthropic", api_key=key, retry=FAST_RETRY_DEFAULT_CAPS, timeouts=None)
    )


@pytest.mark.parametrize("structured", [True, False])
def test_the_fake_writes_a_plan_and_page_the_pipeline_accepts(structured):
    with AnthropicFake(api_key=KEY, structured=structured) as fake:
        backend = fake_backend(fake)
        plan_result = backend.complete_json(plan_request(pages=4))
        plan = script.validate_plan(plan_result.data, pages=4)
        panels = script.validate_page(backend.complete_json(page_request(plan)).data, panels=4, kind="comic")

    assert len(plan.beats) == 4 and plan.cast
    assert len(panels) == 4
    assert fake.written == ["comic_plan", "comic_page"]
    with_schema = ["output_config" in r.json() for r in fake.requests]
    assert with_schema == ([True, True] if structured else [True, False, False])
    assert all(r.headers["x-api-key"] == KEY for r in fake.requests)
    answered = fake.requests[0 if structured else 1].json()
    prompt = answered["system"] + "".join(turn["content"] for turn in answered["messages"])
    assert plan_result.model == "claude-3-5-haiku-latest"
    assert plan_result.usage["input_tokens"] == pytest.approx(len(prompt) / 4, rel=0.05)
    assert plan_result.usage["output_tokens"] > 10


def test_the_fake_refuses_a_wrong_key():
    with AnthropicFake(api_key=KEY) as fake, pytest.raises(ProviderAuthError, match="Anthropic rejected the API key"):
        fake_backend(fake, key="sk-ant-wrong").complete_json(plan_request())


def test_the_fake_is_overloaded_first_as_told_and_the_backend_retries():
    with AnthropicFake() as fake:
        fake.fail_first(529, times=2)
        result = fake_backend(fake).complete_json(plan_request())
    assert len(fake.requests) == 3
    assert script.validate_plan(result.data, pages=3).beats


@pytest.mark.parametrize(
    ("headers", "messages", "problem"),
    [
        ({}, [{"role": "user", "content": "hi"}], "anthropic-version: header is required"),
        (VERSION, [{"role": "assistant", "content": "hi"}], 'first message must use the "user" role'),
        (VERSION, [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}], "roles must alternate"),
        (VERSION, [{"role": "system", "content": "a"}], "Input should be 'user' or 'assistant'"),
    ],
)
def test_the_fake_rejects_what_the_api_would_reject(headers, messages, problem):
    with AnthropicFake() as fake:
        answer = httpx.post(
            fake.url + "/messages", json={"model": "m", "max_tokens": 9, "messages": messages}, headers=headers
        )
    assert answer.status_code == 400
    assert answer.json()["error"]["type"] == "invalid_request_error"
    assert problem in answer.json()["error"]["message"]
