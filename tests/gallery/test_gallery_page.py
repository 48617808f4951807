"""The /gallery/ page: what it lists, in which order, its search, filters, page links and featured row."""

from __future__ import annotations

import html as markup
import itertools
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comics.models import Comic
from gallery import likes
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

_ages = itertools.count(1)


def publish(owner, title="A comic", *, idea="a quiet story", kind="comic", style="classic-comic", **fields) -> Comic:
    """A finished, published comic without running the pipeline: each one published a minute before the last."""
    values = {
        "visibility": "public",
        "published_at": timezone.now() - timedelta(minutes=next(_ages)),
        "pdf": "comics/book.pdf",
        **fields,
    }
    return Comic.objects.create(
        owner=owner,
        title=title,
        idea=idea,
        kind=kind,
        style=style,
        panels_per_page=1 if kind == "picture_book" else 4,
        seed=1,
        text_backend="builtin",
        image_backend="builtin",
        safety_backend="builtin",
        **values,
    )


def make_readers(django_user_model, count: int, prefix: str = "reader") -> list:
    return [
        django_user_model.objects.create_user(f"{prefix}{n}", password="reader-horse-battery") for n in range(count)
    ]


def like_by(readers, comic) -> None:
    for reader in readers:
        likes.like(user=reader, comic=comic)


def titles(response) -> list[str]:
    """Card titles in page order, from the main grid only (not the featured row)."""
    html = response.content.decode()
    grid = html.split('id="gallery"', 1)[1] if 'id="gallery"' in html else ""
    return [
        markup.unescape(t) for t in re.findall(r'<span class="shelf-title">([^<]*)</span>', grid.split("</ul>", 1)[0])
    ]


def featured_titles(response) -> list[str]:
    html = response.content.decode()
    if 'id="featured"' not in html:
        return []
    row = html.split('id="featured"', 1)[1].split("</ul>", 1)[0]
    return [markup.unescape(t) for t in re.findall(r'<span class="shelf-title">([^<]*)</span>', row)]


def test_the_gallery_lists_published_finished_comics_only(client, alice, bob, django_user_model):
    publish(alice, "Public and finished")
    publish(alice, "Still private", visibility="private", published_at=None)
    publish(alice, "Hidden by a moderator", hidden_at=timezone.now(), hidden_reason="spam")
    publish(alice, "Not finished yet", pdf="")
    banned = django_user_model.objects.create_user("mallory", password="banned-horse-battery")
    publish(banned, "By a banned author")
    banned.banned_at = timezone.now()
    banned.is_active = False
    banned.save()

    for visitor in (client, client_for(bob)):
        response = visitor.get(reverse("gallery:index"))
        assert response.status_code == 200
        assert titles(response) == ["Public and finished"]
        assert "1 comic" in response.content.decode()


def test_cards_show_cover_title_author_like_count_and_kind(client, alice, bob):
    alice.display_name = "Alice Inkwell"
    alice.save()
    comic = publish(alice, "The Tea Dragon", kind="picture_book", cover_image="comics/cover.png")
    likes.like(user=bob, comic=comic)

    html = client.get(reverse("gallery:index")).content.decode()

    assert "The Tea Dragon" in html
    assert "by Alice Inkwell" in html
    assert "1 like<" in html
    assert "Picture book" in html
    assert comic.cover_url() in html
    assert f'href="{reverse("comics:reader", args=[comic.pk])}"' in html


def test_sort_tabs_order_new_top_and_trending_by_real_likes(client, alice, django_user_model):
    readers = make_readers(django_user_model, 4)
    publish(alice, "Newest")
    loved_long_ago = publish(alice, "Loved long ago")
    liked_this_week = publish(alice, "Liked this week")
    like_by(readers[:3], loved_long_ago)
    like_by(readers[:2], liked_this_week)
    from gallery.models import Like

    Like.objects.filter(comic=loved_long_ago).update(created_at=timezone.now() - timedelta(days=30))

    url = reverse("gallery:index")
    assert titles(client.get(url)) == ["Newest", "Loved long ago", "Liked this week"]
    assert titles(client.get(url, {"sort": "top"})) == ["Loved long ago", "Liked this week", "Newest"]
    assert titles(client.get(url, {"sort": "trending"})) == ["Liked this week", "Loved long ago", "Newest"]


