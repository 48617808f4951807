"""Changing a finished comic: its words and bubbles, a panel's art, more pages, fewer, another order.

Each edit saves what the author changed, flags what it makes stale
(``comics.dependencies``) and hands the rebuild to a job: the same claimed,
resumable run that made the comic, which makes only what is flagged. The
web reader and the API both call these functions, keyword-only, so the
rules (what may be edited, the limits, the messages) live here once.

Flags and the job are written with the comic's active job locked, as the
run locks it before it decides it is finished: an edit made while a job
runs is picked up by that run, and one made as it finishes starts a new job.
The comic's row is locked too, so two edits made at once with no job
running make one job, not two. A panel is read again, locked, inside the
edit that changes it, and only the fields the edit sent are written: two
edits of one panel at once (a bubble dragged while its words are saved)
both stand.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from . import jobs, lettering, quotas, script
from .bookbinding import page_geometry, plan_panel_words
from .casting import image_prompt, subjects_in
from .dependencies import Artefact, mark_stale
from .models import MAX_PAGES, MAX_SEED, Comic, GenerationJob, Page, Panel, PanelVersion

MAX_SCENE_CHARS = 600
MAX_PROMPT_CHARS = 2000
MAX_MORE_PAGES = 12


class EditError(ValidationError):
    """An edit that cannot be made as asked; ``message_dict`` says which field and why."""


class EditConflict(Exception):
    """The edit cannot be made now (the comic is still being made or changed in a way that clashes)."""


# --- Rebuilding ---------------------------------------------------------------------------


def _rebuild(
    comic: Comic,
    purpose: str,
    change: Callable[[], bool],
    *,
    request: dict | None = None,
    alone: bool = False,
) -> GenerationJob | None:
    """Make ``change`` and flag its dependants with the comic locked; return the job that rebuilds them.

    ``change`` runs inside the transaction, reads what it changes afresh and
    answers whether it changed anything: when not, no job is started (None).
    A change that moves or adds pages (``alone``) waits for a running job to
    finish instead of joining it.
    """
    with transaction.atomic():
        active = _lock_for_an_edit(comic)
        if active is not None and alone:
            raise EditConflict("Wait until the change being made now is finished, then try again.")
        if not change():
            return None
        if active is not None:
            return active  # its run makes what was flagged before it finishes
        quotas.check_room_for_a_job(owner=comic.owner)
        job = GenerationJob.objects.create(comic=comic, purpose=purpose[:200], request=request or {})
        jobs.enqueue(job.pk)
        return job


def _lock_for_an_edit(comic: Comic) -> GenerationJob | None:
    """Lock the comic's active job (when there is one), then the comic's row; return the active job.

    The job first, then the comic: the order a run takes them in (its job,
    then the comic's row it writes), so an edit and a run never wait for each
    other in a circle. With no job running there is no job row to lock: the
    comic's row is what makes a second edit wait for the first, after which
    it finds the job the first one made and joins it. (SQLite has no row
    locks; its single writer does the same.)
    """
    active = GenerationJob.objects.select_for_update().filter(comic=comic, status__in=GenerationJob.ACTIVE)
    active.first()
    Comic.objects.select_for_update().only("pk").filter(pk=comic.pk).first()
    return active.first()


def _locked_panel(panel: Panel) -> Panel:
    """The panel's row as stored now, locked until the edit's transaction ends (not the caller's older copy)."""
    row = Panel.objects.select_for_update().filter(pk=panel.pk).first()
    if row is None:
        raise EditConflict("This panel is gone: its page was deleted meanwhile.")
    row.page = panel.page
    return row


def _copy_fields(target: Panel, source: Panel, names) -> None:
    """Show the caller's copy of a panel what is stored now."""
    for name in names:
        setattr(target, name, getattr(source, name))


def _require_made(comic: Comic) -> None:
    if not comic.is_finished:
        raise EditConflict("This comic is not finished yet: wait for it (or retry its job), then change it.")


# --- Words and bubbles ----------------------------------------------------------------------


def clean_dialogue(dialogue) -> list[dict]:
    """The author's lines, trimmed and checked against the same limits as the writer's."""
    if not isinstance(dialogue, list):
        raise EditError({"dialogue": ["Send the lines as a list of {speaker, text}."]})
    if len(dialogue) > script.MAX_LINES_PER_PANEL:
        raise EditError({"dialogue": [f"A panel holds at most {script.MAX_LINES_PER_PANEL} lines."]})
    lines = []
    for number, line in enumerate(dialogue, start=1):
        if not isinstance(line, dict):
            raise EditError({"dialogue": [f"Line {number} needs a speaker and a text."]})
        speaker = " ".join(str(line.get("speaker") or "").split())
        text = " ".join(str(line.get("text") or "").split())
        if not speaker:
            raise EditError({"dialogue": [f"Line {number} needs a speaker: who says it?"]})
        if not text:
            raise EditError({"dialogue": [f"Line {number} is empty: write what {speaker} says, or remove the line."]})
        if len(speaker) > script.MAX_SPEAKER_CHARS:
            raise EditError(
                {"dialogue": [f"Line {number}: a speaker's name has at most {script.MAX_SPEAKER_CHARS} characters."]}
            )
        if len(text) > script.MAX_LINE_CHARS:
            raise EditError({"dialogue": [f"Line {number} has at most {script.MAX_LINE_CHARS} characters."]})
        lines.append({"speaker": speaker, "text": text})
    return lines


def clean_bubbles(bubbles) -> list[dict | None]:
    if not isinstance(bubbles, list):
        raise EditError({"bubbles": ["Send the bubbles as a list of {x, y, w, h} (or null to place one for you)."]})
    cleaned: list[dict | None] = []
    for number, place in enumerate(bubbles, start=1):
        if place is None:
            cleaned.append(None)
            continue
        try:
            values = {key: float(place[key]) for key in ("x", "y", "w", "h")}
        except (KeyError, TypeError, ValueError):
            raise EditError({"bubbles": [f"Bubble {number} needs x, y, w and h as numbers."]}) from None
        if not all(0 <= value <= 1 for value in values.values()) or values["w"] <= 0 or values["h"] <= 0:
            raise EditError({"bubbles": [f"Bubble {number}: x, y, w and h are fractions of the panel, from 0 to 1."]})
        cleaned.append({key: round(value, 4) for key, value in values.items()})
    return cleaned


@dataclass(frozen=True)
class WordField:
    """One of a panel's single-line words (its caption, its sound effect) and the rules for it."""

    label: str  # how a message names it: "A caption"
    limit: int  # at most this many characters
    in_picture_book: bool  # whether a picture book's page has it (then it must: the caption is the page's text)
    picture_book_rule: str  # what is said when a picture book's page breaks that
    picture_book_label: str = ""  # how a picture book's form names it, when it names it otherwise

    def label_for(self, *, picture_book: bool) -> str:
        return (self.picture_book_label or self.label) if picture_book else self.label


WORD_FIELDS = {
    "caption": WordField(
        label="A caption",
        limit=script.MAX_CAPTION_CHARS,
        in_picture_book=True,
        picture_book_rule="A picture book's page needs its text.",
        picture_book_label="A page's text",
    ),
    "sfx": WordField(
        label="A sound effect",
        limit=script.MAX_SFX_CHARS,
        in_picture_book=False,
        picture_book_rule="A picture book's page has no sound effects.",
    ),
}


def clean_words(field: str, value, *, picture_book: bool) -> str:
    """A caption or sound effect as typed, its spaces collapsed, checked against its limit and a picture book's rule."""
    rules = WORD_FIELDS[field]
    text = " ".join(str(value).split())
    if len(text) > rules.limit:
        what = rules.label_for(picture_book=picture_book)
        raise EditError({field: [f"{what} has at most {rules.limit} characters."]})
    if picture_book and bool(text) != rules.in_picture_book:
        raise EditError({field: [rules.picture_book_rule]})
    return text


def bubble_count(lines: list[dict]) -> int:
    """How many speech bubbles the lines make: one per run of lines by the same speaker, as lettered."""
    speakers = [line["speaker"] for line in lines if line.get("text")]
    return sum(1 for i, speaker in enumerate(speakers) if i == 0 or speaker != speakers[i - 1])


def check_legible(comic: Comic, panel: Panel) -> None:
    """The panel's words fit at a readable size, or the field that is too long says so."""
    if comic.is_picture_book:
        plan = lettering.plan_picture_book_page(page_size=page_geometry(comic, panel.page, 1)[0], caption=panel.caption)
        if plan.text and plan.text.font_size < lettering.MIN_READABLE_PX:
            raise EditError({"caption": ["This is more text than the page can print at a readable size: shorten it."]})
        return
    count = panel.page.panels.count()
    _size, rects = page_geometry(comic, panel.page, count)
    font_size = lettering.page_font_size(*_size)
    try:
        plan = plan_panel_words(comic, panel, rects[panel.index], font_size)
    except lettering.LetteringError:
        plan = None
    too_much = "is more than this panel can print at a readable size: shorten it"
    if plan is None or any(b.layout.font_size < lettering.MIN_READABLE_PX for b in plan.bubbles):
        raise EditError({"dialogue": [f"What is said {too_much}, or make its bubble bigger."]})
    if plan.caption and plan.caption.layout.font_size < lettering.MIN_READABLE_PX:
        raise EditError({"caption": [f"The caption {too_much}."]})


WORDS_AND_PLACES = ("dialogue", "caption", "sfx", "bubbles")


def edit_panel(*, panel: Panel, dialogue=None, caption=None, sfx=None, bubbles=None) -> GenerationJob | None:
    """Change a panel's words and where its bubbles are; the page is lettered again, nothing is painted.

    Only what was sent is changed, on the panel as stored when the edit is
    made (``panel`` may be an older copy: it is shown what is stored after).
    Returns the job that letters it, or None when nothing changed.
    """
    comic = panel.page.comic
    _require_made(comic)
    lines = None if dialogue is None else clean_dialogue(dialogue)
    if comic.is_picture_book and lines:
        raise EditError({"dialogue": ["A picture book's page has no speech bubbles: its text is the caption."]})
    words = {
        field: clean_words(field, value, picture_book=comic.is_picture_book)
        for field, value in (("caption", caption), ("sfx", sfx))
        if value is not None
    }
    places = None if bubbles is None else clean_bubbles(bubbles)

    def change() -> bool:
        row = _locked_panel(panel)
        fields: set[str] = set()
        changed: set[Artefact] = set()
        if lines is not None and lines != row.dialogue:
            row.dialogue = lines
            fields.add("dialogue")
            changed.add(Artefact.PAGE_WORDS)
        for field, text in words.items():
            if text != getattr(row, field):
                setattr(row, field, text)
                fields.add(field)
                changed.add(Artefact.PAGE_WORDS)
        if places is not None:
            count = bubble_count(row.dialogue)
            if len(places) > count:
                raise EditError({"bubbles": [f"This panel has {count} speech bubble{'s' if count != 1 else ''}."]})
            if places != (row.bubbles or []):
                row.bubbles = places
                fields.add("bubbles")
                changed.add(Artefact.BUBBLE_PLACES)
        elif lines is not None and row.bubbles and len(row.bubbles) != bubble_count(row.dialogue):
            # Places are kept per bubble: once the bubbles are others, the old places would land on the wrong ones.
            row.bubbles = []
            fields.add("bubbles")
            changed.add(Artefact.BUBBLE_PLACES)
        if changed:
            check_legible(comic, row)
            row.save(update_fields=sorted(fields))
            mark_stale(comic, changed, panels=[row])
        _copy_fields(panel, row, WORDS_AND_PLACES)
        return bool(changed)

    return _rebuild(comic, f"Letter page {panel.page.number} again", change)


# --- Art ------------------------------------------------------------------------------------


def redraw_panel(*, panel: Panel, seed: int | None = None, scene: str | None = None, prompt: str | None = None):
    """Paint a panel again: with a new (or given) seed, a changed scene, or the author's own picture prompt.

    The art it had stays as a version. A changed scene or prompt is checked
    by the safety check again before it is painted (refused, the redraw is
    given up and the panel keeps its art: ``give_up_redraw``); the cast's
    locked looks and the style ride the author's prompt as they ride the writer's.
    """
    comic = panel.page.comic
    _require_made(comic)
    if seed is not None and not (isinstance(seed, int) and 0 <= seed <= MAX_SEED):
        raise EditError({"seed": [f"The seed is a whole number from 0 to {MAX_SEED}."]})
    new_scene = None if scene is None else " ".join(str(scene).split())
    new_prompt = None if prompt is None else " ".join(str(prompt).split())
    if new_scene is not None:
        if not new_scene:
            raise EditError({"scene": ["Describe what the panel shows, or leave the scene out."]})
        if len(new_scene) > MAX_SCENE_CHARS:
            raise EditError({"scene": [f"A scene has at most {MAX_SCENE_CHARS} characters."]})
    if new_prompt is not None:
        if not new_prompt:
            raise EditError({"image_prompt": ["Write the picture's description, or leave it out."]})
        if len(new_prompt) > MAX_PROMPT_CHARS:
            raise EditError({"image_prompt": [f"A picture's description has at most {MAX_PROMPT_CHARS} characters."]})
    cast = list(comic.cast.all())

    def change() -> bool:
        row = _locked_panel(panel)
        changed, fields = {Artefact.PANEL_SEED}, {"seed"}
        if new_scene is not None and new_scene != row.scene:
            row.scene = new_scene
            changed.add(Artefact.PANEL_SCENE)
            fields.add("scene")
        if new_prompt is not None or Artefact.PANEL_SCENE in changed:
            described = new_prompt or row.scene
            members = subjects_in(row.scene, row.dialogue, cast)
            full_page = comic.is_picture_book
            row.image_prompt = image_prompt(described, members, comic.style_obj, full_page=full_page)
            row.screened = False
            changed.add(Artefact.IMAGE_PROMPT)
            fields |= {"image_prompt", "screened"}
        row.seed = seed if seed is not None else secrets.randbelow(MAX_SEED + 1)
        row.save(update_fields=sorted(fields))
        mark_stale(comic, changed, panels=[row])
        _copy_fields(panel, row, ("scene", "image_prompt", "screened", "seed"))
        return True

    return _rebuild(comic, f"Redraw page {panel.page.number}, panel {panel.index + 1}", change)


def give_up_redraw(*, panel: Panel) -> bool | None:
    """A redraw whose new scene or prompt the safety check refused: the panel goes back to the art it shows.

    Its scene, prompt and seed become those of its version in use again and
    nothing is left to paint or screen, so the author's later edits are not
    refused for it. True when it was put back; False when the panel was
    edited again meanwhile (another prompt, or another version put back):
    that edit stands and the refusal judged nothing anyone still wants; None
    when the panel has no painting to go back to (it is being made for the
    first time): then the refusal stops the comic.
    """
    shown = panel.versions.filter(art=panel.art.name).order_by("-number").first() if panel.art else None
    if shown is None:
        return None
    return bool(
        Panel.objects.filter(pk=panel.pk, image_prompt=panel.image_prompt, screened=False).update(
            repaint=False, screened=True, **{name: getattr(shown, name) for name in Panel.ART_FIELDS}
        )
    )


def use_version(*, panel: Panel, version: PanelVersion) -> GenerationJob | None:
    """Put an earlier painting of the panel back, without painting: its page is lettered again."""
    comic = panel.page.comic
    _require_made(comic)
    if version.panel_id != panel.pk:
        raise EditError({"version": ["That version belongs to another panel."]})
    shown = (*Panel.ART_FIELDS, "screened", "repaint")

    def change() -> bool:
        row = _locked_panel(panel)
        if version.is_in_use(row) and not row.repaint:
            _copy_fields(panel, row, shown)
            return False
        for name in Panel.ART_FIELDS:
            setattr(row, name, getattr(version, name))
        row.screened, row.repaint = True, False  # it was checked before it was painted
        row.save(update_fields=list(shown))
        mark_stale(comic, {Artefact.PANEL_ART}, panels=[row])
        _copy_fields(panel, row, shown)
        return True

    return _rebuild(comic, f"Use version {version.number} of page {panel.page.number}, panel {panel.index + 1}", change)


# --- Pages ----------------------------------------------------------------------------------


def continue_story(*, comic: Comic, pages: int, direction: str = "") -> GenerationJob:
    """Add ``pages`` pages that carry the story on, with the same cast and looks, written and painted anew."""
    _require_made(comic)
    if comic.pages.filter(image="").exists():
        raise EditConflict(
            "The pages added last are not finished yet: retry that job from the job page, or delete them first."
        )
    room = MAX_PAGES - comic.page_count
    if not isinstance(pages, int) or pages < 1:
        raise EditError({"pages": ["Add at least one page."]})
    if pages > min(MAX_MORE_PAGES, room):
        if room <= 0:
            raise EditError({"pages": [f"A comic has at most {MAX_PAGES} pages, and this one has them all."]})
        raise EditError(
            {
                "pages": [
                    f"A comic has at most {MAX_PAGES} pages: this one has {comic.page_count}, so add {room} at most."
                ]
            }
        )
    direction = " ".join(str(direction or "").split())
    if len(direction) > script.MAX_DIRECTION_LENGTH:
        raise EditError({"direction": [f"A direction has at most {script.MAX_DIRECTION_LENGTH} characters."]})
    layout = comic.pages.order_by("-index").values_list("layout", flat=True).first() or comic.layout

    def change() -> bool:
        quotas.charge(owner=comic.owner, pages=pages)
        start = comic.pages.count()
        Page.objects.bulk_create(Page(comic=comic, index=start + i, beat="", layout=layout) for i in range(pages))
        Comic.objects.filter(pk=comic.pk).update(page_count=start + pages)
        added = list(comic.pages.filter(index__gte=start))
        mark_stale(comic, {Artefact.PAGE_ORDER}, pages=added)
        return True

    s = "s" if pages != 1 else ""
    request = {"direction": direction, "pages": pages}
    return _rebuild(comic, f"Add {pages} page{s}", change, request=request, alone=True)


def delete_page(*, page: Page) -> GenerationJob:
    """Remove a page (its art and versions with it); the pages after it move up and the PDF is bound again."""
    comic = page.comic
    _require_made(comic)
    if comic.pages.count() <= 1:
        raise EditError({"page": ["A comic keeps at least one page."]})
    from . import services

    def change() -> bool:
        files = [page.image.name] if page.image else []
        files += [name for name in Panel.objects.filter(page=page).exclude(art="").values_list("art", flat=True)]
        files += list(PanelVersion.objects.filter(panel__page=page).values_list("art", flat=True))
        index = page.index
        page.delete()
        later = list(comic.pages.filter(index__gt=index).order_by("index"))
        for moved in later:  # in order, so each moves into the place just freed
            Page.objects.filter(pk=moved.pk).update(index=moved.index - 1)
            moved.index -= 1
        Comic.objects.filter(pk=comic.pk).update(page_count=comic.pages.count())
        mark_stale(comic, {Artefact.PAGE_ORDER}, pages=later)
        transaction.on_commit(lambda: services.delete_files(sorted(set(files))))
        return True

    return _rebuild(comic, f"Delete page {page.number}", change, alone=True)


def reorder_pages(*, comic: Comic, order) -> GenerationJob | None:
    """Put the pages in ``order`` (today's page numbers, 1-based, each once); the PDF is bound again."""
    _require_made(comic)
    pages = list(comic.pages.order_by("index"))
    numbers = list(range(1, len(pages) + 1))
    if not isinstance(order, list) or sorted(order) != numbers or not all(isinstance(n, int) for n in order):
        raise EditError({"order": [f"List every page number from 1 to {len(pages)} once, in the new order."]})
    if order == numbers:
        return None

    def change() -> bool:
        offset = len(pages) + 1000  # out of the way first: each (comic, index) stays unique throughout
        for page in pages:
            Page.objects.filter(pk=page.pk).update(index=page.index + offset)
        moved = []
        for index, number in enumerate(order):
            page = pages[number - 1]
            Page.objects.filter(pk=page.pk).update(index=index)
            if page.index != index:
                page.index = index
                moved.append(page)
        mark_stale(comic, {Artefact.PAGE_ORDER}, pages=moved)
        return True

    return _rebuild(comic, "Put the pages in a new order", change, alone=True)
