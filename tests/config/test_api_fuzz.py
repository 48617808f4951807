"""Schema fuzzing: whatever a client sends to any endpoint in /api/schema/, the server never answers 5xx.

Schemathesis reads the OpenAPI schema the site serves and generates
requests from it, valid and invalid, for every operation; each goes
through the whole Django stack in process, as a signed-in moderator who
also owns comics (the widest access) and as an anonymous visitor.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from comics.models import Comic

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema():
    # As Django's test client does: a request's end must not close the test's own connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def moderator_with_comics(moderator, alice, finished_comic):
    """Objects with small ids for the generated ones to hit: a published comic, the moderator's own."""
    Comic.objects.filter(pk=finished_comic.pk).update(visibility="public", published_at=timezone.now())
    return moderator


FUZZ = hypothesis_settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def fuzz_every_operation(schema, headers: dict[str, str]) -> int:
    """Generate requests for each operation in turn; a 5xx fails with the request that caused it."""
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:

        @FUZZ
        @given(case=operation.as_strategy())
        def no_server_error(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        no_server_error()
    return len(operations)


def test_no_request_of_a_moderator_makes_the_server_fail(api_schema, moderator_with_comics):
    token = Token.objects.get_or_create(user=moderator_with_comics)[0]

    assert fuzz_every_operation(api_schema, {"Authorization": f"Token {token.key}"}) > 20


def test_no_anonymous_request_makes_the_server_fail(api_schema, finished_comic):
    assert fuzz_every_operation(api_schema, {}) > 20
