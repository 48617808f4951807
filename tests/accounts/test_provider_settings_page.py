"""The provider settings page: a user's accounts, their form, Test connection and the default providers."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.views.debug import SafeExceptionReporterFilter

from accounts import provider_catalog
from accounts.models import BackendChoice, ProviderAccount
from renderers.net import guard
from tests.fake_http import FakeServer, Reply
from tests.http import body_of

pytestmark = pytest.mark.django_db

PROVIDERS_URL = "/accounts/providers/"
NEW_URL = f"{PROVIDERS_URL}new/"
DEFAULTS_URL = f"{PROVIDERS_URL}defaults/"
KEY = "sk-proj-Vq7Rm2Xc9LwT4Np8Hd3K-M4wB"
NEW_KEY = "sk-proj-Jy6Fb1Qs5Zu0Ak7Ge2Wc-Q9zX"
REPLICATE_KEY = "r8_Mq4Tn8Ls2Vx6Pd0Hk"
MODELS = Reply.json({"data": [{"id": "gpt-4o-mini"}]})


@pytest.fixture(autouse=True)
def _example_hosts_resolve(monkeypatch):
    """Saved base URLs are looked up; offline, *.example.com names stand for a public address."""
    real = guard.system_resolver
    monkeypatch.setattr(
        guard, "system_resolver", lambda host: ["93.184.215.14"] if host.endswith(".example.com") else real(host)
    )


@pytest.fixture
def server(settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "PROVIDER_ALLOWED_HOSTS": ["127.0.0.1"]}
    with FakeServer() as running:
        yield running


def edit_url(account: ProviderAccount) -> str:
    return f"{PROVIDERS_URL}{account.pk}/edit/"


def delete_url(account: ProviderAccount) -> str:
    return f"{PROVIDERS_URL}{account.pk}/delete/"


def connection_test_url(account: ProviderAccount) -> str:
    return f"{PROVIDERS_URL}{account.pk}/test/"


def make_account(owner, provider="openai", key=KEY, **fields) -> ProviderAccount:
    account = ProviderAccount(owner=owner, provider=provider, **fields)
    if key:
        account.set_api_key(key)
    account.full_clean()
    account.save()
    return account


def text_of(response) -> str:
    return html.unescape(body_of(response).decode())


def words_of(response) -> str:
    """The page's text as a reader sees it: no tags, one space between words."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body_of(response).decode())).split())


def shown_messages(response) -> list[tuple[str, str]]:
    """The (level, text) of each message in the page's message area."""
    found = re.findall(r'<p class="message message-(\w+)"[^>]*>(.*?)</p>', body_of(response).decode(), re.S)
    return [(level, html.unescape(text)) for level, text in found]


def card_result(response, account: ProviderAccount) -> tuple[str, str] | None:
    """The (level, text) of the Test connection result shown on ``account``'s card, if any."""
    page = body_of(response).decode()
    card = re.search(rf'<li class="card provider-card" id="provider-{account.pk}".*?</li>', page, re.S).group(0)
    found = re.search(r'<p class="provider-result message message-(\w+)"[^>]*>(.*?)</p>', card, re.S)
    return (found.group(1), html.unescape(found.group(2))) if found else None


def help_line(response, name: str) -> str:
    """The help text the page shows under one field."""
    match = re.search(rf'<div class="help" id="id_{name}_helptext">(.*?)</div>', body_of(response).decode(), re.S)
    return html.unescape(match.group(1))


def help_data(response) -> dict[str, dict[str, str]]:
    """The per-provider help lines the page hands its script."""
    match = re.search(r'<script id="provider-help" type="application/json">(.*?)</script>', body_of(response).decode())
    return json.loads(match.group(1))


def field_errors(response, name: str) -> list[str]:
    """The errors the page shows under one field (the list its input points at)."""
    match = re.search(rf'<ul class="field-errors" id="id_{name}_error">(.*?)</ul>', body_of(response).decode(), re.S)
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", match.group(1), re.S)] if match else []


