"""What a failed provider call tells the user.

Every failure becomes a ProviderError whose text names the provider, says
what went wrong in plain words and what to do, and never carries the API
key: messages are built from the provider's name, status codes and numbers
only, never from the request or the provider's answer. The answer's body is
kept (bounded, with known secrets blanked) on ``body`` for provider modules
that want to read an error code, but it is never part of the message.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from renderers.base import BackendError

from .guard import HostNotFound

__all__ = [
    "BadResponse",
    "ProviderAuthError",
    "ProviderCancelled",
    "ProviderError",
    "ProviderRateLimited",
    "ProviderRejected",
    "ProviderTimeout",
    "ProviderUnavailable",
    "ProviderUnreachable",
    "ResponseTooLarge",
    "provider_error",
    "redact",
]


class ProviderError(BackendError):
    """A provider call failed; ``str(exc)`` is safe to show the user."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status: int | None = None,
        attempts: int = 1,
        retryable: bool = False,
        body: bytes = b"",
    ):
        super().__init__(message)
        self.provider = provider
        self.status = status
        self.attempts = attempts
        self.retryable = retryable
        self.body = body


class ProviderAuthError(ProviderError):
    """401/403: the key is wrong, revoked or lacks permission. Retrying will not help."""


class ProviderRejected(ProviderError):
    """Another 4xx: the request itself was refused (bad model name, bad input, too large)."""


class ProviderRateLimited(ProviderError):
    """429: too many requests, or the account is out of quota."""


class ProviderUnavailable(ProviderError):
    """5xx (and Anthropic's 529): the provider failed or is overloaded."""


class ProviderTimeout(ProviderError):
    """The provider did not connect or answer in time."""


class ProviderUnreachable(ProviderError):
    """No connection could be made, or it broke before the answer was complete."""


class ResponseTooLarge(ProviderError):
    """The answer was bigger than the client accepts; it was not read further."""


class BadResponse(ProviderError):
    """The provider answered, but not in a form that can be used (not JSON, corrupt encoding)."""


class ProviderCancelled(BackendError):
    """The caller asked to stop (the job was cancelled): no further request is made."""

    def __init__(self, provider: str):
        super().__init__(f"Stopped calling {provider}: the job was cancelled.")
        self.provider = provider


def provider_error(
    provider: str,
    failure: int | BaseException,
    *,
    attempts: int = 1,
    read_timeout: float | None = None,
    connect_timeout: float | None = None,
    retry_after: float | None = None,
    body: bytes = b"",
    out_of_quota: bool = False,
) -> ProviderError:
    """Turn an HTTP status or a transport exception into the error the user sees.

    ``attempts`` is how many tries were made; ``retry_after`` is given when
    the provider asked for a wait too long to sit out, and is then mentioned.
    """
    if isinstance(failure, int):
        return _status_error(provider, failure, attempts, retry_after, body, out_of_quota)
    return _transport_error(provider, failure, attempts, read_timeout, connect_timeout)


def redact(data: bytes, secrets: Iterable[str]) -> bytes:
    """``data`` with every occurrence of a secret replaced by ``[redacted]``."""
    for secret in secrets:
        if secret:
            data = data.replace(secret.encode(), b"[redacted]")
    return data


def _status_error(
    provider: str, status: int, attempts: int, retry_after: float | None, body: bytes, out_of_quota: bool
) -> ProviderError:
    details = {"provider": provider, "status": status, "attempts": attempts, "body": body}
    if status == 401:
        return ProviderAuthError(
            f"{provider} rejected the API key (401). Check it on your settings page.", retryable=False, **details
        )
    if status == 403:
        return ProviderAuthError(
            f"{provider} refused access with this API key (403). "
            "Check the key and its permissions on your settings page.",
            **details,
        )
    if status == 404:
        return ProviderRejected(
            f"{provider} has no such endpoint or model (404). Check the base URL and model on your settings page.",
            **details,
        )
    if status == 402:
        return ProviderRejected(f"{provider} asks for payment (402). Check the account's billing.", **details)
    if status == 413:
        return ProviderRejected(f"{provider} found the request too large (413).", **details)
    if status == 429:
        if out_of_quota:
            message = (
                f"{provider} says the account is out of credit or over its quota (429). Check its billing and limits."
            )
        elif retry_after is not None:
            message = f"{provider} is busy (429) and asked to wait {_duration(retry_after)}; try again then."
        elif attempts > 1:
            message = f"{provider} is busy (429) and kept refusing after {attempts} tries; try again in a minute."
        else:
            message = f"{provider} is busy (429); try again in a minute."
        return ProviderRateLimited(message, retryable=not out_of_quota, **details)
    if status >= 500:
        what = "is overloaded" if status in (503, 529) else "had a server error"
        tries = f" and kept failing after {attempts} tries" if attempts > 1 else ""
        return ProviderUnavailable(f"{provider} {what} ({status}){tries}; try again later.", retryable=True, **details)
    if 400 <= status < 500:
        return ProviderRejected(f"{provider} refused the request ({status}).", **details)
    return BadResponse(f"{provider} answered with an unexpected status ({status}).", **details)


def _transport_error(
    provider: str, exc: BaseException, attempts: int, read_timeout: float | None, connect_timeout: float | None
) -> ProviderError:
    tries = f" ({attempts} tries)" if attempts > 1 else ""
    details = {"provider": provider, "attempts": attempts}
    if isinstance(exc, httpx.ConnectTimeout):
        within = f" within {connect_timeout:g} s" if connect_timeout else ""
        return ProviderTimeout(f"Could not connect to {provider}{within}{tries}.", retryable=True, **details)
    if isinstance(exc, httpx.TimeoutException):
        within = f" within {read_timeout:g} s" if read_timeout else " in time"
        return ProviderTimeout(f"{provider} did not answer{within}{tries}.", retryable=True, **details)
    if isinstance(exc, HostNotFound):
        return ProviderUnreachable(
            f"Could not find {provider}'s host {exc.host}; check the base URL.", retryable=exc.retryable, **details
        )
    if isinstance(exc, httpx.ConnectError):
        return ProviderUnreachable(
            f"Could not connect to {provider}{tries}; check the base URL or try again later.",
            retryable=True,
            **details,
        )
    if isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError):
        return ProviderUnreachable(f"{provider} closed the connection unexpectedly{tries}.", retryable=True, **details)
    if isinstance(exc, httpx.TooManyRedirects):
        return BadResponse(f"{provider} redirected too many times.", **details)
    return ProviderUnreachable(f"Could not talk to {provider} ({type(exc).__name__}){tries}.", **details)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.0f} h"