def test_the_current_sort_tab_is_marked_and_tabs_keep_the_search(client, alice):
    publish(alice, "Dragon tea")
    html = client.get(reverse("gallery:index"), {"sort": "top", "q": "dragon"}).content.decode()
    assert re.search(r'<a href="\?sort=top&amp;q=dragon" aria-current="page">Top</a>', html)
    assert 'href="?sort=trending&amp;q=dragon"' in html


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("lighthouse", ["The Lighthouse"]),
        ("TEAPOT", ["Quiet morning"]),
        ("inkwell", ["Quiet morning", "The Lighthouse"]),
    ],
)
def test_search_by_title_idea_or_author(client, alice, bob, q, expected):
    alice.display_name = "Alice Inkwell"
    alice.save()
    publish(alice, "Quiet morning", idea="a teapot that sings")
    publish(alice, "The Lighthouse", idea="a keeper and a storm")
    publish(bob, "Bob's robot", idea="a robot learns to paint")

    assert titles(client.get(reverse("gallery:index"), {"q": q})) == expected


def test_search_by_username(client, alice, bob):
    publish(alice, "Alice's")
    publish(bob, "Bob's")
    assert titles(client.get(reverse("gallery:index"), {"q": "bob"})) == ["Bob's"]


def test_filters_by_kind_and_style(client, alice):
    publish(alice, "Manga comic", style="manga")
    publish(alice, "Storybook picture book", kind="picture_book", style="storybook")
    publish(alice, "Classic comic")
    url = reverse("gallery:index")

    assert titles(client.get(url, {"kind": "picture_book"})) == ["Storybook picture book"]
    assert titles(client.get(url, {"style": "manga"})) == ["Manga comic"]
    assert titles(client.get(url, {"kind": "comic", "style": "storybook"})) == []
    html = client.get(url, {"kind": "comic", "style": "storybook"}).content.decode()
    assert "Nothing matches" in html


def test_page_links_keep_the_sort_search_and_filters(client, alice):
    for n in range(30):
        publish(alice, f"Dragon {n:02}")
    url = reverse("gallery:index")

    first = client.get(url, {"sort": "new", "q": "dragon", "kind": "comic"})
    html = first.content.decode()
    assert len(titles(first)) == 24
    assert "30 comics found" in html
    next_link = re.search(r'<a class="btn btn-small" rel="next" href="([^"]+)"', html).group(1)
    assert next_link == "?sort=new&amp;q=dragon&amp;kind=comic&amp;page=2"

    second = client.get(url + next_link.replace("&amp;", "&"))
    assert titles(second) == [f"Dragon {n:02}" for n in range(24, 30)]
    html = second.content.decode()
    assert 'rel="next"' not in html
    assert 'rel="prev" href="?sort=new&amp;q=dragon&amp;kind=comic&amp;page=1"' in html


def test_a_page_past_the_end_shows_the_last_page(client, alice):
    publish(alice, "Only one")
    assert titles(client.get(reverse("gallery:index"), {"page": 9})) == ["Only one"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sort": "best"}, "Unknown sort “best”: choose one of new, top, trending."),
        ({"kind": "poem"}, "Unknown kind “poem”: choose one of comic, picture_book."),
        ({"style": "oil"}, "Unknown style “oil”"),
        ({"page_size": "61"}, "At most 60 comics per page."),
        ({"page": "two"}, "The page must be a whole number."),
    ],
)
def test_a_bad_address_is_a_400_that_says_why_and_keeps_the_form(client, alice, params, message):
    publish(alice, "Listed")
    response = client.get(reverse("gallery:index"), {"q": "kept words", **params})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'value="kept words"' in html
    assert 'id="gallery-filters"' in html
    # The form does not send the bad choice again.
    assert 'name="sort" value="best"' not in html


def test_an_empty_gallery_says_so(client):
    html = client.get(reverse("gallery:index")).content.decode()
    assert "The gallery is empty so far" in html
    assert 'id="gallery"' not in html


def test_the_featured_row_shows_on_the_front_only(client, alice):
    publish(alice, "Featured first", featured_at=timezone.now() - timedelta(days=1))
    publish(alice, "Featured later", featured_at=timezone.now())
    publish(alice, "Hidden feature", featured_at=timezone.now(), hidden_at=timezone.now())
    for n in range(25):
        publish(alice, f"Plain {n}")
    url = reverse("gallery:index")

    assert featured_titles(client.get(url)) == ["Featured later", "Featured first"]
    assert featured_titles(client.get(url, {"sort": "top"})) == ["Featured later", "Featured first"]
    assert featured_titles(client.get(url, {"page": 2})) == []
    assert featured_titles(client.get(url, {"q": "plain"})) == []
    assert featured_titles(client.get(url, {"kind": "comic"})) == []


