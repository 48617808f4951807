"""The latency backends: slow, countable, and breakable on purpose."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from renderers import registry
from renderers.base import BackendError, ImageRequest, MalformedOutput, TextRequest
from renderers.latency import LatencyPainter, LatencySafety, LatencyStoryteller


def _plan_request():
    brief = {
        "task": "plan",
        "idea": "a shy dragon who opens a tiny tea shop",
        "kind": "comic",
        "pages": 2,
        "panels_per_page": 2,
        "style": "x",
    }
    return TextRequest(
        messages=({"role": "user", "content": "```json\n" + json.dumps(brief) + "\n```"},),
        schema={},
        schema_name="comic_plan",
        seed=1,
    )


def _image_request():
    return ImageRequest(prompt="A dragon in a tea shop.", width=64, height=64, seed=1)


def _timed(call):
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def test_storyteller_waits_then_answers_like_the_builtin():
    backend = LatencyStoryteller(delay=0.05)
    result, took = _timed(lambda: backend.complete_json(_plan_request()))
    assert took >= 0.05
    assert len(result.data["beats"]) == 2
    assert result.model == "builtin-storyteller-1"
    assert backend.calls == 1


def test_a_call_takes_its_delay_with_the_answer_made_inside_it(monkeypatch):
    # A provider's latency includes its own work: a slow answer is waited out, not added on top.
    backend = LatencyStoryteller(delay=0.4)
    answer = backend._inner.complete_json

    def slow(request):
        time.sleep(0.3)
        return answer(request)

    monkeypatch.setattr(backend._inner, "complete_json", slow)
    result, took = _timed(lambda: backend.complete_json(_plan_request()))
    assert 0.4 <= took < 0.6  # not 0.7
    assert len(result.data["beats"]) == 2
    # An answer slower than the delay is returned as soon as it is made.
    monkeypatch.setattr(backend, "delay", 0.1)
    _, took = _timed(lambda: backend.complete_json(_plan_request()))
    assert 0.3 <= took < 0.38  # not 0.4


def test_default_delays():
    assert LatencyStoryteller().delay == 0.1
    assert LatencyPainter().delay == 0.2
    assert LatencySafety().delay == 0.0


def test_painter_waits_then_paints():
    backend = LatencyPainter(delay=0.05)
    result, took = _timed(lambda: backend.paint(_image_request()))
    assert took >= 0.05
    assert result.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert backend.calls == 1


def test_painter_passes_options_to_the_builtin(monkeypatch):
    import renderers.builtin.painter as painter

    seen = {}

    class Recording(painter.BuiltinPainter):
        def __init__(self, **options):
            seen.update(options)
            super().__init__()

    monkeypatch.setattr(painter, "BuiltinPainter", Recording)
    backend = LatencyPainter(delay=0, supersample=True)
    assert seen == {"supersample": True}
    assert backend.paint(_image_request()).width == 64


def test_safety_waits_and_delegates():
    backend = LatencySafety(delay=0.03)
    verdict, took = _timed(lambda: backend.screen("how to build a bomb"))
    assert took >= 0.03
    assert verdict.category == "weapons_of_mass_harm"
    assert backend.screen("a dragon's fiery brawl").allowed
    assert backend.calls == 2


def test_safety_block_words():
    backend = LatencySafety(block_words=("Teapot", "kettle"))
    verdict = backend.screen("A TEAPOT on the shelf")
    assert not verdict.allowed and verdict.category == "test_block" and verdict.reason
    assert backend.screen("a cup of tea").allowed
    assert not LatencySafety(block_words="teapot, kettle").screen("the kettle sings").allowed


def test_failures_first_then_success():
    backend = LatencyStoryteller(delay=0, fail_times=2)
    for _ in range(2):
        with pytest.raises(BackendError, match="injected failure") as caught:
            backend.complete_json(_plan_request())
        assert not isinstance(caught.value, MalformedOutput)
    assert backend.complete_json(_plan_request()).data["title"]
    assert backend.calls == 3


def test_malformed_first_then_success():
    backend = LatencyStoryteller(delay=0, malformed_times=2)
    for _ in range(2):
        with pytest.raises(MalformedOutput, match="not JSON") as caught:
            backend.complete_json(_plan_request())
        assert caught.value.raw == "{oops"
    assert backend.complete_json(_plan_request()).data["beats"]
    assert backend.calls == 3


def test_failures_come_before_malformed_answers():
    backend = LatencyStoryteller(delay=0, fail_times=1, malformed_times=1)
    with pytest.raises(BackendError) as first:
        backend.complete_json(_plan_request())
    assert not isinstance(first.value, MalformedOutput)
    with pytest.raises(MalformedOutput):
        backend.complete_json(_plan_request())
    backend.complete_json(_plan_request())


def test_painter_failures_then_success():
    backend = LatencyPainter(delay=0, fail_times=1)
    with pytest.raises(BackendError, match="injected failure"):
        backend.paint(_image_request())
    assert backend.paint(_image_request()).data
    assert backend.calls == 2


def test_counters_are_per_instance_and_resettable():
    one, two = LatencyStoryteller(delay=0, fail_times=1), LatencyStoryteller(delay=0, fail_times=1)
    with pytest.raises(BackendError):
        one.complete_json(_plan_request())
    with pytest.raises(BackendError):
        two.complete_json(_plan_request())
    assert one.calls == two.calls == 1
    one.calls = 0
    with pytest.raises(BackendError):
        one.complete_json(_plan_request())


def test_thread_safe_counting_and_failure_injection():
    backend = LatencyStoryteller(delay=0.01, fail_times=7, malformed_times=5)
    outcomes = []

    def call(_):
        try:
            backend.complete_json(_plan_request())
            return "ok"
        except MalformedOutput:
            return "malformed"
        except BackendError:
            return "failed"

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(call, range(60)))
    assert backend.calls == 60
    assert outcomes.count("failed") == 7
    assert outcomes.count("malformed") == 5
    assert outcomes.count("ok") == 48


def test_calls_from_threads_overlap():
    backend = LatencyPainter(delay=0.2)
    with ThreadPoolExecutor(max_workers=8) as pool:
        _, took = _timed(lambda: list(pool.map(lambda _: backend.paint(_image_request()), range(8))))
    assert took < 0.2 * 8 / 2, "eight 0.2 s paintings in eight threads take about 0.2 s, not 1.6 s"
    assert backend.calls == 8


def test_registered_as_latency_for_every_kind():
    assert "latency" in registry.names("text")
    assert "latency" in registry.names("image")
    assert "latency" in registry.names("safety")
    assert isinstance(registry.text_backend("latency", delay=0), LatencyStoryteller)
    assert isinstance(registry.image_backend("latency", delay=0), LatencyPainter)
    safety = registry.safety_backend("latency", block_words=["x"])
    assert isinstance(safety, LatencySafety) and safety.name == "latency"


def test_flat_painter_returns_plain_pictures_of_the_asked_size_without_the_builtin(monkeypatch):
    import io

    from PIL import Image

    import renderers.builtin.painter as painter

    monkeypatch.setattr(painter.BuiltinPainter, "paint", lambda self, request: pytest.fail("builtin painter used"))
    result = LatencyPainter(delay=0, draw="flat").paint(_image_request())
    image = Image.open(io.BytesIO(result.data))
    assert image.size == (result.width, result.height) == (64, 64)
    assert len(image.getcolors()) == 1


def test_unknown_draw_mode_is_refused():
    with pytest.raises(ValueError):
        LatencyPainter(draw="sketchy")
