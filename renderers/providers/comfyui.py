"""Pictures from a ComfyUI server: queue a workflow, wait for its history entry, fetch the image.

The server is usually the user's own GPU (on the LAN, or behind a proxy
that wants a Bearer key). ``config.model`` names the workflow ("flux" by
default, or an administrator's); ``config.options`` may add
``workflows`` (name -> Workflow), ``loras`` (a tuple of Lora) and
``max_wait_seconds`` (600 unless given). There is no job id to cancel on
ComfyUI, so a cancelled or overdue picture is withdrawn by hand: interrupted
when it is the prompt running, taken out of the queue otherwise, and never
by interrupting someone else's prompt.

The workflow choice, the polling rhythm and the bounding of a provider's
own error text are shared with the RunPod backend, whose ComfyUI worker
runs the same graphs.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import quote

from renderers import registry
from renderers.base import BackendError, ImageRequest, ImageResult
from renderers.images import checked_image
from renderers.net import BadResponse, ProviderCancelled, ProviderRejected, ProviderTimeout, URLRefused
from renderers.workflows import Graph, Lora, Workflow, WorkflowError, builtin_workflows, load_workflow

from .config import IMAGE_TIMEOUTS, ProviderConfig

__all__ = [
    "DEFAULT_MAX_WAIT",
    "DEFAULT_WORKFLOW",
    "ComfyUIBackend",
    "pick_workflow",
    "poll_delays",
    "provider_text",
    "render_request",
    "reported",
]

logger = logging.getLogger(__name__)

DEFAULT_WORKFLOW = "flux"
#: Seconds a picture may take, queue included, before it is given up on.
DEFAULT_MAX_WAIT = 600.0
#: Polls start quick (a warm GPU finishes a FLUX picture in seconds) and settle at one every few seconds.
FIRST_POLL = 0.5
LONGEST_POLL = 3.0
#: A clean-up call after a cancel or timeout is not worth a long wait.
CLEANUP_READ_TIMEOUT = 10.0
#: How much of a provider's own error text reaches a message.
PROVIDER_TEXT_LIMIT = 300

_URL_QUERY = re.compile(r"(https?://[^\s?#]+)[?#]\S*")


def pick_workflow(config: ProviderConfig) -> Workflow:
    """The workflow ``config.model`` names, among the shipped ones and ``options["workflows"]``.

    An administrator's workflow of the same name as a shipped one wins: it
    is the graph that fits their server.
    """
    name = config.model or DEFAULT_WORKFLOW
    known: dict[str, Any] = {**builtin_workflows(), **dict(config.options.get("workflows") or {})}
    if name not in known:
        choices = ", ".join(sorted(known))
        raise BackendError(f"{config.display_name} has no workflow called {name!r}; choose one of: {choices}.")
    workflow = known[name]
    if isinstance(workflow, Workflow):
        return workflow
    try:
        return load_workflow(workflow, name)
    except WorkflowError as exc:
        raise BackendError(str(exc)) from None


def render_request(workflow: Workflow, request: ImageRequest, loras: Iterable[Lora], provider: str) -> Graph:
    """The graph for one request; a workflow the LoRAs cannot join is the provider setup's fault."""
    try:
        return workflow.render(
            prompt=request.prompt,
            negative_prompt=request.negative_prompt,
            width=request.width,
            height=request.height,
            seed=request.seed,
            steps=request.steps,
            loras=loras,
        )
    except WorkflowError as exc:
        raise BackendError(f"{provider}: {exc}") from None


def reported(workflow: Workflow, request: ImageRequest) -> tuple[int | None, int | None]:
    """The steps and seed the picture was made with, as far as the workflow let the request set them."""
    placeholders = workflow.placeholders
    steps = (request.steps or workflow.default_steps) if "steps" in placeholders else None
    seed = request.seed if "seed" in placeholders else None
    return steps, seed


