"""Websockets are accepted only from the site's own pages.

Browsers send cookies with a websocket handshake whatever page opened it,
so the Origin header is what keeps another site (or another port or scheme
on the same host) from listening with a visitor's session. Channels'
``AllowedHostsOriginValidator`` compares host names only; this compares the
whole origin, scheme, host and port, the way Django's CSRF check does:

* the socket's own origin: its Host header (which must be in ALLOWED_HOSTS)
  with ``http`` for ``ws`` and ``https`` for ``wss``. Behind a TLS proxy
  (``BEHIND_PROXY=true``, which sets SECURE_PROXY_SSL_HEADER) the proxy's
  ``X-Forwarded-Proto`` says which. Daphne never reports ``wss`` itself, so
  where daphne terminates TLS, list the site's https origin in
  CSRF_TRUSTED_ORIGINS;
* any entry of CSRF_TRUSTED_ORIGINS (``https://*.example.com`` matches
  example.com and its subdomains, as it does for CSRF).

A handshake without exactly one Origin, or with a Host not in
ALLOWED_HOSTS, is refused.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.http import is_same_domain

DEFAULT_PORTS = {"http": 80, "https": 443}


class Origin(NamedTuple):
    scheme: str
    host: str  # lowercased; IPv6 addresses in brackets
    port: int


class SameOriginValidator:
    """ASGI middleware: deny a websocket handshake whose Origin is not the site's own."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            raise ValueError("SameOriginValidator only guards websocket connections")
        if origin_allowed(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)


def origin_allowed(scope: dict) -> bool:
    """Whether the handshake in ``scope`` comes from one of the site's own origins."""
    origins = _header_values(scope, b"origin")
    hosts = _header_values(scope, b"host")
    if len(origins) != 1 or len(hosts) != 1:
        return False
    origin = parse_origin(origins[0])
    own = _own_origin(scope, hosts[0])
    if origin is None or own is None:
        return False
    return origin == own or any(_matches(origin, trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS)


def parse_origin(value: str) -> Origin | None:
    """``scheme://host[:port]`` as an :class:`Origin`, or None if it is not one (``null``, paths...)."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or parts.username or parts.password:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return Origin(scheme, host.lower().removesuffix("."), port or DEFAULT_PORTS[scheme])


def _own_origin(scope: dict, host_header: str) -> Origin | None:
    domain, port = split_domain_port(host_header)
    allowed_hosts = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed_hosts:
        allowed_hosts = [".localhost", "127.0.0.1", "[::1]"]  # as Django's own request.get_host()
    if not domain or not validate_host(domain, allowed_hosts):
        return None
    scheme = _page_scheme(scope)
    return Origin(scheme, domain, int(port) if port else DEFAULT_PORTS[scheme])


def _page_scheme(scope: dict) -> str:
    """``https`` if the page that opened this socket was served securely, else ``http``."""
    if settings.SECURE_PROXY_SSL_HEADER:
        meta_name, secure_value = settings.SECURE_PROXY_SSL_HEADER
        header = meta_name.removeprefix("HTTP_").lower().replace("_", "-").encode("latin1")
        forwarded = _header_values(scope, header)
        if forwarded:
            return "https" if forwarded[0].split(",", 1)[0].strip() == secure_value else "http"
    return "https" if scope.get("scheme", "ws") in ("wss", "https") else "http"


def _matches(origin: Origin, trusted: str) -> bool:
    wildcard = "://*." in trusted
    pattern = parse_origin(trusted.replace("://*.", "://", 1) if wildcard else trusted)
    if pattern is None or (pattern.scheme, pattern.port) != (origin.scheme, origin.port):
        return False
    return is_same_domain(origin.host, "." + pattern.host) if wildcard else origin.host == pattern.host


def _header_values(scope: dict, name: bytes) -> list[str]:
    return [value.decode("latin1") for key, value in scope.get("headers", []) if key.lower() == name]
