"""A visitor never sees Django's technical error pages: the site's own 404, 403, 400 and 500 instead.

In-process the settings are those of ``make run`` (DEBUG off; pytest-django
turns it off like the Makefile does). The last tests start ``make run``
itself, on a fresh machine's environment, and open it over plain http.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess

import httpx
import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import path

from accounts.models import ProviderAccount
from accounts.services import save_provider_account
from config.urls import handler404, handler500
from config.urls import urlpatterns as site_urlpatterns
from tests.conftest import client_for
from tests.http import body_of
from tests.servers import ROOT, answers_http, free_port, running, wait_until

# What Django's debug pages say, and what a page of the site never does.
TECHNICAL = ("Using the URLconf", "Django tried these URL patterns", "technical_404", "Traceback", "DEBUG = True")
MISSING = 999_999


def boom(request):
    raise RuntimeError("the view fell over")


def boom_in_the_database(request):
    raise DatabaseError("the database went away")


# This module is also the URLconf of the 500 tests: the site's pages and handlers, and views that fail.
urlpatterns = [
    path("boom/", boom),
    path("boom/database/", boom_in_the_database),
    path("api/boom/", boom),
    *site_urlpatterns,
]
__all__ = ["handler404", "handler500", "urlpatterns"]


def failing_context_processor(request):
    raise RuntimeError("a context processor fell over")


def page_of(response) -> str:
    return body_of(response).decode()


def assert_site_page(response, status: int) -> str:
    page = page_of(response)
    assert response.status_code == status, (response.status_code, page[:300])
    assert f'id="error-page" data-status="{status}"' in page, page[:600]
    assert 'href="/static/css/panelcraft' in page, "in the site's look"
    for marker in TECHNICAL:
        assert marker not in page
    return page


def without_tokens(page: str) -> str:
    """The page with its per-response CSRF token taken out, so two renders of one page compare equal."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', page)


@pytest.fixture
def private(alice, make_comic):
    """Alice's unpublished comic, its job, and a provider account of hers."""
    comic, job = make_comic(alice)
    account = save_provider_account(ProviderAccount(owner=alice), provider="groq", api_key="gsk-test-key-0001")
    return {"comic": comic.pk, "job": job.pk, "account": account.pk}


# (method, URL with {comic}, {job} or {account} standing for an id)
NOT_YOURS = [
    ("get", "/comics/{comic}/"),
    ("get", "/comics/{comic}/cover/"),
    ("get", "/comics/{comic}/cover/art/"),
    ("get", "/comics/{comic}/pages/1/image/"),
    ("get", "/comics/{comic}/pages/1/panels/1/art/"),
    ("get", "/comics/{comic}/pdf/"),
    ("post", "/comics/{comic}/delete/"),
    ("post", "/comics/{comic}/publish/"),
    ("post", "/comics/{comic}/unpublish/"),
    ("post", "/comics/{comic}/rename/"),
    ("get", "/jobs/{job}/"),
    ("post", "/jobs/{job}/cancel/"),
    ("post", "/jobs/{job}/retry/"),
    ("get", "/gallery/comics/{comic}/report/"),
    ("post", "/gallery/comics/{comic}/like/"),
    ("get", "/accounts/providers/{account}/edit/"),
    ("get", "/accounts/providers/{account}/delete/"),
    ("post", "/accounts/providers/{account}/test/"),
]
# Pages that only need the address to be wrong.
BAD_ADDRESSES = ["/no-such-page/", "/comics/not-a-number/", "/comics/1/pages/one/image/", "/gallery/nope/", "/static/x"]
# Signed-out visitors are sent to log in for these; for a signed-in stranger they are someone else's.
NEEDS_SIGN_IN = {"/comics/{comic}/delete/", "/comics/{comic}/publish/", "/comics/{comic}/unpublish/"}
NEEDS_SIGN_IN |= {"/comics/{comic}/rename/", "/jobs/{job}/cancel/", "/jobs/{job}/retry/"}
NEEDS_SIGN_IN |= {"/gallery/comics/{comic}/report/"}
NEEDS_SIGN_IN |= {url for _method, url in NOT_YOURS if url.startswith("/accounts/")}


def visit(client: Client, method: str, url: str):
    return getattr(client, method)(url)


