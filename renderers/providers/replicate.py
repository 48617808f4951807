"""Replicate predictions: create one, wait for it, download its picture.

A model named ``owner/name`` is run through its official-model route,
``POST {base}/models/{owner}/{name}/predictions``; ``owner/name:<version>``
through ``POST {base}/predictions`` with that version. ``Prefer: wait``
lets Replicate hold the answer until the picture is done; when it is not,
``urls.get`` is polled at growing intervals until the prediction succeeds,
fails or is cancelled, within a time limit.

Creating a prediction costs money and Replicate has no way to recognise a
repeat, so the create call is only tried again when Replicate answered
429 or 503: it then made nothing. After a timeout or a broken connection a
prediction may exist, and trying again could pay for a second one.

Whatever runs on Replicate's side is cancelled when this side gives up on
it: a job stopped by its owner, a poll that failed, or the time limit.
The key goes only to Replicate's own hosts: the API's origin, and file
downloads from ``https://replicate.delivery`` (which asks for it).
"""

from __future__ import annotations

import logging
import math
import re
import time
from typing import Any
from urllib.parse import quote

import httpx

from renderers import registry
from renderers.base import BackendError, ImageRequest, ImageResult
from renderers.images import checked_image, decode_base64_image
from renderers.net.errors import redact

from .config import IMAGE_TIMEOUTS, ProviderConfig

__all__ = ["ASPECT_RATIOS", "DEFAULT_MODEL", "ReplicateImages", "nearest_aspect_ratio"]

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "black-forest-labs/flux-schnell"
#: The aspect ratios FLUX models on Replicate take instead of a width and height.
ASPECT_RATIOS = ("1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3")
FLUX_OWNER = "black-forest-labs"
DELIVERY_HOST = "replicate.delivery"

_FINAL = frozenset({"succeeded", "failed", "canceled"})
_VERSION = re.compile(r"[0-9a-f]{64}")
_ERROR_LIMIT = 300
_CANCEL_TIMEOUT = 5.0


def nearest_aspect_ratio(width: int, height: int) -> str:
    """The ratio in ASPECT_RATIOS closest in shape to ``width`` x ``height``.

    Shapes are compared as logarithms, so being twice too wide counts as much as being twice too tall.
    """
    wanted = math.log(max(width, 1) / max(height, 1))

    def distance(ratio: str) -> float:
        across, down = ratio.split(":")
        return abs(math.log(int(across) / int(down)) - wanted)

    return min(ASPECT_RATIOS, key=distance)


