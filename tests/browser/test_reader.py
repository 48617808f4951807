"""Reading a comic on a phone and on a desktop, in a real browser.

Comics made in the studio by the built-in backends are read panel by panel to
the end, with taps and with the arrow keys, on a 390 x 844 phone and a
1440 x 900 desktop. The words on screen are measured at every step: the body
size each caption and bubble was lettered at (stored with the page, and
checked against the ink on the page in tests/comics/test_print_type_size.py)
times the size the browser actually draws the page image at, for each one
wholly in view.
"""

from __future__ import annotations

import pytest

from tests.browser.test_journey import ARTIFACTS, make_in_studio, people, sign_up
from tests.servers import dev_server

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
READABLE_CSS_PX = 14

# The words wholly on screen and inside the panel being read: for each, where
# it is in the book and its type size in CSS px.
WORDS_ON_SCREEN = """
() => {
  const sheets = JSON.parse(document.getElementById('reader-sheets').textContent);
  const stage = document.getElementById('book').getBoundingClientRect();
  const focus = document.querySelector('.reader-focus').getBoundingClientRect();
  const inside = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1
    && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  const words = [];
  document.querySelectorAll('.sheet.is-shown').forEach((figure) => {
    const sheet = sheets[Number(figure.dataset.index)];
    const img = figure.querySelector('img').getBoundingClientRect();
    const scale = img.width / sheet.width;
    sheet.regions.panels.forEach((panel, p) => panel.text.forEach((text, t) => {
      const [x0, y0, x1, y1] = text.box;
      const r = {left: img.left + x0 * scale, top: img.top + y0 * scale,
                 right: img.left + x1 * scale, bottom: img.top + y1 * scale};
      if (inside(r, stage) && inside(r, focus)) words.push([`${figure.dataset.index}/${p}/${t}`, text.px * scale]);
    }));
  });
  return words;
}
"""

