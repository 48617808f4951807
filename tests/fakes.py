"""Backends for tests: count calls, inject faults, script bad answers."""

from __future__ import annotations

import threading

from renderers.base import BackendError, MalformedOutput, TextResult
from renderers.builtin import BuiltinPainter, BuiltinSafety, BuiltinStoryteller


class CountingStoryteller:
    """The built-in storyteller, counting calls; optional scripted answers first."""

    name = "counting-text"

    def __init__(self, scripted: list | None = None):
        self.inner = BuiltinStoryteller()
        self.scripted = list(scripted or [])
        self.calls: list = []
        self.lock = threading.Lock()

    def complete_json(self, request):
        with self.lock:
            self.calls.append(request)
            answer = self.scripted.pop(0) if self.scripted else None
        if answer is None:
            return self.inner.complete_json(request)
        if isinstance(answer, Exception):
            raise answer
        return TextResult(data=answer, model="scripted")


class FlakyPainter:
    """Paints like the built-in painter, but fails every call after ``fail_after``."""

    name = "flaky-painter"

    def __init__(self, fail_after: int | None = None):
        self.inner = BuiltinPainter()
        self.fail_after = fail_after
        self.requests: list = []
        self.lock = threading.Lock()

    def paint(self, request):
        with self.lock:
            self.requests.append(request)
            count = len(self.requests)
        if self.fail_after is not None and count > self.fail_after:
            raise BackendError("the painting server went away")
        return self.inner.paint(request)


class WordSafety:
    """Blocks texts containing any of ``words``; otherwise the built-in check."""

    name = "word-safety"

    def __init__(self, *words: str):
        self.words = [w.lower() for w in words]
        self.inner = BuiltinSafety()
        self.texts: list[str] = []

    def screen(self, text):
        from renderers.base import SafetyVerdict

        self.texts.append(text)
        if any(w in text.lower() for w in self.words):
            return SafetyVerdict(False, "test", "That picture is not allowed here.")
        return self.inner.screen(text)


def malformed(raw: str = "{not json") -> MalformedOutput:
    return MalformedOutput("Expecting property name", raw=raw)
