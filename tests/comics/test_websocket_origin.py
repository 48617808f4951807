"""The job websocket opens only for the site's own pages: same scheme, host and port (or a trusted origin)."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

HOST = "localhost:8000"


@pytest.fixture
def job_path(alice, make_comic) -> str:
    _comic, job = make_comic(alice)
    return f"/ws/jobs/{job.pk}/"


@pytest.fixture
def cookie(alice, client) -> str:
    client.force_login(alice)
    return f"sessionid={client.cookies['sessionid'].value}"


async def opens(path: str, cookie: str, *, origin: str | None, host: str = HOST, scheme: str = "ws", **headers) -> bool:
    """Whether alice's logged-in browser gets the socket open (and hears the job's state)."""
    sent = {"host": host, "cookie": cookie, **({"origin": origin} if origin is not None else {})}
    sent.update({name.replace("_", "-"): value for name, value in headers.items()})
    communicator = WebsocketCommunicator(application, path, headers=[(k.encode(), v.encode()) for k, v in sent.items()])
    communicator.scope["scheme"] = scheme
    connected, _ = await communicator.connect(timeout=5)
    if connected:
        assert (await communicator.receive_json_from(timeout=5))["type"] == "progress"
        await communicator.disconnect()
    return connected


async def test_the_sites_own_origin_is_accepted(job_path, cookie):
    assert await opens(job_path, cookie, origin="http://localhost:8000")
    assert await opens(job_path, cookie, origin="http://localhost", host="localhost")
    assert await opens(job_path, cookie, origin="http://localhost:80", host="localhost")


async def test_another_port_on_the_same_host_is_refused(job_path, cookie):
    assert not await opens(job_path, cookie, origin="http://localhost:9999")
    assert not await opens(job_path, cookie, origin="http://localhost")


async def test_another_scheme_is_refused(job_path, cookie):
    assert not await opens(job_path, cookie, origin="https://localhost:8000")


async def test_a_secure_socket_wants_a_secure_page(job_path, cookie):
    assert await opens(job_path, cookie, origin="https://localhost", host="localhost", scheme="wss")
    assert not await opens(job_path, cookie, origin="http://localhost", host="localhost", scheme="wss")


async def test_another_host_is_refused(job_path, cookie):
    assert not await opens(job_path, cookie, origin="http://evil.example:8000")
    assert not await opens(job_path, cookie, origin="http://127.0.0.1:8000")


async def test_a_host_outside_allowed_hosts_is_refused_even_from_itself(job_path, cookie):
    assert not await opens(job_path, cookie, origin="http://evil.example:8000", host="evil.example:8000")


async def test_missing_or_meaningless_origins_are_refused(job_path, cookie):
    assert not await opens(job_path, cookie, origin=None)
    assert not await opens(job_path, cookie, origin="null")
    assert not await opens(job_path, cookie, origin="localhost:8000")
    assert not await opens(job_path, cookie, origin="http://localhost:8000/studio/")


async def test_an_origin_in_csrf_trusted_origins_is_accepted(settings, job_path, cookie):
    settings.CSRF_TRUSTED_ORIGINS = ["https://comics.example.com", "https://*.example.org"]

    assert await opens(job_path, cookie, origin="https://comics.example.com")
    assert await opens(job_path, cookie, origin="https://studio.example.org")
    assert not await opens(job_path, cookie, origin="http://comics.example.com")
    assert not await opens(job_path, cookie, origin="https://comics.example.com:8443")
    assert not await opens(job_path, cookie, origin="https://example.com")


async def test_behind_a_tls_proxy_the_forwarded_scheme_counts(settings, job_path, cookie):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # what BEHIND_PROXY=true sets
    settings.ALLOWED_HOSTS = ["comics.example"]

    assert await opens(
        job_path, cookie, origin="https://comics.example", host="comics.example", x_forwarded_proto="https"
    )
    assert not await opens(
        job_path, cookie, origin="http://comics.example", host="comics.example", x_forwarded_proto="https"
    )
    assert await opens(
        job_path, cookie, origin="http://comics.example", host="comics.example", x_forwarded_proto="http"
    )


async def test_without_a_proxy_the_forwarded_scheme_is_not_trusted(settings, job_path, cookie):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.ALLOWED_HOSTS = ["comics.example"]

    assert not await opens(
        job_path, cookie, origin="https://comics.example", host="comics.example", x_forwarded_proto="https"
    )


async def test_the_right_origin_without_a_session_is_still_refused(job_path):
    assert not await opens(job_path, "", origin="http://localhost:8000")
