"""An httpx transport that only connects to addresses the guard approved.

Every request that passes through it (each redirect hop included, since
httpx hands every hop to the transport) is checked with ``check_url`` first;
the connection is then opened to one of the addresses that check returned,
never to a fresh DNS answer. The URL itself is left alone, so the Host
header, TLS server name and certificate check all use the real host name,
and pooled connections stay keyed by that name.
"""

from __future__ import annotations

import ipaddress
import ssl
import threading
import typing

import httpcore
import httpx

from .guard import AllowList, Destination, Resolver, URLRefused, check_url

__all__ = ["GuardedTransport"]


class GuardedTransport(httpx.HTTPTransport):
    """A direct (never proxied) HTTP/1.1 transport guarded against SSRF and DNS rebinding.

    Synchronous only: the approved addresses travel from ``handle_request``
    to the connect call in a thread-local, which is the thread httpcore's
    sync pool connects in.
    """

    def __init__(
        self,
        *,
        allowed: AllowList | str | typing.Iterable[str] | None = None,
        resolver: Resolver | None = None,
        verify: ssl.SSLContext | bool = True,
        limits: httpx.Limits | None = None,
    ) -> None:
        # HTTPTransport keeps its connection pool in ``_pool``; it is built
        # here, with a network backend that connects only to approved addresses,
        # instead of by HTTPTransport.__init__ (which offers no such hook).
        self._allowed = AllowList.parse(allowed)
        self._resolver = resolver
        self._approved = threading.local()
        limits = limits or httpx.Limits(max_connections=20, max_keepalive_connections=10, keepalive_expiry=5.0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify, trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_ApprovedOnlyBackend(self._approved),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._approved.destination = check_url(request.url, allowed=self._allowed, resolver=self._resolver)
        try:
            return super().handle_request(request)
        finally:
            self._approved.destination = None


class _ApprovedOnlyBackend(httpcore.SyncBackend):
    """Opens TCP connections to the addresses approved for the request in flight."""

    def __init__(self, approved: threading.local) -> None:
        self._approved = approved

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        destination: Destination | None = getattr(self._approved, "destination", None)
        if destination is None or destination.host != host.lower() or destination.port != port:
            raise URLRefused(f"refused: the connection to {host} was not checked first", host=host)
        failure: httpcore.ConnectError | None = None
        for address in destination.addresses:
            if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
                address = address.ipv4_mapped
            try:
                return super().connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:  # refused or unreachable: try the next address
                failure = exc
        assert failure is not None  # a Destination always has at least one address
        raise failure
