"""Reading the idea: hero noun phrase, partner, name, goal verb and object, plot, setting and pronoun."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .conjugation import _VERB_SPECIAL, _base_verb, _degerund, _verb_form
from .creatures import _species_of, _strong_pronoun
from .english import _TOKEN, _strip_article
from .lexicon.colours import _PLAIN_COLOURS
from .lexicon.creature_words import _FOREIGN, _HUMAN_BODIES, _NOUN_MODIFIERS, _THING_BODIES
from .lexicon.function_words import _COUNT_WORDS, _PREPOSITIONS, _PROPER_NOUNS, _STOP
from .lexicon.places import _SPECIES_HOME, SETTINGS
from .lexicon.species import SPECIES
from .lexicon.traits import _SIZE, _TRAIT_ALIASES, TRAITS
from .lexicon.verbs import _FLIP_VERBS, _KNOWN_VERBS, _PLOT_VERBS, _RACE_WORDS, _SHOP_HEADS, _STATE_VERBS
from .seeding import _stable_int

MAX_IDEA_CHARS = 1000


_LEADING_ASK = re.compile(
    r"^\s*(?:please\s+)?(?:(?:write|make|create|draw|tell|give|generate|do|imagine|show)\s+(?:me\s+|us\s+)?)?"
    r"(?:(?:a|an|the|one)\s+)?(?:(?:short|little|funny|cute|silly|sweet|bedtime|fun|simple)\s+)*"
    r"(?:(?:comic|story|picture\s+book|book|tale|strip|adventure|fable)\s*(?:strip\s*)?)"
    r"(?:\s+(?:about|of|where|in\s+which|featuring|with)\b)?\s*[:\-—]?\s*",
    re.IGNORECASE,
)


@dataclass
class Idea:
    """What the storyteller understood from the idea."""

    text: str
    species: str = ""
    plural: bool = False
    adjectives: list[str] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)
    size: str = ""
    trait: str = ""
    hero_name: str = ""
    pronoun: str = ""
    role: str = ""  # a job the creature has: "ninja" in "a kitten ninja"
    label: str = ""  # what the story calls the hero: "kitten ninja", "space pirate", "toaster"
    partner_label: str = ""  # the same for a partner joined by "and": "crow"
    event: str = ""  # the idea's own verb phrase when the goal is different: "lose his hat"
    goal: str = ""  # base-form verb phrase: "open a tiny tea shop"
    verb: str = ""
    obj: str = ""  # the goal's object without article: "tiny tea shop"
    plot: str = "quest"
    setting: str = "village"
    partner_species: str = ""  # a second creature joined by "and"
    other_species: str = ""  # a creature named in the goal ("fights a dragon")
    other_role: str = ""  # "rival" or "guest"
    understood: bool = True  # False when no English hero or goal was found
    look_noun: str = ""  # the hero's noun in its look when not just the species: "toaster robot"


def _clean(text: Any) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if (ch.isprintable() or ch in "\n\t") else " " for ch in text)
    text = " ".join(text.split())
    return text[:MAX_IDEA_CHARS]


def _sentence_cut(text: str) -> str:
    m = re.search(r"[.!?;:\n]|,\s*(?:but|and then|so|because|until|when|while)\b|\s—\s|\s-\s", text)
    return text[: m.start()] if m else text


_RELATIVE = {"who", "that", "which", "whose"}


# A request that opens the idea ("draw a dragon who...") rather than a goal ("find the dragon").
_REQUEST_VERBS = {"draw", "imagine", "show", "write", "tell", "generate", "picture", "paint", "give", "invent"}


_SINGULAR_WORDS = {
    "mice": "mouse",
    "geese": "goose",
    "wolves": "wolf",
    "elves": "elf",
    "dwarves": "dwarf",
    "children": "child",
    "people": "person",
    "women": "woman",
    "men": "man",
    "fish": "fish",
    "sheep": "sheep",
    "deer": "deer",
    "ladies": "lady",
    "thieves": "thief",
    "knives": "knife",
    "loaves": "loaf",
}


def _singular_word(word: str, plural: bool = True) -> str:
    """The word a label uses for one of them: "pirates" -> "pirate", "mice" -> "mouse"."""
    w = word.lower()
    if not plural:
        return w
    if w in _SINGULAR_WORDS:
        return _SINGULAR_WORDS[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ves") and len(w) > 4:
        return w[:-3] + "f"
    if w.endswith(("ches", "shes", "xes", "sses")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _thing_of(word: str) -> tuple[str, bool] | None:
    """(body species, plural?) for a thing that can be a hero: "toaster" -> robot, "moons" -> ghost."""
    w = word.lower()
    if w in _THING_BODIES:
        return _THING_BODIES[w], False
    single = _singular_word(w)
    if single != w and single in _THING_BODIES:
        return _THING_BODIES[single], True
    return None


# Verbs that are nouns as often: they open a goal only when an object follows ("race across...").
_NOUNY_VERBS = (
    "love dream race plan help fish cook work show light wish hope need camp float glow map guard spy track head walk "
    "run ride dance jump smile laugh count paint drive trade turn garden roll answer set stop change play swap hug "
    "kiss call rescue"
)


_NOUN_TOO = set(_NOUNY_VERBS.split())


_OBJECT_WORDS = (
    "a an the my our your his her their some every all this that these those "
    "to for with across into through over around up down out off away back home"
)


_OBJECT_STARTS = set(_OBJECT_WORDS.split())


def _leading_verb(words: list[str]) -> str:
    """The base verb when an idea opens with one ("find the crown", "saving the festival"), else ''."""
    if not words:
        return ""
    w = words[0]
    if w in _STOP or w in _COUNT_WORDS or _species_of(w) or _thing_of(w) or not w.isascii():
        return ""
    if w in _REQUEST_VERBS:
        return w
    if w.endswith("ing") and _degerund(w) in _KNOWN_VERBS:
        return _degerund(w)
    base = _base_verb(w)
    if base not in _KNOWN_VERBS:
        return ""
    # "love story about two robots", "dance party": a noun, unless a verb's object follows.
    if base in _NOUN_TOO and len(words) > 1 and words[1] not in _OBJECT_STARTS:
        return ""
    return base


def _adjacent(body: str, tokens: list[tuple[str, int, int]], a: int, b: int) -> bool:
    """Nothing but spaces between tokens ``a`` and ``b`` (no comma, no dash)."""
    return not body[tokens[a][2] : tokens[b][1]].strip()


def _is_job(key: str) -> bool:
    return key == "*adult" or (key in SPECIES and SPECIES[key]["group"] == "human" and key not in _HUMAN_BODIES)


def _read_hero(idea: Idea, body: str, tokens: list[tuple[str, int, int]], words: list[str], at: int) -> int:
    """Fill in the hero from the noun phrase around ``words[at]``; returns the index of its last word.

    All of the phrase's nouns make one hero: "a kitten ninja" is a cat who is a ninja, "space
    pirates" are pirates from space, "a pirate girl" is a girl who is a pirate, "a brave toaster"
    is a toaster (drawn as a robot).
    """
    word = words[at]
    found = _species_of(word)
    english = word.isascii() and word not in _FOREIGN
    end = at
    if found is None:
        thing = _thing_of(word) or ("robot", False)
        idea.species, idea.plural = thing
        nouns = [word]
        idea.look_noun = f"{_singular_word(word, thing[1])} {'robot' if thing[0] == 'robot' else 'spirit'}"
    else:
        parts = [(word, found)]
        k = at + 1
        while k < len(words) and k <= at + 2 and _adjacent(body, tokens, k - 1, k):
            more = _species_of(words[k])
            verb = _verb_form(words[k], found[1])
            # A singular subject's verb has its -s ("a bear cooks"); "a cat spy" is one noun.
            if more is None or (verb and (found[1] or verb != words[k])):
                break
            if not (words[k].isascii() and words[k] not in _FOREIGN):
                break
            parts.append((words[k], more))
            end = k
            k += 1
        idea.plural = parts[-1][1][1]
        keys = [f[0] for _, f in parts]
        jobs = [key for key in keys if _is_job(key)]
        bodies = [key for key in keys if not _is_job(key)]
        job = next((j for j in jobs if j != "*adult"), "")
        if bodies:
            body_key = bodies[-1]
            if job and SPECIES[body_key]["group"] == "human":
                idea.species = job  # "a pirate girl": a pirate, drawn as a girl
                idea.look_noun = f"{job} {body_key}"
            else:
                idea.species, idea.role = body_key, job
        else:
            idea.species = job or jobs[0]
        nouns = [w for w, _ in parts]
    # Nouns in front ("space pirates", "bus driver"), then adjectives back to the determiner.
    i = at - 1
    modifiers: list[str] = []
    while english and i >= 0 and at - i <= 2 and words[i] in _NOUN_MODIFIERS and _adjacent(body, tokens, i, i + 1):
        modifiers.insert(0, words[i])
        i -= 1
    adjectives: list[str] = []
    while i >= 0 and at - i <= 4 and words[i] not in _STOP and words[i] not in _COUNT_WORDS:
        adjectives.insert(0, words[i])
        i -= 1
    idea.adjectives = adjectives
    if english:
        nouns[-1] = _singular_word(nouns[-1], idea.plural)
        idea.label = " ".join(modifiers + nouns)[:40]
    return end


def read_idea(raw: Any) -> Idea:
    """Parse an idea into hero, goal, plot and setting. Never raises."""
    text = _clean(raw)
    idea = Idea(text=text)
    body = _LEADING_ASK.sub("", text, count=1) if len(text) > 12 else text
    body = body or text
    lower = body.lower()
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(body)]
    words = [t[0].lower() for t in tokens]

    # An idea that opens with a verb is a goal ("find the lost crown", "saving the festival"): a
    # creature in it is someone the hero meets. "Draw a dragon who..." is a request, not a goal.
    lead = _leading_verb(words)
    if lead in _REQUEST_VERBS:
        skip = 1 + (len(words) > 1 and words[1] in ("me", "us"))
        words, tokens = words[skip:], tokens[skip:]
        lead = ""

    # The hero: the first creature word (or, failing that, a thing at the front: "a brave toaster").
    hero_at = -1
    if not lead:
        hero_at = next((i for i, w in enumerate(words) if _species_of(w)), -1)
        if hero_at < 0:
            hero_at = next(
                (
                    i
                    for i, w in enumerate(words[:6])
                    if w in _THING_BODIES and not any(_leading_verb([v]) for v in words[:i])
                ),
                -1,
            )
    if hero_at < 0:
        for key, sp in _FOREIGN.items():
            if not key.isascii() and key in body:
                idea.species = sp
                break
    np_end = hero_at
    if hero_at >= 0:
        np_end = _read_hero(idea, body, tokens, words, hero_at)
        before = words[max(0, hero_at - 4) : hero_at]
        if any(w in _COUNT_WORDS for w in before):
            idea.plural = True
        for w in idea.adjectives:
            if w in _PLAIN_COLOURS:
                idea.colours.append(w)
            elif w in _SIZE and not idea.size:
                idea.size = _SIZE[w]
        for w in idea.adjectives:
            key = _TRAIT_ALIASES.get(w, w)
            if key in TRAITS:
                idea.trait = key if w not in _SIZE or not idea.trait else idea.trait
                if w not in _SIZE:
                    break
        if not idea.trait:
            extra = [
                w
                for w in idea.adjectives
                if w not in _PLAIN_COLOURS
                and w not in _SIZE
                and w.isascii()
                and w.isalpha()
                and len(w) > 3
                and w.endswith(_ADJ_ENDINGS)
            ]
            if extra:
                idea.trait = extra[0]
            elif idea.size in ("tiny", "little", "small"):
                idea.trait = idea.size
        # A partner joined by "and": "a fox and a crow build a boat".
        j = np_end + 1
        if j < len(words) and words[j] == "and":
            for k in range(j + 1, min(j + 5, len(words))):
                found = _species_of(words[k])
                if found and found[0] != "*adult":
                    idea.partner_species = found[0]
                    if words[k].isascii() and words[k] not in _FOREIGN:
                        idea.partner_label = _singular_word(words[k], found[1])
                    idea.plural = True
                    np_end = k
                    break
    if idea.species == "*adult":
        if re.search(r"\b(she|her|hers|herself)\b", lower):
            idea.species = "woman"
        elif re.search(r"\b(he|him|his|himself)\b", lower):
            idea.species = "man"
        else:
            idea.species = ("woman", "man")[_stable_int("adult", text) % 2]

    # A given name: "named Pip", "Pip the dragon", "a dragon called Pip".
    m = re.search(r"\b(?:named|called)\s+([A-Z][\w'’\-]{1,20})", body)
    if m:
        idea.hero_name = m.group(1)
    elif idea.species:
        m = (
            re.search(
                r"\b([A-Z][a-z'’\-]{1,20})\s*,?\s+the\s+(?:[a-z\-]+\s+){0,3}("
                + "|".join(re.escape(t[0]) for t in tokens[hero_at : hero_at + 1])
                + r")\b",
                body,
            )
            if hero_at >= 0
            else None
        )
        if m and m.group(1).lower() not in _STOP:
            idea.hero_name = m.group(1)

    # The goal: the verb right after the hero, or the clause after who/that/which.
    goal_text = ""
    if hero_at >= 0:
        rest = body[tokens[np_end][2] :]
        rest = re.sub(r"^\s*,?\s*(?:named|called)\s+\S+", "", rest)
        rest = re.sub(r"^\s*,\s*[A-Z][\w'’\-]*\s*,", "", rest)  # "a cat, Pip, wants..."
        found_tokens = list(_TOKEN.finditer(rest))
        first = found_tokens[0].group(0).lower() if found_tokens else ""
        rel = re.search(r"\b(?:who|that|which|whose)\b\s+(.*)", rest, re.IGNORECASE | re.DOTALL)
        if first in _RELATIVE:
            goal_text = rest[found_tokens[0].end() :]
        elif first in _PREPOSITIONS:
            # Skip a prepositional phrase ("a cat in a hat wants to ...", "a dragon with wings who ...").
            for t in found_tokens[1:10]:
                w = t.group(0).lower()
                if w in _RELATIVE:
                    goal_text = rest[t.end() :]
                    break
                if w not in _STOP and _verb_form(w, idea.plural) in _KNOWN_VERBS | set(_VERB_SPECIAL.values()):
                    goal_text = rest[t.start() :]
                    break
        elif first and not _verb_form(first, idea.plural) and rel:
            goal_text = rel.group(1)
        elif found_tokens:
            goal_text = rest[found_tokens[0].start() :]
    elif lead:
        # No hero: an imperative or a plain goal ("find the lost crown", "saving the festival").
        goal_text = body[tokens[0][1] :]
    elif len(tokens) > 1 and tokens[0][0][:1].isupper() and words[0] not in _STOP and _verb_form(words[1]):
        # "Bob builds a boat": a name and a verb.
        idea.hero_name = tokens[0][0][:20]
        goal_text = body[tokens[1][1] :]
    goal_text = _sentence_cut(goal_text).strip(" ,")
    _read_goal(idea, goal_text)

    # Setting: the first setting word in the idea, then the creature's home.
    best = ""
    for w in _TOKEN.findall(lower):
        w = w.strip("'’")
        hit = next((key for key, setting in SETTINGS.items() if w in setting["words"]), "")
        if not hit and w.endswith("s"):
            hit = next((key for key, setting in SETTINGS.items() if w[:-1] in setting["words"]), "")
        if hit:
            best = hit
            break
    if not best and idea.species in _SPECIES_HOME and idea.plot != "shop":
        best = _SPECIES_HOME[idea.species]
    if not best and idea.species in ("robot",):
        best = "city"
    idea.setting = best or (
        "forest" if idea.species in ("owl", "squirrel", "fox", "bear", "badger", "hedgehog") else "village"
    )

    # A second creature named in the goal becomes a rival or a guest.
    if idea.goal and idea.verb not in ("become", "be", "learn"):
        for w in _TOKEN.findall(idea.goal.lower()):
            found = _species_of(w)
            if found and found[0] != idea.species:
                idea.other_species = found[0]
                idea.other_role = (
                    "rival"
                    if idea.verb
                    in {
                        "fight",
                        "defeat",
                        "battle",
                        "beat",
                        "chase",
                        "escape",
                        "outsmart",
                        "race",
                        "stop",
                        "challenge",
                        "outrun",
                        "trick",
                        "catch",
                        "flee",
                    }
                    else "guest"
                )
                break

    # Pronoun: the body's own (a girl, a king), then the idea's first he/she, then the creature's.
    said = re.search(r"\b(she|her|hers|herself|he|him|his|himself)\b", lower)
    idea.pronoun = (
        _strong_pronoun(f"{idea.look_noun} {idea.species}")
        or (("she" if said.group(1).startswith(("s", "her")) else "he") if said else "")
        or SPECIES.get(idea.species, {}).get("pronoun")
        or ""
    )
    idea.understood = bool(idea.species) or bool(idea.goal)
    return idea


def _read_goal(idea: Idea, goal_text: str) -> None:
    words = goal_text.split()
    if not words:
        _classify(idea)
        return
    # Drop helper verbs: "wants to", "dreams of", "is trying to", "can't".
    lowered = [w.lower().strip(",") for w in words]
    i = 0
    negated = False
    while i < len(lowered):
        w = lowered[i]
        base = _base_verb(w, idea.plural)
        nxt = lowered[i + 1] if i + 1 < len(lowered) else ""
        if w in (
            "really",
            "just",
            "always",
            "secretly",
            "finally",
            "suddenly",
            "desperately",
            "also",
            "never",
            "bravely",
            "then",
            "must",
            "will",
            "would",
            "could",
            "should",
            "might",
            "can",
            "to",
        ):
            i += 1
            continue
        if w in ("can't", "cannot", "can’t", "couldn't", "doesn't", "don't", "isn't"):
            negated = True
            i += 1
            continue
        if base in (
            "want",
            "wish",
            "hope",
            "need",
            "try",
            "decide",
            "plan",
            "long",
            "yearn",
            "aim",
            "set",
            "love",
            "like",
            "attempt",
            "have",
            "set",
            "go",
        ) and nxt in ("to", "out"):
            after = lowered[i + 2] if i + 2 < len(lowered) else ""
            if base == "go" and nxt == "to" and _base_verb(after) not in _KNOWN_VERBS:
                break  # "goes to school" is the goal itself
            i += 2 if nxt == "to" else 3 if (i + 2 < len(lowered) and lowered[i + 2] == "to") else 2
            continue
        if base == "be" and nxt in ("going", "trying", "about", "determined", "eager", "desperate", "hoping"):
            i += 3 if i + 2 < len(lowered) and lowered[i + 2] in ("to",) else 2
            continue
        if base == "be" and nxt.endswith("ing") and _degerund(nxt) in _KNOWN_VERBS:
            i += 1  # "is opening a shop" -> "opening a shop"
            continue
        if base in ("dream", "think", "dreams") and nxt in ("of", "about"):
            lowered[i + 2 : i + 3] = [_degerund(lowered[i + 2])] if i + 2 < len(lowered) else []
            words[i + 2 : i + 3] = lowered[i + 2 : i + 3]
            i += 2
            continue
        if base == "love" and nxt.endswith("ing"):
            lowered[i + 1] = _degerund(nxt)
            words[i + 1] = lowered[i + 1]
            i += 1
            continue
        break
    helped = i > 0
    words = words[i:]
    if not words:
        _classify(idea)
        return
    first = words[0].strip(",").lower()
    head = _base_verb(first, idea.plural)
    if first.endswith("ing") and _degerund(first) in _KNOWN_VERBS:
        head = _degerund(first)  # "saving the festival"
    elif head not in _KNOWN_VERBS and _verb_form(first, idea.plural):
        head = _verb_form(first, idea.plural)  # "opened" -> "open"
    rest = [w.strip() for w in words[1:]]
    if head == "look" and rest and rest[0].lower() == "for":
        head, rest = "find", rest[1:]  # "looking for a friend" -> find a friend
    # "is afraid of the dark" -> "face the dark"
    if head == "be":
        text = " ".join(rest)
        m = re.match(r"(?:very\s+|so\s+|too\s+)?(afraid|scared|frightened|terrified)\s+of\s+(.+)", text, re.I)
        if m:
            idea.trait = idea.trait or "scared"
            idea.goal = "face " + m.group(2)
            idea.verb = "face"
            idea.obj = _strip_article(m.group(2))
            idea.plot = "grow"
            return
        adj = rest[0].lower() if rest else ""
        key = _TRAIT_ALIASES.get(adj, adj)
        if key in TRAITS and not idea.trait:
            idea.trait = key
        _classify(idea)
        return
    if head in _STATE_VERBS and head not in ("work",):
        # "lives in a junkyard and wants to see the stars": the goal is the next clause.
        m = re.search(r"\b(?:and|but)\s+(.+)", " ".join(words[1:]))
        if m and m.group(1).strip() != goal_text.strip():
            _read_goal(idea, m.group(1))
            return
        _classify(idea)
        return
    if not _looks_like_goal(head, rest):
        _classify(idea)
        return
    if negated:
        # "can't fly" -> "fly" (they will learn to).
        idea.trait = idea.trait or "determined"
    rest_text = " ".join(rest)
    # Keep it short: at most 9 words after the verb.
    rest_words = rest_text.split()
    if len(rest_words) > 9:
        rest_words = rest_words[:9]
        while rest_words and rest_words[-1].lower() in _STOP | _PREPOSITIONS:
            rest_words.pop()
    rest_text = " ".join(_PROPER_NOUNS.get(w.lower(), w) for w in rest_words).strip(" ,.")
    # Something that happens to the hero makes the goal: "loses his hat" -> find his hat.
    flipped = ""
    if head == "fall" and re.match(r"(?:head over heels\s+)?in\s+love\s+with\s+\S", rest_text, re.I):
        flipped = "find"
        love = re.match(r"(?:head over heels\s+)?in\s+love\s+with\s+", rest_text, re.I)
        object_text = rest_text[love.end() :]
    elif head in _FLIP_VERBS and rest_text and not negated:
        flipped, object_text = _FLIP_VERBS[head], rest_text
    if flipped:
        if not helped:
            idea.event = f"{head} {rest_text}"
        head, rest_text = flipped, object_text
    idea.verb = head
    if not rest_text and head in _DEFAULT_THINGS:
        rest_text = _DEFAULT_THINGS[head]
    idea.goal = (head + (" " + rest_text if rest_text else "")).strip()
    obj = re.sub(r"^(?:up|down|out|off|away|over|back)\s+", "", rest_text, flags=re.I)
    if head in ("learn", "try") and obj.lower().startswith("to "):
        obj = obj[3:]
    obj = re.split(r"\b(?:for|with|to|in|on|at|across|through|from|before|so|because|by)\b", obj, maxsplit=1)[0]
    idea.obj = _strip_article(obj.strip(" ,"))
    if negated:
        idea.goal = "learn to " + idea.goal if head not in ("learn",) else idea.goal
        idea.verb = "learn"
    _classify(idea)


_ADJ_ENDINGS = ("y", "ful", "ous", "ish", "ive", "less", "able", "ible", "ic", "al", "ed", "ant", "ent", "some")


_ENGLISH_GLUE = {
    "the",
    "a",
    "an",
    "to",
    "of",
    "with",
    "his",
    "her",
    "their",
    "its",
    "across",
    "into",
    "for",
    "in",
    "on",
    "at",
    "through",
    "up",
    "out",
    "over",
    "around",
    "from",
    "and",
    "all",
    "every",
}


# "a bear who loves baking" -> build something worth a story.
_DEFAULT_THINGS = {
    "bake": "the grandest cake ever",
    "cook": "a magnificent feast",
    "paint": "a giant mural",
    "build": "a treehouse",
    "knit": "the longest scarf in the world",
    "write": "a book",
    "draw": "a giant picture",
    "invent": "an amazing machine",
    "make": "something amazing",
    "sew": "a patchwork quilt",
    "garden": "a secret garden",
    "plant": "a secret garden",
}


def _looks_like_goal(head: str, rest: list[str]) -> bool:
    """Is this an English verb phrase (not a foreign sentence or an emoji)?"""
    if not head or not head.isalpha():
        return False
    if head in _KNOWN_VERBS:
        return True
    if not head.isascii():
        return False
    return any(w.lower() in _ENGLISH_GLUE for w in rest)


def _classify(idea: Idea) -> None:
    goal = idea.goal.lower()
    words = set(_TOKEN.findall(goal))
    head_noun = idea.obj.lower().split()[-1] if idea.obj else ""
    if idea.verb in _PLOT_VERBS["shop"] and (head_noun in _SHOP_HEADS or words & _SHOP_HEADS):
        idea.plot = "shop"
    elif words & _RACE_WORDS or idea.verb in ("race", "outrun") or "race" in _TOKEN.findall(idea.text.lower()):
        idea.plot = "race" if (idea.goal or "race" in idea.text.lower()) else idea.plot
    elif words & _SHOP_HEADS and idea.verb in ("build", "make", "create", "start", "have", "set"):
        idea.plot = "shop"
    elif idea.verb in _PLOT_VERBS["build"] and idea.obj:
        idea.plot = "build"
    elif idea.verb in _PLOT_VERBS["quest"]:
        idea.plot = "quest"
    elif idea.goal:
        idea.plot = "grow"
    else:
        idea.plot = "quest"
