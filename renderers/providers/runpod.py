"""Pictures from a RunPod serverless endpoint running the ComfyUI worker (worker-comfyui).

``config.base_url`` is the endpoint, ``https://api.runpod.ai/v2/<endpoint
id>``; the graph is the same workflow a ComfyUI server gets (``config.model``
names it), sent as ``{"input": {"workflow": graph}}`` to ``/run`` and
polled on ``/status/<job id>``. ``max_wait_seconds`` (600 unless given)
bounds the wait, cold starts included; a job given up on or cancelled is
cancelled on RunPod too, so it stops costing GPU time.

The worker answers with base64 images, or with S3 links when its endpoint
has a bucket configured. A link is on another origin, so it is fetched
without the RunPod key (the key goes on each RunPod call, not on the
client), through the same guarded client.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import quote

from renderers import registry
from renderers.base import BackendError, ImageRequest, ImageResult
from renderers.images import checked_image, decode_base64_image
from renderers.net import BadResponse, ProviderCancelled, ProviderTimeout, URLRefused
from renderers.workflows import Graph, Lora

from .comfyui import (
    CLEANUP_READ_TIMEOUT,
    DEFAULT_MAX_WAIT,
    pick_workflow,
    poll_delays,
    provider_text,
    render_request,
    reported,
)
from .config import IMAGE_TIMEOUTS, ProviderConfig

__all__ = ["FINISHED", "RunPodBackend"]

logger = logging.getLogger(__name__)

#: Job states after which nothing changes (runpod-python's endpoint helpers).
FINISHED = frozenset({"COMPLETED", "FAILED", "CANCELLED", "TIMED_OUT"})
#: RunPod keeps a cold worker's first poll waiting on the model load; after that, polls every few seconds do.
FIRST_POLL = 1.0
LONGEST_POLL = 5.0


class RunPodBackend:
    """An image backend over one RunPod serverless endpoint."""

    def __init__(self, config: ProviderConfig):
        self.config = config
        self.name = config.provider or "runpod"
        self.display_name = config.display_name
        if not config.base_url:
            raise BackendError(
                f"{self.display_name} has no endpoint URL (https://api.runpod.ai/v2/<endpoint id>). "
                "Set it on your settings page."
            )
        self.workflow = pick_workflow(config)
        self.model = self.workflow.name
        self.loras: tuple[Lora, ...] = tuple(config.options.get("loras") or ())
        self.max_wait = float(config.options.get("max_wait_seconds", DEFAULT_MAX_WAIT))
        self._auth = config.bearer()
        self._client = config.client(None, timeouts=IMAGE_TIMEOUTS)

    def __repr__(self) -> str:
        return f"<RunPodBackend {self.model}>"

    def paint(self, request: ImageRequest) -> ImageResult:
        graph = render_request(self.workflow, request, self.loras, self.display_name)
        job_id = self._submit(graph)
        try:
            job = self._finished(job_id)
        except ProviderCancelled:
            self._cancel(job_id)
            raise
        if job is None:
            self._cancel(job_id)
            raise ProviderTimeout(
                f"{self.display_name} did not finish the picture within {self.max_wait:g} s, so the job was "
                "cancelled; the endpoint may have no worker free, try again later.",
                provider=self.display_name,
                retryable=True,
            )
        data = self._image(job.get("output"))
        info = checked_image(data, provider=self.display_name)
        steps, seed = reported(self.workflow, request)
        return ImageResult(data=data, model=self.model, steps=steps, width=info.width, height=info.height, seed=seed)

    def _submit(self, graph: Graph) -> str:
        # Every /run is a paid job and RunPod takes no key to recognise a repeat by: sent
        # again only when RunPod said it did not take it (429, 503) or it never arrived.
        answer = self._client.post_json(
            self.config.url("run"),
            {"input": {"workflow": graph}},
            headers=self._auth,
            stop=self.config.stop,
            repeat="refused",
        )
        job_id = answer.get("id") if isinstance(answer, dict) else None
        if isinstance(job_id, str) and job_id:
            return job_id
        raise BadResponse(f"{self.display_name} accepted the job but gave no job id.", provider=self.display_name)

    def _finished(self, job_id: str) -> dict[str, Any] | None:
        """The completed job; None when ``max_wait`` runs out first. A failed job raises."""
        url = self.config.url("status/" + quote(job_id, safe=""))
        for delay in poll_delays(self.max_wait, first=FIRST_POLL, longest=LONGEST_POLL):
            self._client.wait(delay, self.config.stop)
            job = self._client.get_json(url, headers=self._auth, stop=self.config.stop)
            status = job.get("status") if isinstance(job, dict) else None
            if not isinstance(status, str):
                raise BadResponse(
                    f"{self.display_name} answered the status request with something unexpected.",
                    provider=self.display_name,
                )
            if status == "COMPLETED":
                return job
            if status in FINISHED:
                raise BackendError(self._failure(status, job))
        return None

    def _failure(self, status: str, job: dict[str, Any]) -> str:
        if status == "CANCELLED":
            return f"{self.display_name} cancelled the job before the picture was finished."
        if status == "TIMED_OUT":
            return f"{self.display_name} stopped the job: it ran longer than the endpoint's execution timeout."
        reason = _error_text(job.get("error"))
        if not reason:
            return f"{self.display_name} reported that the job failed, without saying why."
        return f"{self.display_name} reported that the job failed: {self._words(reason)}"

    def _image(self, output: Any) -> bytes:
        """The first image of worker-comfyui's output (v5 ``images``, or the older ``message``)."""
        if isinstance(output, str):
            output = {"message": output}
        if not isinstance(output, dict):
            raise self._no_image()
        images = output.get("images")
        if isinstance(images, list):
            for image in images:
                if isinstance(image, dict) and isinstance(image.get("data"), str) and image["data"]:
                    if image.get("type") == "s3_url":
                        return self._download(image["data"])
                    return decode_base64_image(image["data"], provider=self.display_name)
        message = output.get("message")
        if isinstance(message, str) and message:
            if message.startswith(("https://", "http://")):
                return self._download(message)
            return decode_base64_image(message, provider=self.display_name)
        reason = _error_text(output.get("error"))
        if reason:
            raise BackendError(f"{self.display_name} reported that the job failed: {self._words(reason)}")
        raise self._no_image()

    def _words(self, text: str) -> str:
        return provider_text(text, secrets=[self.config.api_key])

    def _no_image(self) -> BadResponse:
        return BadResponse(f"{self.display_name} finished but returned no image.", provider=self.display_name)

    def _download(self, url: str) -> bytes:
        """An S3 link: another origin, so no RunPod key; the guard judges its host like any other."""
        return self._client.request("GET", url, stop=self.config.stop).content

    def _cancel(self, job_id: str) -> None:
        """Best effort, one try: stop the job on RunPod so it costs nothing more."""
        try:
            self._client.request(
                "POST",
                self.config.url("cancel/" + quote(job_id, safe="")),
                headers=self._auth,
                attempts=1,
                read_timeout=CLEANUP_READ_TIMEOUT,
            )
        except (BackendError, URLRefused) as exc:
            logger.info("%s: cancelling job after stopping failed: %s", self.display_name, exc)


def _error_text(error: Any) -> str:
    """A job's ``error``: a string (perhaps JSON from the worker's ``{"error", "details"}``) or an object."""
    if isinstance(error, str):
        try:
            parsed = json.loads(error)
        except ValueError:
            return error.strip()
        error = parsed if isinstance(parsed, dict) else error
        if isinstance(error, str):
            return error.strip()
    if isinstance(error, dict):
        for key in ("error_message", "error", "message"):
            if isinstance(error.get(key), str) and error[key].strip():
                return error[key].strip()
        return json.dumps(error)[:1000] if error else ""
    return "" if error is None else str(error)


registry.register("image", "runpod", RunPodBackend)
