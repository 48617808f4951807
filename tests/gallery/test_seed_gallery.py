"""seed_gallery: a synthetic gallery that reads like a real one, and plain words for impossible counts."""

from __future__ import annotations

import html
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from comics.models import Comic
from gallery.models import Like

pytestmark = pytest.mark.django_db


def seed(**counts) -> str:
    out = io.StringIO()
    call_command("seed_gallery", stdout=out, **counts)
    return out.getvalue()


def test_a_small_gallery_is_published_finished_and_counted_exactly():
    output = seed(comics=30, likes=100, users=10, random_seed=3)

    assert "Seeded 30 comics, 100 likes, 10 users in" in output
    published = Comic.objects.published()
    assert published.count() == 30
    counted = published.annotate(rows=Count("likes"))
    assert all(comic.like_count == comic.rows for comic in counted)
    assert sum(comic.like_count for comic in counted) == Like.objects.count() == 100
    assert all(comic.is_finished and comic.pages.count() == 1 for comic in published)
    assert published.filter(featured_at__isnull=False).exists()
    week_ago = timezone.now() - timedelta(days=7)
    assert Like.objects.filter(created_at__gte=week_ago).exists(), "trending has likes to count"
    assert published.filter(published_at__lt=week_ago).exists(), "not everything is new"


def test_the_cover_pdf_and_reader_open_for_anyone():
    seed(comics=3, likes=0, users=2)
    comic = Comic.objects.published().first()
    visitor = Client()

    cover = visitor.get(comic.cover_url())
    assert cover.status_code == 200
    assert cover["Content-Type"] == "image/png"
    assert b"".join(cover.streaming_content).startswith(b"\x89PNG")
    pdf = visitor.get(comic.pdf_url())
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    reader = visitor.get(comic.get_absolute_url())
    assert reader.status_code == 200 and html.escape(comic.title) in reader.content.decode()


def test_search_words_come_from_the_word_lists():
    seed(comics=20, likes=0, users=3, random_seed=1)
    comic = Comic.objects.published().first()
    creature = comic.idea.split(" who ")[0].split()[-1]

    assert Comic.objects.published().filter(idea__icontains=creature).exists()
    assert comic.owner.display_name and not comic.owner.has_usable_password()


def test_a_second_run_adds_more_and_reset_removes_only_what_was_seeded(alice, make_comic):
    own, _job = make_comic(alice)
    seed(comics=5, likes=10, users=3)
    seed(comics=4, likes=4, users=2)
    assert Comic.objects.published().count() == 9

    output = seed(comics=2, likes=1, users=1, reset=True)

    assert "Removed 5 earlier seeded users" in output
    assert Comic.objects.published().count() == 2
    assert Comic.objects.filter(pk=own.pk).exists()
    assert Like.objects.count() == 1


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"comics": 3, "likes": 10, "users": 3}, "at most 9"),
        ({"comics": -1}, "--comics cannot be negative"),
        ({"likes": -5}, "--likes cannot be negative"),
        ({"comics": 4, "likes": 0, "users": 0}, "Comics need authors"),
    ],
)
def test_impossible_counts_are_refused_in_plain_words_and_add_nothing(counts, message):
    with pytest.raises(CommandError, match=message):
        seed(**counts)
    assert not Comic.objects.exists()


def test_deleting_one_seeded_comic_leaves_the_shared_files_for_the_others(django_capture_on_commit_callbacks):
    from comics import services

    seed(comics=3, likes=0, users=2)
    first, *others = Comic.objects.order_by("pk")

    with django_capture_on_commit_callbacks(execute=True):  # the files go after commit
        services.delete_comic(comic=first)

    for comic in others:
        assert Client().get(comic.cover_url()).status_code == 200
        assert Client().get(comic.pdf_url()).status_code == 200
