"""Chat servers on 127.0.0.1 that write with the built-in storyteller, in OpenAI's and Anthropic's wire formats.

End-to-end tests point a real provider backend at one of these and make a
whole comic through the real pipeline:

    with OpenAIChatFake(api_key="sk-test-1") as fake:
        config = ProviderConfig(provider="groq", base_url=fake.url, api_key="sk-test-1", allowed_hosts="127.0.0.1")
        ...
        assert fake.requests[0].headers["authorization"] == "Bearer sk-test-1"

Each fake reads a request the way the service does (a wrong key gets 401,
a malformed conversation gets 400), finds which schema is asked for (the
``json_schema`` name, the "schema named ..." instruction that JSON mode
adds, or the shape of the schema itself), hands the messages to
``BuiltinStoryteller`` and wraps its JSON as the service would: a string in
``choices[0].message.content``, or a text block. ``structured=False`` makes
a server that refuses structured output with a 400, as older or smaller
servers do; ``fail_first`` scripts outages; ``chatty=True`` wraps answers in
a sentence and a code fence, as some models do in JSON mode.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from typing import Any

from renderers.base import MalformedOutput, TextRequest
from renderers.builtin import BuiltinStoryteller
from renderers.builtin.storyteller.brief import find_brief
from tests.fake_http import FakeServer, Received, Reply

__all__ = ["AnthropicFake", "OpenAIChatFake"]

_SCHEMA_NAMED = re.compile(r"schema named ([A-Za-z0-9_-]+)")
# What a model says when it cannot tell what it is asked to write.
_LOST = "I'm sorry, I can't tell what you would like me to write."


def _estimated_tokens(text: str) -> int:
    """About four characters a token, the usual rule of thumb for English."""
    return max(1, len(text) // 4)


def _schema_name(named: str, messages: list[dict[str, str]], schema: Any) -> str:
    """Which document is asked for: named outright, in the instructions, by the schema's fields, or by the brief."""
    if named:
        return named
    for message in messages:
        if found := _SCHEMA_NAMED.search(message.get("content") or ""):
            return found.group(1)
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if isinstance(properties, dict):
        if "beats" in properties:
            return "comic_plan"
        if "panels" in properties:
            return "comic_page"
    brief = find_brief(messages) or {}
    return f"comic_{brief['task']}" if brief.get("task") in ("plan", "page") else ""


class _ChatFake:
    """What both fakes share: the server, the key check, scripted failures and the storyteller."""

    path = ""

    def __init__(self, *, api_key: str = "", structured: bool = True, chatty: bool = False):
        self.api_key = api_key
        self.structured = structured
        self.chatty = chatty
        self.server = FakeServer()
        #: Schema names of the documents written, in order.
        self.written: list[str] = []
        self._failures: list[Reply] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.server.on("POST", self.path, self._answer)

    def __enter__(self):
        self.server.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.__exit__(*exc_info)

    @property
    def root(self) -> str:
        """The server's address, without the API version."""
        return self.server.url

    @property
    def url(self) -> str:
        """The base URL to configure (the API version included, as the real services' base URLs are)."""
        return self.server.url + "/v1"

    @property
    def requests(self) -> list[Received]:
        """Every request to the chat route, failed ones included."""
        return self.server.calls("POST", self.path)

    def fail_first(self, status: int, times: int = 1, headers: dict[str, str] | None = None) -> None:
        """Answer the next ``times`` requests with ``status`` (and ``headers``, e.g. Retry-After)."""
        with self._lock:
            self._failures.extend([Reply.json(self._error_body(status), status, headers=headers)] * times)

    def _answer(self, received: Received) -> Reply:
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
        if failure is not None:
            return failure
        try:
            body = received.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return self._refuse(400, "the body is not a JSON object")
        return self._respond(received, body)

    def _write(self, messages: list[dict[str, str]], schema: Any, schema_name: str, seed: Any) -> str:
        request = TextRequest(
            messages=tuple(messages),
            schema=schema if isinstance(schema, dict) else {},
            schema_name=schema_name,
            seed=seed if isinstance(seed, int) else None,
        )
        try:
            data = BuiltinStoryteller().complete_json(request).data
        except MalformedOutput:
            return _LOST
        with self._lock:
            self.written.append(schema_name)
        text = json.dumps(data, ensure_ascii=False)
        return f"Here is the JSON you asked for:\n```json\n{text}\n```\nI hope it works!" if self.chatty else text

    def _next_id(self) -> int:
        with self._lock:
            return next(self._ids)

    def _respond(self, received: Received, body: dict[str, Any]) -> Reply:
        raise NotImplementedError

    def _error_body(self, status: int, message: str = "") -> dict[str, Any]:
        raise NotImplementedError

    def _refuse(self, status: int, message: str) -> Reply:
        return Reply.json(self._error_body(status, message), status)


