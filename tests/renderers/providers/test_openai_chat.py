"""Text over OpenAI chat completions (OpenAI, Groq, OpenRouter, Hugging Face, self-hosted) against local fakes."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

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
    ResponseTooLarge,
    RetryPolicy,
    Timeouts,
)
from renderers.providers.config import ProviderConfig
from renderers.providers.openai_chat import SLUGS, OpenAIChat, chat_url
from tests.fake_http import Reply
from tests.provider_fakes.text import OpenAIChatFake
from tests.renderers.conftest import FAST_RETRY_DEFAULT_CAPS, fake_provider_config
from tests.renderers.conftest import page_request as shared_page_request
from tests.renderers.conftest import plan_request as shared_plan_request

KEY = "sk-test-4b1d9e7c2a5f8e3b6d0a-SECRET"
ROUTE = "/v1/chat/completions"
IDEA = "a shy dragon who opens a tiny tea shop"
PLAN = {"title": "Ember's Tea Shop", "cast": [{"name": "Ember", "look": "a small green dragon"}], "beats": ["a"]}


def plan_request(pages: int = 3, **options) -> TextRequest:
    return shared_plan_request(IDEA, tone="warm", pages=pages, **options)


def page_request(plan: script.Plan, panels: int = 4) -> TextRequest:
    return shared_page_request(IDEA, plan, tone="warm", seed=11, panels=panels)


def completion(content, *, finish="stop", model="llama-3.3-70b-versatile-0125", refusal=None, usage=None) -> Reply:
    answer = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish,
            }
        ],
    }
    if usage is not False:
        answer["usage"] = usage or {"prompt_tokens": 412, "completion_tokens": 96, "total_tokens": 508}
    return Reply.json(answer)


@pytest.fixture
def backend_for(server, sleeps):
    """A backend for ``provider`` pointed at the local server (base URL ``server.url + path``)."""

    def make(
        provider: str = "groq",
        path: str = "/v1",
        *,
        api_key: str = KEY,
        retry: RetryPolicy = FAST_RETRY_DEFAULT_CAPS,
        **options,
    ) -> OpenAIChat:
        config = fake_provider_config(
            server.url + path, provider=provider, api_key=api_key, sleeps=sleeps, retry=retry, **options
        )
        return OpenAIChat(config)

    return make


# --- the request on the wire ------------------------------------------------------


def test_groq_sends_the_messages_with_a_json_schema_and_returns_the_parsed_answer(server, backend_for):
    server.on("POST", ROUTE, completion(json.dumps(PLAN)))
    request = plan_request(seed=7)

    result = backend_for("groq").complete_json(request)

    sent = server.calls("POST", ROUTE)
    assert len(sent) == 1
    assert sent[0].headers["authorization"] == f"Bearer {KEY}"
    assert sent[0].headers["content-type"] == "application/json"
    assert "x-title" not in sent[0].headers
    body = sent[0].json()
    assert body["model"] == "llama-3.3-70b-versatile"
    assert body["messages"] == [dict(m) for m in request.messages]
    assert body["temperature"] == request.temperature
    assert body["max_tokens"] == request.max_tokens and "max_completion_tokens" not in body
    assert body["seed"] == 7
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "comic_plan", "schema": request.schema, "strict": False},
    }
    assert result.data == PLAN
    assert result.model == "llama-3.3-70b-versatile-0125"
    assert result.usage == {"input_tokens": 412, "output_tokens": 96}


def test_openai_itself_gets_max_completion_tokens_and_its_default_model(server, backend_for):
    server.on("POST", ROUTE, completion(json.dumps(PLAN)))
    backend = backend_for("openai")

    backend.complete_json(plan_request(max_tokens=1500))

    body = server.calls()[0].json()
    assert backend.model == body["model"] == "gpt-4o-mini"
    assert body["max_completion_tokens"] == 1500 and "max_tokens" not in body
    assert "seed" not in body  # the request set none


def test_openrouter_names_the_app_and_uses_its_default_model(server, backend_for):
    server.on("POST", ROUTE, completion(json.dumps(PLAN)))
    backend_for("openrouter").complete_json(plan_request())
    sent = server.calls()[0]
    assert sent.headers["x-title"] == "Panelcraft"
    assert sent.json()["model"] == "openai/gpt-4o-mini"


def test_a_self_hosted_server_without_a_key_gets_no_authorization_header(server, backend_for):
    server.on("POST", ROUTE, completion(json.dumps(PLAN)))
    backend_for("openai_compatible", api_key="", model="llama3.1:8b").complete_json(plan_request())
    sent = server.calls()[0]
    assert "authorization" not in sent.headers
    assert sent.json()["model"] == "llama3.1:8b"


def test_a_self_hosted_server_needs_a_model_name(backend_for):
    with pytest.raises(BackendError, match="needs a model name"):
        backend_for("openai_compatible", model="")


def test_the_schema_name_is_made_acceptable_to_openai(server, backend_for):
    server.on("POST", ROUTE, completion(json.dumps(PLAN)))
    request = TextRequest(messages=plan_request().messages, schema={"type": "object"}, schema_name="comic plan/v2 " * 8)
    backend_for().complete_json(request)
    name = server.calls()[0].json()["response_format"]["json_schema"]["name"]
    assert len(name) == 64
    assert name.startswith("comic_plan_v2_comic_plan_v2")


def test_temperature_is_kept_within_what_the_api_accepts(server, backend_for):
    server.on("POST", ROUTE, completion(json.dumps(PLAN)))
    backend_for().complete_json(plan_request(temperature=3.5))
    assert server.calls()[0].json()["temperature"] == 2.0


@pytest.mark.parametrize("slug", SLUGS)
def test_every_chat_provider_is_registered_for_text(server, slug):
    config = ProviderConfig(provider=slug, base_url=server.url + "/v1", model="some-model", allowed_hosts="127.0.0.1")
    backend = registry.text_backend(slug, config=config)
    assert isinstance(backend, OpenAIChat)
    assert backend.name == slug


# --- Hugging Face URLs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://router.huggingface.co", "https://router.huggingface.co/v1/chat/completions"),
        ("https://router.huggingface.co/", "https://router.huggingface.co/v1/chat/completions"),
        ("https://router.huggingface.co/v1", "https://router.huggingface.co/v1/chat/completions"),
        (
            "https://x1y2.us-east-1.aws.endpoints.huggingface.cloud",
            "https://x1y2.us-east-1.aws.endpoints.huggingface.cloud/v1/chat/completions",
        ),
        (
            "https://x1y2.us-east-1.aws.endpoints.huggingface.cloud/v1/",
            "https://x1y2.us-east-1.aws.endpoints.huggingface.cloud/v1/chat/completions",
        ),
    ],
)
def test_hugging_face_chat_goes_under_v1_of_the_router_or_the_endpoint(base_url, expected):
    assert chat_url(ProviderConfig(provider="huggingface", base_url=base_url)) == expected


def test_other_providers_use_their_base_url_as_given():
    config = ProviderConfig(provider="groq", base_url="https://api.groq.com/openai/v1")
    assert chat_url(config) == "https://api.groq.com/openai/v1/chat/completions"


@pytest.mark.parametrize("path", ["", "/v1"])
def test_a_hugging_face_endpoint_is_called_once_under_v1_with_the_default_model(server, backend_for, path):
    server.on("POST", ROUTE, completion(json.dumps(PLAN)))
    backend_for("huggingface", path=path).complete_json(plan_request())
    assert [r.route for r in server.calls()] == [ROUTE]
    assert server.calls()[0].json()["model"] == "meta-llama/Llama-3.1-8B-Instruct"


# --- JSON mode when the schema is refused ---------------------------------------------------


REFUSED_SCHEMA = Reply.json(
    {
        "error": {
            "message": "response_format json_schema is not supported with this model",
            "type": "invalid_request_error",
            "param": "response_format",
        }
    },
    400,
)


def test_a_refused_schema_is_asked_again_in_json_mode_and_later_calls_go_straight_there(server, backend_for):
    server.on("POST", ROUTE, REFUSED_SCHEMA, completion(json.dumps(PLAN)))
    backend = backend_for("openai_compatible", model="qwen2.5:7b")
    request = plan_request()

    first = backend.complete_json(request)
    second = backend.complete_json(request)

    assert first.data == second.data == PLAN
    bodies = [r.json() for r in server.calls()]
    assert len(bodies) == 3
    assert bodies[0]["response_format"]["type"] == "json_schema"
    assert bodies[1]["response_format"] == bodies[2]["response_format"] == {"type": "json_object"}
    system, instructions, user = bodies[1]["messages"]
    assert system == dict(request.messages[0]) and user == dict(request.messages[1])
    assert instructions["role"] == "system"
    assert "only one JSON object" in instructions["content"]
    assert "schema named comic_plan" in instructions["content"]
    assert json.dumps(request.schema) in instructions["content"]


def test_a_tgi_endpoint_gets_the_schema_with_its_json_mode(server, backend_for):
    # TGI's own answer to a response format it cannot read.
    unreadable = Reply(
        422, b"Failed to deserialize the JSON body into the target type: response_format: missing field `value`"
    )
    server.on("POST", ROUTE, unreadable, completion(json.dumps(PLAN)))
    request = plan_request()

    assert backend_for("huggingface", path="").complete_json(request).data == PLAN

    assert server.calls()[1].json()["response_format"] == {"type": "json_object", "value": request.schema}


def test_a_bad_request_for_another_reason_is_not_retried_in_json_mode(server, backend_for):
    too_long = Reply.json({"error": {"message": "This model's maximum context length is 8192 tokens."}}, 400)
    server.on("POST", ROUTE, too_long, completion(json.dumps(PLAN)))
    with pytest.raises(ProviderRejected, match=r"Groq refused the request \(400\)"):
        backend_for().complete_json(plan_request())
    assert len(server.calls()) == 1


def test_json_mode_is_remembered_across_threads_sharing_the_backend(server, backend_for):
    def answer(received):
        asked = received.json()["response_format"]["type"]
        return REFUSED_SCHEMA if asked == "json_schema" else completion(json.dumps(PLAN))

    server.on("POST", ROUTE, answer)
    backend = backend_for("openai_compatible", model="qwen2.5:7b")

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: backend.complete_json(plan_request()), range(6)))
    asked_before = len(server.calls())
    backend.complete_json(plan_request())

    assert all(result.data == PLAN for result in results)
    assert len(server.calls()) == asked_before + 1


# --- reading the answer --------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "```json\n{document}\n```",
        "```\n{document}\n```",
        "Here is the plan you asked for:\n\n{document}\n\nI hope you like it!",
        "Sure! ```json\n{document}\n``` Let me know if you want changes.",
        "<think>The user wants a plan {{maybe}}.</think>\n{document}",
    ],
)
def test_fences_and_prose_around_the_json_are_stripped(server, backend_for, content):
    server.on("POST", ROUTE, completion(content.format(document=json.dumps(PLAN, indent=2))))
    assert backend_for().complete_json(plan_request()).data == PLAN


def test_an_answer_that_is_not_json_is_malformed_output_keeping_the_text(server, backend_for):
    text = "Once upon a time there was a shy dragon."
    server.on("POST", ROUTE, completion(text))
    with pytest.raises(MalformedOutput, match="Groq's answer is not JSON") as caught:
        backend_for().complete_json(plan_request())
    assert caught.value.raw == text


def test_an_answer_cut_off_at_the_token_limit_says_so(server, backend_for):
    cut = json.dumps(PLAN)[:30]
    server.on("POST", ROUTE, completion(cut, finish="length"))
    with pytest.raises(MalformedOutput, match="cut off at 900 tokens") as caught:
        backend_for().complete_json(plan_request(max_tokens=900))
    assert caught.value.raw == cut


def test_a_refusal_is_explained_in_plain_words(server, backend_for):
    server.on("POST", ROUTE, completion(None, refusal="I can't help with that request."))
    with pytest.raises(BackendError, match=r"Groq declined to write the story plan: I can't help with that request\."):
        backend_for().complete_json(plan_request())


def test_a_content_filter_stop_is_a_refusal_of_the_page(server, backend_for):
    server.on("POST", ROUTE, completion("", finish="content_filter"))
    plan = script.Plan("Ember's Tea Shop", (script.CastMember("Ember", "a green dragon"),), "a shop", ["a", "b"])
    with pytest.raises(BackendError, match="Groq declined to write this page: its content filter") as caught:
        backend_for().complete_json(page_request(plan))
    assert not isinstance(caught.value, MalformedOutput)


def test_an_empty_answer_is_a_failure_not_a_repair(server, backend_for):
    server.on("POST", ROUTE, completion("   "))
    with pytest.raises(BackendError, match="Groq returned an empty answer for the story plan") as caught:
        backend_for().complete_json(plan_request())
    assert not isinstance(caught.value, MalformedOutput)


def test_without_usage_or_model_in_the_answer_the_configured_model_is_reported(server, backend_for):
    answer = {"choices": [{"message": {"role": "assistant", "content": json.dumps(PLAN)}, "finish_reason": "stop"}]}
    server.on("POST", ROUTE, Reply.json(answer))
    result = backend_for("openai_compatible", model="mistral-nemo").complete_json(plan_request())
    assert result.model == "mistral-nemo"
    assert result.usage == {}


def test_an_answer_without_choices_is_a_bad_response(server, backend_for):
    server.on("POST", ROUTE, Reply.json({"object": "chat.completion", "choices": []}))
    with pytest.raises(BadResponse, match="Groq answered without a message"):
        backend_for().complete_json(plan_request())


# --- failures -------------------------------------------------------------------------------


def test_a_wrong_key_is_reported_with_the_settings_page(server, backend_for):
    server.on("POST", ROUTE, Reply.json({"error": {"message": f"Incorrect API key provided: {KEY}"}}, 401))
    with pytest.raises(ProviderAuthError, match=r"Groq rejected the API key \(401\)\. Check it on your settings page"):
        backend_for().complete_json(plan_request())
    assert len(server.calls()) == 1


def test_a_rate_limit_is_waited_out_as_asked_then_succeeds(server, backend_for, sleeps):
    server.on("POST", ROUTE, Reply.json({"error": {}}, 429, headers={"Retry-After": "1"}), completion(json.dumps(PLAN)))
    assert backend_for().complete_json(plan_request()).data == PLAN
    assert len(server.calls()) == 2
    assert len(sleeps) == 1 and 1.0 <= sleeps[0] <= 1.1


def test_a_server_error_is_retried_then_succeeds(server, backend_for):
    server.on("POST", ROUTE, Reply.json({"error": {"message": "boom"}}, 500), completion(json.dumps(PLAN)))
    assert backend_for().complete_json(plan_request()).data == PLAN
    assert len(server.calls()) == 2


def test_a_server_that_does_not_answer_in_time_times_out(server, backend_for):
    server.on("POST", ROUTE, Reply(delay=2.0))
    backend = backend_for(
        timeouts=Timeouts(connect=1, read=0.2), retry=RetryPolicy(attempts=2, base_delay=0.01, jitter=0)
    )
    started = time.monotonic()
    with pytest.raises(ProviderTimeout, match=r"Groq did not answer within 0\.2 s \(2 tries\)"):
        backend.complete_json(plan_request())
    assert time.monotonic() - started < 1.5


def test_an_answer_that_is_not_json_at_all_is_a_bad_response(server, backend_for):
    server.on("POST", ROUTE, Reply(200, b"<html>Bad gateway</html>", {"Content-Type": "text/html"}))
    with pytest.raises(BadResponse, match="Groq answered with something that is not valid JSON"):
        backend_for().complete_json(plan_request())


def test_an_oversized_answer_is_not_read(server, backend_for):
    server.on("POST", ROUTE, completion(json.dumps({**PLAN, "cover_scene": "x" * 5000})))
    with pytest.raises(ResponseTooLarge):
        backend_for(max_bytes=1024).complete_json(plan_request())


def test_a_cancelled_job_sends_nothing(server, backend_for):
    server.on("POST", ROUTE, completion(json.dumps(PLAN)))
    stop = threading.Event()
    stop.set()
    with pytest.raises(ProviderCancelled):
        backend_for(stop=stop).complete_json(plan_request())
    assert server.calls() == []


def test_a_job_cancelled_while_waiting_to_retry_stops_at_once(server, backend_for):
    stopped = threading.Event()
    server.on("POST", ROUTE, Reply.json({"error": {}}, 429, headers={"Retry-After": "30"}))

    def sleep(seconds: float) -> None:
        stopped.set()  # the job is cancelled during the first wait

    backend = backend_for(stop=stopped, sleep=sleep, retry=RetryPolicy(attempts=3, max_delay=60))
    started = time.monotonic()
    with pytest.raises(ProviderCancelled):
        backend.complete_json(plan_request())
    assert time.monotonic() - started < 0.5
    assert len(server.calls()) == 1


@pytest.mark.parametrize(
    "answer",
    [
        Reply.json({"error": {"message": f"bad key {KEY}"}}, 401),
        Reply.json({"error": {"message": f"no model for {KEY}"}}, 404),
        Reply.json({"error": {"message": KEY}}, 503),
        completion(None, refusal=f"I won't repeat {KEY}."),
        completion(f"not json {KEY}"),
    ],
)
def test_the_key_is_in_no_error_message(server, backend_for, answer):
    server.on("POST", ROUTE, answer)
    with pytest.raises(BackendError) as caught:
        backend_for().complete_json(plan_request())
    assert KEY not in str(caught.value)
    assert KEY not in repr(caught.value.args)


def test_the_backend_repr_shows_no_key(backend_for):
    assert KEY not in repr(backend_for())


# --- the reusable fake ------------------------------------------------------------------------


def fake_backend(fake: OpenAIChatFake, provider: str = "groq", key: str = KEY, **options) -> OpenAIChat:
    # timeouts=None: the backend's own text timeouts, as in production.
    return OpenAIChat(
        fake_provider_config(
            fake.url, provider=provider, api_key=key, retry=FAST_RETRY_DEFAULT_CAPS, timeouts=None, **options
        )
    )


@pytest.mark.parametrize("structured", [True, False])
def test_the_fake_writes_a_plan_and_page_the_pipeline_accepts(structured):
    with OpenAIChatFake(api_key=KEY, structured=structured) as fake:
        backend = fake_backend(fake)
        plan_result = backend.complete_json(plan_request(pages=3, seed=5))
        plan = script.validate_plan(plan_result.data, pages=3)
        panels = script.validate_page(backend.complete_json(page_request(plan)).data, panels=4, kind="comic")

    assert len(plan.beats) == 3 and plan.cast
    assert len(panels) == 4 and all(panel.scene for panel in panels)
    assert fake.written == ["comic_plan", "comic_page"]
    formats = [r.json()["response_format"]["type"] for r in fake.requests]
    assert formats == (["json_schema", "json_schema"] if structured else ["json_schema", "json_object", "json_object"])
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in fake.requests)
    answered = fake.requests[0 if structured else 1].json()
    prompt = "".join(m["content"] for m in answered["messages"])
    assert plan_result.model == "llama-3.3-70b-versatile"
    assert plan_result.usage["input_tokens"] == pytest.approx(len(prompt) / 4, rel=0.05)
    assert plan_result.usage["output_tokens"] > 10


def test_the_fake_answers_like_the_built_in_storyteller_for_the_same_seed():
    from renderers.builtin import BuiltinStoryteller

    with OpenAIChatFake() as fake:
        result = fake_backend(fake, provider="openai_compatible", key="", model="llama3.1:8b").complete_json(
            plan_request(seed=42)
        )
    assert result.data == BuiltinStoryteller().complete_json(plan_request(seed=42)).data


def test_the_chatty_fake_wraps_answers_in_prose_and_the_backend_still_reads_them():
    with OpenAIChatFake(chatty=True) as fake:
        result = fake_backend(fake).complete_json(plan_request(pages=2))
        body = {"model": "m", "messages": [dict(m) for m in plan_request(pages=2).messages]}
        raw = httpx.post(fake.url + "/chat/completions", json=body).json()["choices"][0]["message"]["content"]
    assert raw.startswith("Here is the JSON") and "```json" in raw
    assert script.validate_plan(result.data, pages=2).beats


def test_the_fake_refuses_a_wrong_key():
    with OpenAIChatFake(api_key=KEY) as fake, pytest.raises(ProviderAuthError, match="Groq rejected the API key"):
        fake_backend(fake, key="sk-test-wrong").complete_json(plan_request())


def test_the_fake_fails_first_as_told_and_the_backend_retries():
    with OpenAIChatFake() as fake:
        fake.fail_first(503, times=2, headers={"Retry-After": "0"})
        result = fake_backend(fake).complete_json(plan_request())
    assert len(fake.requests) == 3
    assert script.validate_plan(result.data, pages=3).title


def test_the_fake_serves_the_hugging_face_router_route():
    with OpenAIChatFake() as fake:
        backend = OpenAIChat(ProviderConfig(provider="huggingface", base_url=fake.root, allowed_hosts="127.0.0.1"))
        result = backend.complete_json(plan_request())
    assert result.model == "meta-llama/Llama-3.1-8B-Instruct"
    assert [r.route for r in fake.requests] == [ROUTE]
