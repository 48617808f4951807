"""Editing a finished comic in its reader, in a real browser against a real server.

alice changes a bubble's words, drags the bubble somewhere else, redraws a
panel and puts its first picture back, and adds two pages: each time the
page on the screen changes without the reader reloading (but for the new
pages), and the server's database holds what she did. With the form open
the reader has no serious accessibility violation (axe-core), on a desktop
and on a phone. On a touch screen a bubble's resize handle leaves its words
clear and takes a finger, as do the outlines and the editor's buttons. bob,
reading her published comic, has no way to edit it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser.test_accessibility import FOCUS_RING, serious_violations
from tests.browser.test_journey import ARTIFACTS, launch_chromium, make_in_studio, people, sign_up
from tests.servers import dev_server

playwright = pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python.sync_playwright")
pytestmark = [pytest.mark.browser]

DESKTOP = {"width": 1280, "height": 900}
MODERATOR = ("moderator", "a-long-enough-passphrase")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editing-server")
    # The superuser holds every permission, moderation included.
    with dev_server(folder, superuser=MODERATOR) as base:
        yield base, folder / "db.sqlite3"


@pytest.fixture(scope="module")
def comic(server):
    """alice's published 2-page comic of 2 panels a page: its reader's address and her cookies."""
    base, _ = server
    with people(base, viewport=DESKTOP) as person:
        page = person()
        sign_up(page, "alice")
        make_in_studio(page, "a shy dragon who opens a tiny tea shop", pages=2, panels=2)
        page.click("#read-link")
        page.wait_for_selector("#page-indicator")
        page.click("#publish-button")
        page.wait_for_selector("#unpublish-button")
        return page.url.split("#")[0], page.context.cookies()


def comic_id(url: str) -> int:
    return int(url.rstrip("/").rsplit("/", 1)[1])


def stored_panel(database: Path, url: str, page_number: int, panel_number: int) -> dict:
    """One panel as the server stored it (its SQLite database), with how many versions of its art there are."""
    with sqlite3.connect(database) as db:
        pk, dialogue, bubbles, art = db.execute(
            "SELECT n.id, n.dialogue, n.bubbles, n.art FROM comics_panel n JOIN comics_page p ON p.id = n.page_id"
            ' WHERE p.comic_id = ? AND p."index" = ? AND n."index" = ?',
            (comic_id(url), page_number - 1, panel_number - 1),
        ).fetchone()
        versions = dict(db.execute("SELECT number, art FROM comics_panelversion WHERE panel_id = ?", (pk,)).fetchall())
    return {
        "dialogue": json.loads(dialogue or "[]"),
        "bubbles": json.loads(bubbles or "[]"),
        "art": art,
        "versions": versions,
    }


def jobs_of(database: Path, url: str) -> int:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT COUNT(*) FROM comics_generationjob WHERE comic_id = ?", (comic_id(url),)).fetchone()[
            0
        ]


def page_images(database: Path, url: str) -> list[str]:
    with sqlite3.connect(database) as db:
        rows = db.execute('SELECT image FROM comics_page WHERE comic_id = ? ORDER BY "index"', (comic_id(url),))
        return [image for (image,) in rows.fetchall()]


def open_reader(person, comic, size):
    url, cookies = comic
    page = person(size["width"], size["height"])
    page.context.add_cookies(cookies)
    page.goto(url + "#p1")
    page.wait_for_function("() => window.panelcraftReader !== undefined")
    return page


def page_src(page, number: int) -> str:
    return page.locator(f'figure[data-number="{number}"] img').get_attribute("src")


def wait_for_new_page(page, number: int, before: str, timeout: float = 30_000) -> float:
    """Wait until page ``number`` shows another image than ``before``; the seconds it took."""
    start = time.monotonic()
    page.wait_for_function(
        "([n, src]) => { const img = document.querySelector(`figure[data-number='${n}'] img`);"
        " return img && img.getAttribute('src') !== src && img.complete; }",
        arg=[number, before],
        timeout=timeout,
    )
    return time.monotonic() - start


def first_bubble(page, number: int):
    """The first bubble outline on page ``number``, and its panel (1-based)."""
    bubble = page.locator(f'figure[data-number="{number}"] .edit-target--bubble').first
    bubble.wait_for(state="visible")
    panel = int(bubble.get_attribute("data-key").split(":")[0])
    return bubble, panel


# Notes the job page's link the moment the editor shows it (the job may be done, and the reader reloaded, soon after).
WATCH_JOB_LINK = """
() => { const link = document.getElementById('edit-status-link');
        new MutationObserver(() => { if (!link.hidden) window.__jobLink = link.getAttribute('href'); })
          .observe(link, {attributes: true}); }
