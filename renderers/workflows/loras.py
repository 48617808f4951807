"""LoRAs: which ones a picture uses, at what strength, and how they join a graph.

A panel's look comes from up to three kinds of LoRA: the comic style's, one
per character in the panel, and a cinematic one for framing. Stacked LoRAs
pull against each other, so the more characters share a panel the lighter
each one (and the cinematic LoRA) is applied; the style's always comes
first and at full strength, because it is what keeps a comic's pages alike.

In the graph a stack is a chain of LoraLoader nodes between the model
loader and everything that used its MODEL and CLIP outputs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .graph import Graph, is_link

__all__ = ["MAX_LORAS", "Lora", "attach_loras", "lora_stack"]

MAX_LORAS = 10

#: Strength of each character LoRA, by how many characters the panel has (the last entry: that many or more).
_CHARACTER_STRENGTH = {1: 0.85, 2: 0.75, 3: 0.65}
#: Strength of the cinematic LoRA, by the panel's number of characters.
_CINEMATIC_STRENGTH = {0: 1.0, 1: 0.95, 2: 0.85, 3: 0.75}

#: Loaders whose outputs LoRAs patch: class_type -> output index of MODEL / of CLIP.
_MODEL_OUTPUT = {"CheckpointLoaderSimple": 0, "CheckpointLoader": 0, "UNETLoader": 0, "UnetLoaderGGUF": 0}
_CLIP_OUTPUT = {
    "CheckpointLoaderSimple": 1,
    "CheckpointLoader": 1,
    "CLIPLoader": 0,
    "DualCLIPLoader": 0,
    "TripleCLIPLoader": 0,
    "CLIPLoaderGGUF": 0,
    "DualCLIPLoaderGGUF": 0,
}


@dataclass(frozen=True)
class Lora:
    """A LoRA file as the ComfyUI server names it (``comic_ink.safetensors``) and how strongly to apply it."""

    name: str
    strength: float = 1.0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("A LoRA needs a file name.")
        if not math.isfinite(self.strength):
            raise ValueError(f"The LoRA {self.name} needs a finite strength.")


def lora_stack(
    *,
    style_lora: str | Lora | None = None,
    character_loras: Sequence[str | Lora] = (),
    cinematic_lora: str | Lora | None = None,
) -> tuple[Lora, ...]:
    """The LoRAs for one picture, in the order they are applied, at most MAX_LORAS.

    A style LoRA given as a Lora keeps its strength (a name gets 1.0); the
    strengths of character and cinematic LoRAs follow from the number of
    characters. A character named twice is applied once. When the stack is
    too long the last characters are left out: the style and cinematic
    LoRAs shape every panel, a character only its own.
    """
    characters = _distinct(_name(lora) for lora in character_loras)
    count = len(characters)
    stack: list[Lora] = []
    if style_lora is not None:
        stack.append(style_lora if isinstance(style_lora, Lora) else Lora(style_lora, 1.0))
    room = MAX_LORAS - len(stack) - (cinematic_lora is not None)
    strength = _CHARACTER_STRENGTH[min(count, 3)] if count else 0.0
    stack += [Lora(name, strength) for name in characters[:room]]
    if cinematic_lora is not None:
        stack.append(Lora(_name(cinematic_lora), _CINEMATIC_STRENGTH[min(count, 3)]))
    return tuple(stack)


def attach_loras(graph: Graph, loras: Sequence[Lora]) -> None:
    """Chain ``loras`` after the graph's model loader and move its MODEL/CLIP consumers to the chain's end.

    The first loader in the graph that gives a MODEL is patched, with the
    CLIP from the same node (a checkpoint) or from the first CLIP loader
    (FLUX's UNETLoader + DualCLIPLoader). With no CLIP to patch the chain is
    LoraLoaderModelOnly nodes. Changes ``graph`` in place; raises ValueError
    when it has no model loader.
    """
    model_source = _first_output(graph, _MODEL_OUTPUT)
    if model_source is None:
        raise ValueError("it has no model loader (such as CheckpointLoaderSimple) for LoRAs to attach to")
    clip_source = _first_output(graph, _CLIP_OUTPUT, prefer=model_source[0])
    added: set[str] = set()
    model, clip = model_source, clip_source
    for node_id, lora in zip(_fresh_ids(graph), loras, strict=False):
        if clip is None:
            graph[node_id] = {
                "class_type": "LoraLoaderModelOnly",
                "inputs": {"model": model, "lora_name": lora.name, "strength_model": lora.strength},
            }
        else:
            graph[node_id] = {
                "class_type": "LoraLoader",
                "inputs": {
                    "model": model,
                    "clip": clip,
                    "lora_name": lora.name,
                    "strength_model": lora.strength,
                    "strength_clip": lora.strength,
                },
            }
            clip = [node_id, 1]
        model = [node_id, 0]
        added.add(node_id)
    _rewire(graph, {tuple(model_source): model, **({tuple(clip_source): clip} if clip_source else {})}, skip=added)


def _rewire(graph: Graph, moves: dict[tuple[str, int], list], *, skip: set[str]) -> None:
    for node_id, node in graph.items():
        if node_id in skip:
            continue
        inputs = node["inputs"]
        for input_name, value in inputs.items():
            if is_link(value) and (value[0], value[1]) in moves:
                inputs[input_name] = list(moves[(value[0], value[1])])


def _first_output(graph: Graph, outputs: dict[str, int], *, prefer: str | None = None) -> list | None:
    if prefer is not None and graph[prefer]["class_type"] in outputs:
        return [prefer, outputs[graph[prefer]["class_type"]]]
    for node_id, node in graph.items():
        if node["class_type"] in outputs:
            return [node_id, outputs[node["class_type"]]]
    return None


def _fresh_ids(graph: Graph) -> Iterable[str]:
    """Numeric ids above every numeric id in the graph (ComfyUI shows ids as numbers), skipping any in use."""
    number = max((int(node_id) for node_id in graph if node_id.isdigit()), default=0)
    while True:
        number += 1
        if str(number) not in graph:
            yield str(number)


def _name(lora: str | Lora) -> str:
    return lora.name if isinstance(lora, Lora) else lora


def _distinct(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))
