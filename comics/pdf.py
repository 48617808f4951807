"""The printable PDF: one full-page image per page, at print size.

Pages are the very images the reader shows, JPEG-encoded once (which the
pipeline does while lettering, in parallel) and bound by img2pdf, which
embeds each JPEG as it is (no second encoding, so no second loss) and, on
pikepdf, writes a linearized file that shows its first page while the rest
downloads. At ``dpi`` an A4 page image (1240 x 1754 at 150 dpi) becomes an
A4 page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import img2pdf
from PIL import Image

JPEG_QUALITY = 90
CREATOR = "Panelcraft"


@dataclass(frozen=True)
class PrintPage:
    jpeg: bytes
    width: int  # pixels
    height: int


def print_page(image: Image.Image) -> PrintPage:
    """Encode one page for the PDF (4:4:4 chroma keeps lettering crisp)."""
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY, subsampling=0)
    return PrintPage(buffer.getvalue(), image.width, image.height)


def build_pdf(pages: list[PrintPage], *, dpi: int, title: str = "", author: str = "") -> bytes:
    """The pages bound in order, each ``width / dpi`` by ``height / dpi`` inches, with title and author."""
    if not pages:
        raise ValueError("a PDF needs at least one page")
    return img2pdf.convert(
        [io.BytesIO(page.jpeg) for page in pages],
        engine=img2pdf.Engine.pikepdf,
        layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi)),
        title=title or None,
        author=author or None,
        creator=CREATOR,
        # No dates: the same pages bind to the same bytes, so a resumed or repeated binding changes nothing.
        nodate=True,
    )
