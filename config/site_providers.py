"""The site's own providers, read from the environment.

Two spellings are accepted. Panelcraft's own, per kind of work::

    PANELCRAFT_TEXT_BACKEND=groq  PANELCRAFT_TEXT_API_KEY=...  PANELCRAFT_TEXT_MODEL=...  PANELCRAFT_TEXT_BASE_URL=...

(and the same for IMAGE and SAFETY; ``builtin`` is the offline default), and
AI Comic Factory's ``.env`` names (``LLM_ENGINE``, ``RENDERING_ENGINE``,
``AUTH_*``, ``LLM_*``, ``RENDERING_*``, ``ENABLE_CENSORSHIP``), so a site moving
over can source its old file unchanged. Panelcraft's name wins where both
are set.

Nothing is judged here: what is wrong (an unknown engine, a missing key, a
malformed URL) is reported by the system checks in ``comics.checks`` at
start, with the variable to fix. Keys stay in the returned objects and never
appear in their ``repr``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from accounts import provider_catalog

BUILTIN = "builtin"
# The model ACF's OPENAI engine gets when LLM_OPENAI_API_MODEL is not set (Panelcraft's OpenAI default).
OPENAI_TEXT_MODEL = provider_catalog.get("openai").text_model


@dataclass(frozen=True)
class SiteProvider:
    """One kind of work served by the site: which backend, with which URL, key and model.

    ``backend`` is a registry name: "builtin", or a provider slug such as
    "openai". Blank ``base_url`` and ``model`` mean the provider's defaults.
    ``source`` names the variables it came from, for error messages.
    ``problem`` is set when the variables could not be understood at all.
    """

    kind: str
    backend: str = BUILTIN
    base_url: str = ""
    api_key: str = field(default="", repr=False)
    model: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)
    source: str = ""
    problem: str = ""
    #: The names of the variables holding the key and the URL, for messages.
    key_variable: str = ""
    url_variable: str = ""

    @property
    def is_builtin(self) -> bool:
        return self.backend == BUILTIN


# AI Comic Factory's engines, by the slug of the provider that serves them.
_ACF_LLM = {
    "OPENAI": ("openai", "AUTH_OPENAI_API_KEY", "LLM_OPENAI_API_BASE_URL", "LLM_OPENAI_API_MODEL"),
    "GROQ": ("groq", "AUTH_GROQ_API_KEY", "", "LLM_GROQ_API_MODEL"),
    "ANTHROPIC": ("anthropic", "AUTH_ANTHROPIC_API_KEY", "", "LLM_ANTHROPIC_API_MODEL"),
    "INFERENCE_API": ("huggingface", "AUTH_HF_API_TOKEN", "", "LLM_HF_INFERENCE_API_MODEL"),
    "INFERENCE_ENDPOINT": ("huggingface", "AUTH_HF_API_TOKEN", "LLM_HF_INFERENCE_ENDPOINT_URL", ""),
}
_ACF_RENDERING = {
    "OPENAI": ("openai", "AUTH_OPENAI_API_KEY", "RENDERING_OPENAI_API_BASE_URL", "RENDERING_OPENAI_API_MODEL"),
    "REPLICATE": ("replicate", "AUTH_REPLICATE_API_TOKEN", "", "RENDERING_REPLICATE_API_MODEL"),
    "INFERENCE_API": ("huggingface", "AUTH_HF_API_TOKEN", "", "RENDERING_HF_INFERENCE_API_BASE_MODEL"),
    "INFERENCE_ENDPOINT": ("huggingface", "AUTH_HF_API_TOKEN", "RENDERING_HF_INFERENCE_ENDPOINT_URL", ""),
}
_TRUE = ("1", "true", "yes", "on")


def site_providers(env: Mapping[str, str] | None = None) -> dict[str, SiteProvider]:
    """The site's provider for each kind of work, from ``env`` (the process environment by default)."""
    env = os.environ if env is None else env
    text = _panelcraft(env, "text") or _acf(env, "text", "LLM_ENGINE", _ACF_LLM) or SiteProvider("text")
    image = _panelcraft(env, "image") or _acf(env, "image", "RENDERING_ENGINE", _ACF_RENDERING) or SiteProvider("image")
    safety = _panelcraft(env, "safety") or _acf_censorship(env, text) or SiteProvider("safety")
    return {"text": text, "image": image, "safety": safety}


