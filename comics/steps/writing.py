"""One page script per page, written in parallel, each handed to screening as soon as it is saved."""

from __future__ import annotations

from collections.abc import Callable

from .. import book_format, script
from ..casting import derive_seed, image_prompt, subjects_in
from ..models import Page, Panel
from .planning import stored_plan


def panels_planned(comic) -> int:
    """How many panels a page not yet written will have (once written, its rows say)."""
    return book_format.page_shape(comic.kind, panels_per_page=comic.panels_per_page).panels_per_page


class Writer:
    def __init__(self, run, then: Callable[[list[Panel]], None]):
        self.run = run
        self.then = then  # called with each page's panels once they are saved

    def pending(self) -> list[Page]:
        return list(self.run.comic.pages.filter(scripted=False))

    def start(self, pages: list[Page]) -> None:
        if not pages:
            return
        run, comic = self.run, self.run.comic
        plan = stored_plan(comic)
        panels = panels_planned(comic)
        for page in pages:
            messages = script.page_messages(
                idea=comic.idea,
                kind=comic.kind,
                plan=plan,
                page_index=page.index,
                panels=panels,
                tone=run.style.story_tone,
            )
            run.flow.submit(
                "text",
                lambda page=page, messages=messages: run.ask(
                    messages,
                    schema=script.page_schema(panels),
                    schema_name=script.PAGE_SCHEMA_NAME,
                    validate=lambda data: script.validate_page(data, panels=panels, kind=comic.kind),
                    what=f"page {page.number}",
                    seed=derive_seed(comic.seed, "page", page.index),
                ),
                lambda written, page=page: self.save(page, written),
            )
        self.total = comic.pages.count()

    def say_started(self, pages: list[Page]) -> None:
        """The bar's words once the round's work is counted (the page calls start before that)."""
        if pages:
            run = self.run
            run.report(run.tally.percent(), f"Writing {len(pages)} page{'s' if len(pages) != 1 else ''}")

    def save(self, page: Page, written: list[script.PanelScript]) -> None:
        run, comic = self.run, self.run.comic
        picture_book = comic.is_picture_book
        with run.while_mine():
            panels = Panel.objects.bulk_create(
                Panel(
                    page=page,
                    index=i,
                    scene=p.scene,
                    dialogue=[] if picture_book else p.dialogue,
                    caption=p.caption,
                    sfx="" if picture_book else p.sfx,
                    seed=derive_seed(comic.seed, "panel", page.index, i),
                    image_prompt=image_prompt(
                        p.scene, subjects_in(p.scene, p.dialogue, run.cast), run.style, full_page=picture_book
                    ),
                )
                for i, p in enumerate(written)
            )
            Page.objects.filter(pk=page.pk).update(scripted=True)
        page.scripted = True
        for panel in panels:
            panel.page = page
        if any(panel.pk is None for panel in panels):  # a database that does not say the new rows' ids
            panels = list(Panel.objects.filter(page=page).select_related("page"))
        # Handed on before the progress is written: its pictures are what the author waits for.
        self.then(panels)
        run.tally.finish("write")
        run.report(run.tally.percent(), f"Wrote page {page.number} of {self.total}", f"Wrote page {page.number}")
