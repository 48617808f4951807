"""Deterministic randomness: ``random.Random`` instances seeded from SHA-256 hashes, never the global generator."""

from __future__ import annotations

import hashlib
import random
from typing import Any


def _stable_int(*parts: Any) -> int:
    digest = hashlib.sha256("\x1f".join(repr(p) for p in parts).encode("utf-8", "replace")).digest()
    return int.from_bytes(digest[:8], "big")


def _rng(*parts: Any) -> random.Random:
    return random.Random(_stable_int(*parts))
