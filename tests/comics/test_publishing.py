"""Publishing: finished comics only, open to anyone once published, gone at once when taken back or hidden."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageChops

from comics import publishing, services
from comics.models import Comic
from tests.conftest import client_for
from tests.http import body_of
from tests.pdfs import pdf_page_images, pdf_title

pytestmark = pytest.mark.django_db


def reader_url(comic: Comic) -> str:
    return reverse("comics:reader", args=[comic.pk])


def public_urls(comic: Comic) -> list[str]:
    """The reader and every file a visitor's browser asks for."""
    urls = [reader_url(comic), comic.cover_url(), comic.pdf_url()]
    urls += [page.image_url() for page in comic.pages.all()]
    return urls


def publish(comic: Comic) -> Comic:
    publishing.publish_comic(comic=comic)
    comic.refresh_from_db()
    return comic


def meta(page: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', page)
    return html.unescape(found.group(1)) if found else None


# --- The services -------------------------------------------------------------------------------


def test_only_a_finished_comic_can_be_published(alice, make_comic):
    comic, _ = make_comic(alice)

    with pytest.raises(ValidationError) as raised:
        publishing.publish_comic(comic=comic)

    assert raised.value.message_dict == {"visibility": [publishing.UNFINISHED_MESSAGE]}
    comic.refresh_from_db()
    assert comic.visibility == "private" and comic.published_at is None


def test_publishing_makes_it_public_now(finished_comic):
    before = timezone.now()

    comic = publish(finished_comic)

    assert comic.visibility == "public"
    assert comic.published_at >= before
    assert Comic.objects.published().filter(pk=comic.pk).exists()


def test_publishing_twice_keeps_the_first_date(finished_comic):
    first = publish(finished_comic).published_at

    assert publish(finished_comic).published_at == first


def test_unpublishing_makes_it_private_at_once(finished_comic):
    publish(finished_comic)

    publishing.unpublish_comic(comic=finished_comic)

    finished_comic.refresh_from_db()
    assert finished_comic.visibility == "private" and finished_comic.published_at is None
    assert not Comic.objects.published().filter(pk=finished_comic.pk).exists()


def test_a_title_is_stripped(finished_comic):
    publishing.rename_comic(comic=finished_comic, title="   Tea   for   Two  ")

    finished_comic.refresh_from_db()
    assert finished_comic.title == "Tea for Two"


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "Type a title for your comic."),
        ("  \n ", "Type a title for your comic."),
        ("x" * 201, "Keep the title to 200 characters at most (this one has 201)."),
    ],
)
def test_a_bad_title_is_refused_in_words(finished_comic, title, message):
    old = finished_comic.title

    with pytest.raises(ValidationError) as raised:
        publishing.rename_comic(comic=finished_comic, title=title)

    assert raised.value.message_dict == {"title": [message]}
    finished_comic.refresh_from_db()
    assert finished_comic.title == old


def test_a_refused_publish_undoes_the_rename_made_with_it(alice, make_comic):
    comic, _ = make_comic(alice, idea="an unfinished idea")

    with pytest.raises(ValidationError):
        publishing.update_comic(comic=comic, title="New name", visibility="public")

    comic.refresh_from_db()
    assert comic.title == "" and comic.visibility == "private"


