"""Provider accounts over the API and the admin: owner-scoped, validated, the key write-only."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.models import BackendChoice, ProviderAccount
from renderers.net import guard
from tests.http import body_of

pytestmark = pytest.mark.django_db

PROVIDERS_URL = "/api/providers/"
BACKENDS_URL = "/api/me/backends/"
OPENAI_KEY = "sk-proj-Zq8VtW1mLp4NcR7yXb2K"
NEW_OPENAI_KEY = "sk-proj-Hh3JkL9pQ2wE5rT8uYi4"
OUTPUT_FIELDS = {"id", "provider", "label", "key_hint", "base_url", "text_model", "image_model", "created_at"}
REPLICATE_VERSION = "5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637"


@pytest.fixture(autouse=True)
def _example_hosts_resolve(monkeypatch):
    """Saved base URLs are looked up; offline, *.example.com names stand for a public address."""
    real = guard.system_resolver
    monkeypatch.setattr(
        guard, "system_resolver", lambda host: ["93.184.215.14"] if host.endswith(".example.com") else real(host)
    )


def account_url(account_id: int) -> str:
    return f"{PROVIDERS_URL}{account_id}/"


def create(client: Client, **fields):
    return client.post(PROVIDERS_URL, fields, content_type="application/json")


def patch(client: Client, account_id: int, **fields):
    return client.patch(account_url(account_id), fields, content_type="application/json")


def put_backends(client: Client, text=None, image=None, safety=None):
    return client.put(BACKENDS_URL, {"text": text, "image": image, "safety": safety}, content_type="application/json")


def created(response) -> dict:
    assert response.status_code == 201, response.content
    return response.json()


def make_account(owner, provider="openai", key=OPENAI_KEY, **fields) -> ProviderAccount:
    account = ProviderAccount(owner=owner, provider=provider, **fields)
    if key:
        account.set_api_key(key)
    account.full_clean()
    account.save()
    return account


# --- Creating and reading -----------------------------------------------------------------


def test_an_account_is_created_with_the_provider_defaults_and_only_a_hint_of_the_key(alice, alice_client):
    data = created(create(alice_client, provider="openai", label="Work", api_key=OPENAI_KEY))

    assert set(data) == OUTPUT_FIELDS
    assert data["provider"] == "openai"
    assert data["label"] == "Work"
    assert data["key_hint"] == OPENAI_KEY[-4:]
    assert data["base_url"] == "https://api.openai.com/v1"
    assert data["text_model"] == "gpt-4o-mini"
    assert data["image_model"] == "gpt-image-1"
    account = ProviderAccount.objects.get(pk=data["id"])
    assert account.owner == alice
    assert account.reveal_api_key() == OPENAI_KEY


def test_no_response_ever_contains_the_key(alice_client):
    bodies = []

    def keep(response):
        assert response.status_code < 300, response.content
        bodies.append(body_of(response))
        return response

    account_id = keep(create(alice_client, provider="openai", api_key=OPENAI_KEY)).json()["id"]
    keep(alice_client.get(PROVIDERS_URL))
    keep(alice_client.get(account_url(account_id)))
    keep(patch(alice_client, account_id, label="renamed"))
    keep(patch(alice_client, account_id, api_key=NEW_OPENAI_KEY))
    # The browsable API renders forms too.
    keep(alice_client.get(PROVIDERS_URL, HTTP_ACCEPT="text/html"))
    keep(alice_client.get(account_url(account_id), HTTP_ACCEPT="text/html"))
    ciphertext = ProviderAccount.objects.get(pk=account_id).encrypted_api_key

    for body in bodies:
        for secret in (OPENAI_KEY, NEW_OPENAI_KEY, ciphertext):
            assert secret.encode() not in body


def test_the_list_holds_only_the_callers_accounts(alice, bob, alice_client):
    mine = make_account(alice, label="mine")
    make_account(bob, label="bob's")

    listed = alice_client.get(PROVIDERS_URL).json()

    assert [row["id"] for row in listed] == [mine.pk]


def test_token_clients_need_no_csrf_token_and_anonymous_callers_are_refused(alice):
    token = Token.objects.create(user=alice)
    token_client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token.key}")

    created(create(token_client, provider="groq", api_key="gsk_R2d2C3poBb8Ee5Ww7Qq1"))
    assert len(token_client.get(PROVIDERS_URL).json()) == 1
    assert Client().get(PROVIDERS_URL).status_code in (401, 403)
    assert create(Client(), provider="groq", api_key="gsk_R2d2C3poBb8Ee5Ww7Qq1").status_code in (401, 403)


def test_an_account_needing_no_key_is_fine_without_one(alice_client):
    data = created(create(alice_client, provider="comfyui", base_url="http://comfy.example.com:8188"))

    assert data["key_hint"] == ""
    assert data["image_model"] == "flux"
    assert data["text_model"] == ""


@pytest.mark.parametrize(
    "model", ["black-forest-labs/flux-schnell", f"stability-ai/sdxl:{REPLICATE_VERSION}", "owner.name/model_v2"]
)
def test_replicate_takes_owner_name_with_an_optional_version(alice_client, model):
    data = created(create(alice_client, provider="replicate", api_key="r8_Kd93jfK2lsQ0", image_model=model))

    assert data["image_model"] == model


# --- Editing and deleting ------------------------------------------------------------------


def test_patch_without_a_key_keeps_the_old_key(alice, alice_client):
    account = make_account(alice)

    response = patch(alice_client, account.pk, label="Personal", text_model="gpt-4.1")

    assert response.status_code == 200, response.content
    assert response.json()["key_hint"] == OPENAI_KEY[-4:]
    account.refresh_from_db()
    assert (account.label, account.text_model) == ("Personal", "gpt-4.1")
    assert account.reveal_api_key() == OPENAI_KEY


def test_patch_with_a_key_replaces_it(alice, alice_client):
    account = make_account(alice)

    response = patch(alice_client, account.pk, api_key=NEW_OPENAI_KEY)

    assert response.json()["key_hint"] == NEW_OPENAI_KEY[-4:]
    account.refresh_from_db()
    assert account.reveal_api_key() == NEW_OPENAI_KEY


def test_a_blank_url_or_model_means_the_default_again(alice, alice_client):
    account = make_account(alice, base_url="https://proxy.example.com/v1", text_model="gpt-4.1")

    data = patch(alice_client, account.pk, base_url="", text_model="", api_key=OPENAI_KEY).json()

    assert (data["base_url"], data["text_model"]) == ("https://api.openai.com/v1", "gpt-4o-mini")


@pytest.mark.parametrize(
    "change", [{"base_url": "https://collector.example.com/v1"}, {"provider": "groq", "image_model": ""}]
)
def test_a_stored_key_is_never_sent_somewhere_new_without_being_entered_again(alice, alice_client, change):
    account = make_account(alice)

    response = patch(alice_client, account.pk, **change)

    assert response.status_code == 400
    assert response.json()["api_key"] == [
        "Enter the API key again: a stored key is only sent where it was entered for."
    ]
    account.refresh_from_db()
    assert (account.provider, account.effective_base_url) == ("openai", "https://api.openai.com/v1")
    assert patch(alice_client, account.pk, api_key="sk-new-key-for-the-new-place", **change).status_code == 200
    assert patch(alice_client, account.pk, label="renamed").status_code == 200, "other edits need no key"


def test_delete_removes_the_account_and_any_default_it_was(alice, alice_client):
    account = make_account(alice)
    assert put_backends(alice_client, text=account.pk).status_code == 200

    assert alice_client.delete(account_url(account.pk)).status_code == 204

    assert not ProviderAccount.objects.filter(pk=account.pk).exists()
    assert alice_client.get(BACKENDS_URL).json() == {"text": None, "image": None, "safety": None}


# --- Strangers -------------------------------------------------------------------------------


def test_someone_elses_account_is_not_found_whatever_the_method(alice, bob_client):
    account = make_account(alice, label="alice's")

    assert bob_client.get(account_url(account.pk)).status_code == 404
    assert patch(bob_client, account.pk, label="mine now").status_code == 404
    assert bob_client.delete(account_url(account.pk)).status_code == 404
    assert bob_client.get(account_url(account.pk + 1000)).status_code == 404
    account.refresh_from_db()
    assert account.label == "alice's"


def test_someone_elses_account_cannot_be_chosen_as_a_default(alice, bob, bob_client):
    alices = make_account(alice)

    response = put_backends(bob_client, text=alices.pk)

    assert response.status_code == 400
    assert response.json() == {"text": [f"You have no provider account {alices.pk}."]}
    assert not BackendChoice.objects.filter(user=bob).exists()


# --- Default providers --------------------------------------------------------------------------


def test_nothing_chosen_means_the_site_defaults(alice_client):
    assert alice_client.get(BACKENDS_URL).json() == {"text": None, "image": None, "safety": None}


def test_defaults_are_chosen_per_kind_and_read_back(alice, alice_client):
    writer = make_account(alice, provider="anthropic", key="sk-ant-api03-Qw9Er8Ty")
    painter = make_account(alice, provider="replicate", key="r8_Kd93jfK2lsQ0")

    response = put_backends(alice_client, text=writer.pk, image=painter.pk, safety=writer.pk)

    assert response.status_code == 200, response.content
    expected = {"text": writer.pk, "image": painter.pk, "safety": writer.pk}
    assert response.json() == expected
    assert alice_client.get(BACKENDS_URL).json() == expected
    assert put_backends(alice_client, text=writer.pk).json() == {"text": writer.pk, "image": None, "safety": None}


def test_an_account_that_cannot_serve_a_kind_is_refused_for_it(alice, alice_client):
    painter = make_account(alice, provider="replicate", key="r8_Kd93jfK2lsQ0")
    writer = make_account(alice, provider="groq", key="gsk_R2d2C3poBb8Ee5Ww7Qq1")

    for_text = put_backends(alice_client, text=painter.pk)
    for_image = put_backends(alice_client, image=writer.pk)

    assert for_text.status_code == 400
    assert for_text.json()["text"] == [
        "Replicate cannot write text; choose an account with OpenAI, OpenAI-compatible server, Groq, "
        "OpenRouter, Anthropic, Hugging Face."
    ]
    assert for_image.status_code == 400
    assert for_image.json()["image"][0].startswith("Groq cannot paint images;")


def test_all_three_kinds_are_required_on_put(alice_client):
    response = alice_client.put(BACKENDS_URL, {"text": None}, content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == {"image", "safety"}


def test_an_account_chosen_for_text_cannot_become_one_that_cannot_write(alice, alice_client):
    account = make_account(alice)
    put_backends(alice_client, text=account.pk)

    response = patch(alice_client, account.pk, provider="replicate", text_model="")

    assert response.status_code == 400
    assert "your default for text" in response.json()["provider"][0]
    account.refresh_from_db()
    assert account.provider == "openai"


# --- Validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"provider": "openia", "api_key": OPENAI_KEY},
            "provider",
            "Unknown provider “openia”: choose one of openai, openai_compatible, groq, openrouter, anthropic, "
            "huggingface, replicate, runpod, comfyui.",
        ),
        (
            {"provider": "openai", "api_key": OPENAI_KEY, "base_url": "ftp://files.example.com"},
            "base_url",
            "Enter an http:// or https:// URL, such as https://api.example.com/v1.",
        ),
        (
            {"provider": "openai", "api_key": OPENAI_KEY, "base_url": "file:///etc/passwd"},
            "base_url",
            "Enter an http:// or https:// URL, such as https://api.example.com/v1.",
        ),
        (
            {"provider": "openai", "api_key": OPENAI_KEY, "base_url": "https://me:secret@proxy.example.com"},
            "base_url",
            "Put credentials in the API key, not in the URL: the URL is stored and shown in plain text.",
        ),
        (
            {"provider": "runpod", "api_key": OPENAI_KEY},
            "base_url",
            "RunPod needs a base_url, e.g. https://api.runpod.ai/v2/<endpoint id>.",
        ),
        ({"provider": "comfyui"}, "base_url", "ComfyUI needs a base_url, e.g. http://192.168.1.20:8188."),
        (
            {"provider": "openai_compatible", "text_model": "llama3.1"},
            "base_url",
            "OpenAI-compatible server needs a base_url, e.g. http://192.168.1.20:11434/v1 for Ollama.",
        ),
        (
            {"provider": "openai_compatible", "base_url": "http://ollama.example.com:11434/v1"},
            "text_model",
            "OpenAI-compatible server has no default model: name the one your server runs.",
        ),
        (
            {"provider": "replicate", "api_key": OPENAI_KEY, "image_model": "flux-schnell"},
            "image_model",
            "A Replicate model is owner/name or owner/name:version (a 64-character hex version id), "
            "e.g. black-forest-labs/flux-schnell.",
        ),
        (
            {"provider": "replicate", "api_key": OPENAI_KEY, "image_model": "owner/name:latest"},
            "image_model",
            "A Replicate model is owner/name or owner/name:version (a 64-character hex version id), "
            "e.g. black-forest-labs/flux-schnell.",
        ),
        (
            {"provider": "groq", "api_key": OPENAI_KEY, "image_model": "flux"},
            "image_model",
            "Groq cannot paint images; leave this empty.",
        ),
        ({"provider": "openai"}, "api_key", "OpenAI needs an API key."),
        ({"provider": "openai", "api_key": ""}, "api_key", "OpenAI needs an API key."),
        (
            {"provider": "openai", "api_key": "sk-proj two words"},
            "api_key",
            "An API key has no spaces or line breaks; paste only the key.",
        ),
        (
            {"provider": "openai", "api_key": "sk-1"},
            "api_key",
            "That is too short for an API key (at least 8 characters).",
        ),
    ],
)
def test_invalid_input_is_a_clear_400_and_saves_nothing(alice_client, fields, field, message):
    response = create(alice_client, **fields)

    assert response.status_code == 400
    assert message in response.json()[field]
    assert not ProviderAccount.objects.exists()


def test_a_rejected_key_is_not_echoed_in_the_error(alice_client):
    bad_key = "sk-proj-Zq8VtW1m\nLp4NcR7yXb2K"

    response = create(alice_client, provider="openai", api_key=bad_key)

    assert response.status_code == 400
    assert b"Zq8VtW1m" not in response.content


def test_a_bad_edit_is_a_400_and_leaves_the_account_as_it_was(alice, alice_client):
    account = make_account(alice)

    response = patch(alice_client, account.pk, provider="runpod", base_url="")

    assert response.status_code == 400
    assert "RunPod needs a base_url" in response.json()["base_url"][0]
    account.refresh_from_db()
    assert account.provider == "openai"


# --- Admin and string forms ---------------------------------------------------------------------


@pytest.fixture
def admin_client(django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "root-horse-battery")
    client = Client()
    client.force_login(admin)
    return client


def test_the_admin_shows_the_hint_but_never_the_key_or_its_ciphertext(alice, admin_client):
    account = make_account(alice, label="Work")

    pages = [
        admin_client.get("/admin/accounts/provideraccount/"),
        admin_client.get(f"/admin/accounts/provideraccount/{account.pk}/change/"),
    ]

    for page in pages:
        assert page.status_code == 200
        body = page.content.decode()
        assert OPENAI_KEY[-4:] in body
        assert OPENAI_KEY not in body
        assert account.encrypted_api_key not in body


def test_the_admin_can_add_an_account_with_a_key_it_then_keeps_hidden(alice, admin_client):
    response = admin_client.post(
        "/admin/accounts/provideraccount/add/",
        {"owner": alice.pk, "provider": "groq", "label": "Site", "api_key": "gsk_R2d2C3poBb8Ee5Ww7Qq1"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    account = ProviderAccount.objects.get()
    assert account.reveal_api_key() == "gsk_R2d2C3poBb8Ee5Ww7Qq1"
    # Saving the form again without a key keeps it.
    admin_client.post(
        f"/admin/accounts/provideraccount/{account.pk}/change/",
        {"owner": alice.pk, "provider": "groq", "label": "Renamed", "api_key": ""},
    )
    account.refresh_from_db()
    assert (account.label, account.reveal_api_key()) == ("Renamed", "gsk_R2d2C3poBb8Ee5Ww7Qq1")


def test_str_and_repr_never_include_the_key(alice):
    account = make_account(alice, label="Work")

    for text in (str(account), repr(account)):
        assert OPENAI_KEY not in text
        assert account.encrypted_api_key not in text
    assert str(account) == "Work (OpenAI)"
