"""What a downloaded file is called: a safe slug of the comic's whole title.

A raw title is not a file name: browsers cut it at "/" ("AC/DC Crown"
downloaded as "DC Crown.pdf") and a title can carry markup. The name is
the title with tags stripped, slugified, with an ASCII ``filename=`` every
client understands and, for titles beyond ASCII, an RFC 6266 ``filename*``
that keeps them readable ("宝物の旅.pdf").
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.utils.html import strip_tags
from django.utils.text import slugify

#: Used when the title leaves nothing to name the file by.
FALLBACK_NAME = "comic"
#: Longest slug, in characters; UTF-8 names stay well inside filesystem limits.
MAX_SLUG_LENGTH = 80

_APOSTROPHES = re.compile(r"['\u2019\u02bc]")
# Punctuation separates words ("AC/DC" -> "ac-dc"); slugify would glue them.
_SEPARATORS = re.compile(r"[^\w\s-]")


def title_slug(title: str, *, allow_unicode: bool = False) -> str:
    """The title as lowercase words joined by hyphens; empty if no letter or digit is left."""
    text = _APOSTROPHES.sub("", strip_tags(title or ""))
    slug = slugify(_SEPARATORS.sub(" ", text), allow_unicode=allow_unicode)
    return slug[:MAX_SLUG_LENGTH].strip("-_")


def download_name(title: str, extension: str) -> str:
    """The ASCII file name for ``title``, e.g. ``ratchet-and-the-ac-dc-crown.pdf``."""
    return f"{title_slug(title) or FALLBACK_NAME}.{extension}"


def attachment_disposition(title: str, extension: str) -> str:
    """A ``Content-Disposition: attachment`` value naming the file after ``title``."""
    ascii_name = download_name(title, extension)
    unicode_slug = title_slug(title, allow_unicode=True)
    value = f'attachment; filename="{ascii_name}"'
    if unicode_slug and f"{unicode_slug}.{extension}" != ascii_name:
        value += f"; filename*=UTF-8''{quote(f'{unicode_slug}.{extension}', safe='')}"
    return value
