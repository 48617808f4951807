"""Which creature a word names, and the pronoun a body word fixes."""

from __future__ import annotations

from .english import _TOKEN
from .lexicon.creature_words import _ADULTS, _ALIASES, _FOREIGN, _IRREGULAR_PLURALS, _STRONG_PRONOUN
from .lexicon.species import SPECIES


def _plural_to_singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ves") and len(word) > 4:
        return word[:-3] + "f"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _species_of(word: str) -> tuple[str, bool] | None:
    """(species key, plural?) for a lowercase word, or None."""
    w = word.lower().strip("'’")
    if w in SPECIES:
        return w, False
    if w in _ALIASES:
        base = _ALIASES[w]
        return base, w in {"mice", "geese", "children", "people", "girls", "boys", "puppies", "dragons"}
    if w in _FOREIGN:
        return _FOREIGN[w], False
    if w in _ADULTS:
        return "*adult", False
    single = _plural_to_singular(w)
    if single != w and single:
        if single in SPECIES:
            return single, True
        if single in _ALIASES:
            return _ALIASES[single], True
        if single in _FOREIGN:
            return _FOREIGN[single], True
        if single in _ADULTS:
            return "*adult", True
        for tail in ("s", "es"):
            if w.endswith(tail) and w[: -len(tail)] in _FOREIGN:
                return _FOREIGN[w[: -len(tail)]], True
    return None


def _strong_pronoun(text: str) -> str:
    """ "she" or "he" when ``text`` names a body that has one (girl, king...), else ''."""
    for w in _TOKEN.findall(text.lower()):
        key = w if w in _STRONG_PRONOUN else _ALIASES.get(w, "")
        if key in _STRONG_PRONOUN:
            return SPECIES[key]["pronoun"]
    return ""


def _species_in_look(look: str) -> str:
    for w in _TOKEN.findall(look.lower()):
        found = _species_of(w)
        if found and found[0] != "*adult":
            return found[0]
    return ""
