"""Local ComfyUI and RunPod (worker-comfyui) servers over HTTP on 127.0.0.1, painting plain PNGs.

    with ComfyUIFake() as comfy:
        config = ProviderConfig(provider="comfyui", base_url=comfy.base_url, allowed_hosts="127.0.0.1")
        ...
        assert comfy.graphs[0]["6"]["inputs"]["text"] == "a fox reading"

    with RunPodFake(api_key="rp-test") as runpod:
        config = ProviderConfig(provider="runpod", base_url=runpod.base_url, api_key="rp-test", ...)

Both take a ComfyUI API-format graph, check it the way the real server
does (links lead to nodes, an output node exists, numbers are numbers,
and checkpoint or LoRA names are known when ``checkpoints``/``loras`` are
given), read the size from its Empty...LatentImage node and answer with a
real PNG of that size, in the real wire format:

- ComfyUIFake: ``POST /prompt`` -> ``{"prompt_id", "number", "node_errors"}``
  (400 with ``node_errors`` for a bad graph); ``GET /history/<id>`` -> ``{}``
  for the first ``polls_before_done`` polls, then the finished entry;
  ``GET /view`` serves the image; ``GET``/``POST /queue``, ``POST
  /interrupt`` and ``GET /system_stats`` answer too.
- RunPodFake: ``POST /v2/<endpoint>/run`` -> ``IN_QUEUE``; ``GET
  /status/<id>`` -> IN_QUEUE, IN_PROGRESS, then COMPLETED with
  ``{"images": [{"filename", "type": "base64", "data"}]}`` (``output="s3_url"``
  serves the image from a second server, as a bucket on another origin
  would; ``output="message"`` answers like workers before 5.0).

``polls_before_done=None`` never finishes (for timeouts and cancels);
``fail_with="..."`` makes the run fail with that message. ``api_key``
makes any other Bearer token get a 401. ``graphs`` holds every graph
received, in order.
"""

from __future__ import annotations

import base64
import io
import itertools
import threading
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

from PIL import Image

from tests.fake_http import FakeServer, Received, Reply

__all__ = ["ComfyUIFake", "RunPodFake", "graph_errors", "latent_size", "png"]

_OUTPUT_TYPES = {"SaveImage": "output", "PreviewImage": "temp"}


def latent_size(graph: dict[str, Any]) -> tuple[int, int] | None:
    """Width and height of the graph's empty latent image node (EmptyLatentImage, EmptySD3LatentImage ...)."""
    for node in graph.values():
        kind = node.get("class_type", "") if isinstance(node, dict) else ""
        if kind.startswith("Empty") and "Latent" in kind:
            inputs = node.get("inputs") or {}
            width, height = inputs.get("width"), inputs.get("height")
            if _is_int(width) and _is_int(height):
                return width, height
    return None


def png(width: int, height: int, seed: int = 0) -> bytes:
    """A flat PNG of that size, coloured by the seed so different pictures differ."""
    colour = ((seed * 37) % 256, (seed * 91 + 64) % 256, (seed * 53 + 128) % 256)
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG", compress_level=1)
    return out.getvalue()


