"""What we ask the language model for, and how we check what it says.

Two requests write a comic: one *plan* (title, cast with locked looks, cover
scene, one beat per page) and one *page* request per page, all in parallel,
each given the whole outline. Continuing a story is one *continuation*
request (more beats for the same outline and cast) and a page request per
new page. Each message carries a "brief": the facts of the
request as a fenced JSON block, which any model can read and which the
built-in storyteller parses.

The validators return cleaned data or a list of readable problems; the
pipeline quotes those problems back to the model once, in a repair request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

PLAN_SCHEMA_NAME = "comic_plan"
PAGE_SCHEMA_NAME = "comic_page"
CONTINUATION_SCHEMA_NAME = "comic_continuation"
MAX_DIRECTION_LENGTH = 300
MAX_CAST = 4
MAX_LINES_PER_PANEL = 3
MAX_LINE_CHARS = 240
MAX_SFX_CHARS = 24
MAX_CAPTION_CHARS = 500
MAX_SPEAKER_CHARS = 60  # a character's name, in the cast and as the speaker of a line

SYSTEM_PROMPT = (
    "You are the writer of a {kind_name}. You write in clear, vivid English for readers of all ages. "
    "You answer with a single JSON document that follows the given schema, and nothing else: "
    "no prose, no code fences. Never describe text, letters or signs inside pictures: "
    "the artist paints pictures without any writing, and the letterer adds the words."
)


def plan_schema(pages: int) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "cast", "cover_scene", "beats"],
        "properties": {
            "title": {"type": "string"},
            "cast": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_CAST,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "look"],
                    "properties": {"name": {"type": "string"}, "look": {"type": "string"}},
                },
            },
            "cover_scene": {"type": "string"},
            "beats": {"type": "array", "minItems": pages, "maxItems": pages, "items": {"type": "string"}},
        },
    }


def page_schema(panels: int) -> dict[str, Any]:
    line = {
        "type": "object",
        "additionalProperties": False,
        "required": ["speaker", "text"],
        "properties": {"speaker": {"type": "string"}, "text": {"type": "string"}},
    }
    panel = {
        "type": "object",
        "additionalProperties": False,
        "required": ["scene", "dialogue", "caption", "sfx"],
        "properties": {
            "scene": {"type": "string"},
            "dialogue": {"type": "array", "maxItems": MAX_LINES_PER_PANEL, "items": line},
            "caption": {"type": "string"},
            "sfx": {"type": "string"},
        },
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["panels"],
        "properties": {"panels": {"type": "array", "minItems": panels, "maxItems": panels, "items": panel}},
    }


def _brief_block(brief: dict[str, Any]) -> str:
    return "```json\n" + json.dumps(brief, ensure_ascii=False, indent=1) + "\n```"


def _kind_name(kind: str) -> str:
    return "children's picture book" if kind == "picture_book" else "comic"


def _request(kind: str, user: str) -> tuple[dict, dict]:
    """The writer's standing instructions, then this request."""
    return (
        {"role": "system", "content": SYSTEM_PROMPT.format(kind_name=_kind_name(kind))},
        {"role": "user", "content": user},
    )


def plan_messages(*, idea: str, kind: str, pages: int, panels_per_page: int, style_name: str, tone: str):
    brief = {
        "task": "plan",
        "idea": idea,
        "kind": kind,
        "pages": pages,
        "panels_per_page": panels_per_page,
        "style": style_name,
    }
    user = (
        f"Plan a {pages}-page {_kind_name(kind)} from the idea in the brief, {tone} in tone.\n"
        "Return: a short title; a cast of 1 to 4 characters, each with a name and a fixed visual look "
        "written once (species or body type, colours, clothing, one distinctive detail) that an "
        f"artist will repeat on every page; a cover scene; and exactly {pages} one-line beats, one per "
        "page, forming one continuous story with a beginning, a middle and an end.\n\n" + _brief_block(brief)
    )
    return _request(kind, user)


def _outline(plan: Plan) -> dict[str, Any]:
    """The beats, and what part of the story each tells when its writer named them all (see ``named_stages``)."""
    named = len(plan.stages) == len(plan.beats) and all(plan.stages)
    return {"beats": plan.beats, **({"stages": list(plan.stages)} if named else {})}