def test_signed_in_cards_show_what_the_viewer_liked_with_working_buttons(alice, bob):
    liked = publish(alice, "Liked one")
    publish(alice, "Not liked")
    likes.like(user=bob, comic=liked)

    html = client_for(bob).get(reverse("gallery:index")).content.decode()

    assert f'action="{reverse("gallery:unlike", args=[liked.pk])}"' in html
    assert html.count('aria-pressed="true"') == 1
    assert html.count('aria-pressed="false"') == 1


def test_an_anonymous_like_button_goes_to_log_in_and_back_to_the_card(client, alice):
    comic = publish(alice, "Likeable")
    html = client.get(reverse("gallery:index"), {"sort": "top"}).content.decode()
    login = reverse("accounts:login")
    assert f'href="{login}?next=/gallery/%3Fsort%3Dtop%23comic-{comic.pk}"' in html


def test_liking_from_the_gallery_comes_back_to_the_same_card(alice, bob):
    for n in range(30):
        publish(alice, f"Plain {n}")
    comic = publish(alice, "Far down", published_at=timezone.now() - timedelta(days=30))
    gallery = f"{reverse('gallery:index')}?page=2"
    html = client_for(bob).get(gallery).content.decode()
    assert f'id="comic-{comic.pk}"' in html
    next_field = re.search(
        rf'action="{reverse("gallery:like", args=[comic.pk])}">.*?name="next" value="([^"]*)"', html, re.S
    )

    response = client_for(bob).post(reverse("gallery:like", args=[comic.pk]), {"next": markup.unescape(next_field[1])})

    assert response.status_code == 302
    assert response["Location"] == f"{gallery}#comic-{comic.pk}"
    comic.refresh_from_db()
    assert comic.like_count == 1


def test_a_featured_card_has_its_own_place_to_come_back_to(client, alice, bob):
    comic = publish(alice, "Featured", featured_at=timezone.now())

    html = client_for(bob).get(reverse("gallery:index")).content.decode()

    assert f'id="featured-{comic.pk}"' in html and f'id="comic-{comic.pk}"' in html
    assert f'value="/gallery/#featured-{comic.pk}"' in html


def _page_queries(visitor, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("sort", ["new", "top", "trending"])
def test_the_same_number_of_queries_for_5_or_50_comics(sort, bob, django_user_model, settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "GALLERY_CACHE_SECONDS": 0}
    readers = make_readers(django_user_model, 3)
    url = f"{reverse('gallery:index')}?sort={sort}&page_size=60"

    def counts() -> tuple[int, int]:
        from django.test import Client

        return _page_queries(Client(), url), _page_queries(client_for(bob), url)

    for n in range(5):
        comic = publish(django_user_model.objects.create_user(f"author{n}"), f"Small {n}", featured_at=timezone.now())
        like_by([bob, *readers[: n % 3]], comic)
    small = counts()
    for n in range(45):
        comic = publish(django_user_model.objects.create_user(f"writer{n}"), f"Big {n}", featured_at=timezone.now())
        like_by([bob, *readers[: n % 3]], comic)
    large = counts()

    assert large == small
    html = client_for(bob).get(url).content.decode()
    assert len(re.findall(r'<li class="shelf-card', html)) == 50 + 12  # every comic, and the featured row


def test_a_signed_out_page_is_served_from_the_cache_for_a_few_seconds(client, alice, bob, settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "GALLERY_CACHE_SECONDS": 30}
    comic = publish(alice, "Cached")
    url = reverse("gallery:index")
    assert "0 likes" in client.get(url).content.decode()

    likes.like(user=bob, comic=comic)
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(url)
    assert len(queries) == 0
    assert "0 likes" in cached.content.decode()
    # Signed-in pages carry the viewer's likes and are never cached.
    assert "1 like<" in client_for(bob).get(url).content.decode()
    # Another address is another entry.
    assert "1 like<" in client.get(url, {"sort": "top"}).content.decode()
