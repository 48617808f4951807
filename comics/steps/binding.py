"""Binding the PDF once every page and the cover are lettered; again after an edit changed one."""

from __future__ import annotations

from ..bookbinding import comic_pdf, pdf_file_name
from ..models import Comic


def bind(run) -> None:
    comic = run.comic
    if comic.pdf and not comic.pdf_stale:
        return
    run.report(98, "Binding the PDF")
    pages = list(comic.pages.all())  # read here, in their order now; the binding itself runs on the pool
    # Pages lettered by this run are encoded already (kept by page id: a reorder may renumber them).
    prepared = {page.number: run.print_pages[page.pk] for page in pages if page.pk in run.print_pages}
    if 0 in run.print_pages:
        prepared[0] = run.print_pages[0]
    data = run.flow.call("letter", lambda: comic_pdf(comic, prepared, pages=pages))
    old = comic.pdf.name

    def record() -> None:
        Comic.objects.filter(pk=comic.pk).update(pdf=comic.pdf.name, pdf_stale=False)

    run.keep_file(comic.pdf, pdf_file_name(comic), data, record, replaces=old)
    comic.pdf_stale = False
