"""The PDF downloads under a safe name made from the comic's whole title."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from comics.downloads import attachment_disposition, download_name

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def download(alice, alice_client, make_comic):
    """The Content-Disposition alice's browser gets for a comic titled ``title``."""

    def get(title: str) -> str:
        comic, _job = make_comic(alice)
        comic.title = title
        comic.pdf.save("comic.pdf", ContentFile(PDF_BYTES), save=False)
        comic.save()
        response = alice_client.get(reverse("comics:pdf", args=[comic.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        return response["Content-Disposition"]

    return get


def utf8_name(disposition: str) -> str:
    """The name a browser that reads RFC 6266 ``filename*`` saves under."""
    marker = "filename*=UTF-8''"
    assert marker in disposition, disposition
    return unquote(disposition.split(marker, 1)[1].split(";", 1)[0])


def test_a_slash_in_the_title_no_longer_cuts_the_name(download):
    assert download("Ratchet and the AC/DC Crown") == 'attachment; filename="ratchet-and-the-ac-dc-crown.pdf"'


def test_markup_in_the_title_is_stripped(download):
    assert download("Nutmeg's <b>tea</b> Shop") == 'attachment; filename="nutmegs-tea-shop.pdf"'


def test_a_japanese_title_keeps_its_name_for_browsers_and_has_an_ascii_fallback(download):
    disposition = download("宝物の旅")

    assert disposition.startswith('attachment; filename="comic.pdf"; ')
    assert utf8_name(disposition) == "宝物の旅.pdf"
    disposition.encode("ascii")  # a header value every client can read


def test_accents_survive_in_the_utf8_name_and_fold_in_the_ascii_one(download):
    disposition = download("Café Noël")

    assert disposition.startswith('attachment; filename="cafe-noel.pdf"; ')
    assert utf8_name(disposition) == "café-noël.pdf"


@pytest.mark.parametrize("title", ["?!/…", "", "<b></b>", "🔑🔑"])
def test_a_title_with_nothing_to_name_the_file_by_falls_back(download, title):
    assert download(title) == 'attachment; filename="comic.pdf"'


def test_the_naming_rule_is_shared_and_bounded():
    assert download_name("Ratchet and the AC/DC Crown", "epub") == "ratchet-and-the-ac-dc-crown.epub"
    long_name = download_name("word " * 100, "pdf")
    assert len(long_name) <= 84 and long_name.endswith("word.pdf")
    assert attachment_disposition('Quote " and \\ backslash', "pdf") == (
        'attachment; filename="quote-and-backslash.pdf"'
    )
