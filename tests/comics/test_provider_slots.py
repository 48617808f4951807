"""Two jobs on one key share its slots: never more calls in flight than PROVIDER_CONCURRENCY, even across workers."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from comics.metering import Limited
from comics.slots import RedisSlots
from renderers.base import ImageRequest, ImageResult
from renderers.net import ProviderCancelled
from tests.conftest import redis_url_for_tests

REDIS_URL = redis_url_for_tests()


class SlowPainter:
    """Counts how many of its calls are in flight at once, across every Limited wrapping it."""

    name = "slow"

    def __init__(self, seconds: float = 0.15):
        self.seconds = seconds
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0
        self.calls = 0

    def paint(self, request: ImageRequest) -> ImageResult:
        with self.lock:
            self.now += 1
            self.calls += 1
            self.most = max(self.most, self.now)
        time.sleep(self.seconds)
        with self.lock:
            self.now -= 1
        return ImageResult(b"")


REQUEST = ImageRequest(prompt="a lighthouse", width=64, height=64, seed=1)


def paint_from(jobs: list[Limited], calls_each: int) -> None:
    with ThreadPoolExecutor(max_workers=len(jobs) * calls_each) as pool:
        for job in jobs:
            for _ in range(calls_each):
                pool.submit(job.paint, REQUEST)


def test_two_jobs_in_one_process_share_the_accounts_slots():
    painter = SlowPainter()
    slots = threading.BoundedSemaphore(2)
    jobs = [Limited(painter, slots, threading.Event()), Limited(painter, slots, threading.Event())]
    paint_from(jobs, calls_each=4)
    assert (painter.calls, painter.most) == (8, 2)


@pytest.mark.services
@pytest.mark.skipif(not REDIS_URL, reason="Redis is not reachable (set TEST_REDIS_URL)")
def test_two_workers_share_the_accounts_slots_through_redis():
    import redis

    key = f"test-slots-{uuid.uuid4().hex}"
    # Two clients and two slot objects: two worker processes as far as Redis can tell.
    first = RedisSlots(redis.Redis.from_url(REDIS_URL), key, 3, lapse_seconds=60)
    second = RedisSlots(redis.Redis.from_url(REDIS_URL), key, 3, lapse_seconds=60)
    painter = SlowPainter()
    paint_from([Limited(painter, first, threading.Event()), Limited(painter, second, threading.Event())], 5)
    assert (painter.calls, painter.most) == (10, 3)
    assert redis.Redis.from_url(REDIS_URL).zcard(key) == 0, "every slot was given back"


@pytest.mark.services
@pytest.mark.skipif(not REDIS_URL, reason="Redis is not reachable (set TEST_REDIS_URL)")
def test_a_slot_held_by_a_worker_that_died_comes_free_by_itself():
    import redis

    key = f"test-slots-{uuid.uuid4().hex}"
    dead = RedisSlots(redis.Redis.from_url(REDIS_URL), key, 1, lapse_seconds=0.5)
    assert dead.acquire(timeout=0)  # and never released: its process was killed
    alive = RedisSlots(redis.Redis.from_url(REDIS_URL), key, 1, lapse_seconds=0.5)
    assert not alive.acquire(timeout=0.1)
    started = time.monotonic()
    assert alive.acquire(timeout=3)
    assert time.monotonic() - started < 1.5
    alive.release()


def test_a_cancelled_job_stops_waiting_for_a_slot():
    painter = SlowPainter(seconds=2)
    slots = threading.BoundedSemaphore(1)
    busy = Limited(painter, slots, threading.Event())
    stop = threading.Event()
    waiting = Limited(painter, slots, stop)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(busy.paint, REQUEST)
        time.sleep(0.1)
        threading.Timer(0.2, stop.set).start()
        started = time.monotonic()
        with pytest.raises(ProviderCancelled):
            waiting.paint(REQUEST)
        assert time.monotonic() - started < 1
    assert painter.calls == 1