def input_value(response, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', body_of(response).decode()).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return html.unescape(value.group(1)) if value else None


def selected_option(response, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', body_of(response).decode(), re.S).group(0)
    return re.search(r'<option value="([^"]*)" selected>', select).group(1)


def options_of(response, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', body_of(response).decode(), re.S).group(0)
    return [html.unescape(label) for label in re.findall(r"<option [^>]*>(.*?)</option>", select)]


def account_fields(**overrides) -> dict[str, str]:
    return {
        "provider": "openai",
        "label": "",
        "api_key": "",
        "base_url": "",
        "text_model": "",
        "image_model": "",
        **overrides,
    }


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_only_the_users_accounts_with_defaults_in_muted_text(alice, bob, alice_client):
    make_account(alice, label="Work", text_model="gpt-4.1")
    make_account(alice, provider="replicate", key=REPLICATE_KEY, base_url="https://replicate-proxy.example.com/v1")
    make_account(bob, label="Bob's secret lab")

    response = alice_client.get(PROVIDERS_URL)

    assert response.status_code == 200
    page = text_of(response)
    assert "Work" in page
    assert "Bob's secret lab" not in page
    assert page.count('class="card provider-card"') == 2
    assert "••••" + KEY[-4:] in page
    assert "••••" + REPLICATE_KEY[-4:] in page
    assert "gpt-4.1" in page
    assert '<span class="muted">https://api.openai.com/v1 (default)</span>' in page
    assert '<span class="muted">gpt-image-1 (default)</span>' in page
    assert "https://replicate-proxy.example.com/v1" in page
    assert "https://replicate-proxy.example.com/v1 (default)" not in page
    assert '<span class="muted">black-forest-labs/flux-schnell (default)</span>' in page
    assert "Does not write text" in page
    assert page.count("Test connection") == 2
    assert 'id="providers-empty"' not in page


def test_a_user_without_accounts_is_told_what_one_is_for(alice_client):
    page = text_of(alice_client.get(PROVIDERS_URL))

    assert "No provider accounts yet" in page
    assert "your own API key" in page
    assert f'href="{NEW_URL}"' in page
    assert 'id="defaults-form"' not in page


def test_the_profile_has_a_provider_settings_button(alice_client):
    page = text_of(alice_client.get("/accounts/profile/"))

    assert re.search(r'<h2 id="providers-title">Provider settings</h2>', page)
    link = re.search(r'<a class="btn[^"]*" href="([^"]+)" id="providers-link">([^<]+)</a>', page)
    assert link.groups() == (PROVIDERS_URL, "Open provider settings")


def test_visitors_who_are_not_logged_in_are_sent_to_log_in(alice):
    account = make_account(alice)

    for response in (
        Client().get(PROVIDERS_URL),
        Client().get(NEW_URL),
        Client().post(connection_test_url(account)),
        Client().post(delete_url(account)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert ProviderAccount.objects.filter(pk=account.pk).exists()


# --- Strangers -------------------------------------------------------------------------------


def test_someone_elses_account_is_not_found_on_any_page(alice, bob_client, server):
    server.on("GET", "/v1/models", MODELS)
    account = make_account(alice, label="alice's", base_url=server.url + "/v1")

    answers = [
        bob_client.get(edit_url(account)),
        bob_client.post(edit_url(account), account_fields(label="mine now")),
        bob_client.get(delete_url(account)),
        bob_client.post(delete_url(account)),
        bob_client.post(connection_test_url(account)),
        bob_client.get(f"{PROVIDERS_URL}{account.pk + 1000}/edit/"),
    ]

    assert [response.status_code for response in answers] == [404] * 6
    account.refresh_from_db()
    assert account.label == "alice's"
    assert server.requests == [], "nothing was sent with alice's key"


# --- Adding and editing -----------------------------------------------------------------------


def test_an_account_is_added_and_the_key_kept_encrypted(alice, alice_client):
    response = alice_client.post(NEW_URL, account_fields(label="Work", api_key=KEY, text_model="gpt-4.1"), follow=True)

    account = ProviderAccount.objects.get(owner=alice)
    assert (account.provider, account.label, account.text_model, account.base_url) == ("openai", "Work", "gpt-4.1", "")
    assert account.reveal_api_key() == KEY
    assert account.key_hint == KEY[-4:]
    assert response.redirect_chain == [(PROVIDERS_URL, 302)]
    assert ("success", "Work was added. Test the connection to check it works.") in shown_messages(response)


def test_a_form_with_errors_saves_nothing_keeps_the_typed_values_and_puts_each_error_on_its_field(alice_client):
    response = alice_client.post(
        NEW_URL, account_fields(provider="runpod", label="GPU box", api_key=KEY, text_model="llama3.1")
    )

    assert response.status_code == 200
    assert not ProviderAccount.objects.exists()
    assert field_errors(response, "base_url") == [
        "RunPod needs a base_url, e.g. https://api.runpod.ai/v2/<endpoint id>."
    ]
    assert field_errors(response, "text_model") == ["RunPod cannot write text; leave this empty."]
    # The key is never written back into the page, so the form says it must be entered again.
    assert field_errors(response, "api_key") == [
        "Enter the API key again: it is never sent back to the page, so it was not kept."
    ]
    assert selected_option(response, "provider") == "runpod"
    assert input_value(response, "label") == "GPU box"
    assert input_value(response, "text_model") == "llama3.1"
    assert input_value(response, "api_key") is None
    assert KEY.encode() not in body_of(response)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"provider": "openai"}, "api_key", "OpenAI needs an API key."),
        ({"provider": "openai", "api_key": "sk-proj two words"}, "api_key", "An API key has no spaces or line breaks"),
        (
            {"provider": "openai", "api_key": KEY, "base_url": "ftp://files.example.com"},
            "base_url",
            "Enter an http:// or https:// URL, such as https://api.example.com/v1.",
        ),
        (
            {"provider": "openai_compatible", "base_url": "http://10.0.0.5:11434/v1", "text_model": "llama3.1"},
            "base_url",
            "This URL is refused: 10.0.0.5 is a private address",
        ),
        ({"provider": "groq", "api_key": KEY, "image_model": "flux"}, "image_model", "Groq cannot paint images"),
        ({"provider": ""}, "provider", "Choose a provider."),
    ],
)
def test_each_rule_is_shown_on_the_field_it_is_about(alice_client, fields, field, message):
    response = alice_client.post(NEW_URL, account_fields(**fields))

    assert response.status_code == 200
    [shown] = field_errors(response, field)
    assert shown.startswith(message)
    assert not ProviderAccount.objects.exists()


def test_error_reports_of_the_form_pages_leave_the_key_out(alice, alice_client):
    account = make_account(alice)

    for response in (
        alice_client.post(NEW_URL, account_fields(provider="runpod", api_key=KEY)),
        alice_client.post(edit_url(account), account_fields(api_key=NEW_KEY, provider="groq", image_model="flux")),
    ):
        reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
        assert reported["api_key"] == SafeExceptionReporterFilter.cleansed_substitute
        assert reported["provider"] in ("runpod", "groq")


def test_the_edit_form_never_holds_the_key_and_shows_its_hint(alice, alice_client):
    account = make_account(alice, label="Work", text_model="gpt-4.1")

    response = alice_client.get(edit_url(account))

    assert response.status_code == 200
    assert input_value(response, "api_key") is None
    assert f"Stored key: ••••{KEY[-4:]}" in words_of(response)
    assert "Leave blank to keep it (a new provider or host needs it entered again)." in words_of(response)
    assert input_value(response, "label") == "Work"
    assert input_value(response, "text_model") == "gpt-4.1"
    assert selected_option(response, "provider") == "openai"
    assert 'placeholder="https://api.openai.com/v1"' in text_of(response)
    assert f'placeholder="blank keeps ••••{KEY[-4:]}"' in text_of(response)


HELPED_FIELDS = ("base_url", "text_model", "image_model")


def blank_field_errors(owner, slug: str) -> dict[str, list[str]]:
    """What saving an account of provider ``slug`` with a blank URL and models would be told."""
    account = ProviderAccount(owner=owner, provider=slug)
    try:
        account.full_clean()
    except ValidationError as exc:
        return exc.message_dict
    return {}


def test_the_help_under_the_url_and_model_fields_says_blank_is_fine_only_where_it_is(alice, alice_client):
    page = alice_client.get(NEW_URL)
    lines = help_data(page)

    neutral = {name: help_line(page, name) for name in HELPED_FIELDS}
    assert lines[""] == neutral
    assert all("where it has one" in line for line in neutral.values()), neutral
    assert set(lines) == {"", *provider_catalog.PROVIDERS}
    for slug, provider in provider_catalog.PROVIDERS.items():
        refused = blank_field_errors(alice, slug)
        for name in HELPED_FIELDS:
            line = lines[slug][name]
            assert line.startswith("Required") == (name in refused), (slug, name, line)
        for kind, name in ((provider_catalog.TEXT, "text_model"), (provider_catalog.IMAGE, "image_model")):
            assert ("does not" in lines[slug][name]) == (not provider.can_serve(kind)), (slug, name)


def test_without_scripts_the_help_is_the_chosen_providers(alice, alice_client):
    account = make_account(alice, label="Work")
    assert help_line(alice_client.get(edit_url(account)), "base_url") == "Blank uses OpenAI's own address."

    response = alice_client.post(NEW_URL, account_fields(provider="openai_compatible", label="Home"))

    assert help_line(response, "base_url") == "Required: OpenAI-compatible server has no default address."
    assert help_line(response, "text_model") == "Required: the name of the model your server runs."
    assert "Blank" not in help_line(response, "image_model")


def test_an_edit_without_a_key_keeps_the_stored_key(alice, alice_client):
    account = make_account(alice, label="Work")

    response = alice_client.post(edit_url(account), account_fields(label="Personal", text_model="gpt-4.1"))

    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.label, account.text_model) == ("Personal", "gpt-4.1")
    assert account.key_hint == KEY[-4:]
    assert account.reveal_api_key() == KEY