def page_messages(*, idea: str, kind: str, plan: Plan, page_index: int, panels: int, tone: str):
    pages = len(plan.beats)
    brief = {
        "task": "page",
        "idea": idea,
        "kind": kind,
        "title": plan.title,
        "cast": [{"name": c.name, "look": c.look} for c in plan.cast],
        "cover_scene": plan.cover_scene,
        **_outline(plan),
        "page": page_index + 1,
        "pages": pages,
        "panels": panels,
    }
    if kind == "picture_book":
        shape = (
            "one panel: the scene for a full-page illustration, an empty dialogue list, and a caption of "
            "one to three sentences of storybook narration, which is the page's text"
        )
    else:
        shape = (
            f"exactly {panels} panels in reading order, each with a scene for the artist (who is there, "
            "where, doing what), up to three short dialogue lines spoken by cast members who are in that "
            "panel, an optional caption and an optional sound effect (empty strings when none)"
        )
    user = (
        f'Write page {page_index + 1} of {pages} of "{plan.title}", {tone} in tone. The page tells beat '
        f"{page_index + 1} of the outline in the brief and follows on from the page before it: same names, "
        "same setting, clear cause and effect. Refer to characters only by their names; their looks are "
        f"added for the artist. Return {shape}.\n\n" + _brief_block(brief)
    )
    return _request(kind, user)


def continuation_schema(pages: int) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["beats"],
        "properties": {"beats": {"type": "array", "minItems": pages, "maxItems": pages, "items": {"type": "string"}}},
    }


def continuation_messages(*, idea: str, kind: str, plan: Plan, pages: int, direction: str, tone: str):
    """Ask for ``pages`` more beats that carry the outline on, with the same cast, towards ``direction``."""
    brief = {
        "task": "continue",
        "idea": idea,
        "kind": kind,
        "title": plan.title,
        "cast": [{"name": c.name, "look": c.look} for c in plan.cast],
        **_outline(plan),
        "pages": pages,
        "direction": direction,
    }
    steer = f' The author wants it to go this way: "{direction}".' if direction else ""
    user = (
        f'Continue "{plan.title}", a {len(plan.beats)}-page {_kind_name(kind)}, {tone} in tone, by exactly '
        f"{pages} more one-line beats, one per new page, that follow on from the last beat with the same "
        f"cast (no new main characters) and end the story well.{steer}\n\n" + _brief_block(brief)
    )
    return _request(kind, user)


def validate_continuation(data: Any, *, pages: int) -> list[str]:
    problems: list[str] = []
    beats_data = data.get("beats") if isinstance(data, dict) else None
    if not isinstance(beats_data, list):
        raise ScriptError([f"the answer should be a JSON object with a list of exactly {pages} beats"])
    if len(beats_data) != pages:
        problems.append(f"beats has {len(beats_data)} items; exactly {pages} are needed, one per new page")
    beats = [_text(b, f"beats[{i}]", problems) for i, b in enumerate(beats_data)]
    if problems:
        raise ScriptError(problems)
    return beats


def named_stages(data: Any, count: int) -> tuple[str, ...]:
    """The part of the story each of ``count`` beats tells, when the answer names them all (an optional
    ``"stages"`` list beside the beats); () when it doesn't. Stored with the beats and handed back in each
    later brief, so a writer that names them never has to guess them again from the beats' words."""
    stated = data.get("stages") if isinstance(data, dict) else None
    if not isinstance(stated, list) or len(stated) != count:
        return ()
    stages = tuple(" ".join(stage.split())[:100] if isinstance(stage, str) else "" for stage in stated)  # Page.stage
    return stages if all(stages) else ()


def repair_messages(messages, raw: str, problems: list[str]):
    """The original request, the bad answer, and what was wrong with it."""
    listed = "\n".join(f"- {p}" for p in problems[:12])
    return (
        *messages,
        {"role": "assistant", "content": raw[:6000] or "(no answer)"},
        {
            "role": "user",
            "content": "That answer cannot be used:\n" + listed + "\nReply again with only the corrected JSON.",
        },
    )


@dataclass(frozen=True)
class CastMember:
    name: str
    look: str


