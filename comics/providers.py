"""Which providers make a comic, and the backends a worker builds from them.

When a comic is created, ``choose_providers`` settles, for text, images and
safety checks, who does the work: the account named for this comic, else
the author's default account, else the site's provider (when the site shares
it), else the built-in offline backend. A site with a safety provider of its
own screens every comic with it. The choice is stored on the comic as ids
and names (``Comic.providers``), never a key.

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
# Providers that paint through ComfyUI workflows (the shipped ones and an admin's).
WORKFLOW_PROVIDERS = ("comfyui", "runpod")


def site_provider(kind: str):
    return settings.PANELCRAFT["SITE_PROVIDERS"][kind]


def is_provider(backend: str) -> bool:
    """Whether ``backend`` is a real provider (else an offline backend such as "builtin")."""
    return backend in provider_catalog.PROVIDERS


def has_site_provider(kind: str) -> bool:
    site = site_provider(kind)
    return is_provider(site.backend) and not site.problem


def site_serves(kind: str, user) -> bool:
    """Whether the site's own provider does ``kind`` for ``user`` (else the built-in one does).

    The site's safety check is its own gate (ENABLE_CENSORSHIP), so it
    screens everyone's comics; its text and image providers are shared with
    users only as the site allows.
    """
    if not has_site_provider(kind):
        return False
    if kind == "safety":
        return True
    return settings.PANELCRAFT["SHARE_SITE_PROVIDERS"] or getattr(user, "is_staff", False)


def site_model(kind: str) -> str:
    site = site_provider(kind)
    return provider_catalog.get(site.backend).model_for(kind, text_model=site.model, image_model=site.model)


def describe_account(account: ProviderAccount, kind: str) -> dict:
    return {
        "source": ACCOUNT,
        "backend": account.provider,
        "model": account.model_for(kind),
        "account": account.pk,
        "label": account.label or account.get_provider_display(),
    }


def describe_site(kind: str) -> dict:
    site = site_provider(kind)
    name = provider_catalog.get(site.backend).name
    return {"source": SITE, "backend": site.backend, "model": site_model(kind), "label": f"{name} (site)"}


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
    """For each kind: the account picked for this comic, the user's default, the site's, or built-in.

    A site that screens with a provider of its own screens every comic: a
    user's safety account is used only where the site has none.
    """
    overrides = overrides or {}
    defaults = backend_choice_for(user) if user.is_authenticated else None
    chosen = {}
    for kind in KINDS:
        account = overrides.get(kind) or (defaults.account_for(kind) if defaults else None)
        if kind == "safety" and has_site_provider(kind):
            account = None
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


def entry_for(comic, kind: str) -> dict:
    """Who does ``kind`` for ``comic``; a comic from before providers were stored names only an offline backend."""
    entry = (comic.providers or {}).get(kind)
    if entry:
        return entry
    backend = getattr(comic, f"{kind}_backend") or "builtin"
    return {"source": BUILTIN, "backend": backend, "model": "", "label": backend}


def build_backends(comic, *, stop: threading.Event, meter: UsageMeter) -> dict[str, Any]:
    """The text, image and safety backends of ``comic``'s run: limited, metered and bound to ``stop``."""
    return {kind: _backend(comic, kind, entry_for(comic, kind), stop, meter) for kind in KINDS}


@sensitive_variables("config", "api_key")
def _backend(comic, kind: str, entry: dict, stop: threading.Event, meter: UsageMeter) -> Any:
    """One kind of ``comic``'s work: the provider's backend, counted, then limited to the account's slots.

    The meter sits inside the limit, so time spent waiting for a slot is not
    counted as the provider's; a safety check's gate sits outside both, so
    what the built-in blocklist stops is not counted as a provider call.
    """
    source = entry.get("source", BUILTIN)
    label = entry.get("label", "")
    if source == BUILTIN:
        backend = registry.create(kind, entry["backend"])
        return Metered(backend, meter, kind=kind, provider=entry["backend"], label=label)
    if source == ACCOUNT:
        account = ProviderAccount.objects.filter(owner_id=comic.owner_id, pk=entry.get("account")).first()
        if account is None:
            raise ProviderSetupError(
                f"the provider account “{label}” chosen for {kind} was deleted; "
                "choose another on your settings page and make the comic again"
            )
        if not account.can_serve(kind):
            raise ProviderSetupError(
                f"the provider account “{label}” is now a {account.get_provider_display()} account, which cannot "
                f"{provider_catalog.KIND_VERBS[kind]}; change it back or choose another on your settings page"
            )
        try:
            api_key = account.reveal_api_key()
        except UndecryptableError:
            raise ProviderSetupError(
                f"the API key of “{label}” can no longer be read; enter it again on your settings page"
            ) from None
        provider = account.provider
        config = provider_config(
            provider,
            base_url=account.effective_base_url,
            api_key=api_key,
            model=account.model_for(kind),
            stop=stop,
        )
        slot_key = f"account:{account.pk}"
    else:
        site = site_provider(kind)
        provider = site.backend
        config = provider_config(
            provider,
            base_url=site.base_url or provider_catalog.get(provider).base_url,
            api_key=site.api_key,
            model=site_model(kind),
            stop=stop,
            options=site.options,
        )
        slot_key = f"site:{kind}"
    backend = Metered(registry.create(kind, provider, config=config), meter, kind=kind, provider=provider, label=label)
    backend = Limited(backend, slots_for(slot_key, settings.PANELCRAFT["PROVIDER_CONCURRENCY"]), stop)
    return safety_gate(backend) if kind == "safety" else backend


@sensitive_variables("api_key")
def provider_config(
    provider: str, *, base_url: str, api_key: str, model: str, stop, options: Mapping[str, Any] | None = None
):
    from renderers.providers import ProviderConfig

    conf = settings.PANELCRAFT
    extra: dict[str, Any] = {"max_wait_seconds": conf["PROVIDER_MAX_WAIT_SECONDS"]}
    if provider in WORKFLOW_PROVIDERS:
        extra["workflows"] = admin_workflows(conf["COMFYUI_WORKFLOWS_DIR"])
    return ProviderConfig(
        provider=provider,
        base_url=base_url,
        api_key=api_key,
        model=model,
        allowed_hosts=provider_allow_list(),
        stop=stop,
        options={**extra, **(options or {})},
    )


def safety_gate(primary):
    """The provider's check behind the built-in blocklist, failing open unless the site says closed."""
    from renderers.safety_gate import SafetyGate

    return SafetyGate(
        primary, floor=registry.create("safety", "builtin"), fail_closed=settings.PANELCRAFT["SAFETY_FAIL_CLOSED"]
    )


def admin_workflows(folder: str) -> dict:
    """The ComfyUI workflows an admin added; the shipped ones need no folder."""
    from renderers.workflows import WorkflowError

    try:
        return _workflows_in(folder)
    except (WorkflowError, OSError) as exc:
        raise ProviderSetupError(f"the site's ComfyUI workflows could not be read ({exc}); tell an admin") from None


@functools.cache
def _workflows_in(folder: str) -> dict:
    """Read once per process (a bad folder is read again next time, and reported by the system checks)."""
    if not folder:
        return {}
    from renderers.workflows import workflows_in

    return workflows_in(Path(folder))
