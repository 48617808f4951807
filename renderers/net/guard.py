"""Deciding whether a URL may be called at all (server-side request forgery).

Provider URLs come from users (a base URL on their account) and from
providers (an output URL to download), so a URL is only called when every
address its host resolves to is globally routable: not loopback, private,
link-local (cloud metadata at 169.254.169.254), shared CGNAT space,
multicast, reserved or unspecified. IPv6 forms that carry an IPv4 address
(mapped, compatible, translated, NAT64, 6to4, Teredo) are unwrapped and the
IPv4 address judged too, and the old numeric IPv4 spellings (``2130706433``,
``0x7f000001``, ``127.1``) are read as the addresses they are.

``check_url`` returns the addresses it approved; the transport connects to
exactly those, so a second DNS answer can never slip in (DNS rebinding).
An administrator can allow named hosts or networks (a self-hosted Ollama or
ComfyUI on the LAN) with ``PANELCRAFT_PROVIDER_ALLOWED_HOSTS``.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote

import httpx

from renderers.base import BackendError

__all__ = [
    "ALLOW_SETTING",
    "AllowList",
    "Destination",
    "HostNotFound",
    "Resolver",
    "URLRefused",
    "address_problem",
    "check_url",
    "system_resolver",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
#: A resolver maps a host name to the addresses it stands for.
Resolver = Callable[[str], Iterable["str | IPAddress"]]

#: The environment variable an administrator sets to allow hosts; named in refusals.
ALLOW_SETTING = "PANELCRAFT_PROVIDER_ALLOWED_HOSTS"

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

# Networks ``is_global`` lets through on some Python versions but which no
# provider lives on (IANA special-purpose registries).
_V4_NOT_GLOBAL = (
    _V4("0.0.0.0/8"),  # "this network"
    _V4("100.64.0.0/10"),  # shared address space (CGNAT), e.g. 100.100.100.200 metadata
    _V4("192.0.0.0/24"),  # IETF protocol assignments
    _V4("192.0.2.0/24"),  # documentation
    _V4("198.18.0.0/15"),  # benchmarking
    _V4("198.51.100.0/24"),  # documentation
    _V4("203.0.113.0/24"),  # documentation
    _V4("224.0.0.0/4"),  # multicast
    _V4("240.0.0.0/4"),  # reserved, and the broadcast address
)
_V6_NOT_GLOBAL = (
    _V6("::/128"),
    _V6("::1/128"),
    _V6("64:ff9b:1::/48"),  # local-use NAT64
    _V6("100::/64"),  # discard-only
    _V6("2001::/23"),  # IETF protocol assignments, Teredo included
    _V6("2001:db8::/32"),  # documentation
    _V6("3fff::/20"),  # documentation
    _V6("5f00::/16"),  # SRv6 SIDs
    _V6("fc00::/7"),  # unique local
    _V6("fe80::/10"),  # link-local
    _V6("fec0::/10"),  # old site-local
    _V6("ff00::/8"),  # multicast
)

_METADATA = ipaddress.IPv4Address("169.254.169.254")

# IPv6 prefixes whose low 32 bits are an IPv4 address.
_V4_IN_LOW_BITS = (
    _V6("::ffff:0:0/96"),  # IPv4-mapped
    _V6("::ffff:0:0:0/96"),  # IPv4-translated (SIIT)
    _V6("64:ff9b::/96"),  # NAT64 well-known prefix
    _V6("::/96"),  # IPv4-compatible (deprecated)
)


class URLRefused(BackendError):
    """The URL is not called: wrong scheme, malformed, or a non-global address.

    ``str(exc)`` names the host and the reason and is safe to show a user.
    """

    def __init__(self, message: str, *, host: str = "", address: str = ""):
        super().__init__(message)
        self.host = host
        self.address = address


class HostNotFound(BackendError):
    """The host name does not resolve (often a typo in a base URL)."""

    def __init__(self, host: str, *, retryable: bool = False):
        super().__init__(f"Could not find the host {host}; check the address.")
        self.host = host
        self.retryable = retryable


@dataclass(frozen=True)
class Destination:
    """A URL's host and port and the addresses approved for it, in resolver order."""

    scheme: str
    host: str
    port: int
    addresses: tuple[IPAddress, ...]


