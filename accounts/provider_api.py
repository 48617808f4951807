"""Provider accounts and default providers over the API: each user sees only their own.

An account that is not the caller's is a 404, exactly like one that does
not exist. The key goes in and never comes out: outputs carry ``key_hint``.

``POST /api/providers/<id>/test/`` (Test connection) answers 200 whether or
not the provider did: ``ok`` and ``message`` say how the call went.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import api_view, throttle_classes
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from config.api_docs import errors

from . import services
from .access import owned_account
from .models import ProviderAccount
from .serializers import BackendChoiceInput, BackendChoiceOutput, ProviderAccountInput, ProviderAccountOutput

# The models name the default fields after the account; the API after the kind.
CHOICE_ERROR_NAMES = {"text_account": "text", "image_account": "image", "safety_account": "safety"}


def api_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    """A model's validation error as the API's 400, under the API's field names."""
    if not hasattr(exc, "error_dict"):
        return serializers.ValidationError({"non_field_errors": exc.messages})
    return serializers.ValidationError(
        {CHOICE_ERROR_NAMES.get(field, field): messages for field, messages in exc.message_dict.items()}
    )


@sensitive_variables()
def save_from_request(request, account: ProviderAccount, *, partial: bool) -> ProviderAccount:
    payload = ProviderAccountInput(data=request.data, partial=partial)
    payload.is_valid(raise_exception=True)
    try:
        return services.save_provider_account(account, **payload.validated_data)
    except DjangoValidationError as exc:
        raise api_errors(exc) from None


@extend_schema(
    methods=["GET"],
    operation_id="providers_list",
    responses={200: ProviderAccountOutput(many=True), **errors(401)},
)
@extend_schema(
    methods=["POST"],
    operation_id="providers_create",
    request=ProviderAccountInput,
    responses={201: ProviderAccountOutput, **errors(400, 401)},
)
@sensitive_post_parameters("api_key")
@api_view(["GET", "POST"])
def providers(request):
    if request.method == "GET":
        return Response(ProviderAccountOutput(ProviderAccount.objects.owned_by(request.user), many=True).data)
    account = save_from_request(request, ProviderAccount(owner=request.user), partial=False)
    return Response(ProviderAccountOutput(account).data, status=status.HTTP_201_CREATED)


@extend_schema(methods=["GET"], responses={200: ProviderAccountOutput, **errors(401, 404)})
@extend_schema(
    methods=["PATCH"], request=ProviderAccountInput, responses={200: ProviderAccountOutput, **errors(400, 401, 404)}
)
@extend_schema(methods=["DELETE"], responses={204: None, **errors(401, 404)})
@sensitive_post_parameters("api_key")
@api_view(["GET", "PATCH", "DELETE"])
def provider_detail(request, account_id: int):
    account = owned_account(request.user, account_id)
    if request.method == "DELETE":
        account.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
    if request.method == "PATCH":
        account = save_from_request(request, account, partial=True)
    return Response(ProviderAccountOutput(account).data)


class ConnectionTestThrottle(UserRateThrottle):
    scope = "provider_test"


@extend_schema(
    request=None,
    responses={
        200: inline_serializer(
            "ConnectionTestOutput",
            {"ok": serializers.BooleanField(), "message": serializers.CharField(), "seconds": serializers.FloatField()},
        ),
        **errors(401, 404, 429),
    },
)
@api_view(["POST"])
@throttle_classes([ConnectionTestThrottle])
def provider_test(request, account_id: int):
    """``{"ok": bool, "message": str, "seconds": float}`` from one cheap call to the provider."""
    result = services.check_connection(owned_account(request.user, account_id))
    return Response({"ok": result.ok, "message": result.message, "seconds": result.seconds})


@extend_schema(methods=["GET"], responses={200: BackendChoiceOutput, **errors(401)})
@extend_schema(methods=["PUT"], request=BackendChoiceInput, responses={200: BackendChoiceOutput, **errors(400, 401)})
@api_view(["GET", "PUT"])
def my_backends(request):
    """``{"text": id|null, "image": id|null, "safety": id|null}``: null is the site's default."""
    if request.method == "GET":
        return Response(BackendChoiceOutput(services.backend_choice_for(request.user)).data)
    payload = BackendChoiceInput(data=request.data)
    payload.is_valid(raise_exception=True)
    try:
        choice = services.choose_backends(request.user, **payload.validated_data)
    except DjangoValidationError as exc:
        raise api_errors(exc) from None
    return Response(BackendChoiceOutput(choice).data)
