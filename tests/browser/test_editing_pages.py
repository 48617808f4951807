"""Moving and deleting pages, and editing a picture book, in its reader, in a real browser.

Moving or deleting a page opens the reader again: afterwards the author is
told what was done, in the edit bar's status, once, and the address names
the page in view, a page the book still has. A picture book (one picture a
page, its words in a band below) is edited like a comic without what only
bubbles have: its text changes and its page comes back lettered again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.browser.test_editing import (
    DESKTOP,
    PHONE,
    check,
    comic_id,
    jobs_of,
    page_images,
    page_src,
    wait_for_new_page,
)
from tests.browser.test_journey import make_in_studio, people, sign_up
from tests.servers import dev_server

playwright = pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python.sync_playwright")
pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editing-pages-server")
    with dev_server(folder) as base:
        yield base, folder / "db.sqlite3"


@pytest.fixture(scope="module")
def books(server):
    """alice's 3-page comic (one panel a page) and 3-page picture book: their readers' addresses, her cookies."""
    base, _ = server
    with people(base, viewport=DESKTOP) as person:
        page = person()
        sign_up(page, "alice")
        make_in_studio(page, "a shy dragon who opens a tiny tea shop", pages=3, panels=1)
        page.click("#read-link")
        page.wait_for_selector("#page-indicator")
        comic = page.url.split("#")[0]
        page.goto("/studio/")
        page.check("input[name=kind][value=picture_book]")
        page.fill("#id_idea", "a lonely robot plants a garden on the moon")
        page.fill("#id_pages", "3")
        page.click("#make-button")
        page.wait_for_url("**/jobs/*/")
        page.wait_for_selector("#read-link", state="visible", timeout=90_000)
        page.click("#read-link")
        page.wait_for_selector("#page-indicator")
        return {"comic": comic, "picture book": page.url.split("#")[0]}, page.context.cookies()


def reader(person, books, what: str, size: dict, at: int = 1):
    urls, cookies = books
    page = person(size["width"], size["height"])
    page.context.add_cookies(cookies)
    page.goto(f"{urls[what]}#p{at}")
    page.wait_for_function("() => window.panelcraftReader !== undefined")
    return page


def captions(database: Path, url: str) -> list[str]:
    """Each page's caption (its first panel's), in page order, as the server stored them."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT n.caption FROM comics_panel n JOIN comics_page p ON p.id = n.page_id"
            ' WHERE p.comic_id = ? AND n."index" = 0 ORDER BY p."index"',
            (comic_id(url),),
        )
        return [caption for (caption,) in rows.fetchall()]


def after_reload(page, press, *, confirm: bool = False) -> None:
    """Press a page's button and wait for the reader to open again once the change is made."""
    page.evaluate("window.__sameReader = true")
    if confirm:
        page.once("dialog", lambda question: question.accept())
    press()
    try:
        page.wait_for_function("() => !window.__sameReader && window.panelcraftReader", timeout=30_000)
    except playwright.TimeoutError:
        status = page.evaluate("(document.getElementById('edit-status-text') || {}).textContent")
        raise AssertionError(f"the reader did not open again; its edit bar says: {status!r}") from None


def told(page, words: str) -> str:
    """Wait until the edit bar's status says ``words``; what it says, all of it."""
    page.wait_for_function(
        "(words) => document.getElementById('edit-status-text').textContent.includes(words)", arg=words
    )
    status = page.locator("#edit-bar [role=status]")
    assert status.is_visible()
    return status.inner_text()


def shown_at_address(page) -> int:
    """The page the address names, checked to be in view (alone on a phone, or in the spread shown)."""
    hash_ = page.evaluate("location.hash")
    assert hash_.startswith("#p"), hash_
    number = int(hash_[2:])
    shown = page.evaluate("panelcraftReader.shown()")
    assert number in shown, (hash_, shown)
    if len(shown) == 1:
        assert page.locator("#page-indicator").inner_text().startswith(f"Page {number} of ")
    return number


def test_after_moving_or_deleting_a_page_the_author_is_told_once_and_the_address_names_the_page_shown(server, books):
    _, database = server
    url = books[0]["comic"]
    with people(server[0], viewport=PHONE) as person:
        page = reader(person, books, "comic", PHONE)
        page.click("#edit-toggle")
        page.locator("#edit-page-1-later").wait_for()
        first, second, third = page_images(database, url)

        # Page 1 one later: the reader opens again on it, now page 2, and says so.
        after_reload(page, lambda: page.click("#edit-page-1-later"))
        said = told(page, "page 1 is now page 2")
        assert "page 2 is now page 1" in said
        assert shown_at_address(page) == 2 and page.evaluate("panelcraftReader.shown()") == [2]
        assert page_images(database, url) == [second, first, third]

        # Deleting page 2 of 3: the page after it moves up into its place and is the one shown.
        after_reload(page, lambda: page.click("#edit-page-2-delete"), confirm=True)
        said = told(page, "Page 2 is deleted")
        assert "page 2 now" in said and "came after it" in said
        assert shown_at_address(page) == 2
        assert page_images(database, url) == [second, third]
        assert page.locator('figure[data-number="3"]').count() == 0

        # Deleting the last page: the page before it, the last one now, is shown.
        after_reload(page, lambda: page.click("#edit-page-2-delete"), confirm=True)
        said = told(page, "Page 2 is deleted")
        assert "page 1, the last page now" in said
        assert shown_at_address(page) == 1
        assert page_images(database, url) == [second]

        # Said once: opening the reader again says nothing of it, still in edit mode.
        page.reload()
        page.wait_for_function("() => window.panelcraftReader !== undefined")
        page.locator("#edit-bar").wait_for(state="visible")
        page.wait_for_timeout(600)
        assert page.locator("#edit-status-text").inner_text() == ""
        assert shown_at_address(page) == 1


