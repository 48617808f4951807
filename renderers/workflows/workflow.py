"""One ComfyUI workflow: a checked graph with placeholders, rendered afresh for each picture.

Workflows come from this package's templates or from an administrator's
JSON file, so ``load_workflow`` checks a graph before anything is sent to a
GPU: the shape ComfyUI expects, links that lead somewhere, a prompt to
fill, an output to collect, and no placeholder the renderer cannot fill.
Every problem is listed in one ``WorkflowError`` so an administrator can
fix a file in one go.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from typing import Any

from .graph import (
    KNOWN_PLACEHOLDERS,
    Graph,
    inputs_of,
    is_link,
    mentions_placeholder,
    placeholder_name,
)
from .loras import Lora, attach_loras

__all__ = ["MAX_NODES", "MAX_WORKFLOW_BYTES", "Workflow", "WorkflowError", "load_workflow"]

MAX_NODES = 200
MAX_WORKFLOW_BYTES = 256 * 1024
#: ComfyUI's own KSampler default.
DEFAULT_STEPS = 20
#: How many problems one error message lists before it only counts the rest.
_LISTED_PROBLEMS = 8


class WorkflowError(ValueError):
    """A workflow cannot be used; ``problems`` lists why, each in plain words."""

    def __init__(self, name: str, problems: Iterable[str]):
        self.name = name
        self.problems = tuple(problems)
        listed = "; ".join(self.problems[:_LISTED_PROBLEMS])
        more = len(self.problems) - _LISTED_PROBLEMS
        if more > 0:
            listed += f"; and {more} more problem{'s' if more > 1 else ''}"
        super().__init__(f"The workflow {name!r} cannot be used: {listed}.")


class Workflow:
    """A checked graph and the number of steps it runs when a request names none.

    The template is never handed out or changed: ``graph`` and ``render``
    both return new dictionaries, so one Workflow can serve many threads.
    """

    __slots__ = ("_graph", "default_steps", "name")

    def __init__(self, name: str, graph: Graph, *, default_steps: int = DEFAULT_STEPS):
        self.name = name
        self.default_steps = default_steps
        self._graph = copy.deepcopy(graph)

    def __repr__(self) -> str:
        return f"<Workflow {self.name} ({len(self._graph)} nodes)>"

    @property
    def graph(self) -> Graph:
        """A copy of the template, placeholders still in it."""
        return copy.deepcopy(self._graph)

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(name for *_, value in inputs_of(self._graph) if (name := placeholder_name(value)))

    def render(
        self,
        *,
        prompt: str,
        negative_prompt: str = "",
        width: int,
        height: int,
        seed: int,
        steps: int | None = None,
        loras: Iterable[Lora] = (),
    ) -> Graph:
        """The graph to send for one picture: placeholders filled, LoRAs chained after the model loader.

        ``steps`` None (or 0) means the workflow's own default.
        """
        values: dict[str, Any] = {
            "prompt": prompt,
            "negative_prompt": negative_prompt,
            "width": int(width),
            "height": int(height),
            "seed": int(seed),
            "steps": int(steps) if steps else self.default_steps,
        }
        graph = self.graph
        for _node_id, node, input_name, value in inputs_of(graph):
            name = placeholder_name(value)
            if name is not None:
                node["inputs"][input_name] = values[name]
        loras = tuple(loras)
        if loras:
            try:
                attach_loras(graph, loras)
            except ValueError as exc:
                raise WorkflowError(self.name, [str(exc)]) from None
        return graph


def load_workflow(
    source: str | bytes | Mapping[str, Any], name: str, *, default_steps: int = DEFAULT_STEPS
) -> Workflow:
    """Check an API-format graph (JSON text or an already parsed dict) and make a Workflow of it.

    Raises WorkflowError listing every problem found.
    """
    graph = _parsed(source, name)
    problems = _problems(graph)
    if problems:
        raise WorkflowError(name, problems)
    return Workflow(name, graph, default_steps=default_steps)


def _parsed(source: str | bytes | Mapping[str, Any], name: str) -> Any:
    if isinstance(source, Mapping):
        try:
            size = len(json.dumps(source).encode())
        except (TypeError, ValueError):
            raise WorkflowError(name, ["it holds values that are not JSON"]) from None
        if size > MAX_WORKFLOW_BYTES:
            raise WorkflowError(name, [_too_big(size)])
        return json.loads(json.dumps(source))  # plain JSON from here on: text keys, lists not tuples
    raw = source.encode() if isinstance(source, str) else bytes(source)
    if len(raw) > MAX_WORKFLOW_BYTES:
        raise WorkflowError(name, [_too_big(len(raw))])
    try:
        return json.loads(raw)
    except ValueError as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        problem = f"it is not valid JSON{where}"
    raise WorkflowError(name, [problem])


def _too_big(size: int) -> str:
    return f"it is {size // 1024} KB; a workflow may be at most {MAX_WORKFLOW_BYTES // 1024} KB"


def _problems(graph: Any) -> list[str]:
    if not isinstance(graph, dict):
        return ["it must be a JSON object mapping node ids to nodes"]
    if isinstance(graph.get("nodes"), list) and "links" in graph:
        return ["it is in the ComfyUI editor's format; save it with 'Export (API)' instead"]
    if not graph:
        return ["it has no nodes"]
    if len(graph) > MAX_NODES:
        return [f"it has {len(graph)} nodes; a workflow may have at most {MAX_NODES}"]
    problems = [problem for node_id, node in graph.items() for problem in _node_problems(node_id, node)]
    if problems:
        return problems  # the checks below read every node's inputs
    problems += _link_problems(graph)
    problems += _placeholder_problems(graph)
    if not any(_is_output(node["class_type"]) for node in graph.values()):
        problems.append("it has no SaveImage (or other image output) node, so no picture would come back")
    return problems


def _node_problems(node_id: str, node: Any) -> list[str]:
    if not isinstance(node, dict):
        return [f"node {node_id} is not an object with class_type and inputs"]
    problems = []
    class_type = node.get("class_type")
    if not isinstance(class_type, str) or not class_type.strip():
        problems.append(f"node {node_id} has no class_type")
    if not isinstance(node.get("inputs"), dict):
        problems.append(f"node {node_id} has no inputs object")
    return problems


def _link_problems(graph: Graph) -> list[str]:
    problems = []
    for node_id, node, input_name, value in inputs_of(graph):
        if not is_link(value):
            continue
        source, output = value
        where = f"node {node_id} ({node['class_type']}) input {input_name}"
        if source not in graph:
            problems.append(f"{where} links to node {source}, which does not exist")
        elif output < 0:
            problems.append(f"{where} links to output {output} of node {source}, which does not exist")
        elif source == node_id:
            problems.append(f"{where} links to its own node")
    return problems


def _placeholder_problems(graph: Graph) -> list[str]:
    problems = []
    found: set[str] = set()
    known = ", ".join("{{" + name + "}}" for name in sorted(KNOWN_PLACEHOLDERS))
    for node_id, node, input_name, value in inputs_of(graph):
        where = f"node {node_id} ({node['class_type']}) input {input_name}"
        name = placeholder_name(value)
        if name is None:
            if mentions_placeholder(value):
                problems.append(f"{where} has a placeholder inside other text; a placeholder must be the whole value")
            continue
        if name not in KNOWN_PLACEHOLDERS:
            problems.append(f"{where} uses the unknown placeholder {{{{{name}}}}}; the known ones are {known}")
        found.add(name)
    if "prompt" not in found:
        problems.append('it has no "{{prompt}}" placeholder, so the picture\'s description would never reach it')
    return problems


def _is_output(class_type: str) -> bool:
    """SaveImage and PreviewImage, and the custom nodes named like them ("Image Save", "SaveImageExtended").

    SaveImageWebsocket is left out: its pictures go to a websocket and never
    appear in the history this site reads them from.
    """
    squashed = class_type.replace(" ", "").lower()
    if squashed == "saveimagewebsocket":
        return False
    return squashed in ("saveimage", "previewimage", "imagesave") or squashed.startswith("saveimage")
