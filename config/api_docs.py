"""Shared pieces of the API's OpenAPI description: the error shapes every endpoint may answer.

``errors(400, 404)`` gives the ``responses`` entries for an ``extend_schema``
so each endpoint lists its own error codes with the same wording.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words a person understands.")


class FieldErrorsOutput(serializers.Serializer):
    """``{"field": ["message", ...], "non_field_errors": [...]}``"""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)


DESCRIPTIONS = {
    400: ("Invalid input: messages per field.", FieldErrorsOutput),
    401: ("Not signed in: send a session cookie or `Authorization: Token <key>`.", ErrorOutput),
    403: ("Signed in, but not allowed (moderators only).", ErrorOutput),
    404: ("No such object, or not yours to see.", ErrorOutput),
    409: ("Conflicts with the current state (already done, already reported).", ErrorOutput),
    429: ("Too many requests or over the quota; `Retry-After` says when to try again.", ErrorOutput),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(DESCRIPTIONS[code][1], description=DESCRIPTIONS[code][0]) for code in codes}
