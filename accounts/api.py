"""The token endpoint: DRF's, with the login throttle's 429."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from config.api_docs import errors

from . import lockout
from .serializers import TokenInput


class ObtainToken(ObtainAuthToken):
    """``POST /api/auth/token/`` with ``username`` and ``password``.

    DRF authenticates with its own Request object, so axes marks the lockout
    on that object and AxesMiddleware (which sees only Django's request)
    never learns of it. Without this view a locked client would get the
    ordinary 400 "unable to log in" and could not tell it must wait.
    """

    # DRF's token view lists its own parsers; use the API's bounded ones.
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    serializer_class = TokenInput

    @extend_schema(
        operation_id="auth_token",
        request=TokenInput,
        responses={200: inline_serializer("TokenOutput", {"token": serializers.CharField()}), **errors(400, 429)},
        auth=[],
    )
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError:
            if getattr(request, "axes_locked_out", False):
                return lockout.api_response(request)
            raise


obtain_token = ObtainToken.as_view()
