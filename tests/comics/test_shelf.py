"""My shelf: every comic a user made, a page at a time, filtered, counted right, with its actions."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comics import views
from comics.models import Comic, GenerationJob

pytestmark = pytest.mark.django_db

SHELF = "/shelf/"


def card_ids(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'<li class="shelf-card[^"]*" data-comic="(\d+)">', page)]


def card_of(page: str, comic_id: int) -> str:
    found = re.search(rf'<li class="shelf-card[^"]*" data-comic="{comic_id}">(.*?)</li>', page, re.S)
    assert found, f"no card for comic {comic_id}"
    return found.group(1)


def page_links(page: str) -> list[str]:
    nav = re.search(r'<nav class="shelf-pagination".*?</nav>', page, re.S)
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', nav.group(0))] if nav else []


def get(client, url=SHELF, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def make_many(make_comic, owner, count: int, **options) -> list[Comic]:
    return [make_comic(owner, idea=f"idea number {n}", **options)[0] for n in range(count)]


def set_latest_status(comic: Comic, status: str) -> None:
    GenerationJob.objects.filter(comic=comic).update(status=status)


# --- Pages and counts ---------------------------------------------------------------------


def test_the_shelf_shows_24_a_page_newest_first_and_counts_them_all(alice, alice_client, make_comic):
    comics = make_many(make_comic, alice, 26)

    first = get(alice_client)
    second = get(alice_client, page=2)

    newest_first = [comic.pk for comic in reversed(comics)]
    assert card_ids(first) == newest_first[:24]
    assert card_ids(second) == newest_first[24:]
    for page in (first, second):
        assert "26 comics, newest first." in page, "the count is over every page, not this one"
    assert "?page=2" in page_links(first)
    assert "?page=1" in page_links(second)


def test_page_links_keep_the_filters(alice, alice_client, make_comic, monkeypatch):
    monkeypatch.setattr(views, "SHELF_PAGE_SIZE", 2)
    books = make_many(make_comic, alice, 5, kind="picture_book", panels_per_page=1)
    make_many(make_comic, alice, 3)

    first = get(alice_client, kind="picture_book")

    assert card_ids(first) == [books[4].pk, books[3].pk]
    assert "5 comics match these filters" in first
    assert "?kind=picture_book&page=2" in page_links(first)
    assert "?kind=picture_book&page=3" in page_links(first)
    last = get(alice_client, kind="picture_book", page=3)
    assert card_ids(last) == [books[0].pk]
    assert "?kind=picture_book&page=2" in page_links(last)


def test_a_page_past_the_end_shows_the_last_one(alice, alice_client, make_comic, monkeypatch):
    monkeypatch.setattr(views, "SHELF_PAGE_SIZE", 2)
    comics = make_many(make_comic, alice, 3)

    assert card_ids(get(alice_client, page=99)) == [comics[0].pk]
    assert card_ids(get(alice_client, page="two")) == [comics[2].pk, comics[1].pk]


def test_one_page_has_no_page_links(alice, alice_client, make_comic):
    make_many(make_comic, alice, 3)

    page = get(alice_client)

    assert page_links(page) == []
    assert "3 comics, newest first." in page


# --- Filters --------------------------------------------------------------------------------


def test_filter_by_kind(alice, alice_client, make_comic):
    comic, _ = make_comic(alice)
    book, _ = make_comic(alice, kind="picture_book", panels_per_page=1)

    assert card_ids(get(alice_client, kind="comic")) == [comic.pk]
    assert card_ids(get(alice_client, kind="picture_book")) == [book.pk]
    assert card_ids(get(alice_client)) == [book.pk, comic.pk]


def test_filter_by_the_latest_jobs_status(alice, alice_client, make_comic):
    queued, _ = make_comic(alice)
    failed, _ = make_comic(alice)
    set_latest_status(failed, GenerationJob.Status.FAILED)
    # Failed once, then retried: its latest job is what counts.
    retried, _ = make_comic(alice)
    set_latest_status(retried, GenerationJob.Status.FAILED)
    GenerationJob.objects.create(comic=retried, status=GenerationJob.Status.RUNNING)

    assert card_ids(get(alice_client, status="failed")) == [failed.pk]
    assert card_ids(get(alice_client, status="running")) == [retried.pk]
    assert card_ids(get(alice_client, status="queued")) == [queued.pk]
    assert card_ids(get(alice_client, status="queued", kind="picture_book")) == []


def test_a_ready_comic_is_found_by_its_status(finished_comic, alice, alice_client, make_comic):
    make_comic(alice)

    page = get(alice_client, status="succeeded")

    assert card_ids(page) == [finished_comic.pk]
    assert "1 comic matches these filters" in page


def test_a_filter_matching_nothing_says_so_and_offers_everything(alice, alice_client, make_comic):
    make_comic(alice)

    page = get(alice_client, status="cancelled")

    assert card_ids(page) == []
    assert "Nothing matches these filters" in page
    assert "Your shelf is empty" not in page
    assert 'href="/shelf/"' in page


def test_an_unknown_filter_value_is_said_and_ignored(alice, alice_client, make_comic):
    comic, _ = make_comic(alice)

    page = html.unescape(get(alice_client, kind="novel"))

    assert card_ids(page) == [comic.pk], "a bad filter does not empty the shelf"
    assert "There is no kind “novel”; showing every comic." in page
    assert "Select a valid choice" not in page


def test_an_unknown_status_is_said_plainly(alice, alice_client, make_comic):
    comic, _ = make_comic(alice)

    page = html.unescape(get(alice_client, status="zzz"))

    assert card_ids(page) == [comic.pk]
    assert "There is no status “zzz”; showing every comic." in page
    assert "is not one of the available choices" not in page


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"kind": "picture_book"}, "None of your comics is of this kind."),
        ({"status": "cancelled"}, "None of your comics has this status."),
        ({"kind": "picture_book", "status": "cancelled"}, "None of your comics is of this kind with this status."),
        ({"kind": "picture_book", "status": "zzz"}, "None of your comics is of this kind."),
    ],
)
def test_nothing_matching_names_only_the_filters_set(alice, alice_client, make_comic, params, said):
    make_comic(alice)

    page = html.unescape(get(alice_client, **params))

    assert card_ids(page) == []
    assert said in page
    assert page.count("None of your comics") == 1


def test_an_empty_shelf_invites_to_make_one(alice_client):
    page = get(alice_client)

    assert "Your shelf is empty" in page
    assert "shelf-filters" not in page


# --- What a card shows ---------------------------------------------------------------------------


def test_a_card_shows_style_pages_likes_visibility_and_its_links(finished_comic, alice_client):
    Comic.objects.filter(pk=finished_comic.pk).update(like_count=3)

    card = card_of(get(alice_client), finished_comic.pk)

    assert "Classic comic" in card
    assert "2 pages" in card
    assert "3 likes" in card
    assert "Private" in card and "Published" not in card
    assert reverse("comics:reader", args=[finished_comic.pk]) in card
    assert reverse("comics:job", args=[finished_comic.latest_job().pk]) in card
    assert finished_comic.cover_url() in html.unescape(card)
    assert reverse("comics:publish", args=[finished_comic.pk]) in card
    assert reverse("comics:rename", args=[finished_comic.pk]) in card
    assert reverse("comics:delete", args=[finished_comic.pk]) in card


def test_a_published_card_offers_unpublish(finished_comic, alice_client):
    Comic.objects.filter(pk=finished_comic.pk).update(visibility="public", published_at=timezone.now())

    card = card_of(get(alice_client), finished_comic.pk)

    assert "Published" in card
    assert reverse("comics:unpublish", args=[finished_comic.pk]) in card
    assert reverse("comics:publish", args=[finished_comic.pk]) not in card


def test_a_hidden_comic_says_so_with_the_reason(finished_comic, alice_client):
    Comic.objects.filter(pk=finished_comic.pk).update(
        visibility="public", published_at=timezone.now(), hidden_at=timezone.now(), hidden_reason="Looks like spam."
    )

    card = card_of(get(alice_client), finished_comic.pk)

    assert "Hidden by a moderator" in card
    assert "Looks like spam." in card


def test_an_unfinished_comic_cannot_be_published_and_says_why(alice, alice_client, make_comic):
    comic, _ = make_comic(alice)

    card = card_of(get(alice_client), comic.pk)

    assert reverse("comics:publish", args=[comic.pk]) not in card
    assert re.search(r"<button[^>]*disabled[^>]*>Publish</button>", card)
    assert "It can be published once it is finished." in card


def test_the_number_of_queries_does_not_grow_with_the_cards(alice, alice_client, make_comic):
    def queries_for_shelf() -> int:
        with CaptureQueriesContext(connection) as captured:
            get(alice_client)
        return len(captured)

    make_many(make_comic, alice, 2)
    few = queries_for_shelf()
    make_many(make_comic, alice, 20)
    many = queries_for_shelf()

    assert many == few


# --- Actions ------------------------------------------------------------------------------------

BACK = "/shelf/?kind=comic&page=2"


def test_publishing_from_the_shelf_goes_back_to_the_same_page(finished_comic, alice_client):
    response = alice_client.post(reverse("comics:publish", args=[finished_comic.pk]), {"next": BACK}, follow=True)

    assert response.redirect_chain == [(BACK, 302)]
    finished_comic.refresh_from_db()
    assert finished_comic.is_public and finished_comic.published_at is not None
    assert "is published" in html.unescape(response.content.decode())


def test_publishing_a_comic_a_moderator_hid_says_once_who_can_read_it(finished_comic, alice_client):
    Comic.objects.filter(pk=finished_comic.pk).update(hidden_at=timezone.now(), hidden_reason="Spam")

    response = alice_client.post(reverse("comics:publish", args=[finished_comic.pk]), {"next": BACK}, follow=True)

    message = html.unescape(re.search(r'<p class="message[^"]*"[^>]*>(.*?)</p>', response.content.decode()).group(1))
    assert message == (
        f"“{finished_comic.title}” is published, but a moderator has hidden it: "
        "only you and the moderators can read it until it is unhidden."
    )
    assert "anyone" not in message


def test_unpublishing_from_the_shelf(finished_comic, alice_client):
    Comic.objects.filter(pk=finished_comic.pk).update(visibility="public", published_at=timezone.now())

    response = alice_client.post(reverse("comics:unpublish", args=[finished_comic.pk]), {"next": BACK})

    assert response.status_code == 302 and response["Location"] == BACK
    finished_comic.refresh_from_db()
    assert not finished_comic.is_public


def test_publishing_an_unfinished_comic_is_refused_in_words(alice, alice_client, make_comic):
    comic, _ = make_comic(alice)

    response = alice_client.post(reverse("comics:publish", args=[comic.pk]), {"next": BACK}, follow=True)

    assert response.redirect_chain == [(BACK, 302)]
    assert "Only a finished comic can be published" in response.content.decode()
    comic.refresh_from_db()
    assert not comic.is_public


def test_renaming_from_the_shelf(finished_comic, alice_client):
    response = alice_client.post(
        reverse("comics:rename", args=[finished_comic.pk]), {"title": "  The Dragon's Tea  ", "next": BACK}, follow=True
    )

    assert response.redirect_chain == [(BACK, 302)]
    finished_comic.refresh_from_db()
    assert finished_comic.title == "The Dragon's Tea"
    assert "Renamed to “The Dragon&#x27;s Tea”." in response.content.decode()


@pytest.mark.parametrize(
    ("title", "message"),
    [("   ", "Type a title for your comic."), ("x" * 201, "Keep the title to 200 characters at most")],
)
def test_a_bad_title_keeps_the_old_one_and_says_why(finished_comic, alice_client, title, message):
    old = finished_comic.title

    response = alice_client.post(
        reverse("comics:rename", args=[finished_comic.pk]), {"title": title, "next": BACK}, follow=True
    )

    assert response.redirect_chain == [(BACK, 302)]
    assert message in response.content.decode()
    finished_comic.refresh_from_db()
    assert finished_comic.title == old


def test_deleting_from_the_shelf_removes_the_files_and_goes_back(
    finished_comic, alice_client, settings, django_capture_on_commit_callbacks
):
    folder = settings.MEDIA_ROOT / "comics" / str(finished_comic.pk)
    assert any(path.is_file() for path in folder.rglob("*"))

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("comics:delete", args=[finished_comic.pk]), {"next": BACK})

    assert response.status_code == 302 and response["Location"] == BACK
    assert not Comic.objects.filter(pk=finished_comic.pk).exists()
    assert not any(path.is_file() for path in folder.rglob("*"))


def test_an_outside_next_address_is_not_followed(finished_comic, alice_client):
    response = alice_client.post(
        reverse("comics:rename", args=[finished_comic.pk]), {"title": "Fine", "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("comics:shelf")


@pytest.mark.parametrize("name", ["comics:publish", "comics:unpublish", "comics:rename", "comics:delete"])
def test_only_the_owner_can_act(finished_comic, bob_client, client_for_moderator, name):
    Comic.objects.filter(pk=finished_comic.pk).update(visibility="public", published_at=timezone.now())
    before = Comic.objects.values("title", "visibility").get(pk=finished_comic.pk)

    for client in (bob_client, client_for_moderator):
        response = client.post(reverse(name, args=[finished_comic.pk]), {"title": "Taken over"})
        assert response.status_code == 404

    assert Comic.objects.values("title", "visibility").get(pk=finished_comic.pk) == before


@pytest.mark.parametrize("name", ["comics:publish", "comics:unpublish", "comics:rename"])
def test_actions_need_post(finished_comic, alice_client, name):
    assert alice_client.get(reverse(name, args=[finished_comic.pk])).status_code == 405


@pytest.fixture
def client_for_moderator(moderator):
    from tests.conftest import client_for

    return client_for(moderator)
