"""Reading back the PDFs Panelcraft writes (one image per page), with a real PDF parser."""

import io

import pikepdf


def _open(data: bytes) -> pikepdf.Pdf:
    assert data.startswith(b"%PDF"), "not a PDF"
    return pikepdf.open(io.BytesIO(data))


def pdf_page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Each page's MediaBox width and height in points."""
    with _open(data) as pdf:
        return [(float(page.mediabox[2]), float(page.mediabox[3])) for page in pdf.pages]


def pdf_title(data: bytes) -> str:
    """The title in the PDF's document information, as a reader's window shows it."""
    with _open(data) as pdf:
        return str(pdf.docinfo.get("/Title", ""))


A4_POINTS = (595.2, 841.92)


def pdf_page_images(data: bytes) -> list:
    """The full-page pictures inside the PDF, decoded, in page order."""
    from PIL import Image

    images = []
    with _open(data) as pdf:
        for page in pdf.pages:
            (picture,) = page.Resources.XObject.values()
            assert picture.Filter == "/DCTDecode", "each page is the JPEG itself"
            images.append(Image.open(io.BytesIO(picture.read_raw_bytes())).convert("RGB"))
    return images