def max_pages(env: Mapping[str, str]) -> int | None:
    """The site's cap on pages per comic: PANELCRAFT_MAX_PAGES or ACF's MAX_NB_PAGES; None when unset."""
    raw = _get(env, "PANELCRAFT_MAX_PAGES") or _get(env, "MAX_NB_PAGES")
    if not raw:
        return None
    try:
        return max(1, int(raw))
    except ValueError:
        raise ValueError(f"PANELCRAFT_MAX_PAGES / MAX_NB_PAGES should be a whole number, not {raw!r}") from None


def _panelcraft(env: Mapping[str, str], kind: str) -> SiteProvider | None:
    prefix = f"PANELCRAFT_{kind.upper()}_"
    backend = _get(env, prefix + "BACKEND")
    if not backend:
        return None
    return SiteProvider(
        kind,
        backend=backend.lower(),
        base_url=_get(env, prefix + "BASE_URL"),
        api_key=_get(env, prefix + "API_KEY"),
        model=_get(env, prefix + "MODEL"),
        source=prefix + "BACKEND",
        key_variable=prefix + "API_KEY",
        url_variable=prefix + "BASE_URL",
    )


def _acf(env: Mapping[str, str], kind: str, engine_variable: str, engines: dict) -> SiteProvider | None:
    engine = _get(env, engine_variable).upper()
    if not engine:
        return None
    source = f"{engine_variable}={engine}"
    if engine not in engines:
        known = ", ".join(engines)
        return SiteProvider(kind, source=source, problem=f"{source} is not an engine Panelcraft runs (use {known}).")
    slug, key_variable, url_variable, model_variable = engines[engine]
    model = _get(env, model_variable) if model_variable else ""
    options: dict[str, Any] = {}
    if engine == "REPLICATE" and (version := _get(env, "RENDERING_REPLICATE_API_MODEL_VERSION")):
        model = f"{model}:{version}" if model else version
    if kind == "image" and slug == "huggingface" and (file_type := _get(env, "RENDERING_HF_INFERENCE_API_FILE_TYPE")):
        options["file_type"] = file_type
    base_url = _get(env, url_variable) if url_variable else ""
    problem = ""
    if url_variable and engine == "INFERENCE_ENDPOINT" and not base_url:
        problem = f"{source} needs {url_variable}."
    return SiteProvider(
        kind,
        backend=slug,
        base_url=base_url,
        api_key=_get(env, key_variable),
        model=model,
        options=options,
        source=source,
        problem=problem,
        key_variable=key_variable,
        url_variable=url_variable,
    )


def _acf_censorship(env: Mapping[str, str], text: SiteProvider) -> SiteProvider | None:
    """ENABLE_CENSORSHIP=true: screen with OpenAI moderation when the site has a key for OpenAI itself,
    else with a classifier prompt on the site's language model. The built-in blocklist always runs first.

    An OpenAI-style key sent to another server (LLM_OPENAI_API_BASE_URL set
    to a proxy or a compatible service) is never sent to OpenAI.
    """
    if _get(env, "ENABLE_CENSORSHIP").lower() not in _TRUE:
        return None
    source = "ENABLE_CENSORSHIP"
    openai_key = _get(env, "AUTH_OPENAI_API_KEY")
    elsewhere = [
        url
        for url in (_get(env, "LLM_OPENAI_API_BASE_URL"), _get(env, "RENDERING_OPENAI_API_BASE_URL"))
        if url and not _is_openai(url)
    ]
    if openai_key and not elsewhere:
        return SiteProvider(
            "safety", backend="openai", api_key=openai_key, source=source, key_variable="AUTH_OPENAI_API_KEY"
        )
    if not text.is_builtin and not text.problem:
        # The classifier runs on the site's chat model; "openai" as a safety backend would be
        # the moderation endpoint, which a compatible server at another address does not have.
        backend = "openai_compatible" if text.backend == "openai" else text.backend
        return SiteProvider(
            "safety",
            backend=backend,
            base_url=text.base_url,
            api_key=text.api_key,
            model=text.model or (OPENAI_TEXT_MODEL if text.backend == "openai" else ""),
            source=f"{source} with {text.source}",
            key_variable=text.key_variable,
            url_variable=text.url_variable,
        )
    return None


def _is_openai(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and (parts.hostname or "").lower() == "api.openai.com"


def _get(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()
