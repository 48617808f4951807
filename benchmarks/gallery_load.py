"""How many gallery requests per second the production server answers, and how fast.

Makes a PostgreSQL database of its own (``panelcraft_bench``, dropped and
made afresh), migrates it, seeds 10,000 published comics with 100,000 likes,
then starts the server the way ``make serve`` does (uvicorn, two workers,
DEBUG off, collected static files, the production settings behind a TLS
proxy), warms it up, and runs wrk with 32 connections for 20 s against the
gallery page and the trending API, as signed-out visitors. Goal: at least
400 requests/s with p99 under 100 ms for each.

    make bench            (or: .venv/bin/python benchmarks/gallery_load.py)

BENCH_DATABASE_URL names another database; BENCH_WORKERS, BENCH_SECONDS and
BENCH_CONNECTIONS change the run. The server, its database and its files go
at the end, whatever happens.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.getenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/panelcraft_bench")
COMICS, LIKES, USERS = 10_000, 100_000, 500
WORKERS = int(os.getenv("BENCH_WORKERS", "2"))
SECONDS = int(os.getenv("BENCH_SECONDS", "20"))
CONNECTIONS = int(os.getenv("BENCH_CONNECTIONS", "32"))
THREADS = 2
TARGETS = ("/gallery/", "/api/gallery/?sort=trending")
GOAL_RPS, GOAL_P99_MS = 400, 100
# A TLS proxy in front says the visitor came over HTTPS; without it the production settings redirect.
PROXY_HEADER = "X-Forwarded-Proto: https"


class BenchError(Exception):
    """Something the run needs is missing; the message says what to do."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(workdir: Path, base: str) -> dict[str, str]:
    """The production settings (as tests/comics/test_production_stack.py runs them), behind a TLS proxy."""
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        {
            "DEBUG": "False",
            "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": base.replace("http://", "https://"),
            "SECURE_COOKIES": "true",
            "SECURE_SSL_REDIRECT": "true",
            "SECURE_HSTS_SECONDS": "31536000",
            "BEHIND_PROXY": "true",
            "DATABASE_URL": DATABASE_URL,
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "PANELCRAFT_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


# --- The database -------------------------------------------------------------------


def maintenance(action: str) -> None:
    """Drop (and with ``action == "create"`` make again) the bench database, from the server's own database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    if not name:
        raise BenchError(f"BENCH_DATABASE_URL names no database: {DATABASE_URL}")
    try:
        with psycopg.connect(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password or None,
            dbname="postgres",
            autocommit=True,
            connect_timeout=5,
        ) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            if action == "create":
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as exc:
        raise BenchError(
            f"PostgreSQL is not reachable at {parts.hostname}:{parts.port or 5432} ({exc}). "
            "The gallery load run needs it: start it, or point BENCH_DATABASE_URL at one."
        ) from None


def manage(*args: str, env: dict[str, str], quiet: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=quiet, text=True
    )


# --- The server -------------------------------------------------------------------------


@contextmanager
def serving(env: dict[str, str], port: int, log: Path):
    """uvicorn as ``make serve`` starts it, in a process group of its own so all its workers stop together."""
    command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(WORKERS), "--lifespan", "off", "--no-access-log"]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    def send(sig) -> None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)

    send(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        process.wait()
    send(signal.SIGKILL)  # a worker that outlived its parent


def fetch(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=dict([PROXY_HEADER.split(": ")]))
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_for(base: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if fetch(base + "/healthz")[0] == 200:
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise BenchError(f"The server did not start:\n{log.read_text(errors='ignore')[-3000:]}")
        time.sleep(0.3)


# --- wrk -------------------------------------------------------------------------------------

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * UNITS_MS[unit]


def wrk(url: str, *, seconds: int, connections: int = CONNECTIONS) -> dict[str, float]:
    command = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", PROXY_HEADER, url]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M)
    total = re.search(r"^\s+(\d+) requests in", out, re.M)
    if not (p50 and p99 and rps and total):
        raise BenchError(f"Could not read wrk's output:\n{out}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(rps.group(1)),
        "requests": int(total.group(1)),
        "p50_ms": to_ms(p50.group(1)),
        "p99_ms": to_ms(p99.group(1)),
        "errors": (int(bad.group(1)) if bad else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


def transactions() -> int:
    """Transactions the bench database has run so far: in autocommit, one per query the server made."""
    import psycopg

    time.sleep(1.5)  # server connections report their counts when they close or go idle for a second
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        row = conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"
        )
        return row.fetchone()[0]


def queries_during(action) -> tuple[int, object]:
    """The queries the server made while ``action`` ran, and what it returned.

    A reading costs transactions of its own (counted once it closes); two
    readings with nothing between them tell how many.
    """
    before = transactions()
    result = action()
    return transactions() - before - reading_cost(), result


@functools.cache
def reading_cost() -> int:
    first = transactions()
    return transactions() - first


def cold(base: str, target: str) -> tuple[float, int]:
    """What one answer costs when the cache does not have it: milliseconds and queries (median of three)."""

    def timed(url: str) -> float:
        started = time.perf_counter()
        fetch(url)
        return (time.perf_counter() - started) * 1000

    costs = []
    for n in range(3):
        fresh = f"{target}{'&' if '?' in target else '?'}uncached={secrets.token_hex(4)}{n}"
        queries, elapsed = queries_during(lambda fresh=fresh: timed(base + fresh))
        costs.append((elapsed, queries))
    costs.sort()
    return costs[1]


def cpu_seconds(process: subprocess.Popen) -> float:
    """CPU time (user + system) the server's processes have used so far: its parent and every worker."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[2]) == process.pid or int(stat.parent.name) == process.pid:  # its process group
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def check_answer(base: str, target: str) -> None:
    """The target must answer 200 with the real thing before it is measured: a 404 or redirect is fast, not a result."""
    status, body = fetch(base + target)
    if status != 200:
        raise BenchError(f"{target} answered {status}, not 200: nothing to measure yet.\n{body[:500]!r}")


def main() -> int:
    if not shutil.which("wrk"):
        raise BenchError("wrk is not installed: `make system-deps` installs it on Debian (apt-get install wrk).")
    # Ctrl-C and SIGTERM both unwind through the finally blocks below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="panelcraft-gallery-bench-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = server_env(workdir, base)
        maintenance("create")
        try:
            manage("migrate", "--noinput", env=env)
            started = time.perf_counter()
            seeded = manage(
                "seed_gallery", f"--comics={COMICS}", f"--likes={LIKES}", f"--users={USERS}", "--random-seed=1", env=env
            )
            print(seeded.stdout.strip())
            print(f"seed_s={time.perf_counter() - started:.1f}")
            manage("collectstatic", "--noinput", "-v0", env=env)
            log = workdir / "server.log"
            with serving(env, port, log) as server:
                wait_for(base, server, log)
                for target in TARGETS:
                    check_answer(base, target)
                    wrk(base + target, seconds=3)  # every worker loads its templates, caches and connections
                met = True
                # Other work on the machine competes with the server and wrk for its cores.
                print("load_average=" + "/".join(f"{n:.2f}" for n in os.getloadavg()))
                for target in TARGETS:
                    miss_ms, miss_queries = cold(base, target)
                    cpu_before = cpu_seconds(server)
                    queries, result = queries_during(lambda target=target: wrk(base + target, seconds=SECONDS))
                    cpu_ms = (cpu_seconds(server) - cpu_before) * 1000 / max(1, result["requests"])
                    # Each answer not taken from the cache costs about miss_queries queries.
                    misses = queries / miss_queries if miss_queries else 0
                    hit_rate = 1 - misses / result["requests"] if result["requests"] else 0
                    ok = result["rps"] >= GOAL_RPS and result["p99_ms"] < GOAL_P99_MS and not result["errors"]
                    met &= ok
                    print(
                        f"gallery_rps={result['rps']:.1f} gallery_p99_ms={result['p99_ms']:.1f} target={target}"
                        f" p50_ms={result['p50_ms']:.1f} errors={result['errors']:.0f}"
                        f" uncached_ms={miss_ms:.1f} uncached_queries={miss_queries:.0f}"
                        f" queries={queries} cache_hit_rate={hit_rate:.4f} server_cpu_ms_per_request={cpu_ms:.2f}"
                    )
                print(
                    f"gallery_goal={'met' if met else 'missed'} (>= {GOAL_RPS} req/s and p99 < {GOAL_P99_MS} ms each,"
                    f" {WORKERS} workers, {CONNECTIONS} connections, {SECONDS} s)"
                )
                if server.poll() is not None:
                    raise BenchError(f"The server died during the run:\n{log.read_text(errors='ignore')[-3000:]}")
        finally:
            maintenance("drop")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"gallery_load: {exc}", file=sys.stderr)
        sys.exit(2)
    except subprocess.CalledProcessError as exc:
        print(f"gallery_load: {' '.join(map(str, exc.cmd[:4]))} failed:\n{(exc.stderr or '')[-3000:]}", file=sys.stderr)
        sys.exit(2)
