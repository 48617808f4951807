"""Saving provider accounts and choosing which ones serve a user by default.

Views and the admin call these; the rules themselves live on the models'
``clean()``, so every way in is held to the same ones.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from renderers import connection_check

from . import encryption, provider_catalog
from .models import BackendChoice, ProviderAccount, provider_allow_list

ACCOUNT_FIELDS = ("provider", "label", "base_url", "text_model", "image_model")
CHOICE_FIELDS = tuple(f"{kind}_account" for kind in provider_catalog.KINDS)


@sensitive_variables("api_key", "fields")
def save_provider_account(account: ProviderAccount, *, api_key: str = "", **fields) -> ProviderAccount:
    """Apply ``fields`` (and a new key, when one is given), validate, save.

    An empty ``api_key`` keeps the stored one: a key is never sent back, so
    an edit that leaves it out must not erase it.
    """
    unknown = set(fields) - set(ACCOUNT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown provider account fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(account, name, value)
    if api_key:
        account.set_api_key(api_key)
    account.full_clean()
    account.save()
    return account


@sensitive_variables("api_key")
def check_connection(account: ProviderAccount) -> connection_check.ConnectionResult:
    """Test connection: one cheap call to the account's provider with its URL, key and model.

    The key is decrypted here, for this one call, and goes no further than
    the request header.
    """
    try:
        api_key = account.reveal_api_key()
    except encryption.UndecryptableError:
        return connection_check.ConnectionResult(
            False, "The stored API key can no longer be read; enter it again on your settings page.", 0.0
        )
    return connection_check.check_connection(
        account.provider,
        base_url=account.effective_base_url,
        api_key=api_key,
        model=account.effective_text_model or account.effective_image_model,
        allowed_hosts=provider_allow_list(),
    )


def backend_choice_for(user) -> BackendChoice:
    """The user's choices; an unsaved row of nulls (the site's defaults) if they never chose."""
    return BackendChoice.objects.filter(user=user).select_related(*CHOICE_FIELDS).first() or BackendChoice(user=user)


def choose_backends(user, *, text: int | None, image: int | None, safety: int | None) -> BackendChoice:
    """Make the accounts with these ids (None: the site's default) the user's defaults."""
    wanted = {"text": text, "image": image, "safety": safety}
    ids = {account_id for account_id in wanted.values() if account_id is not None}
    # Only the user's own accounts are looked up, so another user's id reads as unknown.
    own = ProviderAccount.objects.owned_by(user).in_bulk(ids)
    missing = {
        f"{kind}_account": f"You have no provider account {account_id}."
        for kind, account_id in wanted.items()
        if account_id is not None and account_id not in own
    }
    if missing:
        raise ValidationError(missing)
    with transaction.atomic():
        choice, _ = BackendChoice.objects.select_for_update().get_or_create(user=user)
        for kind, account_id in wanted.items():
            setattr(choice, f"{kind}_account", own.get(account_id))
        choice.full_clean()
        choice.save()
    return choice
