"""A new user's whole journey in a real browser against a real server.

The server is started the way `make run` starts it (runserver with the
embedded defaults: SQLite, in-process jobs, in-memory channel layer,
built-in backends) on a fresh database, and Debian's Chromium drives it.
Screenshots land in test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.pdfs import A4_POINTS, pdf_page_sizes
from tests.servers import ROOT, dev_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Chromium is not installed (scripts/install-system-deps.sh)"
    ),
]

# Records every change of the progress bar and every panel thumbnail as it happens.
WATCH_PROGRESS = """
window.__progress = []; window.__panelsSeen = [];
document.addEventListener('DOMContentLoaded', () => {
  const bar = document.getElementById('progress-bar');
  const panels = document.getElementById('panels');
  if (!bar || !panels) return;
  new MutationObserver(() => window.__progress.push(Number(bar.getAttribute('aria-valuenow'))))
    .observe(bar, {attributes: true, attributeFilter: ['aria-valuenow']});
  new MutationObserver(() => window.__panelsSeen.push(
      [panels.querySelectorAll('img.panel-thumb').length, Number(bar.getAttribute('aria-valuenow'))]))
    .observe(panels, {childList: true, subtree: true});
});
"""


# Headless, and quiet: without the network flags Chromium keeps calling out to a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def launch_chromium(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextmanager
def people(server: str, *, viewport: dict):
    """``person()`` opens a new browser context (a new person) on ``server``; JavaScript errors fail the test."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (scripts/install-system-deps.sh)")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        chromium = launch_chromium(p)
        errors: list[str] = []

        def person(width: int = viewport["width"], height: int = viewport["height"]):
            page = chromium.new_context(base_url=server, viewport={"width": width, "height": height}).new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            return page

        yield person
        chromium.close()
        assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with dev_server(tmp_path_factory.mktemp("browser-server")) as base:
        yield base


def sign_up(page, username: str) -> None:
    page.goto("/accounts/signup/")
    page.fill("#id_username", username)
    page.fill("#id_password1", "a-long-enough-passphrase")
    page.fill("#id_password2", "a-long-enough-passphrase")
    page.click("button[type=submit]")
    page.wait_for_url("**/studio/")


def make_in_studio(page, idea: str, *, pages: int, panels: int) -> None:
    """Type an idea in the studio, press Make and wait on the job page until it is ready to read."""
    page.fill("#id_idea", idea)
    page.fill("#id_pages", str(pages))
    page.fill("#id_panels_per_page", str(panels))
    page.click("#make-button")
    page.wait_for_url("**/jobs/*/")
    page.wait_for_selector("#read-link", state="visible", timeout=90_000)


@pytest.fixture
def page(server):
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        context = browser.new_context(base_url=server, accept_downloads=True, viewport={"width": 1280, "height": 900})
        context.add_init_script(WATCH_PROGRESS)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        yield page
        browser.close()
        assert errors == [], f"JavaScript errors: {errors}"


def test_sign_up_make_a_comic_read_it_and_download_the_pdf(page, tmp_path):
    sign_up(page, "newreader")

    # Make a 2-page comic.
    page.fill("#id_idea", "a shy dragon who opens a tiny tea shop")
    page.fill("#id_pages", "2")
    page.fill("#id_panels_per_page", "3")
    page.click("#make-button")
    page.wait_for_url("**/jobs/*/")
    page.wait_for_selector("#read-link", state="visible", timeout=90_000)
    page.screenshot(path=str(ARTIFACTS / "journey-job-done.png"), full_page=True)

    # The bar moved while we watched, and panels appeared before the end.
    progress = page.evaluate("window.__progress")
    assert any(0 < value < 100 for value in progress), progress
    assert progress == sorted(progress), "the bar never goes backwards"
    assert progress[-1] == 100
    seen = page.evaluate("window.__panelsSeen")
    assert any(count >= 1 and value < 100 for count, value in seen), seen
    assert page.locator("#panels img.panel-thumb").count() == 6
    assert page.locator("#job").get_attribute("data-transport") == "websocket"

    # Read it: the cover alone, then both pages side by side (the screen is wide), then the end.
    page.click("#read-link")
    page.wait_for_selector("#page-indicator")
    indicator = page.locator("#page-indicator")
    assert indicator.inner_text() == "Cover"
    page.screenshot(path=str(ARTIFACTS / "journey-reader-cover.png"))
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.getElementById('page-indicator').innerText === 'Pages 1–2 of 2'")
    page.wait_for_timeout(600)  # let the page turn finish for the screenshot
    page.screenshot(path=str(ARTIFACTS / "journey-reader-pages-1-2.png"))
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.getElementById('page-indicator').innerText === 'The end'")
    assert page.locator("#end-make-another").inner_text() == "Make another"
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("document.getElementById('page-indicator').innerText === 'Pages 1–2 of 2'")
    current = page.locator(".sheet.is-current img")
    assert current.evaluate("img => img.complete && img.naturalWidth") == 1240

    # Download the PDF: cover + 2 pages at A4.
    with page.expect_download() as download_info:
        page.click("#download-pdf")
    target = tmp_path / "comic.pdf"
    download_info.value.save_as(target)
    assert pdf_page_sizes(target.read_bytes()) == [A4_POINTS] * 3

    # It is on the shelf.
    page.goto("/shelf/")
    assert page.locator("#shelf li.shelf-card").count() == 1


def test_without_websockets_the_job_page_polls_until_done(page):
    page.add_init_script("delete window.WebSocket;")
    sign_up(page, "oldbrowser")
    make_in_studio(page, "two robots race across the desert", pages=1, panels=2)

    assert page.locator("#job").get_attribute("data-transport") == "polling"
    assert page.locator("#panels img.panel-thumb").count() == 2
    assert page.locator("#pages img.page-thumb").count() == 1
    assert page.locator("#progress-bar").get_attribute("aria-valuenow") == "100"
