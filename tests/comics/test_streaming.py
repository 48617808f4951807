"""Pages flow through the pipeline: the first lettered page reaches the job page before the last picture is painted."""

from __future__ import annotations

import threading

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
