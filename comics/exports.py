"""A finished comic as a comic book archive (CBZ), an EPUB 3 and a ZIP of its pages.

Each is packaged on request from the stored lettered pages, byte for byte:
nothing is decoded or encoded again, so a package costs a few reads and a
ZIP, and always shows what the reader shows. The images are stored in the
archives, not deflated: a PNG is compressed already.

Free of Django, like the PDF: the packages are made from plain data
(``ExportBook``); ``book_for`` gathers that data from anything shaped like
the models (a comic with ``cover_image``, ``owner.byline``, ``cast``; pages
with ``image`` and ``panels``), as ``comics.transcript`` does.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from PIL import Image

from .transcript import alt_text, transcript

#: What made the packages: in the CBZ's notes and the EPUB's metadata.
GENERATOR = "Panelcraft"
LANGUAGE = "en"
#: Part of every package's version: raise it when the packages change shape, so no cached copy is reused.
PACKAGE_FORMAT = "1"

CBZ, EPUB, ZIP = "cbz", "epub", "zip"
CONTENT_TYPES = {
    CBZ: "application/vnd.comicbook+zip",
    EPUB: "application/epub+zip",
    ZIP: "application/zip",
}

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
OPF_PATH = "OEBPS/package.opf"

_FILE_MODE = 0o644 << 16  # rw-r--r-- once unpacked
# Characters XML 1.0 cannot carry at all, not even escaped; a stray one would make the file unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# The page image fills the viewport (its own size); the transcript stays in the page for screen readers
# and search, but takes no room and covers nothing (hidden from the eye only, never display: none).
STYLESHEET = """\
html, body { margin: 0; padding: 0; width: 100%; height: 100%; overflow: hidden; }
img.page { display: block; width: 100%; height: 100%; }
.transcript {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
"""


class NotReady(Exception):
    """The comic is not finished: some page (or the cover) has no lettered image to package yet."""


@dataclass(frozen=True)
class ExportPage:
    """One lettered page as stored: ``number`` 0 is the cover."""

    number: int
    image: bytes
    alt: str
    transcript: tuple[str, ...] = ()  # what is written on it, line by line ("Speaker: text")

    @property
    def suffix(self) -> str:
        return "jpg" if self.image[:3] == b"\xff\xd8\xff" else "png"

    @property
    def media_type(self) -> str:
        return "image/jpeg" if self.suffix == "jpg" else "image/png"

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in pixels, from the image's header (nothing is decoded)."""
        with Image.open(io.BytesIO(self.image)) as image:
            return image.size

    @property
    def label(self) -> str:
        return "Cover" if self.number == 0 else f"Page {self.number}"


@dataclass(frozen=True)
class ExportBook:
    identifier: str  # "urn:uuid:…", the same for every download of one comic
    title: str
    author: str
    summary: str
    modified: datetime
    cover: ExportPage | None
    pages: tuple[ExportPage, ...]
    characters: tuple[str, ...] = ()
    language: str = LANGUAGE

    @property
    def sheets(self) -> list[ExportPage]:
        """The cover (if any), then the pages: reading order."""
        return ([self.cover] if self.cover else []) + list(self.pages)


# --- From the stored comic ----------------------------------------------------------------------


def book_identifier(site: str, comic_id: int, created: datetime) -> str:
    """A stable ``urn:uuid``: the same comic on the same site is the same book in a reader's library."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site}/comics/{comic_id}/{created.isoformat()}"))


def package_version(comic, pages) -> str:
    """A short hash of what goes into the packages: the lettered files' stored names and the metadata.

    A stored file is never overwritten (a re-lettered page is saved under a
    new name), so equal names mean equal pages: this is the ETag, known
    without reading a file, and it changes with any edit that re-letters.
    """
    parts = [
        PACKAGE_FORMAT,
        str(comic.pk),
        comic.cover_image.name or "",
        *(page.image.name or "" for page in pages),
        comic.display_title,
        comic.owner.byline,
        comic.idea,
        *(character.name for character in comic.cast.all()),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def _read(stored) -> bytes:
    with stored.open("rb") as handle:
        return handle.read()


def _stored_at(stored) -> datetime | None:
    """When the file was written, if its storage can tell."""
    try:
        return stored.storage.get_modified_time(stored.name)
    except (NotImplementedError, OSError):
        return None


def book_for(comic, pages, *, site: str) -> ExportBook:
    """The comic's lettered pages and metadata, read from storage, ready to package.

    Raises ``NotReady`` when a page or the cover has no lettered image yet,
    and ``FileNotFoundError`` when a recorded file is gone from storage.
    """
    if not comic.cover_image or any(not page.image for page in pages):
        raise NotReady(comic.pk)
    title, author = comic.display_title, comic.owner.byline
    # The cover's words are its title and byline, lettered on it.
    cover_words = (title, f"by {author}")
    cover = ExportPage(0, _read(comic.cover_image), alt=f"Cover: {title}, by {author}.", transcript=cover_words)
    sheets = []
    for page in pages:
        panels = sorted(page.panels.all(), key=lambda panel: panel.index)
        sheets.append(
            ExportPage(
                page.number,
                _read(page.image),
                alt=alt_text(panels, page_number=page.number, picture_book=comic.is_picture_book),
                transcript=tuple(str(line) for line in transcript(panels)),
            )
        )
    written = [when for when in (_stored_at(f) for f in [comic.cover_image, *(p.image for p in pages)]) if when]
    return ExportBook(
        identifier=book_identifier(site, comic.pk, comic.created_at),
        title=title,
        author=author,
        summary=comic.idea,
        modified=max(written, default=comic.updated_at),
        cover=cover,
        pages=tuple(sheets),
        characters=tuple(character.name for character in comic.cast.all()),
    )


# --- Archives -----------------------------------------------------------------------------------


def image_names(book: ExportBook) -> list[str]:
    """File names that sort into reading order: ``000-cover.png``, ``001.png``, ``002.png``, …"""
    width = max(3, len(str(len(book.pages))))
    return [f"{sheet.number:0{width}d}{'-cover' if sheet.number == 0 else ''}.{sheet.suffix}" for sheet in book.sheets]


class _Archive:
    """A ZIP written in a set order, with the same date on every entry, so equal books make equal bytes."""

    def __init__(self, modified: datetime):
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w")
        when = modified.astimezone(UTC) if modified.tzinfo else modified
        self.date_time = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))

    def add(self, name: str, data: bytes | str, *, deflate: bool = False) -> None:
        entry = zipfile.ZipInfo(name, date_time=self.date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
        entry.external_attr = _FILE_MODE
        self.zip.writestr(entry, data)

    def close(self) -> bytes:
        self.zip.close()
        return self.buffer.getvalue()


def _text(value: str) -> str:
    return _NOT_XML.sub("", value or "")


def _xml(root: ET.Element, *, doctype: str = "") -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + ET.tostring(root, encoding="unicode") + "\n"


def _sub(parent: ET.Element, tag: str, text: str | None = None, attributes: dict[str, str] | None = None) -> ET.Element:
    """A child element; ElementTree escapes the text and attributes, ``_text`` drops what XML cannot hold."""
    element = ET.SubElement(parent, tag, {name: _text(value) for name, value in (attributes or {}).items()})
    if text is not None:
        element.text = _text(text)
    return element


def comic_info(book: ExportBook) -> str:
    """``ComicInfo.xml`` (the ComicRack schema, read by Komga, Kavita, CDisplayEx, …), in the schema's order."""
    root = ET.Element("ComicInfo")
    _sub(root, "Title", book.title)
    if book.summary:
        _sub(root, "Summary", book.summary)
    _sub(root, "Notes", f"Made with {GENERATOR}.")
    _sub(root, "Writer", book.author)
    _sub(root, "PageCount", str(len(book.sheets)))
    _sub(root, "LanguageISO", book.language)
    # "No" even for a manga style: "Yes" and "YesAndRightToLeft" make readers turn the pages right to
    # left, and every page here is laid out and lettered to be read left to right.
    _sub(root, "Manga", "No")
    if book.characters:
        _sub(root, "Characters", ", ".join(book.characters))
    listing = _sub(root, "Pages")
    for index, sheet in enumerate(book.sheets):
        width, height = sheet.size
        _sub(
            listing,
            "Page",
            attributes={
                "Image": str(index),
                "Type": "FrontCover" if sheet.number == 0 else "Story",
                "ImageSize": str(len(sheet.image)),
                "ImageWidth": str(width),
                "ImageHeight": str(height),
            },
        )
    ET.indent(root)
    return _xml(root)


def comic_cbz(book: ExportBook) -> bytes:
    """The pages in reading order, cover first, and ``ComicInfo.xml``."""
    archive = _Archive(book.modified)
    for name, sheet in zip(image_names(book), book.sheets, strict=True):
        archive.add(name, sheet.image)
    archive.add("ComicInfo.xml", comic_info(book), deflate=True)
    return archive.close()


def pages_zip(book: ExportBook) -> bytes:
    """Just the page images, cover first, named to sort in reading order."""
    archive = _Archive(book.modified)
    for name, sheet in zip(image_names(book), book.sheets, strict=True):
        archive.add(name, sheet.image)
    return archive.close()


# --- EPUB 3, fixed layout -----------------------------------------------------------------------


def _document_name(sheet: ExportPage) -> str:
    return "cover.xhtml" if sheet.number == 0 else f"page-{sheet.number:03d}.xhtml"


def _item_id(sheet: ExportPage) -> str:
    return "cover" if sheet.number == 0 else f"page-{sheet.number:03d}"


def _xhtml(title: str, language: str) -> tuple[ET.Element, ET.Element, ET.Element]:
    """An XHTML root with its head and body: the namespaces written out, as EPUB reading systems expect."""
    root = ET.Element("html", {"xmlns": XHTML_NS, "xmlns:epub": EPUB_NS, "xml:lang": language, "lang": language})
    head = _sub(root, "head")
    _sub(head, "meta", attributes={"charset": "utf-8"})
    _sub(head, "title", title)
    return root, head, _sub(root, "body")


def page_document(book: ExportBook, sheet: ExportPage, image_name: str) -> str:
    """One sheet: its image at its own size (the viewport), and its words as text for screen readers."""
    width, height = sheet.size
    root, head, body = _xhtml(f"{sheet.label} — {book.title}", book.language)
    _sub(head, "meta", attributes={"name": "viewport", "content": f"width={width}, height={height}"})
    _sub(head, "link", attributes={"rel": "stylesheet", "type": "text/css", "href": "style.css"})
    if sheet.number == 0:
        body.set("epub:type", "cover")
    picture = {"src": image_name, "alt": sheet.alt, "width": str(width), "height": str(height), "class": "page"}
    _sub(body, "img", attributes=picture)
    if sheet.transcript:
        words = _sub(body, "section", attributes={"class": "transcript", "aria-label": f"Text of {sheet.label}"})
        for line in sheet.transcript:
            _sub(words, "p", line)
    return _xml(root, doctype="<!DOCTYPE html>\n")


def navigation(book: ExportBook) -> str:
    """The table of contents (Cover, Page 1, …) and the landmarks a reader's menu offers."""
    root, _head, body = _xhtml(book.title, book.language)
    toc = _sub(body, "nav", attributes={"epub:type": "toc", "id": "toc"})
    _sub(toc, "h1", "Contents")
    entries = _sub(toc, "ol")
    for sheet in book.sheets:
        _sub(_sub(entries, "li"), "a", sheet.label, {"href": _document_name(sheet)})
    landmarks = _sub(body, "nav", attributes={"epub:type": "landmarks", "id": "landmarks", "hidden": "hidden"})
    _sub(landmarks, "h2", "Landmarks")
    marks = _sub(landmarks, "ol")
    if book.cover:
        _sub(_sub(marks, "li"), "a", "Cover", {"href": _document_name(book.cover), "epub:type": "cover"})
    if book.pages:
        _sub(_sub(marks, "li"), "a", "Start", {"href": _document_name(book.pages[0]), "epub:type": "bodymatter"})
    return _xml(root, doctype="<!DOCTYPE html>\n")


def package_document(book: ExportBook, image_files: list[str]) -> str:
    """The OPF: what the book is, every file in it, and the pages' order (fixed layout, one image a page)."""
    root = ET.Element(
        "package",
        {"xmlns": OPF_NS, "version": "3.0", "unique-identifier": "book-id", "xml:lang": book.language},
    )
    metadata = _sub(root, "metadata", attributes={"xmlns:dc": DC_NS})
    _sub(metadata, "dc:identifier", book.identifier, {"id": "book-id"})
    _sub(metadata, "dc:title", book.title)
    _sub(metadata, "dc:creator", book.author, {"id": "creator"})
    _sub(metadata, "meta", "aut", {"refines": "#creator", "property": "role", "scheme": "marc:relators"})
    _sub(metadata, "dc:language", book.language)
    if book.summary:
        _sub(metadata, "dc:description", book.summary)
    modified = book.modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    _sub(metadata, "meta", modified, {"property": "dcterms:modified"})
    _sub(metadata, "meta", "pre-paginated", {"property": "rendition:layout"})
    _sub(metadata, "meta", "auto", {"property": "rendition:spread"})
    _sub(metadata, "meta", "auto", {"property": "rendition:orientation"})
    if book.cover:  # for readers that know only EPUB 2's way of naming the cover
        _sub(metadata, "meta", attributes={"name": "cover", "content": "cover-image"})
    _sub(metadata, "meta", attributes={"name": "generator", "content": GENERATOR})

    manifest = _sub(root, "manifest")
    xhtml = "application/xhtml+xml"
    _sub(manifest, "item", attributes={"id": "nav", "href": "nav.xhtml", "media-type": xhtml, "properties": "nav"})
    _sub(manifest, "item", attributes={"id": "style", "href": "style.css", "media-type": "text/css"})
    for sheet, image in zip(book.sheets, image_files, strict=True):
        if sheet.number == 0:
            picture = {"id": "cover-image", "href": image, "media-type": sheet.media_type, "properties": "cover-image"}
        else:
            picture = {"id": f"{_item_id(sheet)}-image", "href": image, "media-type": sheet.media_type}
        _sub(manifest, "item", attributes=picture)
        _sub(manifest, "item", attributes={"id": _item_id(sheet), "href": _document_name(sheet), "media-type": xhtml})
    # Left to right, whatever the style: the pages are laid out and lettered that way.
    spine = _sub(root, "spine", attributes={"page-progression-direction": "ltr"})
    for sheet in book.sheets:
        _sub(spine, "itemref", attributes={"idref": _item_id(sheet)})
    ET.indent(root)
    return _xml(root)


def container() -> str:
    root = ET.Element("container", {"xmlns": CONTAINER_NS, "version": "1.0"})
    rootfiles = _sub(root, "rootfiles")
    _sub(rootfiles, "rootfile", attributes={"full-path": OPF_PATH, "media-type": "application/oebps-package+xml"})
    ET.indent(root)
    return _xml(root)


def comic_epub(book: ExportBook) -> bytes:
    """An EPUB 3 with a fixed layout: ``mimetype`` first and stored, as the OCF format requires."""
    archive = _Archive(book.modified)
    archive.add("mimetype", CONTENT_TYPES[EPUB])
    archive.add("META-INF/container.xml", container(), deflate=True)
    image_files = [f"images/{name}" for name in image_names(book)]
    archive.add(OPF_PATH, package_document(book, image_files), deflate=True)
    archive.add("OEBPS/nav.xhtml", navigation(book), deflate=True)
    archive.add("OEBPS/style.css", STYLESHEET, deflate=True)
    for sheet, image in zip(book.sheets, image_files, strict=True):
        archive.add(f"OEBPS/{_document_name(sheet)}", page_document(book, sheet, image), deflate=True)
        archive.add(f"OEBPS/{image}", sheet.image)
    return archive.close()


PACKAGERS = {CBZ: comic_cbz, EPUB: comic_epub, ZIP: pages_zip}


def package(book: ExportBook, export: str) -> bytes:
    """The ``export`` ("cbz", "epub" or "zip") of ``book``."""
    return PACKAGERS[export](book)
