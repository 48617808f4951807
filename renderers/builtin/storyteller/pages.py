"""Writing a page: picking each stage's moments and turning them into panels or narration."""

from __future__ import annotations

import itertools
import json
import random
import re
from typing import Any

from .arc import _RANK, M, stage_groups
from .brief import _int
from .english import _TOKEN
from .planning import told_groups
from .seeding import _rng
from .story import Story, _story_from_brief, _with_setting

MAX_LINE_CHARS = 90


def _short_line(text: str, limit: int = MAX_LINE_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = max(text.rfind(". ", 0, limit), text.rfind("! ", 0, limit), text.rfind("? ", 0, limit))
    if cut > limit // 2:
        return text[: cut + 1]
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1].rstrip(",;: ") + "…"


def _usable(story: Story, moment: dict[str, Any], all_stages: set[str]) -> dict[str, Any] | None:
    if any(s in all_stages for s in moment["skip_if"]):
        return None
    if moment["only_if"] and not any(s in all_stages for s in moment["only_if"]):
        return None
    needed = moment["who"] + moment["needs"]
    if all(story.role.get(r) is not None for r in needed):
        # Two roles played by one character (a 3-member race) would repeat a name.
        names = [story.role[r].name for r in moment["who"]]
        if len(names) == len(set(names)):
            return moment
    if moment["alt"]:
        return _usable(story, moment["alt"], all_stages)
    return None


_VISTAS = {
    "village": "the crooked rooftops and chimneys of the village of {town}",
    "forest": "the treehouses and mossy paths of {town}, deep in the forest",
    "desert": "the dusty little desert town of {town}, dunes rolling away behind it",
    "sea": "the harbour town of {town}, boats bobbing by the lighthouse",
    "space": "the glass domes of {town} on the grey moon, Earth hanging in the black sky",
    "city": "the busy streets and tall buildings of {town}",
    "mountain": "the little mountain village of {town}, snowy peaks all around",
    "snow": "the snowy village of {town}, igloos and icicles sparkling",
    "castle": "the castle towers and red roofs of {town}",
    "school": "the red-brick school and playground of {town}",
    "farm": "the red barn, fields and windmill of {town}",
}


_TIMES = {
    "home": "early morning sunshine",
    "spark": "bright morning",
    "start": "busy afternoon",
    "first_win": "sunny morning",
    "trouble": "grey, cloudy morning",
    "worse": "rainy afternoon",
    "low": "night under a pale moon",
    "help": "pink dawn light",
    "plan": "fresh morning light",
    "climax": "dark night, {weather_kw}",
    "triumph": "first light after the {weather}",
    "ending": "golden sunshine, bunting everywhere",
}


_AWAY = {
    "quest": {"start", "first_win", "trouble", "worse", "low", "help", "plan"},
    "race": {"first_win", "trouble", "worse", "low", "help", "plan", "climax"},
}


def _filler(story: Story, stage: str, kind: str) -> dict[str, Any]:
    if kind == "establish":
        where = _VISTAS.get(story.setting_key, _VISTAS["village"])
        who = "{Hero} a small figure in the middle of it all"
        if stage in _AWAY.get(story.plot, ()):
            where = "{wild}, {wild_desc}" if story.plot == "quest" else "the race course winding across the {land}"
            who = "{Hero} a tiny figure far below"
        elif story.plot == "quest" and stage in ("climax", "triumph"):
            where, who = "{dest}", "{Hero} a tiny figure far below"
        scene = "Wide view of " + where + ", " + _TIMES.get(stage, "morning light") + ", " + who
        return M(["hero"], scene, [], p=9)
    lines = {
        "home": "I can do this. I think.",
        "spark": "Here goes!",
        "start": "Keep going...",
        "first_win": "Did that really just happen?",
        "trouble": "Oh no...",
        "worse": "Can it get any worse?",
        "low": "...",
        "help": "Maybe... maybe I can.",
        "plan": "All right. Let's try it my way.",
        "climax": "It's now or never.",
        "triumph": "We did it!",
        "ending": "Best. Day. Ever.",
    }
    return M(
        ["hero"],
        "Close-up of {Hero}'s face, "
        + {
            "home": "hopeful",
            "trouble": "worried",
            "worse": "worried",
            "low": "sad, a tear rolling down",
            "climax": "determined, {weather_kw} all around",
            "triumph": "overjoyed",
            "ending": "beaming",
        }.get(stage, "thinking hard"),
        [("hero", lines.get(stage, "Hmm..."))],
        p=9,
    )


