"""Text from Anthropic's Messages API.

The Messages API differs from chat completions in shape, not in spirit:
system text is a top-level field, the conversation must alternate user and
assistant turns starting with the user, ``max_tokens`` is required and
temperature runs from 0 to 1. The answer is asked for with a JSON schema
(``output_config``); a model or API version that refuses that (a 400 naming
it) is asked again with the schema written into the system prompt, and the
backend remembers the refusal for every later call.
"""

from __future__ import annotations

import threading
from typing import Any

from renderers import registry
from renderers.base import BackendError, TextRequest, TextResult
from renderers.net import BadResponse, ProviderRejected

from .config import TEXT_TIMEOUTS, ProviderConfig
from .openai_chat import declined, json_instructions, read_answer, rejects_format

__all__ = ["ANTHROPIC_VERSION", "DEFAULT_MODEL", "AnthropicMessages", "shape_messages"]

ANTHROPIC_VERSION = "2023-06-01"
DEFAULT_MODEL = "claude-3-5-haiku-latest"

# The API refuses a conversation that opens with the assistant (or has no turn at all).
_OPENING_TURN = "Begin."
_CUT_OFF = ("max_tokens", "model_context_window_exceeded")


def shape_messages(messages: Any) -> tuple[str, list[dict[str, str]]]:
    """Chat messages as the Messages API takes them: the system text, and alternating turns.

    System messages are joined into one text; consecutive messages of the
    same role are joined into one turn (the API rejects two in a row); empty
    messages are left out (the API rejects empty text).
    """
    system: list[str] = []
    turns: list[dict[str, str]] = []
    for message in messages:
        content = message.get("content") or ""
        if not content.strip():
            continue
        if message.get("role") == "system":
            system.append(content)
            continue
        role = "assistant" if message.get("role") == "assistant" else "user"
        if turns and turns[-1]["role"] == role:
            turns[-1]["content"] += "\n\n" + content
        else:
            turns.append({"role": role, "content": content})
    if not turns or turns[0]["role"] != "user":
        turns.insert(0, {"role": "user", "content": _OPENING_TURN})
    if turns[-1]["role"] == "assistant":
        # A closing assistant turn is continued by the model, and may not end in whitespace.
        turns[-1]["content"] = turns[-1]["content"].rstrip()
    return "\n\n".join(system), turns


class AnthropicMessages:
    """A text backend over Anthropic's Messages API, for one account.

    Retries follow the client's policy, which includes 529 (Anthropic's
    "overloaded"): an overloaded or failed call wrote no answer.
    """

    def __init__(self, config: ProviderConfig):
        self.config = config
        self.name = config.provider
        self.display_name = config.display_name
        self.model = config.model or DEFAULT_MODEL
        if not config.base_url:
            raise BackendError(f"{self.display_name} has no base URL. Set it on your settings page.")
        self.url = config.url("messages")
        self._format_refused = threading.Event()
        headers = {"anthropic-version": ANTHROPIC_VERSION}
        if config.api_key:
            headers["x-api-key"] = config.api_key
        self._client = config.client(headers, timeouts=TEXT_TIMEOUTS)

    def __repr__(self) -> str:
        return f"<AnthropicMessages {self.model}>"

    def complete_json(self, request: TextRequest) -> TextResult:
        if not self._format_refused.is_set():
            try:
                return self._ask(request, structured=True)
            except ProviderRejected as exc:
                if not rejects_format(exc, "output_config", "output_format", "structured output"):
                    raise
            self._format_refused.set()
        return self._ask(request, structured=False)

    def _ask(self, request: TextRequest, *, structured: bool) -> TextResult:
        answer = self._client.post_json(self.url, self._body(request, structured=structured), stop=self.config.stop)
        return self._result(answer, request)

    def _body(self, request: TextRequest, *, structured: bool) -> dict[str, Any]:
        system, turns = shape_messages(request.messages)
        body: dict[str, Any] = {
            "model": self.model,
            "max_tokens": request.max_tokens,
            "messages": turns,
            "temperature": min(max(request.temperature, 0.0), 1.0),
        }
        if structured:
            body["output_config"] = {"format": {"type": "json_schema", "schema": request.schema}}
        else:
            instructions = json_instructions(request.schema_name, request.schema)
            system = f"{system}\n\n{instructions}" if system else instructions
        if system:
            body["system"] = system
        return body

    def _result(self, answer: Any, request: TextRequest) -> TextResult:
        blocks = answer.get("content") if isinstance(answer, dict) else None
        if not isinstance(blocks, list):
            raise BadResponse(f"{self.display_name} answered without a message.", provider=self.display_name)
        text = "".join(
            block["text"]
            for block in blocks
            if isinstance(block, dict) and block.get("type") == "text" and isinstance(block.get("text"), str)
        )
        stop_reason = answer.get("stop_reason")
        if stop_reason == "refusal":
            reason = text if text.strip() else "it stopped the answer for safety reasons."
            raise declined(self.display_name, request.schema_name, reason, self.config.api_key)
        data = read_answer(self.display_name, text, request, cut_off=stop_reason in _CUT_OFF)
        model = answer.get("model")
        return TextResult(
            data=data, model=model if isinstance(model, str) and model else self.model, usage=_usage(answer)
        )


def _usage(answer: dict[str, Any]) -> dict[str, int]:
    """Tokens read and written. Cached prompt tokens are counted apart by Anthropic; they are input too."""
    usage = answer.get("usage")
    if not isinstance(usage, dict):
        return {}

    def count(key: str) -> int | None:
        value = usage.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    result: dict[str, int] = {}
    read = [count(key) for key in ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")]
    if read[0] is not None:
        result["input_tokens"] = sum(value for value in read if value is not None)
    written = count("output_tokens")
    if written is not None:
        result["output_tokens"] = written
    return result


registry.register("text", "anthropic", AnthropicMessages)
