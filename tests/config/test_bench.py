"""``make bench``'s pipeline run, end to end on a tiny comic, and the jittered latencies it relies on.

Only that the run works and says what it measured: no timing is asserted.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from renderers.base import ImageRequest
from renderers.latency import LatencyPainter, LatencyStoryteller

ROOT = Path(__file__).resolve().parents[2]
KEYS = (
    "wall_s",
    "first_page_s",
    "critical_path_s",
    "critical_path_ratio",
    "first_page_critical_s",
    "first_page_ratio",
)


def test_the_quick_bench_runs_a_comic_over_the_websocket_and_prints_its_numbers():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    done = subprocess.run(
        [sys.executable, "benchmarks/critical_path.py", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    printed = dict(re.findall(r"^(\w+)=([-\d.]+)$", done.stdout, re.MULTILINE))
    assert set(KEYS) <= set(printed), done.stdout
    assert all(float(printed[key]) > 0 for key in KEYS), done.stdout
    # The first page cannot arrive after the whole comic is done.
    assert float(printed["first_page_s"]) <= float(printed["wall_s"])
    verdicts = re.findall(r"^(critical_path_ratio|first_page_ratio) .*: goal (met|missed)$", done.stdout, re.MULTILINE)
    assert [name for name, _ in verdicts] == ["critical_path_ratio", "first_page_ratio"], done.stdout


def _picture(seed: int) -> ImageRequest:
    return ImageRequest(prompt="A dragon pours tea.", width=64, height=64, seed=seed)


def test_jittered_latencies_are_drawn_from_the_seed_and_the_request_within_their_range():
    painter = LatencyPainter(delay=0.1, jitter=0.3, seed=7)
    delays = [painter.delay_for(_picture(seed)) for seed in range(40)]
    assert all(0.1 <= delay <= 0.4 for delay in delays)
    assert len(set(delays)) == len(delays), "each picture gets its own latency"
    assert delays == [LatencyPainter(delay=0.1, jitter=0.3, seed=7).delay_for(_picture(s)) for s in range(40)]
    assert delays != [LatencyPainter(delay=0.1, jitter=0.3, seed=8).delay_for(_picture(s)) for s in range(40)]


def test_without_jitter_every_call_takes_the_delay():
    assert {LatencyPainter(delay=0.2).delay_for(_picture(seed)) for seed in range(10)} == {0.2}
    assert LatencyStoryteller().jitter == 0.0
