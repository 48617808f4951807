"""A language model as a safety check: the question asked, the verdict read, one repair, then failure."""

from __future__ import annotations

import pytest

from renderers import registry
from renderers.base import BackendError, MalformedOutput, SafetyVerdict, TextRequest, TextResult
from renderers.net import ProviderCancelled, ProviderUnavailable
from renderers.providers import ProviderConfig
from renderers.providers.classifier import CATEGORIES, SCHEMA, ClassifierSafety
from renderers.providers.moderation import CATEGORY_REASONS


class ScriptedText:
    """A text backend answering from a script: each entry is a TextResult to return or an exception to raise."""

    def __init__(self, *script, name: str = "groq", model: str = "llama-3.1-8b-instant"):
        self.script = list(script)
        self.name = name
        self.model = model
        self.requests: list[TextRequest] = []

    def complete_json(self, request: TextRequest) -> TextResult:
        self.requests.append(request)
        step = self.script.pop(0)
        if isinstance(step, BaseException):
            raise step
        return step


def verdict(data, model="llama-3.1-8b-instant-0724", usage=None) -> TextResult:
    return TextResult(data=data, model=model, usage=usage or {"input_tokens": 310, "output_tokens": 12})


def test_an_allowed_text_asks_the_model_once_and_passes():
    text = ScriptedText(verdict({"allowed": True, "category": "none", "reason": ""}))

    result = ClassifierSafety(text).screen("a knight duels a dragon over a stolen cake")

    assert result == SafetyVerdict(
        allowed=True, model="llama-3.1-8b-instant-0724", usage={"input_tokens": 310, "output_tokens": 12}
    )
    (request,) = text.requests
    assert request.schema_name == "safety_verdict"
    assert request.schema == SCHEMA
    assert request.temperature == 0
    system, user = request.messages
    assert system["role"] == "system" and "children" in system["content"]
    assert user["role"] == "user" and "a knight duels a dragon over a stolen cake" in user["content"]


def test_a_blocked_text_carries_the_category_and_the_models_reason():
    text = ScriptedText(
        verdict({"allowed": False, "category": "violence", "reason": "Too gory for an all-ages comic."}, model="")
    )
    safety = ClassifierSafety(text)

    result = safety.screen("a gory torture scene")

    assert not result.allowed
    assert result.category == "violence"
    assert result.reason == "Too gory for an all-ages comic."
    assert result.model == "llama-3.1-8b-instant"  # the provider did not say, so the configured model
    assert safety.name == "groq" and safety.model == "llama-3.1-8b-instant"


@pytest.mark.parametrize(("category", "expected"), [("none", "other"), ("weapons", "other"), ("hate", "hate")])
def test_a_block_always_has_a_known_category_and_a_reason(category, expected):
    text = ScriptedText(verdict({"allowed": False, "category": category, "reason": "   "}))
    result = ClassifierSafety(text).screen("something unkind")
    assert not result.allowed
    assert result.category == expected and expected in CATEGORIES
    assert result.reason == CATEGORY_REASONS[expected]


def test_an_allowed_verdict_drops_a_stray_category_and_reason():
    text = ScriptedText(verdict({"allowed": True, "category": "violence", "reason": "Cartoon sword fight."}))
    result = ClassifierSafety(text).screen("pirates fight with foam swords")
    assert result.allowed and result.category == "" and result.reason == ""


def test_a_long_reason_is_cut_to_one_short_line():
    rambling = "This is not fine because\n" + "it goes on and on " * 40
    text = ScriptedText(verdict({"allowed": False, "category": "other", "reason": rambling}))
    reason = ClassifierSafety(text).screen("something").reason
    assert len(reason) <= 200 and "\n" not in reason
    assert reason.startswith("This is not fine because it goes on")


def test_unparseable_json_gets_one_repair_request_quoting_it():
    text = ScriptedText(
        MalformedOutput("not JSON", raw="{allowed: nope"),
        verdict({"allowed": False, "category": "sexual", "reason": "Not for an all-ages comic."}),
    )

    result = ClassifierSafety(text).screen("a steamy romance scene")

    assert result.category == "sexual"
    first, repair = text.requests
    assert repair.messages[: len(first.messages)] == first.messages
    assert repair.messages[-2] == {"role": "assistant", "content": "{allowed: nope"}
    assert repair.messages[-1]["role"] == "user" and "JSON" in repair.messages[-1]["content"]
    assert repair.schema_name == "safety_verdict"


def test_json_that_is_not_a_verdict_is_repaired_and_usage_adds_up():
    text = ScriptedText(
        verdict({"allowed": "maybe"}, usage={"input_tokens": 300, "output_tokens": 5}),
        verdict({"allowed": True, "category": "none", "reason": ""}, usage={"input_tokens": 340, "output_tokens": 9}),
    )

    result = ClassifierSafety(text).screen("a robot learns to paint")

    assert result.allowed
    assert result.usage == {"input_tokens": 640, "output_tokens": 14}
    assert '"allowed": "maybe"' in text.requests[1].messages[-2]["content"]


def test_two_bad_answers_fail_with_a_message_naming_the_provider():
    text = ScriptedText(MalformedOutput("not JSON", raw="{"), verdict(["allowed"]))
    with pytest.raises(BackendError) as failed:
        ClassifierSafety(text).screen("a knight")
    assert str(failed.value) == (
        "The safety check (Groq) answered twice in a form that could not be read; try again in a while."
    )
    assert len(text.requests) == 2


def test_provider_failures_and_cancels_propagate_without_a_repair():
    for error in (ProviderCancelled("Groq"), ProviderUnavailable("Groq had a server error (500).", provider="Groq")):
        text = ScriptedText(error)
        with pytest.raises(type(error)):
            ClassifierSafety(text).screen("a knight")
        assert len(text.requests) == 1


def test_blank_text_is_allowed_without_asking():
    text = ScriptedText()
    assert ClassifierSafety(text).screen("  \n").allowed
    assert text.requests == []


@pytest.mark.parametrize(
    ("slug", "display"),
    [
        ("groq", "Groq"),
        ("anthropic", "Anthropic"),
        ("openrouter", "OpenRouter"),
        ("huggingface", "Hugging Face"),
        ("openai_compatible", "OpenAI-compatible server"),
    ],
)
def test_each_text_provider_is_a_safety_backend_built_on_its_own_text_backend(monkeypatch, slug, display):
    built: list[ProviderConfig] = []

    def text_factory(config: ProviderConfig) -> ScriptedText:
        built.append(config)
        return ScriptedText(MalformedOutput("x", raw="x"), MalformedOutput("x", raw="x"), name=slug, model=config.model)

    monkeypatch.setitem(registry._factories["text"], slug, text_factory)
    config = ProviderConfig(provider=slug, base_url="https://example.invalid/v1", api_key="sk-test-1", model="m-1")

    safety = registry.create("safety", slug, config=config)

    assert isinstance(safety, ClassifierSafety)
    assert built == [config]
    assert safety.name == slug and safety.model == "m-1"
    with pytest.raises(BackendError, match=rf"^The safety check \({display}\)"):
        safety.screen("a knight")


def test_openai_safety_is_the_moderation_endpoint_not_the_classifier():
    config = ProviderConfig(provider="openai", base_url="https://example.invalid/v1", api_key="sk-test-1")
    assert not isinstance(registry.create("safety", "openai", config=config), ClassifierSafety)
