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
from django.core.cache import caches

T = TypeVar("T")

# Its own cache (settings.CACHES["visitors"]): its many entries never evict rate-limit counters.
cache = caches["visitors"]

GENERATION_KEY = "gallery:generation"
# A stale answer may be served this many times longer than it is fresh while a new one is built.
STALE_FACTOR = 12


def key_for(kind: str, request) -> str:
    """One entry per full address; host and scheme included because the API's page links are absolute."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"gallery:{kind}:{generation()}:{hashlib.sha256(address.encode()).hexdigest()}"


def generation() -> int:
    # Started from the clock, so a generation lost to eviction never comes back to an old value.
    return cache.get_or_set(GENERATION_KEY, time.time_ns, timeout=None)


def forget_everything() -> None:
    """No cached answer shows the gallery as it was before this moment."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def remember(request, kind: str, build: Callable[[], tuple[T, bool]]) -> T:
    """The answer for this address, built by ``build`` (which says whether it may be kept) when needed.

    An aged entry is rebuilt by one request at a time, the one that takes
    the entry's short lock; the others get the aged answer meanwhile.
    """
    fresh_for = settings.PANELCRAFT["GALLERY_CACHE_SECONDS"]
    if fresh_for <= 0:
        return build()[0]
    key = key_for(kind, request)
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


def is_plain_visitor(request) -> bool:
    """A signed-out GET with nothing personal to show: no session, no token, no message waiting."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and "Authorization" not in request.headers
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


# Set by the gallery's views on what a plain visitor may be sent from the cache, headers and all.
MARK = "X-Visitor-Cache"


def mark_for_visitors(request, response):
    """Let ``VisitorResponses`` keep this response for ``GALLERY_CACHE_SECONDS`` (plain visitors, 200 only).

    Never one that used the visitor's CSRF token (a form in the page): the
    token is the visitor's own. ``VisitorResponses`` also refuses anything
    that sets a cookie.
    """
    fresh_for = settings.PANELCRAFT["GALLERY_CACHE_SECONDS"]
    if (
        fresh_for > 0
        and response.status_code == 200
        and is_plain_visitor(request)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        response[MARK] = str(fresh_for)
    return response


class VisitorResponses:
    """ASGI: a plain visitor's GET of a marked page is answered from the cache before Django runs.

    Under ASGI each of Django's middleware hooks hands the request to a
    thread and back, which costs more than building a cached gallery page
    itself; the signed-out gallery and its API are the most requested
    addresses, the same for everyone, so their whole responses (status,
    headers as the middleware made them, body) are kept here, like a
    caching proxy in front of the site would. Only responses the view
    marked (``mark_for_visitors``) are kept, under the same generation as
    the view's own cache, so a taken-down comic leaves at once; an aged
    response is rebuilt by one request while the others get the old one.
    Requests with a session, a token or a message waiting always reach
    Django.
    """

    def __init__(self, app):
        self.app = app

    # The cache is read on the event loop directly: local memory, or one Redis round trip.

    async def __call__(self, scope, receive, send):
        fresh_for = settings.PANELCRAFT["GALLERY_CACHE_SECONDS"]
        if scope["type"] != "http" or fresh_for <= 0 or not _plain_visitor_scope(scope):
            return await self.app(scope, receive, send)
        key = _scope_key(scope)
        entry = cache.get(key)
        if entry is not None:
            fresh_until, start, body = entry
            if fresh_until > time.time() or not cache.add(f"{key}:building", 1, timeout=fresh_for):
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return None
        kept: dict = {}

        async def keeping(message):
            if message["type"] == "http.response.start":
                headers = [
                    (name, value) for name, value in message.get("headers", []) if name.lower() != b"x-visitor-cache"
                ]
                seconds = next((int(v) for n, v in message.get("headers", []) if n.lower() == b"x-visitor-cache"), 0)
                message = {**message, "headers": headers}
                sets_cookie = any(name.lower() == b"set-cookie" for name, _value in headers)
                if seconds and message["status"] == 200 and not sets_cookie:
                    kept.update(
                        start=dict(message), seconds=seconds, body=[]
                    )  # a copy: servers may change what they are sent
            elif message["type"] == "http.response.body" and kept:
                kept["body"].append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, keeping)
        finally:
            if kept:
                body = b"".join(kept["body"])
                cache.set(key, (time.time() + kept["seconds"], kept["start"], body), kept["seconds"] * STALE_FACTOR)
            cache.delete(f"{key}:building")


def _plain_visitor_scope(scope) -> bool:
    if scope["method"] not in ("GET", "HEAD"):
        return False
    headers = scope.get("headers", [])
    if any(name.lower() == b"authorization" for name, _value in headers):
        return False
    # Every Cookie header: HTTP/2 clients may split them.
    cookies = "; ".join(value.decode("latin-1") for name, value in headers if name.lower() == b"cookie")
    names = {part.split("=", 1)[0].strip() for part in cookies.split(";") if part.strip()}
    return settings.SESSION_COOKIE_NAME not in names and "messages" not in names


def _scope_key(scope) -> str:
    headers = dict(scope.get("headers", []))
    address = b"|".join(
        (
            scope["method"].encode(),
            headers.get(b"host", b""),
            headers.get(b"x-forwarded-proto", b""),
            scope.get("scheme", "http").encode(),
            scope["path"].encode(),
            scope.get("query_string", b""),
            headers.get(b"accept", b""),
            headers.get(b"accept-encoding", b""),
        )
    )
    return f"gallery:response:{generation()}:{hashlib.sha256(address).hexdigest()}"
