"""Production shape: the ASGI server, a Celery worker and Redis, as separate processes.

A real HTTP client makes a comic through the API of a running server; a
real Celery worker takes the job from Redis and runs it; a real websocket
client connected to the server hears progress, panels and "done" travel
back through the Redis channel layer. Skipped when Redis or PostgreSQL is
not reachable (SQLite test databases live in memory, out of the worker's reach).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid

import httpx
import pytest
import websockets
from django.conf import settings

from comics.models import Comic, GenerationJob
from tests.conftest import redis_url_for_tests
from tests.servers import answers_http, free_port, running, wait_until

REDIS_URL = redis_url_for_tests()

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not REDIS_URL, reason="Redis is not reachable (set TEST_REDIS_URL)"),
]


def database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the worker test needs PostgreSQL (set DATABASE_URL)")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def stack(tmp_path):
    """Start daphne and a Celery worker sharing the test database and Redis."""
    port = free_port()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "CHANNELS_PREFIX": f"pc-{queue}",
        "CELERY_QUEUE": queue,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "False",
        "SECRET_KEY": "worker-test-" + uuid.uuid4().hex,
        # Slow enough to watch: 100 ms per text call, 200 ms per picture.
        "PANELCRAFT_TEXT_BACKEND": "latency",
        "PANELCRAFT_IMAGE_BACKEND": "latency",
        "PANELCRAFT_SAFETY_BACKEND": "latency",
        "PANELCRAFT_ART_LONG_SIDE": "256",
    }
    base = f"http://127.0.0.1:{port}"
    server_log, worker_log = tmp_path / "daphne.log", tmp_path / "worker.log"
    server_command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"]
    worker_command = [
        *(sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "threads", "--concurrency", "2"),
        *("--without-gossip", "--without-mingle", "--loglevel", "INFO"),
    ]
    with (
        running(server_command, env=env, log=server_log) as server,
        running(worker_command, env=env, log=worker_log) as worker,
    ):
        wait_until(answers_http(base + "/accounts/login/"), server, server_log)
        wait_until(lambda: "ready." in worker_log.read_text(errors="ignore"), worker, worker_log)
        yield base


def logged_in(base: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=10)
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": client.cookies["csrftoken"]},
        headers={"Referer": base + "/accounts/login/"},
    )
    assert response.status_code == 302, response.text[:500]
    return client


async def listen(base: str, job_id: int, cookies: httpx.Cookies) -> list[dict]:
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    uri = base.replace("http://", "ws://") + f"/ws/jobs/{job_id}/"
    messages = []
    async with websockets.connect(uri, additional_headers={"Cookie": cookie, "Origin": base}) as socket_:
        while True:
            message = json.loads(await asyncio.wait_for(socket_.recv(), timeout=60))
            messages.append(message)
            if message["type"] in ("done", "failed", "cancelled"):
                return messages


def test_a_worker_runs_the_job_and_the_socket_hears_it(stack, alice, bob):
    client = logged_in(stack, "alice", "correct-horse-battery")
    response = client.post(
        "/api/comics/",
        json={"idea": "a shy dragon who opens a tiny tea shop", "pages": 2, "panels_per_page": 3, "seed": 5},
        headers={"X-CSRFToken": client.cookies["csrftoken"]},
    )
    assert response.status_code == 201, response.text
    job_id = response.json()["job"]["id"]
    assert response.json()["job"]["websocket"] == f"/ws/jobs/{job_id}/"

    messages = asyncio.run(listen(stack, job_id, client.cookies))

    assert messages[-1]["type"] == "done", messages[-3:]
    progress = [m["progress"] for m in messages if m["type"] == "progress"]
    assert progress and min(progress) < 50, "progress arrived while the job ran, not only at the end"
    assert len({(m["page"], m["panel"]) for m in messages if m["type"] == "panel"}) == 6
    job = GenerationJob.objects.get(pk=job_id)
    assert job.status == GenerationJob.Status.SUCCEEDED
    assert job.backends["image"] == "latency"
    comic = Comic.objects.get(pk=job.comic_id)
    assert comic.owner == alice

    pdf = client.get(f"/comics/{comic.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # bob's socket to alice's job is refused; his API calls get 404.
    bob_client = logged_in(stack, "bob", "another-horse-battery")
    with pytest.raises(websockets.InvalidStatus):
        asyncio.run(listen(stack, job_id, bob_client.cookies))
    assert bob_client.get(f"/api/jobs/{job_id}/").status_code == 404
    assert bob_client.get(f"/comics/{comic.pk}/pdf/").status_code == 404
