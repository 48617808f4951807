"""OpenAI Images: one picture per request from a GPT image model or DALL·E.

``POST {base}/images/generations`` with one prompt and a size the model
offers, nearest the panel's shape; the image comes back as base64. Should
an answer carry a URL instead, it is fetched through the same guarded
client, with the key only when the URL is on the API's own origin. OpenAI
takes no seed or step count, so the result reports neither.
"""

from __future__ import annotations

import math
from typing import Any

from renderers import registry
from renderers.base import BackendError, ImageRequest, ImageResult
from renderers.images import checked_image, decode_base64_image
from renderers.net import ProviderRejected

from .config import IMAGE_TIMEOUTS, ProviderConfig

__all__ = ["DEFAULT_MODEL", "OpenAIImages", "choose_size"]

DEFAULT_MODEL = "gpt-image-1"

# Sizes each model family paints. Every model not named here is taken to be a GPT image model.
_GPT_SIZES = ((1024, 1024), (1536, 1024), (1024, 1536))
_SIZES = {
    "dall-e-3": ((1024, 1024), (1792, 1024), (1024, 1792)),
    "dall-e-2": ((256, 256), (512, 512), (1024, 1024)),
}
# Error codes OpenAI gives when its safety system turns a prompt down.
_MODERATION_CODES = (b"moderation_blocked", b"content_policy_violation")


def choose_size(model: str, width: int, height: int) -> tuple[int, int]:
    """The size ``model`` offers that best fits a ``width`` x ``height`` panel.

    GPT image models and DALL·E 3 paint three shapes: the one nearest the
    panel's aspect is chosen. DALL·E 2 paints only squares: the smallest
    that is at least as large as the panel's longer side.
    """
    sizes = _SIZES.get(model, _GPT_SIZES)
    if model == "dall-e-2":
        side = max(width, height)
        return next((size for size in sizes if size[0] >= side), sizes[-1])
    aspect = math.log(max(width, 1) / max(height, 1))
    return min(sizes, key=lambda size: abs(math.log(size[0] / size[1]) - aspect))


class OpenAIImages:
    """Paints with OpenAI's Images API; made from one ProviderConfig, shared by a job's threads."""

    def __init__(self, config: ProviderConfig):
        self.name = config.provider or "openai"
        self.model = config.model or DEFAULT_MODEL
        self._config = config
        self._provider = config.display_name
        # The key goes on each API call rather than on the client, so a download from another host goes without it.
        self._auth = config.bearer()
        self._client = config.client(timeouts=IMAGE_TIMEOUTS)

    def close(self) -> None:
        self._client.close()

    def paint(self, request: ImageRequest) -> ImageResult:
        try:
            answer = self._client.post_json(
                self._config.url("images/generations"),
                self._body(request),
                headers=self._auth,
                stop=self._config.stop,
                repeat="answered",  # a lost answer may be a picture painted and billed
            )
        except ProviderRejected as exc:
            if exc.status == 400 and any(code in exc.body for code in _MODERATION_CODES):
                raise BackendError(
                    f"{self._provider}'s safety system refused to paint this picture; try rewording the scene."
                ) from None
            raise
        data = self._image_bytes(answer)
        info = checked_image(data, provider=self._provider)
        return ImageResult(data=data, model=self.model, width=info.width, height=info.height)

    def _body(self, request: ImageRequest) -> dict[str, Any]:
        width, height = choose_size(self.model, request.width, request.height)
        body: dict[str, Any] = {"model": self.model, "prompt": request.prompt, "n": 1, "size": f"{width}x{height}"}
        if self.model in _SIZES:
            # DALL·E answers with a URL unless asked; GPT image models always send base64 and refuse the field.
            body["response_format"] = "b64_json"
        return body

    def _image_bytes(self, answer: Any) -> bytes:
        entries = answer.get("data") if isinstance(answer, dict) else None
        entry = entries[0] if isinstance(entries, list) and entries and isinstance(entries[0], dict) else {}
        if entry.get("b64_json"):
            return decode_base64_image(entry["b64_json"], provider=self._provider)
        if isinstance(entry.get("url"), str) and entry["url"]:
            return self._download(entry["url"])
        raise BackendError(f"{self._provider} answered without an image.")

    def _download(self, url: str) -> bytes:
        headers = self._auth if self._config.is_own_origin(url) else {}
        return self._client.request("GET", url, headers=headers, stop=self._config.stop).content


registry.register("image", "openai", OpenAIImages)