def graph_errors(
    graph: Any, *, checkpoints: set[str] | None = None, loras: set[str] | None = None
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """What ComfyUI's validation would say: ``(error, node_errors)``; ``(None, {})`` for a good graph."""
    if not isinstance(graph, dict) or not graph:
        return _error("no_prompt", "No prompt provided"), {}
    if not any(isinstance(node, dict) and node.get("class_type") in _OUTPUT_TYPES for node in graph.values()):
        return _error("prompt_no_outputs", "Prompt has no outputs"), {}
    node_errors: dict[str, Any] = {}
    for node_id, node in graph.items():
        errors = list(_node_errors(graph, node, checkpoints, loras))
        if errors:
            node_errors[node_id] = {"errors": errors, "dependent_outputs": [], "class_type": node.get("class_type")}
    if node_errors:
        return _error("prompt_outputs_failed_validation", "Prompt outputs failed validation"), node_errors
    return None, {}


def _node_errors(graph, node, checkpoints, loras):
    inputs = node.get("inputs") or {}
    for name, value in inputs.items():
        if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and value[0] not in graph:
            yield _error("bad_linked_input", "Bad linked input, must be a length-2 list of [node_id, slot_index]", name)
    kind = node.get("class_type", "")
    numbers = ("width", "height", "batch_size") if kind.startswith("Empty") and "Latent" in kind else ()
    if kind == "KSampler":
        numbers = ("seed", "steps")
    for name in numbers:
        if name in inputs and not _is_int(inputs[name]):
            yield _error(
                "invalid_input_type",
                "Failed to convert an input value to a INT value",
                f"{name}, {inputs[name]}, invalid literal for int() with base 10: {inputs[name]!r}",
            )
    for known, key in ((checkpoints, "ckpt_name"), (loras, "lora_name")):
        if known is not None and key in inputs and inputs[key] not in known:
            yield _error("value_not_in_list", "Value not in list", f"{key}: '{inputs[key]}' not in {sorted(known)}")


def _error(kind: str, message: str, details: str = "") -> dict[str, Any]:
    return {"type": kind, "message": message, "details": details, "extra_info": {}}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _seed(graph: dict[str, Any]) -> int:
    for node in graph.values():
        seed = (node.get("inputs") or {}).get("seed")
        if _is_int(seed):
            return seed
    return 0


class _Fake:
    """What both fakes share: the server, the key check, the received graphs."""

    def __init__(self, api_key: str, polls_before_done: int | None, fail_with: str | None, checkpoints, loras):
        self.server = FakeServer()
        self.api_key = api_key
        self.polls_before_done = polls_before_done
        self.fail_with = fail_with
        self.checkpoints = set(checkpoints) if checkpoints is not None else None
        self.loras = set(loras) if loras is not None else None
        self.graphs: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return self.server.url

    def __enter__(self):
        self.server.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.__exit__(*exc_info)

    def _refused(self, received: Received) -> Reply | None:
        if self.api_key and received.headers.get("authorization") != f"Bearer {self.api_key}":
            return Reply.json({"error": "Unauthorized"}, status=401)
        return None

    def _route(self, method: str, path: str, handler) -> None:
        self.server.on(method, path, lambda received: self._refused(received) or handler(received))


class ComfyUIFake(_Fake):
    def __init__(
        self,
        *,
        api_key: str = "",
        polls_before_done: int | None = 1,
        fail_with: str | None = None,
        checkpoints: set[str] | None = None,
        loras: set[str] | None = None,
    ):
        super().__init__(api_key, polls_before_done, fail_with, checkpoints, loras)
        self.interrupts: list[Any] = []
        self.deleted: list[str] = []
        self._numbers = itertools.count()
        self._runs: dict[str, dict[str, Any]] = {}  # prompt id -> {"graph", "number", "polls", "state"}
        self._files: dict[str, bytes] = {}
        self._route("POST", "/prompt", self._prompt)
        self._route("GET", "/view", self._view)
        self._route("GET", "/queue", self._queue)
        self._route("POST", "/queue", self._delete)
        self._route("POST", "/interrupt", self._interrupt)
        self._route("GET", "/system_stats", lambda received: Reply.json({"system": {"os": "posix"}, "devices": []}))

    @property
    def base_url(self) -> str:
        return self.server.url

    def _prompt(self, received: Received) -> Reply:
        body = received.json()
        graph = body.get("prompt")
        with self._lock:
            self.graphs.append(graph)
        error, node_errors = graph_errors(graph, checkpoints=self.checkpoints, loras=self.loras)
        if error is not None:
            return Reply.json({"error": error, "node_errors": node_errors}, status=400)
        prompt_id = str(uuid.uuid4())
        with self._lock:
            number = next(self._numbers)
            self._runs[prompt_id] = {"graph": graph, "number": number, "polls": 0, "state": "queued"}
        self._route("GET", f"/history/{prompt_id}", lambda received: self._history(prompt_id))
        return Reply.json({"prompt_id": prompt_id, "number": number, "node_errors": {}})

    def _history(self, prompt_id: str) -> Reply:
        with self._lock:
            run = self._runs[prompt_id]
            run["polls"] += 1
            if run["state"] == "queued":
                done = self.polls_before_done is not None and run["polls"] > self.polls_before_done
                if not done:
                    return Reply.json({})
                run["state"] = "failed" if self.fail_with else "done"
            if run["state"] == "deleted":
                return Reply.json({})
        return Reply.json({prompt_id: self._entry(prompt_id, run)})

    def _entry(self, prompt_id: str, run: dict[str, Any]) -> dict[str, Any]:
        graph = run["graph"]
        started = ["execution_start", {"prompt_id": prompt_id, "timestamp": 1700000000000}]
        outputs: dict[str, Any] = {}
        if run["state"] == "failed":
            sampler = next((key for key, node in graph.items() if node["class_type"] == "KSampler"), "3")
            failure = {
                "prompt_id": prompt_id,
                "node_id": sampler,
                "node_type": "KSampler",
                "executed": [],
                "exception_message": self.fail_with,
                "exception_type": "torch.OutOfMemoryError",
                "traceback": ["Traceback (most recent call last):\n"],
                "current_inputs": {},
                "current_outputs": {},
            }
            status = {"status_str": "error", "completed": False, "messages": [started, ["execution_error", failure]]}
        elif run["state"] == "interrupted":
            stopped = ["execution_interrupted", {"prompt_id": prompt_id, "node_id": "3", "executed": []}]
            status = {"status_str": "error", "completed": False, "messages": [started, stopped]}
        else:
            width, height = latent_size(graph) or (512, 512)
            for node_id, node in graph.items():
                kind = _OUTPUT_TYPES.get(node["class_type"])
                if kind is None:
                    continue
                filename = f"panelcraft_{run['number']:05d}_{node_id}_.png"
                with self._lock:
                    self._files[f"{kind}/{filename}"] = png(width, height, _seed(graph))
                outputs[node_id] = {"images": [{"filename": filename, "subfolder": "", "type": kind}]}
            done = ["execution_success", {"prompt_id": prompt_id, "timestamp": 1700000004000}]
            status = {"status_str": "success", "completed": True, "messages": [started, done]}
        return {
            "prompt": [run["number"], prompt_id, graph, {"client_id": "fake"}, list(outputs)],
            "outputs": outputs,
            "status": status,
            "meta": {node_id: {"node_id": node_id, "display_node": node_id} for node_id in outputs},
        }

    def _view(self, received: Received) -> Reply:
        query = parse_qs(urlsplit(received.path).query)
        key = f"{query.get('type', ['output'])[0]}/{query.get('filename', [''])[0]}"
        with self._lock:
            data = self._files.get(key)
        if data is None:
            return Reply(404)
        return Reply(200, data, {"Content-Type": "image/png"})

    def _queue(self, received: Received) -> Reply:
        with self._lock:
            waiting = [(pid, run) for pid, run in self._runs.items() if run["state"] == "queued"]
        items = [[run["number"], pid, run["graph"], {"client_id": "fake"}, []] for pid, run in waiting]
        return Reply.json({"queue_running": items[:1], "queue_pending": items[1:]})

    def _delete(self, received: Received) -> Reply:
        ids = received.json().get("delete") or []
        with self._lock:
            self.deleted += ids
            queued = [pid for pid, run in self._runs.items() if run["state"] == "queued"]
            for pid in ids:
                if pid in queued[1:]:  # only waiting prompts leave the queue; the running one stays
                    self._runs[pid]["state"] = "deleted"
        return Reply(200)

    def _interrupt(self, received: Received) -> Reply:
        body = received.json() if received.body else {}
        with self._lock:
            self.interrupts.append(body.get("prompt_id"))
            queued = [pid for pid, run in self._runs.items() if run["state"] == "queued"]
            if queued and body.get("prompt_id") in (None, queued[0]):
                self._runs[queued[0]]["state"] = "interrupted"
        return Reply(200)


class RunPodFake(_Fake):
    def __init__(
        self,
        *,
        api_key: str = "",
        endpoint_id: str = "fake-endpoint",
        polls_before_done: int | None = 2,
        fail_with: str | None = None,
        output: str = "base64",
        checkpoints: set[str] | None = None,
        loras: set[str] | None = None,
    ):
        super().__init__(api_key, polls_before_done, fail_with, checkpoints, loras)
        self.endpoint_id = endpoint_id
        self.output = output
        self.cancelled: list[str] = []
        self.bucket = FakeServer() if output == "s3_url" else None
        self._jobs: dict[str, dict[str, Any]] = {}
        self._prefix = f"/v2/{endpoint_id}"
        self._route("POST", f"{self._prefix}/run", self._run)
        self._route("GET", f"{self._prefix}/health", self._health)

    @property
    def base_url(self) -> str:
        return self.server.url + self._prefix

    def __enter__(self):
        super().__enter__()
        if self.bucket is not None:
            self.bucket.__enter__()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.bucket is not None:
            self.bucket.__exit__(*exc_info)
        super().__exit__(*exc_info)

    def _run(self, received: Received) -> Reply:
        graph = (received.json().get("input") or {}).get("workflow")
        with self._lock:
            self.graphs.append(graph)
        job_id = f"{uuid.uuid4()}-u1"
        with self._lock:
            self._jobs[job_id] = {"graph": graph, "polls": 0, "state": "IN_QUEUE"}
        self._route("GET", f"{self._prefix}/status/{job_id}", lambda received: self._status(job_id))
        self._route("POST", f"{self._prefix}/cancel/{job_id}", lambda received: self._cancel(job_id))
        return Reply.json({"id": job_id, "status": "IN_QUEUE"})

    def _status(self, job_id: str) -> Reply:
        with self._lock:
            job = self._jobs[job_id]
            job["polls"] += 1
            if job["state"] in ("IN_QUEUE", "IN_PROGRESS"):
                if self.polls_before_done is None or job["polls"] <= self.polls_before_done:
                    job["state"] = "IN_QUEUE" if job["polls"] <= 1 else "IN_PROGRESS"
                    return Reply.json({"id": job_id, "status": job["state"], "delayTime": 850})
                job["state"] = "DONE"
            if job["state"] == "CANCELLED":
                return Reply.json({"id": job_id, "status": "CANCELLED", "delayTime": 850})
        return Reply.json(self._finished(job_id, job["graph"]))

    def _finished(self, job_id: str, graph: Any) -> dict[str, Any]:
        answer = {"id": job_id, "delayTime": 850, "executionTime": 4200, "workerId": "fakeworker01"}
        error, node_errors = graph_errors(graph, checkpoints=self.checkpoints, loras=self.loras)
        if error is not None or self.fail_with:
            reason = self.fail_with or _validation_text(error, node_errors)
            # The SDK moves the handler's "error" to the job and leaves the rest as its output.
            return {**answer, "status": "FAILED", "error": reason, "output": {"details": []}}
        width, height = latent_size(graph) or (512, 512)
        data = png(width, height, _seed(graph))
        filename = "ComfyUI_00001_.png"
        if self.output == "message":
            return {**answer, "status": "COMPLETED", "output": {"message": base64.b64encode(data).decode()}}
        if self.output == "s3_url":
            path = f"/bucket/{job_id}/{filename}"
            self.bucket.on("GET", path, Reply(200, data, {"Content-Type": "image/png"}))
            link = f"{self.bucket.url}{path}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=deadbeef"
            image = {"filename": filename, "type": "s3_url", "data": link}
        else:
            image = {"filename": filename, "type": "base64", "data": base64.b64encode(data).decode()}
        return {**answer, "status": "COMPLETED", "output": {"images": [image]}}

    def _cancel(self, job_id: str) -> Reply:
        with self._lock:
            self.cancelled.append(job_id)
            self._jobs[job_id]["state"] = "CANCELLED"
        return Reply.json({"id": job_id, "status": "CANCELLED"})

    def _health(self, received: Received) -> Reply:
        with self._lock:
            waiting = sum(job["state"] in ("IN_QUEUE", "IN_PROGRESS") for job in self._jobs.values())
        jobs = {"completed": len(self._jobs) - waiting, "failed": 0, "inProgress": waiting, "inQueue": 0, "retried": 0}
        return Reply.json({"jobs": jobs, "workers": {"idle": 1, "running": int(waiting > 0)}})


def _validation_text(error: dict[str, Any], node_errors: dict[str, Any]) -> str:
    """Roughly how worker-comfyui words a graph ComfyUI refused."""
    lines = [f"Workflow validation failed: {error['message']}"]
    for node_id, failure in node_errors.items():
        for item in failure["errors"]:
            lines.append(f"• Node {node_id} ({failure['class_type']}): {item['message']}: {item['details']}")
    return "\n".join(lines)
