"""The printable PDF: one image per page at a fixed resolution.

Pages are the same PNGs the reader shows; at ``dpi`` an A4 page image
(1240 x 1754 at 150 dpi) becomes an A4 PDF page exactly.
"""

from __future__ import annotations

import io

from PIL import Image


def build_pdf(images: list[Image.Image], *, dpi: int, title: str = "", author: str = "") -> bytes:
    if not images:
        raise ValueError("a PDF needs at least one page")
    pages = [image.convert("RGB") for image in images]
    buffer = io.BytesIO()
    pages[0].save(
        buffer,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(dpi),
        title=title,
        author=author,
        creator="Panelcraft",
        quality=92,
    )
    return buffer.getvalue()
