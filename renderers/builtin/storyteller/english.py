"""Small English helpers: tokens, articles, capitals, title case."""

from __future__ import annotations

import re


def _article(phrase: str) -> str:
    word = phrase.strip().lower()
    if not word:
        return "a"
    if word.startswith(("uni", "use", "one", "eu")):
        return "a"
    if word.startswith(("honest", "hour", "honou")):
        return "an"
    return "an" if word[0] in "aeiou" else "a"


def _a(phrase: str) -> str:
    return f"{_article(phrase)} {phrase}"


def _cap(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


_SMALL_WORDS = {
    "a",
    "an",
    "the",
    "of",
    "to",
    "and",
    "or",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "up",
    "as",
    "into",
    "but",
    "nor",
}


def _title_case(text: str) -> str:
    words = text.split()
    out = []
    for i, w in enumerate(words):
        if i and w.lower() in _SMALL_WORDS:
            out.append(w.lower())
        elif w[:1].islower():
            out.append("-".join(_cap(p) for p in w.split("-")))
        else:
            out.append(w)
    return " ".join(out)


_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:a|an|the|some|his|her|their|its|my|own|very)\s+", "", text.strip(), flags=re.I).strip()
