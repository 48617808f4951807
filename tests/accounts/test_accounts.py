"""Accounts: sign up, log in and out, profile, API token, password reset and change."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
GOOD_PASSWORD = "a-long-and-unusual-passphrase-42"


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def logged_in_user_id(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


# --- Sign up -----------------------------------------------------------------------------


def test_sign_up_creates_the_user_logs_them_in_and_opens_the_studio(django_user_model):
    client = Client()

    response = client.post(
        SIGNUP_URL,
        {"username": "carol", "email": "carol@example.com", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("comics:studio")
    carol = django_user_model.objects.get(username="carol")
    assert carol.email == "carol@example.com"
    assert carol.check_password(GOOD_PASSWORD)
    assert logged_in_user_id(client) == str(carol.pk)
    studio = client.get(reverse("comics:studio"))
    assert studio.status_code == 200
    assert "Welcome to Panelcraft, carol" in text_of(studio)


def test_sign_up_without_email_is_fine(django_user_model):
    client = Client()

    response = client.post(SIGNUP_URL, {"username": "dan", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})

    assert response.status_code == 302
    assert django_user_model.objects.get(username="dan").email == ""


def test_sign_up_with_mismatched_passwords_shows_an_error_and_creates_nothing(django_user_model):
    client = Client()

    response = client.post(
        SIGNUP_URL,
        {"username": "carol", "email": "", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD + "x"},
    )

    assert response.status_code == 200
    assert "The two passwords are not the same" in text_of(response)
    assert not django_user_model.objects.filter(username="carol").exists()
    assert logged_in_user_id(client) is None


def test_sign_up_with_a_weak_password_shows_why(django_user_model):
    response = Client().post(SIGNUP_URL, {"username": "carol", "password1": "password", "password2": "password"})

    assert response.status_code == 200
    assert "too common" in text_of(response)
    assert not django_user_model.objects.filter(username="carol").exists()


def test_sign_up_with_a_taken_username_shows_an_error(alice, django_user_model):
    response = Client().post(SIGNUP_URL, {"username": "alice", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})

    assert response.status_code == 200
    assert "already exists" in text_of(response)
    assert django_user_model.objects.filter(username="alice").count() == 1
    assert not django_user_model.objects.get(username="alice").check_password(GOOD_PASSWORD)


def test_the_sign_up_page_shows_the_form():
    response = Client().get(SIGNUP_URL)

    assert response.status_code == 200
    page = text_of(response)
    for name in ("username", "email", "password1", "password2"):
        assert f'name="{name}"' in page


# --- Log in and out ------------------------------------------------------------------------


def test_log_in_with_username_and_password(alice):
    client = Client()

    response = client.post(LOGIN_URL, {"username": "alice", "password": "correct-horse-battery"})

    assert response.status_code == 302
    assert response["Location"] == reverse("comics:shelf")
    assert logged_in_user_id(client) == str(alice.pk)


def test_log_in_goes_back_to_the_page_that_asked(alice):
    client = Client()
    studio = reverse("comics:studio")

    response = client.post(LOGIN_URL, {"username": "alice", "password": "correct-horse-battery", "next": studio})

    assert response.status_code == 302
    assert response["Location"] == studio


def test_log_in_with_a_wrong_password_shows_an_error(alice):
    client = Client()

    response = client.post(LOGIN_URL, {"username": "alice", "password": "wrong-horse"})

    assert response.status_code == 200
    assert "enter a correct username and password" in text_of(response)
    assert logged_in_user_id(client) is None


def test_log_out_with_post(alice_client):
    assert logged_in_user_id(alice_client) is not None

    response = alice_client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert logged_in_user_id(alice_client) is None
    assert alice_client.get(reverse("comics:shelf")).status_code == 302


def test_log_out_with_get_does_nothing(alice_client):
    response = alice_client.get("/accounts/logout/")

    assert response.status_code == 405
    assert logged_in_user_id(alice_client) is not None


@pytest.mark.parametrize("name", ["comics:studio", "comics:shelf", "accounts:profile"])
def test_private_pages_send_anonymous_visitors_to_log_in(name):
    url = reverse(name)

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={url}"


def test_anonymous_studio_post_creates_nothing():
    from comics.models import Comic

    response = Client().post(reverse("comics:studio"), {"idea": "a cat", "kind": "comic", "pages": 1})

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert Comic.objects.count() == 0


def page_title(response) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)).strip()


def test_the_sign_up_page_says_comics_stay_private_until_published():
    page = text_of(Client().get(SIGNUP_URL))

    assert "Only you can see them" not in page
    assert "They stay private, for you alone, until you publish one to the gallery." in page


@pytest.mark.parametrize(
    ("url", "title"),
    [
        (LOGIN_URL, "Log in — Panelcraft"),
        ("/accounts/password/reset/", "Reset your password — Panelcraft"),
        ("/accounts/password/reset/done/", "Check your email — Panelcraft"),
        ("/accounts/reset/done/", "Password reset — Panelcraft"),
        ("/accounts/reset/MQ/not-a-token/", "Choose a new password — Panelcraft"),
    ],
)
def test_signed_out_account_pages_are_titled_with_the_sites_name_not_the_host(url, title):
    response = Client(HTTP_HOST="127.0.0.1").get(url)

    assert response.status_code == 200
    assert page_title(response) == title


def test_signed_in_account_pages_are_titled_with_the_sites_name_not_the_host(alice):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(alice)

    assert page_title(client.get("/accounts/password/change/")) == "Change password — Panelcraft"
    assert page_title(client.get("/accounts/password/change/done/")) == "Password changed — Panelcraft"


# --- Profile and API token ------------------------------------------------------------------


def test_profile_shows_and_saves_the_display_name(alice, alice_client):
    page = alice_client.get("/accounts/profile/")
    assert page.status_code == 200
    assert "alice" in text_of(page)

    response = alice_client.post("/accounts/profile/", {"display_name": "Alice the Author", "email": "a@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    alice.refresh_from_db()
    assert alice.display_name == "Alice the Author"
    assert alice.email == "a@example.org"
    assert alice.byline == "Alice the Author"
    again = text_of(alice_client.get("/accounts/profile/"))
    assert 'value="Alice the Author"' in again
    assert "Profile saved." in again


def test_profile_rejects_a_too_long_display_name(alice, alice_client):
    response = alice_client.post("/accounts/profile/", {"display_name": "x" * 61, "email": ""})

    assert response.status_code == 200
    assert "Keep the display name to 60 characters at most." in text_of(response)
    alice.refresh_from_db()
    assert alice.display_name == ""


def test_profile_shows_the_api_token(alice, alice_client):
    token = Token.objects.create(user=alice)

    assert token.key in text_of(alice_client.get("/accounts/profile/"))


def test_regenerating_the_token_retires_the_old_one(alice, alice_client):
    old = Token.objects.create(user=alice).key
    assert Client(HTTP_AUTHORIZATION=f"Token {old}").get("/api/comics/").status_code == 200

    response = alice_client.post(reverse("accounts:regenerate_token"))

    assert response.status_code == 302
    new = Token.objects.get(user=alice).key
    assert new != old
    assert Client(HTTP_AUTHORIZATION=f"Token {old}").get("/api/comics/").status_code in (401, 403)
    assert Client(HTTP_AUTHORIZATION=f"Token {new}").get("/api/comics/").status_code == 200
    assert new in text_of(alice_client.get("/accounts/profile/"))


def test_a_first_token_can_be_created_from_the_profile(alice, alice_client):
    alice_client.post(reverse("accounts:regenerate_token"))

    token = Token.objects.get(user=alice)
    assert Client(HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/comics/").status_code == 200


def test_token_regeneration_needs_post(alice, alice_client):
    token = Token.objects.create(user=alice)

    assert alice_client.get(reverse("accounts:regenerate_token")).status_code == 405
    assert Token.objects.get(user=alice).key == token.key


# --- Passwords ------------------------------------------------------------------------------------


def test_password_reset_emails_a_link_that_sets_a_new_password(alice, mailoutbox):
    client = Client()

    response = client.post("/accounts/password/reset/", {"email": "alice@example.com"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@example.com"]
    match = re.search(r"https?://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    assert "alice" in message.body

    # Following the link lets alice choose a new password.
    response = client.get(match.group(1), follow=True)
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0] if response.redirect_chain else match.group(1)
    response = client.post(set_password_url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(GOOD_PASSWORD)


def test_password_reset_for_an_unknown_email_sends_nothing_but_looks_the_same(alice, mailoutbox):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_password_change(alice, alice_client):
    response = alice_client.post(
        reverse("accounts:password_change"),
        {"old_password": "correct-horse-battery", "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    alice.refresh_from_db()
    assert alice.check_password(GOOD_PASSWORD)
    # Still logged in after the change, and the new password works for a fresh login.
    assert alice_client.get(reverse("comics:shelf")).status_code == 200
    assert Client().login(username="alice", password=GOOD_PASSWORD)


def test_password_change_with_a_wrong_old_password_is_refused(alice, alice_client):
    response = alice_client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-it", "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )

    assert response.status_code == 200
    assert "old password was entered incorrectly" in text_of(response)
    alice.refresh_from_db()
    assert alice.check_password("correct-horse-battery")
