"""Readers report published comics: once each, never their own, never what they cannot see."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comics.models import Comic
from gallery import moderation
from gallery.models import Report
from gallery.moderation_api import ReportRateThrottle
from tests.conftest import client_for
from tests.gallery.conftest import publish

pytestmark = pytest.mark.django_db


def hide(comic: Comic, reason="Spam") -> Comic:
    Comic.objects.filter(pk=comic.pk).update(hidden_at=timezone.now(), hidden_reason=reason)
    comic.refresh_from_db()
    return comic


@pytest.fixture
def published(alice, make_comic):
    comic, _job = make_comic(alice)
    return publish(comic)


def api_report(client, comic, **body):
    payload = {"reason": "spam", "detail": "Links to a shop on every page.", **body}
    return client.post(reverse("api:report", args=[comic.pk]), payload, content_type="application/json")


# --- The API --------------------------------------------------------------------------


def test_a_reader_reports_a_published_comic(bob, bob_client, published):
    response = api_report(bob_client, published)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["comic"] == {
        "id": published.pk,
        "title": published.display_title,
        "author": "alice",
        "author_id": published.owner_id,
        "hidden": False,
    }
    assert body["reporter"] == "bob"
    assert (body["reason"], body["detail"], body["status"], body["source"]) == (
        "spam",
        "Links to a shop on every page.",
        "open",
        "reader",
    )
    report = Report.objects.get()
    assert (report.comic_id, report.reporter_id, report.status) == (published.pk, bob.pk, "open")


def test_detail_is_optional(bob_client, published):
    response = bob_client.post(
        reverse("api:report", args=[published.pk]), {"reason": "copyright"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["detail"] == ""


def test_a_second_report_by_the_same_reader_is_a_409(bob_client, published):
    assert api_report(bob_client, published).status_code == 201

    response = api_report(bob_client, published, reason="hate")

    assert response.status_code == 409
    assert "already reported" in response.json()["detail"]
    assert Report.objects.count() == 1


def test_two_readers_may_each_report_the_same_comic(bob_client, moderator, published):
    assert api_report(bob_client, published).status_code == 201
    assert api_report(client_for(moderator), published).status_code == 201
    assert Report.objects.filter(comic=published).count() == 2


def test_a_race_the_constraint_stops_is_still_already_reported(bob, published, monkeypatch):
    """Two reports at once both pass the first check; the unique constraint stops the second."""
    moderation.file_report(reporter=bob, comic=published, reason="spam")
    monkeypatch.setattr(moderation, "already_reported", lambda **kwargs: False)

    with pytest.raises(moderation.AlreadyReported):
        moderation.file_report(reporter=bob, comic=published, reason="hate")
    assert Report.objects.count() == 1


def test_a_private_comic_cannot_be_reported_by_a_stranger(bob_client, alice, make_comic):
    comic, _job = make_comic(alice)

    assert api_report(bob_client, comic).status_code == 404
    assert not Report.objects.exists()


def test_a_hidden_comic_is_a_404_for_a_stranger(bob_client, published):
    hide(published)

    assert api_report(bob_client, published).status_code == 404


def test_nobody_reports_their_own_comic(alice_client, published):
    response = api_report(alice_client, published)

    assert response.status_code == 400
    assert "your own comic" in response.json()["detail"]
    assert not Report.objects.exists()


def test_an_unknown_reason_is_refused_with_the_field_named(bob_client, published):
    response = api_report(bob_client, published, reason="boring")

    assert response.status_code == 400
    assert "reason" in response.json()
    assert not Report.objects.exists()


def test_anonymous_reports_are_401(published):
    response = api_report(Client(), published)

    assert response.status_code == 401
    assert not Report.objects.exists()


def test_reports_are_throttled(bob_client, alice, make_comic, monkeypatch):
    monkeypatch.setattr(ReportRateThrottle, "THROTTLE_RATES", {"report": "2/hour"})
    comics = [publish(make_comic(alice, seed=seed)[0]) for seed in (1, 2, 3)]

    assert api_report(bob_client, comics[0]).status_code == 201
    assert api_report(bob_client, comics[1]).status_code == 201
    response = api_report(bob_client, comics[2])

    assert response.status_code == 429
    assert "Retry-After" in response
    assert Report.objects.count() == 2


# --- The page -------------------------------------------------------------------------


def test_anonymous_visitors_sign_in_first_and_come_back(published):
    url = reverse("gallery:report", args=[published.pk])

    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_the_page_offers_every_reason(bob_client, published):
    response = bob_client.get(reverse("gallery:report", args=[published.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    for value, label in Report.Reason.choices:
        assert f'value="{value}"' in page
        assert label in page


def test_reporting_on_the_page_files_it_and_returns_to_the_comic(bob, bob_client, published):
    response = bob_client.post(
        reverse("gallery:report", args=[published.pk]), {"reason": "violence", "detail": "Page 2."}, follow=True
    )

    assert response.redirect_chain[0] == (reverse("comics:reader", args=[published.pk]), 302)
    assert "Your report is with the moderators" in response.content.decode()
    report = Report.objects.get()
    assert (report.reporter_id, report.reason, report.detail) == (bob.pk, "violence", "Page 2.")


def test_the_page_says_plainly_when_you_already_reported(bob_client, published):
    url = reverse("gallery:report", args=[published.pk])
    bob_client.post(url, {"reason": "spam"})

    again = bob_client.post(url, {"reason": "hate"})

    assert again.status_code == 200
    assert "You already reported this comic" in again.content.decode()
    assert 'id="report-form"' not in again.content.decode()
    assert Report.objects.count() == 1


def test_the_page_keeps_what_was_typed_when_no_reason_was_chosen(bob_client, published):
    response = bob_client.post(reverse("gallery:report", args=[published.pk]), {"detail": "Stolen from my blog"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a reason." in page
    assert "Stolen from my blog" in page
    assert not Report.objects.exists()


def test_the_page_refuses_your_own_comic(alice_client, published):
    url = reverse("gallery:report", args=[published.pk])

    response = alice_client.post(url, {"reason": "spam"})

    assert response.status_code == 200
    assert "your own comic" in response.content.decode()
    assert not Report.objects.exists()


def test_the_page_is_a_404_for_a_private_comic(bob_client, alice, make_comic):
    comic, _job = make_comic(alice)

    assert bob_client.get(reverse("gallery:report", args=[comic.pk])).status_code == 404


def test_the_page_shares_the_api_rate(bob_client, alice, make_comic, monkeypatch):
    monkeypatch.setattr(ReportRateThrottle, "THROTTLE_RATES", {"report": "1/hour"})
    first, second = (publish(make_comic(alice, seed=seed)[0]) for seed in (1, 2))
    assert api_report(bob_client, first).status_code == 201

    response = bob_client.post(reverse("gallery:report", args=[second.pk]), {"reason": "spam", "detail": "Again"})

    assert response.status_code == 429
    assert "try again in" in response.content.decode()
    assert "Again" in response.content.decode()
    assert Report.objects.count() == 1


# --- The reader's "Report" link -------------------------------------------------------


def test_the_reader_offers_report_on_published_comics_of_others(bob_client, alice_client, finished_comic):
    link = reverse("gallery:report", args=[finished_comic.pk])
    assert link not in alice_client.get(finished_comic.get_absolute_url()).content.decode()  # private, hers

    publish(finished_comic)

    assert link in bob_client.get(finished_comic.get_absolute_url()).content.decode()
    assert link in Client().get(finished_comic.get_absolute_url()).content.decode()
    assert link not in alice_client.get(finished_comic.get_absolute_url()).content.decode()
