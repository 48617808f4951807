"""In production the ASGI app serves static files itself: hashed names, cached for good, compressed.

A real daphne with DEBUG off, after the deploy step ``collectstatic``, as
the README describes; no proxy or runserver serves /static/ for it.
"""

from __future__ import annotations

import os
import re
import sys

import httpx
import pytest

from tests.servers import answers_http, collected_static, free_port, running, wait_until

HASHED_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/static/css/panelcraft\.[0-9a-f]{12}\.css)">')
ONE_YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("static-production")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DEBUG": "False",
        "SECRET_KEY": "static-files-test-secret-key-not-for-production-use",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SQLITE_PATH": str(tmp / "db.sqlite3"),
        "MEDIA_ROOT": str(tmp / "media"),
    }
    env["STATIC_ROOT"] = str(collected_static(tmp_path_factory, env))
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"]
    with running(command, env=env, log=tmp / "daphne.log") as server:
        wait_until(answers_http(base + "/"), server, tmp / "daphne.log")
        yield base


def stylesheet_url(base: str) -> str:
    page = httpx.get(base + "/accounts/login/")
    assert page.status_code == 200, page.text[:500]
    match = HASHED_STYLESHEET.search(page.text)
    assert match, "the page links the stylesheet by its hashed name"
    return match.group(1)


def test_pages_link_hashed_names_that_are_cached_for_good(production):
    url = stylesheet_url(production)

    response = httpx.get(production + url, headers={"Accept-Encoding": "identity"})

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")
    cache = response.headers["Cache-Control"]
    assert "immutable" in cache and "public" in cache
    assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= ONE_YEAR
    # Files the stylesheet points at are rewritten to their hashed names too.
    assert re.search(r"ComicNeue-Bold\.[0-9a-f]{12}\.otf", response.text)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_a_compressed_variant_is_sent_when_asked(production, encoding):
    url = stylesheet_url(production)
    plain = httpx.get(production + url, headers={"Accept-Encoding": "identity"})

    response = httpx.get(production + url, headers={"Accept-Encoding": encoding})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert int(response.headers["Content-Length"]) < int(plain.headers["Content-Length"])
    assert response.text == plain.text  # httpx decodes it: the same stylesheet
