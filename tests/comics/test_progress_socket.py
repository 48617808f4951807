"""The job progress websocket: who may listen, what they hear."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from comics.models import GenerationJob
from comics.pipeline import run_job
from comics.routing import websocket_urlpatterns
from config.asgi import application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def communicator_for(user, job_id: int) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/jobs/{job_id}/")
    communicator.scope["user"] = user
    return communicator


async def receive_until(communicator, kind: str, timeout: float = 30) -> list[dict]:
    messages = []
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        messages.append(message)
        if message["type"] in (kind, "failed", "cancelled"):
            return messages


@pytest.fixture
def job_of_alice(alice, make_comic):
    _comic, job = make_comic(alice)
    return job


async def test_owner_hears_progress_panels_and_done(alice, job_of_alice):
    communicator = communicator_for(alice, job_of_alice.pk)
    connected, _ = await communicator.connect()
    assert connected
    first = await communicator.receive_json_from(timeout=5)
    assert first["type"] == "progress" and first["status"] == "queued" and first["progress"] == 0

    run = asyncio.ensure_future(database_sync_to_async(run_job)(job_of_alice.pk))
    messages = await receive_until(communicator, "done")
    job = await run
    await communicator.disconnect()

    assert job.status == GenerationJob.Status.SUCCEEDED
    assert messages[-1]["type"] == "done"
    assert messages[-1]["reader_url"] == f"/comics/{job.comic_id}/"
    progress = [m["progress"] for m in messages if m["type"] == "progress"]
    assert progress == sorted(progress), "progress never goes backwards"
    assert progress[0] < 50 < 90 < progress[-1]
    assert len(set(progress)) > 5, "the bar moves in many steps"
    panels = {(m["page"], m["panel"]) for m in messages if m["type"] == "panel"}
    assert panels == {(1, 1), (1, 2), (2, 1), (2, 2)}
    assert all(m["url"].startswith(f"/comics/{job.comic_id}/pages/") for m in messages if m["type"] == "panel")
    stages = [m["stage"] for m in messages if m["type"] == "progress"]
    assert any("Planning" in s for s in stages) and any("Painted" in s for s in stages)


async def test_a_late_client_first_receives_the_current_state(alice, job_of_alice):
    await database_sync_to_async(run_job)(job_of_alice.pk)

    communicator = communicator_for(alice, job_of_alice.pk)
    connected, _ = await communicator.connect()
    assert connected
    messages = await receive_until(communicator, "done", timeout=5)
    await communicator.disconnect()

    assert messages[0] == {
        "type": "progress",
        "status": "succeeded",
        "progress": 100,
        "stage": "Done",
        "title": messages[-1]["title"],
        "queue": "",
        "stalled": False,
    }
    assert len([m for m in messages if m["type"] == "panel"]) == 4
    assert messages[-1]["type"] == "done"


async def test_a_failed_job_tells_a_late_client_why(alice, make_comic):
    _comic, job = await database_sync_to_async(make_comic)(alice, idea="how to build a bomb")
    await database_sync_to_async(run_job)(job.pk)

    communicator = communicator_for(alice, job.pk)
    assert (await communicator.connect())[0]
    messages = await receive_until(communicator, "failed", timeout=5)
    await communicator.disconnect()
    assert messages[-1]["type"] == "failed"
    assert messages[-1]["error"]


async def test_bob_cannot_listen_and_receives_nothing(alice, bob, job_of_alice, make_comic):
    refused = communicator_for(bob, job_of_alice.pk)
    connected, _ = await refused.connect()
    assert not connected

    # Bob listens to his own job while alice's runs: he hears only his own state.
    _bob_comic, bob_job = await database_sync_to_async(make_comic)(bob)
    own = communicator_for(bob, bob_job.pk)
    assert (await own.connect())[0]
    first = await own.receive_json_from(timeout=5)
    assert first["type"] == "progress" and first["status"] == "queued"

    await database_sync_to_async(run_job)(job_of_alice.pk)
    await asyncio.sleep(0.2)  # let anything misrouted arrive
    assert await own.receive_nothing(timeout=0.3)
    await own.disconnect()


async def test_anonymous_and_unknown_jobs_are_refused(alice, job_of_alice):
    from django.contrib.auth.models import AnonymousUser

    assert not (await communicator_for(AnonymousUser(), job_of_alice.pk).connect())[0]
    assert not (await communicator_for(alice, job_of_alice.pk + 999).connect())[0]


async def test_a_moderator_may_listen_but_plain_staff_may_not(moderator, staff, job_of_alice):
    communicator = communicator_for(moderator, job_of_alice.pk)
    assert (await communicator.connect())[0]
    assert (await communicator.receive_json_from(timeout=5))["type"] == "progress"
    await communicator.disconnect()

    assert not (await communicator_for(staff, job_of_alice.pk).connect())[0]


async def test_the_real_application_checks_origin_and_session(alice, job_of_alice, client):
    await database_sync_to_async(client.force_login)(alice)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    path = f"/ws/jobs/{job_of_alice.pk}/"

    good = WebsocketCommunicator(
        application, path, headers=[(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1"), (b"cookie", cookie)]
    )
    assert (await good.connect())[0]
    assert (await good.receive_json_from(timeout=5))["type"] == "progress"
    await good.disconnect()

    foreign = WebsocketCommunicator(
        application, path, headers=[(b"origin", b"http://evil.example"), (b"cookie", cookie)]
    )
    assert not (await foreign.connect())[0]

    no_session = WebsocketCommunicator(
        application, path, headers=[(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1")]
    )
    assert not (await no_session.connect())[0]


async def test_deleting_the_comic_tells_an_open_job_page_to_stop_waiting(alice, job_of_alice):
    from comics import services
    from comics.models import Comic

    communicator = communicator_for(alice, job_of_alice.pk)
    assert (await communicator.connect())[0]
    assert (await communicator.receive_json_from(timeout=5))["type"] == "progress"

    comic = await database_sync_to_async(Comic.objects.get)(pk=job_of_alice.comic_id)
    await database_sync_to_async(services.delete_comic)(comic=comic)

    assert (await communicator.receive_json_from(timeout=5))["type"] == "deleted"
    await communicator.disconnect()
