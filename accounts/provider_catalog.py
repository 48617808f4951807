"""What each kind of provider account is: its default URL and models, what it can serve.

The one table of per-provider facts, read by validation (which fields an
account needs), by the API (the URL and models an account will use when its
own are blank) and later by the pipeline (which accounts may serve text,
images or safety checks).
"""

from __future__ import annotations

from dataclasses import dataclass

from renderers.registry import KINDS  # the kinds of backend: what an account can serve

TEXT, IMAGE, SAFETY = KINDS
# What a kind of work is called in a sentence: "Replicate cannot write text."
KIND_VERBS = {TEXT: "write text", IMAGE: "paint images", SAFETY: "run safety checks"}

# ComfyUI workflow names (for ComfyUI servers and RunPod's ComfyUI worker).
DEFAULT_WORKFLOW = "flux"


@dataclass(frozen=True)
class Provider:
    slug: str
    name: str
    #: Where requests go when the account gives no base_url; "" means the account must give one.
    base_url: str
    #: Shown when base_url is missing and there is no default.
    base_url_example: str = ""
    text_model: str = ""
    image_model: str = ""
    #: The model a safety check runs on, when it is not the text model (OpenAI's moderation endpoint).
    safety_model: str = ""
    serves: frozenset[str] = frozenset()
    needs_key: bool = True

    def can_serve(self, kind: str) -> bool:
        return kind in self.serves

    def model_for(self, kind: str, *, text_model: str = "", image_model: str = "") -> str:
        """The model that does ``kind`` given an account's (or the site's) chosen models, else the default."""
        if kind == IMAGE:
            return image_model or self.image_model
        if kind == SAFETY and self.safety_model:
            return self.safety_model
        return text_model or self.text_model


# Every text provider can also classify prompts, which is how a safety check runs on it.
_TEXT = frozenset({TEXT, SAFETY})

PROVIDERS: dict[str, Provider] = {
    provider.slug: provider
    for provider in (
        Provider(
            "openai",
            "OpenAI",
            base_url="https://api.openai.com/v1",
            text_model="gpt-4o-mini",
            image_model="gpt-image-1",
            safety_model="omni-moderation-latest",
            serves=frozenset({TEXT, IMAGE, SAFETY}),
        ),
        Provider(
            "openai_compatible",
            "OpenAI-compatible server",
            base_url="",
            base_url_example="http://192.168.1.20:11434/v1 for Ollama",
            serves=_TEXT,
            # Ollama, vLLM and LM Studio take no key unless their operator set one.
            needs_key=False,
        ),
        Provider(
            "groq",
            "Groq",
            base_url="https://api.groq.com/openai/v1",
            text_model="llama-3.3-70b-versatile",
            serves=_TEXT,
        ),
        Provider(
            "openrouter",
            "OpenRouter",
            base_url="https://openrouter.ai/api/v1",
            text_model="openai/gpt-4o-mini",
            serves=_TEXT,
        ),
        Provider(
            "anthropic",
            "Anthropic",
            base_url="https://api.anthropic.com/v1",
            text_model="claude-3-5-haiku-latest",
            serves=_TEXT,
        ),
        Provider(
            "huggingface",
            "Hugging Face",
            base_url="https://router.huggingface.co",
            text_model="meta-llama/Llama-3.1-8B-Instruct",
            image_model="black-forest-labs/FLUX.1-schnell",
            serves=frozenset({TEXT, IMAGE, SAFETY}),
        ),
        Provider(
            "replicate",
            "Replicate",
            base_url="https://api.replicate.com/v1",
            image_model="black-forest-labs/flux-schnell",
            serves=frozenset({IMAGE}),
        ),
        Provider(
            "runpod",
            "RunPod",
            # Each serverless endpoint has its own URL.
            base_url="",
            base_url_example="https://api.runpod.ai/v2/<endpoint id>",
            image_model=DEFAULT_WORKFLOW,
            serves=frozenset({IMAGE}),
        ),
        Provider(
            "comfyui",
            "ComfyUI",
            base_url="",
            base_url_example="http://192.168.1.20:8188",
            image_model=DEFAULT_WORKFLOW,
            serves=frozenset({IMAGE}),
            needs_key=False,
        ),
    )
}

CHOICES = [(provider.slug, provider.name) for provider in PROVIDERS.values()]


def get(slug: str) -> Provider:
    return PROVIDERS[slug]


def serving(kind: str) -> list[Provider]:
    """The providers that can serve ``kind``, in catalog order."""
    return [provider for provider in PROVIDERS.values() if provider.can_serve(kind)]
