"""Likes: one per reader, idempotent, an exact count even under concurrency, and only on published comics."""

from __future__ import annotations

import re
import threading
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from comics.models import Comic
from gallery import likes
from gallery.api import LikeThrottle
from gallery.models import Like
from tests.conftest import client_for
from tests.gallery.test_gallery_page import publish

pytestmark = pytest.mark.django_db


def like_url(comic) -> str:
    return reverse("api:like", args=[comic.pk])


def stored_count(comic) -> int:
    return Comic.objects.values_list("like_count", flat=True).get(pk=comic.pk)


# --- The service ------------------------------------------------------------------------------


def test_like_and_unlike_are_idempotent_and_keep_the_count(alice, bob):
    comic = publish(alice, "Liked")

    assert likes.like(user=bob, comic=comic) == (True, 1)
    assert likes.like(user=bob, comic=comic) == (True, 1)
    assert likes.like(user=alice, comic=comic) == (True, 2)
    assert Like.objects.filter(comic=comic).count() == 2 == stored_count(comic)

    assert likes.unlike(user=bob, comic=comic) == (False, 1)
    assert likes.unlike(user=bob, comic=comic) == (False, 1)
    assert Like.objects.filter(comic=comic).count() == 1 == stored_count(comic)


@pytest.mark.parametrize(
    "state",
    [
        {"visibility": "private", "published_at": None},
        {"hidden_at": timezone.now(), "hidden_reason": "spam"},
        {"pdf": ""},
    ],
    ids=["private", "hidden", "unfinished"],
)
def test_only_published_finished_comics_can_be_liked(alice, bob, state):
    comic = publish(alice, "Not likeable", **state)
    with pytest.raises(likes.LikeRefused, match=re.escape(likes.NOT_LIKEABLE)):
        likes.like(user=bob, comic=comic)
    assert not Like.objects.exists()
    assert stored_count(comic) == 0


