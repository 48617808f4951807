"""Reading back the PDFs Panelcraft writes (Pillow's PDF writer, one image per page)."""

import re


def pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Each page's MediaBox width and height in points."""
    assert data.startswith(b"%PDF"), "not a PDF"
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    return [(float(w), float(h)) for w, h in boxes]


A4_POINTS = (595.2, 841.92)
