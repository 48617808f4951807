"""Slow, breakable stand-ins for real providers: used by tests and ``make bench``.

Each backend wraps its built-in equivalent and takes ``delay`` seconds per
call, its answer included, as a provider's latency includes its work: the
built-in answers, then ``time.sleep`` waits out the rest (so calls made from
several threads overlap, like network calls do). Failures can be injected to
exercise retries and repair:

* ``fail_times=N``: the first N calls raise ``BackendError("injected failure")``;
* ``malformed_times=M`` (storyteller only): the next M calls raise
  ``MalformedOutput("not JSON", raw="{oops")``;
* ``block_words`` (safety only): any text containing one of these words
  (case-insensitive) is blocked with category ``"test_block"``.

``jitter=J`` makes each call take between ``delay`` and ``delay + J``
seconds instead, drawn from ``seed`` and the request itself (not the order
of calls), so the same comic gets the same latencies however its calls
interleave across threads; ``delay_for(request)`` says how long a request
takes. Without jitter every call takes ``delay``.

Counters are per instance and thread-safe; ``calls`` counts every call,
including the failed ones. All three are registered under the name
``"latency"``; ``LatencyPainter(draw="flat")`` paints plain colour fields
instead of calling the built-in painter; other keyword options go to the
wrapped built-in backend.
"""

from __future__ import annotations

import functools
import hashlib
import io
import threading
import time
from collections.abc import Callable
from typing import Any

from PIL import Image

from . import registry
from .base import BackendError, ImageRequest, ImageResult, MalformedOutput, SafetyVerdict, TextRequest, TextResult

__all__ = ["LatencyPainter", "LatencySafety", "LatencyStoryteller"]


class _Calls:
    """A thread-safe call counter: ``next()`` returns this call's 1-based number."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    def next(self) -> int:
        with self._lock:
            self.count += 1
            return self.count

    def reset(self, value: int = 0) -> None:
        with self._lock:
            self.count = int(value)


class _Counted:
    """``calls``: how many calls so far (assign to reset, e.g. ``backend.calls = 0``)."""

    _calls: _Calls

    @property
    def calls(self) -> int:
        return self._calls.count

    @calls.setter
    def calls(self, value: int) -> None:
        self._calls.reset(value)


def _sleep(delay: float) -> None:
    if delay > 0:
        time.sleep(delay)


def _within(delay: float, answer: Callable[[], Any]) -> Any:
    """``answer()``, returned (or raised) ``delay`` seconds after the call began, or as soon as it is made."""
    started = time.monotonic()
    try:
        return answer()
    finally:
        _sleep(delay - (time.monotonic() - started))


class _Delays:
    """``delay`` seconds per call, plus up to ``jitter`` more drawn from ``seed`` and what was asked."""

    delay: float
    jitter: float
    seed: int

    def _set_delays(self, delay: float, jitter: float, seed: int) -> None:
        self.delay, self.jitter, self.seed = float(delay), max(0.0, float(jitter)), int(seed)

    def _delay_of(self, *parts: Any) -> float:
        if not self.jitter:
            return self.delay
        digest = hashlib.blake2b(repr((self.seed, *parts)).encode(), digest_size=8).digest()
        return self.delay + self.jitter * int.from_bytes(digest, "big") / 2**64


class LatencyStoryteller(_Delays, _Counted):
    """The built-in storyteller, ``delay`` seconds slower, optionally failing first."""

    name = "latency"

    def __init__(
        self,
        delay: float = 0.1,
        fail_times: int = 0,
        malformed_times: int = 0,
        jitter: float = 0.0,
        seed: int = 0,
        **options: Any,
    ):
        from .builtin.storyteller import BuiltinStoryteller

        self._set_delays(delay, jitter, seed)
        self.fail_times = int(fail_times)
        self.malformed_times = int(malformed_times)
        self._inner = BuiltinStoryteller(**options)
        self._calls = _Calls()

    def delay_for(self, request: TextRequest) -> float:
        return self._delay_of("text", request.schema_name, request.seed, request.messages)

    def complete_json(self, request: TextRequest) -> TextResult:
        number = self._calls.next()
        return _within(self.delay_for(request), lambda: self._answer(number, request))

    def _answer(self, number: int, request: TextRequest) -> TextResult:
        if number <= self.fail_times:
            raise BackendError("injected failure")
        if number <= self.fail_times + self.malformed_times:
            raise MalformedOutput("not JSON", raw="{oops")
        return self._inner.complete_json(request)


class LatencyPainter(_Delays, _Counted):
    """The built-in painter, ``delay`` seconds slower, optionally failing first."""

    name = "latency"

    def __init__(
        self,
        delay: float = 0.2,
        fail_times: int = 0,
        draw: str = "builtin",
        jitter: float = 0.0,
        seed: int = 0,
        **options: Any,
    ):
        from .builtin.painter import BuiltinPainter

        if draw not in ("builtin", "flat"):
            raise ValueError("draw is 'builtin' or 'flat'")
        self._set_delays(delay, jitter, seed)
        self.fail_times = int(fail_times)
        # "flat": a plain colour field, nearly free, so a benchmark measures
        # the pipeline around the painter rather than the painter itself.
        self.draw = draw
        self._inner = BuiltinPainter(**options)
        self._calls = _Calls()

    def delay_for(self, request: ImageRequest) -> float:
        return self._delay_of("image", request.seed, request.prompt, request.width, request.height)

    def paint(self, request: ImageRequest) -> ImageResult:
        number = self._calls.next()
        return _within(self.delay_for(request), lambda: self._picture(number, request))

    def _picture(self, number: int, request: ImageRequest) -> ImageResult:
        if number <= self.fail_times:
            raise BackendError("injected failure")
        if self.draw == "flat":
            return _flat_picture(request)
        return self._inner.paint(request)


def _flat_picture(request: ImageRequest) -> ImageResult:
    with _flat_lock:  # one thread draws each size; the rest wait for the cached copy
        data = _flat_png(request.width, request.height)
    return ImageResult(data, model="latency-flat", width=request.width, height=request.height)


_flat_lock = threading.Lock()


@functools.lru_cache(maxsize=64)
def _flat_png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (150, 190, 230)).save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


class LatencySafety(_Delays, _Counted):
    """The built-in safety check, ``delay`` seconds slower, plus test-only block words."""

    name = "latency"

    def __init__(
        self,
        delay: float = 0.0,
        block_words: tuple[str, ...] | list[str] | str = (),
        jitter: float = 0.0,
        seed: int = 0,
        **options: Any,
    ):
        from .builtin.safety import BuiltinSafety

        self._set_delays(delay, jitter, seed)
        if isinstance(block_words, str):
            block_words = [w for w in block_words.replace(",", " ").split() if w]
        self.block_words = tuple(str(w).lower() for w in block_words if str(w).strip())
        self._inner = BuiltinSafety(**options)
        self._calls = _Calls()

    def delay_for(self, text: str) -> float:
        return self._delay_of("safety", text)

    def screen(self, text: str) -> SafetyVerdict:
        self._calls.next()
        return _within(self.delay_for(text), lambda: self._verdict(text))

    def _verdict(self, text: str) -> SafetyVerdict:
        lowered = (text or "").lower()
        for word in self.block_words:
            if word in lowered:
                return SafetyVerdict(allowed=False, category="test_block", reason=f"Blocked by the test word {word!r}.")
        return self._inner.screen(text)


registry.register("text", "latency", LatencyStoryteller)
registry.register("image", "latency", LatencyPainter)
registry.register("safety", "latency", LatencySafety)
