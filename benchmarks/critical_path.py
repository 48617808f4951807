"""How close the pipeline gets to its critical paths, as the author sees it on the job page.

A real server (uvicorn with ``config.asgi:application``, on a free port, in
this process so that it shares the in-memory channel layer with the job)
serves the job's websocket; a websocket client signed in as the comic's
owner listens to it while the job runs on a thread of its own, with the
latency backends. Two profiles, each a 6-page x 4-panel comic plus its cover,
painted 8 at a time:

* ``steady``: 100 ms per text call, 200 ms per picture;
* ``jittered``: text calls of 1-3 s and pictures of 1-4 s, scaled down 10x
  (0.1-0.3 s and 0.1-0.4 s), drawn from ``--seed`` and each request, so a
  seed always gives the same latencies.

The safety check answers at once in both. For each profile it prints:

* ``first_page_s``: from the job's start until the client receives the first
  lettered page (a ``page`` message for page 1 or later; 0 is the cover);
* ``critical_path_s``: plan + the slowest page call + the painting waves +
  lettering one page + binding. When every picture takes as long, the waves
  are ceil(pictures / concurrency) pictures one after another; with jitter,
  as long as the painters take for all the pictures, each painter taking the
  longest one left as it frees. Lettering done while painting goes on is not
  on the path;
* ``first_page_critical_s``: plan + one page call + one painting + lettering
  one page, for the page that could be first (the shortest page call plus
  its longest picture);
* ``critical_path_ratio`` (wall / critical path) and ``first_page_ratio``
  (first_page_s / first page critical path), each against its goal (1.15
  and 1.2), with "goal met" or "goal missed".

Call latencies are the ones the backends were given, not what the calls took
(time a call spends waiting for the interpreter is overhead, not path).
"Lettering one page" is the lettering lane's busy seconds over the pages and
cover it lettered, and "binding" the PDF step's wall time, both from the run;
the same page lettered again with nothing else running is printed beside it.
Each profile runs ``--repeat`` times (9) and the medians are printed, after
one untimed comic of its shape (a server's first comic of a shape also loads
fonts and libraries and fills caches: the cost of starting, not of a comic).
``--timeline`` adds when each page was written, painted and
lettered, which shows where the time between the calls goes.

    make bench            (or: .venv/bin/python benchmarks/critical_path.py)
    .venv/bin/python benchmarks/critical_path.py --quick     (1 page x 2 panels, a few seconds)

A missed goal is reported, not an error: the exit status is non-zero only
when a run fails or no page reaches the client.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAINT_CONCURRENCY = 8
TEXT_CONCURRENCY = 6
CRITICAL_PATH_GOAL, FIRST_PAGE_GOAL = 1.15, 1.2
# A profile whose job has not finished by then has hung.
RUN_TIMEOUT = 300.0


@dataclass(frozen=True)
class Profile:
    name: str
    text: tuple[float, float]  # seconds per text call: shortest, longest
    image: tuple[float, float]  # seconds per picture: shortest, longest
    pages: int = 6
    panels: int = 4


STEADY = Profile("steady", text=(0.1, 0.1), image=(0.2, 0.2))
JITTERED = Profile("jittered", text=(0.1, 0.3), image=(0.1, 0.4))
QUICK = Profile("quick", text=(0.01, 0.01), image=(0.02, 0.02), pages=1, panels=2)
PROFILES = {p.name: p for p in (STEADY, JITTERED, QUICK)}


def configure(workdir: Path) -> None:
    """Settings as ``make run`` has them, on a fresh SQLite database and media folder in ``workdir``."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SQLITE_PATH": str(workdir / "bench.sqlite3"),
            "MEDIA_ROOT": str(workdir / "media"),
            "DEBUG": "False",
            "PANELCRAFT_LOCAL": "1",
            "PANELCRAFT_SECRET_KEY_FILE": str(workdir / "secret-key"),
            "PANELCRAFT_ENCRYPTION_KEY_FILE": str(workdir / "encryption-key"),
            "PANELCRAFT_PAINT_CONCURRENCY": str(PAINT_CONCURRENCY),
            "PANELCRAFT_TEXT_CONCURRENCY": str(TEXT_CONCURRENCY),
            "LOG_LEVEL": "WARNING",
        }
    )
    for name in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "PANELCRAFT_ENCRYPTION_KEYS"):
        os.environ.pop(name, None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- The server and the listening author ---------------------------------------------


class Server:
    """uvicorn serving ``config.asgi:application`` on a thread of this process."""

    def __init__(self) -> None:
        import uvicorn

        from config.asgi import application

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(application, lifespan="off", log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, name="uvicorn", daemon=True
        )

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise SystemExit("the server did not start")
            time.sleep(0.02)
        return self

    def warm_up(self) -> None:
        """Serve one page first, as the studio page is served before any job starts.

        The first request loads the URL configuration and templates; a job
        that found them unloaded would pay for that in its first message.
        """
        import httpx

        httpx.get(f"http://127.0.0.1:{self.port}/", timeout=30).raise_for_status()

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


def session_cookie(user) -> str:
    """A Cookie header for a session signed in as ``user``, as the browser would send it."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# --- Timing the backend calls -----------------------------------------------------------


@dataclass
class Call:
    kind: str  # "text", "image" or "safety"
    what: str  # the schema name of a text call
    seed: int
    latency: float  # what the latency backend was told to take
    started: float
    ended: float


class Recorded:
    """A latency backend whose calls are written down: what, the latency it was given, and when."""

    def __init__(self, backend, kind: str, record: list[Call]):
        self._backend = backend
        self._kind = kind
        self._record = record
        self._lock = threading.Lock()
        self.name = backend.name

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)

    def _timed(self, what: str, seed: int, latency: float, call):
        started = time.perf_counter()
        try:
            return call()
        finally:
            with self._lock:
                self._record.append(Call(self._kind, what, seed, latency, started, time.perf_counter()))

    def complete_json(self, request):
        latency = self._backend.delay_for(request)
        return self._timed(request.schema_name, request.seed, latency, lambda: self._backend.complete_json(request))

    def paint(self, request):
        latency = self._backend.delay_for(request)
        return self._timed("picture", request.seed, latency, lambda: self._backend.paint(request))

    def screen(self, text: str):
        latency = self._backend.delay_for(text)
        return self._timed("screen", 0, latency, lambda: self._backend.screen(text))


def painting_time(latencies: list[float], concurrency: int) -> float:
    """How long ``concurrency`` painters take for every picture, each taking the longest left as it frees.

    With equal latencies that is ceil(pictures / concurrency) waves of one
    picture each; with unequal ones, no wave waits for its slowest.
    """
    painters = [0.0] * min(concurrency, len(latencies))
    for latency in sorted(latencies, reverse=True):
        painters[painters.index(min(painters))] += latency
    return max(painters, default=0.0)


# --- One profile ----------------------------------------------------------------------


@dataclass
class Outcome:
    profile: Profile
    started: float = 0.0
    ended: float = 0.0
    cpu: float = 0.0  # CPU seconds this process used while the job ran (every thread: job, pools, server)
    heard: list[tuple[float, dict]] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    job: Any = None
    error: BaseException | None = None


async def listen(url: str, headers: dict[str, str], origin: str, start_job) -> list[tuple[float, dict]]:
    """Connect as the author, start the job once connected, and keep every message with when it arrived."""
    from websockets.asyncio.client import connect

    heard: list[tuple[float, dict]] = []
    async with connect(url, additional_headers=headers, origin=origin, open_timeout=10) as websocket:
        start_job()
        while True:
            raw = await asyncio.wait_for(websocket.recv(), timeout=RUN_TIMEOUT)
            message = json.loads(raw)
            heard.append((time.perf_counter(), message))
            if message.get("type") in ("done", "failed", "cancelled"):
                return heard


def run_profile(profile: Profile, server: Server, seed: int, run: int | str = 0) -> Outcome:
    from django.contrib.auth import get_user_model

    from comics import services
    from comics.pipeline import Backends, run_job
    from renderers.latency import LatencyPainter, LatencySafety, LatencyStoryteller

    outcome = Outcome(profile)
    user = get_user_model().objects.create_user(f"bench-{profile.name}-{run}")
    _comic, job = services.create_comic(
        owner=user,
        idea="a shy dragon who opens a tiny tea shop",
        pages=profile.pages,
        panels_per_page=profile.panels,
        style="classic-comic",
        seed=seed,
        enqueue=False,
    )
    (text_from, text_to), (image_from, image_to) = profile.text, profile.image
    backends = Backends(
        text=Recorded(
            LatencyStoryteller(delay=text_from, jitter=text_to - text_from, seed=seed), "text", outcome.calls
        ),
        image=Recorded(
            LatencyPainter(delay=image_from, jitter=image_to - image_from, seed=seed, draw="flat"),
            "image",
            outcome.calls,
        ),
        safety=Recorded(LatencySafety(delay=0.0), "safety", outcome.calls),
    )

    def run() -> None:
        cpu = time.process_time()
        outcome.started = time.perf_counter()
        try:
            outcome.job = run_job(job.pk, backends=backends)
        except BaseException as exc:  # reported by the main thread
            outcome.error = exc
        finally:
            outcome.ended = time.perf_counter()
            outcome.cpu = time.process_time() - cpu
            from django.db import connections

            connections.close_all()

    runner = threading.Thread(target=run, name="job")
    origin = f"http://127.0.0.1:{server.port}"
    url = f"ws://127.0.0.1:{server.port}/ws/jobs/{job.pk}/"
    try:
        outcome.heard = asyncio.run(listen(url, {"Cookie": session_cookie(user)}, origin, runner.start))
    finally:
        if runner.ident is not None:  # started
            runner.join(timeout=RUN_TIMEOUT)
    if outcome.error is not None:
        raise outcome.error
    return outcome


# --- What it measured -----------------------------------------------------------------


def measure(outcome: Outcome, seed: int) -> dict[str, Any]:
    from comics.casting import derive_seed
    from comics.models import Comic, Panel
    from comics.script import PAGE_SCHEMA_NAME, PLAN_SCHEMA_NAME

    job, t0 = outcome.job, outcome.started
    comic = Comic.objects.select_related("owner").get(pk=job.comic_id)
    pages = list(comic.pages.all())
    lettered = len(pages) + 1  # and the cover
    timings = job.timings
    letter_one = timings.get("letter", 0.0) / lettered
    letter_alone = lettering_alone(comic, pages[0])
    binding = timings.get("pdf", 0.0)

    text = [c for c in outcome.calls if c.kind == "text"]
    plan = sum(c.latency for c in text if c.what == PLAN_SCHEMA_NAME)
    page_of_seed = {derive_seed(seed, "page", p.index): p.number for p in pages}
    page_calls: dict[int, float] = {}
    written: dict[int, float] = {}
    for c in text:
        if c.what == PAGE_SCHEMA_NAME:
            number = page_of_seed[c.seed]
            page_calls[number] = page_calls.get(number, 0.0) + c.latency  # with any repair call
            written[number] = max(written.get(number, 0.0), c.ended - t0)
    panel_of_seed = {
        derive_seed(seed, "panel", panel.page.index, panel.index): panel.page.number
        for panel in Panel.objects.filter(page__comic=comic).select_related("page")
    }
    pictures = [c for c in outcome.calls if c.kind == "image"]
    page_pictures: dict[int, list[Call]] = {}
    for c in pictures:
        if c.seed in panel_of_seed:
            page_pictures.setdefault(panel_of_seed[c.seed], []).append(c)

    critical = plan + max(page_calls.values()) + painting_time([c.latency for c in pictures], PAINT_CONCURRENCY)
    critical += letter_one + binding
    # The page that could be lettered first: its call and its slowest picture together the shortest.
    first = min(page_calls, key=lambda n: page_calls[n] + max(c.latency for c in page_pictures[n]))
    first_page_call, first_page_painting = page_calls[first], max(c.latency for c in page_pictures[first])
    first_page_critical = plan + first_page_call + first_page_painting + letter_one

    heard_pages = [(at - t0, m["page"]) for at, m in outcome.heard if m.get("type") == "page"]
    heard_panels = [(at - t0, m["page"]) for at, m in outcome.heard if m.get("type") == "panel"]
    real_pages = [(at, n) for at, n in heard_pages if n >= 1]
    if not real_pages:
        raise SystemExit(f"{outcome.profile.name}: no lettered page reached the client")
    first_page_s = real_pages[0][0]
    wall = outcome.ended - t0
    done = [at - t0 for at, m in outcome.heard if m.get("type") == "done"]
    last_picture = max(c.ended for c in pictures) - t0
    return {
        "pictures": len(pictures),
        "process_cpu_s": outcome.cpu,
        "wall_s": wall,
        "done_over_socket_s": done[0] if done else float("nan"),
        "first_page_s": first_page_s,
        "first_page_number": real_pages[0][1],
        "critical_path_s": critical,
        "critical_path_ratio": wall / critical,
        "first_page_critical_s": first_page_critical,
        "first_page_ratio": first_page_s / first_page_critical,
        "plan_call_s": plan,
        "slowest_page_call_s": max(page_calls.values()),
        "painting_waves_s": painting_time([c.latency for c in pictures], PAINT_CONCURRENCY),
        "painting_wave_count": math.ceil(len(pictures) / PAINT_CONCURRENCY),
        "first_page_call_s": first_page_call,
        "first_page_painting_s": first_page_painting,
        "lettering_one_page_s": letter_one,
        "lettering_alone_s": letter_alone,
        "binding_s": binding,
        "last_picture_painted_s": last_picture,
        "after_last_picture_s": wall - last_picture,
        "timings": timings,
        "timeline": {
            n: {
                "written": written.get(n, float("nan")),
                "first_paint": min((c.started for c in page_pictures.get(n, [])), default=t0) - t0,
                "painted": max((c.ended for c in page_pictures.get(n, [])), default=t0) - t0,
                "saved": max((at for at, m in heard_panels if m == n), default=float("nan")),
                "lettered": min((at for at, m in heard_pages if m == n), default=float("nan")),
            }
            for n in sorted({p.number for p in pages} | {0})
        },
        "cover": {
            "painted": max((c.ended for c in pictures if c.seed == derive_seed(seed, "cover")), default=t0) - t0,
            "lettered": min((at for at, m in heard_pages if m == 0), default=float("nan")),
        },
    }


SCALARS = (
    "wall_s",
    "done_over_socket_s",
    "first_page_s",
    "critical_path_s",
    "critical_path_ratio",
    "first_page_critical_s",
    "first_page_ratio",
)


# Also the median over the runs: what the summary lines say.
DIAGNOSTICS = ("lettering_one_page_s", "lettering_alone_s", "process_cpu_s")


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median whole-comic ratio, with each printed number the median over the runs."""
    middle = sorted(runs, key=lambda r: r["critical_path_ratio"])[len(runs) // 2]
    return {**middle, **{key: statistics.median(r[key] for r in runs) for key in SCALARS + DIAGNOSTICS}}


def lettering_alone(comic, page) -> float:
    """Seconds to letter ``page`` again (and encode it, as the run does) with nothing else running.

    Only for comparison: the difference from the run's own lettering time is
    what lettering loses to everything else wanting the CPU meanwhile.
    """
    from comics.pdf import print_page
    from comics.steps.lettering import Letterer

    panels = list(page.panels.all())
    took = []
    for _ in range(3):
        started = time.perf_counter()
        print_page(Letterer.render(comic, page, panels)[1])
        took.append(time.perf_counter() - started)
    return min(took)


def report(profile: Profile, seed: int, runs: list[dict[str, Any]], *, timeline: bool) -> None:
    numbers = median_run(runs)
    text = "-".join(f"{s * 1000:.0f}" for s in dict.fromkeys(profile.text))
    image = "-".join(f"{s * 1000:.0f}" for s in dict.fromkeys(profile.image))
    print(
        f"[{profile.name}] {profile.pages} pages x {profile.panels} panels + cover, {numbers['pictures']} pictures;"
        f" text {text} ms, pictures {image} ms, paint concurrency {PAINT_CONCURRENCY}, seed {seed},"
        f" median of {len(runs)} run{'s' if len(runs) != 1 else ''}"
    )
    for key in SCALARS:
        print(f"{key}={numbers[key]:.3f}")
    print(
        f"critical_path = plan {numbers['plan_call_s']:.3f} + slowest page {numbers['slowest_page_call_s']:.3f}"
        f" + {numbers['painting_wave_count']} painting waves {numbers['painting_waves_s']:.3f}"
        f" + lettering one page {numbers['lettering_one_page_s']:.3f} + binding {numbers['binding_s']:.3f}"
    )
    print(
        f"first_page_critical = plan {numbers['plan_call_s']:.3f} + page {numbers['first_page_call_s']:.3f}"
        f" + painting {numbers['first_page_painting_s']:.3f} + lettering one page"
        f" {numbers['lettering_one_page_s']:.3f}"
    )
    if len(runs) > 1:
        for key in ("critical_path_ratio", "first_page_ratio"):
            print(f"{key} of each run: " + ", ".join(f"{r[key]:.3f}" for r in runs))
    print(
        f"lettering one page took {numbers['lettering_one_page_s']:.3f} s in the run and"
        f" {numbers['lettering_alone_s']:.3f} s alone; the process used {numbers['process_cpu_s']:.3f} CPU s"
        f" in {numbers['wall_s']:.3f} s on {os.cpu_count()} CPUs"
    )
    print("steps_s=" + ", ".join(f"{k}:{v:.3f}" for k, v in numbers["timings"].items()))
    for name, goal in (("critical_path_ratio", CRITICAL_PATH_GOAL), ("first_page_ratio", FIRST_PAGE_GOAL)):
        ratio = numbers[name]
        print(f"{name} {ratio:.3f} <= {goal}: {'goal met' if ratio <= goal else 'goal missed'}")
    if timeline:
        print(
            f"timeline of the median run (s from the start; first page over the socket: page"
            f" {numbers['first_page_number']}; last picture painted at {numbers['last_picture_painted_s']:.3f},"
            f" then {numbers['after_last_picture_s']:.3f} s to the end):"
        )
        print("      written: its script saved; painted: its last picture back; saved: its last picture's message")
        print("page  written  first_paint  painted    saved  lettered")
        cover = numbers["cover"]
        print(f"cover       -            -  {cover['painted']:7.3f}        -  {cover['lettered']:8.3f}")
        for number, row in numbers["timeline"].items():
            if number:
                print(
                    f"{number:4d}  {row['written']:7.3f}  {row['first_paint']:11.3f}"
                    f"  {row['painted']:7.3f}  {row['saved']:7.3f}  {row['lettered']:8.3f}"
                )
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one 1-page x 2-panel comic with tiny delays, once")
    parser.add_argument("--profile", action="append", choices=sorted(PROFILES), help="run only these profiles")
    parser.add_argument("--seed", type=int, default=1, help="the comic's seed, which draws the jittered latencies")
    parser.add_argument("--repeat", type=int, default=9, help="runs per profile; the median is reported")
    parser.add_argument("--timeline", action="store_true", help="also print when each page was made")
    args = parser.parse_args(argv)
    names = ["quick"] if args.quick else (args.profile or ["steady", "jittered"])
    repeat = 1 if args.quick else max(1, args.repeat)

    with tempfile.TemporaryDirectory(prefix="panelcraft-bench-") as tmp:
        configure(Path(tmp))
        with Server() as server:
            server.warm_up()
            for name in names:
                profile, runs = PROFILES[name], []
                if not args.quick:
                    # The first comic of a shape also loads fonts and libraries: not what is measured.
                    run_profile(profile, server, args.seed, "warm-up")
                for run in range(repeat):
                    outcome = run_profile(profile, server, args.seed, run)
                    if outcome.job is None or outcome.job.status != "succeeded":
                        print(f"[{name}] the job did not succeed: {getattr(outcome.job, 'error', 'not run')}")
                        return 1
                    runs.append(measure(outcome, args.seed))
                report(profile, args.seed, runs, timeline=args.timeline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
