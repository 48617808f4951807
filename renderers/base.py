"""The small interfaces every backend implements.

A backend is a plain object with a ``name`` and one method. Requests and
results are frozen dataclasses so they can be handed between threads and
logged without carrying secrets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class BackendError(Exception):
    """A backend could not do its job. ``str(exc)`` is safe to show a user."""

    #: Whether trying the same request again later may succeed.
    retryable: bool = False


class MalformedOutput(BackendError):
    """A text backend answered, but not with parseable JSON.

    ``raw`` keeps the answer so a repair request can quote it back.
    """

    def __init__(self, message: str, raw: str = ""):
        super().__init__(message)
        self.raw = raw


@dataclass(frozen=True)
class TextRequest:
    """Chat messages in, one JSON document out.

    ``messages`` are ``{"role": "system"|"user"|"assistant", "content": str}``.
    ``schema`` is the JSON schema the answer must follow and ``schema_name``
    names it (providers with structured output send both).
    """

    messages: tuple[dict[str, str], ...]
    schema: dict[str, Any]
    schema_name: str
    seed: int | None = None
    temperature: float = 0.8
    max_tokens: int = 2000


@dataclass(frozen=True)
class TextResult:
    """The parsed answer. ``usage`` holds ``input_tokens``/``output_tokens`` when the provider reports them."""

    data: Any
    model: str = ""
    usage: dict[str, int] = field(default_factory=dict)


class TextBackend(Protocol):
    name: str

    def complete_json(self, request: TextRequest) -> TextResult:
        """Return the parsed JSON answer; raise MalformedOutput when unparseable."""


@dataclass(frozen=True)
class Subject:
    """A cast member present in an image, with the look locked at planning."""

    name: str
    look: str


@dataclass(frozen=True)
class ImageRequest:
    """One picture to paint.

    ``prompt`` is complete (scene + cast looks + style tail + "no text" tail)
    and is all a remote model needs. ``subjects``, ``palette`` and
    ``line_style`` repeat the structured parts of it for procedural painters.
    ``palette`` is a tuple of ``#rrggbb`` colours; ``line_style`` is one of
    ``"bold"``, ``"fine"``, ``"sketch"`` or ``"none"``.
    """

    prompt: str
    width: int
    height: int
    seed: int
    negative_prompt: str = ""
    subjects: tuple[Subject, ...] = ()
    palette: tuple[str, ...] = ()
    line_style: str = "fine"
    steps: int | None = None


@dataclass(frozen=True)
class ImageResult:
    """The painted image and what the provider says it did (0/None: it did not say)."""

    data: bytes  # encoded image (PNG, JPEG or WEBP)
    model: str = ""
    steps: int | None = None
    width: int = 0
    height: int = 0
    seed: int | None = None


class ImageBackend(Protocol):
    name: str

    def paint(self, request: ImageRequest) -> ImageResult:
        """Return the painted image; raise BackendError on failure."""


@dataclass(frozen=True)
class SafetyVerdict:
    allowed: bool
    category: str = ""  # e.g. "weapons", "self_harm"; empty when allowed
    reason: str = ""  # short text safe to show the author
    model: str = ""
    usage: dict[str, int] = field(default_factory=dict)  # tokens, when a language model judged


class SafetyBackend(Protocol):
    name: str

    def screen(self, text: str) -> SafetyVerdict:
        """Judge one text. Never raises for content; raises BackendError on faults."""


def subject_anchor(index: int, count: int) -> float:
    """Where subject ``index`` of ``count`` stands, as a fraction of the width.

    Painters place subjects left to right at these points and prompts say so,
    which lets the letterer point each speech bubble's tail at its speaker.
    """
    return (index + 0.5) / max(count, 1)
