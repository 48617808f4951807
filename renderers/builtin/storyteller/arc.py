"""The story arc: the twelve stages every plot tells, the moment record, and which stages each page tells."""

from __future__ import annotations

STAGES = (
    "home",
    "spark",
    "start",
    "first_win",
    "trouble",
    "worse",
    "low",
    "help",
    "plan",
    "climax",
    "triumph",
    "ending",
)


# A panel "moment" of a stage: who is in it, the scene, their lines (see ``plots`` for the text forms).
def M(who, scene, lines=(), sfx="", cap="", p=2, alt=None, skip_if=(), only_if=(), needs=()):
    return {
        "who": tuple(who),
        "scene": scene,
        "lines": lines,
        "sfx": sfx,
        "cap": cap,
        "p": p,
        "alt": alt,
        "skip_if": tuple(skip_if),
        "only_if": tuple(only_if),
        "needs": tuple(needs),
    }


# Which stages a story of N pages tells.
_GROUPS: dict[int, list[tuple[str, ...]]] = {
    1: [("home", "trouble", "climax", "ending")],
    2: [("home", "trouble"), ("climax", "ending")],
    3: [("home",), ("trouble",), ("climax", "ending")],
    4: [("home",), ("trouble",), ("climax",), ("ending",)],
    5: [("home",), ("start",), ("trouble",), ("climax",), ("ending",)],
    6: [("home",), ("start",), ("trouble",), ("low",), ("climax",), ("ending",)],
    7: [("home",), ("start",), ("trouble",), ("low",), ("help",), ("climax",), ("ending",)],
    8: [("home",), ("start",), ("first_win",), ("trouble",), ("low",), ("help",), ("climax",), ("ending",)],
    9: [("home",), ("spark",), ("start",), ("first_win",), ("trouble",), ("low",), ("help",), ("climax",), ("ending",)],
    10: [
        ("home",),
        ("spark",),
        ("start",),
        ("first_win",),
        ("trouble",),
        ("worse",),
        ("low",),
        ("help",),
        ("climax",),
        ("ending",),
    ],
    11: [
        ("home",),
        ("spark",),
        ("start",),
        ("first_win",),
        ("trouble",),
        ("worse",),
        ("low",),
        ("help",),
        ("climax",),
        ("triumph",),
        ("ending",),
    ],
    12: [(stage,) for stage in STAGES],
}


# When a page has fewer panels than stages, the most important stages win.
_RANK = {
    "ending": 0,
    "climax": 1,
    "home": 2,
    "trouble": 3,
    "triumph": 4,
    "low": 5,
    "help": 6,
    "first_win": 7,
    "start": 8,
    "worse": 9,
    "plan": 10,
    "spark": 11,
}


def stage_groups(pages: int) -> list[tuple[str, ...]]:
    """The stages each page tells, for a story of ``pages`` pages (1-12; larger repeats nothing)."""
    pages = max(1, int(pages))
    if pages in _GROUPS:
        return list(_GROUPS[pages])
    # More than 12 pages: stretch the middle with extra trouble and help.
    groups = list(_GROUPS[12])
    extra = pages - 12
    middle = [("worse",), ("help",), ("plan",), ("low",)]
    for i in range(extra):
        groups.insert(6 + i, middle[i % len(middle)])
    return groups


def more_groups(told: list[tuple[str, ...]], more: int) -> list[tuple[str, ...]]:
    """The stages of ``more`` pages added after the pages that told ``told``, one stage a page.

    First the stages the story skipped, the most important first, then those a
    short comic told only in passing (one of its pages tells several), never a
    second ending; in story order, so the added pages rise to a new triumph.
    Past twelve pages the middle comes round again, as in :func:`stage_groups`.
    """
    alone = {group[0] for group in told if len(group) == 1}
    passing = {stage for group in told for stage in group}
    fresh = [s for s in STAGES if s != "ending" and s not in alone]
    picked = sorted(sorted(fresh, key=lambda s: (s in passing, _RANK[s]))[:more], key=STAGES.index)
    middle = [("worse",), ("help",), ("plan",), ("low",)]
    return [(s,) for s in picked] + [middle[i % len(middle)] for i in range(more - len(picked))]
