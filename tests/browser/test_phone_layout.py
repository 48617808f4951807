"""On a phone (390 x 844) no page scrolls sideways, whatever the author typed.

A title with no spaces, a moderator's long reason and the red "Hidden by a
moderator" badge all have to fit their card and the screen: the shelf, the
reader, the gallery and the moderators' pages are checked with a real
browser against a server started the way ``make run`` starts it.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.test_gallery_journey import MODERATOR
from tests.browser.test_journey import ARTIFACTS, make_in_studio, people, sign_up
from tests.servers import dev_server

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
LONG_WORD = "Supercalifragilisticexpialidocious" * 4  # 136 letters, no space to break at
LONG_REASON = "Copied-from-" + "a-book-with-no-spaces-" * 8 + "anywhere"
LONG_NAME = "Bartholomew" * 5  # the longest display name there is, in one word


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with dev_server(tmp_path_factory.mktemp("phone-server"), superuser=MODERATOR) as base:
        yield base


@pytest.fixture
def phone(server):
    """Opens a fresh phone-sized browser context per person; JavaScript errors fail the test."""
    with people(server, viewport=PHONE) as person:
        yield person


# The innermost elements that reach past the right edge of the screen, to name in a failure.
STICKING_OUT = """
(width) => [...document.body.querySelectorAll('*')]
  .filter((el) => el.getBoundingClientRect().right > width + 0.5)
  .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > width + 0.5))
  .slice(0, 5)
  .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')}`)
"""


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def assert_fits(page, what: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"phone-{what}.png"), full_page=True)
    width = page_width(page)
    assert width <= PHONE["width"], (
        f"{what} scrolls sideways: {width} px wide, past the edge: {page.evaluate(STICKING_OUT, PHONE['width'])}"
    )


def assert_inside(page, inner: str, outer: str) -> None:
    box, card = page.locator(inner).first.bounding_box(), page.locator(outer).first.bounding_box()
    assert box["x"] >= card["x"] and box["x"] + box["width"] <= card["x"] + card["width"], (inner, box, card)


def assert_on_screen(page, locator) -> None:
    """Seen without scrolling sideways: inside the viewport's width, not clipped by a scrolling box."""
    box, width = locator.bounding_box(), page.viewport_size["width"]
    assert locator.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)


# A queue card's acts: the comic's (hide, feature) in one group, its author's (ban) in another.
GROUPS = ("comic", "author")


def assert_acts_grouped(page) -> None:
    item = ".moderation-item"
    for act in ("hide", "feature"):
        assert_inside(page, f"{item} [data-act={act}]", f"{item} [data-acts=comic]")
    assert_inside(page, f"{item} [data-act=ban]", f"{item} [data-acts=author]")
    for which in GROUPS:
        assert_on_screen(page, page.locator(f"{item} [data-acts={which}]").first)


