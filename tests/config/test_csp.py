"""Every page sends a Content-Security-Policy that allows only what the pages use, and nothing is inline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.servers import ROOT

pytestmark = pytest.mark.django_db

UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:", "data:", "blob:")


def policy_of(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


def assert_strict(response) -> None:
    policy = policy_of(response)
    assert policy["default-src"] == {"'none'"}
    assert policy["script-src"] == {"'self'"}
    assert policy["style-src"] == {"'self'"}
    assert policy["img-src"] == {"'self'"}
    assert policy["font-src"] == {"'self'"}
    # The job page's socket goes to the host that served the page, on ws: or wss:.
    assert policy["connect-src"] == {"'self'", "ws://testserver", "wss://testserver"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["base-uri"] == {"'self'"}
    assert policy["form-action"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    for name, values in policy.items():
        assert not values & set(UNSAFE), f"{name} allows {values & set(UNSAFE)}"


@pytest.fixture
def comic_and_job(alice, make_comic):
    return make_comic(alice)


ANONYMOUS_PAGES = {
    "home": "/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "admin login": "/admin/login/",
    "not found": "/no-such-page/",
}


@pytest.mark.parametrize("url", ANONYMOUS_PAGES.values(), ids=ANONYMOUS_PAGES.keys())
def test_pages_anyone_can_open_send_the_policy(url):
    response = Client().get(url)

    assert response.status_code in (200, 404)
    assert_strict(response)


@pytest.mark.parametrize("kind", ["studio", "shelf", "job", "reader", "profile"])
def test_signed_in_pages_send_the_policy(kind, alice_client, request):
    urls = {"studio": "/studio/", "shelf": "/shelf/", "profile": "/accounts/profile/"}
    if kind in ("job", "reader"):
        # A finished comic: its job page shows the pictures, and the reader opens (not redirects).
        comic = request.getfixturevalue("finished_comic")
        urls |= {"job": f"/jobs/{comic.latest_job().pk}/", "reader": f"/comics/{comic.pk}/"}
    url = urls[kind]

    response = alice_client.get(url)

    assert response.status_code == 200
    assert_strict(response)


def test_the_socket_origin_follows_the_host_the_page_was_served_from(settings, alice_client, comic_and_job):
    settings.ALLOWED_HOSTS = ["comics.example.com"]
    _, job = comic_and_job

    response = alice_client.get(f"/jobs/{job.pk}/", HTTP_HOST="comics.example.com")

    assert policy_of(response)["connect-src"] == {"'self'", "ws://comics.example.com", "wss://comics.example.com"}


# --- Nothing inline in the templates or scripts -------------------------------------------

TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
SCRIPTS = sorted((ROOT / "static" / "js").rglob("*.js"))

INLINE_IN_HTML = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}
# Markup or code that a policy without 'unsafe-inline'/'unsafe-eval' refuses at run time.
INLINE_IN_JS = {
    "style set as an attribute": re.compile(r"setAttribute\(\s*['\"]style['\"]"),
    "HTML from strings": re.compile(r"\b(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write"),
    "eval": re.compile(r"\beval\(|new Function\(|set(Timeout|Interval)\(\s*['\"]"),
}
TEMPLATE_COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)


def findings(text: str, patterns: dict[str, re.Pattern]) -> list[str]:
    found = []
    for what, pattern in patterns.items():
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"line {line}: {what}: {match.group(0)!r}")
    return found


def test_the_scan_finds_what_it_looks_for():
    sample = '<p style="color: red" onclick="go()"><script>go()</script><a href="javascript:go()">'
    assert len(findings(sample, INLINE_IN_HTML)) == 4
    assert findings('<script src="/static/js/x.js" defer></script>', INLINE_IN_HTML) == []
    assert len(findings("el.innerHTML = s; el.setAttribute('style', s); eval(s);", INLINE_IN_JS)) == 3


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_templates_have_no_inline_scripts_handlers_or_styles(path: Path):
    text = TEMPLATE_COMMENTS.sub("", path.read_text())

    assert findings(text, INLINE_IN_HTML) == []


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_scripts_do_nothing_the_policy_refuses(path: Path):
    assert findings(path.read_text(), INLINE_IN_JS) == []