def test_an_edit_with_a_key_replaces_it(alice, alice_client):
    account = make_account(alice)

    alice_client.post(edit_url(account), account_fields(api_key=NEW_KEY))

    account.refresh_from_db()
    assert account.key_hint == NEW_KEY[-4:]
    assert account.reveal_api_key() == NEW_KEY


def test_moving_a_stored_key_to_a_new_address_asks_for_it_again_and_changes_nothing(alice, alice_client):
    account = make_account(alice, label="Work")

    response = alice_client.post(
        edit_url(account), account_fields(label="Elsewhere", base_url="https://collector.example.com/v1")
    )

    assert response.status_code == 200
    assert field_errors(response, "api_key") == [
        "Enter the API key again: a stored key is only sent where it was entered for."
    ]
    assert input_value(response, "base_url") == "https://collector.example.com/v1"
    assert "Edit Work" in text_of(response), "the page still names the account as stored"
    account.refresh_from_db()
    assert (account.label, account.base_url) == ("Work", "")


def test_a_failed_edit_with_a_new_key_still_shows_the_stored_keys_hint(alice, alice_client):
    account = make_account(alice)

    response = alice_client.post(
        edit_url(account), account_fields(api_key=NEW_KEY, image_model="flux", provider="groq")
    )

    assert response.status_code == 200
    page = text_of(response)
    assert "••••" + KEY[-4:] in page
    assert NEW_KEY[-4:] not in page
    account.refresh_from_db()
    assert account.reveal_api_key() == KEY