def _stage_moments(story: Story, stage: str, all_stages: set[str]) -> list[dict[str, Any]]:
    moments = [m for m in (_usable(story, m, all_stages) for m in story.content[stage]["m"]) if m]
    if stage == "ending" and "triumph" not in all_stages:
        # No triumph page: the ending opens with the win itself (its two key moments, in story order).
        wins = [(i, m) for i, m in enumerate(_usable(story, m, all_stages) for m in story.content["triumph"]["m"]) if m]
        best = sorted(sorted(wins, key=lambda t: (t[1]["p"], t[0]))[:2], key=lambda t: t[0])
        wins = [dict(m, p=1 if m is best[0][1] else 2) for _, m in best]
        moments[:0] = wins
    return moments


def _pick_moments(
    story: Story, stage: str, count: int, all_stages: set[str], with_win: bool = True
) -> list[dict[str, Any]]:
    moments = _stage_moments(story, stage, all_stages)
    if not with_win:
        moments = [m for m in (_usable(story, m, all_stages) for m in story.content[stage]["m"]) if m] or moments
    if count <= len(moments):
        ranked = sorted(range(len(moments)), key=lambda i: (moments[i]["p"], i))[:count]
        return [moments[i] for i in sorted(ranked)]
    chosen = list(moments)
    extra = count - len(chosen)
    if extra > 0 and stage not in ("ending", "triumph", "climax"):
        chosen.insert(0, _filler(story, stage, "establish"))
        extra -= 1
    while extra > 0:
        chosen.insert(max(len(chosen) - 1, 1), _filler(story, stage, "closeup"))
        extra -= 1
    return chosen