def test_a_like_can_be_taken_back_after_the_comic_was_unpublished(alice, bob):
    comic = publish(alice, "Was public")
    likes.like(user=bob, comic=comic)
    Comic.objects.filter(pk=comic.pk).update(visibility="private")

    assert likes.unlike(user=bob, comic=comic) == (False, 0)
    assert not Like.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_likes_and_unlikes_keep_the_count_exact(django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks are only meaningful on PostgreSQL.")
    owner = django_user_model.objects.create_user("author")
    comic = publish(owner, "Popular")
    threads_count, rounds = 12, 8
    own = [[django_user_model.objects.create_user(f"fan{t}-{n}") for n in range(2)] for t in range(threads_count)]
    shared = [django_user_model.objects.create_user(f"shared{n}") for n in range(3)]
    start = threading.Barrier(threads_count)
    failures: list[BaseException] = []

    def work(index: int) -> None:
        try:
            mine = Comic.objects.get(pk=comic.pk)
            first, second = own[index]
            start.wait()
            for step in range(rounds):
                for user in (first, second, shared[step % len(shared)]):
                    if (step + index) % 2:
                        likes.unlike(user=user, comic=mine)
                    else:
                        likes.like(user=user, comic=mine)
            # Each thread ends on a known state for its own readers: first likes, second does not.
            likes.like(user=first, comic=mine)
            likes.unlike(user=second, comic=mine)
        except BaseException as exc:  # surfaced in the main thread below
            failures.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(index,)) for index in range(threads_count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert not failures, failures
    rows = Like.objects.filter(comic=comic)
    assert stored_count(comic) == rows.count()
    assert rows.exclude(user__in=shared).count() == threads_count
    assert rows.filter(user__in=[pair[0] for pair in own]).count() == threads_count


# --- The API ----------------------------------------------------------------------------------


def test_the_api_likes_and_unlikes(alice, bob):
    comic = publish(alice, "Liked through the API")
    api = client_for(bob)

    assert api.post(like_url(comic)).json() == {"liked": True, "like_count": 1}
    assert api.post(like_url(comic)).json() == {"liked": True, "like_count": 1}
    assert client_for(alice).post(like_url(comic)).json() == {"liked": True, "like_count": 2}
    assert api.delete(like_url(comic)).json() == {"liked": False, "like_count": 1}
    assert api.delete(like_url(comic)).json() == {"liked": False, "like_count": 1}
    assert stored_count(comic) == 1


def test_the_api_takes_a_token(alice, bob):
    comic = publish(alice, "Liked with a token")
    token = Token.objects.create(user=bob)
    response = Client(headers={"Authorization": f"Token {token.key}"}).post(like_url(comic))
    assert response.json() == {"liked": True, "like_count": 1}


def test_signed_out_callers_get_a_401(client, alice):
    comic = publish(alice, "Public")
    for method in (client.post, client.delete):
        response = method(like_url(comic))
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Token")
    assert stored_count(comic) == 0


@pytest.mark.parametrize(
    ("state", "stranger_status"),
    [
        ({"visibility": "private", "published_at": None}, 404),
        ({"hidden_at": timezone.now(), "hidden_reason": "spam"}, 404),
        # Published but not finished: anyone may open it, nobody may like it yet.
        ({"pdf": ""}, 400),
    ],
    ids=["private", "hidden", "unfinished"],
)
def test_someone_elses_unreadable_comic_is_a_404_and_the_owners_own_a_400(alice, bob, state, stranger_status):
    comic = publish(alice, "Not likeable", **state)

    assert client_for(bob).post(like_url(comic)).status_code == stranger_status
    owner = client_for(alice).post(like_url(comic))
    assert owner.status_code == 400
    assert owner.json() == {"detail": "Only published comics can be liked."}
    assert not Like.objects.exists()


def test_a_missing_comic_is_a_404(bob_client):
    assert bob_client.post(reverse("api:like", args=[999999])).status_code == 404


def test_a_banned_authors_comic_cannot_be_liked(alice, bob, moderator):
    comic = publish(alice, "By someone now banned")
    alice.banned_at = timezone.now()
    alice.is_active = False
    alice.save()

    assert client_for(bob).post(like_url(comic)).status_code == 404
    assert client_for(moderator).post(like_url(comic)).status_code == 400
    assert not Like.objects.exists()


def test_likes_are_throttled(alice, bob, monkeypatch):
    monkeypatch.setattr(LikeThrottle, "THROTTLE_RATES", {"like": "3/min"})
    comic = publish(alice, "Popular")
    api = client_for(bob)
    statuses = [api.post(like_url(comic)).status_code for _ in range(3)]
    refused = api.delete(like_url(comic))

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    assert stored_count(comic) == 1


# --- Pages ------------------------------------------------------------------------------------


def test_the_like_button_likes_and_goes_back_to_a_safe_next(alice, bob):
    comic = publish(alice, "From the gallery")
    browser = client_for(bob)

    response = browser.post(reverse("gallery:like", args=[comic.pk]), {"next": "/gallery/?sort=top&page=2"})
    assert response.status_code == 302
    assert response.url == "/gallery/?sort=top&page=2"
    assert stored_count(comic) == 1

    response = browser.post(reverse("gallery:unlike", args=[comic.pk]), {"next": "https://evil.example/steal"})
    assert response.url == reverse("comics:reader", args=[comic.pk])
    assert stored_count(comic) == 0


def test_like_pages_only_take_posts(alice, bob):
    comic = publish(alice, "Public")
    assert client_for(bob).get(reverse("gallery:like", args=[comic.pk])).status_code == 405
    assert stored_count(comic) == 0


def test_a_signed_out_like_goes_to_log_in_and_comes_back_to_the_same_place(client, alice, bob):
    comic = publish(alice, "Worth a like")
    where = "/gallery/?sort=trending&q=worth"

    response = client.post(reverse("gallery:like", args=[comic.pk]), {"next": where})
    login = reverse("accounts:login")
    assert response.status_code == 302
    assert response.url == f"{login}?next={quote(where, safe='/')}"
    assert stored_count(comic) == 0

    back = client.post(response.url, {"username": "bob", "password": "another-horse-battery"})
    assert back.status_code == 302
    assert back.url == where
    # Back where they were, signed in, the button now likes.
    client.post(reverse("gallery:like", args=[comic.pk]), {"next": where})
    assert stored_count(comic) == 1


def test_a_signed_out_like_without_next_comes_back_to_the_reader(client, alice):
    comic = publish(alice, "Worth a like")
    response = client.post(reverse("gallery:like", args=[comic.pk]))
    reader = reverse("comics:reader", args=[comic.pk])
    assert response.url == f"{reverse('accounts:login')}?next={quote(reader, safe='/')}"


def test_someone_elses_private_comic_is_a_404_on_pages_too(client, alice, bob):
    comic = publish(alice, "Private", visibility="private")
    assert client_for(bob).post(reverse("gallery:like", args=[comic.pk])).status_code == 404
    assert client.post(reverse("gallery:like", args=[comic.pk])).status_code == 404


def test_the_owners_private_comic_says_why_it_cannot_be_liked(alice):
    comic = publish(alice, "Private", visibility="private")
    browser = client_for(alice)
    response = browser.post(reverse("gallery:like", args=[comic.pk]), follow=True)
    assert "Only published comics can be liked." in response.content.decode()
    assert stored_count(comic) == 0


def test_too_many_likes_from_a_page_say_so(alice, bob, monkeypatch):
    monkeypatch.setattr(LikeThrottle, "THROTTLE_RATES", {"like": "1/min"})
    comic = publish(alice, "Popular")
    browser = client_for(bob)
    browser.post(reverse("gallery:like", args=[comic.pk]))
    response = browser.post(reverse("gallery:unlike", args=[comic.pk]), follow=True)
    assert "That is a lot of likes at once; try again in" in response.content.decode()
    assert stored_count(comic) == 1


# --- The reader's like box --------------------------------------------------------------------


def test_the_reader_shows_the_count_and_a_like_button(finished_comic, bob):
    Comic.objects.filter(pk=finished_comic.pk).update(visibility="public", published_at=timezone.now())
    reader = reverse("comics:reader", args=[finished_comic.pk])
    browser = client_for(bob)

    html = browser.get(reader).content.decode()
    assert "0 likes" in html
    assert f'action="{reverse("gallery:like", args=[finished_comic.pk])}"' in html
    assert f'name="next" value="{reader}"' in html

    back = browser.post(reverse("gallery:like", args=[finished_comic.pk]), {"next": reader})
    assert back.url == reader
    html = browser.get(reader).content.decode()
    assert "1 like<" in html
    assert "Liked &mdash; unlike" in html or "Liked — unlike" in html
    assert f'action="{reverse("gallery:unlike", args=[finished_comic.pk])}"' in html


def test_the_reader_offers_a_signed_out_visitor_a_like_that_logs_in_first(client, alice):
    comic = publish(alice, "Public")
    reader = reverse("comics:reader", args=[comic.pk])
    html = client.get(reader).content.decode()
    assert f'href="{reverse("accounts:login")}?next={quote(reader, safe="/")}"' in html
    assert 'id="like-count"' in html


def test_no_like_box_on_a_private_or_hidden_comic(alice, moderator):
    private = publish(alice, "Private", visibility="private")
    hidden = publish(alice, "Hidden", hidden_at=timezone.now())
    for comic, viewer in [(private, alice), (hidden, alice), (hidden, moderator)]:
        html = client_for(viewer).get(reverse("comics:reader", args=[comic.pk])).content.decode()
        assert 'id="like-button"' not in html
