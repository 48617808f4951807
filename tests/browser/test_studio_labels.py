"""The studio's button says what it will make: a comic, or a picture book."""

from __future__ import annotations

import pytest

from tests.browser.test_journey import people, sign_up
from tests.servers import dev_server

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with dev_server(tmp_path_factory.mktemp("studio-server")) as base:
        yield base


def test_the_make_button_follows_the_kind(server):
    with people(server, viewport={"width": 1280, "height": 900}) as person:
        page = person()
        sign_up(page, "labels")
        button = page.locator("#make-button")
        assert button.inner_text() == "Make my comic"

        page.check("input[name=kind][value=picture_book]")
        assert button.inner_text() == "Make my picture book"

        page.check("input[name=kind][value=comic]")
        assert button.inner_text() == "Make my comic"

        # Sent back with an error, the page still names what it will make.
        page.check("input[name=kind][value=picture_book]")
        page.fill("#id_idea", "")
        page.click("#make-button")
        page.wait_for_selector("#id_idea_error")
        assert page.locator("#make-button").inner_text() == "Make my picture book"


def test_a_refused_form_puts_the_cursor_where_the_change_is_needed(server):
    with people(server, viewport={"width": 390, "height": 844}) as person:
        page = person()
        sign_up(page, "cursor")
        page.fill("#id_idea", "a shy dragon who opens a tiny tea shop")
        # Past the browser's own check, as a form filled by an older page would be.
        page.evaluate("document.getElementById('id_pages').removeAttribute('max')")
        page.fill("#id_pages", "99")
        page.click("#make-button")
        page.wait_for_selector("#field-pages.has-error")
        assert page.evaluate("document.activeElement.id") == "id_pages"
        assert page.locator("#id_idea").input_value() == "a shy dragon who opens a tiny tea shop"
        assert "Up to 1,000 characters" in page.locator("#field-idea").inner_text()
