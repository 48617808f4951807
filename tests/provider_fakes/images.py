"""Local stand-ins for OpenAI Images, Hugging Face text-to-image and Replicate, over real HTTP on 127.0.0.1.

Each fake owns a FakeServer and answers in the provider's own wire format
with a real picture of the size asked for: one plain colour taken from the
prompt's hash, so the same prompt paints the same picture and tests stay
fast. Use one as a context manager and point a provider setup at ``.url``:

    with ReplicateFake(api_key="r8_test") as replicate:
        config = ProviderConfig(provider="replicate", base_url=replicate.url, api_key="r8_test",
                                allowed_hosts="127.0.0.1", options={"poll_interval": 0.01})

``api_key`` (or ``require_key``) makes every route answer 401 without that
Bearer token; ``requests`` lists what was received.
"""

from __future__ import annotations

import base64
import hashlib
import io
import itertools
import json
import re
import threading
import time
from datetime import UTC, datetime
from typing import Any

from PIL import Image

from tests.fake_http import FakeServer, Received, Reply

__all__ = ["HuggingFaceImagesFake", "OpenAIImagesFake", "ReplicateFake", "paint"]

_PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "jpg": "JPEG", "webp": "WEBP"}


def paint(prompt: str, width: int, height: int, file_format: str = "png") -> bytes:
    """A ``width`` x ``height`` picture in one colour chosen by the prompt, encoded as ``file_format``."""
    colour = tuple(hashlib.sha256(prompt.encode()).digest()[:3])
    buffer = io.BytesIO()
    pillow_format = _PILLOW_FORMATS[file_format]
    options = {"compress_level": 1} if pillow_format == "PNG" else {}
    Image.new("RGB", (width, height), colour).save(buffer, pillow_format, **options)
    return buffer.getvalue()


class _Fake:
    """A FakeServer with a key check; subclasses add their routes in ``_install``."""

    def __init__(self, *, api_key: str | None = None):
        self.api_key = api_key
        self.server = FakeServer()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def __enter__(self):
        self.server.__enter__()
        self._install()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.__exit__(*exc_info)

    @property
    def requests(self) -> list[Received]:
        return self.server.calls()

    def require_key(self, api_key: str) -> None:
        self.api_key = api_key

    def _install(self) -> None:
        raise NotImplementedError

    def _key_ok(self, received: Received) -> bool:
        return not self.api_key or received.headers.get("authorization") == f"Bearer {self.api_key}"

    def _next_id(self) -> int:
        with self._lock:
            return next(self._ids)


# --- OpenAI Images --------------------------------------------------------------------

_OPENAI_SIZES = {
    "dall-e-2": ("256x256", "512x512", "1024x1024"),
    "dall-e-3": ("1024x1024", "1792x1024", "1024x1792"),
}
_GPT_IMAGE_SIZES = ("auto", "1024x1024", "1536x1024", "1024x1536")


class OpenAIImagesFake(_Fake):
    """``POST /v1/images/generations`` as OpenAI answers it.

    GPT image models answer base64 with token usage and refuse
    ``response_format``; DALL·E answers a URL (served here, under
    ``/files/``) unless asked for ``b64_json``. Sizes a model does not
    offer are refused with 400, as OpenAI does.
    """

    @property
    def url(self) -> str:
        return self.server.url + "/v1"

    def _install(self) -> None:
        self.server.on("POST", "/v1/images/generations", self._generate)

    def _generate(self, received: Received) -> Reply:
        if not self._key_ok(received):
            return _openai_error(401, "Incorrect API key provided.", "invalid_api_key", "invalid_request_error")
        body = received.json()
        model = body.get("model", "dall-e-2")
        prompt = body.get("prompt")
        if not isinstance(prompt, str) or not prompt:
            return _openai_error(400, "Missing required parameter: 'prompt'.", "missing_required_parameter")
        gpt = not model.startswith("dall-e")
        if gpt and "response_format" in body:
            return _openai_error(400, "Unknown parameter: 'response_format'.", "unknown_parameter")
        size = body.get("size", "auto" if gpt else "1024x1024")
        offered = _GPT_IMAGE_SIZES if gpt else _OPENAI_SIZES.get(model, ())
        if size not in offered:
            return _openai_error(400, f"Invalid value: '{size}'. Supported values are: {', '.join(offered)}.", "")
        width, height = (1024, 1024) if size == "auto" else map(int, size.split("x"))
        count = int(body.get("n", 1))
        if count != 1 and model == "dall-e-3":
            return _openai_error(400, "dall-e-3 only supports n=1.", "invalid_value")
        images = [paint(f"{prompt}#{index}" if index else prompt, width, height) for index in range(count)]
        answer: dict[str, Any] = {"created": int(time.time())}
        if gpt:
            answer["data"] = [{"b64_json": _b64(image)} for image in images]
            answer.update(background="opaque", output_format="png", quality="medium", size=f"{width}x{height}")
            tokens = max(1, len(prompt.split()))
            answer["usage"] = {
                "input_tokens": tokens,
                "input_tokens_details": {"text_tokens": tokens, "image_tokens": 0},
                "output_tokens": 1056,
                "total_tokens": tokens + 1056,
            }
        elif body.get("response_format") == "b64_json":
            answer["data"] = [{"b64_json": _b64(image)} for image in images]
        else:
            answer["data"] = [{"url": self._serve_file(image)} for image in images]
        if model == "dall-e-3":
            for entry in answer["data"]:
                entry["revised_prompt"] = f"A picture of {prompt}"
        return Reply.json(answer)

    def _serve_file(self, image: bytes) -> str:
        path = f"/files/img-{self._next_id()}.png"
        self.server.on("GET", path, Reply(200, image, {"Content-Type": "image/png"}))
        return self.server.url + path + "?se=2030-01-01T00%3A00%3A00Z&sig=fake-signature"


