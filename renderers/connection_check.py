"""Test connection: one cheap real call that tells a user whether a provider setup works.

Each provider is asked the least it can answer that still proves the URL and
the key: its model list (OpenAI-style servers, Anthropic, the Hugging Face
router), its account (Replicate) or its health route (RunPod, ComfyUI). The
call goes through ``ProviderClient``, so the SSRF guard, retries, size cap
and plain error messages are the same as for real work. The answer is a
sentence for the settings page, never the key: messages come from the
provider's name, the model name and the clock only.

Nothing here knows about accounts or Django: the caller passes the provider
slug, URL, key, model and allow-list.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .net import AllowList, ProviderClient, ProviderError, RetryPolicy, Timeouts, URLRefused

__all__ = ["CHECK_RETRY", "CHECK_TIMEOUTS", "PROBES", "ConnectionResult", "Probe", "check_connection"]

#: A person is waiting on the button: a short wait and one retry at most.
CHECK_TIMEOUTS = Timeouts(connect=5.0, read=15.0, write=15.0, pool=5.0)
CHECK_RETRY = RetryPolicy(attempts=2, base_delay=0.5, jitter=0.5, max_delay=5.0, max_total_wait=5.0)
# Model lists of the big routers run to a few hundred kilobytes.
CHECK_MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class ConnectionResult:
    ok: bool
    message: str
    seconds: float
    #: It worked, but something is probably wrong (the model is not in the provider's list).
    warning: bool = False


def _bearer(api_key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


def _anthropic(api_key: str) -> dict[str, str]:
    return {"anthropic-version": "2023-06-01", **({"x-api-key": api_key} if api_key else {})}


@dataclass(frozen=True)
class Probe:
    """Where one provider is asked, with which headers, and whether the answer is a model list."""

    name: str
    path: str
    headers: Callable[[str], dict[str, str]] = _bearer
    lists_models: bool = False


PROBES: dict[str, Probe] = {
    "openai": Probe("OpenAI", "/models", lists_models=True),
    "openai_compatible": Probe("OpenAI-compatible server", "/models", lists_models=True),
    "groq": Probe("Groq", "/models", lists_models=True),
    "openrouter": Probe("OpenRouter", "/models", lists_models=True),
    "anthropic": Probe("Anthropic", "/models", headers=_anthropic, lists_models=True),
    # The router speaks the OpenAI protocol under /v1.
    "huggingface": Probe("Hugging Face", "/v1/models", lists_models=True),
    "replicate": Probe("Replicate", "/account"),
    "runpod": Probe("RunPod", "/health"),
    "comfyui": Probe("ComfyUI", "/system_stats"),
}


def check_connection(
    provider: str,
    *,
    base_url: str,
    api_key: str = "",
    model: str = "",
    allowed_hosts: AllowList | str | Iterable[str] | None = None,
    timeouts: Timeouts = CHECK_TIMEOUTS,
    retry: RetryPolicy = CHECK_RETRY,
) -> ConnectionResult:
    """Make the one call for ``provider`` and say in a sentence how it went.

    Never raises for a failed call: a refused URL, a wrong key or a provider
    that is down all come back as ``ok=False`` with the reason. A refused URL
    is refused before anything is sent.
    """
    probe = PROBES[provider]
    url = base_url.rstrip("/") + probe.path
    started = time.monotonic()
    try:
        with ProviderClient(
            probe.name,
            headers=probe.headers(api_key),
            allowed_hosts=allowed_hosts,
            timeouts=timeouts,
            retry=retry,
            max_bytes=CHECK_MAX_BYTES,
        ) as client:
            reply = client.request("GET", url)
            listed = _model_ids(reply.json()) if probe.lists_models and model else None
    except (ProviderError, URLRefused) as exc:
        return ConnectionResult(False, str(exc), _elapsed(started))
    seconds = _elapsed(started)
    took = f"{seconds:.1f} s"
    if listed is None:
        return ConnectionResult(True, f"OK: {probe.name} answered in {took}", seconds)
    if _is_listed(model, listed):
        return ConnectionResult(True, f"OK: {model} answered in {took}", seconds)
    return ConnectionResult(
        True, f"Connected in {took}, but {model} is not in its model list: check the model's name", seconds, True
    )


def _elapsed(started: float) -> float:
    return round(time.monotonic() - started, 1)


def _model_ids(answer: Any) -> set[str]:
    """The ids in an OpenAI- or Anthropic-style ``{"data": [{"id": ...}, ...]}`` list (or a bare list)."""
    rows = answer.get("data") if isinstance(answer, dict) else answer
    if not isinstance(rows, list):
        return set()
    return {row["id"] for row in rows if isinstance(row, dict) and isinstance(row.get("id"), str)}


def _is_listed(model: str, listed: set[str]) -> bool:
    """Whether ``model`` is listed; an alias such as ``claude-3-5-haiku-latest`` matches its dated versions."""
    if model in listed:
        return True
    stem = model.removesuffix("-latest")
    return stem != model and any(name.startswith(stem + "-") for name in listed)
