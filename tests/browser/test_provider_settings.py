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
    page.wait_for_url("**/accounts/providers/#provider-*")
    message = card.locator(".provider-result.message-success")
    assert re.fullmatch(r"OK: gpt-4o-mini answered in \d+\.\d s", message.inner_text())
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
        card = page.locator(".provider-card", has_text="My Ollama")
        card.locator("button.provider-test").click()
        page.wait_for_url("**/accounts/providers/#provider-*")
        assert re.fullmatch(
            r"OK: llama3.2 answered in \d+\.\d s", card.locator(".provider-result.message-success").inner_text()
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
        assert_usage_table_keeps_its_names_in_view_on_a_phone(page)

        chats = writer.requests
        assert len(chats) == 3, "one plan and one call per page"
        assert all(call.headers["authorization"] == f"Bearer {key}" for call in chats)
        assert {call.json()["model"] for call in chats} == {"llama3.2"}
        page.click("#read-link")
        page.wait_for_selector("#page-indicator")
        title = page.title()
        assert title and "Panelcraft" in title
        assert key not in page.content()


def assert_usage_table_keeps_its_names_in_view_on_a_phone(tab) -> None:
    """On a phone the usage table scrolls sideways under its row names, with a shadow that says there is more."""
    tab.set_viewport_size(PHONE)
    tab.reload()
    # The table reaches past the edge inside its own scroller; the page itself must not.
    assert tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    scroller = tab.locator("#usage-report .usage-scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth"), "the table is wider than a phone"
    shadow = "el => getComputedStyle(el).backgroundImage"
    assert "gradient" in scroller.evaluate(shadow), "a shadow hints at the columns beyond the edge"
    name = tab.locator(".usage-table tbody th").first
    cost = tab.locator(".usage-table tbody td.usage-cost").first
    name_at, cost_at = name.bounding_box()["x"], cost.bounding_box()["x"]
    tab.screenshot(path=str(ARTIFACTS / "usage-phone.png"), full_page=True)

    scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")

    assert cost.bounding_box()["x"] < cost_at, "the numbers scrolled"
    assert name.bounding_box()["x"] == name_at, "the row name stayed where it was"
    background = name.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("transparent", "rgba(0, 0, 0, 0)"), "the numbers do not show through the name"
    tab.screenshot(path=str(ARTIFACTS / "usage-phone-scrolled.png"), full_page=True)


def add_local_account(tab, label: str, url: str, model: str) -> None:
    tab.goto("/accounts/providers/new/")
    tab.select_option("#id_provider", "openai_compatible")
    tab.fill("#id_label", label)
    tab.fill("#id_base_url", url)
    tab.fill("#id_text_model", model)
    tab.click("#save-provider")
    tab.wait_for_url("**/accounts/providers/")


def test_a_connection_test_lands_on_its_card_far_down_a_long_list(page, local_llm):  # noqa: F811
    sign_up(page, "manyservers")
    page.set_viewport_size(PHONE)
    for number in range(1, 5):
        # The last one names a model the server does not list.
        add_local_account(page, f"Server {number}", local_llm.url + PREFIX, "gpt-4o-mini" if number < 4 else "llama3.1")
    last = page.locator(".provider-card", has_text="Server 4")
    account_id = last.get_attribute("data-account")

    last.locator("button.provider-test").click()
    page.wait_for_url(f"**/accounts/providers/#provider-{account_id}")

    result = last.locator(".provider-result")
    assert re.fullmatch(
        r"Connected in \d+\.\d s, but llama3\.1 is not in its model list: check the model's name", result.inner_text()
    )
    assert "message-warning" in result.get_attribute("class"), "a model the server does not list is not a success"
    assert page.locator(".provider-result").count() == 1
    assert page.locator(".messages").count() == 0, "no banner at the top of the page"
    top, height, scrolled = last.evaluate("el => [el.getBoundingClientRect().top, window.innerHeight, window.scrollY]")
    assert scrolled > 0 and 0 <= top < height / 2, "the page scrolled to the card"
    assert_fits(page, "the list with a result on a phone")
    page.screenshot(path=str(ARTIFACTS / "providers-result-phone.png"))

    page.reload()
    assert page.locator(".provider-result").count() == 0, "a result is shown once"


def test_the_studio_summary_follows_the_account_picked_for_the_comic(page, local_llm):  # noqa: F811
    sign_up(page, "twoservers")
    add_local_account(page, "Ollama", local_llm.url + PREFIX, "llama3.2")
    add_local_account(page, "vLLM box", local_llm.url + PREFIX, "qwen2.5")
    page.goto("/studio/")
    written_by = page.locator("#will-use dd[data-kind=text]")
    assert written_by.inner_text() == "Built-in (offline, free)"
    assert page.locator("label[for=id_text_provider]").inner_text() == "For this comic, write with"

    page.select_option("#id_text_provider", label="vLLM box (OpenAI-compatible server)")
    assert written_by.inner_text() == "vLLM box (qwen2.5)"
    page.select_option("#id_text_provider", label="Ollama (OpenAI-compatible server)")
    assert written_by.inner_text() == "Ollama (llama3.2)"
    page.select_option("#id_text_provider", label="My default")
    assert written_by.inner_text() == "Built-in (offline, free)"
    assert page.locator("#will-use dd[data-kind=image]").inner_text() == "Built-in (offline, free)"

    # Back on the page after a refused form, the summary names the account still picked.
    page.select_option("#id_text_provider", label="Ollama (OpenAI-compatible server)")
    page.fill("#id_idea", "")
    page.click("#make-button")
    page.wait_for_selector("#id_idea_error")
    assert page.locator("#id_text_provider option:checked").inner_text().startswith("Ollama")
    assert written_by.inner_text() == "Ollama (llama3.2)"


def test_the_provider_form_on_a_phone_wraps_a_long_error_and_tells_what_blank_means(page):  # noqa: F811
    sign_up(page, "phoneform")
    page.set_viewport_size(PHONE)
    page.goto("/accounts/providers/new/")
    assert page.inner_text("#id_base_url_helptext") == "Blank uses the provider's default, where it has one."

    page.select_option("#id_provider", "openai_compatible")
    assert page.inner_text("#id_base_url_helptext") == "Required: OpenAI-compatible server has no default address."
    assert page.inner_text("#id_text_model_helptext") == "Required: the name of the model your server runs."
    page.select_option("#id_provider", "openai")
    assert page.inner_text("#id_base_url_helptext") == "Blank uses OpenAI's own address."
    page.select_option("#id_provider", "")
    assert page.inner_text("#id_base_url_helptext") == "Blank uses the provider's default, where it has one."

    page.select_option("#id_provider", "openai_compatible")
    page.fill("#id_label", "LAN box")
    # A private IPv6 address: the refusal quotes it and a setting's name, neither with a space to break at.
    page.fill("#id_base_url", "http://[fd12:3456:789a:bcde:f012:3456:789a:bcde]:11434/v1")
    page.fill("#id_text_model", "llama3.2")
    page.click("#save-provider")
    page.wait_for_selector("#id_base_url_error")
    assert "fd12:3456:789a:bcde:f012:3456:789a:bcde is a private address" in page.inner_text("#id_base_url_error")
    assert_fits(page, "the provider form with a long error on a phone")
    page.screenshot(path=str(ARTIFACTS / "provider-form-error-phone.png"), full_page=True)
