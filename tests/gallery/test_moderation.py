"""What moderators do on the site, and what everyone else then sees (and may not do)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comics.models import Comic
from gallery import moderation
from gallery.models import ModerationAction, Report
from tests.conftest import client_for
from tests.gallery.conftest import publish
from tests.http import body_of

pytestmark = pytest.mark.django_db


def public_urls(comic: Comic) -> list[str]:
    return [
        reverse("comics:reader", args=[comic.pk]),
        reverse("comics:cover", args=[comic.pk]),
        reverse("comics:page_image", args=[comic.pk, 1]),
        reverse("comics:pdf", args=[comic.pk]),
    ]


def opens(client, url: str) -> bool:
    response = client.get(url)
    body_of(response)
    return response.status_code == 200


@pytest.fixture
def published(finished_comic):
    return publish(finished_comic)


@pytest.fixture
def listed(alice, make_comic):
    """Published without being made: enough wherever the reader and its files are not opened."""
    return publish(make_comic(alice)[0])


@pytest.fixture
def mod_client(moderator):
    return client_for(moderator)


# --- Hiding ---------------------------------------------------------------------------


def test_a_hidden_comic_is_gone_for_the_public_but_not_for_its_owner_or_moderators(
    published, mod_client, alice_client, bob_client
):
    anonymous = Client()
    assert all(opens(anonymous, url) and opens(bob_client, url) for url in public_urls(published))

    response = mod_client.post(
        reverse("gallery:moderate_comic", args=[published.pk, "hide"]), {"reason": "Copied from a real artist."}
    )
    assert response.status_code == 302

    for url in public_urls(published):
        assert anonymous.get(url).status_code == 404, url
        assert bob_client.get(url).status_code == 404, url
        assert opens(alice_client, url), url
        assert opens(mod_client, url), url


def test_the_owner_sees_that_it_is_hidden_and_why(published, moderator, alice_client, bob_client):
    moderation.hide_comic(moderator=moderator, comic=published, reason="Copied from a real artist.")

    page = alice_client.get(published.get_absolute_url()).content.decode()

    assert "Hidden by a moderator:" in page
    assert "Copied from a real artist." in page


def test_a_hidden_comic_leaves_the_gallery_listing(listed, moderator):
    assert Comic.objects.published().filter(pk=listed.pk).exists()

    moderation.hide_comic(moderator=moderator, comic=listed, reason="Spam")

    assert not Comic.objects.published().filter(pk=listed.pk).exists()


def test_unhiding_puts_it_back(published, moderator, mod_client):
    moderation.hide_comic(moderator=moderator, comic=published, reason="Spam")

    mod_client.post(reverse("gallery:moderate_comic", args=[published.pk, "unhide"]))

    published.refresh_from_db()
    assert not published.is_hidden and published.hidden_reason == ""
    assert opens(Client(), published.get_absolute_url())


def test_hiding_needs_a_reason_and_changes_nothing_without_one(listed, mod_client):
    response = mod_client.post(
        reverse("gallery:moderate_comic", args=[listed.pk, "hide"]), {"reason": "  "}, follow=True
    )

    assert "Say why you are hiding it" in response.content.decode()
    listed.refresh_from_db()
    assert not listed.is_hidden
    assert not ModerationAction.objects.exists()


def test_hiding_resolves_the_comics_open_reports_and_unfeatures_it(listed, moderator, bob):
    moderation.feature_comic(moderator=moderator, comic=listed)
    report = moderation.file_report(reporter=bob, comic=listed, reason="spam")

    moderation.hide_comic(moderator=moderator, comic=listed, reason="Spam")

    report.refresh_from_db()
    listed.refresh_from_db()
    assert (report.status, report.handled_by_id) == ("resolved", moderator.pk)
    assert not listed.is_featured
    assert ModerationAction.objects.filter(action="resolve", target_type="report", target_id=report.pk).exists()


def test_a_hidden_comic_cannot_be_hidden_twice(listed, moderator, mod_client):
    moderation.hide_comic(moderator=moderator, comic=listed, reason="Spam")

    response = mod_client.post(
        reverse("gallery:moderate_comic", args=[listed.pk, "hide"]), {"reason": "Again"}, follow=True
    )

    assert "already hidden" in response.content.decode()
    assert ModerationAction.objects.filter(action="hide").count() == 1


# --- Featuring ------------------------------------------------------------------------


def test_featuring_only_takes_what_the_public_can_read(alice, make_comic, moderator, mod_client):
    comic, _job = make_comic(alice)

    response = mod_client.post(reverse("gallery:moderate_comic", args=[comic.pk, "feature"]), follow=True)

    assert "Only a published comic" in response.content.decode()
    comic.refresh_from_db()
    assert not comic.is_featured

    publish(comic)
    mod_client.post(reverse("gallery:moderate_comic", args=[comic.pk, "feature"]))
    comic.refresh_from_db()
    assert comic.is_featured

    mod_client.post(reverse("gallery:moderate_comic", args=[comic.pk, "unfeature"]))
    comic.refresh_from_db()
    assert not comic.is_featured


# --- The queue ------------------------------------------------------------------------


def test_the_queue_groups_open_reports_by_comic(alice, bob, staff, make_comic, moderator, mod_client):
    first = publish(make_comic(alice, seed=1)[0])
    second = publish(make_comic(alice, seed=2)[0])
    spam = moderation.file_report(reporter=bob, comic=first, reason="spam", detail="Shop links everywhere")
    moderation.file_report(reporter=staff, comic=first, reason="copyright")
    moderation.file_safety_report(comic=second, what="the idea", reason="Hateful.", category="hate")
    closed = moderation.file_report(reporter=bob, comic=second, reason="other", detail="Closed already")
    moderation.dismiss_report(moderator=moderator, report=closed)

    response = mod_client.get(reverse("gallery:queue"))

    assert response.status_code == 200
    comics = list(response.context["comics"])
    assert [comic.pk for comic in comics] == [first.pk, second.pk]  # the longest waiting first
    assert [len(comic.open_reports) for comic in comics] == [2, 1]
    page = response.content.decode()
    assert "Shop links everywhere" in page
    assert "Safety check" in page
    assert "Closed already" not in page
    for action in ("hide", "feature"):
        assert reverse("gallery:moderate_comic", args=[first.pk, action]) in page
    assert reverse("gallery:moderate_user", args=[alice.pk, "ban"]) in page
    for action in ("resolve", "dismiss"):
        assert reverse("gallery:moderate_report", args=[spam.pk, action]) in page


def test_queue_queries_stay_constant(alice, bob, make_comic, mod_client, django_assert_max_num_queries):
    for seed in range(5):
        moderation.file_report(reporter=bob, comic=publish(make_comic(alice, seed=seed)[0]), reason="spam")

    with django_assert_max_num_queries(12):
        assert mod_client.get(reverse("gallery:queue")).status_code == 200


def test_resolving_from_the_queue_comes_back_with_a_message(listed, bob, moderator, mod_client):
    report = moderation.file_report(reporter=bob, comic=listed, reason="spam")

    response = mod_client.post(
        reverse("gallery:moderate_report", args=[report.pk, "resolve"]),
        {"next": reverse("gallery:queue")},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("gallery:queue"), 302)]
    assert "is resolved" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "resolved"


def test_a_closed_report_cannot_be_closed_again(listed, bob, moderator, mod_client):
    report = moderation.file_report(reporter=bob, comic=listed, reason="spam")
    moderation.dismiss_report(moderator=moderator, report=report)

    response = mod_client.post(reverse("gallery:moderate_report", args=[report.pk, "resolve"]), follow=True)

    assert "already dismissed" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "dismissed"


def test_actions_from_the_reader_return_to_the_reader(published, mod_client):
    reader = published.get_absolute_url()
    page = mod_client.get(reader).content.decode()
    assert reverse("gallery:moderate_comic", args=[published.pk, "hide"]) in page

    response = mod_client.post(
        reverse("gallery:moderate_comic", args=[published.pk, "hide"]), {"reason": "Spam", "next": reader}
    )

    assert response["Location"] == reader


def test_next_never_leaves_the_site(listed, mod_client):
    response = mod_client.post(
        reverse("gallery:moderate_comic", args=[listed.pk, "feature"]), {"next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("gallery:queue")


def test_readers_see_no_moderation_buttons(published, bob_client, staff):
    for client in (bob_client, client_for(staff), Client()):
        page = client.get(published.get_absolute_url()).content.decode()
        assert reverse("gallery:moderate_comic", args=[published.pk, "hide"]) not in page


def test_an_unknown_action_is_a_404(listed, mod_client):
    assert mod_client.post(reverse("gallery:moderate_comic", args=[listed.pk, "delete"])).status_code == 404


def test_actions_are_post_only(listed, mod_client):
    assert mod_client.get(reverse("gallery:moderate_comic", args=[listed.pk, "feature"])).status_code == 405


def test_actions_need_the_csrf_token(listed, moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)

    response = client.post(reverse("gallery:moderate_comic", args=[listed.pk, "hide"]), {"reason": "Spam"})

    assert response.status_code == 403
    listed.refresh_from_db()
    assert not listed.is_hidden


def queue_item(page: str, comic: Comic) -> str:
    return page.split(f'id="queue-comic-{comic.pk}"', 1)[1].split('id="queue-comic-', 1)[0].split("</ol>", 1)[0]


def test_a_banned_authors_comic_is_not_shown_as_published_in_the_queue(listed, alice, bob, moderator, mod_client):
    moderation.file_report(reporter=bob, comic=listed, reason="spam")
    moderation.ban_user(moderator=moderator, user=alice, reason="Spam shop")

    item = queue_item(mod_client.get(reverse("gallery:queue")).content.decode(), listed)

    assert "Author banned" in item
    assert ">Published<" not in item


def acts_group(item: str, which: str) -> str:
    return item.split(f'data-acts="{which}"', 1)[1].split("</section>", 1)[0]


def test_a_cards_acts_keep_the_comics_apart_from_its_authors(listed, alice, bob, mod_client):
    moderation.file_report(reporter=bob, comic=listed, reason="spam")

    item = queue_item(mod_client.get(reverse("gallery:queue")).content.decode(), listed)

    comic_acts, author_acts = acts_group(item, "comic"), acts_group(item, "author")
    assert "This comic" in comic_acts and f"Its author, {alice.username}" in author_acts
    for action in ("hide", "feature"):
        assert reverse("gallery:moderate_comic", args=[listed.pk, action]) in comic_acts
        assert reverse("gallery:moderate_comic", args=[listed.pk, action]) not in author_acts
    assert reverse("gallery:moderate_user", args=[alice.pk, "ban"]) in author_acts
    assert reverse("gallery:moderate_user", args=[alice.pk, "ban"]) not in comic_acts


# --- Hidden and featured tabs -----------------------------------------------------------


def tab_item(page: str, tab: str, comic: Comic) -> str:
    marker = f'id="{tab}-comic-{comic.pk}"'
    assert marker in page, f"{comic.display_title} is not listed"
    return page.split(marker, 1)[1].split(f'id="{tab}-comic-', 1)[0]


def test_a_hidden_comic_is_listed_with_when_who_why_and_unhide(listed, moderator, mod_client):
    moderation.hide_comic(moderator=moderator, comic=listed, reason="Copied from a real artist.")
    assert f'id="queue-comic-{listed.pk}"' not in mod_client.get(reverse("gallery:queue")).content.decode()

    response = mod_client.get(reverse("gallery:queue"), {"show": "hidden"})

    assert response.status_code == 200
    item = tab_item(response.content.decode(), "hidden", listed)
    listed.refresh_from_db()
    assert listed.display_title in item
    assert listed.hidden_at.isoformat() in item
    assert f"<dd>{moderator.username}</dd>" in item
    assert "Copied from a real artist." in item
    assert reverse("gallery:moderate_comic", args=[listed.pk, "unhide"]) in item
    assert f'name="next" value="{reverse("gallery:queue")}?show=hidden"' in item


def test_unhiding_from_the_hidden_tab_comes_back_to_it(listed, moderator, mod_client):
    moderation.hide_comic(moderator=moderator, comic=listed, reason="Spam")
    here = f"{reverse('gallery:queue')}?show=hidden"

    response = mod_client.post(
        reverse("gallery:moderate_comic", args=[listed.pk, "unhide"]),
        {"next": here, "reason": "Appeal upheld"},
        follow=True,
    )

    assert response.redirect_chain == [(here, 302)]
    page = response.content.decode()
    assert "is no longer hidden" in page
    assert f'id="hidden-comic-{listed.pk}"' not in page and 'id="hidden-empty"' in page
    listed.refresh_from_db()
    assert not listed.is_hidden
    assert ModerationAction.objects.filter(action="unhide", target_id=listed.pk, reason="Appeal upheld").exists()


def test_the_hidden_tab_names_the_moderator_of_the_latest_hide(listed, moderator, mod_client, django_user_model):
    moderation.hide_comic(moderator=moderator, comic=listed, reason="First time")
    moderation.unhide_comic(moderator=moderator, comic=listed)
    other = django_user_model.objects.create_superuser("second-mod", password="boss-horse-battery")
    moderation.hide_comic(moderator=other, comic=listed, reason="Second time")

    item = tab_item(mod_client.get(reverse("gallery:queue"), {"show": "hidden"}).content.decode(), "hidden", listed)

    assert "<dd>second-mod</dd>" in item and "Second time" in item
    assert f"<dd>{moderator.username}</dd>" not in item


def test_a_comic_hidden_outside_the_log_is_still_listed(listed, mod_client):
    Comic.objects.filter(pk=listed.pk).update(hidden_at=timezone.now(), hidden_reason="Set by hand")

    item = tab_item(mod_client.get(reverse("gallery:queue"), {"show": "hidden"}).content.decode(), "hidden", listed)

    assert "not in the audit log" in item and "Set by hand" in item


def test_a_featured_comic_is_listed_with_unfeature_and_unfeatured_from_there(listed, moderator, mod_client):
    moderation.feature_comic(moderator=moderator, comic=listed)
    here = f"{reverse('gallery:queue')}?show=featured"

    item = tab_item(mod_client.get(here).content.decode(), "featured", listed)

    listed.refresh_from_db()
    assert listed.featured_at.isoformat() in item and f"<dd>{moderator.username}</dd>" in item
    assert reverse("gallery:moderate_comic", args=[listed.pk, "unfeature"]) in item
    response = mod_client.post(
        reverse("gallery:moderate_comic", args=[listed.pk, "unfeature"]), {"next": here}, follow=True
    )
    assert response.redirect_chain == [(here, 302)]
    assert 'id="featured-empty"' in response.content.decode()
    listed.refresh_from_db()
    assert not listed.is_featured


def test_the_tabs_list_only_their_own_comics(alice, make_comic, moderator, mod_client):
    hidden = publish(make_comic(alice, seed=1)[0])
    featured = publish(make_comic(alice, seed=2)[0])
    moderation.hide_comic(moderator=moderator, comic=hidden, reason="Spam")
    moderation.feature_comic(moderator=moderator, comic=featured)

    hidden_tab = mod_client.get(reverse("gallery:queue"), {"show": "hidden"})
    featured_tab = mod_client.get(reverse("gallery:queue"), {"show": "featured"})

    assert [comic.pk for comic in hidden_tab.context["comics"]] == [hidden.pk]
    assert [comic.pk for comic in featured_tab.context["comics"]] == [featured.pk]
    assert 'aria-current="page">Hidden<' in hidden_tab.content.decode()
    assert 'aria-current="page">Featured<' in featured_tab.content.decode()


def test_an_unknown_tab_shows_the_open_reports(listed, bob, mod_client):
    moderation.file_report(reporter=bob, comic=listed, reason="spam")

    response = mod_client.get(reverse("gallery:queue"), {"show": "everything"})

    assert response.status_code == 200
    assert f'id="queue-comic-{listed.pk}"' in response.content.decode()


def test_the_hidden_tab_pages_keep_the_tab(alice, make_comic, moderator, mod_client):
    comics = [publish(make_comic(alice, seed=seed)[0]) for seed in range(21)]
    for comic in comics:
        moderation.hide_comic(moderator=moderator, comic=comic, reason="Spam")

    first = mod_client.get(reverse("gallery:queue"), {"show": "hidden"})
    second = mod_client.get(reverse("gallery:queue"), {"show": "hidden", "page": 2})

    assert "21 hidden comics" in first.content.decode()
    assert 'href="?show=hidden&amp;page=2"' in first.content.decode()
    assert [comic.pk for comic in second.context["comics"]] == [comics[0].pk]  # the first hidden is the last listed


@pytest.mark.parametrize("show", ["hidden", "featured"])
def test_the_tabs_queries_stay_constant(show, alice, make_comic, moderator, mod_client):
    def hide_or_feature(count: int) -> None:
        for _ in range(count):
            comic = publish(make_comic(alice)[0])
            if show == "hidden":
                moderation.hide_comic(moderator=moderator, comic=comic, reason="Spam")
            else:
                moderation.feature_comic(moderator=moderator, comic=comic)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert mod_client.get(reverse("gallery:queue"), {"show": show}).status_code == 200
        return len(captured)

    hide_or_feature(1)
    one = queries()
    hide_or_feature(6)
    assert queries() == one


# --- People ---------------------------------------------------------------------------


def person_item(page: str, user) -> str:
    assert f'id="person-{user.pk}"' in page, f"{user.username} is not listed"
    return page.split(f'id="person-{user.pk}"', 1)[1].split('id="person-', 1)[0]


def test_the_queue_and_the_audit_log_link_to_the_people_page(mod_client):
    people = reverse("gallery:people")
    for url in (reverse("gallery:queue"), reverse("gallery:audit")):
        assert f'href="{people}"' in mod_client.get(url).content.decode(), url


def test_the_people_page_lists_the_banned_with_why_and_when(alice, bob, moderator, mod_client):
    moderation.ban_user(moderator=moderator, user=bob, reason="Files spam reports")

    response = mod_client.get(reverse("gallery:people"))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="person-{alice.pk}"' not in page, "without a search, only the banned are listed"
    item = person_item(page, bob)
    assert "Banned" in item and "Files spam reports" in item
    bob.refresh_from_db()
    assert bob.banned_at.isoformat() in item
    assert reverse("gallery:moderate_user", args=[bob.pk, "unban"]) in item


def test_people_are_found_by_username_or_display_name(alice, bob, mod_client, django_user_model):
    bob.display_name = "Spam King"
    bob.save()
    carol = django_user_model.objects.create_user("carol")

    by_name = mod_client.get(reverse("gallery:people"), {"q": "spam"}).content.decode()
    by_username = mod_client.get(reverse("gallery:people"), {"q": "ALI"}).content.decode()

    assert f'id="person-{bob.pk}"' in by_name and f'id="person-{alice.pk}"' not in by_name
    assert f'id="person-{alice.pk}"' in by_username and f'id="person-{carol.pk}"' not in by_username
    item = person_item(by_name, bob)
    assert "Active" in item
    assert reverse("gallery:moderate_user", args=[bob.pk, "ban"]) in item
    assert 'name="reason"' in item and "required" in item


def test_a_user_who_only_files_reports_is_banned_from_the_people_page(listed, bob, moderator, mod_client):
    moderation.file_report(reporter=bob, comic=listed, reason="spam")
    here = f"{reverse('gallery:people')}?q=bob"
    assert "1 report filed" in person_item(mod_client.get(here).content.decode(), bob)

    response = mod_client.post(
        reverse("gallery:moderate_user", args=[bob.pk, "ban"]), {"reason": "Report spam", "next": here}, follow=True
    )

    assert response.redirect_chain == [(here, 302)]
    assert "bob is banned" in response.content.decode()
    bob.refresh_from_db()
    assert bob.is_banned and bob.ban_reason == "Report spam"
    assert ModerationAction.objects.filter(action="ban", target_id=bob.pk, reason="Report spam").exists()


def test_a_ban_without_a_reason_changes_nothing(bob, mod_client):
    here = f"{reverse('gallery:people')}?q=bob"

    response = mod_client.post(reverse("gallery:moderate_user", args=[bob.pk, "ban"]), {"next": here}, follow=True)

    assert response.redirect_chain == [(here, 302)]
    assert "message-error" in response.content.decode()
    bob.refresh_from_db()
    assert not bob.is_banned


def test_anyone_banned_is_unbanned_from_the_people_page_with_the_queue_empty(alice, moderator, mod_client):
    moderation.ban_user(moderator=moderator, user=alice, reason="Mistake")
    assert "queue-empty" in mod_client.get(reverse("gallery:queue")).content.decode()
    people = reverse("gallery:people")

    response = mod_client.post(
        reverse("gallery:moderate_user", args=[alice.pk, "unban"]), {"reason": "Appeal upheld", "next": people}
    )

    assert response["Location"] == people
    alice.refresh_from_db()
    assert not alice.is_banned and alice.is_active
    assert f'id="person-{alice.pk}"' not in mod_client.get(people).content.decode()


def test_the_people_page_offers_no_ban_of_oneself_or_a_superuser(moderator, mod_client, django_user_model):
    boss = django_user_model.objects.create_superuser("mira-admin", password="boss-horse-battery")

    page = mod_client.get(reverse("gallery:people"), {"q": "mi"}).content.decode()

    assert reverse("gallery:moderate_user", args=[moderator.pk, "ban"]) not in page
    assert reverse("gallery:moderate_user", args=[boss.pk, "ban"]) not in page
    assert "This is you." in person_item(page, moderator)


def test_people_page_links_keep_the_search(mod_client, django_user_model):
    for n in range(35):
        django_user_model.objects.create_user(f"spammer{n:02d}")

    page = mod_client.get(reverse("gallery:people"), {"q": "spammer"}).content.decode()

    assert "35 people found" in page
    assert 'href="?q=spammer&amp;page=2"' in page


# --- Who may --------------------------------------------------------------------------


def moderation_pages(comic: Comic, report: Report, user) -> list[tuple[str, str]]:
    return [
        ("get", reverse("gallery:queue")),
        ("get", reverse("gallery:audit")),
        ("get", reverse("gallery:people")),
        *[
            ("post", reverse("gallery:moderate_comic", args=[comic.pk, a]))
            for a in ("hide", "unhide", "feature", "unfeature")
        ],
        *[("post", reverse("gallery:moderate_report", args=[report.pk, a])) for a in ("resolve", "dismiss")],
        *[("post", reverse("gallery:moderate_user", args=[user.pk, a])) for a in ("ban", "unban")],
    ]


@pytest.mark.parametrize("who", ["staff", "bob"])
def test_only_moderators_open_the_pages_or_act(who, request, listed, bob, alice):
    report = moderation.file_report(reporter=bob, comic=listed, reason="spam")
    client = client_for(request.getfixturevalue(who))

    for method, url in moderation_pages(listed, report, alice):
        assert getattr(client, method)(url, {"reason": "Because"}).status_code == 403, url

    listed.refresh_from_db()
    alice.refresh_from_db()
    report.refresh_from_db()
    assert not listed.is_hidden and not listed.is_featured and not alice.is_banned
    assert report.status == "open"
    assert not ModerationAction.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(listed, bob, alice):
    report = moderation.file_report(reporter=bob, comic=listed, reason="spam")

    for method, url in moderation_pages(listed, report, alice):
        response = getattr(Client(), method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_the_nav_shows_moderation_to_moderators_only(mod_client, staff):
    queue = reverse("gallery:queue")
    assert queue in mod_client.get(reverse("gallery:audit")).content.decode()
    assert queue not in client_for(staff).get(reverse("comics:shelf")).content.decode()


# --- Reporting from the reader ----------------------------------------------------------


def test_the_reader_says_you_reported_it_instead_of_offering_to_report_again(published, bob_client):
    reader = published.get_absolute_url()
    page = bob_client.get(reader).content.decode()
    assert 'id="report-link"' in page and "You reported this comic" not in page

    bob_client.post(reverse("gallery:report", args=[published.pk]), {"reason": "spam"})

    page = bob_client.get(reader).content.decode()
    assert "You reported this comic" in page
    assert 'id="report-link"' not in page


def test_another_readers_report_leaves_the_link(published, bob, django_user_model):
    moderation.file_report(reporter=bob, comic=published, reason="spam")
    carol = django_user_model.objects.create_user("carol")

    page = client_for(carol).get(published.get_absolute_url()).content.decode()

    assert 'id="report-link"' in page and "You reported this comic" not in page