def _allocate(stages: tuple[str, ...], count: int) -> list[int]:
    n = len(stages)
    order = sorted(range(n), key=lambda i: _RANK.get(stages[i], 99))
    if count < n:
        keep = set(order[:count])
        return [1 if i in keep else 0 for i in range(n)]
    counts = [count // n] * n
    for i in order[: count % n]:
        counts[i] += 1
    return counts


_NIGHT_WORDS = {"night", "moon", "moonlit", "moonlight", "midnight", "stars", "starry", "candle", "lamplight"}


def _at_night(story: Story, stage: str) -> bool:
    if stage == "low":
        return True
    if stage == "climax":
        return story.plot != "race"  # the race's sandstorm blows in by day
    return stage == "triumph" and story.plot == "shop"  # "all night long"


_WORD = re.compile(r"[^\W_]+")


def _said_key(text: str) -> str:
    # "We did it!" and "We did it." are the same line to a reader.
    return " ".join(_WORD.findall(text.lower())) or text.strip()


def _fresh(
    story: Story, spec: Any, rng: random.Random, used: set[str], *, speaker: str = "", short: bool = False
) -> str:
    """Text from ``spec`` that nothing earlier in the comic said, recorded in ``used``.

    The rng's pick comes first, then the spec's other options in order; "" when
    every one was said already: a panel is better silent than repeating itself.
    """
    picked = story.say(spec, rng, speaker=speaker)
    others = (story.say(option, speaker=speaker) for option in story.options(spec))
    for text in itertools.chain([picked], others):
        text = _short_line(text) if short else text
        if text and _said_key(text) not in used:
            used.add(_said_key(text))
            return text
    return ""


def _dialogue(story: Story, moment: dict[str, Any], rng: random.Random, used: set[str]) -> list[dict[str, str]]:
    """Up to two lines from the moment's speakers, none said before in the comic.

    Of a moment's exchanges the rng's pick comes first, then the others: the
    first that can be said whole wins, else the one that keeps the most lines.
    """
    spec = moment["lines"]
    exchanges = list(spec) if spec and isinstance(spec[0], list) else [spec or ()]
    start = rng.randrange(len(exchanges))
    present = {r for r in moment["who"] if story.role.get(r) is not None}
    best: list[dict[str, str]] = []
    best_used = used
    for exchange in exchanges[start:] + exchanges[:start]:
        speaking = [(role, text) for role, text in exchange if role in present][:2]
        taken = set(used)
        said = []
        for role, text in speaking:
            text = _fresh(story, text, rng, taken, speaker=role, short=True)
            if text:
                said.append({"speaker": story.role[role].name, "text": text})
        if len(said) > len(best):
            best, best_used = said, taken
        if len(said) == len(speaking):
            break
    used |= best_used
    return best


def _render_panel(
    story: Story,
    moment: dict[str, Any],
    rng: random.Random,
    stage: str,
    used: set[str],
    caption: str | None = None,
) -> dict[str, Any]:
    """One panel of ``moment``; ``caption`` (a bridge from the page before) replaces the moment's own."""
    scene = _with_setting(story, story.fill(moment["scene"]))
    if _at_night(story, stage) and not set(_TOKEN.findall(scene.lower())) & _NIGHT_WORDS:
        scene = f"{scene}, at night"
    dialogue = _dialogue(story, moment, rng, used)
    # Every speaker is named in the scene (the letterer points tails at them).
    for line in dialogue:
        if not re.search(rf"\b{re.escape(line['speaker'].split()[0])}\b", scene, re.IGNORECASE):
            scene = f"{scene}, with {line['speaker']}"
    sfx = story.say(moment["sfx"], rng)[:24] if moment["sfx"] else ""
    if caption is None:
        caption = _fresh(story, moment["cap"], rng, used) if moment["cap"] else ""
    return {"scene": scene, "dialogue": dialogue, "caption": caption, "sfx": sfx}


_SENTENCE_END = re.compile(r"[.!?][\"”]?(?=\s+[\"“]?[A-Z]|$)")


def _count_sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text.replace("...", "…")))


def _narration(story: Story, stages: tuple[str, ...], rng: random.Random, used: set[str]) -> str:
    content = story.content
    if len(stages) == 1:
        items = content[stages[0]]["nar"]
    elif tuple(stages) in content.get("combos", {}):
        items = content["combos"][tuple(stages)]
    else:
        keep = sorted(sorted(range(len(stages)), key=lambda i: _RANK.get(stages[i], 99))[:3])
        items = [content[stages[i]]["nar"][0] for i in keep]
    sentences: list[str] = []
    for item in items:
        said = _fresh(story, item, rng, set(used))
        if not said:
            continue
        if sentences and _count_sentences(" ".join([*sentences, said])) > 3:
            break
        used.add(_said_key(said))
        sentences.append(said)
    return " ".join(sentences)


def _bridge(story: Story, stage: str, previous: str | None, rng: random.Random, used: set[str]) -> str:
    if stage == "ending" and "triumph" not in story.all_stages:
        stage = "triumph"  # the ending page opens with the win
    bridges = story.content[stage].get("bridge") or {}
    options = bridges.get(previous or "", bridges.get("*")) if previous else None
    if not options:
        defaults = {
            "climax": ["Then, one night..."],
            "ending": ["And so..."],
            "trouble": ["But then..."],
            "low": ["That night..."],
            "help": ["The next morning..."],
        }
        options = defaults.get(stage, ["Later that day...", "The next day..."])
    return _fresh(story, options, rng, used)


