"""Places on comics' pages where the apps built on comics add their own parts.

``comics`` never imports those apps; they register a template here when
they start (``AppConfig.ready``), and the page includes whatever is
registered with the page's context (``comic``, ``user``, ``request``).
"""

from __future__ import annotations

#: Included in the reader's side column, in order, for every visitor.
READER_PARTS: list[str] = []


def register_reader_part(template_name: str) -> None:
    if template_name not in READER_PARTS:
        READER_PARTS.append(template_name)