def test_no_page_ever_contains_the_key(alice, alice_client, server):
    server.on("GET", "/v1/models", Reply.json({"error": f"bad key {KEY}"}, status=401))
    bodies = []

    def keep(response):
        bodies.append(body_of(response))
        return response

    keep(alice_client.post(NEW_URL, account_fields(provider="runpod", api_key=KEY), follow=True))
    keep(alice_client.post(NEW_URL, account_fields(api_key=KEY, label="Work"), follow=True))
    account = ProviderAccount.objects.get(owner=alice)
    keep(alice_client.get(PROVIDERS_URL))
    keep(alice_client.get(edit_url(account)))
    keep(alice_client.post(edit_url(account), account_fields(api_key=KEY, base_url="ftp://x.example.com")))
    keep(alice_client.post(edit_url(account), account_fields(api_key=KEY, base_url=server.url + "/v1"), follow=True))
    keep(alice_client.post(connection_test_url(account), follow=True))
    keep(alice_client.get(delete_url(account)))
    ciphertext = ProviderAccount.objects.get(pk=account.pk).encrypted_api_key

    assert any(b"rejected the API key" in body for body in bodies), "the test ran and its answer was shown"
    for body in bodies:
        assert KEY.encode() not in body
        assert ciphertext.encode() not in body