@pytest.mark.django_db
@pytest.mark.parametrize("address", BAD_ADDRESSES)
@pytest.mark.parametrize("who", ["anonymous", "stranger"])
def test_a_wrong_address_gets_the_sites_own_404(bob, who, address):
    client = Client() if who == "anonymous" else client_for(bob)

    page = assert_site_page(client.get(address), 404)

    assert "Nothing here" in page
    assert 'href="/gallery/"' in page, "a way on"


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), NOT_YOURS)
def test_someone_elses_things_look_exactly_like_things_that_do_not_exist(bob, private, method, url):
    stranger = client_for(bob)
    theirs = visit(stranger, method, url.format(**private))
    missing = visit(stranger, method, url.format(comic=MISSING, job=MISSING, account=MISSING))

    assert_site_page(theirs, 404)
    assert without_tokens(page_of(theirs)) == without_tokens(page_of(missing))


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), [item for item in NOT_YOURS if item[1] not in NEEDS_SIGN_IN])
def test_a_signed_out_visitor_gets_the_same_404_and_a_way_to_log_in(private, method, url):
    response = visit(Client(), method, url.format(**private))

    page = assert_site_page(response, 404)
    assert 'href="/accounts/login/?next=' in page


@pytest.mark.django_db
@pytest.mark.parametrize("url", sorted(NEEDS_SIGN_IN))
def test_a_signed_out_visitor_is_asked_to_log_in_not_shown_an_error(private, url):
    method = next(method for method, known in NOT_YOURS if known == url)

    response = visit(Client(), method, url.format(**private))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


MODERATORS_ONLY = [
    ("get", "/gallery/moderation/"),
    ("get", "/gallery/moderation/audit/"),
    ("get", "/gallery/moderation/people/"),
    ("post", "/gallery/moderation/comics/{comic}/hide/"),
    ("post", "/gallery/moderation/users/1/ban/"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), MODERATORS_ONLY)
