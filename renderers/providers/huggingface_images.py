"""Hugging Face text-to-image: through the Inference Providers router, or on a dedicated Inference Endpoint.

On the router (``https://router.huggingface.co``) the model is in the path,
``POST {base}/hf-inference/models/{model}``; any other base URL is taken to
be an Inference Endpoint, which serves one model at its own address and is
called there. Both take ``{"inputs": prompt, "parameters": {...}}`` and
answer with the raw image bytes in the format asked for with ``Accept``.
A model that is still loading answers 503, which the client retries.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from renderers import registry
from renderers.base import ImageRequest, ImageResult
from renderers.images import checked_image

from .config import IMAGE_TIMEOUTS, ProviderConfig

__all__ = ["DEFAULT_MODEL", "ROUTER_HOST", "HuggingFaceImages"]

DEFAULT_MODEL = "black-forest-labs/FLUX.1-schnell"
ROUTER_HOST = "router.huggingface.co"
DEFAULT_FILE_TYPE = "image/png"


class HuggingFaceImages:
    """Paints with a Hugging Face text-to-image model; made from one ProviderConfig, shared by a job's threads."""

    def __init__(self, config: ProviderConfig):
        self.name = config.provider or "huggingface"
        self.model = config.model or DEFAULT_MODEL
        self._config = config
        self._provider = config.display_name
        accept = str(config.options.get("file_type") or DEFAULT_FILE_TYPE)
        self._client = config.client({**config.bearer(), "Accept": accept}, timeouts=IMAGE_TIMEOUTS)
        #: Where pictures are asked for: the router's route for the model, or the endpoint itself.
        if _is_router(config):
            # The router's chat API lives under /v1, so a base URL written for text may carry it.
            root = config.base_url.rstrip("/").removesuffix("/v1")
            self.url = f"{root}/hf-inference/models/{quote(self.model, safe='/')}"
        else:
            self.url = config.base_url

    def close(self) -> None:
        self._client.close()

    def paint(self, request: ImageRequest) -> ImageResult:
        # A lost answer may be a picture painted and billed: asked for again only after an error answer.
        body = self._body(request)
        reply = self._client.request("POST", self.url, json=body, stop=self._config.stop, repeat="answered")
        info = checked_image(reply.content, provider=self._provider)
        return ImageResult(
            data=reply.content,
            model=self.model,
            steps=request.steps,
            width=info.width,
            height=info.height,
            seed=request.seed,
        )

    def _body(self, request: ImageRequest) -> dict[str, Any]:
        parameters: dict[str, Any] = {"width": request.width, "height": request.height, "seed": request.seed}
        if request.negative_prompt:
            parameters["negative_prompt"] = request.negative_prompt
        if request.steps:
            parameters["num_inference_steps"] = request.steps
        return {"inputs": request.prompt, "parameters": parameters}


def _is_router(config: ProviderConfig) -> bool:
    try:
        return httpx.URL(config.base_url).host == ROUTER_HOST
    except (httpx.InvalidURL, TypeError):
        return False


registry.register("image", "huggingface", HuggingFaceImages)