def test_long_words_and_badges_fit_a_phone(phone):
    author = phone()
    sign_up(author, "author")
    author.goto("/accounts/profile/")
    author.fill("#id_display_name", LONG_NAME)
    author.click("form button[type=submit]:text-is('Save')")
    author.wait_for_selector(".message-success")
    assert_fits(author, "profile")
    author.goto("/studio/")
    make_in_studio(author, "a snail who races the tide", pages=1, panels=2)

    # A title with no spaces, renamed from the shelf: its message and its card.
    author.goto("/shelf/")
    author.click(".shelf-more summary:text-is('Rename')")
    author.fill(".shelf-rename input[name=title]", LONG_WORD)
    author.click(".shelf-rename button[type=submit]")
    author.wait_for_selector(".message-success")
    assert LONG_WORD in author.locator(".message-success").inner_text()
    assert_fits(author, "shelf-renamed")

    # Published, then hidden by a moderator with a long reason.
    author.locator(".shelf-actions").get_by_role("link", name="Read", exact=True).click()
    author.wait_for_url(re.compile(r".*/comics/\d+/$"))
    comic_url = author.url
    author.click("#publish-button")
    author.wait_for_selector("#unpublish-button")
    assert_fits(author, "reader-published")

    reader = phone()
    sign_up(reader, "reader")
    reader.goto("/gallery/")
    assert reader.locator(".gallery-card", has_text=LONG_WORD[:30]).count() == 1
    assert_fits(reader, "gallery")
    reader.goto(comic_url)
    reader.click("#report-link")
    reader.check("input[name=reason][value=copyright]")
    reader.fill("#id_detail", LONG_REASON)
    reader.click("#report-form button[type=submit]")
    reader.wait_for_url(comic_url)

    moderator = phone()
    moderator.goto("/accounts/login/")
    assert_fits(moderator, "login")
    moderator.fill("#id_username", MODERATOR[0])
    moderator.fill("#id_password", MODERATOR[1])
    moderator.click("button[type=submit]")
    moderator.wait_for_load_state()
    moderator.goto("/gallery/moderation/")
    assert moderator.locator(".moderation-item", has_text=LONG_NAME).count() == 1
    assert_fits(moderator, "queue")
    assert_acts_grouped(moderator)
    moderator.set_viewport_size({"width": 1280, "height": 900})
    moderator.screenshot(path=str(ARTIFACTS / "wide-queue.png"), full_page=True)
    assert_acts_grouped(moderator)
    comic_acts, author_acts = (moderator.locator(f"[data-acts={which}]").first.bounding_box() for which in GROUPS)
    assert author_acts["x"] >= comic_acts["x"] + comic_acts["width"], "on a wide screen the groups stand side by side"
    moderator.set_viewport_size(PHONE)
    moderator.goto(comic_url)
    moderator.fill("#moderate-comic input[name=reason]", LONG_REASON)
    moderator.click("#hide-button")
    moderator.wait_for_selector("#unhide-button")
    assert_fits(moderator, "reader-hidden-moderator")
    moderator.goto("/gallery/moderation/audit/")
    assert_fits(moderator, "audit")
    reason = moderator.locator("#audit tr[data-action=hide] .audit-reason").first
    assert LONG_REASON in reason.inner_text()
    assert_on_screen(moderator, reason)
    moderator.goto("/gallery/moderation/?show=hidden")
    hidden = moderator.locator(".moderation-item", has_text=LONG_NAME)
    assert hidden.count() == 1 and LONG_REASON in hidden.inner_text()
    assert_fits(moderator, "queue-hidden")
    assert_on_screen(moderator, hidden.locator("[data-act=unhide]"))
    moderator.goto("/gallery/moderation/people/?q=author")
    assert_fits(moderator, "people")

    author.goto("/shelf/")
    assert author.locator(".shelf-badge--hidden").inner_text() == "Hidden by a moderator"
    assert_inside(author, ".shelf-badge--hidden", ".shelf-card")
    assert_inside(author, ".shelf-title", ".shelf-card")
    assert_fits(author, "shelf-hidden")
    author.goto(comic_url)
    assert_fits(author, "reader-hidden-author")


def cells_in_first_row(page, cells: str) -> int:
    # Once the pictures that arrived last have loaded and slid in: a moving cell is not where it will stay.
    page.wait_for_function(
        "() => [...document.images].every((img) => img.complete)"
        " && document.getAnimations().every((animation) => animation.playState !== 'running')"
    )
    tops = page.eval_on_selector_all(cells, "els => els.map((el) => Math.round(el.getBoundingClientRect().top))")
    return tops.count(tops[0])


def test_the_job_page_and_the_profile_fit_a_phone(phone):
    maker = phone()
    sign_up(maker, "maker")
    make_in_studio(maker, "a heron who runs a ferry", pages=2, panels=4)
    job_url = maker.url

    # Thumbnails in rows, not one long column: 8 panels and 2 pages.
    assert_fits(maker, "job")
    assert cells_in_first_row(maker, "#panels .panel-cell") == 3
    assert cells_in_first_row(maker, "#pages .page-cell") == 2
    assert maker.inner_text("#pictures-title") == "Pictures"

    # The page as it was while the pictures were still coming: finishing live renames the heading.
    def as_while_running(route):
        page = route.fetch().text()
        page = page.replace('data-status="succeeded"', 'data-status="running"', 1)
        route.fulfill(body=page.replace(">Pictures</h2>", ">Pictures so far</h2>"), content_type="text/html")

    maker.route(job_url, as_while_running, times=1)
    maker.goto(job_url)
    maker.wait_for_function("document.getElementById('job').dataset.status === 'succeeded'")
    assert maker.inner_text("#pictures-title") == "Pictures"

    # The curl example wraps inside its card: the whole command is on the screen, token included.
    maker.goto("/accounts/profile/")
    maker.click("#api-token button[type=submit]")
    maker.wait_for_selector("#token-key")
    assert_fits(maker, "profile-with-token")
    assert_inside(maker, "#curl-example", "#api-token")
    example = maker.locator("#curl-example")
    assert example.evaluate("(el) => el.scrollWidth <= el.clientWidth"), "nothing of the command is scrolled away"
    token = maker.input_value("#token-key")
    assert token in example.inner_text().replace("\n", "")
