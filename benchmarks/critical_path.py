"""How close the pipeline gets to its critical path.

Runs a 6-page x 4-panel comic with the latency backends (100 ms per text
call, 200 ms per picture) and enough concurrency to paint every panel at
once. The critical path is plan + one page + one painting wave + lettering;
everything above that is overhead. Goal: critical_path_ratio under 1.3.

    make bench            (or: .venv/bin/python benchmarks/critical_path.py)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

TEXT_DELAY, IMAGE_DELAY = 0.1, 0.2
PAGES, PANELS = 6, 4


def configure(workdir: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SQLITE_PATH": str(workdir / "bench.sqlite3"),
            "MEDIA_ROOT": str(workdir / "media"),
            "PANELCRAFT_PAINT_CONCURRENCY": str(PAGES * PANELS + 1),
            "PANELCRAFT_TEXT_CONCURRENCY": str(PAGES),
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="panelcraft-bench-") as tmp:
        configure(Path(tmp))
        from django.contrib.auth import get_user_model

        from comics import services
        from comics.pipeline import Backends, run_job
        from renderers.latency import LatencyPainter, LatencySafety, LatencyStoryteller

        user = get_user_model().objects.create_user("bench")
        _comic, job = services.create_comic(
            owner=user,
            idea="a shy dragon who opens a tiny tea shop",
            pages=PAGES,
            panels_per_page=PANELS,
            style="classic-comic",
            seed=1,
            enqueue=False,
        )
        backends = Backends(
            text=LatencyStoryteller(delay=TEXT_DELAY),
            image=LatencyPainter(delay=IMAGE_DELAY, draw="flat"),
            safety=LatencySafety(delay=0.0),
        )
        started = time.perf_counter()
        job = run_job(job.pk, backends=backends)
        wall = time.perf_counter() - started
        if job.status != "succeeded":
            raise SystemExit(f"job failed: {job.error}")

        lettering = job.timings["letter"]
        pdf = job.timings["pdf"]
        critical = TEXT_DELAY + TEXT_DELAY + IMAGE_DELAY + lettering
        print(f"comic: {PAGES} pages x {PANELS} panels + cover, {backends.image.calls} pictures painted")
        print(f"wall_time_s={wall:.3f}")
        print(
            f"critical_path_s={critical:.3f} (plan {TEXT_DELAY} + page {TEXT_DELAY} + wave {IMAGE_DELAY}"
            f" + lettering {lettering:.3f})"
        )
        print("steps_s=" + ", ".join(f"{k}:{v:.3f}" for k, v in job.timings.items()))
        print(f"lettering_ms_per_page={lettering * 1000 / (PAGES + 1):.1f}")
        print(f"pdf_ms={pdf * 1000:.1f}")
        print(f"critical_path_ratio={wall / critical:.3f}")


if __name__ == "__main__":
    main()
