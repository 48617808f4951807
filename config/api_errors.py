"""The API's errors in words: DRF's handler, with its few stock phrases replaced.

Validation messages are written next to each field; these are the answers
DRF gives on its own (no such object, no credentials, a bad token, a body
that is not JSON), which a person reading them would otherwise have to
decode.
"""

from __future__ import annotations

from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler

NOT_FOUND = "Nothing here: there is no such item, or it is not yours to see."
NOT_SIGNED_IN = (
    "Sign in first, or send your API token in the header Authorization: Token <your token> "
    "(make one on your profile page)."
)
BAD_TOKEN = "This API token is not valid: it may have been replaced. Make a new one on your profile page."
SUSPENDED = "This account is suspended or deleted, so its API token no longer works."
BAD_JSON = 'The request body is not valid JSON ({reason}). Send an object, e.g. {{"idea": "a shy dragon"}}.'

# What TokenAuthentication says, and what we say instead.
TOKEN_MESSAGES = {"Invalid token.": BAD_TOKEN, "User inactive or deleted.": SUSPENDED}


def reworded(exc: exceptions.APIException, message: str) -> exceptions.APIException:
    """The same exception (its status and the WWW-Authenticate header the view gave it) in other words."""
    exc.detail = exceptions.ErrorDetail(message, code=getattr(exc.detail, "code", None))
    return exc


def plain_exception(exc: Exception) -> Exception:
    if isinstance(exc, Http404):
        return exceptions.NotFound(NOT_FOUND)
    if isinstance(exc, exceptions.NotAuthenticated):
        return reworded(exc, NOT_SIGNED_IN)
    if isinstance(exc, exceptions.AuthenticationFailed) and str(exc.detail) in TOKEN_MESSAGES:
        return reworded(exc, TOKEN_MESSAGES[str(exc.detail)])
    if isinstance(exc, exceptions.ParseError) and str(exc.detail).startswith("JSON parse error - "):
        return reworded(exc, BAD_JSON.format(reason=str(exc.detail).removeprefix("JSON parse error - ")))
    return exc


def api_exception_handler(exc, context):
    return exception_handler(plain_exception(exc), context)
