"""``GET /healthz``: can this process reach its database, broker and media storage?

Load balancers and orchestrators poll it, so it answers within a few seconds
whatever is down: every check has its own short timeout, the checks run side
by side in a few threads of their own, and the view is async so a slow probe
never holds up the thread that serves the other pages. A failure names the
check and the kind of error only; the details, which can hold host names, go
to the log.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
import uuid
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)

# Seconds each check may take to connect or to wait for an answer.
TIMEOUT = 2
# A check that has not returned by then counts as down, whatever it waits on.
DEADLINE = TIMEOUT + 1
PROBE = b"panelcraft health probe"
# Its own few threads: a check stuck past the deadline holds one of these,
# never the server's, and once all are stuck later checks time out as down.
_threads = ThreadPoolExecutor(max_workers=8, thread_name_prefix="healthz")


def check_database() -> dict:
    """Open a fresh connection and run a query, as the next request would."""
    db = connections.create_connection(DEFAULT_DB_ALIAS)
    if db.vendor == "postgresql":
        # A copy, so the shared settings keep the operator's own timeout; and
        # a plain connection, not a pool of its own per probe.
        options = {key: value for key, value in db.settings_dict["OPTIONS"].items() if key != "pool"}
        db.settings_dict = {**db.settings_dict, "OPTIONS": {**options, "connect_timeout": TIMEOUT}}
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        db.close()
    return {"ok": True, "vendor": db.vendor}


def check_broker() -> dict:
    """Ping Redis, the Celery broker and channel layer. In-process jobs need none."""
    if not settings.REDIS_URL:
        return {"ok": True, "used": False}
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT, retry=Retry(NoBackoff(), 0)
    )
    try:
        client.ping()
    finally:
        client.close()
    return {"ok": True, "used": True}


def check_storage() -> dict:
    """Write, read back and delete a small file where comics keep theirs."""
    storage = _quick(storages["default"])
    name = storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(PROBE))
    try:
        with storage.open(name, "rb") as handle:
            if handle.read() != PROBE:
                raise ValueError("the probe file read back different")
    finally:
        storage.delete(name)
    return {"ok": True, "backend": type(storage).__name__}


def _quick(storage):
    """The same storage with short timeouts and a single attempt, made once per storage.

    An S3 client waits a minute per connection and retries with backoff by
    default, which would leave a probe hanging while the endpoint is down.
    Kept between probes: building an S3 client reads its service model, which
    on a busy machine alone can take longer than a probe may.
    """
    config = getattr(storage, "client_config", None)
    if config is None:
        return storage
    if (quick := _quick_copies.get(storage)) is not None:
        return quick
    from botocore.config import Config

    quick = copy.copy(storage)  # S3Storage copies without its open connections
    quick.client_config = config.merge(
        Config(connect_timeout=TIMEOUT, read_timeout=TIMEOUT, retries={"total_max_attempts": 1})
    )
    _quick_copies[storage] = quick
    return quick


_quick_copies: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
}


async def _run(name: str, check: Callable[[], dict]) -> dict:
    started = time.monotonic()
    try:
        result = await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(_threads, check), DEADLINE)
    except TimeoutError:
        log.warning("Health check %s timed out after %ss", name, DEADLINE)
        result = {"ok": False, "error": "timed out"}
    except Exception as exc:
        log.warning("Health check %s failed", name, exc_info=True)
        result = {"ok": False, "error": type(exc).__name__}
    return {**result, "seconds": round(time.monotonic() - started, 3)}


# Answers are reused this long: the endpoint needs no login, and each fresh
# answer costs a database connection and a storage write, read and delete.
CACHE_SECONDS = 2.0
_recent: tuple[float, dict] | None = None


async def current_health() -> dict:
    global _recent
    if _recent is not None and time.monotonic() - _recent[0] < CACHE_SECONDS:
        return _recent[1]
    results = await asyncio.gather(*(_run(name, check) for name, check in CHECKS.items()))
    checks = dict(zip(CHECKS, results, strict=True))
    healthy = all(result["ok"] for result in checks.values())
    body = {"status": "ok" if healthy else "down", "checks": checks}
    _recent = (time.monotonic(), body)
    return body


@require_safe
@never_cache
async def healthz(request):
    body = await current_health()
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)