"""


def gap_between(page, left: str, right: str) -> float:
    """How far (CSS pixels) the thing ``right`` finds starts after the end of what ``left`` finds."""
    return page.evaluate(
        "([a, b]) => document.querySelector(b).getBoundingClientRect().left"
        " - document.querySelector(a).getBoundingClientRect().right",
        [left, right],
    )


# How much of the window a header that stays on top of the page covers (none when it scrolls away).
STICKY_HEADER = """
() => { const header = document.querySelector('.site-header');
        return ['sticky', 'fixed'].includes(getComputedStyle(header).position) ? header.offsetHeight : 0; }
"""


def stage_fits(page) -> bool:
    """Whether the reader, from its bar (the edit bar with it) to Previous/Next, fits the window under the header."""
    reader = page.evaluate(
        "() => document.getElementById('next-page').getBoundingClientRect().bottom"
        " - document.getElementById('reader').getBoundingClientRect().top"
    )
    return reader <= page.evaluate("innerHeight") - page.evaluate(STICKY_HEADER)


def check(page, what: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"editing-{what}.png"))
    found = serious_violations(page)
    assert not found, f"{what}:\n" + "\n".join(found)


def test_the_owner_edits_a_bubble_moves_it_redraws_a_panel_and_continues_the_story(server, comic):
    _, database = server
    url, _ = comic
    timings = {}
    with people(server[0], viewport=DESKTOP) as person:
        page = open_reader(person, comic, DESKTOP)
        page.click("#edit-toggle")
        assert page.locator("#edit-toggle").get_attribute("aria-pressed") == "true"
        assert page.locator("#edit-bar").is_visible()
        bubble, panel = first_bubble(page, 1)
        before = stored_panel(database, url, 1, panel)

        # A spread: each page's buttons are set apart from the next page's, and the page with its
        # Previous/Next fits in the window.
        assert page.evaluate("panelcraftReader.shown()") == [1, 2]
        assert gap_between(page, "#edit-page-1-delete", "#edit-page-2-name") >= 12
        bar_height = page.locator("#edit-bar").bounding_box()["height"]
        assert stage_fits(page)

        # A bubble opens its panel's form, with its lines; axe finds nothing serious with it open.
        bubble.click()
        dialog = page.locator("#edit-panel")
        dialog.wait_for(state="visible")
        assert page.locator("#edit-panel-title").inner_text() == f"Page 1, panel {panel}"
        assert page.locator("#edit-line-1-speaker").input_value() == before["dialogue"][0]["speaker"]
        assert page.locator("#edit-line-1-text").input_value() == before["dialogue"][0]["text"]
        check(page, "desktop-form")

        # A line without a speaker is told at the field; nothing is sent to be lettered.
        jobs = jobs_of(database, url)
        page.fill("#edit-line-1-speaker", "")
        page.click("#edit-save")
        error = page.locator("#edit-line-1-error")
        error.wait_for(state="visible")
        assert "needs a speaker" in error.inner_text()
        speaker = page.locator("#edit-line-1-speaker")
        assert speaker.get_attribute("aria-invalid") == "true"
        assert "edit-line-1-error" in speaker.get_attribute("aria-describedby")
        assert page.evaluate("document.activeElement.id") == "edit-line-1-speaker"
        assert jobs_of(database, url) == jobs and dialog.is_visible()

        # New words: the page is lettered again and swapped in, the reader not reloaded.
        page.evaluate("window.__sameReader = true")
        src = page_src(page, 1)
        page.fill("#edit-line-1-speaker", before["dialogue"][0]["speaker"])
        page.fill("#edit-line-1-text", "Tea for two, please!")
        start = time.monotonic()
        page.click("#edit-save")
        dialog.wait_for(state="hidden")
        assert page.locator("#edit-status-text").inner_text().startswith("Lettering page 1")
        timings["words"] = wait_for_new_page(page, 1, src) + time.monotonic() - start
        assert stored_panel(database, url, 1, panel)["dialogue"][0]["text"] == "Tea for two, please!"
        assert page.evaluate("window.__sameReader") is True
        page.wait_for_function("() => document.getElementById('edit-status-text').textContent.includes('lettered')")
        page.click("#transcript-toggle")
        assert "Tea for two, please!" in page.locator("#transcript").inner_text()
        page.click("#transcript-toggle")

        # What the status says keeps to one line: the bar is as tall as before and the page still fits.
        assert page.locator("#edit-bar").bounding_box()["height"] == pytest.approx(bar_height, abs=1)
        assert stage_fits(page)

        # A line too long is told at that line, not at the foot of the lines; the status of the last
        # save is gone once another is tried.
        bubble, panel = first_bubble(page, 1)
        bubble.click()
        dialog.wait_for(state="visible")
        jobs = jobs_of(database, url)
        page.click("#edit-add-line")
        page.fill("#edit-line-2-speaker", before["dialogue"][0]["speaker"])
        page.fill("#edit-line-2-text", "and more tea " * 25)
        page.click("#edit-save")
        error = page.locator("#edit-line-2-error")
        error.wait_for(state="visible")
        assert "Line 2 has at most" in error.inner_text()
        assert page.locator("#edit-dialogue-error").is_hidden()
        line = page.locator("#edit-line-2-text")
        assert line.get_attribute("aria-invalid") == "true"
        assert "edit-line-2-error" in line.get_attribute("aria-describedby")
        assert error.bounding_box()["y"] < page.locator("#edit-add-line").bounding_box()["y"], "in line 2's row"
        assert page.locator("#edit-status-text").inner_text() == ""
        assert jobs_of(database, url) == jobs
        page.click("#edit-panel [data-close]:not(.btn-quiet)")
        dialog.wait_for(state="hidden")

        # Dragging the bubble down a fifth of its panel: its place is stored and the page lettered with it there.
        bubble, panel = first_bubble(page, 1)
        key = bubble.get_attribute("data-key")
        regions = page.evaluate("panelcraftReader.sheet(1).regions.panels")
        panel_box = regions[panel - 1]["box"]
        old_top = next(t["box"][1] for t in regions[panel - 1]["text"] if t["kind"] == "bubble")
        box = bubble.bounding_box()
        panel_on_screen = page.locator(f'figure[data-number="1"] [data-key="{panel}:panel"]').bounding_box()
        down = panel_on_screen["height"] * 0.2
        src = page_src(page, 1)
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        for step in range(1, 6):
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 + down * step / 5)
        page.mouse.up()
        assert not dialog.is_visible(), "a drag is not a click"
        timings["drag"] = wait_for_new_page(page, 1, src)
        place = stored_panel(database, url, 1, panel)["bubbles"][int(key.split(":")[2])]
        old_y = (old_top - panel_box[1]) / (panel_box[3] - panel_box[1])
        assert place is not None and place["y"] == pytest.approx(old_y + 0.2, abs=0.05), place
        regions = page.evaluate("panelcraftReader.sheet(1).regions.panels")
        new_top = next(t["box"][1] for t in regions[panel - 1]["text"] if t["kind"] == "bubble")
        assert new_top > old_top + (panel_box[3] - panel_box[1]) * 0.1, "the lettered page has it lower"

        # Redrawing the panel (a new seed): one more version; the first one can be put back.
        assert len(stored_panel(database, url, 1, panel)["versions"]) == 1
        page.locator(f'figure[data-number="1"] [data-key="{panel}:panel"]').click()
        dialog.wait_for(state="visible")
        src = page_src(page, 1)
        page.click("#edit-redraw")
        timings["redraw"] = wait_for_new_page(page, 1, src)
        redrawn = stored_panel(database, url, 1, panel)
        assert len(redrawn["versions"]) == 2 and redrawn["art"] == redrawn["versions"][2]

        page.locator(f'figure[data-number="1"] [data-key="{panel}:panel"]').click()
        page.click("#edit-versions-toggle")
        versions = page.locator("#edit-versions-list .edit-version")
        versions.nth(1).wait_for()
        assert versions.count() == 2
        page.wait_for_function(
            "() => [...document.querySelectorAll('#edit-versions-list img')].every((img) => img.naturalWidth > 0)"
        )
        assert page.locator("#edit-versions-list [aria-current=true]").inner_text().startswith("Version 2")
        page.screenshot(path=str(ARTIFACTS / "editing-desktop-versions.png"))
        src = page_src(page, 1)
        page.click("button[aria-label='Use version 1']")
        timings["version"] = wait_for_new_page(page, 1, src)
        back = stored_panel(database, url, 1, panel)
        assert back["art"] == back["versions"][1] and len(back["versions"]) == 2
        page.locator(f'figure[data-number="1"] [data-key="{panel}:panel"]').click()
        page.click("#edit-versions-toggle")
        page.locator("#edit-versions-list [aria-current=true]").wait_for()
        assert page.locator("#edit-versions-list [aria-current=true]").inner_text().startswith("Version 1")
        page.keyboard.press("Escape")
        assert not dialog.is_visible(), "Escape closes the form"

        # Two more pages: the reader opens again on the first of them, still in edit mode.
        count = page.evaluate("panelcraftReader.count")
        page.click("#edit-continue")
        page.locator("#edit-more").wait_for(state="visible")
        page.fill("#edit-more-pages", "20")
        page.click("#edit-more-submit")
        page.locator("#edit-pages-error").wait_for(state="visible")
        assert "at most" in page.locator("#edit-pages-error").inner_text()
        assert page.locator("#edit-more-pages").get_attribute("aria-invalid") == "true"
        page.fill("#edit-more-pages", "2")
        page.fill("#edit-direction", "then the storm returns")
        page.evaluate(WATCH_JOB_LINK)
        page.click("#edit-more-submit")
        page.wait_for_function("() => window.__jobLink !== undefined")
        assert "/jobs/" in page.evaluate("window.__jobLink"), "a link to the job page while it is made"
        page.wait_for_function(
            f"() => window.panelcraftReader && panelcraftReader.count === {count + 2}", timeout=90_000
        )
        assert page.evaluate("panelcraftReader.page()") == 3
        page.wait_for_function("() => document.querySelector(\"figure[data-number='3'] img\").naturalWidth > 0")
        assert page.locator("#edit-toggle").get_attribute("aria-pressed") == "true"
        page.screenshot(path=str(ARTIFACTS / "editing-desktop-continued.png"))

        # Page 3 one earlier: it is page 2 now, and the reader opens there.
        third = page_images(database, url)[2]
        page.evaluate("window.__sameReader = true")
        page.click("#edit-page-3-earlier")
        page.wait_for_function("() => !window.__sameReader && window.panelcraftReader", timeout=30_000)
        assert page_images(database, url)[1] == third
        assert 2 in page.evaluate("panelcraftReader.shown()")

        # Deleting the last page asks first.
        page.evaluate("panelcraftReader.show(4)")
        page.once("dialog", lambda question: question.accept())
        page.click("#edit-page-4-delete")
        page.wait_for_function(
            f"() => window.panelcraftReader && panelcraftReader.count === {count + 1}", timeout=30_000
        )
        assert len(page_images(database, url)) == 3
    print("seconds until the page was back:", {what: round(s, 2) for what, s in timings.items()})
    assert timings["words"] < 5 and timings["drag"] < 5


def test_on_a_phone_a_bubble_moves_with_the_keys_and_the_form_fits_and_passes_axe(server, comic):
    _, database = server
    url, _ = comic
    with people(server[0], viewport=PHONE) as person:
        page = open_reader(person, comic, PHONE)
        page.click("#edit-toggle")
        assert page.evaluate("panelcraftReader.mode()") == "pages", "outlines over whole pages"
        bubble, panel = first_bubble(page, 1)
        page.screenshot(path=str(ARTIFACTS / "editing-phone-outlines.png"))

        # The header's links are one row; the edit bar is small, its buttons one row (that scrolls sideways).
        tops = page.evaluate(
            "[...document.querySelectorAll('.nav-links > li')].map((li) => li.getBoundingClientRect().top)"
        )
        assert len(tops) >= 5 and max(tops) - min(tops) < 2, f"the header's links wrap: {tops}"
        bar = page.locator("#edit-bar").bounding_box()
        assert bar["height"] <= PHONE["height"] * 0.2, bar
        tops = page.evaluate(
            "[...document.querySelectorAll('#edit-bar button')].map((b) => b.getBoundingClientRect().top)"
        )
        assert "edit-page-1-delete" in button_heights(page, "#edit-bar button") and max(tops) - min(tops) < 2, tops
        # The resize dots stay on the page.
        assert page.evaluate(DOTS_OFF_THE_PAGE) == []

        # With the keyboard: a chosen bubble moves with the arrow keys, its place sent when they rest.
        key = bubble.get_attribute("data-key")
        places = stored_panel(database, url, 1, panel)["bubbles"]
        before = places[int(key.split(":")[2])] if int(key.split(":")[2]) < len(places) else None
        src = page_src(page, 1)
        bubble.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        assert page.evaluate("panelcraftReader.page()") == 1, "the arrow keys move the bubble, not the page"
        wait_for_new_page(page, 1, src)
        after = stored_panel(database, url, 1, panel)["bubbles"][int(key.split(":")[2])]
        assert after["x"] > (before or {"x": 0})["x"] and after["y"] == pytest.approx((before or after)["y"], abs=0.01)
        page.wait_for_function(f"() => document.activeElement.getAttribute('data-key') === '{key}'")
        assert page.evaluate(FOCUS_RING), "the moved bubble keeps the focus, and shows it"
        # What the status says is one line: the bar does not grow, its whole text is in the live region.
        page.wait_for_function("() => document.getElementById('edit-status-text').textContent.includes('lettered')")
        said = page.locator("#edit-status-text")
        assert said.get_attribute("title") == said.text_content()
        assert page.locator("#edit-bar").bounding_box()["height"] == pytest.approx(bar["height"], abs=1)
        assert page.evaluate(DOTS_OFF_THE_PAGE) == []

        page.keyboard.press("Enter")
        page.locator("#edit-panel").wait_for(state="visible")
        box = page.locator("#edit-panel").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        check(page, "phone-form")
        page.keyboard.press("Escape")
        # Editing ends with the reader as it was: panel by panel on a phone.
        page.click("#edit-toggle")
        assert page.evaluate("panelcraftReader.mode()") == "guided"
        assert not page.locator(".edit-layer").count()


def no_edit_controls(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.panelcraftReader !== undefined")
    assert page.locator("#edit-toggle").count() == 0
    assert page.locator("#edit-bar, #edit-panel, #reader-editor, script[src*='reader-edit']").count() == 0


def test_another_reader_and_a_moderator_of_a_published_comic_see_no_edit_controls(server, comic):
    url, _ = comic
    with people(server[0], viewport=DESKTOP) as person:
        bob = person()
        sign_up(bob, "bob")
        no_edit_controls(bob, url)

        moderator = person()
        moderator.goto("/accounts/login/")
        moderator.fill("#id_username", MODERATOR[0])
        moderator.fill("#id_password", MODERATOR[1])
        moderator.click("button[type=submit]")
        moderator.wait_for_load_state()
        assert moderator.goto("/gallery/moderation/").status == 200, "signed in as a moderator"
        no_edit_controls(moderator, url)


FINGER = 44  # CSS pixels: the smallest a target for a finger should be, each way


@contextmanager
def touch_phone(base: str, cookies: list):
    """A phone with a touch screen (its pointer is coarse), signed in with ``cookies``; JavaScript errors fail."""
    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        context = browser.new_context(base_url=base, viewport=PHONE, has_touch=True, is_mobile=True)
        context.add_cookies(cookies)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page
        browser.close()
    assert errors == [], f"JavaScript errors: {errors}"


# For each resize handle on the pages in view: how much of its dot lies over any bubble's or caption's
# outline (its own included, in square CSS pixels), and the area where a press reaches it: how far it
# spans each way and how many CSS pixels it holds.
HANDLES = """
() => {
  const words = [...document.querySelectorAll(
    "figure.is-shown .edit-target--bubble, figure.is-shown .edit-target--caption",
  )].map((e) => e.getBoundingClientRect());
  const over = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left))
    * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  return [...document.querySelectorAll("figure.is-shown .edit-handle")].map((handle) => {
    const dot = handle.getBoundingClientRect();
    const xs = [], ys = [];
    for (let x = Math.floor(dot.left) - 40; x <= dot.right + 40; x++)
      for (let y = Math.floor(dot.top) - 40; y <= dot.bottom + 40; y++)
        if (document.elementFromPoint(x, y) === handle) { xs.push(x); ys.push(y); }
    return {
      key: handle.parentNode.querySelector(".edit-target").getAttribute("data-key"),
      dot: [dot.width, dot.height],
      over_words: Math.max(0, ...words.map((w) => over(dot, w))),
      reach: [Math.max(...xs) - Math.min(...xs) + 1, Math.max(...ys) - Math.min(...ys) + 1],
      area: xs.length,
    };
  });
}
"""

# For each bubble and caption outline in view: how far a press reaches it, across and down through its middle.
OUTLINE_REACH = """
() => [...document.querySelectorAll("figure.is-shown .edit-target--bubble, figure.is-shown .edit-target--caption")]
  .map((target) => {
    const r = target.getBoundingClientRect();
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const hits = (x, y) => document.elementFromPoint(x, y) === target;
    let across = 0, down = 0;
    for (let x = Math.floor(r.left) - 40; x <= r.right + 40; x++) if (hits(x, cy)) across++;
    for (let y = Math.floor(r.top) - 40; y <= r.bottom + 40; y++) if (hits(cx, y)) down++;
    return {key: target.getAttribute("data-key"), size: [r.width, r.height], reach: [across, down]};
  })