def test_a_moderators_page_tells_a_reader_why_in_the_sites_look(bob, private, method, url):
    page = assert_site_page(visit(client_for(bob), method, url.format(**private)), 403)

    assert "Only moderators can open this page." in page
    assert 'href="/comics/' not in page and "/shelf/" in page, "the reader's own way on"


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_a_page_that_says_what_to_do(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    page = assert_site_page(client.post("/studio/", {"idea": "a fox"}), 403)

    assert "reload the page and send it again" in page
    assert "CSRF verification failed" not in page


@pytest.mark.django_db
def test_a_request_for_an_unknown_host_gets_the_sites_400(settings):
    page = assert_site_page(Client().get("/", HTTP_HOST="elsewhere.example"), 400)

    assert "That did not work" in page


@pytest.mark.django_db
def test_a_wrong_api_address_answers_in_json(alice_client):
    response = alice_client.get("/api/no-such-endpoint/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/docs/" in response.json()["detail"]


# --- 500 ---------------------------------------------------------------------------------


@pytest.fixture
def failing(settings) -> Client:
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def assert_branded_500(response) -> None:
    page = assert_site_page(response, 500)
    assert "Something went wrong" in page
    assert "the view fell over" not in page and "RuntimeError" not in page


@pytest.mark.django_db
def test_a_failing_page_gets_the_sites_500(failing):
    assert_branded_500(failing.get("/boom/"))


def test_the_500_page_needs_no_database(failing):
    """No database here at all (no django_db mark): any query would fail the test."""
    assert_branded_500(failing.get("/boom/database/"))


@pytest.mark.django_db
def test_the_500_page_needs_no_context_processor(failing, settings):
    engine = settings.TEMPLATES[0]
    processors = [*engine["OPTIONS"]["context_processors"], f"{__name__}.failing_context_processor"]
    settings.TEMPLATES = [{**engine, "OPTIONS": {**engine["OPTIONS"], "context_processors": processors}}]

    assert_branded_500(failing.get("/boom/"))


@pytest.mark.django_db
def test_a_failing_api_call_answers_in_json(failing):
    response = failing.get("/api/boom/")

    assert response.status_code == 500
    assert "try again" in response.json()["detail"]


@pytest.mark.django_db
def test_if_even_the_500_page_fails_a_plain_one_says_the_same(failing, monkeypatch):
    from config import errors

    def broken(*args, **kwargs):
        raise RuntimeError("the template is broken")

    monkeypatch.setattr(errors.loader, "render_to_string", broken)
    response = failing.get("/boom/")

    assert response.status_code == 500
    assert errors.SERVER_ERROR in page_of(response)


# --- `make run` ------------------------------------------------------------------------------

# Whatever the caller's shell holds, `make run` on a fresh machine has none of these.
SETTINGS_VARIABLES = {"DEBUG", "SECRET_KEY", "PANELCRAFT_ENCRYPTION_KEYS", "PANELCRAFT_LOCAL", "DATABASE_URL"}
SETTINGS_VARIABLES |= {"REDIS_URL", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}


def fresh_machine(folder) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    return {
        **env,
        "SQLITE_PATH": str(folder / "db.sqlite3"),
        "MEDIA_ROOT": str(folder / "media"),
        "PANELCRAFT_SECRET_KEY_FILE": str(folder / "secret-key"),
        "PANELCRAFT_ENCRYPTION_KEY_FILE": str(folder / "encryption-key"),
    }


def make_run(folder, port: int, **env: str):
    env = {**fresh_machine(folder), "HOST": "127.0.0.1", "PORT": str(port), **env}
    # Its own process group: make, the dev server and its reloader stop together.
    return running(["make", "--no-print-directory", "run"], env=env, log=folder / "make-run.log", own_group=True)


def csrf_token_in(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def sign_up(client: httpx.Client, username: str) -> httpx.Response:
    form = client.get("/accounts/signup/")
    password = "a-long-enough-passphrase"
    fields = {"username": username, "password1": password, "password2": password}
    return client.post("/accounts/signup/", data={**fields, "csrfmiddlewaretoken": csrf_token_in(form.text)})


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_shows_the_sites_pages_and_keeps_its_keys_across_restarts(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "make-run.log"
    with make_run(tmp_path, port) as server:
        wait_until(answers_http(base + "/healthz"), server, log, timeout=120)
        person = httpx.Client(base_url=base)
        wrong = person.get("/no-such-page/")
        stylesheet = person.get("/static/css/panelcraft.css")
        signed_up = sign_up(person, "newcomer")
        shelf = person.get("/shelf/")

    assert wrong.status_code == 404 and 'id="error-page"' in wrong.text
    assert not any(marker in wrong.text for marker in TECHNICAL)
    assert stylesheet.status_code == 200 and stylesheet.headers["Content-Type"].startswith("text/css")
    assert (signed_up.status_code, signed_up.headers["Location"]) == (302, "/studio/")
    assert shelf.status_code == 200, "signed in over plain http: no secure-only cookie"
    for name in ("secret-key", "encryption-key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, f"{name} is readable by this user only"
    secret = (tmp_path / "secret-key").read_text()

    # Started again, with Django's debug pages asked for: the same keys, so the same session.
    with make_run(tmp_path, port, DEBUG="1") as server:
        wait_until(answers_http(base + "/healthz"), server, log, timeout=120)
        again = person.get("/shelf/")
        debug_page = person.get("/no-such-page/")

    assert again.status_code == 200, "the session signed with the kept secret key still holds"
    assert (tmp_path / "secret-key").read_text() == secret
    assert "Django tried these URL patterns" in debug_page.text, "DEBUG=1 make run shows Django's debug pages"


def settings_of(env: dict[str, str]) -> subprocess.CompletedProcess:
    show = "from django.conf import settings as s; print(s.DEBUG, s.SECRET_KEY, *s.PANELCRAFT_ENCRYPTION_KEYS)"
    return subprocess.run(
        [".venv/bin/python", "manage.py", "shell", "--no-imports", "-c", show],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_only_make_run_makes_its_own_keys_production_still_asks_for_them(tmp_path):
    machine = fresh_machine(tmp_path)

    production = settings_of({**machine, "DEBUG": "false"})
    assert production.returncode != 0 and "Set SECRET_KEY when DEBUG is off" in production.stderr
    assert not (tmp_path / "secret-key").exists() and not (tmp_path / "encryption-key").exists()
    with_a_secret = settings_of({**machine, "DEBUG": "false", "SECRET_KEY": "a-real-secret-" * 4})
    assert "Set PANELCRAFT_ENCRYPTION_KEYS when DEBUG is off" in with_a_secret.stderr

    local = settings_of({**machine, "DEBUG": "false", "PANELCRAFT_LOCAL": "1"})
    assert local.returncode == 0, local.stderr
    debug, secret, encryption_key = local.stdout.split()
    assert debug == "False"
    assert len(secret) >= 50
    assert secret == (tmp_path / "secret-key").read_text().strip()
    assert encryption_key == (tmp_path / "encryption-key").read_text().strip()
    again = settings_of({**machine, "DEBUG": "false", "PANELCRAFT_LOCAL": "1"})
    assert again.stdout.split() == ["False", secret, encryption_key], "made once, then kept"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["delete", "publish", "unpublish"])
def test_an_actions_address_opened_as_a_link_gets_a_page(alice_client, finished_comic, action):
    response = alice_client.get(f"/comics/{finished_comic.pk}/{action}/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "This address belongs to a button" in response.content.decode()
    finished_comic.refresh_from_db()  # still there (not deleted) and still private
    assert not finished_comic.is_public
