"""Pages flow through the pipeline: the first lettered page reaches the job page before the last picture is painted."""

from __future__ import annotations

import threading
import time

import pytest

from comics import progress
from comics.models import GenerationJob
from comics.pipeline import Backends, run_job
from renderers.base import BackendError
from tests.fakes import CountingStoryteller, FlakyPainter, WordSafety

pytestmark = pytest.mark.django_db


class LastPictureWaitsForAPage(FlakyPainter):
    """Paints as usual, but the last picture waits until a lettered page has been announced."""

    def __init__(self, pictures: int, page_told: threading.Event):
        super().__init__()
        self.pictures, self.page_told = pictures, page_told
        self.lock = threading.Lock()
        self.started = 0

    def paint(self, request):
        with self.lock:
            self.started += 1
            last = self.started == self.pictures
        if last and not self.page_told.wait(timeout=15):
            raise BackendError("no page was lettered while the last picture was still to be painted")
        return super().paint(request)


def test_the_first_page_is_lettered_while_later_pictures_are_still_painting(alice, make_comic, settings, monkeypatch):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "PAINT_CONCURRENCY": 1, "TEXT_CONCURRENCY": 1}
    _comic, job = make_comic(alice, pages=2, panels_per_page=2)
    told: list[dict] = []
    page_told = threading.Event()
    real_publish = progress.publish

    def listen(job_id, message):
        told.append(message)
        if message.get("type") == "page" and message.get("page", 0) >= 1:
            page_told.set()
        real_publish(job_id, message)

    monkeypatch.setattr(progress, "publish", listen)
    painter = LastPictureWaitsForAPage(pictures=5, page_told=page_told)  # 4 panels and the cover

    job = run_job(job.pk, backends=Backends(CountingStoryteller(), painter, WordSafety()))

    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    kinds = [(m["type"], m.get("page"), m.get("panel")) for m in told if m["type"] in ("panel", "page")]
    first_page = next(i for i, (kind, page, _) in enumerate(kinds) if kind == "page" and page >= 1)
    last_panel = max(i for i, (kind, _, _) in enumerate(kinds) if kind == "panel")
    assert first_page < last_panel, kinds


def test_the_first_page_is_lettered_alone_and_the_rest_follow_once_it_is_out(alice, make_comic, settings, monkeypatch):
    """Lettering is the CPU-bound step: nothing else is lettered beside the first page, so it arrives sooner."""
    from comics.steps.lettering import Letterer

    settings.PANELCRAFT = {**settings.PANELCRAFT, "PAINT_CONCURRENCY": 8}
    _comic, job = make_comic(alice, pages=3, panels_per_page=2)
    letterings: list[tuple[int, float, float]] = []  # page number (0: the cover), started, ended
    render = Letterer.render

    def timed_render(comic, page, panels):
        started = time.monotonic()
        try:
            return render(comic, page, panels)
        finally:
            letterings.append((page.number if page else 0, started, time.monotonic()))

    monkeypatch.setattr(Letterer, "render", staticmethod(timed_render))
    told: list[dict] = []
    real_publish = progress.publish

    def listen(job_id, message):
        told.append(message)
        real_publish(job_id, message)

    monkeypatch.setattr(progress, "publish", listen)

    job = run_job(job.pk, backends=Backends(CountingStoryteller(), FlakyPainter(), WordSafety()))

    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    assert sorted(number for number, _, _ in letterings) == [0, 1, 2, 3], "every page and the cover, once"
    first = min((entry for entry in letterings if entry[0]), key=lambda entry: entry[1])
    others = [entry for entry in letterings if entry is not first]
    assert all(started >= first[2] for _, started, _ in others), f"lettered beside the first page: {letterings}"
    pages_told = [m["page"] for m in told if m["type"] == "page"]
    assert pages_told[0] == first[0] and sorted(pages_told) == [0, 1, 2, 3], "the first page is the first one shown"