"""


# The resize dots on the pages in view that reach past their page's image.
DOTS_OFF_THE_PAGE = """
() => [...document.querySelectorAll("figure.is-shown .edit-handle")].filter((handle) => {
  const page = handle.closest("figure").querySelector("img").getBoundingClientRect();
  const dot = handle.getBoundingClientRect();
  return dot.left < page.left - 0.5 || dot.top < page.top - 0.5 || dot.right > page.right + 0.5
    || dot.bottom > page.bottom + 0.5;
}).map((handle) => handle.previousElementSibling.getAttribute("data-key"))
"""


def button_heights(page, selector: str) -> dict[str, float]:
    """The height on the screen of each button shown that ``selector`` finds, by its id or words."""
    return page.evaluate(
        "(selector) => Object.fromEntries([...document.querySelectorAll(selector)]"
        ".filter((b) => b.getClientRects().length)"
        ".map((b) => [b.id || b.textContent.trim(), b.getBoundingClientRect().height]))",
        selector,
    )


def roomiest_bubble(page, number: int, only: tuple[int, int] | None = None) -> tuple[int, int, float]:
    """The bubble on page ``number`` (or ``only`` that one) with the most room on its right in its panel.

    Its panel and index in the panel, and its width as lettered, as a fraction of the panel's.
    """
    panels = page.evaluate(f"panelcraftReader.sheet({number}).regions.panels")
    best = None
    for p, region in enumerate(panels):
        left, _, right, _ = region["box"]
        bubbles = [t["box"] for t in region["text"] if t["kind"] == "bubble"]
        for b, box in enumerate(bubbles):
            if only and only != (p + 1, b):
                continue
            room = right - box[2]
            if best is None or room > best[0]:
                best = (room, p + 1, b, (box[2] - box[0]) / (right - left))
    assert best is not None, "a bubble on the page"
    return best[1], best[2], best[3]


def test_on_a_touch_screen_the_handles_leave_the_words_clear_and_every_target_takes_a_finger(server, comic):
    base, database = server
    url, cookies = comic
    with touch_phone(base, cookies) as page:
        page.goto(url + "#p1")
        page.wait_for_function("() => window.panelcraftReader !== undefined")
        assert page.evaluate("matchMedia('(pointer: coarse)').matches"), "a touch screen"
        page.click("#edit-toggle")
        first_bubble(page, 1)
        page.screenshot(path=str(ARTIFACTS / "editing-touch-outlines.png"))

        # Each handle: a small dot that covers no words (at most the outline's own corner), pressed anywhere in 44 x 44.
        handles = page.evaluate(HANDLES)
        assert handles, "a bubble with a handle on page 1"
        for handle in handles:
            assert max(handle["dot"]) < FINGER / 2, handle
            assert handle["over_words"] <= 16, f"the handle covers words: {handle}"
            assert min(handle["reach"]) >= FINGER and handle["area"] >= FINGER**2, f"a finger misses it: {handle}"

        # Bubbles and captions far smaller on a phone than a finger still take one, and so do the editor's buttons.
        for outline in page.evaluate(OUTLINE_REACH):
            assert min(outline["reach"]) >= FINGER, outline
        assert any(min(outline["size"]) < FINGER for outline in page.evaluate(OUTLINE_REACH)), "small words here"
        heights = button_heights(page, "#edit-toggle, #edit-bar button")
        assert "edit-continue" in heights and "edit-page-1-delete" in heights
        assert all(h >= FINGER for h in heights.values()), heights

        # A finger on the handle's area, off its dot, drags the bubble wider.
        panel, b, width = roomiest_bubble(page, 1)
        key = f"{panel}:bubble:{b}"
        handle = page.locator(f'figure[data-number="1"] [data-key="{key}"] + .edit-handle')
        dot = handle.bounding_box()
        x, y = dot["x"] + dot["width"] + 10, dot["y"] + dot["height"] + 10
        assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).className", [x, y]) == "edit-handle"
        src = page_src(page, 1)
        touch = page.context.new_cdp_session(page)
        touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for step in range(1, 7):
            touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x + 5 * step, "y": y}]})
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        assert not page.locator("#edit-panel").is_visible(), "a drag is not a tap"
        wait_for_new_page(page, 1, src)
        wider = stored_panel(database, url, 1, panel)["bubbles"][b]
        assert wider is not None and wider["w"] > width + 0.02, (width, wider)

        # The keyboard still resizes it: Shift + arrow keys on the chosen bubble, from where it is lettered now.
        page.wait_for_function("() => document.getElementById('edit-status-text').textContent.includes('lettered')")
        _, _, shown = roomiest_bubble(page, 1, only=(panel, b))
        src = page_src(page, 1)
        page.locator(f'figure[data-number="1"] [data-key="{key}"]').focus()
        page.keyboard.press("Shift+ArrowDown")
        page.keyboard.press("Shift+ArrowDown")
        wait_for_new_page(page, 1, src)
        taller = stored_panel(database, url, 1, panel)["bubbles"][b]
        assert taller["h"] > wider["h"] + 0.015 and taller["w"] == pytest.approx(shown, abs=0.002), (wider, taller)
        page.wait_for_function(f"() => document.activeElement.getAttribute('data-key') === '{key}'")
        for handle in page.evaluate(HANDLES):
            assert handle["over_words"] <= 16, f"after resizing, the handle covers words: {handle}"

        # The form's buttons take a finger too.
        page.keyboard.press("Enter")
        page.locator("#edit-panel").wait_for(state="visible")
        heights = button_heights(page, "#edit-panel button")
        assert "edit-save" in heights and all(h >= FINGER for h in heights.values()), heights
        page.keyboard.press("Escape")
