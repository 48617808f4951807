"""Reading ComfyUI API-format graphs: nodes, links and placeholders.

A graph maps node ids to ``{"class_type": str, "inputs": {...}}``. An input
is either a plain value or a link ``["<node id>", <output index>]`` to
another node's output. A placeholder is an input whose whole value is
``"{{name}}"``; rendering replaces it with the request's value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

__all__ = [
    "KNOWN_PLACEHOLDERS",
    "NUMBER_PLACEHOLDERS",
    "Graph",
    "inputs_of",
    "is_link",
    "mentions_placeholder",
    "placeholder_name",
]

Graph = dict[str, dict[str, Any]]

#: Filled with text.
TEXT_PLACEHOLDERS = frozenset({"prompt", "negative_prompt"})
#: Filled with whole numbers: ComfyUI's INT inputs refuse "512" as a string.
NUMBER_PLACEHOLDERS = frozenset({"width", "height", "seed", "steps"})
KNOWN_PLACEHOLDERS = TEXT_PLACEHOLDERS | NUMBER_PLACEHOLDERS

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def is_link(value: Any) -> bool:
    """Whether an input value is a link to another node's output, as ComfyUI reads it."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], int)
        and not isinstance(value[1], bool)
    )


def placeholder_name(value: Any) -> str | None:
    """``"prompt"`` for the value ``"{{prompt}}"``; None when the value is not a whole placeholder."""
    if not isinstance(value, str):
        return None
    match = _PLACEHOLDER.fullmatch(value.strip())
    return match.group(1) if match else None


def mentions_placeholder(value: Any) -> bool:
    """Whether a string holds ``{{...}}`` anywhere (a placeholder inside other text is not filled)."""
    return isinstance(value, str) and _PLACEHOLDER.search(value) is not None


def inputs_of(graph: Graph) -> Iterator[tuple[str, dict[str, Any], str, Any]]:
    """Every ``(node id, node, input name, value)`` in the graph, in order."""
    for node_id, node in graph.items():
        for input_name, value in node["inputs"].items():
            yield node_id, node, input_name, value
