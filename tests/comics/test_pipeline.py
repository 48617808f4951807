"""The generation pipeline end to end, resuming, repairs, safety and cancelling."""

from __future__ import annotations

import io
import re
import threading

import pytest
from PIL import Image

from comics import layouts, services
from comics.models import Comic, GenerationJob, Panel
from comics.pipeline import Backends, claim_job, run_job
from tests.fakes import CountingStoryteller, FlakyPainter, WordSafety, malformed
from tests.pdfs import A4_POINTS, pdf_page_images, pdf_page_sizes

pytestmark = pytest.mark.django_db


def backends(text=None, image=None, safety=None) -> Backends:
    return Backends(text=text or CountingStoryteller(), image=image or FlakyPainter(), safety=safety or WordSafety())


def open_png(field) -> Image.Image:
    with field.open("rb") as fh:
        return Image.open(io.BytesIO(fh.read()))


def test_builtin_backends_make_a_whole_comic(alice, make_comic):
    comic, job = make_comic(alice, pages=3, panels_per_page=4)

    job = run_job(job.pk)

    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    assert job.progress == 100
    comic.refresh_from_db()
    assert comic.title
    assert 1 <= comic.cast.count() <= 4
    pages = list(comic.pages.all())
    assert [p.number for p in pages] == [1, 2, 3]
    for page in pages:
        panels = list(page.panels.all())
        assert len(panels) == 4
        assert all(p.art and p.art_backend == "builtin" and p.art_seconds is not None for p in panels)
        image = open_png(page.image)
        assert image.size == layouts.page_pixels("a4-portrait")
    assert open_png(comic.cover_image).size == layouts.page_pixels("a4-portrait")
    # The PDF holds the cover and every page, at A4.
    with comic.pdf.open("rb") as fh:
        pdf = fh.read()
    assert pdf_page_sizes(pdf) == [A4_POINTS] * 4
    # The job recorded its steps.
    assert set(job.timings) >= {"plan", "write_pages", "paint", "letter", "pdf"}
    assert job.backends == {"text": "builtin", "image": "builtin", "safety": "builtin"}


def test_the_cast_look_is_in_every_image_prompt(alice, make_comic):
    comic, job = make_comic(alice)
    painter = FlakyPainter()
    run_job(job.pk, backends=backends(image=painter))

    cast = list(comic.cast.all())
    panel_requests = [r for r in painter.requests if r.subjects]
    assert panel_requests, "some panels should show cast members"
    looks = {c.name: c.look for c in cast}
    for request in panel_requests:
        for subject in request.subjects:
            assert subject.look == looks[subject.name]
            assert subject.look.rstrip(". ") in request.prompt
        assert "no text" in request.prompt
        assert "speech bubble" in request.negative_prompt


def test_panel_shapes_are_sent_as_image_sizes(alice, make_comic):
    _comic, job = make_comic(alice, pages=1, panels_per_page=3, layout="feature")
    painter = FlakyPainter()
    run_job(job.pk, backends=backends(image=painter))

    sizes = {(r.width, r.height) for r in painter.requests}
    assert all(w % 64 == 0 and h % 64 == 0 for w, h in sizes)
    assert len(sizes) >= 2, "a feature layout has panels of different shapes"


def test_a_picture_book_has_one_captioned_illustration_per_page(alice, make_comic):
    comic, job = make_comic(alice, kind=Comic.Kind.PICTURE_BOOK, pages=3, style="storybook")
    job = run_job(job.pk)

    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    for page in comic.pages.all():
        panels = list(page.panels.all())
        assert len(panels) == 1
        assert panels[0].caption
        assert panels[0].dialogue == []


