"""Provider accounts and default providers over the API: each user sees only their own.

An account that is not the caller's is a 404, exactly like one that does
not exist. The key goes in and never comes out: outputs carry ``key_hint``.

``POST /api/providers/<id>/test/`` (Test connection) answers 200 whether or
not the provider did: ``ok`` and ``message`` say how the call went.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from rest_framework import serializers, status
from rest_framework.decorators import api_view, throttle_classes
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

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


@sensitive_post_parameters("api_key")
@api_view(["GET", "POST"])
def providers(request):
    if request.method == "GET":
        return Response(ProviderAccountOutput(ProviderAccount.objects.owned_by(request.user), many=True).data)
    account = save_from_request(request, ProviderAccount(owner=request.user), partial=False)
    return Response(ProviderAccountOutput(account).data, status=status.HTTP_201_CREATED)


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


@api_view(["POST"])
@throttle_classes([ConnectionTestThrottle])
def provider_test(request, account_id: int):
    """``{"ok": bool, "message": str, "seconds": float}`` from one cheap call to the provider."""
    result = services.check_connection(owned_account(request.user, account_id))
    return Response({"ok": result.ok, "message": result.message, "seconds": result.seconds})


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
