"""The one place job progress is published to websocket listeners.

Messages are notifications; the job row stays the source of truth. Group
names are built here, server-side, from the job id only.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

log = logging.getLogger(__name__)

_loop_lock = threading.Lock()
_listener_loop: asyncio.AbstractEventLoop | None = None


def group_name(job_id: int) -> str:
    return f"job-{int(job_id)}"


def remember_listener_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Called by the consumer: the loop where in-memory channel queues live.

    The in-memory layer's queues belong to the server's event loop; a job
    thread must hand its messages to that loop rather than run its own.
    """
    global _listener_loop
    with _loop_lock:
        _listener_loop = loop


def publish(job_id: int, message: dict[str, Any]) -> None:
    """Send ``message`` to everyone watching the job. Never raises."""
    layer = get_channel_layer()
    if layer is None:
        return
    event = {"type": "job.message", "message": message}
    group = group_name(job_id)
    try:
        if isinstance(layer, InMemoryChannelLayer):
            _publish_in_memory(layer, group, event)
        else:
            async_to_sync(layer.group_send)(group, event)
    except Exception:  # progress is best-effort; the job row has the truth
        log.warning("Could not publish progress for job %s", job_id, exc_info=True)


def _publish_in_memory(layer: InMemoryChannelLayer, group: str, event: dict[str, Any]) -> None:
    loop = _listener_loop
    if loop is None or loop.is_closed():
        return  # nobody in this process has ever listened: nothing to deliver to
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        loop.create_task(layer.group_send(group, event))
    else:
        # Fire and forget: scheduled in call order, so messages keep their order.
        asyncio.run_coroutine_threadsafe(layer.group_send(group, event), loop)
