"""What a provider sends must be a whole PNG, JPEG or WEBP of sane size before the site uses it."""

from __future__ import annotations

import base64
import io
import json
import random
import struct
import tracemalloc
import warnings
import zlib

import pytest
from PIL import Image

from renderers.base import BackendError
from renderers.images import ImageInfo, checked_image, decode_base64_image

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def encoded(format_name: str, size: tuple[int, int], *, noisy: bool = False, mode: str = "RGB") -> bytes:
    image = Image.new(mode, size, (200, 40, 90, 255)[: len(mode)])
    if noisy:  # noise does not compress, so the file is long enough to cut in half meaningfully
        rng = random.Random(7)
        image.putdata([tuple(rng.randrange(256) for _ in mode) for _ in range(size[0] * size[1])])
    buffer = io.BytesIO()
    image.save(buffer, format_name)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def crafted_png(width: int, height: int) -> bytes:
    """A PNG whose header (with a valid CRC) claims ``width`` x ``height`` but holds almost no data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PNG_MAGIC
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 4096))
        + png_chunk(b"IEND", b"")
    )


def with_jpeg_size(data: bytes, width: int, height: int) -> bytes:
    """``data`` (a baseline JPEG) with its frame header claiming another size."""
    at = data.index(b"\xff\xc0")
    return data[: at + 5] + struct.pack(">HH", height, width) + data[at + 9 :]


# --- accepted ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("format_name", "size", "expected"),
    [
        ("PNG", (40, 30), "png"),
        ("JPEG", (50, 20), "jpeg"),
        ("WEBP", (33, 17), "webp"),
    ],
)
def test_real_images_are_accepted_with_their_format_and_size(format_name, size, expected):
    info = checked_image(encoded(format_name, size), provider="Replicate")
    assert info == ImageInfo(expected, *size)


def test_a_transparent_png_is_accepted():
    assert checked_image(encoded("PNG", (16, 24), mode="RGBA"), provider="OpenAI") == ImageInfo("png", 16, 24)


def test_a_lossless_webp_is_accepted():
    buffer = io.BytesIO()
    Image.new("RGB", (21, 12), "teal").save(buffer, "WEBP", lossless=True)
    assert checked_image(buffer.getvalue(), provider="Hugging Face") == ImageInfo("webp", 21, 12)


# --- refused: not an accepted image ------------------------------------------------


def test_a_gif_is_refused_by_name():
    with pytest.raises(BackendError) as refused:
        checked_image(encoded("GIF", (10, 10)), provider="Hugging Face")
    assert str(refused.value) == "Hugging Face sent a GIF image; only PNG, JPEG and WEBP are accepted."


@pytest.mark.parametrize("format_name", ["BMP", "TIFF"])
def test_other_image_formats_are_refused_by_name(format_name):
    with pytest.raises(BackendError) as refused:
        checked_image(encoded(format_name, (8, 8)), provider="ComfyUI")
    assert str(refused.value) == f"ComfyUI sent a {format_name} image; only PNG, JPEG and WEBP are accepted."


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
        b'\n<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
)
def test_svg_is_refused(svg):
    with pytest.raises(BackendError) as refused:
        checked_image(svg, provider="Replicate")
    assert str(refused.value) == "Replicate sent an SVG image; only PNG, JPEG and WEBP are accepted."


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"<!DOCTYPE html><html><body>Gateway timeout</body></html>", "a web page"),
        (json.dumps({"error": "Model is loading", "estimated_time": 20}).encode(), "JSON"),
        (b'<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>', "XML"),
    ],
)
def test_text_answers_are_refused_as_not_an_image(data, looks_like):
    with pytest.raises(BackendError) as refused:
        checked_image(data, provider="Hugging Face")
    assert str(refused.value) == f"Hugging Face sent something that is not an image (it looks like {looks_like})."


@pytest.mark.parametrize("data", [b"plain words, no picture", b"\x00\x01\x02\x03" * 10])
def test_unknown_bytes_are_refused_as_not_an_image(data):
    with pytest.raises(BackendError) as refused:
        checked_image(data, provider="RunPod")
    assert str(refused.value) == "RunPod sent something that is not an image."


def test_an_empty_answer_is_refused():
    with pytest.raises(BackendError) as refused:
        checked_image(b"", provider="OpenAI")
    assert str(refused.value) == "OpenAI sent an empty answer instead of an image."


# --- refused: damaged -------------------------------------------------------------


@pytest.mark.parametrize("format_name", ["PNG", "JPEG", "WEBP"])
def test_a_truncated_image_is_refused(format_name):
    whole = encoded(format_name, (64, 64), noisy=True)
    checked_image(whole, provider="Replicate")  # the uncut file is fine
    with pytest.raises(BackendError) as refused:
        checked_image(whole[: len(whole) // 2], provider="Replicate")
    assert str(refused.value) == "Replicate sent a damaged or incomplete image."


def test_a_png_with_a_corrupt_chunk_is_refused():
    data = bytearray(encoded("PNG", (32, 32), noisy=True))
    data[len(data) // 2] ^= 0xFF  # inside the image data: its CRC no longer matches
    with pytest.raises(BackendError) as refused:
        checked_image(bytes(data), provider="ComfyUI")
    assert str(refused.value) == "ComfyUI sent a damaged or incomplete image."


# --- refused: too large, before anything is decoded --------------------------------


def test_a_png_claiming_100000_by_100000_pixels_is_refused_without_decoding(monkeypatch):
    bomb = crafted_png(100_000, 100_000)
    opened = []
    real_open = Image.open
    monkeypatch.setattr(Image, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))

    tracemalloc.start()
    try:
        with pytest.raises(BackendError) as refused:
            checked_image(bomb, provider="Replicate")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert str(refused.value) == (
        "Replicate sent an image too large to use (100000x100000 pixels); "
        "at most 40,000,000 pixels and 8192 pixels a side are accepted."
    )
    assert opened == []  # refused from the header alone
    assert peak < 1_000_000


def test_a_side_longer_than_allowed_is_refused_even_with_few_pixels():
    with pytest.raises(BackendError) as refused:
        checked_image(encoded("PNG", (9000, 2)), provider="OpenAI")
    assert "too large to use (9000x2 pixels)" in str(refused.value)


def test_limits_can_be_tightened():
    data = encoded("PNG", (300, 200))
    assert checked_image(data, provider="OpenAI").width == 300
    with pytest.raises(BackendError, match=r"too large to use \(300x200 pixels\); at most 50,000 pixels"):
        checked_image(data, provider="OpenAI", max_pixels=50_000)


def test_a_jpeg_claiming_a_huge_frame_is_refused_from_its_header():
    bomb = with_jpeg_size(encoded("JPEG", (16, 16)), 60_000, 60_000)
    with pytest.raises(BackendError) as refused:
        checked_image(bomb, provider="Replicate")
    assert "too large to use (60000x60000 pixels)" in str(refused.value)


def test_a_webp_claiming_a_huge_frame_is_refused_from_its_header():
    data = bytearray(encoded("WEBP", (16, 16)))
    assert data[12:16] == b"VP8 "
    data[26:30] = struct.pack("<HH", 16000, 16000)
    with pytest.raises(BackendError) as refused:
        checked_image(bytes(data), provider="Replicate")
    assert "too large to use (16000x16000 pixels)" in str(refused.value)


def test_pillows_own_bomb_limit_holds_even_when_ours_is_raised():
    with pytest.raises(BackendError) as refused:
        checked_image(crafted_png(100_000, 100_000), provider="ComfyUI", max_pixels=10**12, max_side=10**6)
    assert str(refused.value).startswith("ComfyUI sent an image too large to use;")


def test_pillows_bomb_warning_raised_as_an_error_becomes_a_refusal():
    # 10000 x 10000 is past Pillow's warning threshold but below its hard limit.
    bomb = crafted_png(10_000, 10_000)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with pytest.raises(BackendError) as refused:
            checked_image(bomb, provider="ComfyUI", max_pixels=10**9, max_side=10**5)
    assert str(refused.value).startswith("ComfyUI sent an image too large to use;")


# --- base64 ------------------------------------------------------------------------


def test_bare_base64_decodes_to_the_image_bytes():
    png = encoded("PNG", (12, 9))
    assert decode_base64_image(base64.b64encode(png).decode(), provider="OpenAI") == png


def test_a_data_uri_decodes_to_the_image_bytes():
    jpeg = encoded("JPEG", (12, 9))
    uri = "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()
    data = decode_base64_image(uri, provider="Replicate")
    assert data == jpeg
    assert checked_image(data, provider="Replicate") == ImageInfo("jpeg", 12, 9)


def test_base64_with_line_breaks_and_without_padding_decodes():
    png = encoded("PNG", (5, 5))
    text = base64.b64encode(png).decode().rstrip("=")
    wrapped = "\n".join(text[i : i + 76] for i in range(0, len(text), 76))
    assert decode_base64_image(wrapped, provider="RunPod") == png


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("this is not base64!", "OpenAI sent image data that is not valid base64."),
        ("data:image/png;base64,@@@@", "OpenAI sent image data that is not valid base64."),
        ("data:image/png,rawtext", "OpenAI sent a data URI that does not hold base64 image data."),
        ("", "OpenAI sent no image data."),
        (None, "OpenAI sent no image data."),
    ],
)
def test_bad_base64_is_refused_in_plain_words(text, message):
    with pytest.raises(BackendError) as refused:
        decode_base64_image(text, provider="OpenAI")
    assert str(refused.value) == message
