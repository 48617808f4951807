"""System checks: a misconfigured site provider is reported at start, with the variable to fix.

``manage.py check`` (and every ``runserver`` / ``migrate``) runs these. Each
message names the environment variable, never its value when it is a key.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError

from accounts import provider_catalog
from accounts.models import validate_http_url
from renderers import registry


@checks.register("panelcraft")
def site_provider_checks(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    problems = []
    for kind, site in settings.PANELCRAFT["SITE_PROVIDERS"].items():
        problems.extend(_check(kind, site))
    return problems


@checks.register("panelcraft")
def workflow_folder_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """An admin's ComfyUI workflows are read and checked at start, not on the first comic that needs them."""
    from renderers.workflows import WorkflowError, workflows_in

    folder = settings.PANELCRAFT["COMFYUI_WORKFLOWS_DIR"]
    if not folder:
        return []
    try:
        workflows_in(folder)
    except WorkflowError as exc:
        return [checks.Error(f"PANELCRAFT_COMFYUI_WORKFLOWS_DIR: {exc}", id="panelcraft.E008")]
    return []


def _check(kind: str, site) -> list[checks.CheckMessage]:
    def error(message: str, hint: str = "", number: int = 1) -> checks.Error:
        return checks.Error(message, hint=hint or None, id=f"panelcraft.E{number:03d}")

    if site.problem:
        return [error(f"The site's {kind} provider: {site.problem}", number=1)]
    if site.backend not in provider_catalog.PROVIDERS:
        if site.backend in registry.names(kind):
            return []
        known = ", ".join(sorted({*registry.names(kind), *_providers_serving(kind)}))
        return [error(f"{site.source}={site.backend} is not a {kind} backend.", f"Use one of: {known}.", 2)]
    catalog = provider_catalog.get(site.backend)
    if not catalog.can_serve(kind):
        able = ", ".join(_providers_serving(kind))
        verb = provider_catalog.KIND_VERBS[kind]
        return [error(f"{site.source}: {catalog.name} cannot {verb}.", f"For {kind} use one of: {able}.", 3)]
    found = []
    if catalog.needs_key and not site.api_key:
        found.append(
            error(f"{site.source} uses {catalog.name}, which needs an API key.", f"Set {site.key_variable}.", 4)
        )
    if site.base_url:
        try:
            validate_http_url(site.base_url)
        except ValidationError as exc:
            found.append(error(f"{site.url_variable} is not a valid URL: {exc.messages[0]}", number=5))
    elif not catalog.base_url:
        found.append(
            error(
                f"{site.source} uses {catalog.name}, which needs a base URL.",
                f"Set {site.url_variable or 'PANELCRAFT_' + kind.upper() + '_BASE_URL'}, e.g. "
                f"{catalog.base_url_example}.",
                6,
            )
        )
    if not catalog.model_for(kind, text_model=site.model, image_model=site.model):
        found.append(
            error(
                f"{site.source} uses {catalog.name}, which has no default model.",
                f"Set PANELCRAFT_{kind.upper()}_MODEL.",
                7,
            )
        )
    return found


def _providers_serving(kind: str) -> list[str]:
    return [provider.slug for provider in provider_catalog.serving(kind)]
