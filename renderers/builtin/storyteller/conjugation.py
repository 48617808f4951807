"""Turning verbs between forms: base, third person, gerund, past."""

from __future__ import annotations

from .creatures import _species_of
from .lexicon.verbs import _DOUBLE_FINAL, _IRREGULAR_PAST, _KNOWN_VERBS, _PAST_TO_BASE

_VERB_SPECIAL = {
    "is": "be",
    "are": "be",
    "was": "be",
    "were": "be",
    "has": "have",
    "does": "do",
    "goes": "go",
    "can't": "can't",
}


# Words ending in "s" that are never a verb's -s form ("across", "bus", "glass", "famous").
_NOT_S_FORMS = ("ss", "us", "is", "ys", "'s", "’s")


def _base_verb(word: str, plural_subject: bool = False) -> str:
    """'opens' -> 'open', 'flies' -> 'fly', 'goes' -> 'go' (3rd person singular to base).

    Words that only look like an -s form ("across", "bus", "glass") come back unchanged.
    """
    w = word.lower()
    if w in _VERB_SPECIAL:
        return _VERB_SPECIAL[w]
    if w in _KNOWN_VERBS or not w.endswith("s") or w.endswith(_NOT_S_FORMS) or len(w) < 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"  # flies, tries, carries
    if w.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return w[:-2]  # misses, wishes, watches, fixes, buzzes
    if w.endswith("oes") and w[:-2] in _KNOWN_VERBS | {"echo", "veto", "undo", "redo"}:
        return w[:-2]  # goes, does, echoes (but "tiptoes" -> "tiptoe")
    return w[:-1]  # saves, races, loses, opens, freezes


def _verb_form(word: str, plural_subject: bool = False) -> str:
    """The base form when ``word`` reads as the finite verb right after a subject, else ''.

    "saves" -> "save", "race" (after a plural subject) -> "race", "opened" -> "open";
    "across", "bus", "festival" -> ''.
    """
    w = word.lower().strip("'’")
    if not w or not w.isalpha() or not w.isascii():
        return ""
    if w in _VERB_SPECIAL:
        return _VERB_SPECIAL[w]
    if w in _PAST_TO_BASE:
        return _PAST_TO_BASE[w]
    base = _base_verb(w, plural_subject)
    if base in _KNOWN_VERBS:
        return base
    if not plural_subject and base != w and len(base) > 1 and _species_of(w) is None:
        return base  # an unknown verb in its -s form: "falls", "sneezes"
    if w.endswith("ed") and len(w) > 4:
        for stem in (w[:-2], w[:-1], w[:-3] if w[-3] == w[-4] else "", w[:-3] + "y" if w[-3] == "i" else ""):
            if stem in _KNOWN_VERBS:
                return stem
    return ""


def _degerund(word: str) -> str:
    """'opening' -> 'open', 'making' -> 'make', 'running' -> 'run'."""
    w = word.lower()
    if not w.endswith("ing") or len(w) <= 4:
        return w
    stem = w[:-3]
    for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None):
        if candidate and candidate in _KNOWN_VERBS:
            return candidate
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    return stem


def _third(verb: str) -> str:
    if verb == "be":
        return "is"
    if verb == "have":
        return "has"
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if len(verb) > 1 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _gerund(verb: str) -> str:
    if verb == "be":
        return "being"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    if verb in _DOUBLE_FINAL:
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _past(verb: str) -> str:
    if verb in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[verb]
    if verb.endswith("e"):
        return verb + "d"
    if len(verb) > 1 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    if verb in _DOUBLE_FINAL:
        return verb + verb[-1] + "ed"
    return verb + "ed"


def _inflect_phrase(phrase: str, how) -> str:
    """Apply a verb transform to the first word (and to verbs after ' and ')."""
    parts = phrase.split(" and ")
    out = []
    for i, part in enumerate(parts):
        words = part.split(" ", 1)
        head = words[0]
        if i == 0 or head in _KNOWN_VERBS:
            head = how(head)
        out.append(" ".join([head, *words[1:]]))
    return " and ".join(out)
