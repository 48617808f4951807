"""The signed-out gallery cache: built once while fresh, rebuilt by one request when it ages."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from gallery import visitor_cache


@pytest.fixture
def fresh_for(settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "GALLERY_CACHE_SECONDS": 5}


def counting_builder(values):
    calls = []

    def build():
        calls.append(1)
        return values[len(calls) - 1], True

    return build, calls


def test_a_fresh_answer_is_built_once(fresh_for):
    build, calls = counting_builder(["first", "second"])

    assert visitor_cache.remember("k", build) == "first"
    assert visitor_cache.remember("k", build) == "first"
    assert len(calls) == 1


def test_an_aged_answer_is_rebuilt_by_one_request_while_the_others_get_the_old_one(fresh_for, monkeypatch):
    build, calls = counting_builder(["first", "second", "third"])
    visitor_cache.remember("k", build)
    later = time.time() + 6
    monkeypatch.setattr(visitor_cache.time, "time", lambda: later)
    cache.add("k:building", 1)  # another request is rebuilding it right now

    assert visitor_cache.remember("k", build) == "first"
    assert len(calls) == 1

    cache.delete("k:building")  # it finished (or gave up): the next request rebuilds
    assert visitor_cache.remember("k", build) == "second"
    assert visitor_cache.remember("k", build) == "second"


def test_an_answer_that_may_not_be_kept_is_built_every_time(fresh_for):
    calls = []

    def build():
        calls.append(1)
        return "refused", False

    visitor_cache.remember("k", build)
    visitor_cache.remember("k", build)
    assert len(calls) == 2


def test_forgetting_everything_changes_every_key(rf):
    request = rf.get("/gallery/?sort=top")
    before = visitor_cache.key_for("page", request)

    visitor_cache.forget_everything()

    assert visitor_cache.key_for("page", request) != before
