"""Every field speaks plainly: a value that will not do is answered in the product's words, on a page and in the API.

Each case sends one wrong, missing or out-of-range value through the real
page or endpoint, and checks that the answer names the field's own rule
("A comic has at most 12 pages.") and that none of Django's or DRF's
generic sentences ("Ensure this value…", "This field is required.") is
anywhere in it.
"""

from __future__ import annotations

import html
import json

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import ProviderAccount
from accounts.services import save_provider_account
from tests.conftest import client_for
from tests.gallery.conftest import publish

pytestmark = pytest.mark.django_db

# Django's and DRF's own words for a field, which say nothing of the field itself.
GENERIC = (
    "This field is required.",
    "This field may not be",
    "Ensure this value",
    "Ensure this field",
    "A valid integer is required",
    "Enter a whole number",
    "Select a valid choice",
    "is not a valid choice",
    "Not a valid string",
    "String value too large",
    "Enter a valid email address",
    "Enter a valid username",
    "didn’t match",
    "Must include",
)

VALID_COMIC = {"idea": "a shy dragon who opens a tiny tea shop", "pages": 2, "panels_per_page": 2}
TOO_LONG = "x" * 2001


def assert_plain(text: str) -> None:
    for phrase in GENERIC:
        assert phrase not in text, f"{phrase!r} in {text[:800]}"


def page_text(response) -> str:
    return html.unescape(response.content.decode())


# --- The API ------------------------------------------------------------------------------


def messages_for(response, field: str) -> list[str]:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    errors = response.json()
    assert_plain(json.dumps(errors, ensure_ascii=False))
    return errors[field]


