"""Per-user limits on making comics: a rate, jobs at once, pages a day; over one, nothing is created."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from comics import quotas, services
from comics.models import Comic, GenerationJob, PageCharge
from tests.http import body_of

pytestmark = pytest.mark.django_db

COMICS_URL = "/api/comics/"
IDEA = "a lighthouse keeper who befriends a storm"


@pytest.fixture
def limits(settings):
    """The shipped defaults: 3 jobs at once, 120 pages a day."""

    def set_limits(*, active=3, pages=120):
        settings.PANELCRAFT = {**settings.PANELCRAFT, "MAX_ACTIVE_JOBS": active, "MAX_PAGES_PER_DAY": pages}

    set_limits()
    return set_limits


@pytest.fixture
def create_rate(monkeypatch):
    def set_rate(rate: str):
        monkeypatch.setattr(quotas.CreateRateThrottle, "THROTTLE_RATES", {"create": rate})

    return set_rate


def post_comic(client, pages=2):
    return client.post(COMICS_URL, {"idea": IDEA, "pages": pages}, content_type="application/json")


def studio_post(client, pages=2):
    form = {"idea": IDEA, "kind": "comic", "pages": pages, "panels_per_page": 2, "style": "classic-comic"}
    return client.post(reverse("comics:studio"), {**form, "page_size": "a4-portrait", "layout": "grid"})


def test_the_shipped_defaults(settings):
    from django.conf import settings as live

    assert live.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["create"] == "30/hour"


def test_a_fourth_job_at_once_is_refused_over_the_api_with_retry_after(alice, alice_client, limits):
    for _ in range(3):
        assert post_comic(alice_client).status_code == 201

    response = post_comic(alice_client)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    detail = response.json()["detail"]
    assert "3 comics being made" in detail
    assert "Expected available" not in detail  # one sentence, not DRF's second one
    assert Comic.objects.filter(owner=alice).count() == 3
    assert PageCharge.objects.filter(owner=alice).count() == 3


def test_a_finished_or_cancelled_job_frees_its_place(alice, alice_client, limits):
    for _ in range(3):
        assert post_comic(alice_client).status_code == 201
    services.cancel_job(job=GenerationJob.objects.filter(comic__owner=alice).first())

    assert post_comic(alice_client).status_code == 201


def test_the_studio_says_so_and_keeps_the_idea(alice, alice_client, limits):
    limits(active=1)
    first = studio_post(alice_client)
    assert first.status_code == 302, first.context["form"].errors

    response = studio_post(alice_client)

    page = body_of(response).decode()
    assert response.status_code == 200
    assert "1 comics being made" in page or "already have 1" in page
    assert IDEA in page  # nothing typed is lost
    assert Comic.objects.filter(owner=alice).count() == 1


def test_pages_per_day_count_what_was_asked_even_after_a_delete(alice, alice_client, limits):
    limits(active=0, pages=10)
    assert post_comic(alice_client, pages=8).status_code == 201
    services.delete_comic(comic=Comic.objects.get(owner=alice))

    response = post_comic(alice_client, pages=4)

    assert response.status_code == 429
    detail = response.json()["detail"]
    assert "8 of your 10 pages" in detail and "needs 4" in detail
    # The 8 pages age out a day after they were asked for.
    assert 23 * 3600 < int(response["Retry-After"]) <= 24 * 3600
    assert not Comic.objects.filter(owner=alice).exists()
    assert post_comic(alice_client, pages=2).status_code == 201  # what still fits, fits


def test_pages_asked_for_more_than_a_day_ago_no_longer_count(alice, alice_client, limits):
    limits(active=0, pages=10)
    PageCharge.objects.create(owner=alice, pages=10, created_at=timezone.now() - timedelta(hours=25))

    assert post_comic(alice_client, pages=4).status_code == 201


def test_one_users_quota_is_not_anothers(alice, bob, alice_client, bob_client, limits):
    limits(active=1)
    assert post_comic(alice_client).status_code == 201
    assert post_comic(alice_client).status_code == 429

    assert post_comic(bob_client).status_code == 201


def test_the_creation_rate_is_shared_by_the_studio_and_the_api(alice, alice_client, create_rate, limits):
    limits(active=0, pages=0)
    create_rate("2/hour")
    assert post_comic(alice_client).status_code == 201
    assert studio_post(alice_client).status_code == 302

    response = post_comic(alice_client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = body_of(studio_post(alice_client)).decode()
    assert "You have started 2 comics in the last hour" in page

    assert alice_client.get(COMICS_URL).status_code == 200  # reading is not counted
    assert Comic.objects.filter(owner=alice).count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_let_exactly_the_limit_through(alice, limits):
    if connection.vendor != "postgresql":
        pytest.skip("the row lock under test needs PostgreSQL")
    limits(active=3)
    attempts = 8
    start = threading.Barrier(attempts)
    outcomes: list[str] = []

    def create():
        try:
            start.wait()
            services.create_comic(
                owner=alice, idea=IDEA, pages=1, panels_per_page=1, style="classic-comic", enqueue=False
            )
            outcomes.append("created")
        except quotas.QuotaExceeded:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["created"] * 3 + ["refused"] * 5
    assert GenerationJob.objects.filter(comic__owner=alice).count() == 3


def test_describe_says_waits_in_words():
    assert quotas.describe(40) == "40 seconds"
    assert quotas.describe(61) == "2 minutes"
    assert quotas.describe(3 * 3600) == "3 hours"
    assert quotas.describe(1) == "1 second"


def test_retrying_a_job_counts_against_the_jobs_at_once(alice, alice_client, limits):
    limits(active=1)
    assert post_comic(alice_client).status_code == 201
    first = GenerationJob.objects.get(comic__owner=alice)
    services.cancel_job(job=first)
    assert post_comic(alice_client).status_code == 201

    response = alice_client.post(f"/api/jobs/{first.pk}/retry/")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    first.refresh_from_db()
    assert first.status == GenerationJob.Status.CANCELLED
    page = body_of(alice_client.post(reverse("comics:job_retry", args=[first.pk]), follow=True)).decode()
    assert "1 comics being made" in page or "already have 1" in page


def test_an_owner_banned_meanwhile_queues_nothing(alice, limits):
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone as tz

    alice.__class__.objects.filter(pk=alice.pk).update(banned_at=tz.now(), is_active=False)

    with pytest.raises(PermissionDenied):
        services.create_comic(owner=alice, idea=IDEA, pages=1, panels_per_page=1, style="classic-comic", enqueue=False)
    assert not Comic.objects.filter(owner=alice).exists()
