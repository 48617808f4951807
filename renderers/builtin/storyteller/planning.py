"""Writing the plan: title, cast, cover scene and one beat per page."""

from __future__ import annotations

import re
from typing import Any

from .arc import stage_groups
from .brief import _int
from .cast import make_cast
from .conjugation import _inflect_phrase, _third
from .english import _strip_article, _title_case
from .idea import read_idea
from .lexicon.verbs import _FIND_VERBS
from .seeding import _rng
from .story import Story, _own_slot, _tidy, _with_setting


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


def _beat(story: Story, group: tuple[str, ...], pages: int) -> str:
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
    story.all_stages = {s for g in stage_groups(pages) for s in g}
    beats = [_beat(story, group, pages) for group in stage_groups(pages)]
    cover = _with_setting(story, story.fill(story.content["cover"]))
    return {
        "title": _title(story),
        "cast": [{"name": m.name, "look": m.look} for m in cast],
        "cover_scene": cover,
        "beats": beats,
    }


def write_continuation(brief: dict[str, Any], seed: int | None) -> dict[str, Any]:
    """More beats for a story: the closing stages of the same story planned longer, steered by the direction.

    The same idea and seed give the same cast, so the new beats name the
    characters the pages so far have.
    """
    told = [beat for beat in brief.get("beats", []) if isinstance(beat, str)]
    more = _int(brief.get("pages"), 1, 1, 50)
    beats = write_plan({**brief, "pages": len(told) + more}, seed)["beats"][-more:]
    direction = re.sub(r"^then\s+", "", " ".join(str(brief.get("direction") or "").split()), flags=re.I).rstrip(".")
    if direction:
        beats[0] = _tidy(f"Then {direction[0].lower()}{direction[1:]}. {beats[0]}")
    return {"beats": beats}
