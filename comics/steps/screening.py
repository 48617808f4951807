"""Every picture's prompt through the safety check before it is painted.

A refused prompt stops the job. A redraw's new prompt that is refused
takes only that redraw with it: the panel goes back to the picture it shows
(``editing.give_up_redraw``), the author is told why, and the rest of the
job (other edits that joined it) goes on.
"""

from __future__ import annotations

from collections.abc import Callable

from renderers.safety_gate import UNAVAILABLE

from .. import editing
from ..flow import PipelineError
from ..models import Panel


class Screener:
    def __init__(self, run, then: Callable[[Panel], None], then_cover: Callable[[], None]):
        self.run = run
        self.then = then  # called with each panel whose prompt passed
        self.then_cover = then_cover

    def start(self) -> None:
        """Prompts already written but not yet screened (a resumed run, a redraw with a new prompt)."""
        panels = Panel.objects.filter(page__comic=self.run.comic, page__scripted=True, screened=False)
        for panel in panels.select_related("page"):
            self.screen(panel)

    def page_written(self, panels: list[Panel]) -> None:
        """A page's panels, as just saved with its script."""
        for panel in panels:
            self.screen(panel)

    def screen(self, panel: Panel) -> None:
        run = self.run
        run.flow.submit(
            "safety", lambda: run.backends.safety.screen(panel.image_prompt), lambda verdict: self.save(panel, verdict)
        )

    def screen_cover(self, prompt: str) -> None:
        run = self.run
        run.flow.submit("safety", lambda: run.backends.safety.screen(prompt), lambda verdict: self.save(None, verdict))

    def save(self, panel: Panel | None, verdict) -> None:
        run = self.run
        if not verdict.allowed:
            where = "The cover" if panel is None else f"Page {panel.page.number}, panel {panel.index + 1}"
            run.flagged(where.lower(), verdict)
            # A check that could not be reached judged nothing: the redraw waits for a retry instead.
            gave_up = self.give_up_redraw(panel) if panel is not None and verdict.category != UNAVAILABLE else None
            if gave_up is None:  # a picture the comic needs: it cannot be finished without it
                raise PipelineError(f"{where} was stopped by the safety check: {verdict.reason or verdict.category}")
            run.tally.finish("screen")
            if gave_up:  # (else it was changed again meanwhile, and that change is checked in its own turn)
                run.report(
                    run.tally.percent(),
                    "Redraw refused",
                    f"The safety check refused the new picture description for {where.lower()}, so the panel "
                    f"keeps its picture. What the check said: {verdict.reason or verdict.category}",
                    notice=True,
                )
            return
        if panel is None:
            self.then_cover()
            return
        run.tally.finish("screen")
        # Only the prompt that was checked counts as checked: one edited meanwhile waits for the next round.
        # And only while the job is this run's: a run that lost it must not hand on a paid painting.
        checked = run.if_mine(Panel.objects.filter(pk=panel.pk, image_prompt=panel.image_prompt))
        if checked.update(screened=True):
            self.then(panel)
        else:
            run.ensure_still_mine()  # (else the prompt was edited meanwhile)

    def give_up_redraw(self, panel: Panel) -> bool | None:
        """Put a refused redraw's panel back to the picture it shows (see ``editing.give_up_redraw``)."""
        with self.run.while_mine():
            return editing.give_up_redraw(panel=panel)
