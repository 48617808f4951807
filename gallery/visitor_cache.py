"""What signed-out visitors see, kept for a few seconds: the gallery page and its API answers.

Those answers are the same for everyone with the same address, and the
gallery is the most visited page, so each is built once per
``GALLERY_CACHE_SECONDS`` and then served without a query. Two things
keep that honest:

- a *generation* in every key, bumped when what the gallery may show
  changes (a comic published, unpublished, hidden, featured; an author
  banned: ``gallery.receivers``), so nobody is shown a taken-down comic
  from the cache; likes do not bump it and show up when the entry ages;
- stale-while-revalidate: when an entry ages, one request (the one that
  takes the short lock) builds the new answer while the others keep
  serving the old one, instead of every request in flight building it at
  once (a stampede that made the slowest requests ten times slower).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")

GENERATION_KEY = "gallery:generation"
# A stale answer may be served this many times longer than it is fresh while a new one is built.
STALE_FACTOR = 12


def key_for(kind: str, request) -> str:
    """One entry per full address; host and scheme included because the API's page links are absolute."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"gallery:{kind}:{generation()}:{hashlib.sha256(address.encode()).hexdigest()}"


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def forget_everything() -> None:
    """No cached answer shows the gallery as it was before this moment."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, 2, timeout=None)


def remember(key: str, build: Callable[[], tuple[T, bool]]) -> T:
    """The answer under ``key``, built by ``build`` (which says whether it may be kept) when needed."""
    fresh_for = settings.PANELCRAFT["GALLERY_CACHE_SECONDS"]
    if fresh_for <= 0:
        return build()[0]
    entry = cache.get(key)
    now = time.time()
    if entry is not None:
        fresh_until, value = entry
        if fresh_until > now or not cache.add(f"{key}:building", 1, timeout=fresh_for):
            return value
    value, keep = build()
    if keep:
        cache.set(key, (now + fresh_for, value), timeout=fresh_for * STALE_FACTOR)
        cache.delete(f"{key}:building")
    return value