@dataclass(frozen=True)
class Plan:
    title: str
    cast: tuple[CastMember, ...]
    cover_scene: str
    beats: list[str]
    stages: tuple[str, ...] = ()  # one a beat, when the writer named them (see ``named_stages``)


@dataclass(frozen=True)
class PanelScript:
    scene: str
    dialogue: list[dict[str, str]]
    caption: str
    sfx: str


class ScriptError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _text(value: Any, where: str, problems: list[str], *, required: bool = True, limit: int = 600) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        problems.append(f"{where} should be a string")
        return ""
    value = " ".join(value.split())
    if required and not value:
        problems.append(f"{where} is empty")
    return value[:limit]


def validate_plan(data: Any, *, pages: int) -> Plan:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ScriptError(["the answer should be a JSON object"])
    title = _text(data.get("title"), "title", problems, limit=120)
    cast_data = data.get("cast")
    cast: list[CastMember] = []
    if not isinstance(cast_data, list) or not cast_data:
        problems.append("cast should be a list of 1 to 4 characters")
    else:
        if len(cast_data) > MAX_CAST:
            problems.append(f"cast has {len(cast_data)} characters; at most {MAX_CAST}")
        seen = set()
        for i, member in enumerate(cast_data[:MAX_CAST]):
            if not isinstance(member, dict):
                problems.append(f"cast[{i}] should be an object with name and look")
                continue
            name = _text(member.get("name"), f"cast[{i}].name", problems, limit=MAX_SPEAKER_CHARS)
            look = _text(member.get("look"), f"cast[{i}].look", problems, limit=400)
            if name.lower() in seen:
                problems.append(f"cast name {name!r} appears twice")
            seen.add(name.lower())
            cast.append(CastMember(name, look))
    cover = _text(data.get("cover_scene"), "cover_scene", problems)
    beats_data = data.get("beats")
    beats: list[str] = []
    if not isinstance(beats_data, list):
        problems.append(f"beats should be a list of exactly {pages} strings")
    else:
        if len(beats_data) != pages:
            problems.append(f"beats has {len(beats_data)} items; exactly {pages} are needed, one per page")
        beats = [_text(b, f"beats[{i}]", problems) for i, b in enumerate(beats_data)]
    if problems:
        raise ScriptError(problems)
    return Plan(title=title, cast=tuple(cast), cover_scene=cover, beats=beats, stages=named_stages(data, len(beats)))


def validate_page(data: Any, *, panels: int, kind: str) -> list[PanelScript]:
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("panels"), list):
        raise ScriptError(["the answer should be a JSON object with a list of panels"])
    items = data["panels"]
    if len(items) != panels:
        problems.append(f"panels has {len(items)} items; exactly {panels} are needed")
    result: list[PanelScript] = []
    for i, item in enumerate(items[:panels]):
        where = f"panels[{i}]"
        if not isinstance(item, dict):
            problems.append(f"{where} should be an object")
            continue
        scene = _text(item.get("scene"), f"{where}.scene", problems)
        caption = _text(item.get("caption"), f"{where}.caption", problems, required=False, limit=MAX_CAPTION_CHARS)
        sfx = _text(item.get("sfx"), f"{where}.sfx", problems, required=False, limit=MAX_SFX_CHARS)
        lines = item.get("dialogue") or []
        dialogue: list[dict[str, str]] = []
        if not isinstance(lines, list):
            problems.append(f"{where}.dialogue should be a list")
            lines = []
        for j, line in enumerate(lines[:MAX_LINES_PER_PANEL]):
            if not isinstance(line, dict):
                problems.append(f"{where}.dialogue[{j}] should be an object with speaker and text")
                continue
            speaker = _text(line.get("speaker"), f"{where}.dialogue[{j}].speaker", problems, limit=MAX_SPEAKER_CHARS)
            text = _text(line.get("text"), f"{where}.dialogue[{j}].text", problems, limit=MAX_LINE_CHARS)
            dialogue.append({"speaker": speaker, "text": text})
        if kind == "picture_book" and not caption:
            problems.append(f"{where}.caption should hold the page's text")
        result.append(PanelScript(scene=scene, dialogue=dialogue, caption=caption, sfx=sfx))
    if problems:
        raise ScriptError(problems)
    return result
