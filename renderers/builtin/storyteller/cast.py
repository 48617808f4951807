"""Building the cast: roles, names, pronouns and the locked looks the painter repeats."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .creatures import _strong_pronoun
from .english import _TOKEN, _a
from .idea import Idea
from .lexicon.colours import COLOURS
from .lexicon.creature_words import _JOB_GEAR, _THING_COLOURS
from .lexicon.names import _NAME_PRONOUN, NAMES
from .lexicon.places import SETTINGS
from .lexicon.species import _HAIR, SPECIES
from .seeding import _stable_int


def _name_pronoun(name: str) -> str:
    """ "she" or "he" for a name that reads as one ("Tilly", "Otto", "Luna"), else ''."""
    first = (name.split() or [""])[0].strip(".,'’").lower()
    if first in _NAME_PRONOUN:
        return _NAME_PRONOUN[first]
    if len(first) > 2 and first.isalpha() and first.endswith("a"):
        return "she"
    return ""


def _pronoun_for(idea: Idea, member: Member) -> str:
    """The hero's one pronoun, from what the plan and every page both know: the idea, the name, the look.

    A gendered body in the look (girl, king) wins, then the idea's own he/she, then the creature's
    default (a witch), then the name (Tilly is "she", Otto "he"), then a coin flipped on the name.
    """
    return (
        _strong_pronoun(member.look)
        or idea.pronoun
        or SPECIES.get(member.species, {}).get("pronoun")
        or _name_pronoun(member.name)
        or ("she", "he")[_stable_int("pronoun", member.name.strip().lower()) % 2]
    )


def _label_for(idea: Idea, member: Member, role: str) -> str:
    """What the story calls a cast member: the idea's own words when its look still fits them."""
    if role == "hero" or (role == "friend" and idea.plural and not idea.partner_species):
        if idea.label and member.species == idea.species:
            return idea.label
    elif role == "friend" and idea.partner_label and member.species == idea.partner_species:
        return idea.partner_label
    return member.species or "friend"


def _pronouns(p: str) -> dict[str, str]:
    he, him, his, himself = ("she", "her", "her", "herself") if p == "she" else ("he", "him", "his", "himself")
    return {"he": he, "him": him, "his": his, "himself": himself, "He": he.capitalize(), "His": his.capitalize()}


@dataclass
class Member:
    name: str
    look: str
    species: str


def _roles_for(plot: str, n: int, plural: bool) -> list[str]:
    if n >= 4:
        return ["hero", "friend", "guest", "rival"]
    if n == 3:
        return ["hero", "friend", "rival"] if plot == "race" and not plural else ["hero", "friend", "guest"]
    return ["hero", "friend"][:n]


_BUILDS = {
    "creature": ["small round", "tall skinny", "chubby little", "tiny", "plump", "lanky", "stocky"],
    "robot": ["boxy", "tall skinny", "small round", "chunky", "dome-headed"],
}


_ROLE_ACCESSORY = {
    ("hero", "shop"): ["apron", "striped apron"],
    ("hero", "race"): ["racing goggles", "racing stripe"],
    ("hero", "quest"): ["backpack", "satchel"],
    ("hero", "build"): ["tool belt", "pair of goggles"],
    ("friend", "race"): ["racing goggles", "racing stripe"],
    ("rival", "race"): ["racing helmet", "racing cape"],
    ("guest", "race"): ["bow tie", "top hat"],
    ("rival", "shop"): ["top hat", "monocle"],
    ("guest", "shop"): ["knitted shawl", "flowery hat"],
}


def _colour_word(word: str) -> str:
    for c in COLOURS:
        if word in c.split("-"):
            return c
    return word


def make_look(
    species: str,
    rng: random.Random,
    *,
    role: str = "hero",
    plot: str = "quest",
    size: str = "",
    hint_colours: list[str] | tuple[str, ...] = (),
    avoid: set[str] | None = None,
    job: str = "",
    noun: str = "",
) -> str:
    """A look the painter can draw: body word, colours, clothing, one detail.

    ``job`` dresses a creature for it ("a cat ... wearing a black ninja outfit and a red
    headband"); ``noun`` names the body when it is more than the species ("toaster robot").
    """
    sp = SPECIES.get(species, SPECIES["fox"])
    palette = [_colour_word(c) for c in hint_colours]
    own = list(sp["colours"]) if sp["cover"] != "hair" else list(COLOURS)
    rng.shuffle(own)
    # Cast members get different main colours, so the painter tells them apart.
    own = [c for c in own if c not in (avoid or set())] + [c for c in own if c in (avoid or set())]
    for col in own + rng.sample(COLOURS, len(COLOURS)):
        base = col.split("-")[-1]
        if col not in palette and not any(base == p.split("-")[-1] for p in palette):
            palette.append(col)
        if len(palette) >= 3:
            break
    c1, c2, c3 = palette[:3]
    accessory = rng.choice(_ROLE_ACCESSORY.get((role, plot)) or sp["accessories"])
    feature = rng.choice(sp["features"]) if sp["features"] else ""
    group = sp["group"]
    cover = sp["cover"]
    build = size or rng.choice(_BUILDS.get(group, _BUILDS["creature"]))
    if build in ("tiny", "little", "small", "big", "huge", "tall") and rng.random() < 0.5:
        build = build + " " + rng.choice(["round", "fluffy", "skinny"] if group != "robot" else ["boxy", "round"])
    bare = accessory[8:] if accessory.startswith("pair of ") else accessory
    if accessory.startswith("pair of ") or bare.split()[-1] in (
        "spectacles",
        "glasses",
        "goggles",
        "boots",
        "stockings",
    ):
        wear = f"a pair of {c2} {bare}"
    elif bare.split()[-1] in ("dungarees", "overalls", "robes"):
        wear = f"{c2} {bare}"
    else:
        wear = _a(f"{c2} {accessory}")
    noun = noun or species
    if cover == "hair":
        hair = rng.choice(_HAIR)
        extra = f", {feature}" if feature else ""
        return f"{_a(noun)} with {hair} hair{extra}, {wear} and {c3} boots"
    if cover == "armour":
        return f"{_a(noun)} in shining {c1} armour with {feature} and {wear}"
    if cover == "robes":
        return f"{_a(noun)} in {c1} robes with {feature} and {wear}"
    gear = _JOB_GEAR.get(job, "") if group != "human" else ""
    if gear:
        # The job's clothes replace the usual accessory.
        gear = gear.format(c=c2, a_c=_a(c2))
        body = {
            "plating": f"{c1} plating",
            "shell": f"a {c1} shell",
            "glow": f"a soft {c1} glow",
            "snow": "a round snowy body",
        }.get(cover) or f"{c1} {cover}"
        feat = f" and {feature}" if feature else ""
        return f"{_a(build + ' ' + noun)} with {body}{feat}, wearing {gear}"
    if cover == "plating":
        return f"{_a(build + ' ' + noun)} with {c1} plating, {feature} and {wear}"
    if cover == "shell":
        return f"{_a(build + ' ' + noun)} with a {c1} shell, {feature} and {wear}"
    if cover == "glow":
        return f"{_a(build + ' ' + noun)} with a soft {c1} glow, {feature} and {wear}"
    if cover == "snow":
        return f"{_a(build + ' ' + noun)} with {feature}, {wear} and {_a(c3 + ' top hat')}"
    covering = {"scales": "scales", "fur": "fur", "feathers": "feathers", "wool": "wool", "skin": "skin"}[cover]
    feat = f", {feature}" if feature else ""
    return f"{_a(build + ' ' + noun)} with {c1} {covering}{feat} and {wear}"