# (changes to a valid comic, the field, the exact message)
BAD_COMICS = [
    pytest.param({"idea": ...}, "idea", "Type an idea for your story.", id="idea-missing"),
    pytest.param({"idea": None}, "idea", "Type an idea for your story.", id="idea-null"),
    pytest.param({"pages": 13}, "pages", "A comic has at most 12 pages.", id="pages-13"),
    pytest.param({"pages": 0}, "pages", "A comic has at least 1 page.", id="pages-0"),
    pytest.param({"pages": "three"}, "pages", "The number of pages is a whole number from 1 to 12.", id="pages-word"),
    pytest.param({"pages": 2.5}, "pages", "The number of pages is a whole number from 1 to 12.", id="pages-fraction"),
    pytest.param({"pages": None}, "pages", "Choose how many pages: 1 to 12.", id="pages-null"),
    pytest.param({"panels_per_page": None}, "panels_per_page", "Choose how many panels each page", id="panels-null"),
    pytest.param({"panels_per_page": 7}, "panels_per_page", "A page has at most 6 panels.", id="panels-7"),
    pytest.param({"panels_per_page": 0}, "panels_per_page", "A page has at least 1 panel.", id="panels-0"),
    pytest.param(
        {"panels_per_page": "many"},
        "panels_per_page",
        "The number of panels per page is a whole number from 1 to 6.",
        id="panels-word",
    ),
    pytest.param({"seed": -1}, "seed", "The seed is a whole number from 0 to 2147483647.", id="seed-negative"),
    pytest.param({"seed": 2**31}, "seed", "The seed is a whole number from 0 to 2147483647.", id="seed-too-big"),
    pytest.param({"seed": "lucky"}, "seed", "The seed is a whole number from 0 to 2147483647.", id="seed-word"),
    pytest.param({"kind": "novel"}, "kind", "Unknown kind “novel”: choose one of comic, picture_book.", id="kind"),
    pytest.param({"kind": None}, "kind", "Choose a kind: one of comic, picture_book.", id="kind-null"),
    pytest.param({"style": "oil"}, "style", "Unknown style “oil”: choose one of classic-comic", id="style"),
    pytest.param({"layout": "spiral"}, "layout", "Unknown layout “spiral”: choose one of grid", id="layout"),
    pytest.param({"page_size": "a3"}, "page_size", "Unknown page size “a3”: choose one of a4-portrait", id="size"),
    pytest.param(
        {"text_provider": "mine"},
        "text_provider",
        "Give the id of one of your provider accounts (a whole number), or null for your default.",
        id="text-provider-word",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD_COMICS)
def test_the_api_says_what_is_wrong_with_a_new_comic(alice_client, changes, field, message):
    body = {key: value for key, value in {**VALID_COMIC, **changes}.items() if value is not ...}

    [said] = messages_for(alice_client.post("/api/comics/", body, content_type="application/json"), field)

    assert said.startswith(message), said


def test_too_many_pages_is_said_once(alice_client):
    response = alice_client.post("/api/comics/", {**VALID_COMIC, "pages": 40}, content_type="application/json")

    assert messages_for(response, "pages") == ["A comic has at most 12 pages."]


def test_a_lower_site_cap_is_the_limit_the_api_names(alice_client, settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "MAX_PAGES": 6}

    response = alice_client.post("/api/comics/", {**VALID_COMIC, "pages": 8}, content_type="application/json")

    assert messages_for(response, "pages") == ["This site makes comics of up to 6 pages."]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("kind=poem", "kind", "Unknown kind “poem”: choose one of comic, picture_book."),
        ("status=lost", "status", "Unknown status “lost”: choose one of queued, running"),
        ("page=0", "page", "Pages are numbered from 1."),
        ("page=two", "page", "The page must be a whole number."),
        ("page_size=100", "page_size", "At most 60 comics per page."),
    ],
)
def test_the_list_of_comics_says_what_is_wrong_with_its_query(alice_client, query, field, message):
    [said] = messages_for(alice_client.get(f"/api/comics/?{query}"), field)

    assert said.startswith(message)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"title": ["a", "list"]}, "title", "Write the title as text."),
        ({"visibility": "secret"}, "visibility", "Unknown visibility “secret”: choose one of private, public."),
    ],
)
def test_changing_a_comic_says_what_is_wrong(alice, alice_client, make_comic, body, field, message):
    comic, _job = make_comic(alice)

    response = alice_client.patch(f"/api/comics/{comic.pk}/", body, content_type="application/json")

    assert messages_for(response, field) == [message]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "provider", "Choose a provider: one of openai,"),
        ({"provider": "openia"}, "provider", "Unknown provider “openia”: choose one of openai,"),
        ({"provider": "groq", "label": "L" * 81}, "label", "Keep the label to 80 characters at most."),
        ({"provider": "groq", "label": ["Work"]}, "label", "Write the label as text."),
        ({"provider": "groq", "api_key": "k" * 1001}, "api_key", "An API key is at most 1000 characters."),
        ({"provider": "groq", "base_url": "https://a.example/" + "p" * 490}, "base_url", "Keep the base URL to 500"),
        ({"provider": "groq", "text_model": "m" * 201}, "text_model", "Keep the model name to 200 characters"),
    ],
)
def test_a_provider_account_says_what_is_wrong(alice_client, body, field, message):
    said = messages_for(alice_client.post("/api/providers/", body, content_type="application/json"), field)

    assert len(said) == 1 and said[0].startswith(message), said


def test_default_providers_say_what_each_one_needs(alice_client):
    response = alice_client.put("/api/me/backends/", {"text": "mine"}, content_type="application/json")

    assert messages_for(response, "text") == [
        "Give “text” as the id of one of your provider accounts (a whole number), or null for the site's default."
    ]
    assert messages_for(response, "image")[0].startswith("Give “image” as the id")


def test_the_token_endpoint_says_what_is_missing(client):
    response = client.post("/api/auth/token/", {}, content_type="application/json")

    assert messages_for(response, "username") == ["Send your username."]
    assert messages_for(response, "password") == ["Send your password."]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "reason", "Choose a reason: one of spam,"),
        ({"reason": "meh"}, "reason", "Unknown reason “meh”: choose one of spam,"),
        ({"reason": "spam", "detail": TOO_LONG}, "detail", "Keep the note to 2,000 characters at most."),
    ],
)
def test_a_report_says_what_is_wrong(alice, bob_client, make_comic, body, field, message):
    comic = publish(make_comic(alice)[0])

    response = bob_client.post(f"/api/comics/{comic.pk}/report/", body, content_type="application/json")

    [said] = messages_for(response, field)
    assert said.startswith(message), said