ALL_WORDS = """
() => JSON.parse(document.getElementById('reader-sheets').textContent).flatMap(
  (sheet, s) => sheet.regions.panels.flatMap((panel, p) => panel.text.map((_, t) => `${s}/${p}/${t}`)))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with dev_server(tmp_path_factory.mktemp("reader-server")) as base:
        yield base


def make(page, idea: str, *, pages: int, panels: int = 4, layout: str = "", picture_book: bool = False) -> str:
    page.goto("/studio/")
    if picture_book:  # one illustration a page: no panels to choose
        page.check("input[name=kind][value=picture_book]")
        page.fill("#id_idea", idea)
        page.fill("#id_pages", str(pages))
        page.click("#make-button")
        page.wait_for_url("**/jobs/*/")
        page.wait_for_selector("#read-link", state="visible", timeout=90_000)
    else:
        if layout:
            page.select_option("#id_layout", layout)
        make_in_studio(page, idea, pages=pages, panels=panels)
    page.click("#read-link")
    page.wait_for_selector("#page-indicator")
    return page.url.split("#")[0]


@pytest.fixture(scope="module")
def books(server):
    """A 3-page grid comic, a 2-page strips comic and a 2-page picture book by a new author; their readers."""
    with people(server, viewport=DESKTOP) as person:
        page = person()
        sign_up(page, "readeverywhere")
        urls = {
            "grid": make(page, "a shy dragon who opens a tiny tea shop", pages=3),
            "strips": make(page, "a kitten ninja saves the noodle festival", pages=2, layout="strips"),
            "picture book": make(page, "a lonely robot plants a garden on the moon", pages=2, picture_book=True),
        }
        return urls, page.context.cookies()


@pytest.fixture(scope="module")
def comic_url(books):
    urls, cookies = books
    return urls["grid"], cookies


def open_reader(person, comic_url, size, fragment=""):
    url, cookies = comic_url
    page = person(size["width"], size["height"])
    page.context.add_cookies(cookies)
    page.goto(url + fragment)
    page.wait_for_function("() => window.panelcraftReader !== undefined")
    return page


def indicator(page) -> str:
    return page.locator("#page-indicator").inner_text()


def tap_right(page) -> None:
    box = page.locator("#book").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.85, box["y"] + box["height"] / 2)


def read_to_the_end(page, advance, name: str, *, every_step: bool = True) -> dict:
    """Advance through the guided view to the end card, measuring the words on screen at each step.

    Returns the largest size each caption or bubble was seen at. With
    ``every_step`` the words must read at 14 CSS px or more at every step,
    not only at their closest look.
    """
    best: dict[str, float] = {}
    seen_pages = []
    page.emulate_media(reduced_motion="reduce")  # no glide between panels to wait for
    for step in range(120):
        page.wait_for_timeout(40)
        if page.locator("#reader-end").is_visible():
            break
        seen_pages.append(page.evaluate("panelcraftReader.page()"))
        for where, size in page.evaluate(WORDS_ON_SCREEN):
            best[where] = max(best.get(where, 0), size)
            if every_step:
                assert size >= READABLE_CSS_PX, f"{name}: words at {size:.1f} CSS px on {indicator(page)!r}"
        if step in (2, 3):
            page.screenshot(path=str(ARTIFACTS / f"reader-{name}-guided-{step}.png"))
        advance(page)
    else:
        pytest.fail("never reached the end")
    assert seen_pages == sorted(seen_pages), "the guided view reads in order"
    assert sorted(set(seen_pages)) == list(range(seen_pages[-1] + 1)), seen_pages
    everything = page.evaluate(ALL_WORDS)
    assert everything and sorted(best) == sorted(everything), "every caption and bubble was on screen at some step"
    small = {where: size for where, size in best.items() if size < READABLE_CSS_PX}
    assert not small, f"{name}: never larger than this: {small}"
    return best


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_read_panel_by_panel_to_the_end_with_taps_and_keys(server, comic_url, size):
    with people(server, viewport=size) as person:
        page = open_reader(person, comic_url, size)
        if size is PHONE:
            # A narrow screen opens panel by panel.
            assert page.locator("#mode-guided").get_attribute("aria-pressed") == "true"
        else:
            assert page.locator("#mode-pages").get_attribute("aria-pressed") == "true"
            page.click("#mode-guided")
        assert page.evaluate("panelcraftReader.mode()") == "guided"
        name = "phone" if size is PHONE else "desktop"

        measured = read_to_the_end(page, tap_right, f"{name}-taps")
        assert len(measured) >= 12
        end = page.locator("#reader-end")
        assert end.get_by_role("link", name="Make another").is_visible()
        assert end.get_by_role("link", name="Your shelf").is_visible()
        assert page.evaluate("location.hash") == "#end"
        page.screenshot(path=str(ARTIFACTS / f"reader-{name}-end.png"))

        page.click("#read-again")
        page.locator("#book").focus()
        assert read_to_the_end(page, lambda p: p.keyboard.press("ArrowRight"), f"{name}-keys") == measured

        # The reader's choice is remembered on this device, whichever way it goes.
        other = "pages" if size is PHONE else "guided"
        page.click(f"#mode-{other}")
        page.reload()
        page.wait_for_function("() => window.panelcraftReader !== undefined")
        assert page.evaluate("panelcraftReader.mode()") == other


@pytest.mark.parametrize("kind", ["strips", "picture book"])
def test_wide_panels_and_picture_books_read_on_a_phone(server, books, kind):
    """Strips too wide for a phone get a closer look at their words; a picture-book page reads whole."""
    urls, cookies = books
    with people(server, viewport=PHONE) as person:
        page = open_reader(person, (urls[kind], cookies), PHONE)
        assert page.evaluate("panelcraftReader.mode()") == "guided"
        read_to_the_end(page, tap_right, f"phone-{kind.replace(' ', '-')}", every_step=kind == "picture book")
        if kind == "picture book":
            assert page.locator("#mode-guided").inner_text() == "Page by page"
            # One step per sheet: each illustration with its words, as one unit.
            assert page.evaluate("panelcraftReader.steps()") == page.evaluate("panelcraftReader.count")


def page_width_on_screen(page) -> float:
    return page.locator(".sheet.is-shown img").first.bounding_box()["width"]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_zoom_pan_links_and_history(server, comic_url, size):
    with people(server, viewport=size) as person:
        page = open_reader(person, comic_url, size, "#p2")
        if page.evaluate("panelcraftReader.mode()") != "pages":
            page.click("#mode-pages")
        # The link opened page 2 (on a wide screen beside page 1: a spread, the cover alone first).
        assert 2 in page.evaluate("panelcraftReader.shown()")
        assert page.evaluate("location.hash") == "#p2"
        wide = size is DESKTOP
        assert page.evaluate("panelcraftReader.shown()") == ([1, 2] if wide else [2])
        assert indicator(page) == ("Pages 1–2 of 3" if wide else "Page 2 of 3")

        # Fit page: the whole page on the screen.
        stage = page.locator("#book").bounding_box()
        img = page.locator(".sheet.is-shown img").first.bounding_box()
        assert img["height"] <= stage["height"] + 1 and img["y"] + img["height"] <= size["height"] + 1
        before = page_width_on_screen(page)

        # Zoom with the button, then pan by dragging.
        page.click("#zoom-in")
        page.wait_for_timeout(100)
        assert page_width_on_screen(page) == pytest.approx(before * 1.5, rel=0.02)
        assert page.locator("#zoom-level").inner_text() == "150%"
        x0 = page.locator(".sheet.is-shown img").first.bounding_box()["x"]
        centre = (stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2)
        page.mouse.move(*centre)
        page.mouse.down()
        page.mouse.move(centre[0] + 60, centre[1] + 40, steps=5)
        page.mouse.up()
        assert page.locator(".sheet.is-shown img").first.bounding_box()["x"] != x0, "dragging pans a zoomed page"
        page.screenshot(path=str(ARTIFACTS / f"reader-{'desktop' if wide else 'phone'}-zoomed.png"))

        # Back to fit, then Ctrl + wheel and a double-click zoom in where they point.
        page.click("#zoom-out")
        assert page_width_on_screen(page) == pytest.approx(before, rel=0.02)
        page.keyboard.down("Control")
        page.mouse.move(*centre)
        page.mouse.wheel(0, -300)
        page.keyboard.up("Control")
        assert page.evaluate("panelcraftReader.zoom()") > 1.2
        page.keyboard.press("0")
        assert page.evaluate("panelcraftReader.zoom()") == 1
        page.mouse.dblclick(*centre)
        assert page.evaluate("panelcraftReader.zoom()") > 2
        page.mouse.dblclick(*centre)
        assert page.evaluate("panelcraftReader.zoom()") == 1

        # Turning pages writes the page into the URL; back and forward follow it.
        page.keyboard.press("ArrowRight")
        assert page.evaluate("location.hash") == "#p3"
        assert indicator(page) == "Page 3 of 3"
        page.go_back()
        page.wait_for_function("() => panelcraftReader.shown().includes(2)")
        assert page.evaluate("location.hash") == "#p2"
        page.go_forward()
        page.wait_for_function("() => panelcraftReader.shown().includes(3)")
        page.wait_for_timeout(450)  # the page turn, which tilts the page while it runs

        # Fit width is remembered: the page fills the stage's width.
        page.click("#fit-width")
        stage = page.locator("#book").bounding_box()
        assert page_width_on_screen(page) == pytest.approx(stage["width"], rel=0.01), page.evaluate(
            "() => [panelcraftReader.zoom(), document.querySelector('.reader-canvas').style.transform]"
        )
        page.reload()
        page.wait_for_function("() => window.panelcraftReader !== undefined")
        assert page.locator("#fit-width").get_attribute("aria-pressed") == "true"


# Counts the page-turn animations that start on the stage.
COUNT_TURNS = """
() => { window.__turns = 0; document.querySelector('.reader-turner')
  .addEventListener('animationstart', () => { window.__turns += 1; }); }