# --- Deleting -------------------------------------------------------------------------------


def test_delete_asks_first_then_removes_the_account_and_its_default(alice, alice_client):
    account = make_account(alice, label="Work")
    BackendChoice.objects.create(user=alice, text_account=account)

    confirm = alice_client.get(delete_url(account))
    assert confirm.status_code == 200
    assert "Delete Work?" in text_of(confirm)
    assert "It is your default for text; the site default takes over." in text_of(confirm)
    assert ProviderAccount.objects.filter(pk=account.pk).exists()

    response = alice_client.post(delete_url(account), follow=True)

    assert not ProviderAccount.objects.filter(pk=account.pk).exists()
    assert BackendChoice.objects.get(user=alice).text_account is None
    assert ("success", "Work was deleted.") in shown_messages(response)
    assert "No provider accounts yet" in text_of(response)


# --- Default providers ------------------------------------------------------------------------


def test_each_default_lists_only_the_accounts_that_can_serve_it(alice, alice_client):
    make_account(alice, provider="anthropic", label="Writer", key="sk-ant-api03-Qw9Er8Ty")
    make_account(alice, provider="replicate", label="Painter", key=REPLICATE_KEY)

    response = alice_client.get(PROVIDERS_URL)

    assert options_of(response, "text") == ["Site default", "Writer (Anthropic) ••••r8Ty"]
    assert options_of(response, "image") == ["Site default", "Painter (Replicate) ••••" + REPLICATE_KEY[-4:]]
    assert options_of(response, "safety") == ["Site default", "Writer (Anthropic) ••••r8Ty"]
    assert selected_option(response, "text") == ""


def test_the_defaults_form_saves_the_choices_and_shows_them(alice, alice_client):
    writer = make_account(alice, provider="anthropic", label="Writer", key="sk-ant-api03-Qw9Er8Ty")
    painter = make_account(alice, provider="replicate", label="Painter", key=REPLICATE_KEY)

    response = alice_client.post(
        DEFAULTS_URL, {"text": writer.pk, "image": painter.pk, "safety": writer.pk}, follow=True
    )

    choice = BackendChoice.objects.get(user=alice)
    assert (choice.text_account, choice.image_account, choice.safety_account) == (writer, painter, writer)
    assert ("success", "Default providers saved.") in shown_messages(response)
    assert selected_option(response, "text") == str(writer.pk)
    assert selected_option(response, "image") == str(painter.pk)
    page = text_of(response)
    assert "Default for text" in page and "Default for image" in page and "Default for safety" in page

    alice_client.post(DEFAULTS_URL, {"text": "", "image": painter.pk, "safety": ""})
    choice.refresh_from_db()
    assert (choice.text_account, choice.image_account, choice.safety_account) == (None, painter, None)


def test_the_defaults_form_refuses_an_account_that_cannot_serve_the_kind(alice, alice_client):
    writer = make_account(alice, provider="groq", label="Writer", key="gsk_R2d2C3poBb8Ee5Ww7Qq1")
    painter = make_account(alice, provider="replicate", label="Painter", key=REPLICATE_KEY)
    BackendChoice.objects.create(user=alice, text_account=writer)

    response = alice_client.post(DEFAULTS_URL, {"text": painter.pk, "image": writer.pk, "safety": ""})

    assert response.status_code == 200
    [text_error] = field_errors(response, "text")
    assert text_error.startswith("Replicate cannot write text; choose an account with OpenAI")
    [image_error] = field_errors(response, "image")
    assert image_error.startswith("Groq cannot paint images;")
    choice = BackendChoice.objects.get(user=alice)
    assert (choice.text_account, choice.image_account) == (writer, None)


def test_the_defaults_form_refuses_someone_elses_account(alice, bob, bob_client):
    alices = make_account(alice)
    make_account(bob)

    response = bob_client.post(DEFAULTS_URL, {"text": alices.pk, "image": "", "safety": ""})

    assert field_errors(response, "text") == [f"You have no provider account {alices.pk}."]
    assert not BackendChoice.objects.filter(user=bob).exists()


