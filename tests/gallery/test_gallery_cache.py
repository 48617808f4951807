"""Signed-out gallery pages are cached for a few seconds, but never show what was just taken away."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from comics import publishing
from gallery import likes, moderation, visitor_cache

pytestmark = pytest.mark.django_db(transaction=True)  # the cache is cleared when the change commits


@pytest.fixture
def published(finished_comic):
    return publishing.publish_comic(comic=finished_comic)


def titles(response) -> list[str]:
    if response["Content-Type"].startswith("application/json"):
        return [card["title"] for card in response.json()["results"]]
    return [html.unescape(response.content.decode())]


@pytest.mark.parametrize("path", ["/gallery/", "/api/gallery/"])
@pytest.mark.parametrize("take_away", ["unpublish", "hide", "ban"])
def test_what_is_taken_away_leaves_the_cached_gallery_at_once(path, take_away, published, moderator, settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "GALLERY_CACHE_SECONDS": 300}
    title = published.display_title
    assert title in "".join(titles(Client().get(path)))  # now cached for five minutes

    if take_away == "unpublish":
        publishing.unpublish_comic(comic=published)
    elif take_away == "hide":
        moderation.hide_comic(moderator=moderator, comic=published, reason="not for children")
    else:
        moderation.ban_user(moderator=moderator, user=published.owner, reason="spam")

    assert title not in "".join(titles(Client().get(path)))


def test_a_like_shows_once_the_cached_page_expires(published, bob, settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "GALLERY_CACHE_SECONDS": 300}
    assert Client().get("/api/gallery/").json()["results"][0]["like_count"] == 0

    likes.like(user=bob, comic=published)

    # Likes do not empty the cache: a burst of them must not make every visitor's page a miss.
    assert Client().get("/api/gallery/").json()["results"][0]["like_count"] == 0
    visitor_cache.cache.clear()  # what expiry does after GALLERY_CACHE_SECONDS
    assert Client().get("/api/gallery/").json()["results"][0]["like_count"] == 1