def _openai_error(status: int, message: str, code: str, kind: str = "invalid_request_error") -> Reply:
    return Reply.json({"error": {"message": message, "type": kind, "param": None, "code": code or None}}, status)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# --- Hugging Face --------------------------------------------------------------------


class HuggingFaceImagesFake(_Fake):
    """Hugging Face text-to-image: raw image bytes in the format ``Accept`` names.

    ``url`` is an Inference Endpoint (``POST /``). The router's routes,
    ``POST /hf-inference/models/{model}`` for each of ``models``, are
    answered too, for setups whose router host resolves here. ``loading``
    first answers that many requests with the 503 "currently loading" JSON.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        models: tuple[str, ...] = ("black-forest-labs/FLUX.1-schnell",),
        loading: int = 0,
    ):
        super().__init__(api_key=api_key)
        self.models = models
        self._loading = loading

    @property
    def url(self) -> str:
        return self.server.url

    def _install(self) -> None:
        self.server.on("POST", "/", lambda received: self._generate(received, self.models[0]))
        for model in self.models:
            self.server.on(
                "POST", f"/hf-inference/models/{model}", lambda received, m=model: self._generate(received, m)
            )

    def _generate(self, received: Received, model: str) -> Reply:
        if not self._key_ok(received):
            return Reply.json({"error": "Invalid credentials in Authorization header"}, 401)
        with self._lock:
            loading, self._loading = self._loading > 0, max(self._loading - 1, 0)
        if loading:
            return Reply.json({"error": f"Model {model} is currently loading", "estimated_time": 20.0}, 503)
        try:
            body = received.json()
        except ValueError:
            return Reply.json({"error": "Body needs to be JSON"}, 400)
        prompt = body.get("inputs") if isinstance(body, dict) else None
        if not isinstance(prompt, str) or not prompt:
            return Reply.json({"error": "Input should be a valid string: inputs"}, 422)
        parameters = body.get("parameters") or {}
        width, height = int(parameters.get("width", 1024)), int(parameters.get("height", 1024))
        accept = received.headers.get("accept", "image/png")
        file_format = {"image/jpeg": "jpeg", "image/webp": "webp"}.get(accept, "png")
        return Reply(200, paint(prompt, width, height, file_format), {"Content-Type": f"image/{file_format}"})


# --- Replicate -----------------------------------------------------------------------

# The sizes FLUX models on Replicate paint for each aspect ratio (about one megapixel).
FLUX_SIZES = {
    "1:1": (1024, 1024),
    "16:9": (1344, 768),
    "9:16": (768, 1344),
    "4:3": (1152, 896),
    "3:4": (896, 1152),
    "3:2": (1216, 832),
    "2:3": (832, 1216),
}
_VERSION = re.compile(r"[0-9a-f]{64}")


class ReplicateFake(_Fake):
    """Replicate predictions: ``starting`` on create, ``processing`` on polls, then ``succeeded``.

    Official models (``POST /v1/models/{owner}/{name}/predictions``, for each
    of ``models``) and versions (``POST /v1/predictions``) are served; the
    output is a list with one file URL on this server. ``polls`` is how many
    polls a prediction takes to succeed (the last one succeeds). Every route
    needs the Bearer token when a key is set, file downloads included.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        models: tuple[str, ...] = ("black-forest-labs/flux-schnell",),
        polls: int = 2,
    ):
        super().__init__(api_key=api_key)
        self.models = models
        self.polls = polls
        self.predictions: dict[str, dict[str, Any]] = {}

    @property
    def url(self) -> str:
        return self.server.url + "/v1"

    def _install(self) -> None:
        for model in self.models:
            self.server.on(
                "POST", f"/v1/models/{model}/predictions", lambda received, m=model: self._create(received, m, None)
            )
        self.server.on("POST", "/v1/predictions", self._create_version)

    def _create_version(self, received: Received) -> Reply:
        body = _json_or_none(received)
        version = body.get("version") if isinstance(body, dict) else None
        if not isinstance(version, str) or not _VERSION.fullmatch(version):
            return _problem(422, "Invalid version or not permitted", "The specified version does not exist")
        return self._create(received, f"owner/model-{version[:8]}", version)

    def _create(self, received: Received, model: str, version: str | None) -> Reply:
        if not self._key_ok(received):
            return _problem(401, "Unauthenticated", "You did not pass a valid authentication token")
        body = _json_or_none(received)
        model_input = body.get("input") if isinstance(body, dict) else None
        if not isinstance(model_input, dict) or not isinstance(model_input.get("prompt"), str):
            return _problem(422, "Input validation failed", "input: prompt is required")
        prediction_id = f"p{self._next_id():04d}fake"
        base = f"{self.server.url}/v1/predictions/{prediction_id}"
        prediction = {
            "id": prediction_id,
            "model": model,
            "version": version or hashlib.sha256(model.encode()).hexdigest(),
            "input": model_input,
            "logs": "",
            "output": None,
            "data_removed": False,
            "error": None,
            "status": "starting",
            "created_at": _now(),
            "urls": {"get": base, "cancel": base + "/cancel", "stream": base + "/stream"},
        }
        with self._lock:
            self.predictions[prediction_id] = {"prediction": prediction, "polls": 0}
        self.server.on("GET", f"/v1/predictions/{prediction_id}", lambda r: self._poll(r, prediction_id))
        self.server.on("POST", f"/v1/predictions/{prediction_id}/cancel", lambda r: self._cancel(r, prediction_id))
        return Reply.json(prediction, 201)

    def _poll(self, received: Received, prediction_id: str) -> Reply:
        if not self._key_ok(received):
            return _problem(401, "Unauthenticated", "You did not pass a valid authentication token")
        with self._lock:
            state = self.predictions[prediction_id]
            prediction = state["prediction"]
            if prediction["status"] in ("starting", "processing"):
                state["polls"] += 1
                if state["polls"] < self.polls:
                    prediction.update(status="processing", started_at=prediction.get("started_at") or _now())
                    prediction["logs"] = f"Using seed: {prediction['input'].get('seed', 0)}\n"
                else:
                    self._succeed(prediction)
            answer = json.loads(json.dumps(prediction))
        return Reply.json(answer)

    def _succeed(self, prediction: dict[str, Any]) -> None:
        model_input = prediction["input"]
        if "aspect_ratio" in model_input:
            width, height = FLUX_SIZES.get(model_input["aspect_ratio"], (1024, 1024))
        else:
            width, height = int(model_input.get("width", 1024)), int(model_input.get("height", 1024))
        file_format = str(model_input.get("output_format", "webp"))
        image = paint(model_input["prompt"], width, height, file_format)
        path = f"/files/{prediction['id']}/out-0.{file_format}"
        self.server.on("GET", path, lambda received: self._file(received, image, file_format))
        prediction.update(
            status="succeeded",
            output=[self.server.url + path],
            completed_at=_now(),
            metrics={"predict_time": 0.42, "total_time": 0.5},
        )
        prediction.setdefault("started_at", prediction["completed_at"])

    def _cancel(self, received: Received, prediction_id: str) -> Reply:
        if not self._key_ok(received):
            return _problem(401, "Unauthenticated", "You did not pass a valid authentication token")
        with self._lock:
            prediction = self.predictions[prediction_id]["prediction"]
            if prediction["status"] not in ("succeeded", "failed", "canceled"):
                prediction.update(status="canceled", completed_at=_now())
            answer = json.loads(json.dumps(prediction))
        return Reply.json(answer)

    def _file(self, received: Received, image: bytes, file_format: str) -> Reply:
        if not self._key_ok(received):
            return _problem(401, "Unauthenticated", "You did not pass a valid authentication token")
        return Reply(200, image, {"Content-Type": f"image/{'jpeg' if file_format == 'jpg' else file_format}"})


def _problem(status: int, title: str, detail: str) -> Reply:
    """An RFC 7807 problem answer, as Replicate sends its errors."""
    return Reply.json({"type": "about:blank", "title": title, "status": status, "detail": detail}, status)


def _json_or_none(received: Received) -> Any:
    try:
        return received.json()
    except ValueError:
        return None


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")
