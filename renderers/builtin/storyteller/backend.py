"""The text backend itself: answers plan, page and continuation requests from the brief in the request."""

from __future__ import annotations

from typing import Any

from ...base import MalformedOutput, TextRequest, TextResult
from .brief import find_brief
from .pages import write_page
from .planning import write_continuation, write_plan

MODEL = "builtin-storyteller-1"


class BuiltinStoryteller:
    """Writes plans and pages offline from the brief in the request."""

    name = "builtin"

    def __init__(self, **options: Any):
        self.options = options

    def complete_json(self, request: TextRequest) -> TextResult:
        brief = find_brief(request.messages)
        if brief is None:
            raise MalformedOutput("The request carries no ```json brief for the built-in storyteller.", raw="")
        if request.schema_name == "comic_plan":
            data = write_plan(brief, request.seed)
        elif request.schema_name == "comic_page":
            data = write_page(brief)
        elif request.schema_name == "comic_continuation":
            data = write_continuation(brief, request.seed)
        else:
            raise MalformedOutput(f"The built-in storyteller can't write {request.schema_name!r}.", raw="")
        return TextResult(data=data, model=MODEL, usage={})