def write_page(brief: dict[str, Any]) -> dict[str, Any]:
    """Page ``brief["page"]`` of the comic planned in ``brief``.

    The pipeline asks for each page on its own (in parallel, each request with
    a seed of its own), yet no line or caption may be said twice in a comic. So
    the wording is drawn from what every page's brief shares, the plan, and the
    pages before this one are written again (a few milliseconds each) to learn
    which lines they took. The plan comes from the comic's seed, so the same
    seed still makes the same comic. Pages added to a finished story count the
    pages before them too: the planned pages are written again as they were
    planned, each added page from the outline up to it.
    """
    beats = brief.get("beats") if isinstance(brief.get("beats"), list) else []
    pages = _int(brief.get("pages"), len(beats) or 1, 1, 50)
    page = _int(brief.get("page"), 1, 1, pages)
    count = _int(brief.get("panels"), 1, 1, 12)
    kind = "picture_book" if brief.get("kind") == "picture_book" else "comic"
    if len(beats) == pages:
        story, planned, groups = told_groups(brief, beats)
    else:
        story, planned, groups = _story_from_brief(brief), pages, stage_groups(pages)
    plan = [brief.get(k) for k in ("idea", "title", "cast", "cover_scene", "beats")]
    used: set[str] = set()
    for number in range(1, page + 1):
        told = max(planned, number)
        story.all_stages = {s for g in groups[:told] for s in g}
        outline = json.dumps(plan if told == pages else [*plan[:4], beats[:told]], default=str)
        beat = str(beats[number - 1]) if number <= len(beats) else ""
        panels = _write(story, groups[:told], number, count, kind, beat, _rng(outline, number), used)
    return {"panels": panels[:count]}


def _write(
    story: Story,
    groups: list[tuple[str, ...]],
    page: int,
    count: int,
    kind: str,
    beat: str,
    rng: random.Random,
    used: set[str],
) -> list[dict[str, Any]]:
    """The panels of page ``page``; ``used`` holds what the pages before it said and gains this page's words."""
    stages = groups[page - 1]
    all_stages = story.all_stages
    if kind == "picture_book":
        # The plan's beat is this page's alone: text when a repeated stage (past twelve pages) has no words left.
        text = _narration(story, stages, rng, used) or beat
        main = max(range(len(stages)), key=lambda i: -_RANK.get(stages[i], 99))
        key_moment = _pick_moments(story, stages[main], 1, all_stages, with_win=False)[0]
        key_panel = _render_panel(story, key_moment, rng, stages[main], set())  # only its scene is shown
        panels = [{"scene": key_panel["scene"], "dialogue": [], "caption": text, "sfx": ""}]
        if count > 1:
            extra = _pick_moments(story, stages[-1], count - 1, all_stages)
            for moment in extra:
                p = _render_panel(story, moment, rng, stages[-1], used)
                caption = p["caption"] or (p["dialogue"][0]["text"] if p["dialogue"] else story.fill("{Hero}."))
                panels.append({"scene": p["scene"], "dialogue": [], "caption": caption, "sfx": ""})
        return panels

    panels: list[dict[str, Any]] = []
    counts = _allocate(stages, count)
    prev_stage = groups[page - 2][-1] if page > 1 else None
    for stage, n in zip(stages, counts, strict=True):
        if n <= 0:
            continue
        moments = _pick_moments(story, stage, n, all_stages)
        for i, moment in enumerate(moments):
            bridge = None
            if i == 0 and prev_stage is not None and (panels or page > 1):
                bridge = _bridge(story, stage, prev_stage, rng, used) or None
            panels.append(_render_panel(story, moment, rng, stage, used, caption=bridge))
        prev_stage = stage
    if len(groups) == 1 and count == 1:
        panels[0]["caption"] = _short_caption(_narration(story, stages, rng, used))
    return panels


def _short_caption(text: str) -> str:
    return text if len(text) <= 480 else text[:479].rsplit(" ", 1)[0] + "…"
