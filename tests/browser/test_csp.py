"""With the Content-Security-Policy enforced, nothing on the site is refused by the browser.

A real server and Debian's Chromium, as in test_journey: sign up, make a
one-page comic, watch the job page over its websocket to the end, read it,
and open the shelf, the profile and the admin. Every ``securitypolicyviolation``
event and every console error or warning is collected on the way; there must be
none. A deliberate inline script at the end proves the policy is enforced and
the listener hears what it refuses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_journey import ARTIFACTS, CHROMIUM, make_in_studio, page, sign_up  # noqa: F401  (page is a fixture)
from tests.servers import dev_server

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Chromium is not installed (scripts/install-system-deps.sh)"
    ),
]

ADMIN_PASSWORD = "an-admin-passphrase-for-tests"

# Reports every refusal to the test, across page loads.
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation({
  page: location.pathname, directive: e.effectiveDirective, blocked: e.blockedURI,
  source: e.sourceFile, line: e.lineNumber, sample: e.sample,
}));
"""

# Adds an inline script and resolves once the browser has refused it.
INLINE_SCRIPT = """
() => new Promise((resolve) => {
  document.addEventListener('securitypolicyviolation', () => setTimeout(resolve, 0), {once: true});
  document.head.appendChild(Object.assign(document.createElement('script'), {textContent: 'window.ran = 1'}));
})
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """test_journey's server, plus a superuser for the admin pages."""
    with dev_server(tmp_path_factory.mktemp("csp-server"), superuser=("admin", ADMIN_PASSWORD)) as base:
        yield base


@pytest.fixture
def watched(page):  # noqa: F811  (test_journey's page fixture)
    """The page, with CSP violations and console errors and warnings collected."""
    violations: list[dict] = []
    console: list[str] = []
    page.expose_function("__cspViolation", lambda violation: violations.append(violation))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            message.type in ("error", "warning")
            and console.append(f"{message.text} ({message.location.get('url')}, on {page.url})")
        ),
    )
    return page, violations, console


def visit(tab, url: str) -> None:
    response = tab.goto(url)
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, (url, policy)


def test_every_page_works_with_the_policy_enforced(watched):
    tab, violations, console = watched

    visit(tab, "/")
    visit(tab, "/accounts/login/")
    sign_up(tab, "strictreader")

    # Make a one-page comic and watch it over the websocket to the end.
    make_in_studio(tab, "a lighthouse keeper befriends a foggy whale", pages=1, panels=2)
    assert tab.locator("#job").get_attribute("data-transport") == "websocket"
    assert tab.locator("#progress-bar").get_attribute("aria-valuenow") == "100"
    assert tab.locator("#panels img.panel-thumb").count() == 2

    # Read it: the cover, then the page.
    tab.click("#read-link")
    tab.wait_for_selector("#page-indicator")
    tab.keyboard.press("ArrowRight")
    tab.wait_for_function("document.getElementById('page-indicator').innerText === 'Page 1 of 1'")
    assert tab.locator(".sheet.is-current img").evaluate("img => img.complete && img.naturalWidth") > 0

    visit(tab, "/shelf/")
    assert tab.locator("#shelf li.shelf-card").count() == 1
    visit(tab, "/accounts/profile/")
    tab.click("text=Create API token")
    tab.wait_for_selector("#token-key")

    # The admin: its login, the user list, and a change form whose widgets are all script.
    visit(tab, "/admin/login/")
    tab.fill("#id_username", "admin")
    tab.fill("#id_password", ADMIN_PASSWORD)
    tab.click("input[type=submit]")
    tab.wait_for_url("**/admin/")
    visit(tab, "/admin/accounts/user/")
    tab.click("text=strictreader")
    tab.wait_for_selector("#id_groups_from")  # built by the admin's SelectFilter script

    # Too many wrong passwords: the lockout page, which must obey the policy too.
    for _ in range(5):
        visit(tab, "/accounts/login/")
        tab.fill("#id_username", "strictreader")
        tab.fill("#id_password", "not-the-passphrase")
        with tab.expect_response("**/accounts/login/") as answer:
            tab.click("main button[type=submit]")
    assert answer.value.status == 429
    assert tab.locator("#lockout-message").is_visible()
    tab.screenshot(path=str(ARTIFACTS / "csp-lockout.png"))

    assert violations == []
    # The refused logins themselves are the only console errors (Chrome logs every 4xx document load).
    assert [line for line in console if "status of 429" not in line] == []

    # An inline script is refused, and the refusal is heard.
    tab.evaluate(INLINE_SCRIPT)
    for _ in range(40):
        if violations:
            break
        tab.wait_for_timeout(50)
    assert [v["directive"] for v in violations] == ["script-src-elem"]
