"""API input and output shapes for provider accounts and default providers.

Inputs are checked here for shape; the models' ``clean()`` holds the rules
that depend on the provider. The key is an input only: no output has it.
"""

from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from config import field_messages

from . import provider_catalog
from .forms import MAX_BASE_URL_LENGTH, MAX_LABEL_LENGTH, MAX_MODEL_LENGTH
from .models import ProviderAccount, validate_api_key, validate_http_url


class TokenInput(AuthTokenSerializer):
    """DRF's token request, with each field saying what is missing."""

    username = serializers.CharField(
        label="Username",
        write_only=True,
        error_messages=field_messages.api_text("the username", missing="Send your username."),
    )
    password = serializers.CharField(
        label="Password",
        style={"input_type": "password"},
        trim_whitespace=False,
        write_only=True,
        error_messages=field_messages.api_text("the password", missing="Send your password."),
    )


class ProviderAccountInput(serializers.Serializer):
    provider = serializers.ChoiceField(
        choices=provider_catalog.CHOICES, error_messages=field_messages.choose_one("provider", provider_catalog.CHOICES)
    )
    label = serializers.CharField(
        max_length=MAX_LABEL_LENGTH,
        required=False,
        allow_blank=True,
        error_messages=field_messages.api_text("the label", max_length=MAX_LABEL_LENGTH),
    )
    # Omitted or blank on an edit: the stored key stays. validate_api_key says how long a key may be.
    api_key = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        validators=[validate_api_key],
        style={"input_type": "password"},
        error_messages=field_messages.api_text("the API key"),
    )
    base_url = serializers.CharField(
        max_length=MAX_BASE_URL_LENGTH,
        required=False,
        allow_blank=True,
        validators=[validate_http_url],
        error_messages=field_messages.api_text("the base URL", max_length=MAX_BASE_URL_LENGTH),
    )
    text_model = serializers.CharField(
        max_length=MAX_MODEL_LENGTH,
        required=False,
        allow_blank=True,
        error_messages=field_messages.api_text("the model name", max_length=MAX_MODEL_LENGTH),
    )
    image_model = serializers.CharField(
        max_length=MAX_MODEL_LENGTH,
        required=False,
        allow_blank=True,
        error_messages=field_messages.api_text("the model name", max_length=MAX_MODEL_LENGTH),
    )


class ProviderAccountOutput(serializers.ModelSerializer):
    """An account as the provider will be called: blank URL and models show the defaults in use."""

    base_url = serializers.CharField(source="effective_base_url")
    text_model = serializers.CharField(source="effective_text_model")
    image_model = serializers.CharField(source="effective_image_model")

    class Meta:
        model = ProviderAccount
        fields = ["id", "provider", "label", "key_hint", "base_url", "text_model", "image_model", "created_at"]


def _default_account_messages(kind: str) -> dict[str, str]:
    return field_messages.whole_number(
        f"Give “{kind}” as the id of one of your provider accounts (a whole number), or null for the site's default."
    )


class BackendChoiceInput(serializers.Serializer):
    """All three, each an id of one of the caller's accounts or null for the site's default."""

    text = serializers.IntegerField(allow_null=True, error_messages=_default_account_messages("text"))
    image = serializers.IntegerField(allow_null=True, error_messages=_default_account_messages("image"))
    safety = serializers.IntegerField(allow_null=True, error_messages=_default_account_messages("safety"))


class BackendChoiceOutput(serializers.Serializer):
    text = serializers.IntegerField(source="text_account_id", allow_null=True)
    image = serializers.IntegerField(source="image_account_id", allow_null=True)
    safety = serializers.IntegerField(source="safety_account_id", allow_null=True)