@pytest.mark.parametrize(
    ("act", "body", "message"),
    [
        ("comics/{comic}/hide", {}, "Say why you are hiding it"),
        ("comics/{comic}/hide", {"reason": "r" * 501}, "Keep the reason to 500 characters at most."),
        ("users/{author}/ban", {}, "Say why you are banning them"),
        ("comics/{comic}/feature", {"reason": "r" * 501}, "Keep the reason to 500 characters at most."),
    ],
)
def test_a_moderators_act_says_what_is_wrong(alice, moderator, make_comic, act, body, message):
    comic = publish(make_comic(alice)[0])
    url = f"/api/moderation/{act.format(comic=comic.pk, author=alice.pk)}/"

    response = client_for(moderator).post(url, body, content_type="application/json")

    [said] = messages_for(response, "reason")
    assert said.startswith(message), said


def test_the_moderation_queue_says_what_is_wrong_with_its_query(moderator):
    response = client_for(moderator).get("/api/moderation/reports/?status=gone")

    [said] = messages_for(response, "status")
    assert said == "Unknown status “gone”: choose one of open, resolved, dismissed."


# --- The pages -------------------------------------------------------------------------------


def groq_account(owner) -> ProviderAccount:
    return save_provider_account(ProviderAccount(owner=owner), provider="groq", api_key="gsk-test-key-0001")


STUDIO = {**VALID_COMIC, "kind": "comic", "style": "classic-comic", "layout": "grid", "page_size": "a4-portrait"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"pages": 13}, "A comic has at most 12 pages.", id="pages-13"),
        pytest.param({"pages": 0}, "A comic has at least 1 page.", id="pages-0"),
        pytest.param({"pages": "three"}, "The number of pages is a whole number from 1 to 12.", id="pages-word"),
        pytest.param({"pages": ""}, "Choose how many pages: 1 to 12.", id="pages-missing"),
        pytest.param({"panels_per_page": 7}, "A page has at most 6 panels.", id="panels-7"),
        pytest.param({"panels_per_page": ""}, "Choose how many panels each page has (1 to 6).", id="panels-missing"),
        pytest.param({"seed": -1}, "The seed is a whole number from 0 to 2147483647.", id="seed-negative"),
        pytest.param({"seed": 2**31}, "The seed is a whole number from 0 to 2147483647.", id="seed-too-big"),
        pytest.param({"seed": "lucky"}, "The seed is a whole number from 0 to 2147483647.", id="seed-word"),
        pytest.param({"kind": "novel"}, "Choose one of the kinds listed.", id="kind"),
        pytest.param({"kind": ""}, "Choose a comic or a picture book.", id="kind-missing"),
        pytest.param({"style": "oil"}, "Choose one of the styles listed.", id="style"),
        pytest.param({"layout": "spiral"}, "Choose one of the layouts listed.", id="layout"),
        pytest.param({"page_size": "a3"}, "Choose one of the page sizes listed.", id="page-size"),
        pytest.param({"text_provider": "999"}, "Choose one of your accounts listed, or My default.", id="account"),
    ],
)
def test_the_studio_says_what_is_wrong(alice, alice_client, changes, message):
    groq_account(alice)  # so the studio offers a choice of accounts

    page = page_text(alice_client.post("/studio/", {**STUDIO, **changes}))

    assert message in page
    assert_plain(page)


def test_the_studio_says_a_number_is_too_big_once(alice_client):
    page = page_text(alice_client.post("/studio/", {**STUDIO, "pages": 40}))

    assert page.count("A comic has at most 12 pages.") == 1


SIGNUP = {"username": "newcomer", "password1": "a-long-enough-passphrase", "password2": "a-long-enough-passphrase"}


@pytest.mark.parametrize(
    ("fields", "messages"),
    [
        (dict.fromkeys(SIGNUP, ""), ["Choose a username.", "Choose a password.", "Type the same password again."]),
        ({**SIGNUP, "username": "two words"}, ["A username has only letters, digits and the signs @ . + - _"]),
        ({**SIGNUP, "username": "u" * 151}, ["Keep the username to 150 characters at most."]),
        ({**SIGNUP, "email": "not-an-address"}, ["Enter an email address such as you@example.com."]),
        ({**SIGNUP, "password2": "another-passphrase"}, ["The two passwords are not the same"]),
    ],
)
def test_signing_up_says_what_is_wrong(client, fields, messages):
    page = page_text(client.post("/accounts/signup/", fields))

    for message in messages:
        assert message in page
    assert_plain(page)