"""


def test_page_turns_move_only_when_motion_is_welcome(server, comic_url):
    with people(server, viewport=DESKTOP) as person:
        page = open_reader(person, comic_url, DESKTOP, "#p2")
        page.evaluate(COUNT_TURNS)
        page.wait_for_timeout(500)
        assert page.evaluate("window.__turns") == 0, "opening a link to a page does not turn a page"
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => window.__turns === 1")

        # Panel by panel, the camera glides from one panel to the next.
        page.click("#mode-guided")
        page.keyboard.press("ArrowRight")
        assert page.locator(".reader-canvas").evaluate("el => el.getAnimations().length") == 1

        calm = open_reader(person, comic_url, DESKTOP)
        calm.emulate_media(reduced_motion="reduce")
        calm.evaluate(COUNT_TURNS)
        calm.keyboard.press("ArrowRight")
        calm.wait_for_timeout(500)
        assert calm.evaluate("window.__turns") == 0
        assert calm.evaluate("panelcraftReader.shown()") == [1, 2]


# Touch input as a phone's browser reports it: pointer events with pointerType "touch".
TOUCH = """
([moves]) => {
  const book = document.getElementById('book');
  const box = book.getBoundingClientRect();
  const fire = (type, id, x, y) => book.dispatchEvent(new PointerEvent(type, {
    pointerId: id, pointerType: 'touch', isPrimary: id === 1, bubbles: true, cancelable: true,
    clientX: box.left + x, clientY: box.top + y, button: 0, buttons: type === 'pointerup' ? 0 : 1,
  }));
  for (const [type, id, x, y] of moves) fire(type, id, x, y);
}
"""


def touch(page, *moves) -> None:
    page.evaluate(TOUCH, [list(moves)])


def test_reading_panel_by_panel_end_goes_to_the_last_panel_and_home_to_the_cover(server, comic_url):
    with people(server, viewport=PHONE) as person:
        page = open_reader(person, comic_url, PHONE, "#p1")
        assert page.evaluate("panelcraftReader.mode()") == "guided"

        page.keyboard.press("End")
        assert page.evaluate("panelcraftReader.step()") == page.evaluate("panelcraftReader.steps()") - 1
        assert page.evaluate("panelcraftReader.page()") == page.evaluate("panelcraftReader.count") - 1
        page.keyboard.press("Home")
        assert page.evaluate("panelcraftReader.step()") == 0
        page.keyboard.press("ArrowRight")
        assert page.evaluate("panelcraftReader.step()") == 1 and page.evaluate("panelcraftReader.page()") == 1


def test_pinch_to_zoom_and_swipe_to_turn_on_a_phone(server, comic_url):
    with people(server, viewport=PHONE) as person:
        page = open_reader(person, comic_url, PHONE, "#p1")
        assert page.evaluate("panelcraftReader.mode()") == "guided"
        # A swipe to the left goes on to the next panel, to the right back.
        touch(page, ("pointerdown", 1, 300, 300), ("pointermove", 1, 200, 305), ("pointerup", 1, 100, 310))
        assert page.evaluate("panelcraftReader.step()") == 2
        touch(page, ("pointerdown", 1, 100, 300), ("pointermove", 1, 200, 305), ("pointerup", 1, 300, 310))
        assert page.evaluate("panelcraftReader.step()") == 1

        page.click("#mode-pages")
        before = page_width_on_screen(page)
        # Two fingers moving apart: 100 px apart, then 200.
        touch(
            page,
            ("pointerdown", 1, 150, 250),
            ("pointerdown", 2, 250, 250),
            ("pointermove", 2, 350, 250),
            ("pointerup", 2, 350, 250),
            ("pointerup", 1, 150, 250),
        )
        assert page.evaluate("panelcraftReader.zoom()") == pytest.approx(2, rel=0.01)
        assert page_width_on_screen(page) == pytest.approx(before * 2, rel=0.02)
        # Zoomed in, a swipe pans rather than turning the page.
        touch(page, ("pointerdown", 1, 300, 300), ("pointermove", 1, 200, 300), ("pointerup", 1, 200, 300))
        assert page.evaluate("panelcraftReader.shown()") == [1]
        # A double tap goes back to the whole page; a swipe then turns it.
        touch(page, ("pointerdown", 1, 195, 300), ("pointerup", 1, 195, 300))
        touch(page, ("pointerdown", 1, 195, 300), ("pointerup", 1, 195, 300))
        assert page.evaluate("panelcraftReader.zoom()") == 1
        touch(page, ("pointerdown", 1, 300, 300), ("pointermove", 1, 200, 305), ("pointerup", 1, 100, 310))
        assert page.evaluate("panelcraftReader.shown()") == [2]
