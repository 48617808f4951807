"""The printable PDF: one full-page image per page, at print size.

Pages are the very images the reader shows, JPEG-encoded once (which the
pipeline does while lettering, in parallel) and wrapped in a minimal PDF.
At ``dpi`` an A4 page image (1240 x 1754 at 150 dpi) becomes an A4 page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

JPEG_QUALITY = 90


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


def _text(value: str) -> bytes:
    """A PDF text string that holds any Unicode: UTF-16BE with a BOM, in hex."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode() + b">"


def _points(pixels: int, dpi: int) -> str:
    return f"{pixels * 72 / dpi:.2f}".rstrip("0").rstrip(".")


def build_pdf(pages: list[PrintPage], *, dpi: int, title: str = "", author: str = "") -> bytes:
    if not pages:
        raise ValueError("a PDF needs at least one page")
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree exists
    tree = add(b"")
    info = add(
        b"<< /Title " + _text(title) + b" /Author " + _text(author) + b" /Creator " + _text("Panelcraft") + b" >>"
    )
    kids = []
    for page in pages:
        image = add(
            f"<< /Type /XObject /Subtype /Image /Width {page.width} /Height {page.height} /ColorSpace /DeviceRGB "
            f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(page.jpeg)} >>\nstream\n".encode()
            + page.jpeg
            + b"\nendstream"
        )
        w, h = _points(page.width, dpi), _points(page.height, dpi)
        drawing = f"q {w} 0 0 {h} 0 0 cm /Im0 Do Q".encode()
        content = add(f"<< /Length {len(drawing)} >>\nstream\n".encode() + drawing + b"\nendstream")
        kids.append(
            add(
                f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 {w} {h}] "
                f"/Resources << /XObject << /Im0 {image} 0 R >> >> /Contents {content} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    objects[tree - 1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets))
    trailer = f"<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>"
    out.write(f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
