"""Every provider a user can choose has a backend for each kind of work it offers, and nothing else is offered."""

from __future__ import annotations

import pytest

from accounts import provider_catalog
from renderers import registry


@pytest.mark.parametrize("kind", provider_catalog.KINDS)
def test_each_provider_offered_for_a_kind_has_a_registered_backend(kind):
    offered = {provider.slug for provider in provider_catalog.serving(kind)}
    assert offered <= set(registry.names(kind)), offered - set(registry.names(kind))


def test_test_doubles_are_not_among_the_providers_a_user_can_choose():
    choosable = {slug for slug, _name in provider_catalog.CHOICES}
    assert not choosable & {"builtin", "latency"}
    assert choosable == {
        "openai",
        "openai_compatible",
        "groq",
        "openrouter",
        "anthropic",
        "huggingface",
        "replicate",
        "runpod",
        "comfyui",
    }
