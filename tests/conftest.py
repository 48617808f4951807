"""Shared fixtures: alice owns things, bob is a stranger."""

from __future__ import annotations

import os

import pytest
from django.conf import settings as django_settings
from django.test import Client

from comics import services
from comics.models import Comic, GenerationJob

# Servers, workers and settings checks started by tests (some with DEBUG off) use this run's keys.
os.environ.setdefault("PANELCRAFT_ENCRYPTION_KEYS", ",".join(django_settings.PANELCRAFT_ENCRYPTION_KEYS))


@pytest.fixture(scope="session", autouse=True)
def _sweep_stops_before_the_test_database_goes(django_db_setup):
    """A test server's first request starts the in-process sweep; it stops while its database is still there.

    Torn down before ``django_db_setup`` drops the test database: a sweep left running would then try the
    project's own database name and print its failure after the suite's output was closed.
    """
    yield
    from comics import jobs

    jobs.stop_in_process_runner()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and other cached answers never carry over from one test to the next."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Every test writes its images and PDFs under its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Small art keeps the suite fast; page images stay print size. Tests that make many
    # comics for one user would meet the per-user quota: tests/comics/test_quotas.py sets it.
    settings.PANELCRAFT = {**settings.PANELCRAFT, "ART_LONG_SIDE": 256, "MAX_ACTIVE_JOBS": 0, "MAX_PAGES_PER_DAY": 0}


@pytest.fixture(autouse=True)
def dispatched(monkeypatch) -> list[int]:
    """Jobs handed to workers are recorded, not run: tests run the pipeline themselves."""
    from comics import jobs

    seen: list[int] = []
    monkeypatch.setattr(jobs, "dispatch", seen.append)
    return seen


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.com", "correct-horse-battery")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", "bob@example.com", "another-horse-battery")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("moderator", "mod@example.com", "staff-horse-battery", is_staff=True)


@pytest.fixture
def moderator(django_user_model):
    """A user in the Moderators group (not staff): holds gallery.moderate."""
    from django.contrib.auth.models import Group, Permission

    # Made by a migration; made again here after a transactional test's flush removed it.
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(Permission.objects.get(content_type__app_label="gallery", codename="moderate"))
    user = django_user_model.objects.create_user("mia", "mia@example.com", "moderator-horse-battery")
    user.groups.add(group)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return client_for(alice)


@pytest.fixture
def bob_client(bob):
    return client_for(bob)


@pytest.fixture
def make_comic():
    """Create a comic and its job without starting it (tests run it themselves)."""

    def make(owner, idea="a shy dragon who opens a tiny tea shop", **options) -> tuple[Comic, GenerationJob]:
        params = {"pages": 2, "panels_per_page": 2, "style": "classic-comic", "seed": 7, **options}
        return services.create_comic(owner=owner, idea=idea, enqueue=False, **params)

    return make


@pytest.fixture
def finished_comic(alice, make_comic):
    """A small comic made by the built-in backends, start to finish."""
    from comics.pipeline import run_job

    comic, job = make_comic(alice)
    job = run_job(job.pk)
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    comic.refresh_from_db()
    return comic


def redis_url_for_tests() -> str | None:
    """The Redis the tests may use; each parallel test process (pytest-xdist) gets a database of its own."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        return None
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    base, _, db = url.rpartition("/")
    return f"{base}/{(int(db or 0) + int(worker[2:])) % 16}"