def picture(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def differs(a: Image.Image, b: Image.Image) -> bool:
    return a.size != b.size or ImageChops.difference(a, b).getbbox() is not None


def test_renaming_a_finished_comic_letters_the_new_title_on_its_cover_and_pdf(
    finished_comic, alice_client, django_capture_on_commit_callbacks
):
    old_cover_url, old_cover_name = finished_comic.cover_url(), finished_comic.cover_image.name
    old_cover = body_of(alice_client.get(old_cover_url))
    old_pdf = body_of(alice_client.get(finished_comic.pdf_url()))

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("comics:rename", args=[finished_comic.pk]), {"title": "Tea for Two"})

    assert response.status_code == 302
    finished_comic.refresh_from_db()
    assert finished_comic.cover_url() != old_cover_url, "a new version, so no cache shows the old title"
    new_cover = body_of(alice_client.get(finished_comic.cover_url()))
    assert differs(picture(new_cover), picture(old_cover))
    new_pdf = body_of(alice_client.get(finished_comic.pdf_url()))
    assert pdf_title(old_pdf) != "Tea for Two" and pdf_title(new_pdf) == "Tea for Two"
    old_pages, new_pages = pdf_page_images(old_pdf), pdf_page_images(new_pdf)
    assert len(new_pages) == len(old_pages) == finished_comic.page_count + 1
    assert differs(new_pages[0], old_pages[0]), "the PDF's cover carries the new title"
    assert not any(differs(new, old) for new, old in zip(new_pages[1:], old_pages[1:], strict=True))
    assert old_cover_name not in services.comic_files(finished_comic.pk), "the old cover is not left behind"


def test_renaming_to_the_same_title_keeps_the_cover(finished_comic):
    cover_name, pdf_name = finished_comic.cover_image.name, finished_comic.pdf.name

    publishing.rename_comic(comic=finished_comic, title=f"  {finished_comic.title} ")

    finished_comic.refresh_from_db()
    assert (finished_comic.cover_image.name, finished_comic.pdf.name) == (cover_name, pdf_name)


def test_a_refused_change_stores_no_new_cover(finished_comic):
    files = sorted(services.comic_files(finished_comic.pk))

    with pytest.raises(ValidationError):
        publishing.update_comic(comic=finished_comic, title="Tea for Two", visibility="everyone")

    assert sorted(services.comic_files(finished_comic.pk)) == files


# --- Anyone may read a published comic -----------------------------------------------------------


def test_anonymous_visitors_read_a_published_comic_and_its_files(finished_comic):
    publish(finished_comic)
    visitor = Client()

    for url in public_urls(finished_comic):
        response = visitor.get(url)
        assert response.status_code == 200, url
        assert body_of(response), url
    assert body_of(visitor.get(finished_comic.pdf_url())).startswith(b"%PDF")


def test_the_public_reader_names_the_author(finished_comic, alice):
    alice.display_name = "Alice Inkwell"
    alice.save()
    publish(finished_comic)

    page = html.unescape(Client().get(reader_url(finished_comic)).content.decode())

    assert "by Alice Inkwell" in page


def test_the_reader_tells_anonymous_visitors_to_sign_up_to_make_their_own(finished_comic):
    publish(finished_comic)

    page = Client().get(reader_url(finished_comic)).content.decode()

    assert re.search(rf'<a [^>]*href="{reverse("accounts:signup")}"[^>]*>Make your own</a>', page)
    assert ">My shelf</a>" not in page
    assert "Make another" not in page
    assert reverse("comics:delete", args=[finished_comic.pk]) not in page
    assert reverse("comics:publish", args=[finished_comic.pk]) not in page
    assert reverse("comics:unpublish", args=[finished_comic.pk]) not in page


def test_another_user_reading_is_offered_the_studio_not_the_owners_controls(finished_comic, bob_client):
    publish(finished_comic)

    page = bob_client.get(reader_url(finished_comic)).content.decode()

    assert re.search(rf'<a [^>]*href="{reverse("comics:studio")}"[^>]*>Make your own</a>', page)
    assert reverse("comics:unpublish", args=[finished_comic.pk]) not in page
    assert reverse("comics:delete", args=[finished_comic.pk]) not in page


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({}, id="private"),
        pytest.param({"visibility": "public", "hidden_at": timezone.now(), "hidden_reason": "spam"}, id="hidden"),
    ],
)
def test_a_private_or_hidden_comic_is_a_404_for_everyone_else(finished_comic, bob_client, change):
    Comic.objects.filter(pk=finished_comic.pk).update(**change)

    for client in (Client(), bob_client):
        for url in public_urls(finished_comic):
            response = client.get(url)
            assert response.status_code == 404, url
            assert not response.streaming, url


