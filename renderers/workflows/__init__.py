"""ComfyUI workflows: checked API-format graphs with placeholders, and the LoRAs a picture adds to them.

The ComfyUI and RunPod image backends both send these graphs (RunPod's
ComfyUI worker runs the same format). ``builtin_workflows()`` gives the
shipped FLUX and SDXL graphs, ``workflows_in(folder)`` an administrator's,
``load_workflow`` checks one, and ``lora_stack`` decides which LoRAs a
panel uses before ``Workflow.render`` chains them into the graph.
"""

from .graph import KNOWN_PLACEHOLDERS, Graph, is_link
from .library import BUILTIN_STEPS, builtin_workflows, workflows_in
from .loras import MAX_LORAS, Lora, attach_loras, lora_stack
from .workflow import MAX_NODES, MAX_WORKFLOW_BYTES, Workflow, WorkflowError, load_workflow

__all__ = [
    "BUILTIN_STEPS",
    "KNOWN_PLACEHOLDERS",
    "MAX_LORAS",
    "MAX_NODES",
    "MAX_WORKFLOW_BYTES",
    "Graph",
    "Lora",
    "Workflow",
    "WorkflowError",
    "attach_loras",
    "builtin_workflows",
    "is_link",
    "load_workflow",
    "lora_stack",
    "workflows_in",
]