def test_logging_in_says_what_is_missing(client):
    page = page_text(client.post("/accounts/login/", {}))

    assert "Type your username." in page and "Type your password." in page
    assert_plain(page)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"display_name": "D" * 61}, "Keep the display name to 60 characters at most."),
        ({"email": "nope"}, "Enter an email address such as you@example.com."),
    ],
)
def test_the_profile_says_what_is_wrong(alice_client, fields, message):
    page = page_text(alice_client.post("/accounts/profile/", {"display_name": "", "email": "", **fields}))

    assert message in page
    assert_plain(page)


def test_changing_the_password_says_what_is_missing(alice_client):
    page = page_text(alice_client.post("/accounts/password/change/", {}))

    for message in ("Type your current password.", "Choose a new password.", "Type the new password again."):
        assert message in page
    assert_plain(page)


def test_asking_for_a_reset_link_says_what_is_missing(client):
    missing = page_text(client.post("/accounts/password/reset/", {}))
    wrong = page_text(client.post("/accounts/password/reset/", {"email": "nope"}))

    assert "Enter the email address of your account." in missing
    assert "Enter an email address such as you@example.com." in wrong
    assert_plain(missing + wrong)


def test_the_reset_link_page_says_what_is_wrong(client, alice):
    link = (
        f"/accounts/reset/{urlsafe_base64_encode(force_bytes(alice.pk))}/{default_token_generator.make_token(alice)}/"
    )
    form_url = client.get(link)["Location"]  # Django moves the token out of the address first

    missing = page_text(client.post(form_url, {}))
    mismatch = page_text(client.post(form_url, {"new_password1": "one-long-passphrase", "new_password2": "other"}))

    assert "Choose a new password." in missing and "Type the new password again." in missing
    assert "The two passwords are not the same" in mismatch
    assert_plain(missing + mismatch)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"provider": ""}, "Choose a provider."),
        ({"provider": "openia"}, "Choose one of the providers listed."),
        ({"provider": "groq", "label": "L" * 81}, "Keep the label to 80 characters at most."),
        ({"provider": "openai_compatible", "base_url": "https://a.example/" + "p" * 490}, "Keep the base URL to 500"),
        ({"provider": "groq", "text_model": "m" * 201}, "Keep the model name to 200 characters at most."),
    ],
)
def test_the_provider_form_says_what_is_wrong(alice_client, fields, message):
    blank = {"label": "", "api_key": "", "base_url": "", "text_model": "", "image_model": ""}

    page = page_text(alice_client.post("/accounts/providers/new/", {**blank, **fields}))

    assert message in page
    assert_plain(page)


def test_a_long_api_key_is_refused_in_one_sentence(alice_client):
    fields = {"provider": "groq", "api_key": "k" * 1001}

    page = page_text(alice_client.post("/accounts/providers/new/", fields))

    assert page.count("An API key is at most 1000 characters.") == 1
    assert_plain(page)


def test_the_default_providers_form_says_what_is_wrong(alice, alice_client):
    groq_account(alice)  # the form is there once there is an account to choose

    page = page_text(alice_client.post("/accounts/providers/defaults/", {"text": "mine", "image": "", "safety": ""}))

    assert "Choose one of the accounts listed, or Site default." in page
    assert_plain(page)


def test_the_report_form_says_what_is_wrong(alice, bob_client, make_comic):
    comic = publish(make_comic(alice)[0])

    missing = page_text(bob_client.post(f"/gallery/comics/{comic.pk}/report/", {}))
    long_note = page_text(
        bob_client.post(f"/gallery/comics/{comic.pk}/report/", {"reason": "spam", "detail": TOO_LONG})
    )

    assert "Choose a reason." in missing
    assert "Keep the note to 2,000 characters at most." in long_note
    assert_plain(missing + long_note)


def test_a_moderators_reason_that_is_too_long_is_said_plainly(alice, moderator, make_comic):
    comic = publish(make_comic(alice)[0])

    response = client_for(moderator).post(
        f"/gallery/moderation/comics/{comic.pk}/feature/", {"reason": "r" * 501}, follow=True
    )

    page = page_text(response)
    assert "Keep the reason to 500 characters at most." in page
    assert_plain(page)


def test_a_page_past_the_last_says_so(client):
    response = client.get("/api/gallery/?page=999")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("There is no page 999 of these results")
