"""Backends that call real providers, each a small module over the one ``ProviderClient``.

Every backend here is made from a ``ProviderConfig`` and registered under
its provider's slug for each kind it serves (``registry.create("text",
"groq", config=...)``). Importing this package registers them all.
"""

from . import (  # noqa: F401  (register on import)
    anthropic,
    classifier,
    comfyui,
    huggingface_images,
    moderation,
    openai_chat,
    openai_images,
    replicate,
    runpod,
)
from .config import IMAGE_TIMEOUTS, PROVIDER_NAMES, TEXT_TIMEOUTS, ProviderConfig

__all__ = ["IMAGE_TIMEOUTS", "PROVIDER_NAMES", "TEXT_TIMEOUTS", "ProviderConfig"]
