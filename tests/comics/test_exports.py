"""The CBZ, EPUB and ZIP downloads: the very pages the reader shows, packaged so common readers open them."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageOps
from rest_framework.authtoken.models import Token

from comics import publishing
from comics.models import Comic, Page
from comics.transcript import alt_text
from tests.conftest import client_for
from tests.http import body_of

pytestmark = pytest.mark.django_db

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "container": "urn:oasis:names:tc:opendocument:xmlns:container",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def download_url(comic: Comic, export: str) -> str:
    return reverse(f"comics:download_{export}", args=[comic.pk])


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def lettered_pages(comic: Comic) -> list[bytes]:
    """The cover, then every lettered page, as stored: what the reader shows."""
    return [stored(comic.cover_image), *(stored(page.image) for page in comic.pages.all())]


def archive(client: Client, comic: Comic, export: str) -> zipfile.ZipFile:
    response = client.get(download_url(comic, export))
    assert response.status_code == 200, response.content[:300]
    return zipfile.ZipFile(io.BytesIO(response.content))


def a_dialogue_line(comic: Comic) -> tuple[int, str]:
    """A page number and one of its bubbles as a screen reader hears it: "Speaker: text"."""
    for page in comic.pages.all():
        for panel in page.panels.all():
            for line in panel.dialogue:
                if line.get("speaker", "").strip() and line.get("text", "").strip():
                    return page.number, f"{line['speaker'].strip()}: {line['text'].strip()}"
    raise AssertionError("the finished comic has no dialogue")


# --- CBZ -----------------------------------------------------------------------------------------


def test_the_cbz_holds_the_lettered_pages_in_reading_order_cover_first(finished_comic, alice_client):
    cbz = archive(alice_client, finished_comic, "cbz")

    images = [entry for entry in cbz.infolist() if entry.filename != "ComicInfo.xml"]
    names = [entry.filename for entry in images]
    assert names == ["000-cover.png", "001.png", "002.png"]
    assert names == sorted(names), "readers that sort by name see the same order"
    assert [cbz.read(entry) for entry in images] == lettered_pages(finished_comic), "byte for byte, not re-encoded"
    assert all(entry.compress_type == zipfile.ZIP_STORED for entry in images)


def test_the_cbz_says_what_the_comic_is_in_comic_info(finished_comic, alice_client, alice):
    info = ET.fromstring(archive(alice_client, finished_comic, "cbz").read("ComicInfo.xml"))

    assert info.tag == "ComicInfo"
    assert info.findtext("Title") == finished_comic.title
    assert info.findtext("Summary") == finished_comic.idea
    assert info.findtext("Writer") == alice.byline
    assert info.findtext("PageCount") == str(finished_comic.page_count + 1)
    assert info.findtext("LanguageISO") == "en"
    assert info.findtext("Manga") == "No", "pages are read left to right"
    assert "Panelcraft" in info.findtext("Notes")
    pages = info.findall("Pages/Page")
    assert [page.get("Image") for page in pages] == ["0", "1", "2"]
    assert [page.get("Type") for page in pages] == ["FrontCover", "Story", "Story"]
    assert {(page.get("ImageWidth"), page.get("ImageHeight")) for page in pages} == {("1240", "1754")}


def test_markup_in_the_title_stays_text_in_comic_info(finished_comic, alice_client):
    Comic.objects.filter(pk=finished_comic.pk).update(title='Tea & <Cake> "for two"')

    info = ET.fromstring(archive(alice_client, finished_comic, "cbz").read("ComicInfo.xml"))

    assert info.findtext("Title") == 'Tea & <Cake> "for two"'


# --- EPUB ----------------------------------------------------------------------------------------


@pytest.fixture
def epub(finished_comic, alice_client) -> zipfile.ZipFile:
    return archive(alice_client, finished_comic, "epub")


def package_of(epub: zipfile.ZipFile) -> tuple[str, ET.Element]:
    """The OPF's path, found the way a reading system finds it (from container.xml), and its XML."""
    container = ET.fromstring(epub.read("META-INF/container.xml"))
    rootfiles = container.findall("container:rootfiles/container:rootfile", NS)
    assert len(rootfiles) == 1 and rootfiles[0].get("media-type") == "application/oebps-package+xml"
    path = rootfiles[0].get("full-path")
    return path, ET.fromstring(epub.read(path))


