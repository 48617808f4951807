"""The home page: real pages made by the built-in backends, and the comics moderators featured."""

from __future__ import annotations

import html as markup
import io
import json
import re
from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image, ImageStat

from comics import home_samples, publishing
from comics.models import Comic
from gallery import moderation
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

A4_RATIO = 297 / 210
MAX_TOTAL_BYTES = 1024 * 1024


def all_samples() -> list[dict]:
    places = home_samples.load()
    return [*places[home_samples.HERO], *places[home_samples.ROW]]


def served_bytes(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_a_real_page(data: bytes, *, width: int, height: int) -> None:
    """A WebP of the size the page says, shaped like an A4 page, with pictures and words on it (not blank)."""
    image = Image.open(io.BytesIO(data))
    assert image.format == "WEBP"
    assert image.size == (width, height)
    assert image.height / image.width == pytest.approx(A4_RATIO, rel=0.01)
    grey = image.convert("L")
    assert ImageStat.Stat(grey).stddev[0] > 25, "a page of one flat colour"
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 500, "too few colours for painted art"


def featured_titles(response) -> list[str]:
    page = response.content.decode()
    if 'id="featured"' not in page:
        return []
    row = page.split('id="featured"', 1)[1].split("</ul>", 1)[0]
    return [markup.unescape(t) for t in re.findall(r'<span class="shelf-title">([^<]*)</span>', row)]


def finished(owner, title: str) -> Comic:
    """A finished comic (its files named, not made: the home page lists, it does not open them)."""
    return Comic.objects.create(
        owner=owner,
        title=title,
        idea="a quiet story",
        seed=1,
        pdf="comics/book.pdf",
        cover_image="comics/cover.png",
        text_backend="builtin",
        image_backend="builtin",
        safety_backend="builtin",
    )


def featured(owner, moderator, title: str) -> Comic:
    comic = publishing.publish_comic(comic=finished(owner, title))
    return moderation.feature_comic(moderator=moderator, comic=comic)


# --- The samples -----------------------------------------------------------------------------


def test_the_samples_are_real_pages_served_as_small_images(client):
    samples = all_samples()
    assert {s["label"] for s in samples} >= {"a comic page", "its cover", "a picture-book page"}

    total = 0
    for sample in samples:
        response = client.get(static(sample["static_name"]))
        assert response.status_code == 200, sample["file"]
        assert response["Content-Type"] == "image/webp"
        data = served_bytes(response)
        total += len(data)
        assert_a_real_page(data, width=sample["width"], height=sample["height"])
    assert total < MAX_TOTAL_BYTES


def test_the_home_page_shows_every_sample_with_its_size_and_words(client):
    page = client.get("/").content.decode()

    for sample in all_samples():
        tag = re.search(rf'<img[^>]*src="{re.escape(static(sample["static_name"]))}"[^>]*>', page)
        assert tag, f"{sample['file']} is not on the home page"
        tag = tag.group(0)
        assert f'width="{sample["width"]}"' in tag and f'height="{sample["height"]}"' in tag
        alt = markup.unescape(re.search(r'alt="([^"]*)"', tag).group(1))
        assert sample["title"] in alt and len(alt) > 40
    assert "mini-page" not in page


def test_every_sample_says_what_it_shows_and_every_word_on_it():
    comic_page = next(s for s in all_samples() if s["label"] == "a comic page")

    assert comic_page["alt"].startswith(f"Page 1 of the comic “{comic_page['title']}”: ")
    assert "It reads: " in comic_page["alt"] and "“" in comic_page["alt"].split("It reads: ", 1)[1]


def test_the_command_makes_the_samples_again_into_the_folder_it_is_given(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    folder = tmp_path / "home"
    folder.mkdir()
    stale = folder / "comic-page.webp"
    stale.write_bytes(b"an old picture")
    accounts = get_user_model().objects.count()
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):  # the files go after commit
        call_command("render_home_samples", output=folder, stdout=out, stderr=io.StringIO())

    manifest = json.loads((folder / home_samples.MANIFEST_NAME).read_text())["samples"]
    expected = {shot.file for book in home_samples.BOOKS for shot in book.shots}
    assert {sample["file"] for sample in manifest} == expected
    assert {path.name for path in folder.iterdir()} == expected | {home_samples.MANIFEST_NAME}
    for sample in manifest:
        assert_a_real_page((folder / sample["file"]).read_bytes(), width=sample["width"], height=sample["height"])
        assert sample["alt"] and sample["title"]
    assert "comic-page.webp 720x1018" in out.getvalue()
    # The books it made for the pictures are gone, with their account and files.
    assert not Comic.objects.exists()
    assert get_user_model().objects.count() == accounts
    assert not list((settings.MEDIA_ROOT / "comics").rglob("*.*"))


def test_the_same_code_makes_the_same_pictures(tmp_path):
    book = replace(home_samples.BOOKS[0], pages=1, panels=2)

    first = home_samples.render(tmp_path / "first", books=(book,))
    second = home_samples.render(tmp_path / "second", books=(book,))

    assert first == second
    # The cover too: its byline is the same every time, never the throwaway account's name.
    for shot in book.shots:
        assert (tmp_path / "first" / shot.file).read_bytes() == (tmp_path / "second" / shot.file).read_bytes()


def test_the_command_refuses_a_file_for_a_folder(tmp_path):
    target = tmp_path / "samples.webp"
    target.write_bytes(b"")

    with pytest.raises(CommandError, match="not a folder"):
        call_command("render_home_samples", output=target, stderr=io.StringIO())
    assert not Comic.objects.exists()


# --- Featured comics --------------------------------------------------------------------------


def test_with_nothing_featured_the_home_page_shows_the_samples_only(client, alice, moderator):
    publishing.publish_comic(comic=finished(alice, "Published, not featured"))

    response = client.get("/")

    assert response.status_code == 200
    assert 'id="featured"' not in response.content.decode()
    assert 'id="samples"' in response.content.decode()


def test_a_featured_comic_shows_with_its_cover_title_author_and_reader_link(client, alice, moderator):
    alice.display_name = "Alice Inkwell"
    alice.save()
    comic = featured(alice, moderator, "The Tea Dragon")

    response = client.get("/")

    assert featured_titles(response) == ["The Tea Dragon"]
    row = response.content.decode().split('id="featured"', 1)[1]
    assert comic.cover_url() in row
    assert "by Alice Inkwell" in row
    assert f'href="{comic.get_absolute_url()}"' in row
    assert f'href="{reverse("gallery:index")}#featured"' in row


def test_hidden_private_and_unfeatured_comics_leave_the_home_page(client, alice, bob, moderator):
    hidden = featured(alice, moderator, "Hidden")
    made_private = featured(alice, moderator, "Made private")
    unfeatured = featured(bob, moderator, "Unfeatured")
    featured(bob, moderator, "Still featured")
    assert set(featured_titles(client.get("/"))) == {"Hidden", "Made private", "Unfeatured", "Still featured"}

    moderation.hide_comic(moderator=moderator, comic=hidden, reason="spam")
    publishing.unpublish_comic(comic=made_private)
    moderation.unfeature_comic(moderator=moderator, comic=unfeatured)

    assert Comic.objects.get(pk=made_private.pk).featured_at is not None  # still featured, but private
    assert featured_titles(client.get("/")) == ["Still featured"]


def test_a_banned_authors_featured_comic_leaves_the_home_page(client, alice, bob, moderator):
    featured(alice, moderator, "By a banned author")
    featured(bob, moderator, "By Bob")

    moderation.ban_user(moderator=moderator, user=alice, reason="spam")

    assert featured_titles(client.get("/")) == ["By Bob"]


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed in"])
def test_the_featured_row_costs_the_same_queries_for_one_comic_or_many(signed_in, alice, moderator, django_user_model):
    visitor = client_for(alice) if signed_in else Client()
    featured(alice, moderator, "The first")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert visitor.get("/").status_code == 200
        return len(captured)

    one = queries()
    for n in range(4):
        featured(django_user_model.objects.create_user(f"author{n}"), moderator, f"Another {n}")
    assert len(featured_titles(visitor.get("/"))) == 4  # one row; the gallery has the rest

    assert queries() == one


# --- Calls to action --------------------------------------------------------------------------


def test_a_visitor_is_asked_to_sign_up_or_log_in(client):
    page = client.get("/").content.decode()

    assert f'href="{reverse("accounts:signup")}"' in page
    assert f'href="{reverse("accounts:login")}"' in page
    assert f'href="{reverse("gallery:index")}"' in page
    assert f'href="{reverse("comics:studio")}"' not in page


def test_a_signed_in_reader_is_sent_to_the_studio_and_the_shelf(alice_client):
    page = alice_client.get("/").content.decode()

    assert "Open the studio" in page and f'href="{reverse("comics:shelf")}"' in page
    assert f'href="{reverse("accounts:providers")}"' in page
    assert "Sign up and make a comic" not in page


def test_the_home_page_answers_head_and_refuses_post(client):
    assert client.head("/").status_code == 200
    assert client.post("/").status_code == 405