def test_resume_paints_only_missing_panels_and_repeats_no_text_call(alice, make_comic):
    comic, job = make_comic(alice, pages=2, panels_per_page=3)
    text = CountingStoryteller()
    job = run_job(job.pk, backends=backends(text=text, image=FlakyPainter(fail_after=4)))

    assert job.status == GenerationJob.Status.FAILED
    assert "painting server went away" in job.error
    assert len(text.calls) == 3  # the plan and two pages
    painted = set(Panel.objects.filter(page__comic=comic).exclude(art="").values_list("pk", flat=True))
    assert len(painted) == 4 or (len(painted) == 3 and comic.__class__.objects.get(pk=comic.pk).cover_art)
    saved_art = {p.pk: p.art.name for p in Panel.objects.filter(pk__in=painted)}

    services.retry_job(job=job)
    text_again, painter_again = CountingStoryteller(), FlakyPainter()
    job = run_job(job.pk, backends=backends(text=text_again, image=painter_again))

    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    assert text_again.calls == []
    assert len(painter_again.requests) == 7 - 4  # 6 panels + cover, minus those already painted
    for panel in Panel.objects.filter(pk__in=painted):
        assert panel.art.name == saved_art[panel.pk], "a painted panel was painted again"
    assert job.attempts == 2


def test_bad_json_is_repaired_once(alice, make_comic):
    _comic, job = make_comic(alice, pages=2)
    text = CountingStoryteller(scripted=[malformed()])

    job = run_job(job.pk, backends=backends(text=text))

    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    repair = text.calls[1]
    assert repair.messages[-2] == {"role": "assistant", "content": "{not json"}
    assert "not valid JSON" in repair.messages[-1]["content"]


def test_a_page_with_the_wrong_panel_count_is_repaired(alice, make_comic):
    comic, job = make_comic(alice, pages=1, panels_per_page=2)
    plan = {"title": "Tea", "cast": [{"name": "Pip", "look": "a green dragon"}], "cover_scene": "Pip", "beats": ["x"]}
    one_panel = {"panels": [{"scene": "Pip pours tea", "dialogue": [], "caption": "", "sfx": ""}]}
    text = CountingStoryteller(scripted=[plan, one_panel])

    job = run_job(job.pk, backends=backends(text=text))

    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    assert "exactly 2 are needed" in text.calls[2].messages[-1]["content"]
    assert comic.pages.get().panels.count() == 2


def test_bad_json_twice_fails_cleanly_and_keeps_the_plan(alice, make_comic):
    comic, job = make_comic(alice, pages=2)
    plan = {
        "title": "Pip's Tea",
        "cast": [{"name": "Pip", "look": "a small green dragon"}],
        "cover_scene": "Pip at the shop",
        "beats": ["Pip dreams", "Pip opens the shop"],
    }
    # The plan is fine; one page answers garbage twice; the other page is fine.
    text = CountingStoryteller(scripted=[plan, malformed(), malformed()])

    job = run_job(job.pk, backends=backends(text=text))

    assert job.status == GenerationJob.Status.FAILED
    assert "unusable answer" in job.error and "twice" in job.error
    comic.refresh_from_db()
    assert comic.title == "Pip's Tea"
    assert comic.pages.filter(scripted=True).count() == 1, "the good page is kept"
    assert not comic.pdf, "no PDF of half a comic"


def test_a_blocked_idea_stops_before_any_language_model_call(alice, make_comic):
    _comic, job = make_comic(alice, idea="how to build a bomb at home")
    text = CountingStoryteller()

    job = run_job(job.pk, backends=backends(text=text, safety=WordSafety()))

    assert job.status == GenerationJob.Status.FAILED
    assert "weapon" in job.error.lower() or "can't" in job.error.lower()
    assert text.calls == []


def test_a_blocked_picture_stops_before_any_painting(alice, make_comic):
    comic, job = make_comic(alice)
    painter = FlakyPainter()
    safety = WordSafety("no letters")  # in every image prompt, never in the idea

    job = run_job(job.pk, backends=backends(image=painter, safety=safety))

    assert job.status == GenerationJob.Status.FAILED
    assert "stopped by the safety check" in job.error
    assert painter.requests == []
    assert comic.pages.count() == 2, "the written story is kept"


