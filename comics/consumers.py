"""Live job progress over a websocket at /ws/jobs/<id>/.

Only the job's owner (and moderators) may listen; anyone else is refused before
joining the group. A client first receives the current state from the job
row, then every change as it happens.
"""

from __future__ import annotations

import asyncio

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import progress
from .models import GenerationJob


class JobProgressConsumer(AsyncJsonWebsocketConsumer):
    group: str | None = None

    async def connect(self):
        job_id = self.scope["url_route"]["kwargs"]["job_id"]
        if not await self.may_listen(self.scope.get("user"), job_id):
            await self.close(code=4404)
            return
        progress.remember_listener_loop(asyncio.get_running_loop())
        # Join before reading the state, so nothing published in between is lost;
        # the client ignores what it receives twice.
        self.group = progress.group_name(job_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        for message in await self.snapshot(job_id):
            await self.send_json(message)

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # Listening only; a client may ask for the state again after a gap.
        if isinstance(content, dict) and content.get("type") == "refresh" and self.group:
            for message in await self.snapshot(self.scope["url_route"]["kwargs"]["job_id"]):
                await self.send_json(message)

    async def job_message(self, event):
        await self.send_json(event["message"])

    @database_sync_to_async
    def may_listen(self, user, job_id: int) -> bool:
        if user is None:
            return False
        return GenerationJob.objects.readable_by(user).filter(pk=job_id).exists()

    @database_sync_to_async
    def snapshot(self, job_id: int) -> list[dict]:
        job = GenerationJob.objects.select_related("comic").filter(pk=job_id).first()
        return job.state_messages() if job else []
