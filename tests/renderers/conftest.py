"""What the provider tests share: the local fake server, the fake clock, a config pointed at them, and cleanup.

``fake_provider_config`` is a plain function, imported by the modules that
build backends (``from tests.renderers.conftest import fake_provider_config``);
each module still says its own provider, key, and anything it does differently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from comics import script
from renderers.base import TextRequest
from renderers.net import RetryPolicy, Timeouts
from renderers.providers import ProviderConfig
from tests.fake_http import FakeServer, Sleeps

# Three quick tries, and waits capped far below the production defaults.
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, jitter=0, max_delay=5, max_total_wait=10)
# Three quick tries under RetryPolicy's own caps, for tests that wait out (on the fake clock) or
# cancel during a Retry-After longer than FAST_RETRY would accept.
FAST_RETRY_DEFAULT_CAPS = RetryPolicy(attempts=3, base_delay=0.01, jitter=0)
FAKE_TIMEOUTS = Timeouts(connect=2, read=2)

Made = TypeVar("Made")


def fake_provider_config(
    url: str, *, provider: str, api_key: str, sleeps: Sleeps | None = None, **overrides: Any
) -> ProviderConfig:
    """A config for ``provider`` at ``url`` that may reach 127.0.0.1, with fast retries and short timeouts.

    Waits go to ``sleeps`` (a fresh fake clock when not given), so no test sleeps
    through a backoff; ``overrides`` replace any other field.
    """
    settings = {
        "allowed_hosts": "127.0.0.1",
        "retry": FAST_RETRY,
        "timeouts": FAKE_TIMEOUTS,
        "sleep": sleeps if sleeps is not None else Sleeps(),
        **overrides,
    }
    return ProviderConfig(provider=provider, base_url=url, api_key=api_key, **settings)


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as running:
        yield running


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def closing() -> Iterator[Callable[[Made], Made]]:
    """Hands back what it is given and closes it when the test ends, so no connection pool outlives its test."""
    made: list[Any] = []

    def keep(thing: Made) -> Made:
        made.append(thing)
        return thing

    yield keep
    for thing in made:
        thing.close()


def plan_request(idea: str, *, tone: str, pages: int = 3, **options) -> TextRequest:
    """The pipeline's own plan request for ``idea``, as a text provider receives it."""
    messages = script.plan_messages(
        idea=idea, kind="comic", pages=pages, panels_per_page=4, style_name="Ink", tone=tone
    )
    return TextRequest(
        messages=messages, schema=script.plan_schema(pages), schema_name=script.PLAN_SCHEMA_NAME, **options
    )


def page_request(idea: str, plan: script.Plan, *, tone: str, seed: int, panels: int = 4) -> TextRequest:
    """The pipeline's own request for the first page of ``plan``."""
    messages = script.page_messages(idea=idea, kind="comic", plan=plan, page_index=0, panels=panels, tone=tone)
    return TextRequest(
        messages=messages, schema=script.page_schema(panels), schema_name=script.PAGE_SCHEMA_NAME, seed=seed
    )
