"""The API's JSON parser: DRF's, refusing bodies nested deeper than any API input needs.

Python's JSON decoder recurses once per nested array or object, so a tiny
body of a few thousand brackets raised RecursionError (a 500) before any
view ran, and data nested a little less deep recursed again later, in
validation and in error messages that quote the input. Every API input is a
flat object, so a body nested deeper than :data:`MAX_DEPTH` is refused as a
400 before it is decoded, and nothing downstream ever sees deep data.

The body's size is already bounded: DRF reads it through ``request.body``,
which enforces ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB by default).
"""

from __future__ import annotations

import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json

#: Deepest nesting of arrays and objects a JSON body may have.
MAX_DEPTH = 32

# A JSON string (so brackets inside strings are not counted), or one bracket.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class BoundedJSONParser(JSONParser):
    """JSON bodies nested at most :data:`MAX_DEPTH` levels deep."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if nesting_depth(text) > MAX_DEPTH:
            raise ParseError(
                f"JSON parse error - nested too deeply (at most {MAX_DEPTH} levels of arrays and objects)."
            )
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in the JSON ``text``, without decoding it.

    Brackets inside strings do not count. For text that is not valid JSON the
    answer may be too high, which only refuses it sooner.
    """
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("]", "}"):
            depth -= 1
    return deepest
