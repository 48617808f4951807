"""Backends by name.

Each kind (text, image, safety) has its own table of factories. A factory
takes keyword options and returns a backend object; the built-in offline
backends are registered on import, providers register themselves the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from .base import BackendError

KINDS = ("text", "image", "safety")

_factories: dict[str, dict[str, Callable[..., Any]]] = {kind: {} for kind in KINDS}


class UnknownBackend(BackendError):
    pass


def register(kind: str, name: str, factory: Callable[..., Any]) -> None:
    if kind not in _factories:
        raise ValueError(f"unknown backend kind {kind!r}")
    _factories[kind][name] = factory


def names(kind: str) -> list[str]:
    _load_builtins()
    return sorted(_factories[kind])


def create(kind: str, name: str, **options: Any) -> Any:
    _load_builtins()
    try:
        factory = _factories[kind][name]
    except KeyError:
        raise UnknownBackend(f"There is no {kind} backend called {name!r}.") from None
    return factory(**options)


def text_backend(name: str, **options: Any):
    return create("text", name, **options)


def image_backend(name: str, **options: Any):
    return create("image", name, **options)


def safety_backend(name: str, **options: Any):
    return create("safety", name, **options)


_loaded = False
_load_lock = threading.Lock()


def _load_builtins() -> None:
    # Imported lazily so importing the registry never pulls in Pillow work.
    # The lock makes two jobs starting at once both wait for the full table.
    # The latency test doubles register only when ``renderers.latency`` is
    # imported (tests, benchmarks, or a site that asks for them).
    global _loaded
    if _loaded:
        return
    with _load_lock:
        if not _loaded:
            from . import builtin, providers  # noqa: F401  (register on import)

            _loaded = True