@dataclass(frozen=True)
class AllowList:
    """Hosts (by name) and networks an administrator allows despite the rules.

    A name entry allows whatever that exact name resolves to; an address or
    CIDR entry allows those addresses however they are reached.
    """

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, entries: str | Iterable[str] | AllowList | None) -> AllowList:
        """Read ``"ollama.lan, 10.0.0.0/8, 127.0.0.1"`` or a list of such entries.

        Raises ValueError naming the entry when one is neither a host name nor
        an address or network, so a typo fails at start-up, not at call time.
        """
        if isinstance(entries, AllowList):
            return entries
        if entries is None:
            return cls()
        if isinstance(entries, str):
            entries = entries.split(",")
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for raw in entries:
            entry = raw.strip().lower()
            if not entry:
                continue
            bare = entry[1:-1] if entry.startswith("[") and entry.endswith("]") else entry
            try:
                networks.append(ipaddress.ip_network(bare, strict=False))
                continue
            except ValueError:
                pass
            name = bare.rstrip(".")
            if not _HOST_NAME.match(name) or _looks_numeric(name):
                raise ValueError(f"{ALLOW_SETTING}: {raw.strip()!r} is not a host name, an address or a CIDR network")
            hosts.add(name)
        return cls(frozenset(hosts), tuple(networks))

    def allows_host(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def allows_address(self, address: IPAddress) -> bool:
        candidates = [address]
        embedded = _embedded_ipv4(address) if isinstance(address, ipaddress.IPv6Address) else None
        if embedded is not None:
            candidates.append(embedded)
        return any(ip.version == net.version and ip in net for ip in candidates for net in self.networks)


_HOST_NAME = re.compile(
    r"^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$"
)


def system_resolver(host: str) -> list[str]:
    """Every A and AAAA address of ``host``, from the operating system's resolver."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise HostNotFound(host, retryable=exc.errno == socket.EAI_AGAIN) from None
    except UnicodeError:
        raise HostNotFound(host) from None
    return [info[4][0] for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)]


def check_url(
    url: str | httpx.URL,
    *,
    allowed: AllowList | str | Iterable[str] | None = None,
    resolver: Resolver | None = None,
) -> Destination:
    """Approve ``url`` or raise URLRefused (or HostNotFound); nothing is sent either way.

    The URL is parsed the way httpx parses it, so the host judged here is the
    host the client would connect to.
    """
    allow = AllowList.parse(allowed)
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise URLRefused("refused: that is not a valid URL") from None
    scheme = parsed.scheme
    host = _host_of(parsed)
    if not scheme:
        raise URLRefused("refused: the URL has no scheme; use http or https", host=host)
    if scheme not in ("http", "https"):
        raise URLRefused(f"refused: {scheme} URLs are not allowed; use http or https", host=host)
    if not host:
        raise URLRefused("refused: the URL has no host", host=host)
    port = parsed.port or (443 if scheme == "https" else 80)
    if not 0 < port < 65536:
        raise URLRefused(f"refused: {port} is not a valid port", host=host)

    literal = _literal_address(host)
    if literal is not None:
        addresses: tuple[IPAddress, ...] = (literal,)
    else:
        answers = list((resolver or system_resolver)(host))
        if not answers:
            raise HostNotFound(host)
        addresses = tuple(_as_address(host, answer) for answer in answers)

    if not allow.allows_host(host):
        for address in addresses:
            problem = address_problem(address)
            if problem and not allow.allows_address(address):
                raise URLRefused(
                    _refusal(host, address, problem, literal=literal is not None), host=host, address=str(address)
                )
    return Destination(scheme, host, port, tuple(dict.fromkeys(addresses)))


def address_problem(address: IPAddress) -> str:
    """Why ``address`` may not be called (e.g. "a private address"), or "" when it is global."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        for inner in ([embedded] if embedded is not None else []) + _tunnelled_ipv4(address):
            problem = address_problem(inner)
            if problem:
                return f"{inner} in IPv6 form, {problem}"
        if embedded is not None and address in _V6("::ffff:0:0/96"):
            return ""  # an IPv4 address written as IPv6: the IPv4 verdict stands
        if embedded is not None and address in _V6("64:ff9b::/96"):
            return ""  # NAT64 of a global IPv4 address (IPv6-only networks with DNS64)
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address == _METADATA:
        return "the cloud metadata address"
    if address.is_link_local:
        return "a link-local address"
    if isinstance(address, ipaddress.IPv4Address) and address in _V4("100.64.0.0/10"):
        return "a shared (CGNAT) address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_private or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local):
        return "a private address"
    extras = _V4_NOT_GLOBAL if isinstance(address, ipaddress.IPv4Address) else _V6_NOT_GLOBAL
    if address.is_reserved or not address.is_global or any(address in net for net in extras):
        return "not a globally routable address"
    return ""


def _refusal(host: str, address: IPAddress, problem: str, *, literal: bool) -> str:
    if not literal:
        # Not the address itself: users must not learn what internal names resolve to (it stays on .address).
        where = f"{host} resolves to {problem}"
    elif _is_standard_literal(host):
        where = f"{host} is {problem}"
    else:
        where = f"{host} ({address}) is {problem}"
    return f"refused: {where}; an administrator can allow it with {ALLOW_SETTING}"


def _is_standard_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(unquote(host).split("%", 1)[0])
    except ValueError:
        return False
    return True


def _host_of(url: httpx.URL) -> str:
    """The host as the connection sees it: ASCII (IDNA), without brackets, lower case."""
    try:
        return url.raw_host.decode("ascii").lower()
    except UnicodeDecodeError:
        return url.host.lower()


def _as_address(host: str, answer: str | IPAddress) -> IPAddress:
    if isinstance(answer, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return answer
    try:
        return ipaddress.ip_address(str(answer).split("%", 1)[0])
    except ValueError:
        raise URLRefused(f"refused: {host} resolves to something that is not an address", host=host) from None


def _literal_address(host: str) -> IPAddress | None:
    """``host`` as an address when it is one, in any spelling a C resolver accepts."""
    try:
        return ipaddress.ip_address(unquote(host).split("%", 1)[0])
    except ValueError:
        pass
    return _legacy_ipv4(host)


_PART = re.compile(r"^(0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$")


def _looks_numeric(name: str) -> bool:
    return _legacy_ipv4(name) is not None


def _legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Read the inet_aton spellings: ``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1``.

    One to four parts, each decimal, octal (leading 0) or hex (0x); the last
    part fills the remaining bytes. A trailing dot is ignored, as resolvers do.
    """
    parts = host.lower().removesuffix(".").split(".")
    if not 1 <= len(parts) <= 4 or not all(_PART.match(part) for part in parts):
        return None
    values = []
    for part in parts:
        if part.startswith("0x"):
            values.append(int(part[2:] or "0", 16))
        elif part.startswith("0") and len(part) > 1:
            values.append(int(part[1:], 8))
        else:
            values.append(int(part))
    *leading, last = values
    if any(value > 255 for value in leading) or last >= 1 << (8 * (4 - len(leading))):
        return None
    number = 0
    for value in leading:
        number = number << 8 | value
    number = number << (8 * (4 - len(leading))) | last
    return ipaddress.IPv4Address(number)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address in the low 32 bits of a mapped, translated, NAT64 or compatible form."""
    if address in _V6("::/127"):  # :: and ::1 are IPv6's own
        return None
    for net in _V4_IN_LOW_BITS:
        if address in net:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _tunnelled_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 endpoints inside 6to4 (2002::/16) and Teredo (2001::/32) addresses."""
    found = []
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    return found
