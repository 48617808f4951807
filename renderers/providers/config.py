"""What every provider backend is built from: one ``ProviderConfig``.

A backend for a user's account and one for the site's own key are made the
same way: the caller (the comics app, or a test) fills a ProviderConfig and
asks the registry for ``(kind, provider slug)``. The key lives only in this
object, inside the worker that decrypted it; ``repr`` leaves it out so a
traceback or log line never shows it.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from renderers.net import AllowList, ProviderClient, RetryPolicy, Timeouts
from renderers.net.client import Stop

__all__ = ["IMAGE_TIMEOUTS", "TEXT_TIMEOUTS", "ProviderConfig", "url_origin"]

# A long story page can take a minute to write; a picture several minutes on a busy GPU.
TEXT_TIMEOUTS = Timeouts(connect=10.0, read=120.0, write=30.0, pool=30.0)
IMAGE_TIMEOUTS = Timeouts(connect=10.0, read=300.0, write=30.0, pool=60.0)

#: Display names by provider slug, for messages ("Groq rejected the API key").
PROVIDER_NAMES = {
    "openai": "OpenAI",
    "openai_compatible": "OpenAI-compatible server",
    "groq": "Groq",
    "openrouter": "OpenRouter",
    "anthropic": "Anthropic",
    "huggingface": "Hugging Face",
    "replicate": "Replicate",
    "runpod": "RunPod",
    "comfyui": "ComfyUI",
}


def url_origin(url: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) of ``url``; None when it is not a URL with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return None
    return (parsed.scheme, parsed.host, parsed.port) if parsed.host else None


@dataclass(frozen=True)
class ProviderConfig:
    """One provider setup: where to call, with which key and model, under which limits.

    ``stop`` is set (an Event, or a callable answering "stop now?") when the
    job is cancelled or lost: every request and every polling wait checks it,
    so no new call starts and polling ends at once. ``options`` carries what
    only one provider reads (Replicate's ``max_wait_seconds``, a ComfyUI
    ``workflows`` table and ``loras`` stack, Hugging Face's ``file_type``). ``resolver``,
    ``verify`` and ``sleep`` exist for tests.
    """

    provider: str
    base_url: str
    api_key: str = field(default="", repr=False)
    model: str = ""
    name: str = ""
    allowed_hosts: AllowList | str | Iterable[str] | None = None
    stop: Stop = None
    timeouts: Timeouts | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    max_bytes: int = 32 * 1024 * 1024
    options: Mapping[str, Any] = field(default_factory=dict)
    verify: ssl.SSLContext | bool = True
    resolver: Any = None
    sleep: Callable[[float], None] = time.sleep

    @property
    def display_name(self) -> str:
        return self.name or PROVIDER_NAMES.get(self.provider, self.provider)

    def url(self, path: str) -> str:
        """``path`` under the base URL, with exactly one slash between them."""
        return self.base_url.rstrip("/") + "/" + path.lstrip("/") if path else self.base_url

    def client(
        self,
        headers: Mapping[str, str] | None = None,
        *,
        timeouts: Timeouts,
        secret_headers: Iterable[str] = (),
    ) -> ProviderClient:
        """The one HTTP client for this provider: guarded, bounded, retrying, stoppable."""
        return ProviderClient(
            self.display_name,
            headers=headers,
            allowed_hosts=self.allowed_hosts,
            resolver=self.resolver,
            timeouts=self.timeouts or timeouts,
            retry=self.retry,
            max_bytes=self.max_bytes,
            verify=self.verify,
            secret_headers=secret_headers,
            sleep=self.sleep,
        )

    def is_own_origin(self, url: str) -> bool:
        """Whether ``url`` is on the base URL's scheme, host and port: the one place its key may go."""
        own = url_origin(self.base_url)
        return own is not None and url_origin(url) == own

    def bearer(self) -> dict[str, str]:
        """``Authorization: Bearer <key>``, or nothing for a server that takes no key."""
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
