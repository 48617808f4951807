"""Recipe links: /studio/?idea=…&kind=… fills the studio in, and a book's reader offers "Make one like this"."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from comics.models import Comic, GenerationJob
from tests.conftest import client_for
from tests.http import body_of

pytestmark = pytest.mark.django_db

STUDIO = reverse("comics:studio")


class _FormValues(HTMLParser):
    """What the studio form would send as it is shown: each field's value, as a browser reads the HTML."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            if attrs.get("type") in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "")
            else:
                self.values[name] = attrs.get("value") or ""
        elif tag == "select":
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self.values[self._select] = value
        elif tag == "textarea":
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.values.setdefault(self._select, self._first_option or "")
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def studio_values(client, query: str = "") -> dict[str, str]:
    response = client.get(f"{STUDIO}?{query}" if query else STUDIO)
    assert response.status_code == 200
    parser = _FormValues()
    parser.feed(body_of(response).decode())
    return parser.values


def finished(comic: Comic, *, public: bool = False) -> Comic:
    """Marked as made (and published), without running the pipeline: the reader only needs its settings."""
    visibility = Comic.Visibility.PUBLIC if public else Comic.Visibility.PRIVATE
    Comic.objects.filter(pk=comic.pk).update(pdf=f"comics/{comic.pk}/book.pdf", visibility=visibility)
    GenerationJob.objects.filter(comic=comic).update(status=GenerationJob.Status.SUCCEEDED)
    comic.refresh_from_db()
    return comic


def make_one_like_this(client, comic: Comic) -> str:
    """The reader's "Make one like this" link (as the HTML has it, entities decoded)."""
    page = body_of(client.get(reverse("comics:reader", args=[comic.pk]))).decode()
    parser = _Links()
    parser.feed(page)
    return parser.links.get("make-like-this", "")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("id"):
            self.links[attrs["id"]] = attrs.get("href", "")


# --- Prefilling -----------------------------------------------------------------------------


def test_a_recipe_link_fills_the_studio_in(alice_client):
    query = urlencode(
        {
            "idea": "a lighthouse keeper who befriends a storm",
            "kind": "comic",
            "style": "manga",
            "layout": "strips",
            "pages": "6",
            "panels_per_page": "3",
            "page_size": "square",
        }
    )

    values = studio_values(alice_client, query)

    assert values["idea"] == "a lighthouse keeper who befriends a storm"
    assert values["kind"] == "comic"
    assert values["style"] == "manga"
    assert values["layout"] == "strips"
    assert values["pages"] == "6"
    assert values["panels_per_page"] == "3"
    assert values["page_size"] == "square"


def test_a_recipe_link_only_fills_in_and_makes_nothing(alice_client):
    page = body_of(alice_client.get(f"{STUDIO}?{urlencode({'idea': 'a tiny robot gardener', 'pages': '2'})}")).decode()

    assert not Comic.objects.exists()
    assert "field-errors" not in page  # an unsubmitted form, so nothing is refused either
    assert 'id="recipe-note"' in page


def test_without_a_recipe_the_studio_keeps_its_defaults(alice_client):
    values = studio_values(alice_client)
    page = body_of(alice_client.get(STUDIO)).decode()

    assert (values["idea"], values["kind"], values["style"]) == ("", "comic", "classic-comic")
    assert (values["layout"], values["pages"], values["panels_per_page"]) == ("grid", "4", "4")
    assert values["page_size"] == "a4-portrait"
    assert 'id="recipe-note"' not in page


@pytest.mark.parametrize(
    "name,bad",
    [
        ("kind", "novel"),
        ("style", "oil-painting"),
        ("layout", "full-page"),  # a picture book's own layout is not one a comic may pick
        ("layout", "spiral"),
        ("pages", "0"),
        ("pages", "13"),
        ("pages", "four"),
        ("panels_per_page", "7"),
        ("panels_per_page", "-1"),
        ("page_size", "letter"),
        ("idea", "x" * 1001),
        ("idea", "   "),
    ],
)
def test_a_value_the_studio_would_refuse_is_ignored_and_the_default_kept(alice_client, name, bad):
    defaults = studio_values(alice_client)

    good = ("page_size", "square") if name == "style" else ("style", "storybook")

    values = studio_values(alice_client, urlencode(dict([(name, bad), good])))

    assert values[name] == defaults[name]
    assert values[good[0]] == good[1]  # the good values of the same link still count


