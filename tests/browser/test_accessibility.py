"""Reading and making books with assistive technology, in a real browser.

axe-core (the engine most accessibility audits use) checks the pages a
member goes through: the studio, a finished job, the reader of a comic and
of a picture book, and the shelf. None may have a serious or critical
violation. Then a comic is read with the keyboard alone, from the reader's
first control to the end, and its transcript is checked against the words
stored with the comic's panels.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.browser.test_journey import ARTIFACTS, make_in_studio, people, sign_up
from tests.servers import dev_server

playwright = pytest.importorskip("playwright.sync_api")
axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")
pytestmark = [pytest.mark.browser]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("accessibility-server")
    with dev_server(folder) as base:
        yield base, folder / "db.sqlite3"


@pytest.fixture(scope="module")
def books(server):
    """alice's 2-page comic (and its finished job page) and 2-page picture book; her cookies."""
    base, _ = server
    with people(base, viewport=DESKTOP) as person:
        page = person()
        sign_up(page, "alice")
        make_in_studio(page, "a shy dragon who opens a tiny tea shop", pages=2, panels=3)
        job = page.url
        page.click("#read-link")
        page.wait_for_selector("#page-indicator")
        comic = page.url.split("#")[0]
        page.goto("/studio/")
        page.check("input[name=kind][value=picture_book]")
        page.fill("#id_idea", "a lonely robot plants a garden on the moon")
        page.fill("#id_pages", "2")
        page.click("#make-button")
        page.wait_for_url("**/jobs/*/")
        page.wait_for_selector("#read-link", state="visible", timeout=90_000)
        page.click("#read-link")
        page.wait_for_selector("#page-indicator")
        picture_book = page.url.split("#")[0]
        return {"job": job, "comic": comic, "picture book": picture_book}, page.context.cookies()


def signed_in(person, books, size):
    _, cookies = books
    page = person(size["width"], size["height"])
    page.context.add_cookies(cookies)
    return page


def serious_violations(page) -> list[str]:
    """What axe finds that would stop or seriously hinder someone, one line per element, with the fix."""
    results = axe_playwright.Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            found.append(f"{violation['id']} ({violation['impact']}) at {node['target']}: {violation['help']}")
    return found


def check(page, what: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"a11y-{what}.png"), full_page=True)
    found = serious_violations(page)
    assert not found, f"{what}:\n" + "\n".join(found)


def open_reader(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.panelcraftReader !== undefined")


def comic_id(url: str) -> int:
    return int(url.rstrip("/").rsplit("/", 1)[1])


def stored_panels(database: Path, url: str, page_number: int) -> list[dict]:
    """The panels of one page as the server stored them (its SQLite database), in order."""
    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT n.dialogue, n.caption, n.sfx FROM comics_panel n JOIN comics_page p ON p.id = n.page_id"
            ' WHERE p.comic_id = ? AND p."index" = ? ORDER BY n."index"',
            (comic_id(url), page_number - 1),
        ).fetchall()
    return [{"dialogue": json.loads(text or "[]"), "caption": caption, "sfx": sfx} for text, caption, sfx in rows]


def shown_transcript(page) -> list[str]:
    """The transcript's pages on show, each as its text."""
    return page.locator("#transcript .transcript-page:not([hidden])").all_inner_texts()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_violations_on_the_pages_a_member_uses(server, books, size):
    base, database = server
    urls, _ = books
    name = "desktop" if size is DESKTOP else "phone"
    with people(base, viewport=size) as person:
        page = signed_in(person, books, size)
        page.goto("/studio/")
        check(page, f"{name}-studio")

        page.goto(urls["job"])
        page.wait_for_selector("#read-link", state="visible")
        check(page, f"{name}-job")

        for kind in ("comic", "picture book"):
            what = f"{name}-reader-{kind.replace(' ', '-')}"
            open_reader(page, urls[kind])
            check(page, what)

            # The transcript opens under the page with the words of the page in view.
            page.click("#transcript-toggle")
            assert page.locator("#transcript").is_visible()
            page.evaluate("panelcraftReader.show(1)")
            first = stored_panels(database, urls[kind], 1)[0]
            words = f"{first['dialogue'][0]['speaker']}: {first['dialogue'][0]['text']}" if first["dialogue"] else ""
            assert (first["caption"] or words) in " ".join(shown_transcript(page))
            # Previous and Next stay on the screen with it.
            controls = page.locator("#reader-controls").bounding_box()
            assert controls["y"] + controls["height"] <= size["height"]
            check(page, f"{what}-transcript")

            for _ in range(60):
                if page.locator("#reader-end").is_visible():
                    break
                page.click("#next-page")
            assert page.evaluate("panelcraftReader.page()") == "end"
            check(page, f"{what}-end")
            page.click("#transcript-toggle")  # closed again for the next book

        page.goto("/shelf/")
        check(page, f"{name}-shelf")


