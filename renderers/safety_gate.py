"""The safety check the pipeline uses: the built-in blocklist first, then a provider's check.

The blocklist (the floor) costs nothing and is always run: what it blocks
stays blocked and no provider is asked. A text it lets through goes to the
provider's check (OpenAI moderation, or a language model judging it), which
sees far more than a blocklist can.

When the provider's check fails (down, rate limited, a wrong key, an
unreadable answer) the gate either lets the floor's verdict stand (fail-open,
the default: a comic is not lost to a provider outage, and the floor still
stopped the worst) or blocks with a plain message (fail-closed, for sites
that would rather make nothing than make something only the floor checked).
A cancelled job is never turned into a verdict: ProviderCancelled propagates.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from .base import BackendError, SafetyVerdict
from .net import ProviderCancelled
from .providers.config import PROVIDER_NAMES

__all__ = ["UNAVAILABLE", "SafetyGate"]

logger = logging.getLogger(__name__)

#: The category of a fail-closed verdict.
UNAVAILABLE = "safety_check_unavailable"


class SafetyGate:
    """A SafetyBackend: ``floor`` first, then ``primary`` (when given) for what the floor allows.

    Holds no per-call state, so one gate serves the pipeline's parallel
    screening threads; ``fallbacks`` (how many texts were let through on the
    floor alone) is counted under a lock.
    """

    def __init__(self, primary: Any = None, *, floor: Any, fail_closed: bool = False, log: logging.Logger = logger):
        self.primary = primary
        self.floor = floor
        self.fail_closed = fail_closed
        self.log = log
        self.name = primary.name if primary is not None else floor.name
        self.names = f"{floor.name} + {primary.name}" if primary is not None else floor.name
        self.model = getattr(primary, "model", "") if primary is not None else ""
        self._provider = _display_name(primary) if primary is not None else ""
        self._lock = threading.Lock()
        self._fallbacks = 0

    def __repr__(self) -> str:
        return f"<SafetyGate {self.names}{' fail-closed' if self.fail_closed else ''}>"

    @property
    def fallbacks(self) -> int:
        with self._lock:
            return self._fallbacks

    def screen(self, text: str) -> SafetyVerdict:
        floor_verdict = self.floor.screen(text)
        if not floor_verdict.allowed or self.primary is None:
            return floor_verdict
        try:
            return self.primary.screen(text)
        except ProviderCancelled:
            raise
        except BackendError as exc:
            failure = exc
        # Outside the handler: the verdict and the log line carry the message only, never a chained request.
        if self.fail_closed:
            self.log.warning("Safety check %s failed, so the text was blocked: %s", self._provider, failure)
            return SafetyVerdict(
                allowed=False,
                category=UNAVAILABLE,
                reason=f"The safety check ({self._provider}) could not be reached, so nothing was made; "
                "retry in a while.",
            )
        with self._lock:
            self._fallbacks += 1
        self.log.warning(
            "Safety check %s failed, so the text was screened by the %s blocklist only: %s",
            self._provider,
            self.floor.name,
            failure,
        )
        return floor_verdict


def _display_name(backend: Any) -> str:
    name = getattr(backend, "display_name", "") or ""
    return name or PROVIDER_NAMES.get(backend.name, backend.name)
