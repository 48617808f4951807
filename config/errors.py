"""What a visitor sees when something goes wrong: the site's own pages, and JSON under /api/.

Django's handlers already render ``400.html``, ``403.html`` and ``404.html``
with the request, so those pages extend ``base.html`` like any other. These
two add answers a program can read for addresses under /api/, and a 500 page
rendered from its template alone: no request, no context processors, no
database, since any of them may be what failed. Should even that fail, a
plain page says the same in a sentence.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
API_NOT_FOUND = "There is no API endpoint at this address; every endpoint is listed at /api/docs/."
SERVER_ERROR = "The fault is on our side, and it has been noted. Please try again in a moment."
# The last resort, when not even 500.html can be rendered.
PLAIN_SERVER_ERROR = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Something went wrong</title></head>'
    f'<body><h1>Something went wrong</h1><p>{SERVER_ERROR}</p><p><a href="/">Back to the home page</a></p>'
    "</body></html>"
)


def _for_a_program(request) -> bool:
    return request.path.startswith(API_PREFIX)


@requires_csrf_token
def page_not_found(request, exception):
    if _for_a_program(request):
        return JsonResponse({"detail": API_NOT_FOUND}, status=404)
    return defaults.page_not_found(request, exception)


@requires_csrf_token
def server_error(request):
    if _for_a_program(request):
        return JsonResponse({"detail": SERVER_ERROR}, status=500)
    try:
        body = loader.render_to_string("500.html", {"site_name": settings.SITE_NAME, "message": SERVER_ERROR})
    except Exception:  # the error page must not fail the way the request did
        logger.exception("The 500 page could not be rendered; sent the plain one instead.")
        body = PLAIN_SERVER_ERROR
    return HttpResponseServerError(body)


class MethodNotAllowedPage:
    """A page for a 405, which Django sends with an empty body.

    Someone who opens the address of a button (publish, delete, cancel) as
    a link gets a page that says so instead of a blank screen. Programs
    under /api/ keep DRF's JSON answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content or _for_a_program(request):
            return response
        page = loader.render_to_string("405.html", request=request)
        response.content = page.encode()
        response["Content-Type"] = "text/html; charset=utf-8"
        return response
