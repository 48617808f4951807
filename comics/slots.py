"""How many calls may be in flight at once to one provider account, across every worker.

With Redis (production: several Celery worker processes, maybe machines)
the slots of an account are members of one sorted set, scored by when they
lapse: taking one is a single Lua script (drop lapsed members, count, add),
so two jobs on one key never send more than ``PROVIDER_CONCURRENCY`` calls
together. A slot lapses by itself after the longest a call may take, so a
worker killed mid-call cannot hold it for ever. Without Redis every job runs
in this process and a plain semaphore does the same.
"""

from __future__ import annotations

import threading
import time
import uuid

from django.conf import settings

# KEYS[1] the set; ARGV: now, lapse time, size, token. Returns 1 when the slot was taken.
_TAKE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
  redis.call('EXPIRE', KEYS[1], math.ceil(ARGV[2] - ARGV[1]) + 60)
  return 1
end
return 0
"""
_POLL_SECONDS = 0.1


class RedisSlots:
    """``size`` slots shared by every process using the same Redis; acquire/release like a semaphore."""

    def __init__(self, client, key: str, size: int, lapse_seconds: float):
        self._client = client
        self._key = key
        self._size = max(1, size)
        self._lapse = lapse_seconds
        self._take = client.register_script(_TAKE)
        self._held = threading.local()

    def acquire(self, timeout: float) -> bool:
        """Take a slot, waiting up to ``timeout`` seconds; False if none came free."""
        token = uuid.uuid4().hex
        deadline = time.monotonic() + timeout
        while True:
            now = time.time()
            if self._take(keys=[self._key], args=[now, now + self._lapse, self._size, token]):
                self._held.__dict__.setdefault("tokens", []).append(token)
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(min(_POLL_SECONDS, max(0.0, deadline - time.monotonic())))

    def release(self) -> None:
        tokens = self._held.__dict__.get("tokens") or []
        if tokens:
            self._client.zrem(self._key, tokens.pop())


_local: dict[str, threading.BoundedSemaphore] = {}
_local_lock = threading.Lock()
_redis_clients: dict[str, object] = {}


def slots_for(key: str, size: int):
    """The slots of ``key`` ("account:12", "site:image"): shared through Redis when there is one."""
    redis_url = settings.REDIS_URL
    if redis_url:
        import redis

        with _local_lock:
            client = _redis_clients.get(redis_url)
            if client is None:
                client = _redis_clients[redis_url] = redis.Redis.from_url(redis_url)
        # No call outlives its job's hard time limit, so a slot held longer belongs to a dead worker.
        lapse = max(settings.CELERY_TASK_TIME_LIMIT, settings.PANELCRAFT["PROVIDER_MAX_WAIT_SECONDS"]) + 60
        return RedisSlots(client, f"{settings.CELERY_TASK_DEFAULT_QUEUE}:provider-slots:{key}", size, lapse)
    with _local_lock:
        if key not in _local:
            _local[key] = threading.BoundedSemaphore(max(1, size))
        return _local[key]
