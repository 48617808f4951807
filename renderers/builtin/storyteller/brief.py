"""Reading the brief: the fenced JSON block the pipeline puts in the last user message, and its numbers."""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"```json[ \t]*\r?\n?(.*?)```", re.DOTALL | re.IGNORECASE)


def find_brief(messages: Any) -> dict[str, Any] | None:
    """The last ```json block of the last user message that has one."""
    for message in reversed(list(messages or ())):
        if not isinstance(message, dict) or message.get("role") != "user":
            continue
        content = message.get("content")
        if not isinstance(content, str):
            continue
        for block in reversed(_FENCE.findall(content)):
            try:
                data = json.loads(block)
            except ValueError:
                continue
            if isinstance(data, dict):
                return data
    return None


def _int(value: Any, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = default
    return max(low, min(high, number))
