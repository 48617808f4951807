"""Live progress over the Redis channel layer, configured exactly as production configures it.

A job page can sit quiet for a long time (a slow picture, a queue wait); its
websocket must stay open through the silence and still hear the next
message. The socket test is skipped when Redis is not reachable (set TEST_REDIS_URL).
"""

from __future__ import annotations

import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from channels_redis.core import RedisChannelLayer

from comics import progress
from comics.routing import websocket_urlpatterns
from config.settings import channel_layers_from_url
from tests.conftest import redis_url_for_tests

REDIS_URL = redis_url_for_tests()

#: Several times longer than any Redis read timeout or blocking pop.
QUIET_SECONDS = 30


@pytest.fixture
def redis_layer(settings):
    """The production channel layer for REDIS_URL, under a prefix of its own."""
    settings.CHANNEL_LAYERS = channel_layers_from_url(REDIS_URL, prefix=f"pc-test-{uuid.uuid4().hex[:12]}")
    layer = get_channel_layer()
    assert isinstance(layer, RedisChannelLayer)
    return layer


def test_a_redis_reply_may_take_longer_than_the_layers_blocking_pop():
    """Checked without Redis: a connection's read timeout outlasts a listening socket's wait on the server."""
    config = channel_layers_from_url("redis://127.0.0.1:6379/9")["default"]
    layer = RedisChannelLayer(**config["CONFIG"])

    connection = layer.create_pool(0).make_connection()

    assert connection.socket_timeout > layer.brpop_timeout


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
@pytest.mark.skipif(not REDIS_URL, reason="Redis is not reachable (set TEST_REDIS_URL)")
async def test_a_quiet_job_socket_stays_open_and_still_hears_progress(alice, make_comic, redis_layer):
    _comic, job = await database_sync_to_async(make_comic)(alice)
    communicator = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/jobs/{job.pk}/")
    communicator.scope["user"] = alice
    try:
        assert (await communicator.connect(timeout=5))[0]
        assert (await communicator.receive_json_from(timeout=5))["type"] == "progress"

        assert await communicator.receive_nothing(timeout=QUIET_SECONDS, interval=0.5)
        assert not communicator.future.done(), "the socket closed while the job was quiet"

        message = {"type": "progress", "status": "running", "progress": 42, "stage": "Painted panel 1 of 4"}
        await sync_to_async(progress.publish)(job.pk, message)
        assert await communicator.receive_json_from(timeout=5) == message
    finally:
        if not communicator.future.done():
            await communicator.disconnect()
        await redis_layer.flush()
