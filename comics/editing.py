"""Changing a finished comic: its words and bubbles, a panel's art, more pages, fewer, another order.

Each edit saves what the author changed, flags what it makes stale
(``comics.dependencies``) and hands the rebuild to a job: the same claimed,
resumable run that made the comic, which makes only what is flagged. The
web reader and the API both call these functions, keyword-only, so the
rules (what may be edited, the limits, the messages) live here once.

Flags and the job are written with the comic's active job locked, as the
run locks it before it decides it is finished: an edit made while a job
runs is picked up by that run, and one made as it finishes starts a new job.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from . import jobs, lettering, quotas, script
from .bookbinding import page_geometry, plan_panel_words
from .casting import image_prompt, subjects_in
from .dependencies import Artefact, mark_stale
from .models import MAX_PAGES, MAX_SEED, Comic, GenerationJob, Page, Panel, PanelVersion

MAX_CAPTION_CHARS = 500
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
    change: Callable[[], None],
    *,
    request: dict | None = None,
    alone: bool = False,
) -> GenerationJob:
    """Make ``change`` and flag its dependants with the active job locked; return the job that rebuilds them.

    A change that moves or adds pages (``alone``) waits for a running job to finish instead of joining it.
    """
    with transaction.atomic():
        active = GenerationJob.objects.select_for_update().filter(comic=comic, status__in=GenerationJob.ACTIVE).first()
        if active is not None and alone:
            raise EditConflict("Wait until the change being made now is finished, then try again.")
        change()
        if active is not None:
            return active  # its run makes what was flagged before it finishes
        quotas.check_room_for_a_job(owner=comic.owner)
        job = GenerationJob.objects.create(comic=comic, purpose=purpose[:200], request=request or {})
        jobs.enqueue(job.pk)
        return job


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
        if len(speaker) > 60:
            raise EditError({"dialogue": [f"Line {number}: a speaker's name has at most 60 characters."]})
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


# A panel's single-line words: what each is called, its length limit, whether a picture book's page has it
# (its caption is its text, so it must not be empty; it has no sound effects) and what is said when not.
WORD_FIELDS = {
    "caption": ("A caption", MAX_CAPTION_CHARS, True, "A picture book's page needs its text."),
    "sfx": ("A sound effect", script.MAX_SFX_CHARS, False, "A picture book's page has no sound effects."),
}


def clean_words(field: str, value, *, picture_book: bool) -> str:
    """A caption or sound effect as typed, its spaces collapsed, checked against its limit and a picture book's rule."""
    what, limit, picture_book_has_it, picture_book_rule = WORD_FIELDS[field]
    if picture_book and field == "caption":
        what = "A page's text"  # a picture book's caption is the page's words, and its form says so
    text = " ".join(str(value).split())
    if len(text) > limit:
        raise EditError({field: [f"{what} has at most {limit} characters."]})
    if picture_book and bool(text) != picture_book_has_it:
        raise EditError({field: [picture_book_rule]})
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


def edit_panel(*, panel: Panel, dialogue=None, caption=None, sfx=None, bubbles=None) -> GenerationJob | None:
    """Change a panel's words and where its bubbles are; the page is lettered again, nothing is painted.

    Returns the job that letters it, or None when nothing changed.
    """
    comic = panel.page.comic
    _require_made(comic)
    changed: set[Artefact] = set()
    if dialogue is not None:
        lines = clean_dialogue(dialogue)
        if comic.is_picture_book and lines:
            raise EditError({"dialogue": ["A picture book's page has no speech bubbles: its text is the caption."]})
        if lines != panel.dialogue:
            panel.dialogue = lines
            changed.add(Artefact.PAGE_WORDS)
    for field, value in (("caption", caption), ("sfx", sfx)):
        if value is None:
            continue
        text = clean_words(field, value, picture_book=comic.is_picture_book)
        if text != getattr(panel, field):
            setattr(panel, field, text)
            changed.add(Artefact.PAGE_WORDS)
    if bubbles is not None:
        places = clean_bubbles(bubbles)
        if len(places) > bubble_count(panel.dialogue):
            count = bubble_count(panel.dialogue)
            raise EditError({"bubbles": [f"This panel has {count} speech bubble{'s' if count != 1 else ''}."]})
        if places != (panel.bubbles or []):
            panel.bubbles = places
            changed.add(Artefact.BUBBLE_PLACES)
    elif dialogue is not None and panel.bubbles and len(panel.bubbles) != bubble_count(panel.dialogue):
        # Places are kept per bubble: once the bubbles are others, the old places would land on the wrong ones.
        panel.bubbles = []
        changed.add(Artefact.BUBBLE_PLACES)
    if not changed:
        return None
    check_legible(comic, panel)

    def change() -> None:
        panel.save(update_fields=["dialogue", "caption", "sfx", "bubbles"])
        mark_stale(comic, changed, panels=[panel])

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
    changed = {Artefact.PANEL_SEED}
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
    if new_scene is not None and new_scene != panel.scene:
        panel.scene = new_scene
        changed.add(Artefact.PANEL_SCENE)
    if new_prompt is not None or Artefact.PANEL_SCENE in changed:
        described = new_prompt or panel.scene
        members = subjects_in(panel.scene, panel.dialogue, cast)
        full_page = comic.is_picture_book
        panel.image_prompt = image_prompt(described, members, comic.style_obj, full_page=full_page)
        panel.screened = False
        changed.add(Artefact.IMAGE_PROMPT)
    panel.seed = seed if seed is not None else secrets.randbelow(MAX_SEED + 1)

    def change() -> None:
        panel.save(update_fields=["scene", "image_prompt", "screened", "seed"])
        mark_stale(comic, changed, panels=[panel])

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
    if version.is_in_use(panel) and not panel.repaint:
        return None
    for name in Panel.ART_FIELDS:
        setattr(panel, name, getattr(version, name))
    panel.screened, panel.repaint = True, False  # it was checked before it was painted

    def change() -> None:
        panel.save(update_fields=[*Panel.ART_FIELDS, "screened", "repaint"])
        mark_stale(comic, {Artefact.PANEL_ART}, panels=[panel])

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

    def change() -> None:
        quotas.charge(owner=comic.owner, pages=pages)
        start = comic.pages.count()
        Page.objects.bulk_create(Page(comic=comic, index=start + i, beat="", layout=layout) for i in range(pages))
        Comic.objects.filter(pk=comic.pk).update(page_count=start + pages)
        added = list(comic.pages.filter(index__gte=start))
        mark_stale(comic, {Artefact.PAGE_ORDER}, pages=added)

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

    def change() -> None:
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

    def change() -> None:
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

    return _rebuild(comic, "Put the pages in a new order", change, alone=True)
