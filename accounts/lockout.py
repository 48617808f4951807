"""What a person sees when too many failed logins have paused logging in.

django-axes counts the failures (per account and per address) and decides
when to lock; this module only words the answer: a branded page for the
login forms and a JSON body for the token API, both 429 with Retry-After.
"""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.response import Response


def cool_off_minutes(request: HttpRequest | None = None) -> int:
    """Whole minutes until a locked login may try again (each refused try restarts the wait)."""
    cool_off = get_cool_off(request)
    return max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_message(request: HttpRequest | None = None) -> str:
    minutes = cool_off_minutes(request)
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed login attempts. Logging in is paused for {minutes} {unit}."


def _retry_after(response: HttpResponse | Response, request: HttpRequest) -> None:
    minutes = cool_off_minutes(request)
    if minutes:
        response["Retry-After"] = str(minutes * 60)


def page_response(request: HttpRequest, *_ignored) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page (or admin login) answer while locked.

    Axes passes the original response and credentials, in an order that
    differs between its sync and async paths; neither is needed here.
    """
    context = {"minutes": cool_off_minutes(request), "message": lockout_message(request)}
    response = render(request, "registration/locked_out.html", context, status=429)
    _retry_after(response, request)
    return response


def api_response(request: HttpRequest) -> Response:
    """The token API's answer while locked: the same meaning as the page, as JSON."""
    response = Response({"detail": lockout_message(request)}, status=429)
    _retry_after(response, request)
    return response