# --- Test connection -----------------------------------------------------------------------------


def local_account(owner, server: FakeServer, **fields) -> ProviderAccount:
    return make_account(owner, provider="openai_compatible", label="Home server", base_url=server.url + "/v1", **fields)


def test_test_connection_lands_on_the_accounts_card_with_the_result(alice, alice_client, server):
    server.on("GET", "/v1/models", MODELS)
    first = make_account(alice, label="Work")
    account = local_account(alice, server, text_model="gpt-4o-mini")

    response = alice_client.post(connection_test_url(account), follow=True)

    assert response.redirect_chain == [(f"{PROVIDERS_URL}#provider-{account.pk}", 302)]
    level, message = card_result(response, account)
    assert level == "success"
    assert re.fullmatch(r"OK: gpt-4o-mini answered in \d+\.\d s", message), message
    assert card_result(response, first) is None
    assert shown_messages(response) == [], "the result is on the card, not in a banner at the top"
    [received] = server.requests
    assert received.route == "/v1/models"
    assert received.headers["authorization"] == f"Bearer {KEY}"


def test_a_result_is_shown_once(alice, alice_client, server):
    server.on("GET", "/v1/models", MODELS)
    account = local_account(alice, server, text_model="gpt-4o-mini")

    assert card_result(alice_client.post(connection_test_url(account), follow=True), account)[0] == "success"

    assert card_result(alice_client.get(PROVIDERS_URL), account) is None


def test_a_model_the_provider_does_not_list_is_a_warning_not_a_success(alice, alice_client, server):
    server.on("GET", "/v1/models", MODELS)
    account = local_account(alice, server, text_model="llama3.1")

    response = alice_client.post(connection_test_url(account), follow=True)

    level, message = card_result(response, account)
    assert level == "warning"
    assert re.fullmatch(
        r"Connected in \d+\.\d s, but llama3\.1 is not in its model list: check the model's name", message
    ), message


def test_a_rejected_key_is_the_plain_message_as_an_error(alice, alice_client, server):
    server.on("GET", "/v1/models", Reply.json({"error": {"message": f"Incorrect API key {KEY}"}}, status=401))
    account = local_account(alice, server, text_model="gpt-4o-mini")

    response = alice_client.post(connection_test_url(account), follow=True)

    assert card_result(response, account) == (
        "error",
        "OpenAI-compatible server rejected the API key (401). Check it with Edit.",
    )
    assert KEY.encode() not in body_of(response)


def test_test_connection_is_post_only(alice, alice_client, server):
    account = local_account(alice, server, text_model="gpt-4o-mini")

    assert alice_client.get(connection_test_url(account)).status_code == 405
    assert server.requests == []


def test_too_many_tests_get_a_clear_message_not_an_error_page(alice, alice_client, server):
    server.on("GET", "/v1/models", MODELS)
    account = local_account(alice, server, text_model="gpt-4o-mini")
    for _ in range(10):
        assert card_result(alice_client.post(connection_test_url(account), follow=True), account)[0] == "success"

    response = alice_client.post(connection_test_url(account), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(f"{PROVIDERS_URL}#provider-{account.pk}", 302)]
    level, message = card_result(response, account)
    assert level == "error"
    assert re.fullmatch(r"Too many connection tests in a short time\. Try again in \d+ seconds?\.", message)
    assert len(server.requests) == 10, "the refused test sent nothing"


def test_the_page_and_the_api_share_one_allowance(alice, alice_client, server):
    server.on("GET", "/v1/models", MODELS)
    account = local_account(alice, server, text_model="gpt-4o-mini")
    for _ in range(5):
        alice_client.post(connection_test_url(account), follow=True)
        assert alice_client.post(f"/api/providers/{account.pk}/test/").status_code == 200

    assert alice_client.post(f"/api/providers/{account.pk}/test/").status_code == 429
    limited = card_result(alice_client.post(connection_test_url(account), follow=True), account)
    assert limited[1].startswith("Too many connection tests")
    assert len(server.requests) == 10
