"""Letter each page the moment its last picture is painted, and the cover once it is painted.

The lettered page is kept with where its panels and words are
(``Page.regions``) and encoded for the PDF while it is in memory. A page
edited while it was being lettered stays flagged (its revision moved on),
so the run letters it again rather than lose the edit.

Lettering is the CPU-bound step: until the run's first page is out, the
others (and the cover) wait for it, so that page has the CPU to itself and
reaches the author sooner; they start the moment it is stored.
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
        self.handed_on = 0  # pages handed to the letterers
        self.waiting: list[tuple[Page, list[Panel]]] = []  # ready while the first page is being lettered
        self.cover_waiting = False

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
        # The page and its panels as stored now, in one query.
        panels = list(Panel.objects.filter(page_id=panel.page_id).select_related("page"))
        if panels:  # (else the page was deleted meanwhile)
            self.page_ready(panels[0].page, panels)

    def page_ready(self, page: Page, panels: list[Panel] | None = None) -> None:
        """Letter ``page`` if it needs it and every one of its panels is painted."""
        if page.pk in self.started or not page.scripted or (page.image and not page.stale):
            return
        if panels is None:
            panels = list(page.panels.all())
        if not panels or any(not p.art or p.repaint for p in panels):
            return
        if self.handed_on and not self.lettered:
            self.waiting.append((page, panels))
            return
        self.started.add(page.pk)
        self.handed_on += 1
        run, revision = self.run, page.revision
        run.flow.submit(
            "letter",
            lambda: self.letter(run.comic, page, panels, page.image, f"page-{page.number}"),
            lambda made: self.save(page, revision, made),
            discard=lambda made: run.unstore(page.image, made[1]),
        )

    def cover_ready(self) -> None:
        if 0 in self.started:
            return
        if self.total and not self.lettered:
            self.cover_waiting = True
            return
        self.started.add(0)
        run = self.run
        comic, title = run.comic, run.comic.title
        run.flow.submit(
            "letter",
            lambda: self.letter(comic, None, [], comic.cover_image, f"cover-{comic.seed}"),
            lambda made: self.save_cover(title, made),
            discard=lambda made: run.unstore(comic.cover_image, made[1]),
        )

    def first_page_out(self) -> None:
        """Hand on what waited for the first page."""
        waiting, self.waiting = self.waiting, []
        if self.cover_waiting:
            self.cover_waiting = False
            self.cover_ready()
        for page, panels in waiting:
            self.page_ready(page, panels)

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

    def letter(self, comic: Comic, page: Page | None, panels: list[Panel], field, stem: str):
        """Letter, and store the image (on the letterer's thread: the job's thread records it)."""
        rendered = self.render(comic, page, panels)
        # A name of its own each time: the URL's version is the name, so a browser never keeps the old page.
        return rendered, self.run.store(field, f"{stem}-{secrets.token_hex(4)}.png", rendered[0])

    def save(self, page: Page, revision: int, made) -> None:
        comic = self.run.comic
        rendered, stored = made
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
            page.image, stored, page.pk, rendered, record, where=f"Page {page.number}", stage=stage, notes=squeezed
        )
        self.lettered += 1
        self.run.publish(messages.page(number=page.number, url=page.image_url(), percent=self.run.job.progress))
        if self.lettered == 1:
            self.first_page_out()

    def save_cover(self, title: str, made) -> None:
        comic = self.run.comic
        rendered, stored = made

        def record() -> None:
            Comic.objects.filter(pk=comic.pk).update(cover_image=comic.cover_image.name, pdf_stale=True)
            # Renamed while this lettering ran: the cover stays stale and is lettered again.
            Comic.objects.filter(pk=comic.pk, title=title).update(cover_stale=False)

        # The cover counts for the bar, not in the words: "Lettered 4 of 4 pages" for four pages.
        self.keep(comic.cover_image, stored, 0, rendered, record, where="The cover", stage="Lettered the cover")
        self.run.publish(messages.page(number=0, url=comic.cover_url(), percent=self.run.job.progress))

    def keep(self, field, stored: str, key: int, rendered, record, *, where: str, stage: str, notes=()) -> None:
        """Record a lettered page or cover, keep it for the PDF, and tell the author (and what they should know)."""
        run = self.run
        _data, image, missing, _regions = rendered
        replaces, field.name = field.name, stored
        run.keep_stored(field, record, replaces=replaces)
        # Encoded for the PDF while the image is in memory, once the page is stored: only the binding waits for it.
        run.flow.submit("print", lambda: print_page(image), lambda encoded: run.print_pages.update({key: encoded}))
        # Until more scripts are lettered, say what was left out rather than drop it silently.
        said = [f"could not letter {' '.join(missing)} (only Latin-script text is lettered)"] if missing else []
        said += notes
        run.tally.finish("letter")
        run.report(run.tally.percent(), stage, "; ".join(f"{where}: {note}" for note in said) or None, notice=True)
