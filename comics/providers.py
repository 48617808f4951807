"""Which providers make a comic, and the backends a worker builds from them.

When a comic is created, ``choose_providers`` settles, for text, images and
safety checks, who does the work: the account named for this comic, else
the author's default account, else the site's provider (when the site shares
it), else the built-in offline backend. The choice is stored on the comic
as ids and names (``Comic.providers``), never a key.

``build_backends`` runs inside the worker: it loads the accounts, decrypts
their keys for this run only, and wraps each backend so its calls are
limited per account, counted for the job's usage and stopped with the run.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables

from accounts import provider_catalog
from accounts.encryption import UndecryptableError
from accounts.models import ProviderAccount, provider_allow_list
from accounts.services import backend_choice_for
from renderers import registry
from renderers.base import BackendError

from .metering import Limited, Metered, UsageMeter
from .slots import slots_for

KINDS = provider_catalog.KINDS
BUILTIN, SITE, ACCOUNT = "builtin", "site", "account"
# Kinds a comic's author may pick an account for when creating it; safety is always their default.
OVERRIDABLE = ("text", "image")


def site_provider(kind: str):
    return settings.PANELCRAFT["SITE_PROVIDERS"][kind]


def is_provider(backend: str) -> bool:
    """Whether ``backend`` is a real provider (else an offline backend such as "builtin")."""
    return backend in provider_catalog.PROVIDERS


def site_serves(kind: str, user) -> bool:
    """Whether the site's own provider does ``kind`` for ``user`` (else the built-in one does)."""
    site = site_provider(kind)
    if not is_provider(site.backend) or site.problem:
        return False
    return settings.PANELCRAFT["SHARE_SITE_PROVIDERS"] or getattr(user, "is_staff", False)


def describe_account(account: ProviderAccount, kind: str) -> dict:
    model = account.effective_text_model if kind != "image" else account.effective_image_model
    return {
        "source": ACCOUNT,
        "backend": account.provider,
        "model": model,
        "account": account.pk,
        "label": account.label or account.get_provider_display(),
    }


def describe_site(kind: str) -> dict:
    site = site_provider(kind)
    catalog = provider_catalog.get(site.backend)
    default = catalog.image_model if kind == "image" else catalog.text_model
    return {"source": SITE, "backend": site.backend, "model": site.model or default, "label": f"{catalog.name} (site)"}


def describe_builtin(kind: str) -> dict:
    site = site_provider(kind)
    backend = site.backend if not is_provider(site.backend) else "builtin"
    return {"source": BUILTIN, "backend": backend, "model": "", "label": "Built-in (offline)"}


def account_for_comic(user, account_id: int, kind: str, *, field: str) -> ProviderAccount:
    """The caller's account ``account_id`` if it can do ``kind``; a ValidationError on ``field`` otherwise."""
    account = ProviderAccount.objects.owned_by(user).filter(pk=account_id).first()
    if account is None:
        raise ValidationError({field: f"You have no provider account {account_id}."})
    if not account.can_serve(kind):
        verb = provider_catalog.KIND_VERBS[kind]
        raise ValidationError({field: f"{account.get_provider_display()} cannot {verb}; choose another account."})
    return account


def choose_providers(user, overrides: Mapping[str, ProviderAccount | None] | None = None) -> dict[str, dict]:
    """For each kind: the account picked for this comic, the user's default, the site's, or built-in."""
    overrides = overrides or {}
    defaults = backend_choice_for(user) if user.is_authenticated else None
    chosen = {}
    for kind in KINDS:
        account = overrides.get(kind) or (defaults.account_for(kind) if defaults else None)
        if account is not None:
            chosen[kind] = describe_account(account, kind)
        elif site_serves(kind, user):
            chosen[kind] = describe_site(kind)
        else:
            chosen[kind] = describe_builtin(kind)
    return chosen


# --- In the worker ---------------------------------------------------------------