def test_the_epub_starts_with_its_mimetype_stored_as_ocf_requires(epub):
    first = epub.infolist()[0]

    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED and first.extra == b""
    assert epub.read(first) == b"application/epub+zip"


def test_the_epub_package_lists_every_page_in_reading_order_with_a_fixed_layout(epub, finished_comic, alice):
    opf_path, opf = package_of(epub)
    base = posixpath.dirname(opf_path)
    metadata = opf.find("opf:metadata", NS)
    meta = {element.get("property"): element.text for element in metadata.findall("opf:meta", NS)}

    assert opf.get("version") == "3.0"
    assert meta["rendition:layout"] == "pre-paginated" and meta["rendition:spread"] == "auto"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", meta["dcterms:modified"])
    assert metadata.findtext("dc:title", namespaces=NS) == finished_comic.title
    assert metadata.findtext("dc:creator", namespaces=NS) == alice.byline
    assert metadata.findtext("dc:language", namespaces=NS) == "en"
    identifier = metadata.find("dc:identifier", NS)
    assert identifier.get("id") == opf.get("unique-identifier") and identifier.text.startswith("urn:uuid:")

    items = {item.get("id"): item for item in opf.findall("opf:manifest/opf:item", NS)}
    for item in items.values():
        assert posixpath.join(base, item.get("href")) in epub.namelist(), item.get("href")
    spine = [items[ref.get("idref")].get("href") for ref in opf.findall("opf:spine/opf:itemref", NS)]
    assert spine == ["cover.xhtml", "page-001.xhtml", "page-002.xhtml"]
    cover = [item for item in items.values() if item.get("properties") == "cover-image"]
    assert len(cover) == 1
    assert epub.read(posixpath.join(base, cover[0].get("href"))) == stored(finished_comic.cover_image)
    assert [item.get("href") for item in items.values() if item.get("properties") == "nav"] == ["nav.xhtml"]


def test_the_epub_table_of_contents_lists_every_page(epub):
    opf_path, _opf = package_of(epub)
    nav = ET.fromstring(epub.read(posixpath.join(posixpath.dirname(opf_path), "nav.xhtml")))

    (toc,) = [element for element in nav.iter(f"{{{NS['xhtml']}}}nav") if element.get(EPUB_TYPE) == "toc"]
    links = [(a.text, a.get("href")) for a in toc.iter(f"{{{NS['xhtml']}}}a")]
    assert links == [("Cover", "cover.xhtml"), ("Page 1", "page-001.xhtml"), ("Page 2", "page-002.xhtml")]


def test_every_epub_page_is_xhtml_with_its_image_alt_text_and_transcript(epub, finished_comic):
    opf_path, _opf = package_of(epub)
    base = posixpath.dirname(opf_path)
    said_on, line = a_dialogue_line(finished_comic)

    for page in finished_comic.pages.all():
        document = ET.fromstring(epub.read(f"{base}/page-{page.number:03d}.xhtml"))  # well-formed XML
        assert document.tag == f"{{{NS['xhtml']}}}html"
        (img,) = document.iter(f"{{{NS['xhtml']}}}img")
        panels = list(page.panels.all())
        assert img.get("alt") == alt_text(panels, page_number=page.number, picture_book=False)
        image = epub.read(posixpath.normpath(posixpath.join(base, img.get("src"))))
        assert image == stored(page.image)
        width, height = Image.open(io.BytesIO(image)).size
        viewport = [m.get("content") for m in document.iter(f"{{{NS['xhtml']}}}meta") if m.get("name") == "viewport"]
        assert viewport == [f"width={width}, height={height}"]
        words = [p.text for p in document.iterfind(".//xhtml:section/xhtml:p", NS)]
        if page.number == said_on:
            assert line in words, "the bubble is text a screen reader can read, not only pixels"
    style = epub.read(f"{base}/style.css").decode()
    assert "display: none" not in style, "the transcript is hidden from the eye only"


def test_downloading_again_gives_the_same_book(finished_comic, alice_client):
    """Same identifier, same bytes: a reader's library sees one book, not a new copy per download."""
    first = alice_client.get(download_url(finished_comic, "epub")).content
    second = alice_client.get(download_url(finished_comic, "epub")).content

    assert first == second


# --- ZIP of pages --------------------------------------------------------------------------------