class ReplicateImages:
    """Paints with a Replicate model; made from one ProviderConfig, shared by a job's threads.

    ``options``: ``prefer_wait`` (seconds Replicate may hold the create call,
    1-60, 0 to not ask; default 60), ``poll_interval`` (first pause between
    polls, default 0.5 s, doubling), ``max_poll_interval`` (default 5 s) and
    ``max_wait_seconds`` (default 600).
    """

    def __init__(self, config: ProviderConfig):
        self.name = config.provider or "replicate"
        self.model = config.model or DEFAULT_MODEL
        self._config = config
        self._provider = config.display_name
        # The key goes on each request rather than on the client: a download from a foreign host goes without it.
        self._auth = config.bearer()
        self._client = config.client(timeouts=IMAGE_TIMEOUTS)
        options = config.options
        self._prefer_wait = min(int(options.get("prefer_wait", 60)), 60)
        self._first_interval = float(options.get("poll_interval", 0.5))
        self._max_interval = float(options.get("max_poll_interval", 5.0))
        self._max_wait = float(options.get("max_wait_seconds", 600))

    def close(self) -> None:
        self._client.close()

    def paint(self, request: ImageRequest) -> ImageResult:
        started = time.monotonic()
        prediction = self._finished(self._create(request), started)
        data = self._output_bytes(prediction)
        info = checked_image(data, provider=self._provider)
        model = prediction.get("model")
        return ImageResult(
            data=data,
            model=model if isinstance(model, str) and model else self.model,
            steps=request.steps,
            width=info.width,
            height=info.height,
            seed=request.seed,
        )

    # --- creating ------------------------------------------------------------------

    def _create(self, request: ImageRequest) -> dict[str, Any]:
        url, body = self._route(self._input(request))
        headers = {**self._auth, "Prefer": f"wait={self._prefer_wait}"} if self._prefer_wait > 0 else self._auth
        # A prediction may be running (and billed) behind a lost answer or a 500: sent again only
        # when Replicate said it did not take it (429, 503) or the request never arrived.
        answer = self._client.post_json(url, body, headers=headers, stop=self._config.stop, repeat="refused")
        return self._prediction(answer)

    def _route(self, model_input: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        name, colon, version = self.model.partition(":")
        if not colon and _VERSION.fullmatch(name):
            name, version, colon = "", name, ":"
        if colon:
            if not _VERSION.fullmatch(version):
                raise BackendError(
                    f"{self._provider} model {self.model!r} has a version that is not 64 hexadecimal characters."
                )
            return self._config.url("predictions"), {"version": version, "input": model_input}
        owner, slash, model = name.partition("/")
        if not (owner and slash and model) or "/" in model:
            raise BackendError(
                f"{self._provider} model {self.model!r} is not a model name; use owner/name or owner/name:version."
            )
        return self._config.url(f"models/{quote(owner)}/{quote(model)}/predictions"), {"input": model_input}

    def _input(self, request: ImageRequest) -> dict[str, Any]:
        model_input: dict[str, Any] = {"prompt": request.prompt}
        if self.model.startswith(FLUX_OWNER + "/"):
            # FLUX models take a shape rather than a size, and negative prompts do nothing for them.
            model_input["aspect_ratio"] = nearest_aspect_ratio(request.width, request.height)
            model_input["output_format"] = "png"
        else:
            model_input["width"] = request.width
            model_input["height"] = request.height
            if request.negative_prompt:
                model_input["negative_prompt"] = request.negative_prompt
        model_input["seed"] = request.seed
        if request.steps:
            model_input["num_inference_steps"] = request.steps
        return model_input

    # --- waiting -------------------------------------------------------------------

    def _finished(self, prediction: dict[str, Any], started: float) -> dict[str, Any]:
        """Poll until ``prediction`` is final; cancel it on Replicate's side when giving up."""
        interval = self._first_interval
        waited = 0.0
        while prediction["status"] not in _FINAL:
            # Time spent waiting counts even when the clock is a test's fake.
            elapsed = max(time.monotonic() - started, waited)
            if elapsed >= self._max_wait:
                self._cancel(prediction)
                raise BackendError(
                    f"{self._provider} did not finish the picture within {_duration(self._max_wait)}; "
                    "it was cancelled. Try again later, or choose a faster model."
                )
            pause = min(interval, self._max_wait - elapsed)
            try:
                status_url = self._own_url(prediction, "get")
                self._client.wait(pause, self._config.stop)
                answer = self._client.get_json(status_url, headers=self._auth, stop=self._config.stop)
                prediction = self._prediction(answer)
            except BackendError:
                self._cancel(prediction)
                raise
            waited += pause
            interval = min(interval * 2, self._max_interval)
        return prediction

    def _cancel(self, prediction: dict[str, Any]) -> None:
        """Ask Replicate to stop a prediction, once, briefly; failing to is logged, never raised."""
        try:
            url = self._own_url(prediction, "cancel")
            self._client.request("POST", url, headers=self._auth, attempts=1, read_timeout=_CANCEL_TIMEOUT)
        except BackendError as exc:
            logger.warning("%s: could not cancel prediction %s: %s", self._provider, prediction.get("id"), exc)

    def _own_url(self, prediction: dict[str, Any], name: str) -> str:
        """``urls[name]`` of a prediction, which must be on the API's own origin: the key goes there."""
        urls = prediction.get("urls")
        url = urls.get(name) if isinstance(urls, dict) else None
        if not isinstance(url, str) or not url:
            raise BackendError(f"{self._provider} gave no address to {_ACTIONS[name]} the prediction.")
        if not self._config.is_own_origin(url):
            host = _host(url)
            raise BackendError(
                f"{self._provider} gave an address on another host ({host}) to {_ACTIONS[name]} the prediction; "
                "it was not called."
            )
        return url

    def _prediction(self, answer: Any) -> dict[str, Any]:
        if not isinstance(answer, dict) or not isinstance(answer.get("status"), str):
            raise BackendError(f"{self._provider} answered with something that is not a prediction.")
        return answer

    # --- the picture ---------------------------------------------------------------

    def _output_bytes(self, prediction: dict[str, Any]) -> bytes:
        status = prediction["status"]
        if status == "failed":
            raise BackendError(self._failure(prediction.get("error")))
        if status == "canceled":
            raise BackendError(f"{self._provider} reports the prediction was cancelled before it finished.")
        predict_time = (prediction.get("metrics") or {}).get("predict_time")
        if isinstance(predict_time, int | float):
            logger.info("%s: prediction %s ran for %.1f s", self._provider, prediction.get("id"), predict_time)
        output = prediction.get("output")
        if isinstance(output, list):
            output = next((item for item in output if isinstance(item, str) and item), None)
        if not isinstance(output, str) or not output:
            raise BackendError(f"{self._provider} finished but returned no image.")
        if output[:5].lower() == "data:":
            return decode_base64_image(output, provider=self._provider)
        return self._download(output)

    def _download(self, url: str) -> bytes:
        """The output file, through the guarded client; the key goes along only to Replicate's own hosts."""
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError):
            raise BackendError(f"{self._provider} returned an output address that is not a URL.") from None
        delivery = parsed.scheme == "https" and (
            parsed.host == DELIVERY_HOST or parsed.host.endswith("." + DELIVERY_HOST)
        )
        headers = self._auth if delivery or self._config.is_own_origin(url) else {}
        return self._client.request("GET", url, headers=headers, stop=self._config.stop).content

    def _failure(self, error: Any) -> str:
        text = " ".join(str(error).split()) if error else ""
        if self._config.api_key:
            text = redact(text.encode(), [self._config.api_key]).decode()
        if not text:
            return f"{self._provider} could not paint the picture and gave no reason."
        if len(text) > _ERROR_LIMIT:
            text = text[: _ERROR_LIMIT - 1].rstrip() + "…"
        return f"{self._provider} could not paint the picture: {text}"


_ACTIONS = {"get": "check on", "cancel": "cancel"}


def _host(url: str) -> str:
    try:
        return httpx.URL(url).host or "unknown"
    except (httpx.InvalidURL, TypeError):
        return "unknown"


def _duration(seconds: float) -> str:
    if seconds >= 120:
        minutes = round(seconds / 60, 1)
        return f"{minutes:g} minutes"
    return f"{seconds:g} second" + ("" if seconds == 1 else "s")


registry.register("image", "replicate", ReplicateImages)