class OpenAIChatFake(_ChatFake):
    """Chat completions at ``/v1/chat/completions`` (OpenAI, Groq, OpenRouter, the HF router, TGI, Ollama)."""

    path = "/v1/chat/completions"

    def _error_body(self, status: int, message: str = "") -> dict[str, Any]:
        kind = {401: "invalid_request_error", 429: "rate_limit_exceeded"}.get(status, "server_error")
        if 400 <= status < 500 and status not in (401, 429):
            kind = "invalid_request_error"
        return {"error": {"message": message or f"The server answered {status}.", "type": kind, "param": None}}

    def _respond(self, received: Received, body: dict[str, Any]) -> Reply:
        if self.api_key and received.headers.get("authorization") != f"Bearer {self.api_key}":
            return Reply.json(
                {
                    "error": {
                        "message": "Incorrect API key provided.",
                        "type": "invalid_request_error",
                        "param": None,
                        "code": "invalid_api_key",
                    }
                },
                401,
            )
        model, messages = body.get("model"), body.get("messages")
        if not isinstance(model, str) or not model:
            return self._refuse(400, "you must provide a model parameter")
        if not isinstance(messages, list) or not messages:
            return self._refuse(400, "'messages' must be a non-empty array")
        messages = [m for m in messages if isinstance(m, dict) and isinstance(m.get("content"), str)]
        texts = [m["content"] for m in messages]
        response_format = body.get("response_format") or {}
        kind = response_format.get("type") if isinstance(response_format, dict) else None
        named, schema = "", None
        if kind == "json_schema":
            if not self.structured:
                return self._refuse(400, "response_format of type json_schema is not supported by this server")
            spec = response_format.get("json_schema") or {}
            named, schema = spec.get("name") or "", spec.get("schema")
        elif kind == "json_object" and not any("json" in text.lower() for text in texts):
            return self._refuse(
                400,
                "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
            )
        content = self._write(messages, schema, _schema_name(named, messages, schema), body.get("seed"))
        prompt_tokens = _estimated_tokens("".join(texts))
        completion_tokens = _estimated_tokens(content)
        return Reply.json(
            {
                "id": f"chatcmpl-fake{self._next_id()}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content, "refusal": None},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            }
        )


class AnthropicFake(_ChatFake):
    """Anthropic's Messages API at ``/v1/messages``; ``structured=False`` refuses ``output_config``."""

    path = "/v1/messages"

    def _error_body(self, status: int, message: str = "") -> dict[str, Any]:
        kind = {
            400: "invalid_request_error",
            401: "authentication_error",
            403: "permission_error",
            404: "not_found_error",
            429: "rate_limit_error",
            529: "overloaded_error",
        }.get(status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": message or f"The server answered {status}."}}

    def _respond(self, received: Received, body: dict[str, Any]) -> Reply:
        if not received.headers.get("anthropic-version"):
            return self._refuse(400, "anthropic-version: header is required")
        if self.api_key and received.headers.get("x-api-key") != self.api_key:
            return self._refuse(401, "invalid x-api-key")
        problem = _conversation_problem(body)
        if problem:
            return self._refuse(400, problem)
        if "output_config" in body and not self.structured:
            return self._refuse(400, "output_config: Extra inputs are not permitted")
        system = body.get("system") or ""
        system = (
            system if isinstance(system, str) else "".join(b.get("text", "") for b in system if isinstance(b, dict))
        )
        messages = [{"role": "system", "content": system}] if system else []
        messages += [{"role": m["role"], "content": _flat(m["content"])} for m in body["messages"]]
        schema = ((body.get("output_config") or {}).get("format") or {}).get("schema")
        texts = [m["content"] for m in messages]
        text = self._write(messages, schema, _schema_name("", messages, schema), None)
        return Reply.json(
            {
                "id": f"msg_fake{self._next_id()}",
                "type": "message",
                "role": "assistant",
                "model": body["model"],
                "content": [{"type": "text", "text": text}],
                "stop_reason": "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": _estimated_tokens("".join(texts)), "output_tokens": _estimated_tokens(text)},
            }
        )


def _flat(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "".join(b.get("text", "") for b in content if isinstance(b, dict) and b.get("type") == "text")


def _conversation_problem(body: dict[str, Any]) -> str:
    """What the Messages API would say is wrong with the request, or ""."""
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "model: Field required"
    if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
        return "max_tokens: Field required"
    temperature = body.get("temperature", 1.0)
    if not isinstance(temperature, int | float) or not 0 <= temperature <= 1:
        return "temperature: Input should be less than or equal to 1"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "messages: at least one message is required"
    for index, message in enumerate(messages):
        role = message.get("role") if isinstance(message, dict) else None
        if role not in ("user", "assistant"):
            return f"messages.{index}.role: Input should be 'user' or 'assistant'"
        if not isinstance(message.get("content"), str | list) or not _flat(message["content"]).strip():
            return f"messages.{index}: text content blocks must be non-empty"
        if index == 0 and role != "user":
            return 'messages: first message must use the "user" role'
        if index and messages[index - 1].get("role") == role:
            return 'messages: roles must alternate between "user" and "assistant"'
    return ""