class ProviderSetupError(BackendError):
    """A comic's provider cannot be set up (its account was deleted, its key cannot be read)."""


def build_backends(comic, *, stop: threading.Event, meter: UsageMeter) -> dict[str, Any]:
    """The text, image and safety backends of ``comic``'s run: limited, metered and bound to ``stop``."""
    chosen = comic.providers or {}
    built = {}
    for kind in KINDS:
        entry = chosen.get(kind) or {"source": BUILTIN, "backend": getattr(comic, f"{kind}_backend") or "builtin"}
        backend, provider, slot_key = _backend(comic, kind, entry, stop)
        if slot_key:
            backend = Limited(backend, slots_for(slot_key, settings.PANELCRAFT["PROVIDER_CONCURRENCY"]), stop)
        built[kind] = Metered(backend, meter, kind=kind, provider=provider, label=entry.get("label", ""))
    return built


@sensitive_variables("config", "api_key")
def _backend(comic, kind: str, entry: dict, stop: threading.Event) -> tuple[Any, str, str]:
    """(backend, provider slug, concurrency slot key or "") for one kind of ``comic``'s work."""
    source = entry.get("source", BUILTIN)
    if source == BUILTIN:
        return registry.create(kind, entry["backend"]), entry["backend"], ""
    if source == ACCOUNT:
        account = ProviderAccount.objects.filter(owner_id=comic.owner_id, pk=entry.get("account")).first()
        if account is None:
            raise ProviderSetupError(
                f"the provider account “{entry.get('label', '')}” chosen for {kind} was deleted; "
                "choose another on your settings page and make the comic again"
            )
        try:
            api_key = account.reveal_api_key()
        except UndecryptableError:
            raise ProviderSetupError(
                f"the API key of “{entry.get('label', '')}” can no longer be read; enter it again on your settings page"
            ) from None
        model = account.effective_image_model if kind == "image" else account.effective_text_model
        config = provider_config(
            account.provider, base_url=account.effective_base_url, api_key=api_key, model=model, stop=stop
        )
        slot_key = f"account:{account.pk}"
        provider = account.provider
    else:
        site = site_provider(kind)
        catalog = provider_catalog.get(site.backend)
        default_model = catalog.image_model if kind == "image" else catalog.text_model
        config = provider_config(
            site.backend,
            base_url=site.base_url or catalog.base_url,
            api_key=site.api_key,
            model=site.model or default_model,
            stop=stop,
            options=site.options,
        )
        slot_key = f"site:{kind}"
        provider = site.backend
    backend = registry.create(kind, provider, config=config)
    if kind == "safety":
        backend = safety_gate(backend)
    return backend, provider, slot_key


@sensitive_variables("api_key")
def provider_config(
    provider: str, *, base_url: str, api_key: str, model: str, stop, options: Mapping[str, Any] | None = None
):
    from renderers.providers import ProviderConfig

    conf = settings.PANELCRAFT
    return ProviderConfig(
        provider=provider,
        base_url=base_url,
        api_key=api_key,
        model=model,
        allowed_hosts=provider_allow_list(),
        stop=stop,
        options={
            "max_wait_seconds": conf["PROVIDER_MAX_WAIT_SECONDS"],
            "workflows": admin_workflows(conf["COMFYUI_WORKFLOWS_DIR"]),
            **(options or {}),
        },
    )


def safety_gate(primary):
    """The provider's check behind the built-in blocklist, failing open unless the site says closed."""
    from renderers.safety_gate import SafetyGate

    return SafetyGate(
        primary, floor=registry.create("safety", "builtin"), fail_closed=settings.PANELCRAFT["SAFETY_FAIL_CLOSED"]
    )


@functools.cache
def admin_workflows(folder: str) -> dict:
    """The ComfyUI workflows an admin added (read once per process); the shipped ones need no folder."""
    if not folder:
        return {}
    from renderers.workflows import workflows_in

    return workflows_in(Path(folder))
