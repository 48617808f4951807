"""The network layer provider backends share: an SSRF guard and one safe HTTP client.

``check_url`` decides whether a URL may be called; ``ProviderClient`` makes
the calls (guarded transport, timeouts, retries, size cap, stop hook, plain
error messages). Nothing here knows about comics, accounts or Django: the
allow-list and every limit come in as parameters.
"""

from .client import SECRET_HEADERS, ProviderClient, Reply, Timeouts, build_http_client
from .errors import (
    BadResponse,
    ProviderAuthError,
    ProviderCancelled,
    ProviderError,
    ProviderRateLimited,
    ProviderRejected,
    ProviderTimeout,
    ProviderUnavailable,
    ProviderUnreachable,
    ResponseTooLarge,
    provider_error,
)
from .guard import ALLOW_SETTING, AllowList, Destination, HostNotFound, URLRefused, address_problem, check_url
from .retry import RetryPolicy, parse_retry_after

__all__ = [
    "ALLOW_SETTING",
    "SECRET_HEADERS",
    "AllowList",
    "BadResponse",
    "Destination",
    "HostNotFound",
    "ProviderAuthError",
    "ProviderCancelled",
    "ProviderClient",
    "ProviderError",
    "ProviderRateLimited",
    "ProviderRejected",
    "ProviderTimeout",
    "ProviderUnavailable",
    "ProviderUnreachable",
    "Reply",
    "ResponseTooLarge",
    "RetryPolicy",
    "Timeouts",
    "URLRefused",
    "address_problem",
    "build_http_client",
    "check_url",
    "parse_retry_after",
    "provider_error",
]
