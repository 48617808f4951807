"""The ``builtin`` image backend: checks the requested size, paints, and returns a PNG."""

from __future__ import annotations

import io

from ...base import BackendError, ImageRequest, ImageResult
from .painting import _Painting

MODEL = "builtin-painter-1"
MIN_SIDE, MAX_SIDE = 64, 2048


class BuiltinPainter:
    """Procedural flat-colour panels, deterministic for a request."""

    name = "builtin"

    def __init__(self, **options):
        self.supersample = 2 if options.get("supersample", True) else 1

    def paint(self, request: ImageRequest) -> ImageResult:
        width, height = int(request.width), int(request.height)
        if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
            raise BackendError(
                f"The built-in painter draws pictures from {MIN_SIDE} to {MAX_SIDE} pixels a side, "
                f"not {width}x{height}."
            )
        try:
            image = _Painting(request, self.supersample).render()
        except BackendError:
            raise
        except Exception as exc:  # pragma: no cover - a bug here must not look like a provider fault
            raise BackendError("The built-in painter could not draw this picture.") from exc
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=3)
        return ImageResult(
            data=buffer.getvalue(), model=MODEL, steps=None, width=width, height=height, seed=request.seed
        )
