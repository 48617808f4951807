"""Where workflows come from: the templates shipped here, and a folder an administrator names.

The templates are text-to-image graphs for the two checkpoints a ComfyUI
server (or RunPod's ComfyUI worker) most often has: FLUX.1-dev in one fp8
file, and SDXL base. An administrator's folder adds more, one API-format
``<name>.json`` each; the caller decides which folder, so nothing here
reads settings.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .workflow import MAX_WORKFLOW_BYTES, Workflow, WorkflowError, load_workflow

__all__ = ["BUILTIN_STEPS", "TEMPLATES", "builtin_workflows", "workflows_in"]

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Steps each template runs when a request names none: FLUX-dev is sharp at 20, SDXL wants a few more.
BUILTIN_STEPS = {"flux": 20, "sdxl": 25}


def builtin_workflows() -> dict[str, Workflow]:
    """The shipped workflows by name (a new dict each call; the workflows themselves never change)."""
    return dict(_builtins())


@functools.cache
def _builtins() -> dict[str, Workflow]:
    return {
        name: load_workflow((TEMPLATES / f"{name}.json").read_text(encoding="utf-8"), name, default_steps=steps)
        for name, steps in BUILTIN_STEPS.items()
    }


def workflows_in(folder: str | Path) -> dict[str, Workflow]:
    """Every ``*.json`` workflow in ``folder`` (not its subfolders), named after its file.

    Raises WorkflowError when the folder is missing or a file cannot be
    used, naming the file, so a broken file is noticed rather than skipped.
    """
    path = Path(folder)
    if not path.is_dir():
        raise WorkflowError(str(folder), ["there is no such folder"])
    found: dict[str, Workflow] = {}
    for file in sorted(path.glob("*.json")):
        if not file.is_file():
            continue
        name = file.stem
        size = file.stat().st_size
        if size > MAX_WORKFLOW_BYTES:
            raise WorkflowError(
                name, [f"{file.name} is {size // 1024} KB; a workflow may be at most {MAX_WORKFLOW_BYTES // 1024} KB"]
            )
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise WorkflowError(name, [f"{file.name} could not be read ({type(exc).__name__})"]) from None
        try:
            found[name] = load_workflow(text, name)
        except WorkflowError as exc:
            raise WorkflowError(name, [f"in {file.name}: {exc.problems[0]}", *exc.problems[1:]]) from None
    return found
