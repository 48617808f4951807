"""Plain keyword matching over prompt text, and stable hashes of text for seeds."""

from __future__ import annotations

import hashlib
import re


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+|[,.;:!?()]", text.lower())


def _has(text: str, *words: str) -> int:
    """Position of the earliest of ``words`` (plural forms allowed), or -1."""
    best = -1
    for word in words:
        m = re.search(rf"\b{re.escape(word)}(?:s|es)?\b", text)
        if m and (best < 0 or m.start() < best):
            best = m.start()
    return best


def _stable_int(*parts: object) -> int:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")
