"""API input and output shapes for provider accounts and default providers.

Inputs are checked here for shape; the models' ``clean()`` holds the rules
that depend on the provider. The key is an input only: no output has it.
"""

from rest_framework import serializers

from . import provider_catalog
from .models import MAX_API_KEY_LENGTH, ProviderAccount, validate_api_key, validate_http_url


class ProviderAccountInput(serializers.Serializer):
    provider = serializers.ChoiceField(choices=provider_catalog.CHOICES)
    label = serializers.CharField(max_length=80, required=False, allow_blank=True)
    # Omitted or blank on an edit: the stored key stays.
    api_key = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=MAX_API_KEY_LENGTH,
        validators=[validate_api_key],
        style={"input_type": "password"},
    )
    base_url = serializers.CharField(max_length=500, required=False, allow_blank=True, validators=[validate_http_url])
    text_model = serializers.CharField(max_length=200, required=False, allow_blank=True)
    image_model = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ProviderAccountOutput(serializers.ModelSerializer):
    """An account as the provider will be called: blank URL and models show the defaults in use."""

    base_url = serializers.CharField(source="effective_base_url")
    text_model = serializers.CharField(source="effective_text_model")
    image_model = serializers.CharField(source="effective_image_model")

    class Meta:
        model = ProviderAccount
        fields = ["id", "provider", "label", "key_hint", "base_url", "text_model", "image_model", "created_at"]


class BackendChoiceInput(serializers.Serializer):
    """All three, each an id of one of the caller's accounts or null for the site's default."""

    text = serializers.IntegerField(allow_null=True)
    image = serializers.IntegerField(allow_null=True)
    safety = serializers.IntegerField(allow_null=True)


class BackendChoiceOutput(serializers.Serializer):
    text = serializers.IntegerField(source="text_account_id", allow_null=True)
    image = serializers.IntegerField(source="image_account_id", allow_null=True)
    safety = serializers.IntegerField(source="safety_account_id", allow_null=True)
