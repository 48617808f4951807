"""The production stack, as the README's production section runs it, on this machine.

PostgreSQL, Redis, two Celery workers and the ASGI server, each a separate
process started with the production settings (DEBUG off, secure cookies,
HTTPS redirect, HSTS, collected static files): a real HTTPS client makes a
comic through the API, a real websocket client hears it over WSS through
the Redis channel layer. Then one worker is killed mid-paint, as a machine
dies, and the other finishes the comic by itself: nothing lost, nothing
painted twice. Skipped when Redis or PostgreSQL is not reachable.
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import websockets
from django.conf import settings

from comics import services
from comics.models import Comic, GenerationJob, Panel
from tests.conftest import redis_url_for_tests
from tests.servers import collected_static, free_port, running, self_signed_certificate, wait_until

REDIS_URL = redis_url_for_tests()
LEASE_SECONDS, SWEEP_SECONDS = 4, 1

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="Redis is not reachable (set TEST_REDIS_URL)"),
]


def database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the production stack needs PostgreSQL (set DATABASE_URL)")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Stack:
    def __init__(self, base: str, cert: Path, media: Path, workers: dict[int, subprocess.Popen], logs: list[Path]):
        self.base, self.cert, self.media, self.workers, self.logs = base, cert, media, workers, logs

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=15, verify=self.ssl_context())

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """Migrated PostgreSQL and Redis, then collectstatic, two workers and daphne serving HTTPS."""
    tmp = tmp_path_factory.mktemp("production")
    port = free_port()
    base = f"https://127.0.0.1:{port}"
    queue = f"test-{uuid.uuid4().hex[:8]}"
    key, cert = self_signed_certificate(tmp)
    env = {
        **os.environ,
        # The production settings the README lists.
        "DEBUG": "False",
        "SECRET_KEY": "production-stack-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": base,
        "SECURE_COOKIES": "true",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(tmp / "media"),
        # Kept apart from anything else using this Redis.
        "CHANNELS_PREFIX": f"pc-{queue}",
        "CELERY_QUEUE": queue,
        # Slow enough to kill a worker mid-paint: 100 ms per text call, 200 ms per picture, one at a time.
        "PANELCRAFT_TEXT_BACKEND": "latency",
        "PANELCRAFT_IMAGE_BACKEND": "latency",
        "PANELCRAFT_SAFETY_BACKEND": "latency",
        "PANELCRAFT_TEST_BACKENDS": "true",
        "PANELCRAFT_ART_LONG_SIDE": "256",
        "PANELCRAFT_PAINT_CONCURRENCY": "1",
        "PANELCRAFT_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        "PANELCRAFT_JOB_SWEEP_SECONDS": str(SWEEP_SECONDS),
        # Users' own provider accounts may point at fakes on this machine.
        "PANELCRAFT_PROVIDER_ALLOWED_HOSTS": "127.0.0.1",
    }
    env["STATIC_ROOT"] = str(collected_static(tmp_path_factory, env))
    server_command = [
        *(sys.executable, "-m", "daphne", "-e"),
        f"ssl:{port}:interface=127.0.0.1:privateKey={key}:certKey={cert}",
        "config.asgi:application",
    ]
    with ExitStack() as processes:
        workers = {}
        for n in (1, 2):
            log = tmp / f"worker{n}.log"
            command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1"]
            command += ["-n", f"worker{n}-{queue}@%h", "--loglevel", "INFO"]
            worker = processes.enter_context(running(command, env=env, log=log, own_group=True))
            workers[worker.pid] = worker
        server_log = tmp / "daphne.log"
        server = processes.enter_context(running(server_command, env=env, log=server_log))
        logs = [tmp / "worker1.log", tmp / "worker2.log", server_log]
        ready = Stack(base, cert, tmp / "media", workers, logs)

        def answers() -> bool:
            try:
                return ready.client().get("/healthz").status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(answers, server, server_log, timeout=60)
        for n, worker in enumerate(workers.values(), start=1):
            log = tmp / f"worker{n}.log"
            wait_until(lambda log=log: "ready." in log.read_text(errors="ignore"), worker, log, timeout=60)
        with django_db_blocker.unblock():
            yield ready


def logged_in(stack: Stack, username: str, password: str) -> httpx.Client:
    client = stack.client()
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": client.cookies["csrftoken"]},
        headers={"Referer": stack.base + "/accounts/login/"},
    )
    assert response.status_code == 302, response.text[:500]
    return client


def create_comic(stack: Stack, client: httpx.Client, **fields) -> int:
    response = client.post(
        "/api/comics/",
        json={"idea": "a shy dragon who opens a tiny tea shop", "seed": 5, **fields},
        headers={"X-CSRFToken": client.cookies["csrftoken"], "Referer": stack.base + "/studio/"},
    )
    assert response.status_code == 201, response.text
    return response.json()["job"]["id"]


async def listen(stack: Stack, job_id: int, cookies: httpx.Cookies, timeout: float = 60) -> list[dict]:
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    uri = stack.base.replace("https://", "wss://") + f"/ws/jobs/{job_id}/"
    messages = []
    headers = {"Cookie": cookie, "Origin": stack.base}
    async with websockets.connect(uri, additional_headers=headers, ssl=stack.ssl_context()) as socket_:
        while True:
            message = json.loads(await asyncio.wait_for(socket_.recv(), timeout=timeout))
            messages.append(message)
            if message["type"] in ("done", "failed", "cancelled"):
                return messages


def test_a_comic_is_made_end_to_end_over_https_and_wss(stack, alice, bob):
    client = logged_in(stack, "alice", "correct-horse-battery")
    home = client.get("/")
    assert home.status_code == 200
    assert "max-age=31536000" in home.headers["Strict-Transport-Security"]
    stylesheet = re.search(r'href="(/static/css/panelcraft\.[0-9a-f]{12}\.css)"', home.text)
    assert stylesheet, "static files carry hashed names"
    css = client.get(stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    assert css.status_code == 200 and css.headers.get("Content-Encoding") == "gzip"
    assert "immutable" in css.headers["Cache-Control"]
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["checks"]["broker"]["ok"]

    job_id = create_comic(stack, client, pages=2, panels_per_page=3)
    messages = asyncio.run(listen(stack, job_id, client.cookies))

    assert messages[-1]["type"] == "done", messages[-3:]
    progress = [m["progress"] for m in messages if m["type"] == "progress"]
    assert progress and min(progress) < 50, "progress arrived while the job ran, not only at the end"
    assert len({(m["page"], m["panel"]) for m in messages if m["type"] == "panel"}) == 6
    job = GenerationJob.objects.get(pk=job_id)
    assert job.status == GenerationJob.Status.SUCCEEDED and job.backends["image"] == "latency"
    comic = Comic.objects.get(pk=job.comic_id)
    assert comic.owner == alice
    reader = client.get(f"/comics/{comic.pk}/")
    assert reader.status_code == 200 and html.escape(comic.title) in reader.text
    pdf = client.get(f"/comics/{comic.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # bob's socket to alice's job is refused; his requests get 404.
    bob_client = logged_in(stack, "bob", "another-horse-battery")
    with pytest.raises(websockets.InvalidStatus):
        asyncio.run(listen(stack, job_id, bob_client.cookies))
    assert bob_client.get(f"/api/jobs/{job_id}/").status_code == 404
    assert bob_client.get(f"/comics/{comic.pk}/pdf/").status_code == 404


def test_a_comic_written_by_the_users_own_provider_through_the_workers(stack, alice):
    """The key goes in over HTTPS, the job carries only ids, a worker decrypts it and calls the provider."""
    from tests.provider_fakes.text import OpenAIChatFake

    key = "sk-stack-" + uuid.uuid4().hex
    client = logged_in(stack, "alice", "correct-horse-battery")
    headers = {"X-CSRFToken": client.cookies["csrftoken"], "Referer": stack.base + "/accounts/providers/"}
    with OpenAIChatFake(api_key=key) as writer:
        created = client.post(
            "/api/providers/",
            json={
                "provider": "openai_compatible",
                "label": "Own server",
                "api_key": key,
                "base_url": writer.url,
                "text_model": "llama3.2",
            },
            headers=headers,
        )
        assert created.status_code == 201, created.text
        job_id = create_comic(stack, client, pages=1, panels_per_page=2, text_provider=created.json()["id"])
        messages = asyncio.run(listen(stack, job_id, client.cookies))
        assert messages[-1]["type"] == "done", messages[-3:]
        assert len(writer.requests) == 2 and all(r.headers["authorization"] == f"Bearer {key}" for r in writer.requests)
    job = client.get(f"/api/jobs/{job_id}/").json()
    [text_row] = [row for row in job["usage"]["providers"] if row["kind"] == "text"]
    assert (text_row["provider"], text_row["calls"], text_row["model"]) == ("openai_compatible", 2, "llama3.2")
    assert text_row["input_tokens"] > 0 and text_row["output_tokens"] > 0
    for log in stack.logs:
        assert key not in log.read_text(errors="ignore"), f"the key is in {log.name}"


def painted(comic_id: int) -> int:
    return Panel.objects.filter(page__comic_id=comic_id).exclude(art="").count()


def test_a_worker_killed_mid_paint_loses_nothing_and_the_other_finishes(stack, alice):
    """Killed like a machine dies (SIGKILL to the worker and its pool): back within lease + sweep."""
    client = logged_in(stack, "alice", "correct-horse-battery")
    job_id = create_comic(stack, client, pages=4, panels_per_page=6)  # 24 panels and a cover
    job = GenerationJob.objects.get(pk=job_id)
    deadline = time.monotonic() + 60
    while painted(job.comic_id) < 3:
        assert time.monotonic() < deadline, "painting never started"
        time.sleep(0.05)

    job.refresh_from_db()
    pid = int(job.claimed_by.rsplit(":", 1)[1])
    group = os.getpgid(pid)
    assert group in stack.workers, "a worker process runs the job"
    os.killpg(group, signal.SIGKILL)
    stack.workers[group].wait(timeout=10)
    killed_at = time.time()
    # Pictures, the cover among them: pages flow, so the cover may be painted before the last panel.
    painted_by_the_dead = painted(job.comic_id) + bool(Comic.objects.get(pk=job.comic_id).cover_art)
    assert painted_by_the_dead < 25, "killed before the painting was over"

    messages = asyncio.run(listen(stack, job_id, client.cookies, timeout=LEASE_SECONDS * 10))
    assert messages[-1]["type"] == "done", messages[-3:]

    job.refresh_from_db()
    assert job.status == GenerationJob.Status.SUCCEEDED
    assert job.attempts == 2
    survivor = int(job.claimed_by.rsplit(":", 1)[1])
    assert os.getpgid(survivor) != group and os.getpgid(survivor) in stack.workers
    log = [event["message"] for event in job.events]
    assert any("stopped answering" in line for line in log) and "Resumed (attempt 2)" in log
    resumed = next(e for e in job.events if e["message"] == "Resumed (attempt 2)")
    waited = datetime.fromisoformat(resumed["at"]).timestamp() - killed_at
    assert waited < LEASE_SECONDS + SWEEP_SECONDS + 10, f"resumed {waited:.1f} s after the kill"
    painting_again = [line for line in log if line.startswith("Painting ")]
    assert painting_again[-1] == f"Painting {25 - painted_by_the_dead} pictures", "nothing painted twice"

    comic = Comic.objects.get(pk=job.comic_id)
    assert painted(comic.pk) == 24
    stored = {
        str(path.relative_to(stack.media))
        for path in (stack.media / "comics" / str(comic.pk)).rglob("*")
        if path.is_file()
    }
    assert stored == services.recorded_files(comic.pk), "every file is one the comic uses, none twice"
    assert len(stored) == 24 + 1 + 1 + 4 + 1  # panel art, cover art, cover, pages, PDF
    print(f"\nworker killed with {painted_by_the_dead} of 25 painted; resumed after {waited:.1f} s")
