"""The one HTTP client every provider module uses.

``build_http_client`` makes the httpx client: guarded transport (SSRF and
DNS rebinding), no proxies or certificates from the environment, timeouts.
``ProviderClient`` wraps it for one provider and adds what every call needs:
retries with backoff that honour Retry-After, a stop hook so a cancelled job
stops at once, a cap on how much of an answer is read, redirects followed by
hand (keys are dropped when a redirect leaves the origin) and errors turned
into messages that name the provider and never contain the key.
"""

from __future__ import annotations

import json as jsonlib
import logging
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import httpx
import tenacity

from renderers.base import BackendError

from .errors import BadResponse, ProviderCancelled, ResponseTooLarge, provider_error, redact
from .guard import AllowList, HostNotFound, Resolver, URLRefused
from .retry import RetryPolicy, asked_too_long, parse_retry_after, retryable_status
from .transport import GuardedTransport

__all__ = ["SECRET_HEADERS", "ProviderClient", "Reply", "Timeouts", "build_http_client"]

logger = logging.getLogger(__name__)

#: Request headers that carry credentials: never sent across origins, blanked in error bodies.
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key", "cookie"})

#: Stop hook: an Event, or a callable answering "should I stop now?".
Stop = threading.Event | Callable[[], bool] | None

_ERROR_BODY_LIMIT = 64 * 1024
#: Answers that say a request was not taken on: too many requests, unavailable, overloaded.
NOT_TAKEN_STATUSES = frozenset({429, 503, 529})
_STOP_POLL_SECONDS = 0.25


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for a connection, and for each read of the answer."""

    connect: float = 10.0
    read: float = 60.0
    write: float = 60.0
    pool: float = 10.0

    def for_httpx(self, read: float | None = None) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=read or self.read, write=self.write, pool=self.pool)


DEFAULT_TIMEOUTS = Timeouts()
DEFAULT_RETRY = RetryPolicy()


def build_http_client(
    *,
    allowed_hosts: AllowList | str | Iterable[str] | None = None,
    resolver: Resolver | None = None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
    verify: ssl.SSLContext | bool = True,
    headers: Mapping[str, str] | None = None,
    base_url: str = "",
    follow_redirects: bool = False,
) -> httpx.Client:
    """An httpx client that can only reach approved addresses, on every hop, directly.

    ``trust_env=False``: HTTP(S)_PROXY, NO_PROXY and SSL_CERT_FILE from the
    environment are ignored (httpx would otherwise route around the guarded
    transport through a proxy).
    """
    return httpx.Client(
        transport=GuardedTransport(allowed=allowed_hosts, resolver=resolver, verify=verify),
        trust_env=False,
        timeout=timeouts.for_httpx(),
        headers={"accept-encoding": "gzip", **(headers or {})},
        base_url=base_url,
        follow_redirects=follow_redirects,
    )


@dataclass(frozen=True, repr=False)
class Reply:
    """A successful (2xx) answer, read in full within the size cap."""

    provider: str
    status: int
    headers: httpx.Headers
    content: bytes
    url: str

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return jsonlib.loads(self.content)
        except ValueError:
            pass  # raised below, outside the handler: the decode error would chain the whole body
        raise BadResponse(
            f"{self.provider} answered with something that is not valid JSON.",
            provider=self.provider,
            status=self.status,
        )

    def __repr__(self) -> str:
        return f"<Reply {self.status} from {self.provider}, {len(self.content)} bytes>"


class ProviderClient:
    """Calls to one provider (``provider`` is its display name, e.g. "Anthropic").

    Safe to share between threads. ``sleep`` and ``now`` are the clock used
    for backoff waits and HTTP-date Retry-After values; tests pass fakes.
    """

    def __init__(
        self,
        provider: str,
        *,
        base_url: str = "",
        headers: Mapping[str, str] | None = None,
        allowed_hosts: AllowList | str | Iterable[str] | None = None,
        resolver: Resolver | None = None,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        retry: RetryPolicy = DEFAULT_RETRY,
        max_bytes: int = 32 * 1024 * 1024,
        max_redirects: int = 5,
        verify: ssl.SSLContext | bool = True,
        secret_headers: Iterable[str] = (),
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] | None = None,
    ):
        self.provider = provider
        self.timeouts = timeouts
        self.retry = retry
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._secret_names = SECRET_HEADERS | {name.lower() for name in secret_headers}
        self._secrets = self._secret_values(headers or {})
        self._sleep = sleep
        self._now = now
        self._http = build_http_client(
            allowed_hosts=allowed_hosts,
            resolver=resolver,
            timeouts=timeouts,
            verify=verify,
            headers=headers,
            base_url=base_url,
        )

    def __repr__(self) -> str:
        return f"<ProviderClient {self.provider}>"

    def __enter__(self) -> ProviderClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def wait(self, seconds: float, stop: Stop = None) -> None:
        """Pause between polls; raises ProviderCancelled as soon as ``stop`` is set."""
        _Stopper(stop, self._sleep, self.provider).sleep(seconds)

    def get_json(self, url: str, **options: Any) -> Any:
        return self.request("GET", url, **options).json()

    def post_json(self, url: str, body: Any, **options: Any) -> Any:
        return self.request("POST", url, json=body, **options).json()

    def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        content: bytes | None = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        stop: Stop = None,
        attempts: int | None = None,
        read_timeout: float | None = None,
        max_bytes: int | None = None,
        repeat: str = "any",
    ) -> Reply:
        """Send one request, retrying as the policy allows; return the 2xx answer or raise.

        Raises a ProviderError subclass (message safe to show), URLRefused when
        the URL or a redirect target may not be called, or ProviderCancelled
        as soon as ``stop`` is set (checked before every try and during waits).
        ``repeat`` says which failures of a call that starts paid work may be
        tried again: "any" (the policy's), "answered" (an error answer or no
        connection, but not an answer lost to a read timeout or a broken
        connection, which may hide a picture painted and billed) or
        "refused" (only 429, 503, 529 or no connection: for a call that
        queues work, where even a 500 may have queued it).
        Pass ``attempts=1`` for a call that must not be repeated at all.
        """
        policy = self.retry if attempts is None else replace(self.retry, attempts=attempts)
        stopper = _Stopper(stop, self._sleep, self.provider)
        secrets = self._secrets | self._secret_values(headers or {})
        send = {"json": json, "content": content, "data": data, "files": files, "params": params, "headers": headers}
        timeout = self.timeouts.for_httpx(read_timeout)
        retrying = tenacity.Retrying(
            stop=policy.stop_strategy(),
            wait=policy.wait_strategy(),
            retry=tenacity.retry_if_exception(lambda exc: isinstance(exc, _Failed) and exc.may_repeat(repeat)),
            sleep=stopper.sleep,
            before_sleep=self._log_retry(method, url, policy),
            reraise=True,
        )
        try:
            return retrying(self._attempt, method, url, send, timeout, max_bytes or self.max_bytes, stopper, secrets)
        except _Failed as exc:
            failed = exc
        # Raised outside the except block so the error carries no chained
        # exception (the httpx one holds the request, headers and key included).
        tries = retrying.statistics.get("attempt_number", 1)
        error = provider_error(
            self.provider,
            failed.failure,
            attempts=tries,
            read_timeout=timeout.read,
            connect_timeout=timeout.connect,
            retry_after=failed.retry_after if asked_too_long(failed.retry_after, policy) else None,
            body=failed.body,
            out_of_quota=failed.out_of_quota,
        )
        logger.warning("%s: %s %s failed: %s", self.provider, method, _safe_url(url), error)
        raise error

    def _attempt(
        self,
        method: str,
        url: str,
        send: dict[str, Any],
        timeout: httpx.Timeout,
        max_bytes: int,
        stopper: _Stopper,
        secrets: frozenset[str],
    ) -> Reply:
        stopper.check()
        try:
            request = self._http.build_request(method, url, timeout=timeout, **send)
        except httpx.InvalidURL:
            request = None
        if request is None:
            raise URLRefused(f"Did not call {self.provider}: refused: that is not a valid URL")
        origin = _origin(request.url)
        for hop in range(self.max_redirects + 1):
            response = self._send(request, redirected=hop > 0)
            try:
                if response.next_request is not None:
                    request = self._redirected(response.next_request, origin)
                    stopper.check()
                    continue
                if response.is_success:
                    return Reply(
                        self.provider,
                        response.status_code,
                        response.headers,
                        self._body(response, max_bytes),
                        str(response.url),
                    )
                raise self._status_failure(response, secrets)
            except httpx.HTTPError as exc:
                raise _Failed(exc, retryable=isinstance(exc, httpx.TransportError)) from None
            finally:
                response.close()
        raise _Failed(httpx.TooManyRedirects("too many redirects"), retryable=False)

    def _send(self, request: httpx.Request, *, redirected: bool) -> httpx.Response:
        """One hop, its answer still unread. A refusal is raised outside the handler, chaining nothing."""
        try:
            return self._http.send(request, stream=True)
        except URLRefused as exc:
            refused = exc
        except HostNotFound as exc:
            raise _Failed(exc, retryable=exc.retryable) from None
        except httpx.HTTPError as exc:
            raise _Failed(exc, retryable=isinstance(exc, httpx.TransportError)) from None
        where = f"follow {self.provider}'s redirect" if redirected else f"call {self.provider}"
        logger.warning("%s: refused %s: %s", self.provider, _safe_url(str(request.url)), refused)
        raise URLRefused(f"Did not {where}: {refused}", host=refused.host, address=refused.address)

    def _redirected(self, request: httpx.Request, origin: tuple[str, str, int | None]) -> httpx.Request:
        """The next hop; credentials stay behind when it leaves the first request's origin."""
        if _origin(request.url) != origin:
            for name in list(request.headers):
                if name.lower() in self._secret_names:
                    del request.headers[name]
        return request

    def _status_failure(self, response: httpx.Response, secrets: frozenset[str]) -> _Failed:
        status = response.status_code
        try:
            body = redact(self._body(response, _ERROR_BODY_LIMIT, truncate=True), secrets)
        except (BackendError, httpx.HTTPError):
            body = b""
        out_of_quota = status == 429 and _says_out_of_quota(body)
        retryable = retryable_status(status) and not out_of_quota
        if response.headers.get("x-should-retry", "").lower() == "false":
            retryable = False
        retry_after = parse_retry_after(response.headers, self._now) if retryable else None
        return _Failed(status, retryable=retryable, retry_after=retry_after, body=body, out_of_quota=out_of_quota)

    def _body(self, response: httpx.Response, limit: int, *, truncate: bool = False) -> bytes:
        """Read the body, decoding gzip/deflate in bounded steps, stopping past ``limit`` bytes.

        The raw stream is decoded here rather than by httpx so a small
        compressed answer cannot inflate to gigabytes in memory first.
        """
        declared = response.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > limit:
            raise self._too_large(limit)
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("", "identity"):
            decoder = None
        elif encoding in ("gzip", "x-gzip"):
            decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            decoder = zlib.decompressobj()
        else:
            raise BadResponse(
                f"{self.provider} answered in an encoding this client does not read ({encoding}).",
                provider=self.provider,
                status=response.status_code,
            )
        chunks: list[bytes] = []
        size = 0
        try:
            for raw in response.iter_raw():
                pending = raw
                while pending:
                    if decoder is None:
                        piece, pending = pending, b""
                    else:
                        piece = decoder.decompress(pending, limit - size + 1)
                        pending = decoder.unconsumed_tail
                    size += len(piece)
                    chunks.append(piece)
                    if size > limit:
                        if truncate:
                            return b"".join(chunks)[:limit]
                        raise self._too_large(limit)
        except zlib.error:
            raise BadResponse(
                f"{self.provider} answered with a corrupt compressed body.",
                provider=self.provider,
                status=response.status_code,
            ) from None
        return b"".join(chunks)

    def _too_large(self, limit: int) -> ResponseTooLarge:
        return ResponseTooLarge(
            f"{self.provider} sent an answer larger than {_size(limit)}; it was refused.", provider=self.provider
        )

    def _log_retry(self, method: str, url: str, policy: RetryPolicy) -> Callable[[tenacity.RetryCallState], None]:
        def log(state: tenacity.RetryCallState) -> None:
            failed = state.outcome.exception() if state.outcome else None
            what = getattr(failed, "describe", lambda: "failed")()
            logger.warning(
                "%s: %s %s %s; try %d of %d in %.1f s",
                self.provider,
                method,
                _safe_url(url),
                what,
                state.attempt_number + 1,
                policy.attempts,
                state.upcoming_sleep,
            )

        return log

    def _secret_values(self, headers: Mapping[str, str]) -> frozenset[str]:
        values = set()
        for name, value in headers.items():
            if name.lower() in self._secret_names and value:
                values.add(value)
                scheme, _, token = value.partition(" ")
                if token and scheme.lower() in ("bearer", "key", "token", "basic"):
                    values.add(token.strip())
        return frozenset(values)