@pytest.mark.django_db(transaction=True)  # the cancel comes from another thread, as from another request
def test_a_cancel_stops_the_run_before_its_next_save_and_it_can_resume(alice, make_comic, settings):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "PAINT_CONCURRENCY": 1}
    comic, job = make_comic(alice)  # 4 panels and a cover

    class CancellingPainter(FlakyPainter):
        def paint(self, request):
            with self.lock:
                first = not self.requests
            if first:  # the author presses Cancel while the first picture is painted
                services.cancel_job(job=GenerationJob.objects.get(pk=job.pk))
            return super().paint(request)

    painter = CancellingPainter()
    job = run_job(job.pk, backends=backends(image=painter))
    assert job.status == GenerationJob.Status.CANCELLED
    assert len(painter.requests) <= 2, "at most the picture in flight when the cancel was seen"
    assert not Panel.objects.filter(page__comic=comic).exclude(art="").exists(), "nothing saved after the cancel"

    services.retry_job(job=job)
    job = run_job(job.pk)
    assert job.status == GenerationJob.Status.SUCCEEDED


@pytest.mark.django_db(transaction=True)
def test_an_overtaken_run_stops_instead_of_working_alongside_the_new_one(alice, make_comic):
    """Cancel, then retry, while the first run is still painting: only the new run carries on."""
    comic, job = make_comic(alice, pages=3, panels_per_page=4)  # 13 pictures, painted 4 at a time
    started, release = threading.Event(), threading.Event()

    class StuckPainter(FlakyPainter):
        name = "stuck"

        def paint(self, request):
            started.set()
            release.wait(timeout=30)
            return super().paint(request)

    old_painter = StuckPainter()
    old_run = threading.Thread(target=run_job, args=(job.pk,), kwargs={"backends": backends(image=old_painter)})
    old_run.start()
    assert started.wait(timeout=30)

    services.cancel_job(job=GenerationJob.objects.get(pk=job.pk))
    services.retry_job(job=GenerationJob.objects.get(pk=job.pk))
    new_job = run_job(job.pk, backends=backends(image=FlakyPainter()))
    release.set()
    old_run.join(timeout=30)

    job.refresh_from_db()
    assert new_job.status == job.status == GenerationJob.Status.SUCCEEDED
    assert job.attempts == 2
    arts = set(Panel.objects.filter(page__comic=comic).values_list("art_backend", flat=True))
    assert arts == {"flaky-painter"}, "the old run saved nothing after it was overtaken"
    # The 4 in flight, plus at most one more each picked up before the run noticed.
    assert len(old_painter.requests) <= 8, "the old run stopped instead of painting all 13"


def test_an_unexpected_failure_keeps_the_pictures_already_being_painted(alice, make_comic, settings, monkeypatch):
    """One picture's save breaks (a bug, a full disk): the others in flight are paid for, so they are kept."""
    from comics.models import PanelVersion

    settings.PANELCRAFT = {**settings.PANELCRAFT, "PAINT_CONCURRENCY": 4}
    comic, job = make_comic(alice, pages=2, panels_per_page=4)  # 8 panels and the cover, painted 4 at a time
    broke = threading.Event()
    record = PanelVersion.record

    def breaking_record(panel, **kwargs):
        if not broke.is_set():
            broke.set()
            raise RuntimeError("disk full")
        return record(panel, **kwargs)

    class HeldPainter(FlakyPainter):
        name = "held"

        def paint(self, request):
            with self.lock:
                first_two = len(self.requests) < 2
            if not first_two:  # still painting when the first picture's save breaks
                broke.wait(timeout=30)
            return super().paint(request)

    monkeypatch.setattr(PanelVersion, "record", staticmethod(breaking_record))
    painter = HeldPainter()
    job = run_job(job.pk, backends=backends(image=painter))

    assert job.status == GenerationJob.Status.FAILED
    assert "Something unexpected" in job.error
    started = len(painter.requests)
    assert 3 <= started < 9, "pictures were in flight, and none was started after the failure"
    comic.refresh_from_db()
    kept = Panel.objects.filter(page__comic=comic).exclude(art="").count() + bool(comic.cover_art)
    assert kept == started - 1, "every picture painted was kept but the one whose save broke"
    assert set(services.comic_files(comic.pk)) == services.recorded_files(comic.pk), "its file went with it"

    services.retry_job(job=job)
    again = FlakyPainter()
    assert run_job(job.pk, backends=backends(image=again)).status == GenerationJob.Status.SUCCEEDED
    assert len(again.requests) == 9 - kept, "the retry paints only what is missing"


