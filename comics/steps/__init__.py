"""The steps of a run, each a small unit that making a comic and every edit job share.

    planning   screen the idea; plan the story, or continue its outline
    writing    one page script per page (text lane)
    screening  each picture's prompt through the safety check (safety lane)
    painting   each panel's art and the cover's (paint lane), kept as versions
    lettering  a page the moment its last picture is painted, and the cover
    binding    the PDF, once every page is lettered

A step starts whatever is missing or flagged stale (``comics.dependencies``)
and hands each result on: a written page goes to screening, a screened
prompt to painting, a painted panel to lettering once its page is complete.
So the first page is lettered long before the last is painted, and an edit
job runs only the steps its flags call for.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# How much of the bar each kind of work fills, relative to one lettered page.
WEIGHTS = {"write": 2.0, "screen": 0.25, "paint": 3.0, "letter": 1.0}
# The plan fills the bar up to here; binding the PDF takes the rest.
PLANNED_AT, LETTERED_AT = 10.0, 97.0


@dataclass
class Tally:
    """Work expected and done by this run, for a progress bar that only moves forward."""

    expected: float = 0.0
    done: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def expect(self, kind: str, count: int = 1) -> None:
        self.expected += WEIGHTS[kind] * count

    def finish(self, kind: str) -> None:
        self.done += WEIGHTS[kind]
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def percent(self) -> float:
        if self.expected <= 0:
            return LETTERED_AT
        return PLANNED_AT + (LETTERED_AT - PLANNED_AT) * min(1.0, self.done / self.expected)