class _Failed(Exception):
    """One try failed in a way the retry policy judges; turned into a ProviderError at the end."""

    def __init__(
        self,
        failure: int | BaseException,
        *,
        retryable: bool,
        retry_after: float | None = None,
        body: bytes = b"",
        out_of_quota: bool = False,
    ):
        super().__init__(failure if isinstance(failure, int) else type(failure).__name__)
        self.failure = failure
        self.retryable = retryable
        self.retry_after = retry_after
        self.body = body
        self.out_of_quota = out_of_quota

    def may_repeat(self, repeat: str) -> bool:
        """Whether to try again, for a call whose repeats are limited as ``repeat`` says (see request)."""
        if not self.retryable:
            return False
        if repeat == "any":
            return True
        if isinstance(self.failure, int):
            return repeat == "answered" or self.failure in NOT_TAKEN_STATUSES
        return isinstance(self.failure, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, HostNotFound))

    def describe(self) -> str:
        if isinstance(self.failure, int):
            return f"answered {self.failure}"
        return f"failed ({type(self.failure).__name__})"


class _Stopper:
    """Answers "stop now?" and waits in a way that ends as soon as the answer is yes."""

    def __init__(self, stop: Stop, sleep: Callable[[float], None], provider: str):
        self._stop = stop
        self._sleep = sleep
        self._provider = provider

    def is_set(self) -> bool:
        if self._stop is None:
            return False
        if isinstance(self._stop, threading.Event):
            return self._stop.is_set()
        return bool(self._stop())

    def check(self) -> None:
        if self.is_set():
            raise ProviderCancelled(self._provider)

    def sleep(self, seconds: float) -> None:
        self.check()
        if isinstance(self._stop, threading.Event) and self._sleep is time.sleep:
            self._stop.wait(seconds)
        else:
            remaining = seconds
            while remaining > 0 and not self.is_set():
                step = min(remaining, _STOP_POLL_SECONDS) if self._stop is not None else remaining
                self._sleep(step)
                remaining -= step
        self.check()


def _says_out_of_quota(body: bytes) -> bool:
    """OpenAI-style ``{"error": {"code": "insufficient_quota"}}``: waiting will not help."""
    try:
        error = jsonlib.loads(body).get("error")
    except (ValueError, AttributeError):
        return False
    return isinstance(error, dict) and "insufficient_quota" in (error.get("code"), error.get("type"))


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return (url.scheme, url.host, url.port)


def _safe_url(url: str) -> str:
    """The URL for a log line: scheme, host, port and path, no query or credentials."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "(invalid URL)"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}{parsed.path}" if parsed.host else parsed.path


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    if limit >= 1024:
        return f"{limit / 1024:g} KB"
    return f"{limit} bytes"