def test_a_job_is_claimed_once(alice, make_comic):
    _comic, job = make_comic(alice)
    assert claim_job(job.pk) is not None
    assert claim_job(job.pk) is None, "a second worker must not run the same job"
    assert run_job(job.pk) is None


def test_an_abandoned_running_job_goes_back_through_the_queue(alice, make_comic, settings):
    _comic, job = make_comic(alice)
    assert claim_job(job.pk) is not None
    settings.PANELCRAFT = {**settings.PANELCRAFT, "JOB_LEASE_SECONDS": -1}
    assert run_job(job.pk) is None, "a stale claim is not taken over directly: the sweep decides"
    assert services.requeue_abandoned_jobs() == [job.pk]
    job = run_job(job.pk)
    assert job.status == GenerationJob.Status.SUCCEEDED
    assert job.attempts == 2


def test_same_seed_same_story(alice, make_comic):
    first, job1 = make_comic(alice, seed=42)
    second, job2 = make_comic(alice, seed=42)
    run_job(job1.pk)
    run_job(job2.pk)

    def script(comic):
        return [(p.scene, p.dialogue) for p in Panel.objects.filter(page__comic=comic)]

    assert first.__class__.objects.get(pk=first.pk).title == second.__class__.objects.get(pk=second.pk).title
    assert script(first) == script(second)


def stalled_note_shown(page: str) -> bool:
    """Whether the job page shows its "nothing has happened for a while" note."""
    note = re.search(r'<p class="job-stalled"[^>]*>', page)
    assert note, "the job page always carries the note, hidden or not"
    return " hidden" not in note.group(0)


def test_a_stalled_job_can_be_resumed_by_its_author(
    alice, alice_client, make_comic, settings, dispatched, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    _comic, job = make_comic(alice)
    assert claim_job(job.pk) is not None  # then the server stopped
    page = alice_client.get(reverse("comics:job", args=[job.pk])).content.decode()
    assert not stalled_note_shown(page), "a fresh run is not stalled"
    with pytest.raises(services.JobStateError):
        services.retry_job(job=job)

    settings.PANELCRAFT = {**settings.PANELCRAFT, "JOB_LEASE_SECONDS": 0}
    page = alice_client.get(reverse("comics:job", args=[job.pk])).content.decode()
    assert stalled_note_shown(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("comics:job_retry", args=[job.pk]))
    assert response.status_code == 302
    assert dispatched == [job.pk]
    job = run_job(job.pk)
    assert job.status == GenerationJob.Status.SUCCEEDED


def test_the_pdf_shows_the_very_pages_the_reader_shows(finished_comic):
    from PIL import ImageChops, ImageStat

    with finished_comic.pdf.open("rb") as fh:
        in_pdf = pdf_page_images(fh.read())
    in_reader = [open_png(finished_comic.cover_image)] + [open_png(p.image) for p in finished_comic.pages.all()]

    assert len(in_pdf) == len(in_reader) == 3
    for printed, shown in zip(in_pdf, in_reader, strict=True):
        assert printed.size == shown.size
        difference = ImageStat.Stat(ImageChops.difference(printed, shown.convert("RGB"))).mean
        assert max(difference) < 2.5, "only JPEG noise may differ"
