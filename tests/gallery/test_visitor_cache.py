"""Signed-out visitors' gallery answers: kept briefly, rebuilt by one request when they age.

Two layers: the views keep the built answer (``remember``), and in front of
Django (ASGI) ``VisitorResponses`` keeps the whole response the views
marked, so a plain visitor's request for a fresh one never reaches Django.
"""

from __future__ import annotations

import time

import pytest
from asgiref.sync import async_to_sync
from channels.testing import HttpCommunicator

from gallery import visitor_cache


@pytest.fixture(autouse=True)
def fresh_for(settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "GALLERY_CACHE_SECONDS": 5}


class NumberedApp:
    """An ASGI app answering "answer 1", "answer 2"...; marked for visitors unless told otherwise."""

    def __init__(self, *, mark: bool = True, status: int = 200):
        self.calls = 0
        self.mark, self.status = mark, status

    async def __call__(self, scope, receive, send):
        self.calls += 1
        headers = [(b"content-type", b"text/plain"), (b"content-security-policy", b"default-src 'none'")]
        if self.mark:
            headers.append((b"x-visitor-cache", b"5"))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": f"answer {self.calls}".encode()})


HOST = [(b"host", b"testserver")]


def get(app, path="/gallery/", headers=()) -> dict:
    communicator = HttpCommunicator(visitor_cache.VisitorResponses(app), "GET", path, headers=[*HOST, *headers])
    return async_to_sync(communicator.get_response)()


def test_a_fresh_response_is_sent_again_without_reaching_the_site():
    app = NumberedApp()
    first = get(app)
    second = get(app)

    assert first["body"] == second["body"] == b"answer 1"
    assert app.calls == 1
    # Headers as the site made them, without the mark.
    names = [name for name, _value in second["headers"]]
    assert b"content-security-policy" in names and b"x-visitor-cache" not in names


@pytest.mark.parametrize(
    "headers",
    [[(b"cookie", b"sessionid=abc")], [(b"authorization", b"Token abc")], [(b"cookie", b"messages=xyz")]],
)
def test_a_signed_in_request_or_one_with_a_message_always_reaches_the_site(headers):
    app = NumberedApp()
    get(app)
    assert get(app, headers=headers)["body"] == b"answer 2"
    assert app.calls == 2


@pytest.mark.parametrize("app", [NumberedApp(mark=False), NumberedApp(status=400)], ids=["unmarked", "error"])
def test_only_marked_successful_responses_are_kept(app):
    get(app)
    get(app)
    assert app.calls == 2


def test_another_address_is_another_entry():
    app = NumberedApp()
    get(app, "/gallery/?sort=top")
    assert get(app, "/gallery/?sort=new")["body"] == b"answer 2"


def test_a_change_to_the_gallery_forgets_every_kept_response():
    app = NumberedApp()
    get(app)
    visitor_cache.forget_everything()
    assert get(app)["body"] == b"answer 2"


def test_an_aged_response_is_rebuilt_by_one_request_while_the_others_get_the_old_one(monkeypatch):
    app = NumberedApp()
    get(app)
    later = time.time() + 6
    monkeypatch.setattr(visitor_cache.time, "time", lambda: later)
    scope = {"type": "http", "method": "GET", "path": "/gallery/", "query_string": b"", "headers": HOST}
    key = visitor_cache._scope_key(scope)
    visitor_cache.cache.add(f"{key}:building", 1)  # another request is rebuilding it

    assert get(app)["body"] == b"answer 1"
    assert app.calls == 1

    visitor_cache.cache.delete(f"{key}:building")
    assert get(app)["body"] == b"answer 2"
    assert get(app)["body"] == b"answer 2"  # fresh again
    assert app.calls == 2


def test_the_views_cache_builds_once_and_not_for_refusals(rf):
    built = []

    def build():
        built.append(1)
        return "kept", True

    request = rf.get("/gallery/")
    assert visitor_cache.remember(request, "page", build) == "kept"
    assert visitor_cache.remember(request, "page", build) == "kept"
    assert len(built) == 1
    refused = []
    visitor_cache.remember(rf.get("/gallery/?x=1"), "page", lambda: (refused.append(1) or "no", False))
    visitor_cache.remember(rf.get("/gallery/?x=1"), "page", lambda: (refused.append(1) or "no", False))
    assert len(refused) == 2


@pytest.mark.django_db(transaction=True)
def test_the_real_gallery_is_kept_with_its_security_headers(finished_comic):
    from comics import publishing
    from config.asgi import application

    publishing.publish_comic(comic=finished_comic)

    def fetch():
        communicator = HttpCommunicator(application, "GET", "/gallery/", headers=[(b"host", b"127.0.0.1")])
        return async_to_sync(communicator.get_response)(timeout=30)  # the first request also builds the page

    first, second = fetch(), fetch()
    assert first["status"] == second["status"] == 200
    assert first["body"] == second["body"]
    assert finished_comic.display_title.encode() in second["body"].replace(b"&#x27;", b"'")
    names = {name.lower() for name, _value in second["headers"]}
    assert b"content-security-policy" in names and b"x-visitor-cache" not in names


class CookieSettingApp(NumberedApp):
    async def __call__(self, scope, receive, send):
        self.calls += 1
        headers = [(b"x-visitor-cache", b"5"), (b"set-cookie", b"csrftoken=theirs; Path=/")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"personal"})


def test_a_response_that_sets_a_cookie_is_never_kept():
    app = CookieSettingApp()
    get(app)
    second = get(app)
    assert app.calls == 2
    assert (b"set-cookie", b"csrftoken=theirs; Path=/") in second["headers"]


def test_a_cookie_split_over_several_headers_still_counts():
    app = NumberedApp()
    get(app)
    get(app, headers=[(b"cookie", b"theme=dark"), (b"cookie", b"sessionid=abc")])
    assert app.calls == 2


@pytest.mark.django_db(transaction=True)
def test_the_browsable_api_page_is_not_kept_whole(finished_comic):
    """It carries the visitor's own CSRF token; JSON answers are kept."""
    from config.asgi import application

    def fetch(accept: bytes):
        headers = [(b"host", b"127.0.0.1"), (b"accept", accept)]
        communicator = HttpCommunicator(application, "GET", "/api/gallery/", headers=headers)
        return async_to_sync(communicator.get_response)(timeout=30)

    first, second = fetch(b"text/html"), fetch(b"text/html")
    assert any(name.lower() == b"set-cookie" for name, _value in first["headers"])
    assert any(name.lower() == b"set-cookie" for name, _value in second["headers"])  # made afresh, its own
    assert first["body"] != second["body"]  # each page its own masked token


def test_many_addresses_never_push_rate_limits_out_of_the_cache(rf):
    from django.core.cache import cache as default_cache

    default_cache.set("throttle_report_1", [1.0])
    for number in range(2500):
        visitor_cache.remember(rf.get(f"/gallery/?x={number}"), "page", lambda: ("page", True))
    assert default_cache.get("throttle_report_1") == [1.0]
