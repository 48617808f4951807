"""Failed logins are throttled per account and per address, on the login page and the token API."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY, authenticate
from django.db.models import F
from django.test import Client

from tests.servers import ROOT

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
TOKEN_URL = "/api/auth/token/"
ALICE_PASSWORD = "correct-horse-battery"
BOB_PASSWORD = "another-horse-battery"
HOME, AWAY, ELSEWHERE = "203.0.113.7", "198.51.100.2", "192.0.2.44"
LIMIT = django_settings.LOGIN_FAILURE_LIMIT
COOL_OFF = timedelta(minutes=django_settings.LOGIN_COOLOFF_MINUTES)
PAUSED = f"Logging in is paused for {django_settings.LOGIN_COOLOFF_MINUTES} minutes"


def log_in(via: str, username: str, password: str, address: str, **headers):
    """One login attempt through the page or the token API, from ``address``."""
    url = LOGIN_URL if via == "page" else TOKEN_URL
    return Client().post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def succeeded(via: str, response) -> bool:
    if via == "page":
        return response.status_code == 302 and SESSION_KEY in response.client.session
    return response.status_code == 200 and "token" in response.json()


def assert_locked_out(via: str, response) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == str(int(COOL_OFF.total_seconds()))
    if via == "page":
        page = html.unescape(response.content.decode())
        assert "Logging in is paused" in page
        assert PAUSED in page
        assert SESSION_KEY not in response.client.session
    else:
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": response.json()["detail"]}
        assert PAUSED in response.json()["detail"]


def fail(via: str, times: int, *, usernames=None, addresses=None) -> list:
    usernames = usernames or ["alice"] * times
    addresses = addresses or [HOME] * times
    return [log_in(via, name, "wrong-password", address) for name, address in zip(usernames, addresses, strict=True)]


both_ways = pytest.mark.parametrize("via", ["page", "api"])


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Dozens of logins per test; the throttle does not care how passwords are hashed."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@both_ways
def test_wrong_passwords_lock_and_then_the_right_one_is_refused(via, alice):
    responses = fail(via, LIMIT)

    # Until the limit, a wrong password is the ordinary "try again" answer.
    assert all(r.status_code in (200, 400) for r in responses[:-1])
    assert_locked_out(via, responses[-1])
    assert_locked_out(via, log_in(via, "alice", ALICE_PASSWORD, HOME))


@both_ways
def test_a_lockout_expires_after_the_cool_off(via, alice):
    fail(via, LIMIT)

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - (COOL_OFF - timedelta(minutes=1)))
    assert_locked_out(via, log_in(via, "alice", ALICE_PASSWORD, HOME))

    # That refused try started the wait over; once a whole cool-off has passed, it works.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - (COOL_OFF + timedelta(minutes=1)))
    assert succeeded(via, log_in(via, "alice", ALICE_PASSWORD, HOME))


@both_ways
def test_an_address_that_guessed_too_often_is_locked_for_every_account(via, alice, bob):
    # Never the same account twice, so only the address reaches the limit.
    fail(via, LIMIT, usernames=[f"guess{i}" for i in range(LIMIT)])

    assert_locked_out(via, log_in(via, "bob", BOB_PASSWORD, HOME))
    assert succeeded(via, log_in(via, "alice", ALICE_PASSWORD, AWAY))


@both_ways
def test_an_account_that_was_guessed_too_often_is_locked_from_every_address(via, alice, bob):
    # Never the same address twice, so only the account reaches the limit.
    addresses = [f"198.51.100.{10 + i}" for i in range(LIMIT)]
    fail(via, LIMIT, addresses=addresses)

    assert_locked_out(via, log_in(via, "alice", ALICE_PASSWORD, ELSEWHERE))
    assert succeeded(via, log_in(via, "bob", BOB_PASSWORD, addresses[0]))


@both_ways
def test_a_login_before_the_limit_works(via, alice):
    fail(via, LIMIT - 1)

    assert succeeded(via, log_in(via, "alice", ALICE_PASSWORD, HOME))


def test_the_page_and_the_api_share_one_count(alice):
    fail("page", LIMIT - 1)
    fail("api", 1)

    assert_locked_out("api", log_in("api", "alice", ALICE_PASSWORD, HOME))
    assert_locked_out("page", log_in("page", "alice", ALICE_PASSWORD, HOME))


def test_a_login_without_a_request_is_not_throttled(alice):
    # Scripts and the test client's login() have no address to count against.
    fail("page", LIMIT)

    assert authenticate(username="alice", password=ALICE_PASSWORD) == alice
    assert authenticate(username="alice", password="wrong-password") is None


def test_the_lock_page_is_branded_and_does_not_reveal_whether_the_account_exists(alice):
    fail("page", LIMIT, usernames=["nobody"] * LIMIT)

    response = log_in("page", "nobody", "whatever", HOME)

    assert_locked_out("page", response)
    page = response.content.decode()
    assert 'class="site-header"' in page and "css/panelcraft.css" in page
    assert "nobody" not in page


def test_without_a_proxy_a_forged_forwarded_for_does_not_dodge_the_address_lock(alice):
    for i in range(LIMIT):
        log_in("page", f"guess{i}", "wrong-password", HOME, HTTP_X_FORWARDED_FOR=f"10.9.9.{i}")

    assert_locked_out("page", log_in("page", "alice", ALICE_PASSWORD, HOME, HTTP_X_FORWARDED_FOR="10.9.9.200"))


def settings_behind_a_proxy() -> dict:
    show = (
        "import json; from config import settings as s; "
        "print(json.dumps({'AXES_IPWARE_META_PRECEDENCE_ORDER': s.AXES_IPWARE_META_PRECEDENCE_ORDER, "
        "'AXES_IPWARE_PROXY_ORDER': s.AXES_IPWARE_PROXY_ORDER}))"
    )
    env = {**os.environ, "BEHIND_PROXY": "true"}
    result = subprocess.run([sys.executable, "-c", show], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings, alice):
    for name, value in settings_behind_a_proxy().items():
        setattr(settings, name, value)
    proxy = "10.0.0.2"  # every request arrives from the proxy itself

    # The client puts anything it likes on the left; the proxy appends the address it saw.
    for i in range(LIMIT):
        forwarded = f"10.9.9.{i}, {HOME}"
        log_in("page", f"guess{i}", "wrong-password", proxy, HTTP_X_FORWARDED_FOR=forwarded)

    locked = log_in("page", "alice", ALICE_PASSWORD, proxy, HTTP_X_FORWARDED_FOR=f"10.9.9.99, {HOME}")
    assert_locked_out("page", locked)
    # Another client behind the same proxy is not locked out with them.
    assert succeeded("page", log_in("page", "alice", ALICE_PASSWORD, proxy, HTTP_X_FORWARDED_FOR=AWAY))
