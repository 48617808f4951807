"""Text from any server that speaks OpenAI chat completions.

OpenAI itself, Groq, OpenRouter, the Hugging Face router, a Hugging Face
Inference Endpoint (a TGI server) and self-hosted servers (Ollama, vLLM,
LM Studio) all take the same request at ``.../chat/completions``. The answer
is asked for as JSON following the request's schema (``response_format``
``json_schema``). A server that refuses that format (a 400 naming it) is
asked again in JSON mode with the schema written into the messages, and the
backend remembers the refusal so every later call goes straight to JSON mode.

The helpers that read a model's JSON answer and write the JSON instructions
are shared with the other text providers.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any
from urllib.parse import urlsplit

from renderers import registry
from renderers.base import BackendError, MalformedOutput, TextRequest, TextResult
from renderers.net import BadResponse, ProviderRejected

from .config import TEXT_TIMEOUTS, ProviderConfig

__all__ = [
    "DEFAULT_MODELS",
    "SLUGS",
    "OpenAIChat",
    "chat_url",
    "declined",
    "is_hf_router",
    "json_instructions",
    "parse_json_answer",
    "read_answer",
    "rejects_format",
    "schema_label",
    "what_is_written",
]

#: The provider slugs this module serves, each a server speaking chat completions.
SLUGS = ("openai", "openai_compatible", "groq", "openrouter", "huggingface")

#: The model used when the configuration names none; a self-hosted server has no default.
DEFAULT_MODELS = {
    "openai": "gpt-4o-mini",
    "groq": "llama-3.3-70b-versatile",
    "openrouter": "openai/gpt-4o-mini",
    "huggingface": "meta-llama/Llama-3.1-8B-Instruct",
}

HF_ROUTER_HOST = "router.huggingface.co"

# Reasoning models served by Ollama or vLLM may think out loud before answering.
_THINKING = re.compile(r"^\s*<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCED = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\r?\n?(.*?)```", re.DOTALL)
_NOT_A_LABEL = re.compile(r"[^A-Za-z0-9_-]")
# Prose around an answer holds few braces; a page of them is not worth searching.
_MAX_OBJECT_STARTS = 32
_REFUSAL_LIMIT = 300


def schema_label(name: str) -> str:
    """``name`` as OpenAI accepts a schema name: only ``[A-Za-z0-9_-]``, at most 64 characters."""
    return _NOT_A_LABEL.sub("_", name)[:64] or "answer"


def json_instructions(schema_name: str, schema: dict[str, Any]) -> str:
    """What to tell a model that cannot be held to a schema by the server."""
    return (
        f"Answer with only one JSON object that follows the JSON schema named {schema_label(schema_name)}, "
        "with no prose and no code fences around it. The schema:\n" + json.dumps(schema, ensure_ascii=False)
    )


def parse_json_answer(text: str) -> Any:
    """The JSON document in a model's answer; raises ValueError when there is none.

    Models held to JSON mostly answer with the bare document, but some wrap
    it in a code fence or say a sentence before or after it: a fenced block,
    then the first complete object in the text, is taken instead.
    """
    cleaned = _THINKING.sub("", text).strip()
    for candidate in (cleaned, *_FENCED.findall(cleaned)):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    decoder = json.JSONDecoder()
    start = cleaned.find("{")
    for _ in range(_MAX_OBJECT_STARTS):
        if start < 0:
            break
        try:
            found, _end = decoder.raw_decode(cleaned, start)
        except ValueError:
            found = None
        if isinstance(found, dict):
            return found
        start = cleaned.find("{", start + 1)
    raise ValueError("no JSON object in the answer")


def what_is_written(schema_name: str) -> str:
    """The piece of the comic a request writes, for messages."""
    return {"comic_plan": "the story plan", "comic_page": "this page"}.get(schema_name, "this answer")


def declined(provider: str, schema_name: str, reason: str, api_key: str = "") -> BackendError:
    """The error for a model that would not write the answer; the provider's reason is quoted, shortened."""
    reason = " ".join(reason.split())
    if api_key:
        reason = reason.replace(api_key, "[redacted]")
    if len(reason) > _REFUSAL_LIMIT:
        reason = reason[: _REFUSAL_LIMIT - 1].rstrip() + "…"
    return BackendError(f"{provider} declined to write {what_is_written(schema_name)}: {reason}")


def read_answer(provider: str, text: str, request: TextRequest, *, cut_off: bool) -> Any:
    """The JSON document in a model's answer text, or the error that says why there is none.

    An unreadable answer is MalformedOutput (with the text kept for the
    repair request); an empty one is a plain failure, as repeating the
    request to a model that said nothing rarely helps.
    """
    if not text.strip():
        if cut_off:
            raise MalformedOutput(f"{provider}'s answer was cut off at {request.max_tokens} tokens before any JSON")
        raise BackendError(f"{provider} returned an empty answer for {what_is_written(request.schema_name)}.")
    try:
        return parse_json_answer(text)
    except ValueError:
        pass
    if cut_off:
        problem = f"{provider}'s answer was cut off at {request.max_tokens} tokens before its JSON was complete"
    else:
        problem = f"{provider}'s answer is not JSON"
    raise MalformedOutput(problem, raw=text)


def rejects_format(error: ProviderRejected, *names: str) -> bool:
    """Whether a refused request was refused for asking for structured output.

    400 is the usual status; TGI answers 422 when its JSON body reader meets
    a response format it does not know.
    """
    if error.status not in (400, 422):
        return False
    body = error.body.decode("utf-8", errors="replace").lower()
    return any(phrase in body for phrase in (*names, "not supported", "unsupported", "does not support"))


