"""Writing the plan: title, cast, cover scene and one beat per page."""

from __future__ import annotations

import re
from typing import Any

from .arc import STAGES, more_groups, stage_groups
from .brief import _int
from .cast import make_cast
from .conjugation import _inflect_phrase, _third
from .english import _strip_article, _title_case
from .idea import read_idea
from .lexicon.verbs import _FIND_VERBS
from .seeding import _rng
from .story import Story, _own_slot, _story_from_brief, _tidy, _with_setting


def _title(story: Story) -> str:
    c, idea, plot = story.c, story.idea, story.plot
    hero = c["Hero"]
    # Two heroes share the verb: "Mochi and Rufus Build a Boat".
    friend = story.role.get("friend")
    pair = idea.plural and friend is not None and (idea.partner_species or friend.species == idea.species)
    subject = f"{hero} and {friend.name}" if pair else hero

    def told(phrase: str) -> str:
        verb_phrase = phrase if pair else _inflect_phrase(phrase, _third)
        return f"{subject} {_title_case(story.fill(verb_phrase, capitalize=False))}"

    if plot == "shop":
        title = f"{hero}'s {_title_case(c['place'][4:])}"
    elif plot == "race":
        title = _title_case(c["event"])
        title = title[0].upper() + title[1:]
    elif idea.event:
        title = told(_own_slot(idea.event))  # "Pip Loses His Hat"
    elif plot == "quest" and idea.verb in _FIND_VERBS and idea.obj and re.match(r"\S+ the ", idea.goal):
        title = f"{hero} and the {_title_case(idea.obj)}"  # "Pip and the Lost Crown"
    elif idea.goal:
        title = told(c["goal"])  # "Pip Saves the Noodle Festival"
    elif idea.trait and idea.species:
        title = f"{hero} the {_title_case(idea.trait)} {_title_case(c['hero_sp'])}"
    else:
        thing = re.sub(r"^(?:up|down|out|off|away|over|back)\s+", "", " ".join(c["goal"].split()[1:]))
        title = f"{hero} and the {_title_case(_strip_article(thing))}"
    title = " ".join(title.split()[:9])
    title = re.sub(r"(?:\s+(?:and|of|the|a|an|to|in|on|for|with|at|by|from))+$", "", title, flags=re.I)
    return title[:120]


def _beat(story: Story, group: tuple[str, ...]) -> str:
    content = story.content
    if len(group) == 1:
        return story.say(content[group[0]]["beat"], None)
    shorts = {k: story.say(v, None, capitalize=False) for k, v in content["shorts"].items()}
    if group == ("home", "trouble", "climax", "ending"):
        return _tidy(f"{shorts['setup']}, but {shorts['problem']}, until {shorts['turn']}, and {shorts['end']}.")
    if group == ("home", "trouble"):
        return _tidy(f"{shorts['setup']}, but {shorts['problem']}.")
    if group == ("climax", "ending"):
        return _tidy(f"Then {shorts['turn']}, and {shorts['end']}.")
    return " ".join(story.say(content[s]["beat"], None) for s in group)


def write_plan(brief: dict[str, Any], seed: int | None) -> dict[str, Any]:
    idea = read_idea(brief.get("idea", ""))
    pages = _int(brief.get("pages"), 4, 1, 50)
    rng = _rng(seed or 0, idea.text, 0)
    cast = make_cast(idea, rng)
    story = Story(idea, cast)
    groups = stage_groups(pages)
    story.all_stages = {s for g in groups for s in g}
    beats = [_beat(story, group) for group in groups]
    cover = _with_setting(story, story.fill(story.content["cover"]))
    return {
        "title": _title(story),
        "cast": [{"name": m.name, "look": m.look} for m in cast],
        "cover_scene": cover,
        "beats": beats,
        "stages": [" ".join(group) for group in groups],
    }


_WORD = re.compile(r"[^\W_]+")

# Every stage group a page can tell: the twelve stages, and the groups of a story of one, two or three pages.
_KINDS = list(dict.fromkeys(group for pages in (1, 2, 3, 12) for group in stage_groups(pages)))


def _stated_groups(brief: dict[str, Any], count: int) -> list[tuple[str, ...]] | None:
    """The stages of each beat as the brief states them (``"climax ending"``), or None when it doesn't, or not all."""
    stated = brief.get("stages")
    if not isinstance(stated, list) or len(stated) != count:
        return None
    groups = [tuple(label.split()) if isinstance(label, str) else () for label in stated]
    return groups if all(group and set(group) <= set(STAGES) for group in groups) else None


def _read_groups(brief: dict[str, Any], beats: list[str]) -> list[tuple[str, ...]]:
    """The stages of an outline that does not name them: a plan's last page tells the ending, and each page
    added after it the stage whose beat is most like it, in the words they share."""
    story = _story_from_brief(brief)
    known = []
    for stages in (set(STAGES), set(STAGES) - {"triumph"}):  # an ending's beat says whether a triumph came first
        story.all_stages = stages
        known += [(group, set(_WORD.findall(_beat(story, group).lower()))) for group in _KINDS]

    def read(beat: str) -> tuple[str, ...]:
        words = set(_WORD.findall(str(beat).lower()))
        return max(known, key=lambda k: len(words & k[1]) / (len(words | k[1]) or 1))[0]

    read_back = [read(beat) for beat in beats]
    planned = next((i + 1 for i, group in enumerate(read_back) if "ending" in group), len(beats))
    return (stage_groups(planned) if planned else []) + read_back[planned:]


def told_groups(brief: dict[str, Any], beats: list[str]) -> tuple[Story, int, list[tuple[str, ...]]]:
    """The story of the brief, how many pages it was planned with, and the stages each beat of ``beats`` tells.

    The plan and each continuation name every beat's stages, which the brief
    hands back (``"stages"``); outlines stored before that are read back from
    their beats. The planned pages end with the one that tells the ending; pages
    added after it tell other stages (see :func:`write_continuation`). The world
    is recovered from the planned pages' beats alone, so adding pages changes
    nothing the pages before them said.
    """
    groups = _stated_groups(brief, len(beats)) or _read_groups(brief, beats)
    planned = next((i + 1 for i, group in enumerate(groups) if "ending" in group), len(beats))
    return _story_from_brief({**brief, "beats": beats[:planned]}), planned, groups


def write_continuation(brief: dict[str, Any], seed: int | None) -> dict[str, Any]:
    """More beats for a story, one a page, each telling a stage no page before it told (see ``more_groups``).

    The story is the brief's own: its cast by name and its world recovered from
    the beats so far, so the seed adds nothing.
    """
    told = [beat for beat in brief.get("beats", []) if isinstance(beat, str)]
    more = _int(brief.get("pages"), 1, 1, 50)
    story, _, groups = told_groups(brief, told)
    added = more_groups(groups, more)
    story.all_stages = {s for g in groups + added for s in g}
    beats = [_beat(story, group) for group in added]
    direction = re.sub(r"^then\s+", "", " ".join(str(brief.get("direction") or "").split()), flags=re.I).rstrip(".")
    if direction:
        beats[0] = _tidy(f"Then {direction[0].lower()}{direction[1:]}. {beats[0]}")
    return {"beats": beats, "stages": [" ".join(group) for group in added]}
