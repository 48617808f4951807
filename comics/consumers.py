"""Live job progress over a websocket at /ws/jobs/<id>/.

Only the job's owner (and staff) may listen; anyone else is refused before
joining the group. A client first receives the current state from the job
row, then every change as it happens.
"""

from __future__ import annotations

import asyncio

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import progress
from .models import GenerationJob, Panel


class JobProgressConsumer(AsyncJsonWebsocketConsumer):
    group: str | None = None

    async def connect(self):
        user = self.scope.get("user")
        job_id = self.scope["url_route"]["kwargs"]["job_id"]
        snapshot = await self.snapshot(user, job_id)
        if snapshot is None:
            await self.close(code=4404)
            return
        progress.remember_listener_loop(asyncio.get_running_loop())
        self.group = progress.group_name(job_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        for message in snapshot:
            await self.send_json(message)

    async def disconnect(self, code):
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # Listening only; a client may ask for the state again after a gap.
        if isinstance(content, dict) and content.get("type") == "refresh":
            snapshot = await self.snapshot(self.scope.get("user"), self.scope["url_route"]["kwargs"]["job_id"])
            for message in snapshot or []:
                await self.send_json(message)

    async def job_message(self, event):
        await self.send_json(event["message"])

    @database_sync_to_async
    def snapshot(self, user, job_id: int) -> list[dict] | None:
        if user is None or not user.is_authenticated:
            return None
        job = GenerationJob.objects.visible_to(user).select_related("comic").filter(pk=job_id).first()
        if job is None:
            return None
        return job_state_messages(job)


def job_state_messages(job: GenerationJob) -> list[dict]:
    """The messages that bring a new listener up to date with the job row."""
    messages: list[dict] = [
        {
            "type": "progress",
            "status": job.status,
            "progress": job.progress,
            "stage": job.stage,
            "title": job.comic.title,
        }
    ]
    panels = Panel.objects.filter(page__comic_id=job.comic_id).exclude(art="").select_related("page")
    messages += [
        {"type": "panel", "page": p.page.number, "panel": p.index + 1, "url": p.art_url(), "progress": job.progress}
        for p in panels
    ]
    if job.status == GenerationJob.Status.SUCCEEDED:
        messages.append(job.done_message())
    elif job.status == GenerationJob.Status.FAILED:
        messages.append({"type": "failed", "error": job.error, "progress": job.progress})
    elif job.status == GenerationJob.Status.CANCELLED:
        messages.append({"type": "cancelled", "progress": job.progress})
    return messages
