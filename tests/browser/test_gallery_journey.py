"""The gallery's whole life in a real browser: publish, find, like, report, hide.

An author signs up and makes a comic with the built-in backends and
publishes it; a reader finds it in the gallery, likes it (and sees the
count), reports it; a moderator opens the queue and hides it; after that
the public cannot open it and the author is told why. Three people, three
browser contexts, one server started the way ``make run`` starts it.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.test_journey import ARTIFACTS, make_in_studio, people, sign_up
from tests.servers import dev_server

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser]

MODERATOR = ("moderator", "a-moderators-passphrase")
IDEA = "a lighthouse keeper who teaches a storm to whistle"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # The superuser holds every permission, gallery.moderate included.
    with dev_server(tmp_path_factory.mktemp("gallery-server"), superuser=MODERATOR) as base:
        yield base


@pytest.fixture
def browser(server):
    """Opens a desktop-sized browser context per person."""
    with people(server, viewport={"width": 1280, "height": 900}) as person:
        yield person


def test_publish_like_report_and_hide(browser):
    # The author makes a comic and publishes it from the reader.
    author = browser()
    sign_up(author, "author")
    make_in_studio(author, IDEA, pages=1, panels=2)
    author.click("#read-link")
    author.wait_for_url(re.compile(r".*/comics/\d+/$"))
    comic_url = author.url
    title = author.locator("#comic-title").inner_text()
    assert author.locator("#sharing-state").inner_text().startswith("Private")
    author.click("#publish-button")
    author.wait_for_selector("#unpublish-button")
    assert "in the gallery" in author.locator("#sharing-state").inner_text()

    # A visitor who is not signed in finds it in the gallery and is sent to log in to like it.
    visitor = browser(390, 844)
    visitor.goto("/gallery/")
    card = visitor.locator(".gallery-card", has_text=title)
    assert card.count() == 1
    visitor.screenshot(path=str(ARTIFACTS / "gallery-phone.png"), full_page=True)
    card.locator("a").first.click()
    visitor.wait_for_url(comic_url)
    visitor.click("#like-button")
    visitor.wait_for_url(re.compile(r".*/accounts/login/\?next=.*"))

    # A reader signs up, likes it and sees the count; the gallery shows it too.
    reader = browser()
    sign_up(reader, "reader")
    reader.goto(comic_url)
    assert reader.locator("#like-count").inner_text() == "0 likes"
    reader.click("#like-button")
    reader.wait_for_url(comic_url)
    assert reader.locator("#like-count").inner_text() == "1 like"
    assert reader.locator("#like-button").get_attribute("aria-pressed") == "true"
    reader.goto("/gallery/?sort=top")
    assert "1" in reader.locator(".gallery-card", has_text=title).inner_text()
    reader.screenshot(path=str(ARTIFACTS / "gallery-desktop.png"), full_page=True)

    # The reader reports it.
    reader.goto(comic_url)
    reader.click("#report-link")
    reader.check("input[name=reason][value=copyright]")
    reader.fill("#id_detail", "These are my drawings from my own book.")
    reader.click("#report-form button[type=submit]")
    reader.wait_for_url(comic_url)
    assert "report" in reader.locator(".messages").inner_text().lower()

    # The moderator sees the report in the queue and hides the comic, with a reason.
    moderator = browser()
    moderator.goto("/accounts/login/")
    moderator.fill("#id_username", MODERATOR[0])
    moderator.fill("#id_password", MODERATOR[1])
    moderator.click("button[type=submit]")
    moderator.wait_for_load_state()
    moderator.goto("/gallery/moderation/")
    item = moderator.locator(".moderation-item", has_text=title)
    assert "Copyright" in item.inner_text() and "reader" in item.inner_text()
    moderator.screenshot(path=str(ARTIFACTS / "moderation-queue.png"), full_page=True)
    item.locator("input[name=reason]").first.fill("Reported as copied from a published book.")
    item.locator("button", has_text="Hide").click()
    moderator.wait_for_load_state()
    assert "hid" in moderator.locator(".messages").inner_text().lower()

    # Gone for the public; the author still reads it and is told why.
    gone = visitor.goto(comic_url)
    assert gone.status == 404
    visitor.goto("/gallery/")
    assert visitor.locator(".gallery-card", has_text=title).count() == 0
    author.goto(comic_url)
    assert "Reported as copied from a published book." in author.locator("#hidden-notice").inner_text()
    author.screenshot(path=str(ARTIFACTS / "reader-hidden-for-author.png"), full_page=True)