# Whether the focused element shows a ring: an outline at least 2 px wide.
FOCUS_RING = """
() => { const style = getComputedStyle(document.activeElement);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2; }
"""

# The links and buttons in a part of the page a keyboard can reach, in the order they are on the screen.
REACHABLE = """
(selector) => [...document.querySelectorAll(`${selector} a, ${selector} button`)]
  .filter((b) => !b.disabled && b.offsetParent !== null).map((b) => b.id)
"""


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


def press_until(page, key: str, element_id: str, *, limit: int = 40) -> list[str]:
    """Press ``key`` until ``element_id`` has the focus; the ids focused on the way, each with a visible ring."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        seen.append(focused(page))
        assert page.evaluate(FOCUS_RING), f"no focus ring on {seen[-1]!r}"
        if seen[-1] == element_id:
            return seen
    pytest.fail(f"{key} never reached #{element_id}: {seen}")


def test_read_a_comic_to_the_end_and_its_transcript_with_the_keyboard_alone(server, books):
    base, database = server
    urls, _ = books
    last = stored_panels(database, urls["comic"], 2)
    speaker, text = next((line["speaker"], line["text"]) for panel in last for line in panel["dialogue"])
    bubble = f"{speaker.strip()}: {text.strip()}"
    with people(base, viewport=DESKTOP) as person:
        page = signed_in(person, books, DESKTOP)
        open_reader(page, urls["comic"])

        # From the top of the page to the reader's first control, then through the bar to the book.
        press_until(page, "Tab", "mode-pages")
        bar = page.evaluate(REACHABLE, "#reader-bar")
        assert bar[0] == "mode-pages" and "transcript-toggle" in bar
        assert press_until(page, "Tab", "book") == [*bar[1:], "book"]

        # The keys turn the pages; each turn is announced politely.
        page.keyboard.press("PageDown")
        assert page.locator("#reader-status").inner_text() == page.locator("#page-indicator").inner_text()
        assert page.locator("#reader-status").inner_text() == "Pages 1–2 of 2"
        page.keyboard.press("ArrowRight")
        page.wait_for_selector("#reader-end", state="visible")
        assert page.locator("#reader-status").inner_text() == "The end"
        # Back from the end card with the arrow key, the book has the focus again, its ring shown.
        page.keyboard.press("ArrowLeft")
        page.wait_for_selector("#reader-end", state="hidden")
        assert focused(page) == "book" and page.evaluate(FOCUS_RING)
        page.keyboard.press("ArrowRight")
        page.wait_for_selector("#reader-end", state="visible")

        # The end card's links and button are next; Previous comes after them.
        end_card = page.evaluate(REACHABLE, "#reader-end")
        assert {"end-make-another", "end-shelf"} <= set(end_card) and end_card[-1] == "read-again"
        assert press_until(page, "Tab", "read-again") == end_card
        assert press_until(page, "Tab", "prev-page") == ["prev-page"]

        # Back to the bar, open the transcript with Enter: it shows the last page's words.
        press_until(page, "Shift+Tab", "transcript-toggle")
        page.keyboard.press("Enter")
        transcript = page.locator("#transcript")
        assert page.locator("#transcript-toggle").get_attribute("aria-expanded") == "true"
        assert transcript.is_visible()
        assert [part.split("\n", 1)[0] for part in shown_transcript(page)] == ["Page 2"], "the page in view only"
        assert bubble in " ".join(shown_transcript(page)), shown_transcript(page)
        page.screenshot(path=str(ARTIFACTS / "a11y-keyboard-transcript.png"))

        # Escape closes it; Space opens it again; in it, the arrow keys scroll its text, not the pages.
        page.keyboard.press("Escape")
        assert not transcript.is_visible()
        assert focused(page) == "transcript-toggle"
        page.keyboard.press(" ")
        assert transcript.is_visible()
        press_until(page, "Tab", "transcript")
        page.keyboard.press("ArrowLeft")
        assert page.evaluate("panelcraftReader.page()") == "end"
        page.keyboard.press("Escape")
        assert not transcript.is_visible() and focused(page) == "transcript-toggle"

        # The whole book, as text, one page after another.
        page.keyboard.press("Enter")
        press_until(page, "Tab", "transcript-all")
        page.keyboard.press("Enter")
        assert page.locator("#transcript-all").get_attribute("aria-pressed") == "true"
        pages = [part.split("\n", 1)[0] for part in shown_transcript(page)]
        assert pages == ["Cover", "Page 1", "Page 2"]

        # "Read it again" with the keyboard goes back to the start, the book in focus.
        press_until(page, "Shift+Tab", "book")
        page.keyboard.press("End")
        page.keyboard.press("ArrowRight")
        page.wait_for_selector("#reader-end", state="visible")
        press_until(page, "Tab", "read-again")
        page.keyboard.press("Enter")
        assert focused(page) == "book"
        assert page.evaluate("panelcraftReader.page()") == 0
