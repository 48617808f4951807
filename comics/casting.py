"""Who is in a panel, and the image prompt that paints them.

The cast's locked looks are re-injected into every prompt here, in the same
left-to-right order the painter uses and the letterer points bubble tails at.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any, Protocol

from .styles import NO_TEXT_NEGATIVE, NO_TEXT_TAIL, Style


class CastLike(Protocol):
    index: int
    name: str
    look: str


def derive_seed(*parts: Any) -> int:
    """A stable 31-bit seed from the comic's seed and a position."""
    digest = hashlib.sha256("/".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def _name_forms(name: str) -> set[str]:
    name = name.lower().strip()
    return {name, name.split()[0]} if name else set()


def subjects_in(scene: str, dialogue: Iterable[dict[str, str]], cast: Iterable[CastLike]) -> list:
    """Cast members present in a panel, left to right.

    Order of first mention in the scene, then speakers the scene does not
    name, in the order they speak.
    """
    lowered = scene.lower()
    speakers = [line.get("speaker", "").lower().strip() for line in dialogue]
    ranked = []
    for member in cast:
        forms = _name_forms(member.name)
        hits = [m.start() for form in forms for m in re.finditer(rf"\b{re.escape(form)}\b", lowered)]
        if hits:
            ranked.append((min(hits), member.index, member))
            continue
        spoken = [i for i, speaker in enumerate(speakers) if speaker in forms]
        if spoken:
            ranked.append((len(lowered) + spoken[0], member.index, member))
    return [member for _, _, member in sorted(ranked, key=lambda item: (item[0], item[1]))]


def speaker_index(speaker: str, subjects: list) -> int | None:
    speaker = speaker.lower().strip()
    for i, member in enumerate(subjects):
        if speaker in _name_forms(member.name):
            return i
    return None


def painted_subjects(scene: str, dialogue: Iterable[dict[str, str]], cast: Iterable[CastLike]) -> list[dict]:
    """Who a panel's art shows and where, as stored on the panel at paint time: [{"name", "x"}].

    ``x`` is the point of the width the painter was asked to stand them at
    (``renderers.base.subject_anchor``), which is where a tail points.
    """
    from renderers.base import subject_anchor

    members = subjects_in(scene, dialogue, cast)
    return [{"name": member.name, "x": round(subject_anchor(i, len(members)), 4)} for i, member in enumerate(members)]


def speaker_anchor(speaker: str, painted: list[dict]) -> float | None:
    """Where a line's tail points, 0..1 of the panel's width: at its speaker where they were painted.

    A speaker who was not painted beside others who were (a line added in
    an edit, a voice from off the panel) gets the panel's edge away from
    them, so the tail never makes someone else seem to say it. None when
    nobody was painted: the tail is neutral.
    """
    speaker = speaker.lower().strip()
    for subject in painted:
        if speaker and speaker in _name_forms(subject.get("name", "")):
            return float(subject.get("x", 0.5))
    if not painted:
        return None
    middle = sum(float(subject.get("x", 0.5)) for subject in painted) / len(painted)
    return 0.0 if middle >= 0.5 else 1.0


def image_prompt(scene: str, subjects: list, style: Style, *, full_page: bool = False) -> str:
    parts = [scene.rstrip(". ") + "."]
    if subjects:
        lead = "Characters from left to right: " if len(subjects) > 1 else "Character: "
        parts.append(lead + "; ".join(f"{c.name}, {c.look.rstrip('. ')}" for c in subjects) + ".")
    if full_page:
        parts.append("Full-bleed illustration.")
    parts.append(style.prompt_tail + ".")
    parts.append(NO_TEXT_TAIL + ".")
    return " ".join(parts)


def negative_prompt(style: Style) -> str:
    return f"{style.negative_prompt}, {NO_TEXT_NEGATIVE}"
