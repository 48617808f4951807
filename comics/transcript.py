"""What a lettered page says and shows, as text: for screen readers, the reader's transcript and the EPUB.

Written from the script, not from the pixels: the scene each panel was
painted from, who was painted where (``Panel.subjects``, stored at paint
time), and the words lettered onto it in the order they are read. Free of
Django: a panel is anything with ``scene``, ``caption``, ``dialogue``,
``sfx`` and, optionally, ``subjects``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple


class TranscriptLine(NamedTuple):
    """One thing lettered on a page: ``kind`` is "caption", "speech" or "sound"."""

    panel: int  # 1-based
    kind: str
    speaker: str
    text: str

    def __str__(self) -> str:
        if self.kind == "speech":
            return f"{self.speaker}: {self.text}" if self.speaker else self.text
        if self.kind == "sound":
            return f"Sound: {self.text}"
        return self.text


def _dialogue(panel: Any) -> list[dict]:
    return [line for line in (getattr(panel, "dialogue", None) or []) if (line.get("text") or "").strip()]


def transcript(panels: Iterable[Any]) -> list[TranscriptLine]:
    """Each panel's caption, then its bubbles as "Speaker: text", then its sound effect, in reading order."""
    lines: list[TranscriptLine] = []
    for number, panel in enumerate(panels, start=1):
        caption = (getattr(panel, "caption", "") or "").strip()
        if caption:
            lines.append(TranscriptLine(number, "caption", "", caption))
        for line in _dialogue(panel):
            lines.append(TranscriptLine(number, "speech", (line.get("speaker") or "").strip(), line["text"].strip()))
        sfx = (getattr(panel, "sfx", "") or "").strip()
        if sfx:
            lines.append(TranscriptLine(number, "sound", "", sfx))
    return lines


def _where(x: float) -> str:
    if x < 0.4:
        return "on the left"
    if x > 0.6:
        return "on the right"
    return "in the middle"


def _who(subjects: Sequence[dict]) -> str:
    """ "Basil on the left, Mira on the right" from the painted subjects and their anchors."""
    if len(subjects) == 1:
        return subjects[0]["name"]
    return ", ".join(f"{subject['name']} {_where(float(subject.get('x', 0.5)))}" for subject in subjects)


def panel_description(panel: Any) -> str:
    """What one panel shows: its scene, and who stands where when more than one was painted."""
    scene = (getattr(panel, "scene", "") or "").strip().rstrip(".")
    subjects = [s for s in (getattr(panel, "subjects", None) or []) if s.get("name")]
    if len(subjects) > 1:
        return f"{scene} ({_who(subjects)})." if scene else f"{_who(subjects)}."
    return f"{scene}." if scene else ""


def alt_text(panels: Sequence[Any], *, page_number: int, picture_book: bool = False) -> str:
    """The page's alternative text: what each panel shows, then what is written on it.

    A picture book's page is one illustration and its text; a comic page
    says how many panels it has, so a listener knows what follows.
    """
    said = " ".join(str(line) for line in transcript(panels))
    if picture_book or len(panels) == 1:
        shown = panel_description(panels[0]) if panels else ""
        parts = [f"Page {page_number}.", shown, f"Text: {said}" if said else ""]
        return " ".join(part for part in parts if part)
    parts = [f"Page {page_number}, {len(panels)} panels."]
    for number, panel in enumerate(panels, start=1):
        words = " ".join(str(line) for line in transcript([panel]))
        shown = panel_description(panel)
        parts.append(f"Panel {number}: {shown}" + (f" {words}" if words else ""))
    return " ".join(parts)
