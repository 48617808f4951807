"""One story world: the cast in their roles, the setting, and every slot the plots' text uses."""

from __future__ import annotations

import random
import re
from typing import Any

from .cast import Member, _label_for, _pronoun_for, _pronouns, _roles_for, make_cast
from .conjugation import _base_verb, _gerund, _inflect_phrase, _past, _third
from .creatures import _plural_to_singular, _species_in_look, _species_of
from .english import _TOKEN, _a, _cap, _strip_article, _title_case
from .idea import Idea, read_idea
from .lexicon.places import _PLACE_WORDS, _SETTING_HINT, SETTINGS
from .lexicon.products import _FOOD_THINGS, _HEAD_PRODUCT, _MACHINE_THINGS, PRODUCTS
from .lexicon.species import SPECIES
from .lexicon.traits import _DEFAULT_TRAITS, _GENERIC_TRAIT, _TRAIT_ALIASES, _WORRIES, TRAITS
from .lexicon.verbs import _FIND_VERBS, _RESCUE_VERBS
from .lexicon.world import (
    _ADVERSARIAL,
    _DEFAULT_GOALS,
    _DESTS,
    _EVENTS,
    _FLYING,
    _GROUND,
    _PHYSICAL,
    _RACE_LAND,
    _REACH_VERBS,
    _RELICS,
    _ROLE_FALLBACK,
    _WILD_DESC,
)
from .plots import PLOTS
from .seeding import _rng

_POSSESSIVE = re.compile(r"\b(?:his|her|their|its)\b(?=\s+(?!(?:and|or|to|for|with|in|on|at|by|from)\b)[^\W\d_])", re.I)


def _own_slot(goal: str) -> str:
    """The goal with the hero's own possessive as a slot: "find his hat" -> "find {own} hat".

    After another creature it is theirs: "help the dragon find her egg" keeps "her".
    """
    other = next((m.start() for m in _TOKEN.finditer(goal) if _species_of(m.group(0))), len(goal))
    return _POSSESSIVE.sub(lambda m: "{own}" if m.start() < other else m.group(0), goal)


def _recover(options: list[str], text: str, rng: random.Random, fmt: dict[str, str] | None = None) -> str:
    """The option the plan's text already used (so pages agree with beats), else a fresh pick."""
    lowered = text.lower()
    for option in options:
        probe = option.format_map(_Slots(fmt or {})) if "{" in option else option
        if probe.lower() in lowered:
            return option
    return rng.choice(options)