def poll_delays(
    max_wait: float,
    *,
    first: float = FIRST_POLL,
    longest: float = LONGEST_POLL,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[float]:
    """Waits before each poll, doubling from ``first`` to ``longest``, until ``max_wait`` seconds are used.

    Time used is the clock's or the sum of the waits, whichever is more, so
    a test's instant sleep still runs out.
    """
    started = clock()
    waited = 0.0
    delay = first
    while (remaining := max_wait - max(clock() - started, waited)) > 0:
        step = min(delay, remaining)
        yield step
        waited += step
        delay = min(delay * 2, longest)


def provider_text(text: Any, *, secrets: Iterable[str] = (), limit: int = PROVIDER_TEXT_LIMIT) -> str:
    """A provider's own words, fit for a message: one line, keys and URL queries removed, bounded."""
    words = " ".join(str(text).split())
    for secret in secrets:
        if secret:
            words = words.replace(secret, "[redacted]")
    words = _URL_QUERY.sub(r"\1", words)
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


class ComfyUIBackend:
    """An image backend over one ComfyUI server's HTTP API."""

    def __init__(self, config: ProviderConfig):
        self.config = config
        self.name = config.provider or "comfyui"
        self.display_name = config.display_name
        if not config.base_url:
            raise BackendError(f"{self.display_name} has no base URL. Set it on your settings page.")
        self.workflow = pick_workflow(config)
        self.model = self.workflow.name
        self.loras: tuple[Lora, ...] = tuple(config.options.get("loras") or ())
        self.max_wait = float(config.options.get("max_wait_seconds", DEFAULT_MAX_WAIT))
        self._client = config.client(config.bearer(), timeouts=IMAGE_TIMEOUTS)

    def __repr__(self) -> str:
        return f"<ComfyUIBackend {self.model}>"

    def paint(self, request: ImageRequest) -> ImageResult:
        graph = render_request(self.workflow, request, self.loras, self.display_name)
        prompt_id = self._queue(graph)
        try:
            entry = self._finished(prompt_id)
        except ProviderCancelled:
            self._withdraw(prompt_id)
            raise
        if entry is None:
            self._withdraw(prompt_id)
            raise ProviderTimeout(
                f"{self.display_name} did not finish the picture within {self.max_wait:g} s, so it was stopped; "
                "try again when the server is less busy.",
                provider=self.display_name,
                retryable=True,
            )
        picture = self._first_image(entry)
        data = self._client.request("GET", self.config.url("view"), params=picture, stop=self.config.stop).content
        info = checked_image(data, provider=self.display_name)
        steps, seed = reported(self.workflow, request)
        return ImageResult(data=data, model=self.model, steps=steps, width=info.width, height=info.height, seed=seed)

    def _queue(self, graph: Graph) -> str:
        # Retried by the client's policy: a server error means nothing was queued, and a
        # self-hosted server charges nothing for the rare double run after a lost answer.
        body = {"prompt": graph, "client_id": str(uuid.uuid4())}
        try:
            answer = self._client.post_json(self.config.url("prompt"), body, stop=self.config.stop, repeat="refused")
        except ProviderRejected as exc:
            if exc.status != 400:
                raise
            refusal = self._refusal(exc)
        else:
            prompt_id = answer.get("prompt_id") if isinstance(answer, dict) else None
            if isinstance(prompt_id, str) and prompt_id:
                return prompt_id
            raise BadResponse(
                f"{self.display_name} accepted the workflow but gave no prompt id.", provider=self.display_name
            )
        raise refusal

    def _refusal(self, exc: ProviderRejected) -> ProviderRejected:
        """ComfyUI's 400: the first node error (class and message), else the overall error."""
        try:
            answer = json.loads(exc.body)
        except ValueError:
            answer = {}
        answer = answer if isinstance(answer, dict) else {}
        detail = _first_node_error(answer.get("node_errors")) or _error_text(answer.get("error"))
        text = provider_text(detail, secrets=[self.config.api_key]) if detail else "no reason given"
        return ProviderRejected(
            f"{self.display_name} refused the workflow: {text}",
            provider=self.display_name,
            status=exc.status,
            body=exc.body,
        )

    def _finished(self, prompt_id: str) -> dict[str, Any] | None:
        """The prompt's history entry once it has one; None when ``max_wait`` runs out first."""
        url = self.config.url("history/" + quote(prompt_id, safe=""))
        for delay in poll_delays(self.max_wait):
            self._client.wait(delay, self.config.stop)
            answer = self._client.get_json(url, stop=self.config.stop)
            if not isinstance(answer, dict):
                raise BadResponse(
                    f"{self.display_name} answered the history request with something unexpected.",
                    provider=self.display_name,
                )
            entry = answer.get(prompt_id)
            if not isinstance(entry, dict):
                continue  # ComfyUI answers {} until the prompt has run
            status = entry.get("status") if isinstance(entry.get("status"), dict) else {}
            if status.get("status_str") == "error":
                raise BackendError(self._failure(status))
            return entry
        return None

    def _failure(self, status: dict[str, Any]) -> str:
        messages = status.get("messages") if isinstance(status.get("messages"), list) else []
        events = dict(
            (message[0], message[1])
            for message in messages
            if isinstance(message, list | tuple) and len(message) == 2 and isinstance(message[1], dict)
        )
        error = events.get("execution_error")
        if error is not None:
            node = provider_text(error.get("node_id", "?"), limit=40)
            kind = provider_text(error.get("node_type", ""), limit=80)
            where = f"node {node} ({kind})" if kind else f"node {node}"
            text = provider_text(error.get("exception_message") or "no reason given", secrets=[self.config.api_key])
            return f"{self.display_name} reported an error in {where}: {text}"
        if "execution_interrupted" in events:
            return f"{self.display_name} was interrupted before the picture was finished."
        return f"{self.display_name} reported an error running the workflow."

    def _first_image(self, entry: dict[str, Any]) -> dict[str, str]:
        """The first saved image of the run (``type`` "output"), else the first preview."""
        outputs = entry.get("outputs") if isinstance(entry.get("outputs"), dict) else {}
        images = [
            image
            for output in outputs.values()
            if isinstance(output, dict) and isinstance(output.get("images"), list)
            for image in output["images"]
            if isinstance(image, dict) and isinstance(image.get("filename"), str) and image["filename"]
        ]
        if not images:
            raise BadResponse(f"{self.display_name} finished but returned no image.", provider=self.display_name)
        image = next((image for image in images if image.get("type") == "output"), images[0])
        return {
            "filename": image["filename"],
            "subfolder": str(image.get("subfolder") or ""),
            "type": str(image.get("type") or "output"),
        }

    def _withdraw(self, prompt_id: str) -> None:
        """Best effort, one try each: drop our prompt from the queue, and interrupt it if it is running.

        ``/interrupt`` on older servers stops whatever runs, so it is only
        sent once the queue shows our prompt running; the ``prompt_id`` in
        the body lets newer servers check that themselves.
        """
        self._cleanup("POST", "queue", {"delete": [prompt_id]})
        queue = self._cleanup("GET", "queue")
        if isinstance(queue, dict) and _listed(queue, "queue_running", prompt_id):
            self._cleanup("POST", "interrupt", {"prompt_id": prompt_id})

    def _cleanup(self, method: str, path: str, body: Any = None) -> Any:
        try:
            reply = self._client.request(
                method, self.config.url(path), json=body, attempts=1, read_timeout=CLEANUP_READ_TIMEOUT
            )
            return reply.json() if method == "GET" else None
        except (BackendError, URLRefused) as exc:
            logger.info("%s: %s /%s after stopping failed: %s", self.display_name, method, path, exc)
            return None


def _listed(queue: dict[str, Any], key: str, prompt_id: str) -> bool:
    """Whether ``prompt_id`` is in a /queue list, whose items are ``[number, prompt_id, prompt, ...]``."""
    items = queue.get(key)
    return isinstance(items, list) and any(
        isinstance(item, list) and len(item) > 1 and item[1] == prompt_id for item in items
    )


def _first_node_error(node_errors: Any) -> str:
    if not isinstance(node_errors, dict):
        return ""
    for node_id, failure in node_errors.items():
        if not isinstance(failure, dict):
            continue
        errors = failure.get("errors") if isinstance(failure.get("errors"), list) else []
        text = next((_error_text(error) for error in errors if _error_text(error)), "")
        if text:
            return f"{failure.get('class_type') or f'node {node_id}'}: {text}"
    return ""


def _error_text(error: Any) -> str:
    """``message: details`` of one ComfyUI error object ("Value not in list: ckpt_name: 'x' not in [...]")."""
    if isinstance(error, str):
        return error
    if not isinstance(error, dict):
        return ""
    message = error.get("message") if isinstance(error.get("message"), str) else ""
    details = error.get("details") if isinstance(error.get("details"), str) else ""
    return f"{message}: {details}" if message and details else message or details


registry.register("image", "comfyui", ComfyUIBackend)
