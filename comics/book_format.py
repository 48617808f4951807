"""What each kind of book is made of: its default page and panel counts, and the picture-book rule.

A picture book has one illustration per page on the full-page layout; a
comic has the panels and layout its author chose, or the defaults. The
studio form, the API's input, ``services.create_comic``, the model's field
defaults, the pipeline and the bookbinding all decide a book's shape, so
they all read it here rather than each writing the rule out again.

It is a module of its own because neither neighbour can hold it:
``comics.layouts`` is page geometry and knows nothing of kinds of book, and
``comics.models`` imports this for its field defaults, so this cannot import
the models. Pure Python (no Django), like the layouts it builds on.
"""

from __future__ import annotations

from typing import NamedTuple

from . import layouts

#: The kinds of book, as stored (``Comic.Kind`` labels them).
COMIC = "comic"
PICTURE_BOOK = "picture_book"

#: What a new book has when nobody says otherwise (the studio, the API, the CLI).
DEFAULT_PAGES = 4
DEFAULT_PANELS_PER_PAGE = 4

#: A picture book's pages each hold one illustration.
PICTURE_BOOK_PANELS_PER_PAGE = 1
PICTURE_BOOK_LAYOUT = layouts.PICTURE_BOOK_LAYOUT.slug


class PageShape(NamedTuple):
    """How every page of a book is cut: how many panels, on which layout (a layout slug)."""

    panels_per_page: int
    layout: str


def is_picture_book(kind: str) -> bool:
    return kind == PICTURE_BOOK


def page_shape(kind: str, *, panels_per_page: int | None = None, layout: str | None = None) -> PageShape:
    """The panels per page and layout a book of ``kind`` is made with.

    A picture book always gets one panel on the full-page layout, whatever
    was asked; a comic keeps what was asked, with the defaults for what
    was not (``None`` or blank). Checking that the asked values are allowed
    is the form's or the serializer's work, before this.
    """
    if is_picture_book(kind):
        return PageShape(PICTURE_BOOK_PANELS_PER_PAGE, PICTURE_BOOK_LAYOUT)
    return PageShape(
        DEFAULT_PANELS_PER_PAGE if panels_per_page is None else panels_per_page,
        layout or layouts.DEFAULT_LAYOUT,
    )