class _Slots(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Story:
    """One story world: cast with roles, setting, and every slot the plots use."""

    def __init__(self, idea: Idea, cast: list[Member], context_text: str = ""):
        self.idea = idea
        self.cast = cast
        plot = idea.plot
        self.plot = plot
        self.content = PLOTS[plot]
        self.all_stages: set[str] = set()
        names = tuple(m.name for m in cast)
        world = _rng("world", idea.text, names)
        text = context_text

        roles = _roles_for(plot, len(cast), idea.plural)
        self.role: dict[str, Member | None] = {r: None for r in ("hero", "friend", "guest", "rival")}
        for role, member in zip(roles, cast, strict=False):
            self.role[role] = member
        hero = self.role["hero"] or Member("Pip", "", idea.species or "fox")
        friend, rival = self.role["friend"], self.role["rival"]
        # Race roles: who you race against and who cheers you on.
        pair = plot == "race" and (idea.plural or rival is None)
        opp = friend if pair else rival
        ally = friend if not pair else None
        racer3 = rival if (plot == "race" and pair) else None
        self.role.update(opp=opp, ally=ally, racer3=racer3)
        self.pair = pair

        setting_key = idea.setting if idea.setting in SETTINGS else "village"
        setting = SETTINGS[setting_key]
        self.setting_key = setting_key
        if not (idea.pronoun or SPECIES.get(hero.species, {}).get("pronoun")):
            world.choice(["she", "he"])  # (keeps the later draws where they were before names chose pronouns)
        pronoun = _pronoun_for(idea, hero)
        self.pronoun = pronoun
        c: dict[str, str] = _pronouns(pronoun)
        c["Hero"] = hero.name
        c["HERO"] = hero.name.upper()
        for role, key in (
            ("friend", "Friend"),
            ("guest", "Guest"),
            ("rival", "Rival"),
            ("opp", "Opp"),
            ("ally", "Ally"),
        ):
            member = self.role[role]
            c[key] = member.name if member else _ROLE_FALLBACK[key]
            c[role + "_sp"] = _label_for(idea, member, role) if member else "friend"
        if plot == "race" and pair and racer3 is not None:
            c["Rival"], c["rival_sp"] = racer3.name, _label_for(idea, racer3, "rival")
        hero_sp = hero.species or "friend"
        c["hero_sp"] = _label_for(idea, hero, "hero") if self.role["hero"] else hero_sp
        # What the hero's words call their own things: "find his hat" / "I'll find my hat".
        c["own"] = "their" if idea.plural and len(cast) > 1 else c["his"]
        self.own_said = ("our" if c["own"] == "their" else "my", "your")

        town = _recover(setting["towns"], text, world)
        c["town"] = town
        c["land"] = setting["land"]
        c["street"] = _recover(setting["streets"], text, world)
        landmarks = list(setting["landmarks"])
        finish = _recover(landmarks, text, world) if plot == "race" else world.choice(landmarks)
        others = [x for x in landmarks if x != finish] or landmarks
        c["finish"] = finish
        c["landmark"] = _recover(others, text, world) if plot != "race" else world.choice(others)
        c["wild"] = _recover(setting["wilds"], text, world)
        c["wild_desc"] = _WILD_DESC[setting_key]
        c["ground"] = _GROUND[setting_key]
        weathers = setting["weather"]
        wdescs = [w[1] for w in weathers]
        wdesc = _recover(wdescs, text, world)
        weather = weathers[wdescs.index(wdesc)]
        c["weather"], c["weather_desc"], c["weather_kw"], c["weather_sfx"] = weather

        # The hero's personality.
        trait = idea.trait
        if not trait:
            candidates = [t for t in TRAITS if re.search(rf"\b{t}\b", text.lower())]
            named = rf"(?:{re.escape(hero_sp)}|{re.escape(c['hero_sp'])})"
            hint = next((t for t in candidates if re.search(rf"\b{t} {named}\b", text.lower())), "")
            trait = hint or world.choice(_DEFAULT_TRAITS[plot])
        self.trait = trait
        info = TRAITS.get(_TRAIT_ALIASES.get(trait, trait), _GENERIC_TRAIT)
        c["trait"] = trait
        c["a_trait"] = _a(trait)
        c["doubt"], c["nudge"], c["overcome"] = info["doubt"], info["nudge"], info["overcome"]
        c["worry"] = info.get("worry") or _WORRIES.get(_TRAIT_ALIASES.get(trait, trait), _WORRIES[""])

        sp = SPECIES.get(hero_sp, SPECIES["fox"])
        c["limbs"] = sp["limbs"]
        c["move"] = sp["move"]
        c["move_plain"] = _base_verb(sp["move"])
        opp_sp = SPECIES.get(c["opp_sp"], sp)
        c["opp_move"] = opp_sp["move"]
        c["move_sfx"] = "VROOM!" if hero_sp == "robot" else "WHOOSH!"
        # A job brings its own tricks: a kitten ninja flips over walls, a cat wizard casts spells.
        job = SPECIES.get(idea.role, {}) if idea.role and idea.role in hero.look.lower() else {}
        if job.get("glow") and not sp["glow"]:
            sp = dict(sp, glow=job["glow"], power_sfx=job["power_sfx"])
        if job.get("power"):
            sp = dict(sp, power=job["power"])
        c["glow"] = sp["glow"] or "lights every lantern {he} can find"
        c["glow_sfx"] = sp["power_sfx"] if sp["glow"] else "FLICK!"
        c["power"] = sp["power"] or "finds a clever way"
        c["pull"] = {
            "robot": "winds out {his} steel cable",
            "dragon": "flaps {his} wings with all {his} might",
            "bear": "digs in {his} big paws",
            "elephant": "wraps {his} trunk around tight",
            "octopus": "wraps all eight arms around tight",
        }.get(hero_sp, "grabs hold with both {limbs}")

        # The goal.
        goal = idea.goal
        if not goal:
            goal = world.choice(_DEFAULT_GOALS).format(town=town)
            if plot != "quest":
                goal = goal
        verb = (goal.split() or ["find"])[0]
        goal = _own_slot(goal)
        c["goal"] = goal
        c["goal_ing"] = _inflect_phrase(goal, _gerund)
        c["goal3"] = _inflect_phrase(goal, _third)
        c["goal_past"] = _inflect_phrase(goal, _past)
        obj = idea.obj if idea.goal else _strip_article(" ".join(goal.split()[1:]))
        self._plot_slots(c, plot, idea, goal, verb, obj, world, text, setting_key)

        for key, value in list(c.items()):
            if key[:1].islower() and isinstance(value, str):
                c.setdefault(key[:1].upper() + key[1:], _cap(value))
        self.c = c

    # -- plot-specific slots ----------------------------------------------------------

    def _plot_slots(self, c, plot, idea, goal, verb, obj, world, text, setting_key):
        words = goal.split()
        head = obj.split()[-1].lower() if obj else ""
        # shop
        product_key = ""
        for w in _TOKEN.findall(obj.lower()):
            single = _plural_to_singular(w)
            if w in PRODUCTS or single in PRODUCTS:
                product_key = w if w in PRODUCTS else single
                break
        if not product_key:
            product_key = _HEAD_PRODUCT.get(head, "")
        if not product_key:
            product_key = "tea" if plot == "shop" else ""
        prod = PRODUCTS[product_key or "tea"]
        product, serving, servings, batch, makes, taste, display = prod
        c["product"] = product
        c["PRODUCT"] = product.upper()
        c["a_serving"] = serving
        c["serving"] = re.sub(r"^(?:a|an)\s+", "", serving)
        c["servings"] = servings
        c["batch"] = batch
        c["makes"] = makes
        make_base = _base_verb(makes.split()[0]) + ("" if " " not in makes else " " + makes.split(" ", 1)[1])
        c["making"] = _inflect_phrase(make_base, _gerund)
        c["taste"] = taste
        c["display"] = display
        c["ware"] = re.sub(
            r"^(?:rows|stacks|shelves|trays|plates|jars|baskets|buckets|boxes|towers|pots)\s+of\s+", "", display
        )
        shop_phrase = obj if (plot == "shop" and obj) else f"little {product} shop"
        c["place"] = "the " + shop_phrase
        c["shop_a"] = _a(shop_phrase)

        # race
        event_obj = (
            obj
            if head
            in {
                "race",
                "derby",
                "rally",
                "marathon",
                "regatta",
                "relay",
                "cup",
                "championship",
                "contest",
                "competition",
                "tournament",
            }
            else ""
        )
        if event_obj:
            event = "the " + _title_case(re.sub(r"^(?:big|great)\s+", lambda m: m.group(0), event_obj))
            if len(event_obj.split()) == 1:
                event = "the Great " + _title_case(event_obj)
        else:
            event = f"the Great {_RACE_LAND.get(setting_key, 'Big')} Race"
        c["event"] = event
        m = re.search(r"\b(across|through|around|over|to|along|up|down|into)\s+(.+)$", goal)
        c["course"] = f"{m.group(1)} {m.group(2)}" if m else f"across the {c['land']}"

        # quest
        relic = _recover(_RELICS, text, world)
        c["relic"] = relic
        dest = ""
        m = re.search(r"\b(?:to|across|through|into|over)\s+((?:the|a|an)\s+.+)$", goal)
        if m:
            dest = m.group(1)
        elif obj and (verb in _REACH_VERBS or (verb in _FIND_VERBS and obj.split()[-1] in _PLACE_WORDS)):
            dest = "the " + obj  # "reach the summit", "find the sea"
        if not dest:
            dest = _recover(_DESTS[setting_key], text, world)
        c["dest"] = re.sub(r"^(?:a|an)\s+", "the ", dest)
        adversarial = verb in _ADVERSARIAL
        c["achieve3"] = "wins the day" if adversarial else c["goal3"]
        c["aim"] = "get to {dest}" if adversarial or (self.idea.other_role == "rival") else goal
        c["achieved"] = "won the day" if adversarial else c["goal_past"]
        if verb in _REACH_VERBS or adversarial or not obj or verb in _RESCUE_VERBS:
            c["sight"] = "the whole world spread out below them"
        else:
            c["sight"] = f"the {obj} shining before them"

        # build
        thing_word = head
        det = "the"
        m = re.match(r"\S+\s+(a|an|the|some|his|her|their)\s+", goal + " ")
        if m:
            det = m.group(1)
        thing = obj or "something amazing"
        c["thing"] = "the " + thing if not thing.startswith("something") else thing
        c["a_thing"] = (
            (_a(thing) if det in ("a", "an") else f"{det} {thing}") if not thing.startswith("something") else thing
        )
        c["thing_short"] = thing_word or "invention"
        kind = (
            "food"
            if thing_word in _FOOD_THINGS or verb in ("bake", "cook")
            else ("machine" if thing_word in _MACHINE_THINGS or verb in ("invent",) else "other")
        )
        if kind == "food":
            c.update(
                workshop="kitchen",
                parts_place="the market",
                parts="the finest ingredients in {town}",
                works="mixes, stirs and bakes",
                work_sfx="WHISK! WHISK!",
                work_sounds="Whisk! Stir! Sizzle! The whole house smelled wonderful.",
                small_win="It was nearly right: just a little too salty.",
                small_win_scene="In the kitchen, {Hero} and {Friend} take a first tiny taste and their eyes go wide",
                fails="comes out flat, lumpy and burnt",
                fails_past="came out flat, lumpy and burnt",
                fail_sfx="SPLAT!",
                win_scene="{Thing} stands tall and golden on the table, smelling wonderful",
                win_line="It was perfect: tall and golden, and it smelled like a dream.",
                win_sfx="TA-DAAA!",
            )
        elif kind == "machine":
            flying = thing_word in _FLYING
            c.update(
                workshop="workshop",
                parts_place="the junkyard",
                parts="wheels, springs, pipes, bolts and a very old kettle",
                works="hammers, welds and tinkers",
                work_sfx="BANG! CLANG!",
                work_sounds="Bang! Clang! Whirr! The whole street could hear it.",
                small_win="It gave a little hop, and a happy beep.",
                small_win_scene="In the workshop, {thing} gives a little hop off the floor as {Hero} and "
                "{Friend} cheer",
                fails="coughs, sputters and falls to pieces",
                fails_past="coughed, sputtered and fell to pieces",
                fail_sfx="KA-CLUNK!",
                win_scene=(
                    "{Thing} roars to life and soars up into the night sky over {town}"
                    if flying
                    else "{Thing} whirs, clicks and hums perfectly to life in the square of {town}"
                ),
                win_line=(
                    "Up, up, up it soared, higher than the clouds!"
                    if flying
                    else "It whirred and clicked and hummed, perfectly."
                ),
                win_sfx="WHOOOOSH!" if flying else "WHIRR-DING!",
            )
        else:
            c.update(
                workshop="workshop",
                parts_place="the attic",
                parts="all sorts of useful odds and ends",
                works="measures, cuts and works",
                work_sfx="TAP! TAP!",
                work_sounds="Tap, tap, snip, swish. Little by little it took shape.",
                small_win="One corner of it came out just right.",
                small_win_scene="In the workshop, {Hero} and {Friend} admire the one corner that came out just right",
                fails="wobbles and collapses in a heap",
                fails_past="wobbled and collapsed in a heap",
                fail_sfx="CRASH!",
                win_scene="{Thing} stands finished and beautiful in the golden light",
                win_line="It was finished, and it was beautiful.",
                win_sfx="TA-DAAA!",
            )
        c["big_event"] = _recover(_EVENTS, text, world, {"town": c["town"]}).format(town=c["town"])

        # grow
        c["ending_sky"] = "Sunny day"
        skill = re.sub(r"^learn\s+(?:how\s+)?to\s+", "", goal) if verb == "learn" else goal
        skill_verb = (skill.split() or [""])[0]
        c["skill"] = skill
        c["skill3"] = _inflect_phrase(skill, _third)
        if verb == "learn" and skill_verb in _PHYSICAL:
            c["achieves"] = c["goal3"]
            c["act"] = "{skill3} at last, bravely, through the {weather_kw}"
            c["achieved_final"] = "could {skill} whenever {he} liked"
            c["final_now"] = "can {skill} whenever {he} likes"
            c["show3"] = c["skill3"]
        elif verb == "face":
            thing_feared = " ".join(words[1:]) or "it"
            c["achieves"] = c["goal3"]
            c["act"] = "rushes out bravely into the {weather_kw}"
            c["achieved_final"] = f"was never afraid of {thing_feared} again"
            c["final_now"] = f"is never afraid of {thing_feared} again"
            c["show3"] = "plays happily outside in the evening"
            if re.search(r"\b(?:dark|night|nighttime|shadows?)\b", thing_feared):
                c["ending_sky"], c["show3"] = "Starry night", "plays happily outside in the dark"
        elif verb == "learn":
            c["achieves"] = c["goal3"]
            c["act"] = "rushes out bravely into the {weather_kw}"
            c["achieved_final"] = "could {skill} whenever {he} liked"
            c["final_now"] = "can {skill} whenever {he} likes"
            c["show3"] = c["skill3"]
        else:
            c["achieves"] = "finds {his} courage"
            c["act"] = "rushes out bravely into the {weather_kw}"
            c["achieved_final"] = "finally got to {goal}"
            c["final_now"] = "finally gets to {goal}"
            c["show3"] = c["goal3"]

    # -- text ------------------------------------------------------------------------

    def has(self, cond: str) -> bool:
        if cond.startswith("stage:"):
            return cond[6:] in self.all_stages
        if cond == "pair":
            return self.pair
        if cond == "solo":
            return not self.pair
        if cond.startswith("!"):
            return not self.has(cond[1:])
        return self.role.get(cond) is not None

    def choose(self, spec: Any, rng: random.Random | None) -> str:
        if isinstance(spec, list):
            if not spec:
                return ""
            spec = spec[rng.randrange(len(spec))] if rng else spec[0]
            return self.choose(spec, rng)
        if isinstance(spec, tuple) and len(spec) == 3 and isinstance(spec[0], str):
            return self.choose(spec[1] if self.has(spec[0]) else spec[2], rng)
        return spec or ""

    def options(self, spec: Any) -> list[str]:
        """Every template :meth:`choose` could pick from ``spec``, in order (conditions decided)."""
        if isinstance(spec, list):
            return [option for item in spec for option in self.options(item)]
        if isinstance(spec, tuple) and len(spec) == 3 and isinstance(spec[0], str):
            return self.options(spec[1] if self.has(spec[0]) else spec[2])
        return [spec] if spec else []

    def fill(self, template: str, extra: dict[str, str] | None = None, capitalize: bool = True) -> str:
        slots = _Slots(self.c)
        if extra:
            slots.update(extra)
        if not extra and template.count('"') >= 2:
            # Quoted words in narration are the hero's own: '"Nobody can find my hat," she said.'
            parts = template.split('"')
            mine = dict(slots, own=self.own_said[0])
            text = '"'.join(_expand(part, _Slots(mine) if i % 2 else slots) for i, part in enumerate(parts))
        else:
            text = _expand(template, slots)
        return _tidy(text, capitalize)

    def say(self, spec: Any, rng: random.Random | None = None, capitalize: bool = True, speaker: str = "") -> str:
        """Text from a spec; a ``speaker`` role says "my"/"your" for the hero's own things."""
        extra = {"own": self.own_said[0] if speaker == "hero" else self.own_said[1]} if speaker else None
        return self.fill(self.choose(spec, rng), extra, capitalize=capitalize)


def _expand(template: str, slots: dict[str, str]) -> str:
    text = template
    for _ in range(4):
        if "{" not in text:
            break
        text = text.format_map(slots)
    return re.sub(r"\{[^{}]*\}", "", text)


def _tidy(text: str, capitalize: bool = True) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s+([,!?;:]|\.(?!\.))", r"\1", text)
    text = re.sub(r"\b(a|an) (a|an|the) ", r"\2 ", text)
    text = re.sub(r"\b([Tt]he) the\b", r"\1", text)
    text = re.sub(r"([.!?])\.", r"\1", text.replace("...", "\x00")).replace("\x00", "...")
    if capitalize:
        text = _cap(text)
    # Capitalise after a sentence end (not after an ellipsis or a closing quote: '"Hi!" said Pip').
    text = re.sub(r"(?<![.])([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return text.strip()


def _with_setting(story: Story, scene: str) -> str:
    """Make sure the painter can tell where a scene happens."""
    words = set(_TOKEN.findall(scene.lower()))
    if words & _PLACE_WORDS:
        return scene
    hint = _SETTING_HINT.get(story.setting_key, "")
    return f"{scene}, {hint}" if hint else scene


def _story_from_brief(brief: dict[str, Any]) -> Story:
    """The story of a brief: its cast as written (names and looks), its world recovered from its beats and cover."""
    idea = read_idea(brief.get("idea", ""))
    members: list[Member] = []
    seen: set[str] = set()
    for item in brief.get("cast") or []:
        if not isinstance(item, dict):
            continue
        name = " ".join(str(item.get("name") or "").split())[:60]
        look = " ".join(str(item.get("look") or "").split())
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        members.append(Member(name, look, _species_in_look(look)))
        if len(members) == 4:
            break
    fallback = make_cast(idea, _rng("cast", idea.text))
    if not members:
        members = fallback
    if not idea.species:
        idea.species = members[0].species or fallback[0].species
    for i, m in enumerate(members):
        if not m.species:
            m.species = idea.species if i == 0 else (fallback[i].species if i < len(fallback) else "friend")
    beats = brief.get("beats") if isinstance(brief.get("beats"), list) else []
    context = " ".join(str(b) for b in beats) + " " + str(brief.get("cover_scene") or "")
    return Story(idea, members, context)
