"""OpenAI's moderation endpoint as a safety check.

One ``POST {base_url}/moderations`` per text; the answer's flagged
categories decide the verdict. The call is free and idempotent, so it uses
the client's normal retry policy.

The moderation model is chosen apart from the account's model: an OpenAI
account's ``config.model`` names the *text* model that writes the stories,
so the moderation model comes from ``options["moderation_model"]``.

Categories use OpenAI's names ("self-harm/intent", "violence/graphic") and
are folded into Panelcraft's short slugs; each slug has a sentence that is
safe to show the author, or a child's parent looking over their shoulder.
The text that was judged never appears in a verdict or an error.
"""

from __future__ import annotations

from typing import Any

from renderers import registry
from renderers.base import SafetyVerdict
from renderers.net import BadResponse, Timeouts

from .config import ProviderConfig

__all__ = [
    "CATEGORY_REASONS",
    "DEFAULT_MODERATION_MODEL",
    "MODERATION_TIMEOUTS",
    "ModerationSafety",
    "category_slug",
    "reason_for",
]

DEFAULT_MODERATION_MODEL = "omni-moderation-latest"

# A moderation answer takes well under a second; a stalled one should not hold a comic for two minutes.
MODERATION_TIMEOUTS = Timeouts(connect=10.0, read=30.0, write=30.0, pool=30.0)

#: What the author is told, by category slug (the same slugs the classifier answers with).
CATEGORY_REASONS = {
    "violence": "This idea was flagged for violence by the safety check; try a gentler version.",
    "self_harm": (
        "This idea was flagged for self-harm by the safety check. If you're thinking about hurting yourself, "
        "please talk to someone you trust."
    ),
    "sexual": "This idea was flagged for sexual content by the safety check; Panelcraft makes all-ages comics.",
    "sexual_minors": "This idea was flagged by the safety check: Panelcraft never makes sexual content about children.",
    "hate": "This idea was flagged for hateful content by the safety check; try a kinder version.",
    "harassment": "This idea was flagged for harassment by the safety check; try a kinder version.",
    "illicit": "This idea was flagged for illegal activity by the safety check; try a different version.",
    "other": "This idea was flagged by the safety check; try a different version.",
}

# OpenAI's category names, most specific first where one name is a prefix of another.
_SLUGS = {
    "sexual/minors": "sexual_minors",
    "sexual": "sexual",
    "violence": "violence",
    "violence/graphic": "violence",
    "self-harm": "self_harm",
    "self-harm/intent": "self_harm",
    "self-harm/instructions": "self_harm",
    "hate": "hate",
    "hate/threatening": "hate",
    "harassment": "harassment",
    "harassment/threatening": "harassment",
    "illicit": "illicit",
    "illicit/violent": "illicit",
}


def reason_for(category: str) -> str:
    """The sentence shown to the author for a category slug (a general one for unknown slugs)."""
    return CATEGORY_REASONS.get(category, CATEGORY_REASONS["other"])


def category_slug(name: str) -> str:
    """Panelcraft's slug for one of OpenAI's category names; a new name falls under its family or "other"."""
    if name in _SLUGS:
        return _SLUGS[name]
    family = _SLUGS.get(name.split("/", 1)[0])
    return family or "other"


class ModerationSafety:
    """Screens text with ``POST /moderations``. Never raises for content; raises BackendError on faults."""

    def __init__(self, config: ProviderConfig):
        self.config = config
        self.name = config.provider or "openai"
        self.display_name = config.display_name
        # The model the caller chose when it is a moderation model (an account's chat model is not).
        chosen = config.model if "moderation" in config.model else ""
        self.model = str(config.options.get("moderation_model") or chosen or DEFAULT_MODERATION_MODEL)
        self._url = config.url("moderations")
        self._client = config.client(config.bearer(), timeouts=MODERATION_TIMEOUTS)

    def __repr__(self) -> str:
        return f"<ModerationSafety {self.name} {self.model}>"

    def screen(self, text: str) -> SafetyVerdict:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        if not text.strip():
            return SafetyVerdict(allowed=True, model=self.model)
        answer = self._client.post_json(self._url, {"input": text, "model": self.model}, stop=self.config.stop)
        result = self._first_result(answer)
        model = answer.get("model") if isinstance(answer.get("model"), str) and answer["model"] else self.model
        if not result.get("flagged"):
            return SafetyVerdict(allowed=True, model=model)
        category = _worst_category(result)
        return SafetyVerdict(allowed=False, category=category, reason=reason_for(category), model=model)

    def _first_result(self, answer: Any) -> dict[str, Any]:
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list) or not results or not isinstance(results[0], dict):
            raise BadResponse(
                f"{self.display_name} answered the safety check without a result; try again later.",
                provider=self.display_name,
                status=200,
            )
        flagged = results[0].get("flagged")
        if not isinstance(flagged, bool):
            raise BadResponse(
                f"{self.display_name} answered the safety check without saying whether the text was flagged.",
                provider=self.display_name,
                status=200,
            )
        return results[0]


def _worst_category(result: dict[str, Any]) -> str:
    """The slug of the highest-scoring flagged category (any category when none is marked, "other" if none)."""
    categories = result.get("categories") if isinstance(result.get("categories"), dict) else {}
    scores = result.get("category_scores") if isinstance(result.get("category_scores"), dict) else {}

    def score(name: str) -> float:
        value = scores.get(name)
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0

    # ``illicit`` and friends may be null: only an explicit true counts as flagged.
    flagged = [name for name, value in categories.items() if value is True]
    candidates = flagged or [name for name in scores if score(name) > 0]
    if not candidates:
        return "other"
    return category_slug(max(candidates, key=score))


registry.register("safety", "openai", ModerationSafety)
