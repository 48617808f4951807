"""Reading back the PDFs Panelcraft writes (Pillow's PDF writer, one image per page)."""

import re


def pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Each page's MediaBox width and height in points."""
    assert data.startswith(b"%PDF"), "not a PDF"
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    return [(float(w), float(h)) for w, h in boxes]


A4_POINTS = (595.2, 841.92)


def pdf_page_images(data: bytes) -> list:
    """The full-page pictures inside the PDF, decoded, in page order."""
    import io

    from PIL import Image

    pictures = re.findall(rb"/Filter /DCTDecode /Length (\d+) >>\nstream\n", data)
    images, position = [], 0
    for length in pictures:
        start = data.index(b"/Filter /DCTDecode /Length " + length + b" >>\nstream\n", position)
        start = data.index(b"stream\n", start) + len(b"stream\n")
        images.append(Image.open(io.BytesIO(data[start : start + int(length)])).convert("RGB"))
        position = start
    return images