def test_on_a_desktop_with_spreads_a_page_moved_earlier_is_named_by_the_address(server, books):
    """The last page, alone on its spread, one earlier: the reader opens on the spread it is in now."""
    _, database = server
    _, cookies = books
    with people(server[0], viewport=DESKTOP) as person:
        page = person()
        page.context.add_cookies(cookies)
        page.goto("/studio/")
        make_in_studio(page, "a lighthouse keeper who collects lost umbrellas", pages=3, panels=1)
        page.click("#read-link")
        page.wait_for_selector("#page-indicator")
        url = page.url.split("#")[0]
        page.goto(f"{url}#p3")
        page.wait_for_function("() => window.panelcraftReader !== undefined")
        page.click("#edit-toggle")
        page.locator("#edit-page-3-earlier").wait_for()
        assert page.evaluate("panelcraftReader.shown()") == [3]
        first, second, third = page_images(database, url)

        after_reload(page, lambda: page.click("#edit-page-3-earlier"))
        said = told(page, "page 3 is now page 2")
        assert page_images(database, url) == [first, third, second]
        assert page.evaluate("panelcraftReader.shown()") == [1, 2], "a spread"
        assert page.evaluate("location.hash") == "#p2", said
        assert shown_at_address(page) == 2
        # The page and its Previous/Next in the window, with the status said.
        assert page.evaluate("document.getElementById('next-page').getBoundingClientRect().bottom <= innerHeight")
        page.reload()
        page.wait_for_function("() => window.panelcraftReader !== undefined")
        assert page.evaluate("location.hash") == "#p2" and page.evaluate("panelcraftReader.shown()") == [1, 2]


def test_a_picture_book_has_its_text_changed_in_the_reader_without_the_bubble_tools(server, books):
    _, database = server
    url = books[0]["picture book"]
    with people(server[0], viewport=DESKTOP) as person:
        page = reader(person, books, "picture book", DESKTOP)
        page.click("#edit-toggle")
        caption = page.locator('figure[data-number="1"] .edit-target--caption')
        caption.wait_for(state="visible")

        # Nothing here is a bubble: no bubble outlines, no handles to drag, no word of dragging in the hint.
        hint = page.locator("#edit-hint").inner_text()
        assert "bubble" not in hint and "drag" not in hint, hint
        assert page.locator(".edit-target--bubble, .edit-handle").count() == 0
        assert caption.get_attribute("aria-label") == "The text of page 1: change it"

        # Its text opens a form with the page's text alone: no speakers, lines, sound effect or bubble places.
        before = captions(database, url)
        caption.click()
        dialog = page.locator("#edit-panel")
        dialog.wait_for(state="visible")
        assert page.locator("#edit-panel-title").inner_text() == "Page 1"
        assert page.evaluate("document.activeElement.id") == "edit-caption"
        assert page.locator("#edit-caption").input_value() == before[0]
        assert page.locator("label[for=edit-caption]").inner_text() == "The page’s text"
        assert page.locator("#edit-lines, #edit-add-line, .edit-line-speaker, #edit-sfx, #edit-auto-place").count() == 0
        assert page.locator("#edit-redraw").inner_text() == "Redraw this picture"
        check(page, "picture-book-form")

        # Too much text is told at the field, and nothing is sent to be lettered.
        jobs = jobs_of(database, url)
        page.fill("#edit-caption", "A very long day on the moon. " * 25)
        page.click("#edit-save")
        error = page.locator("#edit-caption-error")
        error.wait_for(state="visible")
        assert error.inner_text() == "A page's text has at most 500 characters."
        assert page.locator("#edit-caption").get_attribute("aria-invalid") == "true"
        assert jobs_of(database, url) == jobs and dialog.is_visible()

        # New words: the page comes back lettered with them, the reader not reloaded.
        words = "Bleep planted one silver seed and waited for the Earth to rise."
        page.evaluate("window.__sameReader = true")
        src = page_src(page, 1)
        page.fill("#edit-caption", words)
        page.click("#edit-save")
        dialog.wait_for(state="hidden")
        assert wait_for_new_page(page, 1, src) < 10
        told(page, "Page 1 is lettered again")
        assert page.evaluate("window.__sameReader") is True
        assert captions(database, url) == [words, *before[1:]]
        page.click("#transcript-toggle")
        assert words in page.locator("#transcript").inner_text()
        page.click("#transcript-toggle")

        # What is offered for its pages works too: page 1 one later, lettered with its new number.
        images = page_images(database, url)
        after_reload(page, lambda: page.click("#edit-page-1-later"))
        told(page, "page 1 is now page 2")
        assert shown_at_address(page) == 2
        assert captions(database, url) == [before[1], words, *before[2:]]
        moved = page_images(database, url)
        assert moved[1] and moved[1] != images[0], "the page that moved is lettered again with its new number"
        page.wait_for_function("() => document.querySelector('figure[data-number=\"2\"] img').naturalWidth > 0")
        page.click("#transcript-toggle")
        assert words in page.locator("#transcript").inner_text()
