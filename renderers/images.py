"""Checking that what an image provider sent is a picture this site can safely use.

Provider answers are untrusted bytes: a model host may send a GIF, an SVG
(which can carry script), an HTML error page with status 200, a truncated
file, or a "decompression bomb" whose header claims billions of pixels so
that decoding it would exhaust the worker's memory. ``checked_image``
accepts only PNG, JPEG and WEBP and reads the size from the header before
anything is decoded. Pillow's own bomb guard stays in force behind ours and
its error (or its warning, where warnings are errors) becomes a plain
refusal instead of a crash. Only then is the file verified and decoded in
full, which catches truncated and corrupt data.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from PIL import Image

from renderers.base import BackendError

__all__ = ["BadImage", "ImageInfo", "checked_image", "decode_base64_image"]

ImageFormat = Literal["png", "jpeg", "webp"]

#: Pillow's format names for what is accepted; MPO is how Pillow names a JPEG carrying extra frames.
_ACCEPTED = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg", "WEBP": "webp"}
_PILLOW_FORMATS = ["PNG", "JPEG", "WEBP"]
_ONLY = "only PNG, JPEG and WEBP are accepted."

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers: the ones that carry the picture's size (not DHT, JPG or DAC).
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})
# The sizes a BMP's second header can have: "BM" alone starts too much ordinary text.
_BMP_HEADER_SIZES = (12, 40, 52, 56, 108, 124)


class BadImage(BackendError):
    """A provider's answer is not an image that may be used; ``str(exc)`` says why in plain words."""


@dataclass(frozen=True)
class ImageInfo:
    format: ImageFormat
    width: int
    height: int


def checked_image(data: bytes, *, provider: str, max_pixels: int = 40_000_000, max_side: int = 8192) -> ImageInfo:
    """The format and size of ``data``, once it is known to be a whole PNG, JPEG or WEBP of sane size.

    Raises BadImage (a BackendError) naming ``provider`` for anything else.
    """
    if not data:
        raise BadImage(f"{provider} sent an empty answer instead of an image.")
    refusal = _refusal(data, provider)
    if refusal:
        raise BadImage(refusal)
    claimed = _claimed_size(data)
    if claimed:
        _check_size(claimed, provider, max_pixels, max_side)
    with _opened(data, provider, max_pixels, max_side) as image:
        _check_size(image.size, provider, max_pixels, max_side)
        info = ImageInfo(_ACCEPTED[image.format], *image.size)
        try:
            image.verify()
        except Exception:  # Pillow raises many types for damaged data; all mean the same here
            raise _damaged(provider) from None
    if info.format == "png":
        # A PNG's verify() has read every chunk to the end and checked each one's CRC: whole.
        return info
    # Pillow's verify() checks little of a JPEG or WEBP: decode it (on a fresh image; verify spends one).
    with _opened(data, provider, max_pixels, max_side) as image:
        try:
            image.load()
        except Exception:
            raise _damaged(provider) from None
    return info


def decode_base64_image(text: object, *, provider: str) -> bytes:
    """The bytes of a base64 image, given bare or as a ``data:image/...;base64,`` URI.

    The result still has to go through ``checked_image``.
    """
    if not isinstance(text, str) or not text.strip():
        raise BadImage(f"{provider} sent no image data.")
    payload = text.strip()
    if payload[:5].lower() == "data:":
        header, comma, payload = payload.partition(",")
        if not comma or not header.lower().endswith(";base64"):
            raise BadImage(f"{provider} sent a data URI that does not hold base64 image data.")
    # Line breaks are allowed in base64; the URL-safe alphabet is read as the standard one.
    payload = re.sub(r"\s+", "", payload).translate(str.maketrans("-_", "+/"))
    payload += "=" * (-len(payload) % 4)
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        data = None
    if not data:
        raise BadImage(f"{provider} sent image data that is not valid base64.")
    return data


@contextmanager
def _opened(data: bytes, provider: str, max_pixels: int, max_side: int) -> Iterator[Image.Image]:
    """``Image.open`` restricted to the accepted formats, its failures turned into BadImage."""
    try:
        image = Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Our header read missed a size Pillow found; its limit still holds.
        raise _too_large(provider, None, max_pixels, max_side) from None
    except Exception:
        if _signature(data):
            raise _damaged(provider) from None
        raise BadImage(f"{provider} sent something that is not an image.") from None
    with image:
        yield image


def _check_size(size: tuple[int, int], provider: str, max_pixels: int, max_side: int) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise _damaged(provider)
    if width * height > max_pixels or max(width, height) > max_side:
        raise _too_large(provider, size, max_pixels, max_side)


def _too_large(provider: str, size: tuple[int, int] | None, max_pixels: int, max_side: int) -> BadImage:
    claimed = f" ({size[0]}x{size[1]} pixels)" if size else ""
    return BadImage(
        f"{provider} sent an image too large to use{claimed}; "
        f"at most {max_pixels:,} pixels and {max_side} pixels a side are accepted."
    )


def _damaged(provider: str) -> BadImage:
    return BadImage(f"{provider} sent a damaged or incomplete image.")


def _article(word: str) -> str:
    return "an" if word[:1].upper() in "AEFHILMNORSX" else "a"


def _refusal(data: bytes, provider: str) -> str:
    """Why ``data`` is refused when it is recognisably something other than PNG, JPEG or WEBP; "" otherwise."""
    named = _other_image_format(data[:32])
    if named == "PDF":
        return f"{provider} sent a PDF document; {_ONLY}"
    if named:
        return f"{provider} sent {_article(named)} {named} image; {_ONLY}"
    text = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return f"{provider} sent an SVG image; {_ONLY}"
    looks_like = ""
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        looks_like = "a web page"
    elif text.startswith((b"{", b"[")):
        looks_like = "JSON"
    elif text.startswith(b"<"):
        looks_like = "XML"
    return f"{provider} sent something that is not an image (it looks like {looks_like})." if looks_like else ""


def _other_image_format(head: bytes) -> str:
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if (
        head.startswith(b"BM")
        and len(head) >= 18
        and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 108, 124)
    ):
        return "BMP"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if head.startswith(b"\x00\x00\x01\x00"):
        return "ICO"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "AVIF"
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
            return "HEIC"
    if head.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL ")):
        return "JPEG XL"
    if head.startswith(b"%PDF"):
        return "PDF"
    return ""


def _signature(data: bytes) -> ImageFormat | None:
    """Which accepted format ``data`` starts like, whether or not the rest is sound."""
    if data.startswith(_PNG_MAGIC):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    return None


def _claimed_size(data: bytes) -> tuple[int, int] | None:
    """The width and height a PNG, WEBP or JPEG header claims, read without Pillow; None if not found."""
    signature = _signature(data)
    if signature == "png":
        return struct.unpack(">II", data[16:24]) if data[12:16] == b"IHDR" and len(data) >= 24 else None
    if signature == "webp":
        return _webp_size(data)
    if signature == "jpeg":
        return _jpeg_size(data)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker in _JPEG_STANDALONE:
            at += 2
            continue
        if marker in _JPEG_FRAMES:
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        if marker == 0xDA:  # image data began before any frame header
            return None
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return None