def test_a_banned_authors_comic_is_a_404_for_everyone_else(finished_comic, alice, bob_client):
    publish(finished_comic)
    alice.banned_at = timezone.now()
    alice.save()

    for client in (Client(), bob_client):
        for url in public_urls(finished_comic):
            assert client.get(url).status_code == 404, url


def test_the_owner_still_reads_a_hidden_comic_and_is_told_why(finished_comic, alice_client):
    Comic.objects.filter(pk=finished_comic.pk).update(
        visibility="public", hidden_at=timezone.now(), hidden_reason="Reported as spam."
    )

    page = alice_client.get(reader_url(finished_comic)).content.decode()

    assert "Hidden by a moderator" in page
    assert "Reported as spam." in page
    assert "anyone with the link can read it" not in page


def test_unpublishing_takes_it_away_at_once(finished_comic, alice_client):
    publish(finished_comic)
    visitor = Client()
    assert visitor.get(reader_url(finished_comic)).status_code == 200

    response = alice_client.post(reverse("comics:unpublish", args=[finished_comic.pk]))

    assert response.status_code == 302
    for url in public_urls(finished_comic):
        assert visitor.get(url).status_code == 404, url


# --- The owner's controls on the reader ---------------------------------------------------------------


def test_the_owner_publishes_from_the_reader_and_comes_back_to_it(finished_comic, alice_client):
    page = alice_client.get(reader_url(finished_comic)).content.decode()
    assert "Private: only you can read it." in page
    assert reverse("comics:publish", args=[finished_comic.pk]) in page

    response = alice_client.post(
        reverse("comics:publish", args=[finished_comic.pk]), {"next": reader_url(finished_comic)}, follow=True
    )

    assert response.redirect_chain == [(reader_url(finished_comic), 302)]
    page = html.unescape(response.content.decode())
    assert "is published: anyone with its link can read it." in page
    assert reverse("comics:unpublish", args=[finished_comic.pk]) in page
    assert "under the name <strong>alice</strong>" in page


def test_anonymous_cannot_publish(finished_comic):
    response = Client().post(reverse("comics:publish", args=[finished_comic.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    finished_comic.refresh_from_db()
    assert not finished_comic.is_public


def test_a_moderator_cannot_publish_someone_elses_comic(finished_comic, moderator):
    response = client_for(moderator).post(reverse("comics:publish", args=[finished_comic.pk]))

    assert response.status_code == 404
    finished_comic.refresh_from_db()
    assert not finished_comic.is_public


# --- Link previews ---------------------------------------------------------------------------------


def test_a_published_reader_has_open_graph_and_twitter_tags(finished_comic):
    publish(finished_comic)

    page = Client().get(reader_url(finished_comic)).content.decode()

    cover = f"http://testserver{finished_comic.cover_url()}"
    assert meta(page, "og:title") == finished_comic.title
    assert meta(page, "og:description") == finished_comic.idea
    assert meta(page, "og:image") == cover
    assert meta(page, "og:url") == f"http://testserver{reader_url(finished_comic)}"
    assert meta(page, "og:type") == "article"
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "twitter:title") == finished_comic.title
    assert meta(page, "twitter:description") == finished_comic.idea
    assert meta(page, "twitter:image") == cover
    assert Client().get(cover).status_code == 200, "the preview's image opens for anyone"


def test_a_long_idea_is_shortened_for_the_preview(alice, make_comic, finished_comic):
    Comic.objects.filter(pk=finished_comic.pk).update(idea="word " * 100)
    publish(finished_comic)

    description = meta(Client().get(reader_url(finished_comic)).content.decode(), "og:description")

    assert len(description) <= 200
    assert description.endswith("…")


def test_a_private_reader_has_no_preview_tags(finished_comic, alice_client):
    page = alice_client.get(reader_url(finished_comic)).content.decode()

    assert meta(page, "og:image") is None
    assert meta(page, "twitter:card") is None