def test_the_zip_has_every_page_as_its_png(finished_comic, alice_client):
    pages = archive(alice_client, finished_comic, "zip")

    assert pages.namelist() == ["000-cover.png", "001.png", "002.png"]
    assert [pages.read(name) for name in pages.namelist()] == lettered_pages(finished_comic)
    assert all(pages.read(name).startswith(b"\x89PNG\r\n\x1a\n") for name in pages.namelist())


# --- Serving: names, types, who may download, caching --------------------------------------------


@pytest.mark.parametrize(
    ("export", "content_type"),
    [("cbz", "application/vnd.comicbook+zip"), ("epub", "application/epub+zip"), ("zip", "application/zip")],
)
def test_each_download_is_an_attachment_named_after_the_title(finished_comic, alice_client, export, content_type):
    Comic.objects.filter(pk=finished_comic.pk).update(title="Ratchet and the AC/DC Crown")

    response = alice_client.get(download_url(finished_comic, export))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="ratchet-and-the-ac-dc-crown.{export}"'


@pytest.mark.parametrize("export", ["cbz", "epub", "zip"])
def test_downloads_follow_the_reading_rule(finished_comic, alice_client, bob_client, moderator, export):
    url = download_url(finished_comic, export)

    assert alice_client.get(url).status_code == 200
    assert client_for(moderator).get(url).status_code == 200
    assert bob_client.get(url).status_code == 404
    assert Client().get(url).status_code == 404

    publishing.publish_comic(comic=finished_comic)

    assert Client().get(url).status_code == 200
    assert bob_client.get(url).status_code == 200

    Comic.objects.filter(pk=finished_comic.pk).update(hidden_at=timezone.now(), hidden_reason="not for children")

    assert Client().get(url).status_code == 404, "hidden by a moderator: the author's and moderators' only"
    assert alice_client.get(url).status_code == 200


def test_an_api_token_downloads_too(finished_comic, alice):
    key = Token.objects.create(user=alice).key

    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get(download_url(finished_comic, "cbz"))

    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.comicbook+zip"


def test_a_private_download_is_never_kept_by_shared_caches(finished_comic, alice_client):
    response = alice_client.get(download_url(finished_comic, "epub"))

    assert response["Cache-Control"] == "private, no-cache"
    assert "Cookie" in response["Vary"]


def test_an_unchanged_comic_is_not_sent_again(finished_comic, alice_client):
    url = download_url(finished_comic, "cbz")
    etag = alice_client.get(url)["ETag"]

    again = alice_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag


def test_a_relettered_page_makes_a_new_download(finished_comic, alice_client):
    url = download_url(finished_comic, "cbz")
    etag = alice_client.get(url)["ETag"]
    page = finished_comic.pages.get(index=0)
    redrawn = ImageOps.invert(Image.open(io.BytesIO(stored(page.image))).convert("RGB"))
    buffer = io.BytesIO()
    redrawn.save(buffer, format="PNG")
    page.image.save("page-1.png", ContentFile(buffer.getvalue()), save=False)
    Page.objects.filter(pk=page.pk).update(image=page.image.name)

    response = alice_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    cbz = zipfile.ZipFile(io.BytesIO(response.content))
    assert cbz.read("001.png") == buffer.getvalue()


def test_an_unfinished_comic_has_nothing_to_download_yet(alice, alice_client, bob_client, make_comic):
    comic, job = make_comic(alice)

    response = alice_client.get(download_url(comic, "epub"))

    assert response.status_code == 409
    page = response.content.decode()
    assert "not ready to download" in page and job.get_absolute_url() in page
    assert bob_client.get(download_url(comic, "epub")).status_code == 404


def test_the_reader_offers_every_download_next_to_the_pdf(finished_comic, alice_client):
    page = body_of(alice_client.get(finished_comic.get_absolute_url())).decode()

    for export, label in [
        ("pdf", "PDF"),
        ("cbz", "Comic book (CBZ)"),
        ("epub", "E-book (EPUB)"),
        ("zip", "Pages (ZIP of PNGs)"),
    ]:
        link = re.search(rf'<a [^>]*id="download-{export}" href="([^"]+)"[^>]*>{re.escape(label)}</a>', page)
        assert link, export
        assert alice_client.get(link.group(1).replace("&amp;", "&")).status_code == 200, export