def chat_url(config: ProviderConfig) -> str:
    """Where chat completions are posted for this configuration.

    OpenAI-style base URLs already end in the API version (``.../v1``).
    Hugging Face URLs usually do not: the router serves the OpenAI protocol
    under ``/v1``, and so does a TGI server behind an Inference Endpoint.
    """
    base = config.base_url.rstrip("/")
    if config.provider == "huggingface" and not base.endswith("/v1"):
        base += "/v1"
    return base + "/chat/completions"


def is_hf_router(base_url: str) -> bool:
    return (urlsplit(base_url).hostname or "").lower() == HF_ROUTER_HOST


class OpenAIChat:
    """A text backend over chat completions, for one provider account.

    Calls are retried by the client's policy like the official SDK does: a
    429 or 5xx did not write (or bill) an answer, and a retried timeout costs
    at most one more short answer.
    """

    def __init__(self, config: ProviderConfig):
        self.config = config
        self.name = config.provider
        self.display_name = config.display_name
        self.model = config.model or DEFAULT_MODELS.get(config.provider, "")
        if not self.model:
            raise BackendError(
                f"The {self.display_name} needs a model name (the one the server serves, e.g. llama3.1:8b). "
                "Set it on your settings page."
            )
        if not config.base_url:
            raise BackendError(f"{self.display_name} has no base URL. Set it on your settings page.")
        self.url = chat_url(config)
        # OpenAI has renamed max_tokens; the servers that copy its protocol still read the old name.
        self._token_field = "max_completion_tokens" if config.provider == "openai" else "max_tokens"
        # A TGI server reads JSON mode only with a schema attached (its own extension of the protocol).
        self._schema_in_json_mode = config.provider == "huggingface" and not is_hf_router(config.base_url)
        self._schema_refused = threading.Event()
        headers = config.bearer()
        if config.provider == "openrouter":
            headers["X-Title"] = "Panelcraft"
        self._client = config.client(headers, timeouts=TEXT_TIMEOUTS)

    def __repr__(self) -> str:
        return f"<OpenAIChat {self.name} {self.model}>"

    def complete_json(self, request: TextRequest) -> TextResult:
        if not self._schema_refused.is_set():
            try:
                return self._ask(request, structured=True)
            except ProviderRejected as exc:
                if not rejects_format(exc, "response_format", "json_schema"):
                    raise
            self._schema_refused.set()
        return self._ask(request, structured=False)

    def _ask(self, request: TextRequest, *, structured: bool) -> TextResult:
        answer = self._client.post_json(self.url, self._body(request, structured=structured), stop=self.config.stop)
        return self._result(answer, request)

    def _body(self, request: TextRequest, *, structured: bool) -> dict[str, Any]:
        messages = [dict(message) for message in request.messages]
        if structured:
            response_format: dict[str, Any] = {
                "type": "json_schema",
                "json_schema": {"name": schema_label(request.schema_name), "schema": request.schema, "strict": False},
            }
        else:
            response_format = {"type": "json_object"}
            if self._schema_in_json_mode:
                response_format["value"] = request.schema
            # After the leading system messages, so the instruction is the last word before the task.
            leading = next((i for i, m in enumerate(messages) if m.get("role") != "system"), len(messages))
            instructions = json_instructions(request.schema_name, request.schema)
            messages.insert(leading, {"role": "system", "content": instructions})
        body: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": min(max(request.temperature, 0.0), 2.0),
            self._token_field: request.max_tokens,
            "response_format": response_format,
        }
        if request.seed is not None:
            body["seed"] = request.seed
        return body

    def _result(self, answer: Any, request: TextRequest) -> TextResult:
        choices = answer.get("choices") if isinstance(answer, dict) else None
        choice = choices[0] if isinstance(choices, list) and choices else None
        message = choice.get("message") if isinstance(choice, dict) else None
        if not isinstance(message, dict):
            raise BadResponse(f"{self.display_name} answered without a message.", provider=self.display_name)
        finish = choice.get("finish_reason")
        refusal = message.get("refusal")
        if isinstance(refusal, str) and refusal.strip():
            raise declined(self.display_name, request.schema_name, refusal, self.config.api_key)
        if finish == "content_filter":
            raise declined(self.display_name, request.schema_name, "its content filter stopped the answer.")
        content = _text_of(message.get("content"))
        data = read_answer(self.display_name, content, request, cut_off=finish == "length")
        return TextResult(data=data, model=_model_of(answer) or self.model, usage=_usage(answer))


def _text_of(content: Any) -> str:
    """The message text; a few servers send a list of text parts instead of one string."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part.get("text", "") for part in content if isinstance(part, dict) and part.get("type") == "text"
        )
    return ""


def _model_of(answer: dict[str, Any]) -> str:
    model = answer.get("model")
    return model if isinstance(model, str) else ""


def _usage(answer: dict[str, Any]) -> dict[str, int]:
    usage = answer.get("usage")
    if not isinstance(usage, dict):
        return {}
    counts = {"input_tokens": usage.get("prompt_tokens"), "output_tokens": usage.get("completion_tokens")}
    return {key: value for key, value in counts.items() if isinstance(value, int) and not isinstance(value, bool)}


for _slug in SLUGS:
    registry.register("text", _slug, OpenAIChat)