def test_the_sites_own_page_cap_applies_to_a_recipe(alice_client, settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "MAX_PAGES": 3}

    assert studio_values(alice_client, "pages=8")["pages"] == "3"  # the default, lowered to the cap
    assert studio_values(alice_client, "pages=2")["pages"] == "2"


def test_an_idea_with_markup_is_shown_as_text(alice_client):
    page = body_of(alice_client.get(f"{STUDIO}?{urlencode({'idea': '</textarea><script>alert(1)</script>'})}"))

    assert b"<script>alert(1)</script>" not in page
    assert studio_values(alice_client, urlencode({"idea": "a <b>bold</b> cat"}))["idea"] == "a <b>bold</b> cat"


def test_a_post_is_not_filled_in_from_the_address(alice_client):
    response = alice_client.post(f"{STUDIO}?idea=a+quiet+fox", {"idea": "", "kind": "comic", "pages": "2"})

    page = body_of(response).decode()
    assert response.status_code == 200
    assert "Type an idea for your story." in page
    assert "a quiet fox" not in page
    assert not Comic.objects.exists()


# --- "Make one like this" ------------------------------------------------------------------


def test_the_readers_link_round_trips_to_the_same_settings(alice, alice_client, make_comic):
    original, _job = make_comic(
        alice,
        idea="two snails race to the garden gate & back",
        pages=3,
        panels_per_page=5,
        style="ligne-claire",
        layout="feature",
        page_size="a4-landscape",
    )
    link = make_one_like_this(alice_client, finished(original))
    assert link.startswith(STUDIO + "?")

    shown = studio_values(alice_client, link.partition("?")[2])
    response = alice_client.post(STUDIO, shown)

    assert response.status_code == 302, body_of(response).decode()[:2000]
    copy = Comic.objects.exclude(pk=original.pk).get()
    settings = ("idea", "kind", "style", "layout", "page_count", "panels_per_page", "page_size")
    assert {name: getattr(copy, name) for name in settings} == {name: getattr(original, name) for name in settings}
    assert copy.owner == alice


def test_a_picture_books_link_makes_a_picture_book(alice, alice_client, make_comic):
    original, _job = make_comic(alice, kind="picture_book", pages=5, style="storybook", page_size="square")
    link = make_one_like_this(alice_client, finished(original))
    assert "panels_per_page" not in link and "layout" not in link  # the kind decides them

    alice_client.post(STUDIO, studio_values(alice_client, link.partition("?")[2]))

    copy = Comic.objects.exclude(pk=original.pk).get()
    assert (copy.kind, copy.page_count, copy.style, copy.page_size) == ("picture_book", 5, "storybook", "square")
    assert (copy.panels_per_page, copy.layout) == (1, "full-page")


def test_a_visitor_of_a_public_comic_gets_the_link(alice, bob_client, make_comic):
    comic = finished(make_comic(alice, style="neon-night")[0], public=True)

    link = make_one_like_this(bob_client, comic)

    assert link
    assert studio_values(bob_client, link.partition("?")[2])["style"] == "neon-night"


def test_a_visitor_who_is_not_signed_in_lands_on_the_filled_in_studio_after_login(alice, bob, client, make_comic):
    comic = finished(make_comic(alice, idea="a moth who is afraid of the dark", style="manga")[0], public=True)
    link = make_one_like_this(client, comic)
    assert link

    to_login = client.get(link)
    assert to_login.status_code == 302
    assert to_login["Location"].startswith(reverse("accounts:login"))
    login_page = client.get(to_login["Location"])
    assert login_page.status_code == 200
    next_url = login_page.context["next"]
    assert next_url == link

    signed_in = client.post(
        to_login["Location"], {"username": "bob", "password": "another-horse-battery", "next": next_url}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == link
    values = studio_values(client, signed_in["Location"].partition("?")[2])
    assert (values["idea"], values["style"]) == ("a moth who is afraid of the dark", "manga")


def test_no_link_for_a_private_comic_read_by_a_moderator(alice, moderator, make_comic):
    comic = finished(make_comic(alice)[0])
    reader = client_for(moderator).get(reverse("comics:reader", args=[comic.pk]))
    assert reader.status_code == 200  # a moderator may read it, yet it is not theirs to pass on

    assert make_one_like_this(client_for(moderator), comic) == ""


def test_the_owner_gets_the_link_for_a_private_comic(alice, alice_client, make_comic):
    comic = finished(make_comic(alice)[0])

    assert make_one_like_this(alice_client, comic).startswith(STUDIO + "?")
