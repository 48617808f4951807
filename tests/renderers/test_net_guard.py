"""The SSRF guard: no URL reaches a non-public address, however it is spelled or resolved."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renderers.base import BackendError
from renderers.net import AllowList, HostNotFound, URLRefused, check_url

PROPERTY = settings(max_examples=300, database=None, deadline=None)

NON_GLOBAL_V4 = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
]
NON_GLOBAL_V6 = [
    "::/128",
    "::1/128",
    "64:ff9b:1::/48",
    "100::/64",
    "2001::/32",
    "2001:db8::/32",
    "fc00::/7",
    "fe80::/10",
    "fec0::/10",
    "ff00::/8",
]
GLOBAL_V4 = ["1.0.0.0/8", "8.0.0.0/8", "23.0.0.0/8", "93.184.0.0/16", "151.101.0.0/16", "185.0.0.0/8"]
GLOBAL_V6 = ["2606:4700::/32", "2a00:1450::/32", "2001:4860::/32", "2400:cb00::/32"]


def addresses_in(networks: list[str]) -> st.SearchStrategy:
    def within(network: str) -> st.SearchStrategy:
        net = ipaddress.ip_network(network)
        first, last = int(net.network_address), int(net.broadcast_address)
        return st.integers(first, last).map(
            lambda n: ipaddress.ip_address(n) if net.version == 4 else ipaddress.IPv6Address(n)
        )

    return st.sampled_from(networks).flatmap(within)


def spell(address: ipaddress.IPv4Address, style: str) -> str:
    """``address`` as a URL host, in one of the spellings resolvers and URL parsers accept."""
    number, octets = int(address), address.packed
    a, b, c, d = octets
    hex_pair = f"{number >> 16:x}:{number & 0xFFFF:x}"
    return {
        "dotted": str(address),
        "decimal": str(number),
        "hex": hex(number),
        "hex-dotted": ".".join(hex(octet) for octet in octets),
        "octal-dotted": ".".join(f"0{octet:o}" for octet in octets),
        "three-part": f"{a}.{b}.{c << 8 | d}",
        "two-part": f"{a}.{b << 16 | c << 8 | d}",
        "trailing-dot": f"{address}.",
        "mapped": f"[::ffff:{address}]",
        "mapped-hex": f"[::ffff:{hex_pair}]",
        "compatible": f"[::{address}]",
        "translated": f"[::ffff:0:{address}]",
        "nat64": f"[64:ff9b::{address}]",
        "6to4": f"[2002:{hex_pair}::1]",
        "teredo": f"[2001:0:808:808:0:0:{(number ^ 0xFFFFFFFF) >> 16:x}:{(number ^ 0xFFFFFFFF) & 0xFFFF:x}]",
    }[style]


V4_STYLES = [
    "dotted",
    "decimal",
    "hex",
    "hex-dotted",
    "octal-dotted",
    "three-part",
    "two-part",
    "trailing-dot",
    "mapped",
    "mapped-hex",
    "compatible",
    "translated",
    "nat64",
    "6to4",
    "teredo",
]
urls = st.tuples(
    st.sampled_from(["http", "https"]),
    st.sampled_from(["", ":80", ":8080", ":11434"]),
    st.sampled_from(["/", "/v1/chat/completions"]),
)


def no_dns(host: str):
    raise AssertionError(f"a literal address was sent to DNS: {host}")


@PROPERTY
@given(address=addresses_in(NON_GLOBAL_V4), style=st.sampled_from(V4_STYLES), url=urls)
def test_no_spelling_of_a_non_global_ipv4_address_is_admitted(address, style, url):
    scheme, port, path = url
    with pytest.raises(URLRefused):
        check_url(f"{scheme}://{spell(address, style)}{port}{path}", resolver=no_dns)


@PROPERTY
@given(address=addresses_in(NON_GLOBAL_V6), url=urls)
def test_no_non_global_ipv6_address_is_admitted(address, url):
    scheme, port, path = url
    with pytest.raises(URLRefused):
        check_url(f"{scheme}://[{address}]{port}{path}", resolver=no_dns)


@PROPERTY
@given(
    bad=addresses_in(NON_GLOBAL_V4 + NON_GLOBAL_V6),
    good=st.lists(addresses_in(GLOBAL_V4 + GLOBAL_V6), max_size=3),
    position=st.integers(0, 3),
)
def test_a_name_is_refused_when_any_of_its_addresses_is_not_global(bad, good, position):
    answers = [*good]
    answers.insert(min(position, len(answers)), bad)
    with pytest.raises(URLRefused) as refused:
        check_url("https://api.provider.example/v1", resolver=lambda host: [str(a) for a in answers])
    assert "api.provider.example" in str(refused.value)
    assert refused.value.address == str(bad), "the address that failed is kept for the log"


@PROPERTY
@given(addresses=st.lists(addresses_in(GLOBAL_V4 + GLOBAL_V6), min_size=1, max_size=4))
def test_names_resolving_to_global_addresses_are_admitted(addresses):
    destination = check_url("https://api.provider.example/v1", resolver=lambda host: [str(a) for a in addresses])
    assert destination.host == "api.provider.example"
    assert destination.port == 443
    assert set(destination.addresses) == set(addresses)


@PROPERTY
@given(address=addresses_in(GLOBAL_V4), style=st.sampled_from(["dotted", "decimal", "mapped"]))
def test_global_ipv4_addresses_are_admitted_as_the_address_they_spell(address, style):
    destination = check_url(f"http://{spell(address, style)}:8080/", resolver=no_dns)
    found = destination.addresses[0]
    assert (found.ipv4_mapped if found.version == 6 else found) == address


@PROPERTY
@given(address=addresses_in(GLOBAL_V6))
def test_global_ipv6_literals_are_admitted(address):
    assert check_url(f"https://[{address}]/", resolver=no_dns).addresses == (address,)


def test_a_refusal_names_the_address_the_reason_and_the_setting():
    with pytest.raises(URLRefused) as refused:
        check_url("http://10.0.0.5/v1")
    assert str(refused.value) == (
        "refused: 10.0.0.5 is a private address; an administrator can allow it with PANELCRAFT_PROVIDER_ALLOWED_HOSTS"
    )
    assert isinstance(refused.value, BackendError)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "the cloud metadata address"),
        ("http://100.100.100.200/latest/meta-data/", "a shared (CGNAT) address"),
        ("http://2130706433/", "2130706433 (127.0.0.1) is a loopback address"),
        ("http://0x7f000001/", "0x7f000001 (127.0.0.1) is a loopback address"),
        ("http://127.1/", "127.1 (127.0.0.1) is a loopback address"),
        ("http://[::ffff:169.254.169.254]/", "169.254.169.254 in IPv6 form, the cloud metadata address"),
        ("http://[ff02::1]/", "a multicast address"),
        ("http://0.0.0.0:8000/", "0.0.0.0 is an unspecified address"),
    ],
)
def test_refusals_say_why(url, reason):
    with pytest.raises(URLRefused) as refused:
        check_url(url, resolver=no_dns)
    assert reason in str(refused.value)


def test_a_name_is_named_in_its_refusal():
    with pytest.raises(URLRefused) as refused:
        check_url("http://comfy.internal:8188/prompt", resolver=lambda host: ["192.168.1.20"])
    assert str(refused.value).startswith("refused: comfy.internal resolves to a private address;")
    assert "192.168.1.20" not in str(refused.value), "what an internal name resolves to is not told"
    assert refused.value.address == "192.168.1.20"


@pytest.mark.parametrize(
    "url",
    ["ftp://files.example/x", "file:///etc/passwd", "gopher://x.example/", "javascript:alert(1)", "example.com/v1"],
)
def test_only_http_and_https_are_allowed(url):
    with pytest.raises(URLRefused) as refused:
        check_url(url, allowed="x.example, files.example", resolver=no_dns)
    assert "http or https" in str(refused.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example@127.0.0.1/",
        "http://evil.example\\@127.0.0.1/",
        "http://user:pass@10.1.2.3:8080/",
        "http://0177.0.0.1/",
        "http://[::1]:99999/",
        "http:///v1",
    ],
)
def test_the_host_judged_is_the_host_httpx_would_connect_to(url):
    with pytest.raises(URLRefused):
        check_url(url, resolver=lambda host: ["93.184.216.34"])


def test_a_rebinding_resolver_is_caught_on_the_second_lookup():
    """A name that answers public first and loopback next: each check sees what that lookup said."""
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    lookups: list[str] = []

    def rebinding(host: str) -> list[str]:
        lookups.append(host)
        return next(answers)

    first = check_url("http://rebind.example/", resolver=rebinding)
    assert first.addresses == (ipaddress.ip_address("93.184.216.34"),)
    with pytest.raises(URLRefused) as refused:
        check_url("http://rebind.example/", resolver=rebinding)
    assert refused.value.address == "127.0.0.1"
    assert lookups == ["rebind.example", "rebind.example"]


def test_names_are_resolved_in_their_ascii_form():
    asked: list[str] = []
    check_url("https://bücher.example/", resolver=lambda host: asked.append(host) or ["93.184.216.34"])
    assert asked == ["xn--bcher-kva.example"]


def test_a_name_that_does_not_resolve_is_not_found():
    with pytest.raises(HostNotFound) as missing:
        check_url("https://no-such-host.example/", resolver=lambda host: [])
    assert "no-such-host.example" in str(missing.value)


def test_a_resolver_answering_nonsense_is_refused():
    with pytest.raises(URLRefused):
        check_url("https://odd.example/", resolver=lambda host: ["not-an-address"])


class TestAllowList:
    def test_a_named_host_may_reach_its_private_address(self):
        def lan(host):
            return ["192.168.1.20"]

        destination = check_url("http://ollama.lan:11434/v1", allowed="ollama.lan", resolver=lan)
        assert destination.addresses == (ipaddress.ip_address("192.168.1.20"),)
        assert check_url("http://OLLAMA.lan.:11434/", allowed=["Ollama.LAN"], resolver=lan).port == 11434
        with pytest.raises(URLRefused):
            check_url("http://other.lan:11434/v1", allowed="ollama.lan", resolver=lan)

    def test_a_cidr_allows_its_addresses_however_they_are_reached(self):
        allowed = "10.0.0.0/8, 192.168.1.0/24"
        assert check_url("http://comfy.lan:8188/", allowed=allowed, resolver=lambda host: ["192.168.1.20"])
        assert check_url("http://10.9.8.7/", allowed=allowed)
        assert check_url("http://[::ffff:10.9.8.7]/", allowed=allowed)
        with pytest.raises(URLRefused):
            check_url("http://192.168.2.1/", allowed=allowed)
        with pytest.raises(URLRefused):
            check_url("http://169.254.169.254/", allowed=allowed)

    def test_a_single_address_allows_only_itself(self):
        assert check_url("http://127.0.0.1:8188/", allowed="127.0.0.1")
        assert check_url("http://[::1]:8188/", allowed="[::1]")
        with pytest.raises(URLRefused):
            check_url("http://127.0.0.2:8188/", allowed="127.0.0.1")

    def test_the_default_allows_nothing(self):
        assert AllowList.parse("") == AllowList()
        with pytest.raises(URLRefused):
            check_url("http://localhost:8188/", allowed=AllowList.parse(" , "), resolver=lambda host: ["127.0.0.1"])

    @pytest.mark.parametrize("entry", ["http://ollama.lan", "ollama.lan:11434", "127.1", "bad host", "10.0.0.0/33"])
    def test_a_malformed_entry_is_an_error_naming_it(self, entry):
        with pytest.raises(ValueError, match="PANELCRAFT_PROVIDER_ALLOWED_HOSTS") as error:
            AllowList.parse(f"ollama.lan, {entry}")
        assert entry in str(error.value)
