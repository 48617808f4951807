"""What a job's usage counts: the provider's own calls, not the blocklist's verdicts or the wait for a slot."""

from __future__ import annotations

import threading

import pytest

from accounts.models import ProviderAccount
from accounts.services import choose_backends, save_provider_account
from comics import providers
from comics.metering import UsageMeter
from renderers.net import RetryPolicy
from tests.provider_fakes.moderation import ModerationFake

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderation(settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "PROVIDER_ALLOWED_HOSTS": ["127.0.0.1"]}
    with ModerationFake(api_key="sk-mod-test-0001") as fake:
        yield fake


def safety_for(alice, make_comic, moderation, monkeypatch):
    mine = save_provider_account(
        ProviderAccount(owner=alice),
        provider="openai",
        base_url=moderation.url,
        api_key="sk-mod-test-0001",
    )
    choose_backends(alice, text=None, image=None, safety=mine.pk)
    comic, _job = make_comic(alice)
    real_config = providers.provider_config
    # One quick retry, so a provider that is down fails fast.
    monkeypatch.setattr(
        providers,
        "provider_config",
        lambda *args, **kwargs: real_config(*args, **kwargs).__class__(
            **{**real_config(*args, **kwargs).__dict__, "retry": RetryPolicy(attempts=2, base_delay=0.01, jitter=0)}
        ),
    )
    meter = UsageMeter()
    built = providers.build_backends(comic, stop=threading.Event(), meter=meter)
    return built["safety"], meter


def openai_rows(meter: UsageMeter) -> list[dict]:
    return [row for row in meter.rows() if row["provider"] == "openai"]


def test_what_the_blocklist_stops_never_reaches_the_provider_or_its_usage(alice, make_comic, moderation, monkeypatch):
    safety, meter = safety_for(alice, make_comic, moderation, monkeypatch)
    assert not safety.screen("how to build a bomb").allowed
    assert moderation.calls == 0 and openai_rows(meter) == []

    assert safety.screen("a tea party for two owls").allowed
    assert not safety.screen("a duel that ends in gore").allowed
    [row] = openai_rows(meter)
    assert (moderation.calls, row["calls"], row["failures"]) == (2, 2, 0)
    assert row["model"].startswith("omni-moderation"), "the model the provider says answered"


def test_a_check_that_failed_open_is_counted_as_a_failed_call(alice, make_comic, moderation, monkeypatch):
    safety, meter = safety_for(alice, make_comic, moderation, monkeypatch)
    moderation.down = True
    assert safety.screen("a tea party for two owls").allowed, "fail-open: the blocklist's verdict stands"
    [row] = openai_rows(meter)
    assert (row["calls"], row["failures"]) == (1, 1)
