"""The five hand-written plots, by name, with their extra dialogue merged in.

A plot is twelve stages. Each stage has one-line beats, picture-book
narration (first sentence first) and panel "moments". Text can be:
  "plain {slots}"
  (cond, "text if cond", "text otherwise")  - cond is a role ("rival"),
                                              "pair", "solo" or "!role"
  [alternative, alternative, ...]           - picked by the page's rng
A moment lists who is in it; dialogue comes only from those roles. When a
role is missing from the cast, the moment's ``alt`` is used, or it is left
out. ``skip_if``/``only_if`` name stages elsewhere in the story.
"""

from __future__ import annotations

from ..arc import STAGES
from .build import BUILD
from .grow import GROW
from .more_lines import _MORE_LINES
from .quest import QUEST
from .race import RACE
from .shop import SHOP

PLOTS = {"shop": SHOP, "race": RACE, "quest": QUEST, "build": BUILD, "grow": GROW}


def _merge_more_lines() -> None:
    for plot in PLOTS.values():
        for stage in STAGES:
            for moment in plot[stage]["m"]:
                for m in (moment, moment["alt"]):
                    if not m or not m["lines"]:
                        continue
                    options = m["lines"] if isinstance(m["lines"][0], list) else [list(m["lines"])]
                    more = _MORE_LINES.get(options[0][0][1])
                    if more:
                        m["lines"] = options + [list(o) for o in more]


_merge_more_lines()
