"""The provider settings page in a real browser: add a local server's account, test it, make it the default.

test_journey's server and Chromium, with 127.0.0.1 on the server's
provider allow-list so it may call a FakeServer in this process standing in
for an OpenAI-compatible server (Ollama, vLLM) on the user's own machine.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.test_journey import (  # noqa: F401  (page is a fixture)
    ARTIFACTS,
    CHROMIUM,
    make_in_studio,
    page,
    sign_up,
)
from tests.fake_http import FakeServer, Reply
from tests.provider_fakes.text import OpenAIChatFake
from tests.servers import dev_server

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Chromium is not installed (scripts/install-system-deps.sh)"
    ),
]

KEY = "sk-local-Tq5Wm8Zr2Hc6Nv9B-Y3pK"
# A long base URL, as behind a reverse proxy: it must wrap on a phone, not widen the page.
PREFIX = "/home-server/openai-compatible/api/v1"
PHONE = {"width": 390, "height": 844}

# Elements in the page that reach past the right edge of the viewport, named for the failure message.
OVERFLOWING = """
() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')}`)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """test_journey's server, allowed to reach providers on 127.0.0.1."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PANELCRAFT_PROVIDER_ALLOWED_HOSTS", "127.0.0.1")
        with dev_server(tmp_path_factory.mktemp("providers-server")) as base:
            yield base


@pytest.fixture
def local_llm():
    with FakeServer() as fake:
        fake.on("GET", f"{PREFIX}/models", Reply.json({"data": [{"id": "gpt-4o-mini"}]}))
        yield fake


def assert_fits(tab, where: str) -> None:
    sideways = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert sideways <= 0, f"{where} scrolls sideways by {sideways}px"
    assert tab.evaluate(OVERFLOWING) == [], f"{where} has elements past the right edge"


def test_add_a_local_server_test_it_and_make_it_the_text_default(page, local_llm):  # noqa: F811
    console_errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    sign_up(page, "localwriter")

    page.goto("/accounts/profile/")
    page.click("#providers-link")
    page.wait_for_url("**/accounts/providers/")
    assert page.locator("#providers-empty").is_visible()
    page.click("#add-provider")
    page.wait_for_url("**/accounts/providers/new/")

    # The placeholders follow the provider chosen.
    page.select_option("#id_provider", "openai_compatible")
    assert page.get_attribute("#id_base_url", "placeholder") == "e.g. http://192.168.1.20:11434/v1 for Ollama"
    assert page.get_attribute("#id_image_model", "placeholder") == "not used by OpenAI-compatible server"
    page.fill("#id_label", "Home server")
    page.fill("#id_api_key", KEY)
    page.fill("#id_base_url", local_llm.url + PREFIX)
    page.fill("#id_text_model", "gpt-4o-mini")
    page.click("#save-provider")
    page.wait_for_url("**/accounts/providers/")

    card = page.locator(".provider-card", has_text="Home server")
    assert card.count() == 1
    assert "••••" + KEY[-4:] in card.inner_text()
    assert KEY not in page.content()

    card.locator("button.provider-test").click()
    page.wait_for_url("**/accounts/providers/")
    message = page.locator(".message-success")
    assert re.fullmatch(r"Home server: OK: gpt-4o-mini answered in \d+\.\d s", message.inner_text())
    [call] = local_llm.calls("GET", f"{PREFIX}/models")
    assert call.headers["authorization"] == f"Bearer {KEY}"

    page.select_option("#id_text", label=f"Home server (OpenAI-compatible server) ••••{KEY[-4:]}")
    page.click("#save-defaults")
    page.wait_for_url("**/accounts/providers/")
    assert page.locator(".message-success").inner_text() == "Default providers saved."
    assert page.locator(".provider-card .provider-badge").all_inner_texts() == ["Default for text"]
    assert page.locator("#id_text option:checked").inner_text().startswith("Home server")
    assert page.locator("#id_image option:checked").inner_text() == "Site default"
    page.screenshot(path=str(ARTIFACTS / "providers-desktop.png"), full_page=True)

    page.set_viewport_size(PHONE)
    page.reload()
    assert_fits(page, "the provider list on a phone")
    page.screenshot(path=str(ARTIFACTS / "providers-phone.png"), full_page=True)
    card.locator("a.provider-edit").click()
    page.wait_for_url("**/edit/")
    assert page.input_value("#id_api_key") == ""
    assert_fits(page, "the provider form on a phone")
    page.screenshot(path=str(ARTIFACTS / "provider-form-phone.png"), full_page=True)

    assert console_errors == []


def test_a_comic_written_by_the_users_own_server(page):  # noqa: F811
    """Add an account for a local OpenAI-compatible server, test it, and the next comic is written by it."""
    key = "sk-writer-Jd4Lw9Qx1Vb7Rt2M-5fN"
    with OpenAIChatFake(api_key=key) as writer:
        writer.server.on("GET", "/v1/models", Reply.json({"data": [{"id": "llama3.2"}]}))
        sign_up(page, "ownwriter")
        page.goto("/studio/")
        assert page.locator("#will-use dd[data-kind=text]").inner_text().startswith("Built-in")

        page.goto("/accounts/providers/new/")
        page.select_option("#id_provider", "openai_compatible")
        page.fill("#id_label", "My Ollama")
        page.fill("#id_api_key", key)
        page.fill("#id_base_url", writer.url)
        page.fill("#id_text_model", "llama3.2")
        page.click("#save-provider")
        page.wait_for_url("**/accounts/providers/")
        page.locator(".provider-card", has_text="My Ollama").locator("button.provider-test").click()
        page.wait_for_url("**/accounts/providers/")
        assert re.fullmatch(
            r"My Ollama: OK: llama3.2 answered in \d+\.\d s", page.locator(".message-success").inner_text()
        )
        page.select_option("#id_text", label=f"My Ollama (OpenAI-compatible server) ••••{key[-4:]}")
        page.click("#save-defaults")
        page.wait_for_url("**/accounts/providers/")

        page.goto("/studio/")
        assert page.locator("#will-use dd[data-kind=text]").inner_text() == "My Ollama (llama3.2)"
        make_in_studio(page, "a lighthouse keeper befriends a storm", pages=2, panels=2)
        made_with = page.locator("#made-with").inner_text()
        assert "My Ollama" in made_with and "llama3.2" in made_with
        page.screenshot(path=str(ARTIFACTS / "providers-comic-job.png"), full_page=True)

        chats = writer.requests
        assert len(chats) == 3, "one plan and one call per page"
        assert all(call.headers["authorization"] == f"Bearer {key}" for call in chats)
        assert {call.json()["model"] for call in chats} == {"llama3.2"}
        page.click("#read-link")
        page.wait_for_selector("#page-indicator")
        title = page.title()
        assert title and "Panelcraft" in title
        assert key not in page.content()
