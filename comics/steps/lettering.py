"""Letter each page the moment its last picture is painted, and the cover once it is painted.

The lettered page is kept with where its panels and words are
(``Page.regions``) and encoded for the PDF while it is in memory. A page
edited while it was being lettered stays flagged (its revision moved on),
so the run letters it again rather than lose the edit.
"""

from __future__ import annotations

import secrets

from django.db.models import Q

from .. import messages
from ..bookbinding import letter_cover, letter_page, png_bytes, squeezed_text, unlettered_on
from ..flow import PipelineError
from ..lettering import LetteringError
from ..models import Comic, Page, Panel
from ..pdf import print_page


class Letterer:
    def __init__(self, run):
        self.run = run
        self.started: set[int] = set()  # pages handed to the pool by this run (0: the cover)
        self.lettered = 0
        self.total = 0
        self.whole_book = False

    # What needs lettering ------------------------------------------------------------

    def pages_to_letter(self) -> list[Page]:
        """Pages this run letters: not lettered yet, or flagged stale (comics.dependencies)."""
        return list(self.run.comic.pages.filter(Q(image="") | Q(stale=True)))

    def cover_to_letter(self) -> bool:
        comic = self.run.comic
        return not comic.cover_image or comic.cover_stale

    def plan(self, pages: list[Page]) -> None:
        """Count this run's lettering for the progress bar and its words ("Lettered 2 of 4 pages")."""
        self.total = len(pages)
        self.whole_book = self.total == self.run.comic.pages.count()
        self.run.tally.expect("letter", self.total + int(self.cover_to_letter()))

    # Handing on ----------------------------------------------------------------------

    def start(self) -> None:
        for page in self.pages_to_letter():
            self.page_ready(page)
        if self.cover_to_letter() and self.run.comic.cover_art:
            self.cover_ready()

    def panel_painted(self, panel: Panel) -> None:
        self.page_ready(Page.objects.get(pk=panel.page_id))

    def page_ready(self, page: Page) -> None:
        """Letter ``page`` if it needs it and every one of its panels is painted."""
        if page.pk in self.started or not page.scripted or (page.image and not page.stale):
            return
        panels = list(page.panels.all())
        if not panels or any(not p.art or p.repaint for p in panels):
            return
        self.started.add(page.pk)
        comic, revision = self.run.comic, page.revision
        self.run.flow.submit(
            "letter",
            lambda: self.render(comic, page, panels),
            lambda rendered: self.save(page, revision, rendered),
        )

    def cover_ready(self) -> None:
        if 0 in self.started:
            return
        self.started.add(0)
        comic = self.run.comic
        title = comic.title
        self.run.flow.submit(
            "letter", lambda: self.render(comic, None, []), lambda rendered: self.save_cover(title, rendered)
        )

    # The work and its saving ---------------------------------------------------------------

    @staticmethod
    def render(comic: Comic, page: Page | None, panels: list[Panel]):
        try:
            if page is None:
                image, regions = letter_cover(comic), {}
            else:
                image, regions = letter_page(comic, page, panels)
        except LetteringError as exc:  # words no page can hold: say which, rather than "something unexpected"
            where = "The cover" if page is None else f"Page {page.number}"
            raise PipelineError(f"{where} could not be lettered: {exc}. Shorten its words, then retry.") from None
        # The image stays in memory to be encoded for the PDF once the page is shown (``keep``).
        return png_bytes(image), image, unlettered_on(comic, page, panels), regions

    def save(self, page: Page, revision: int, rendered) -> None:
        comic = self.run.comic
        regions = rendered[3]

        def record() -> None:
            Page.objects.filter(pk=page.pk).update(image=page.image.name, regions=regions)
            # Edited while this lettering ran: it stays stale and is lettered again.
            Page.objects.filter(pk=page.pk, revision=revision).update(stale=False)
            Comic.objects.filter(pk=comic.pk).update(pdf_stale=True)

        squeezed = []
        if squeezed_text(regions):
            squeezed.append("some words were too many for their panel and print smaller than usual")
        # A whole book counts its pages; an edit names the page it changed.
        stage = (
            f"Lettered {self.lettered + 1} of {self.total} pages" if self.whole_book else f"Lettered page {page.number}"
        )
        self.keep(
            page.image,
            f"page-{page.number}",
            page.pk,
            rendered,
            record,
            where=f"Page {page.number}",
            stage=stage,
            notes=squeezed,
        )
        self.lettered += 1
        self.run.publish(messages.page(number=page.number, url=page.image_url(), percent=self.run.job.progress))

    def save_cover(self, title: str, rendered) -> None:
        comic = self.run.comic

        def record() -> None:
            Comic.objects.filter(pk=comic.pk).update(cover_image=comic.cover_image.name, pdf_stale=True)
            # Renamed while this lettering ran: the cover stays stale and is lettered again.
            Comic.objects.filter(pk=comic.pk, title=title).update(cover_stale=False)

        # The cover counts for the bar, not in the words: "Lettered 4 of 4 pages" for four pages.
        self.keep(
            comic.cover_image, f"cover-{comic.seed}", 0, rendered, record, where="The cover", stage="Lettered the cover"
        )
        self.run.publish(messages.page(number=0, url=comic.cover_url(), percent=self.run.job.progress))

    def keep(self, field, stem: str, key: int, rendered, record, *, where: str, stage: str, notes=()) -> None:
        """Store a lettered page or cover, keep it for the PDF, and tell the author (and what they should know)."""
        run = self.run
        data, image, missing, _regions = rendered
        # A name of its own each time: the URL's version is the name, so a browser never keeps the old page.
        run.keep_file(field, f"{stem}-{secrets.token_hex(4)}.png", data, record, replaces=field.name)
        # Encoded for the PDF while the image is in memory, once the page is stored: only the binding waits for it.
        run.flow.submit("print", lambda: print_page(image), lambda encoded: run.print_pages.update({key: encoded}))
        # Until more scripts are lettered, say what was left out rather than drop it silently.
        said = [f"could not letter {' '.join(missing)} (only Latin-script text is lettered)"] if missing else []
        said += notes
        run.tally.finish("letter")
        run.report(run.tally.percent(), stage, "; ".join(f"{where}: {note}" for note in said) or None, notice=True)
