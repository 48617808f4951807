"""GET /api/gallery/ and /api/gallery/featured/: cards, sorts, search, filters, pages, errors and cost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from gallery import likes
from gallery.models import Like
from tests.conftest import client_for
from tests.gallery.test_gallery_page import like_by, make_readers, publish

pytestmark = pytest.mark.django_db

CARD_KEYS = {"id", "title", "author", "cover_url", "like_count", "liked", "kind", "style", "published_at", "url"}


def listed(client, **params) -> dict:
    response = client.get(reverse("api:gallery"), params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(client, **params) -> list[str]:
    return [card["title"] for card in listed(client, **params)["results"]]


def test_a_card_has_exactly_the_documented_fields(client, alice, bob):
    alice.display_name = "Alice Inkwell"
    alice.save()
    comic = publish(alice, "", idea="a shy dragon", kind="picture_book", style="storybook", cover_image="c/cover.png")
    likes.like(user=bob, comic=comic)

    body = listed(client)

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    (card,) = body["results"]
    assert set(card) == CARD_KEYS
    assert card["id"] == comic.pk
    assert card["title"] == comic.display_title == "“a shy dragon”"
    assert card["author"] == "Alice Inkwell"
    assert card["cover_url"] == comic.cover_url() != ""
    assert card["like_count"] == 1
    assert card["liked"] is False
    assert (card["kind"], card["style"]) == ("picture_book", "storybook")
    assert card["url"] == reverse("comics:reader", args=[comic.pk])
    assert card["published_at"].startswith(str(comic.published_at.year))


def test_private_hidden_unfinished_and_banned_authors_comics_are_never_listed(alice, bob, moderator, django_user_model):
    publish(alice, "Listed")
    publish(alice, "Private", visibility="private")
    publish(alice, "Hidden", hidden_at=timezone.now(), featured_at=timezone.now())
    publish(alice, "Unfinished", pdf="", featured_at=timezone.now())
    banned = django_user_model.objects.create_user("mallory", banned_at=timezone.now(), is_active=False)
    publish(banned, "Banned author's", featured_at=timezone.now())

    # Not even for the owner or a moderator: the gallery is the public list.
    for user in (None, alice, bob, moderator):
        visitor = client_for(user) if user else Client()
        assert titles(visitor) == ["Listed"]
        assert visitor.get(reverse("api:gallery_featured")).json() == []


def test_sorts_order_by_real_likes(client, alice, django_user_model):
    readers = make_readers(django_user_model, 5)
    publish(alice, "Newest, unloved")
    old_favourite = publish(alice, "Old favourite")
    this_week = publish(alice, "This week's")
    tied = publish(alice, "Tied this week, older")
    like_by(readers, old_favourite)
    like_by(readers[:2], this_week)
    like_by(readers[:2], tied)
    Like.objects.filter(comic=old_favourite).update(created_at=timezone.now() - timedelta(days=8))
    # One older like for "This week's" too: same recent likes as "tied", more in all.
    late = django_user_model.objects.create_user("late")
    likes.like(user=late, comic=this_week)
    Like.objects.filter(comic=this_week, user=late).update(created_at=timezone.now() - timedelta(days=10))

    assert titles(client) == ["Newest, unloved", "Old favourite", "This week's", "Tied this week, older"]
    assert titles(client, sort="top") == ["Old favourite", "This week's", "Tied this week, older", "Newest, unloved"]
    assert titles(client, sort="trending") == [
        "This week's",
        "Tied this week, older",
        "Old favourite",
        "Newest, unloved",
    ]
    top = listed(client, sort="top")["results"]
    assert [card["like_count"] for card in top] == [5, 3, 2, 0]


def test_search_matches_title_idea_display_name_and_username(client, alice, bob):
    bob.display_name = "Roberta Quill"
    bob.save()
    publish(alice, "Lighthouse", idea="a keeper in a storm")
    publish(alice, "Morning", idea="a TEAPOT that sings")
    publish(bob, "Robots", idea="a robot paints")

    assert titles(client, q="lighthouse") == ["Lighthouse"]
    assert titles(client, q="teapot") == ["Morning"]
    assert titles(client, q="quill") == ["Robots"]
    assert titles(client, q="alice") == ["Lighthouse", "Morning"]
    assert titles(client, q="100%") == []


def test_filters_by_kind_and_style(client, alice):
    publish(alice, "Manga", style="manga")
    publish(alice, "Picture book", kind="picture_book", style="storybook")
    publish(alice, "Classic")

    assert titles(client, kind="picture_book") == ["Picture book"]
    assert titles(client, style="manga") == ["Manga"]
    assert titles(client, kind="comic", style="classic-comic") == ["Classic"]
    assert titles(client, kind="", style="") == ["Manga", "Picture book", "Classic"]


def test_pages_with_count_next_and_previous(client, alice):
    for n in range(7):
        publish(alice, f"Comic {n}")

    first = listed(client, page_size=3, sort="top")
    assert first["count"] == 7
    assert [card["title"] for card in first["results"]] == ["Comic 0", "Comic 1", "Comic 2"]
    assert first["previous"] is None
    assert "page=2" in first["next"] and "page_size=3" in first["next"] and "sort=top" in first["next"]

    second = client.get(first["next"]).json()
    assert [card["title"] for card in second["results"]] == ["Comic 3", "Comic 4", "Comic 5"]
    assert "page_size=3" in second["previous"]
    third = client.get(second["next"]).json()
    assert [card["title"] for card in third["results"]] == ["Comic 6"]
    assert third["next"] is None
    assert len(listed(client)["results"]) == 7  # 24 by default


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"sort": "best"}, "sort", "Unknown sort “best”: choose one of new, top, trending."),
        ({"kind": "poem"}, "kind", "Unknown kind “poem”: choose one of comic, picture_book."),
        ({"style": "oil"}, "style", "Unknown style “oil”: choose one of classic-comic"),
        ({"page_size": "61"}, "page_size", "At most 60 comics per page."),
        ({"page_size": "0"}, "page_size", "Ask for at least 1 comic per page."),
        ({"q": "x" * 101}, "q", "Search for at most 100 characters."),
    ],
)
def test_bad_parameters_are_a_400_in_plain_words(client, params, field, message):
    response = client.get(reverse("api:gallery"), params)
    assert response.status_code == 400
    assert response.json()[field][0].startswith(message)


def test_liked_is_the_callers_own(alice, bob):
    liked = publish(alice, "Bob likes this")
    publish(alice, "Bob does not")
    likes.like(user=bob, comic=liked)
    liked.refresh_from_db()
    assert liked.featured_at is None
    token = Token.objects.create(user=bob)

    for visitor, expected in [
        (Client(), [False, False]),
        (client_for(alice), [False, False]),
        (client_for(bob), [True, False]),
        (Client(headers={"Authorization": f"Token {token.key}"}), [True, False]),
    ]:
        assert [card["liked"] for card in listed(visitor)["results"]] == expected


def test_a_bad_token_is_refused_rather_than_treated_as_signed_out(alice):
    publish(alice, "Listed")
    response = Client(headers={"Authorization": "Token not-a-real-key"}).get(reverse("api:gallery"))
    assert response.status_code == 401


def test_featured_lists_up_to_12_most_recently_featured_first(client, alice, bob):
    now = timezone.now()
    for n in range(14):
        publish(alice, f"Featured {n}", featured_at=now - timedelta(hours=n))
    publish(alice, "Not featured")
    likes.like(user=bob, comic=alice.comics.get(title="Featured 1"))

    cards = client.get(reverse("api:gallery_featured")).json()
    assert [card["title"] for card in cards] == [f"Featured {n}" for n in range(12)]
    assert set(cards[0]) == CARD_KEYS
    mine = client_for(bob).get(reverse("api:gallery_featured")).json()
    assert [card["liked"] for card in mine[:3]] == [False, True, False]


def _queries(visitor, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("sort", ["new", "top", "trending"])
def test_the_same_number_of_queries_for_5_or_50_cards(sort, bob, django_user_model, settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "GALLERY_CACHE_SECONDS": 0}
    readers = make_readers(django_user_model, 3)
    url = f"{reverse('api:gallery')}?sort={sort}&page_size=60"
    featured_url = reverse("api:gallery_featured")

    def counts() -> tuple[int, ...]:
        signed_in = client_for(bob)
        return (
            _queries(Client(), url),
            _queries(signed_in, url),
            _queries(Client(), featured_url),
            _queries(signed_in, featured_url),
        )

    def add(count: int, prefix: str) -> None:
        for n in range(count):
            author = django_user_model.objects.create_user(f"{prefix}{n}")
            comic = publish(author, f"{prefix} {n}", featured_at=timezone.now())
            like_by([bob, *readers[: n % 3]], comic)

    add(5, "small")
    small = counts()
    add(45, "large")
    large = counts()

    assert large == small
    assert len(client_for(bob).get(url).json()["results"]) == 50
    assert all(card["liked"] for card in client_for(bob).get(url).json()["results"])


def test_signed_out_answers_are_cached_briefly_and_signed_in_ones_never(client, alice, bob, settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "GALLERY_CACHE_SECONDS": 30}
    comic = publish(alice, "Cached")
    assert listed(client)["results"][0]["like_count"] == 0

    likes.like(user=bob, comic=comic)
    with CaptureQueriesContext(connection) as queries:
        assert listed(client)["results"][0]["like_count"] == 0
    assert len(queries) == 0
    assert listed(client_for(bob))["results"][0]["like_count"] == 1
    assert listed(client, sort="top")["results"][0]["like_count"] == 1


def test_with_no_cache_time_signed_out_answers_are_fresh(client, alice, bob, settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "GALLERY_CACHE_SECONDS": 0}
    comic = publish(alice, "Fresh")
    assert listed(client)["results"][0]["like_count"] == 0
    likes.like(user=bob, comic=comic)
    assert listed(client)["results"][0]["like_count"] == 1
