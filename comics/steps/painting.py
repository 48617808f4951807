"""Each panel's clean art and the cover's, painted as soon as its prompt has passed the check.

Every painting is kept as a version of its panel (``PanelVersion``), so a
redraw never loses the art before it, and who was painted where
(``Panel.subjects``) is stored with the art for the lettering to point at.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db.models import Q

from renderers.base import ImageRequest, Subject
from renderers.images import checked_image

from .. import layouts, messages
from ..bookbinding import page_geometry
from ..casting import derive_seed, image_prompt, negative_prompt, painted_subjects, subjects_in
from ..models import Comic, Panel, PanelVersion


class Painter:
    def __init__(self, run, then: Callable[[Panel], None], then_cover: Callable[[], None]):
        self.run = run
        self.then = then  # called with each panel once its art is saved
        self.then_cover = then_cover
        self.painted = 0
        self.total = 0
        self.geometry: dict[int, list] = {}  # panel rectangles by page id
        # Paintings handed to the painters and not yet saved, by page id: the page is handed on when none are.
        self.in_flight: dict[int, int] = {}
        # Each panel's latest version, by panel id, read at the first save (this run's job thread is the only
        # one adding versions).
        self.versions: dict[int, int] | None = None

    def needed(self) -> list[Panel]:
        """Screened panels with no art yet or a redraw asked for."""
        panels = Panel.objects.filter(page__comic=self.run.comic, screened=True, page__scripted=True)
        return [p for p in panels.select_related("page") if not p.art or p.repaint]

    def expect(self, pictures: int) -> None:
        self.total += pictures
        self.run.tally.expect("paint", pictures)

    def request(self, prompt: str, size: tuple[int, int], seed: int, subjects) -> ImageRequest:
        style = self.run.style
        width, height = layouts.art_size_for(*size, long_side=self.run.conf["ART_LONG_SIDE"])
        return ImageRequest(
            prompt=prompt,
            negative_prompt=negative_prompt(style),
            width=width,
            height=height,
            seed=seed,
            subjects=tuple(Subject(c.name, c.look) for c in subjects),
            palette=style.palette,
            line_style=style.line_style,
        )

    def lay_out(self, page, panel_count: int) -> None:
        """Where ``page``'s panels go, once its script gives their number (else ``paint`` counts its rows)."""
        self.geometry[page.pk] = page_geometry(self.run.comic, page, panel_count)[1]

    def paint(self, panel: Panel) -> None:
        run = self.run
        page = panel.page
        if page.pk not in self.geometry:  # one query a page, not a panel: a page's panels are fixed once written
            self.lay_out(page, Panel.objects.filter(page=page).count())
        rects = self.geometry[page.pk]
        x0, y0, x1, y1 = rects[panel.index]
        members = subjects_in(panel.scene, panel.dialogue, run.cast)
        request = self.request(panel.image_prompt, (x1 - x0, y1 - y0), panel.seed, members)
        subjects = painted_subjects(panel.scene, panel.dialogue, run.cast)
        self.in_flight[page.pk] = self.in_flight.get(page.pk, 0) + 1
        key = f"p{page.number}-{panel.index + 1}"
        run.flow.submit(
            "paint",
            lambda: self.call(request, panel.art, key),
            lambda made: self.save(panel, request, subjects, made),
            discard=lambda made: run.unstore(panel.art, made[3]),
        )

    def cover_subjects(self) -> tuple[str, list]:
        """The cover's scene and who is on it (the whole cast if the scene names nobody)."""
        comic, cast = self.run.comic, self.run.cast
        scene = comic.cover_scene or f"The cast of {comic.title} together"
        return scene, subjects_in(scene, [], cast) or cast

    def cover_prompt(self) -> str:
        scene, subjects = self.cover_subjects()
        return image_prompt(scene, subjects, self.run.style, full_page=True)

    def paint_cover(self) -> None:
        run = self.run
        _scene, subjects = self.cover_subjects()
        size = layouts.page_pixels(run.comic.page_size)
        request = self.request(self.cover_prompt(), size, derive_seed(run.comic.seed, "cover"), subjects)
        art = run.comic.cover_art
        run.flow.submit(
            "paint",
            lambda: self.call(request, art, "cover"),
            lambda made: self.save_cover(request, made),
            discard=lambda made: run.unstore(art, made[3]),
        )

    def call(self, request: ImageRequest, field, key: str):
        """Paint, check the picture, and store its file (on the painter's thread: the job's thread records it)."""
        run = self.run
        started = time.monotonic()
        result = run.backends.image.paint(request)
        seconds = time.monotonic() - started
        info = checked_image(result.data, provider=run.backends.image.name)
        return result, seconds, info, run.store(field, self.file_name(key, request, info), result.data)

    def file_name(self, key: str, request: ImageRequest, info) -> str:
        ext = "jpg" if info.format == "jpeg" else info.format
        return f"{key}-art-{request.seed}.{ext}"

    def save(self, panel: Panel, request: ImageRequest, subjects: list[dict], made) -> None:
        run = self.run
        result, seconds, info, stored = made
        image = run.backends.image
        panel.art = stored
        # What the provider made, as it says (or as the image shows), not what was asked.
        panel.art_backend = image.name
        panel.art_model = (result.model or getattr(image, "model", ""))[:120]
        panel.art_width, panel.art_height = info.width, info.height
        panel.art_steps = result.steps if result.steps is not None else request.steps
        panel.art_seed = result.seed  # None when the provider did not say (or take) one
        panel.art_seconds = round(seconds, 3)
        panel.subjects = subjects
        fields = ["art", *(f for f in Panel.ART_FIELDS if f.startswith("art_")), "subjects"]
        if self.versions is None:
            self.versions = PanelVersion.highest_numbers(run.comic.pk)
        number = self.versions.get(panel.pk, 0) + 1

        def record() -> None:
            # Kept as a version whatever happened meanwhile: it was paid for.
            PanelVersion.record(panel, number=number)
            # In use only if the panel still asks for this very painting: not if its author switched back to
            # another version, or asked for another redraw, while it was being painted.
            asked = Panel.objects.filter(
                Q(repaint=True) | Q(art=""), pk=panel.pk, seed=request.seed, image_prompt=request.prompt
            )
            asked.update(repaint=False, **{field: getattr(panel, field) for field in fields})

        run.keep_stored(panel.art, record)
        self.versions[panel.pk] = number
        self.painted += 1
        run.tally.finish("paint")
        run.report(run.tally.percent(), f"Painted {self.painted} of {self.total} pictures")
        message = messages.panel(
            page=panel.page.number, panel=panel.index + 1, url=panel.art_url(), percent=run.job.progress
        )
        run.publish(message)
        self.in_flight[panel.page_id] -= 1
        if not self.in_flight[panel.page_id]:
            self.then(panel)

    def save_cover(self, request: ImageRequest, made) -> None:
        run, comic = self.run, self.run.comic
        comic.cover_art = made[3]
        run.keep_stored(comic.cover_art, lambda: Comic.objects.filter(pk=comic.pk).update(cover_art=made[3]))
        self.painted += 1
        run.tally.finish("paint")
        run.report(run.tally.percent(), f"Painted {self.painted} of {self.total} pictures")
        run.publish(messages.cover(url=comic.cover_art_url(), percent=run.job.progress))
        self.then_cover()
