"""When to try a provider call again, and how long to wait first.

Retried: 408, 429, every 5xx (529 is Anthropic's "overloaded"), timeouts
and broken connections. Never retried: other 4xx (a wrong key or a bad
request fails the same way every time), or when the provider says
``x-should-retry: false``. Waits grow exponentially with jitter, unless the
provider says how long to wait (``retry-after-ms``, then ``Retry-After`` in
seconds or as an HTTP date). Attempts and the total time spent waiting are
both capped; a provider asking for a longer wait than the cap is not waited
for at all.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import tenacity

__all__ = ["RetryPolicy", "asked_too_long", "parse_retry_after", "retryable_status"]


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. ``attempts`` counts the first try."""

    attempts: int = 4
    base_delay: float = 1.0  # the first backoff; each next one doubles
    jitter: float = 1.0  # up to this many seconds added at random
    max_delay: float = 60.0  # no single wait is longer
    max_total_wait: float = 120.0  # waits of one call add up to no more than this

    def wait_strategy(self) -> tenacity.wait.wait_base:
        """Exponential backoff with jitter, or the provider's own Retry-After when given."""
        return _ProviderWait(self)

    def stop_strategy(self) -> tenacity.stop.stop_base:
        return tenacity.stop_after_attempt(self.attempts) | _WaitBudget(self)


def retryable_status(status: int) -> bool:
    return status in (408, 429) or status >= 500


def parse_retry_after(headers: Mapping[str, str], now: Callable[[], datetime] | None = None) -> float | None:
    """Seconds the provider asks to wait, from ``retry-after-ms`` or ``Retry-After``; None if it does not say."""
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000, 0.0)
        except ValueError:
            pass
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now() if now else datetime.now(UTC)
    return max((when - current).total_seconds(), 0.0)


class _ProviderWait(tenacity.wait.wait_base):
    def __init__(self, policy: RetryPolicy):
        self._backoff = tenacity.wait_exponential_jitter(
            multiplier=policy.base_delay, max=policy.max_delay, jitter=policy.jitter
        )

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        failure = retry_state.outcome.exception() if retry_state.outcome else None
        asked = getattr(failure, "retry_after", None)
        if asked is not None:
            # What the provider asked, plus a little jitter so waiting jobs do not return in step.
            return asked + random.uniform(0, min(1.0, asked * 0.1))
        return self._backoff(retry_state)


class _WaitBudget(tenacity.stop.stop_base):
    """Stop when the next wait is longer than one wait may be, or would exceed the total budget."""

    def __init__(self, policy: RetryPolicy):
        self._policy = policy

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        failure = retry_state.outcome.exception() if retry_state.outcome else None
        asked = getattr(failure, "retry_after", None)
        upcoming = asked if asked is not None else retry_state.upcoming_sleep
        return upcoming > self._policy.max_delay or retry_state.idle_for + upcoming > self._policy.max_total_wait


def asked_too_long(retry_after: float | None, policy: RetryPolicy) -> bool:
    """Whether the provider's requested wait is beyond what ``policy`` waits out."""
    return retry_after is not None and retry_after > policy.max_delay
