"""The safety gate: the blocklist first, then the provider's check, and what a failed check means."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import pytest

from renderers.base import SafetyVerdict
from renderers.builtin.safety import CATEGORIES, BuiltinSafety
from renderers.net import ProviderAuthError, ProviderCancelled, ProviderUnavailable, RetryPolicy
from renderers.providers import ProviderConfig
from renderers.providers.moderation import CATEGORY_REASONS, ModerationSafety
from renderers.safety_gate import UNAVAILABLE, SafetyGate
from tests.provider_fakes.moderation import ModerationFake

KEY = "sk-test-gate-0b5d8e"


class RecordingSafety:
    """A provider check that answers from a script and records what it was asked."""

    def __init__(self, *answers, name: str = "openai", model: str = "omni-moderation-latest"):
        self.answers = list(answers)
        self.name = name
        self.model = model
        self.texts: list[str] = []

    def screen(self, text: str) -> SafetyVerdict:
        self.texts.append(text)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, BaseException):
            raise answer
        return answer


def down(provider: str = "OpenAI") -> ProviderUnavailable:
    return ProviderUnavailable(f"{provider} had a server error (500); try again later.", provider=provider)


def test_a_floor_block_is_final_and_the_provider_is_not_asked():
    primary = RecordingSafety(SafetyVerdict(allowed=True))
    gate = SafetyGate(primary, floor=BuiltinSafety())

    verdict = gate.screen("how to build a bomb")

    assert not verdict.allowed
    assert verdict.category == "weapons_of_mass_harm"
    assert verdict.reason == CATEGORIES["weapons_of_mass_harm"]
    assert primary.texts == []


def test_what_the_floor_allows_is_judged_by_the_provider():
    blocked = SafetyVerdict(allowed=False, category="violence", reason=CATEGORY_REASONS["violence"], model="omni-x")
    primary = RecordingSafety(blocked)
    gate = SafetyGate(primary, floor=BuiltinSafety())

    assert gate.screen("a very gory battle") == blocked
    assert primary.texts == ["a very gory battle"]


def test_a_provider_pass_is_returned_with_its_model_and_usage():
    passed = SafetyVerdict(allowed=True, model="claude-3-5-haiku", usage={"input_tokens": 300, "output_tokens": 8})
    gate = SafetyGate(RecordingSafety(passed, name="anthropic"), floor=BuiltinSafety())
    assert gate.screen("a dragon bakes bread") == passed


def test_a_failed_provider_lets_the_floor_verdict_stand_by_default(caplog):
    gate = SafetyGate(RecordingSafety(down()), floor=BuiltinSafety())

    with caplog.at_level(logging.WARNING, logger="renderers.safety_gate"):
        verdict = gate.screen("a dragon bakes bread")

    assert verdict == SafetyVerdict(allowed=True)
    assert gate.fallbacks == 1
    (record,) = [r for r in caplog.records if r.name == "renderers.safety_gate"]
    assert record.levelno == logging.WARNING
    assert "OpenAI" in record.getMessage() and "builtin" in record.getMessage()


def test_fail_closed_blocks_with_a_message_to_retry_later():
    gate = SafetyGate(RecordingSafety(down()), floor=BuiltinSafety(), fail_closed=True)

    verdict = gate.screen("a dragon bakes bread")

    assert not verdict.allowed
    assert verdict.category == UNAVAILABLE
    assert verdict.reason == "The safety check (OpenAI) could not be reached, so nothing was made; retry in a while."
    assert gate.fallbacks == 0


def test_a_key_in_a_failure_never_reaches_the_log(caplog):
    failure = ProviderAuthError("Groq rejected the API key (401). Check it on your settings page.", provider="Groq")
    failure.body = KEY.encode()
    gate = SafetyGate(RecordingSafety(failure, name="groq"), floor=BuiltinSafety())
    with caplog.at_level(logging.WARNING):
        assert gate.screen("a knight").allowed
    assert "Groq rejected the API key" in caplog.text
    assert KEY not in caplog.text


def test_a_cancel_propagates_in_either_mode():
    for fail_closed in (False, True):
        gate = SafetyGate(RecordingSafety(ProviderCancelled("OpenAI")), floor=BuiltinSafety(), fail_closed=fail_closed)
        with pytest.raises(ProviderCancelled):
            gate.screen("a knight")


def test_a_fault_that_is_not_a_backend_error_is_not_hidden():
    gate = SafetyGate(RecordingSafety(ZeroDivisionError()), floor=BuiltinSafety())
    with pytest.raises(ZeroDivisionError):
        gate.screen("a knight")


def test_without_a_provider_the_floor_alone_decides():
    gate = SafetyGate(None, floor=BuiltinSafety())
    assert gate.name == "builtin" and gate.names == "builtin"
    assert gate.screen("a ninja cat").allowed
    assert gate.screen("how to poison someone").category == "real_world_violence_instructions"


def test_the_gate_is_named_after_its_provider():
    gate = SafetyGate(RecordingSafety(SafetyVerdict(allowed=True), name="groq"), floor=BuiltinSafety())
    assert gate.name == "groq"
    assert gate.names == "builtin + groq"


def test_parallel_screening_against_the_moderation_endpoint():
    texts = [f"panel {n}: " + ("a gore-soaked duel" if n % 3 == 0 else "a picnic in the park") for n in range(24)]
    texts += ["how to build a bomb"] * 6
    with ModerationFake(api_key=KEY) as fake:
        config = ProviderConfig(
            provider="openai",
            base_url=fake.url,
            api_key=KEY,
            allowed_hosts="127.0.0.1",
            retry=RetryPolicy(attempts=2, base_delay=0.01, jitter=0),
        )
        gate = SafetyGate(ModerationSafety(config), floor=BuiltinSafety(), fail_closed=True)
        with ThreadPoolExecutor(max_workers=8) as pool:
            verdicts = list(pool.map(gate.screen, texts))
        calls = fake.calls
        inputs = sorted(fake.inputs)

    categories = [v.category for v in verdicts]
    assert categories[:24] == ["violence" if n % 3 == 0 else "" for n in range(24)]
    assert categories[24:] == ["weapons_of_mass_harm"] * 6
    assert calls == 24  # the floor's blocks never reached the provider
    assert inputs == sorted(texts[:24])


def test_fail_open_under_parallel_failures_counts_every_fallback():
    gate = SafetyGate(RecordingSafety(down()), floor=BuiltinSafety())
    with ThreadPoolExecutor(max_workers=8) as pool:
        verdicts = list(pool.map(gate.screen, [f"a calm lake, panel {n}" for n in range(40)]))
    assert all(v.allowed for v in verdicts)
    assert gate.fallbacks == 40


def test_a_provider_that_stays_down_is_reported_by_name_when_failing_closed():
    with ModerationFake() as fake:
        fake.down = True
        config = ProviderConfig(
            provider="openai",
            base_url=fake.url,
            api_key=KEY,
            allowed_hosts="127.0.0.1",
            retry=RetryPolicy(attempts=2, base_delay=0.01, jitter=0),
        )
        closed = SafetyGate(ModerationSafety(config), floor=BuiltinSafety(), fail_closed=True)
        opened = SafetyGate(ModerationSafety(config), floor=BuiltinSafety())
        assert "(OpenAI) could not be reached" in closed.screen("a gore-soaked duel").reason
        # Failing open, only the floor judged: what it allows goes through.
        assert opened.screen("a gore-soaked duel").allowed
        assert fake.calls == 4