def _pick_name(
    rng: random.Random, pool: str, used: set[str], pronoun: str = "", avoid: frozenset[str] = frozenset()
) -> str:
    """A fresh name from ``pool``: a new first letter if possible, one that suits ``pronoun``, not
    a word of the idea ("Noodle" in a noodle festival)."""
    fits = [n for n in NAMES[pool] if n.lower() not in avoid and _name_pronoun(n) in ("", pronoun or _name_pronoun(n))]
    fits = fits or NAMES[pool]
    names = [n for n in fits if n.lower() not in used and n[0] not in {u[0].upper() for u in used}]
    if not names:
        names = [n for n in fits if n.lower() not in used] or fits
    name = rng.choice(names)
    used.add(name.lower())
    return name


def _pool_for(species: str, role: str) -> str:
    group = SPECIES.get(species, {}).get("group", "creature")
    if role == "rival":
        return "rival"
    if role == "guest":
        return "elder"
    if group == "robot":
        return "robot"
    if group == "human":
        return "human"
    return "creature"


def make_cast(idea: Idea, rng: random.Random) -> list[Member]:
    setting = SETTINGS.get(idea.setting, SETTINGS["village"])
    hero_sp = (
        idea.species
        if idea.species in SPECIES
        else rng.choice(["fox", "cat", "rabbit", "bear", "mouse", "owl", "dragon"])
    )
    idea.species = hero_sp
    # How many: a friend always; a guest and a rival often (the rival makes the trouble personal).
    solo_race = idea.plot == "race" and not idea.plural
    n = rng.choice([3, 4, 4]) if solo_race else rng.choice([2, 3, 3, 4, 4, 4])
    if idea.other_role == "rival":
        n = 4
    elif idea.other_role == "guest":
        n = max(n, 3)
    roles = _roles_for(idea.plot, n, idea.plural)
    used_species = {hero_sp}
    fauna = [f for f in setting["fauna"] if f in SPECIES]
    hero_group = SPECIES[hero_sp]["group"]
    if hero_group != "human":
        # Animals and robots keep animal company unless the setting is all people.
        animal = [f for f in fauna if SPECIES[f]["group"] != "human"]
        fauna = animal or fauna
    used_names: set[str] = set()
    idea_words = frozenset(_TOKEN.findall(idea.text.lower()))
    main_colours: set[str] = set()
    cast: list[Member] = []
    for role in roles:
        if role == "hero":
            sp = hero_sp
        elif role == "friend" and (idea.partner_species or idea.plural):
            sp = idea.partner_species or hero_sp
        elif role == idea.other_role and idea.other_species:
            sp = idea.other_species
        else:
            options = (
                [f for f in fauna if f not in used_species]
                or [f for f in ("fox", "owl", "badger", "cat") if f not in used_species]
                or ["owl"]
            )
            sp = rng.choice(options)
        used_species.add(sp)
        like_hero = role == "hero" or (role == "friend" and idea.plural and not idea.partner_species)
        if role == "hero" and idea.hero_name:
            name = idea.hero_name[:40]
            used_names.add(name.lower())
        else:
            pronoun = (idea.pronoun or SPECIES.get(sp, {}).get("pronoun") or "") if role == "hero" else ""
            name = _pick_name(rng, _pool_for(sp, role), used_names, pronoun, idea_words)
        look = make_look(
            sp,
            rng,
            role=role,
            plot=idea.plot,
            size=idea.size if role == "hero" else "",
            hint_colours=(idea.colours or _THING_COLOURS.get(idea.label, [])) if role == "hero" else (),
            avoid=main_colours,
            job=idea.role if like_hero and sp == hero_sp else "",
            noun=idea.look_noun if like_hero and sp == hero_sp else "",
        )
        main_colours.update(c for c in COLOURS if f" {c} " in f" {look} ")
        cast.append(Member(name, look, sp))
    return cast
