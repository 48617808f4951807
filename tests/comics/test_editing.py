"""Editing a finished comic: each edit rebuilds exactly what it made stale, and only its owner may make it.

Backends count their calls, so "a change of words paints nothing" and "a
redraw paints one picture" are measured, not assumed.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from PIL import Image

from comics.models import GenerationJob, Page, Panel
from comics.pipeline import Backends, run_job
from tests.fakes import CountingStoryteller, FlakyPainter, WordSafety

pytestmark = pytest.mark.django_db


def counting() -> Backends:
    return Backends(CountingStoryteller(), FlakyPainter(), WordSafety())


@pytest.fixture
def made(alice, make_comic):
    """A 2-page comic of 2 panels a page, made by counting backends."""
    comic, job = make_comic(alice, pages=2, panels_per_page=2)
    job = run_job(job.pk, backends=counting())
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    comic.refresh_from_db()
    return comic


def panel_url(comic, page: int, panel: int, tail: str = "") -> str:
    return f"/api/comics/{comic.pk}/pages/{page}/panels/{panel}/{tail}"


def run_edit(response, backends: Backends | None = None):
    assert response.status_code == 202, response.content
    data = response.json()
    assert data["websocket"] == f"/ws/jobs/{data['id']}/"
    job = run_job(data["id"], backends=backends or counting())
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    return job


def snapshot(comic) -> dict:
    comic.refresh_from_db()
    return {
        "pages": {page.number: page.image.name for page in comic.pages.all()},
        "art": {(p.page.number, p.index + 1): p.art.name for p in Panel.objects.filter(page__comic=comic)},
        "pdf": comic.pdf.name,
        "cover": comic.cover_image.name,
    }


def test_changing_words_letters_one_page_again_and_paints_nothing(alice_client, made):
    before = snapshot(made)
    backends = counting()
    response = alice_client.patch(
        panel_url(made, 2, 1),
        {"dialogue": [{"speaker": "Mira", "text": "Tea for two, please!"}], "caption": "Later that day."},
        content_type="application/json",
    )
    job = run_edit(response, backends)

    assert backends.text.calls == [] and backends.image.requests == [], "no writing, no painting"
    after = snapshot(made)
    assert after["pages"][2] != before["pages"][2], "page 2 was lettered again"
    assert after["pages"][1] == before["pages"][1] and after["art"] == before["art"]
    assert after["cover"] == before["cover"]
    assert after["pdf"] != before["pdf"], "the PDF was bound again"
    panel = Panel.objects.get(page__comic=made, page__index=1, index=0)
    assert panel.dialogue == [{"speaker": "Mira", "text": "Tea for two, please!"}]
    assert panel.caption == "Later that day."
    assert job.purpose == "Letter page 2 again"
    page = Page.objects.get(comic=made, index=1)
    assert not page.stale and not Page.objects.filter(comic=made, stale=True).exists()
    # The exports follow: the EPUB's page 2 reads the new line.
    epub = alice_client.get(reverse("comics:download_epub", args=[made.pk]))
    with zipfile.ZipFile(io.BytesIO(b"".join(epub.streaming_content) if epub.streaming else epub.content)) as book:
        texts = " ".join(book.read(name).decode() for name in book.namelist() if name.endswith(".xhtml"))
    assert "Mira: Tea for two, please!" in texts


def test_an_unchanged_panel_answers_200_and_starts_nothing(alice_client, made):
    panel = Panel.objects.get(page__comic=made, page__index=0, index=0)
    response = alice_client.patch(panel_url(made, 1, 1), {"caption": panel.caption}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["caption"] == panel.caption
    assert made.jobs.count() == 1


def test_a_moved_bubble_keeps_its_place_through_later_letterings_and_the_pdf(alice_client, made):
    panel = Panel.objects.get(page__comic=made, page__index=0, index=0)
    assert panel.dialogue, "the built-in writer gave this panel a line"
    place = {"x": 0.1, "y": 0.55, "w": 0.6, "h": 0.3}
    run_edit(alice_client.patch(panel_url(made, 1, 1), {"bubbles": [place]}, content_type="application/json"))
    page = Page.objects.get(comic=made, index=0)
    box = page.regions["panels"][0]["box"]
    bubble = next(text for text in page.regions["panels"][0]["text"] if text["kind"] == "bubble")
    width, height = box[2] - box[0], box[3] - box[1]
    assert abs((bubble["box"][1] - box[1]) / height - place["y"]) < 0.02, "the bubble starts where it was put"
    assert bubble["box"][0] - box[0] >= place["x"] * width - 2
    bubble_w, bubble_h = bubble["box"][2] - bubble["box"][0], bubble["box"][3] - bubble["box"][1]
    assert abs(bubble_w / width - place["w"]) < 0.02, "the bubble is as wide as it was made, not shrunk to its words"
    assert abs(bubble_h / height - place["h"]) < 0.02, "and as tall"

    # Another change of words letters the page again: the bubble stays where its author put it.
    run_edit(alice_client.patch(panel_url(made, 1, 1), {"sfx": "CLINK"}, content_type="application/json"))
    page.refresh_from_db()
    again = next(text for text in page.regions["panels"][0]["text"] if text["kind"] == "bubble")
    assert again["box"][1] == bubble["box"][1]
    made.refresh_from_db()
    with made.pdf.open("rb") as fh, page.image.open("rb") as png:
        assert len(fh.read()) > 0 and Image.open(png).size == tuple(page.regions["size"])


def test_a_redraw_paints_one_picture_and_the_old_art_stays_a_version(alice_client, made):
    before = snapshot(made)
    backends = counting()
    job = run_edit(alice_client.post(panel_url(made, 1, 2, "redraw/"), {"seed": 1234}), backends)

    assert len(backends.image.requests) == 1 and backends.text.calls == []
    assert backends.image.requests[0].seed == 1234
    assert job.purpose == "Redraw page 1, panel 2"
    after = snapshot(made)
    assert after["art"][(1, 2)] != before["art"][(1, 2)]
    assert after["pages"][1] != before["pages"][1] and after["pages"][2] == before["pages"][2]

    versions = alice_client.get(panel_url(made, 1, 2, "versions/")).json()
    assert [v["number"] for v in versions] == [1, 2]
    assert [v["in_use"] for v in versions] == [False, True]
    assert alice_client.get(versions[0]["art_url"]).status_code == 200

    # Back to the first painting: no painting at all, the page is lettered again.
    backends = counting()
    run_edit(alice_client.post(panel_url(made, 1, 2, "versions/1/use/")), backends)
    assert backends.image.requests == [] and backends.text.calls == []
    assert snapshot(made)["art"][(1, 2)] == before["art"][(1, 2)]
    assert [v["in_use"] for v in alice_client.get(panel_url(made, 1, 2, "versions/")).json()] == [True, False]


def test_a_redraw_with_a_new_scene_keeps_the_locked_looks_and_is_checked(alice_client, made):
    cast = list(made.cast.all())
    hero = cast[0]
    backends = counting()
    run_edit(
        alice_client.post(
            panel_url(made, 2, 1, "redraw/"), {"scene": f"{hero.name} waves from a hot-air balloon"}, format="json"
        ),
        backends,
    )
    panel = Panel.objects.get(page__comic=made, page__index=1, index=0)
    assert panel.scene == f"{hero.name} waves from a hot-air balloon"
    assert hero.look.rstrip(". ") in panel.image_prompt, "the look rides the new prompt"
    assert panel.image_prompt in backends.safety.texts, "the new prompt went through the safety check"
    assert len(backends.image.requests) == 1 and hero.look.rstrip(". ") in backends.image.requests[0].prompt


def test_continuing_adds_pages_with_the_same_cast_and_looks(alice_client, made):
    cast = {(c.name, c.look) for c in made.cast.all()}
    backends = counting()
    job = run_edit(
        alice_client.post(f"/api/comics/{made.pk}/continue/", {"pages": 2, "direction": "then the storm returns"}),
        backends,
    )
    made.refresh_from_db()
    assert made.page_count == 4 and made.pages.count() == 4
    assert {(c.name, c.look) for c in made.cast.all()} == cast
    schema_names = [call.schema_name for call in backends.text.calls]
    assert schema_names.count("comic_continuation") == 1 and schema_names.count("comic_page") == 2
    assert "then the storm returns" in backends.text.calls[0].messages[-1]["content"]
    assert len(backends.image.requests) == 4, "only the new pages' panels are painted"
    new_panels = Panel.objects.filter(page__comic=made, page__index__gte=2)
    looks = [look for _name, look in cast]
    assert all(any(look.rstrip(". ") in p.image_prompt for look in looks) for p in new_panels if p.image_prompt)
    assert all(page.image for page in made.pages.all())
    assert job.purpose == "Add 2 pages"


def test_more_pages_than_the_site_allows_is_a_clear_400(alice_client, made):
    response = alice_client.post(f"/api/comics/{made.pk}/continue/", {"pages": 11})
    assert response.status_code == 400
    assert response.json()["pages"] == ["A comic has at most 12 pages: this one has 2, so add 10 at most."]
    assert made.pages.count() == 2 and made.jobs.count() == 1


def test_deleting_and_reordering_pages_rebind_without_painting(alice_client, made):
    alice_client.post(f"/api/comics/{made.pk}/continue/", {"pages": 1})
    run_job(made.jobs.first().pk, backends=counting())
    first = snapshot(made)["pages"]

    backends = counting()
    run_edit(alice_client.post(f"/api/comics/{made.pk}/pages/order/", {"order": [3, 1, 2]}, format="json"), backends)
    reordered = snapshot(made)
    assert [reordered["pages"][n] for n in (1, 2, 3)] == [first[3], first[1], first[2]], "comic pages keep their art"
    assert backends.image.requests == [] and reordered["pdf"]

    run_edit(alice_client.delete(f"/api/comics/{made.pk}/pages/1/"), counting())
    made.refresh_from_db()
    assert made.page_count == 2 and [p.image.name for p in made.pages.all()] == [first[1], first[2]]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"dialogue": [{"speaker": "", "text": "Hello"}]}, "dialogue", "needs a speaker"),
        ({"dialogue": [{"speaker": "Mira", "text": " "}]}, "dialogue", "is empty"),
        ({"bubbles": [{"x": 2, "y": 0, "w": 0.5, "h": 0.5}]}, "bubbles", ""),
        ({"sfx": "K" * 40}, "sfx", "at most"),
    ],
)
def test_bad_edits_are_told_at_their_field_and_change_nothing(alice_client, made, body, field, words):
    before = snapshot(made)
    panel = Panel.objects.get(page__comic=made, page__index=0, index=0)
    response = alice_client.patch(panel_url(made, 1, 1), body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert words in " ".join(response.json()[field]) if words else field in response.json()
    assert snapshot(made) == before and made.jobs.count() == 1
    fresh = Panel.objects.get(pk=panel.pk)
    assert (fresh.dialogue, fresh.sfx, fresh.bubbles) == (panel.dialogue, panel.sfx, panel.bubbles)


def test_more_words_than_a_small_panel_can_print_readably_is_told_at_the_field(alice, alice_client, make_comic):
    comic, job = make_comic(alice, pages=1, panels_per_page=6)
    assert run_job(job.pk, backends=counting()).status == GenerationJob.Status.SUCCEEDED
    speech = [{"speaker": name, "text": "word " * 47} for name in ("Mira", "Basil", "Pip")]
    response = alice_client.patch(
        panel_url(comic, 1, 1), {"dialogue": speech, "caption": "cap " * 120}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "more than this panel can print at a readable size" in " ".join(
        response.json().get("dialogue", []) + response.json().get("caption", [])
    )
    assert comic.jobs.count() == 1


def test_a_stranger_gets_404_on_every_edit_endpoint(alice_client, bob_client, client, made):
    calls = [
        ("patch", panel_url(made, 1, 1), {"caption": "Mine now"}),
        ("post", panel_url(made, 1, 1, "redraw/"), {}),
        ("get", panel_url(made, 1, 1, "versions/"), None),
        ("post", panel_url(made, 1, 1, "versions/1/use/"), None),
        ("post", f"/api/comics/{made.pk}/continue/", {"pages": 1}),
        ("delete", f"/api/comics/{made.pk}/pages/1/", None),
        ("post", f"/api/comics/{made.pk}/pages/order/", {"order": [2, 1]}),
    ]
    for method, url, body in calls:
        response = getattr(bob_client, method)(url, body, content_type="application/json")
        assert response.status_code == 404, (method, url, response.status_code)
        assert getattr(client, method)(url, body, content_type="application/json").status_code in (401, 403, 404)
    version = Panel.objects.get(page__comic=made, page__index=0, index=0).versions.get()
    assert bob_client.get(version.art_url()).status_code == 404
    assert made.jobs.count() == 1 and snapshot(made)["pages"][1]


def test_an_edit_while_the_comic_is_being_changed_is_picked_up_by_that_run(alice_client, made):
    first = alice_client.patch(panel_url(made, 1, 1), {"caption": "One"}, content_type="application/json").json()
    second = alice_client.patch(panel_url(made, 2, 1), {"caption": "Two"}, content_type="application/json").json()
    assert second["id"] == first["id"], "the waiting job takes the second edit too"
    run_job(first["id"], backends=counting())
    assert not Page.objects.filter(comic=made, stale=True).exists()
    assert made.jobs.count() == 2


@pytest.mark.parametrize(
    ("changed", "stale"),
    [
        ({"page words"}, {"lettered page", "exports"}),
        ({"bubble places"}, {"lettered page", "exports"}),
        ({"panel seed"}, {"panel art", "lettered page", "exports"}),
        ({"panel scene"}, {"image prompt", "panel art", "lettered page", "exports"}),
        ({"panel art"}, {"lettered page", "exports"}),
        ({"title"}, {"lettered cover", "exports"}),
        ({"page order"}, {"lettered page", "exports"}),
    ],
)
def test_each_edit_stales_exactly_what_is_made_from_it(changed, stale):
    from comics.dependencies import Artefact, stale_after

    assert stale_after({Artefact(name) for name in changed}) == {Artefact(name) for name in stale}


def test_bubble_places_go_when_the_bubbles_they_were_for_do(alice_client, made):
    place = {"x": 0.1, "y": 0.5, "w": 0.5, "h": 0.3}
    speech = [{"speaker": "Mira", "text": "One."}, {"speaker": "Basil", "text": "Two."}]
    run_edit(
        alice_client.patch(
            panel_url(made, 1, 1), {"dialogue": speech, "bubbles": [place, None]}, content_type="application/json"
        )
    )
    assert Panel.objects.get(page__comic=made, page__index=0, index=0).bubbles == [place, None]
    # One speaker now: one bubble, so the old places (for two) are dropped rather than moved onto it.
    run_edit(
        alice_client.patch(
            panel_url(made, 1, 1), {"dialogue": [{"speaker": "Basil", "text": "Two."}]}, content_type="application/json"
        )
    )
    assert Panel.objects.get(page__comic=made, page__index=0, index=0).bubbles == []


def test_while_new_pages_are_made_the_book_reads_and_downloads_as_it_was(alice_client, made):
    response = alice_client.post(f"/api/comics/{made.pk}/continue/", {"pages": 2})
    assert response.status_code == 202  # the job has not run yet: two pages without pictures or words
    reader = alice_client.get(made.get_absolute_url())
    assert reader.status_code == 200
    assert [sheet["number"] for sheet in reader.context["sheets"]] == [0, 1, 2]
    cbz = alice_client.get(reverse("comics:download_cbz", args=[made.pk]))
    assert cbz.status_code == 200
    with zipfile.ZipFile(io.BytesIO(cbz.content)) as book:
        assert len([name for name in book.namelist() if name.endswith(".png")]) == 3, "the cover and two pages"


def test_renaming_while_pages_are_added_letters_the_cover_in_that_job(alice_client, made):
    job = alice_client.post(f"/api/comics/{made.pk}/continue/", {"pages": 1}).json()
    old_cover = snapshot(made)["cover"]
    response = alice_client.patch(
        f"/api/comics/{made.pk}/", {"title": "Tea for Everyone"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    made.refresh_from_db()
    assert made.title == "Tea for Everyone" and made.cover_stale
    run_job(job["id"], backends=counting())
    made.refresh_from_db()
    assert not made.cover_stale and made.cover_image.name != old_cover and made.page_count == 3


def test_a_cancelled_redraw_is_dropped_and_the_next_change_of_words_paints_nothing(alice_client, made):
    before = Panel.objects.get(page__comic=made, page__index=0, index=1)
    job = alice_client.post(panel_url(made, 1, 2, "redraw/"), {"scene": "A stormy harbour at night"}).json()
    assert alice_client.post(f"/api/jobs/{job['id']}/cancel/").status_code == 200
    panel = Panel.objects.get(pk=before.pk)
    assert (panel.repaint, panel.scene, panel.seed) == (False, before.scene, before.seed)

    backends = counting()
    run_edit(
        alice_client.patch(panel_url(made, 1, 2), {"caption": "Meanwhile."}, content_type="application/json"), backends
    )
    assert backends.image.requests == [], "words only: nothing painted"


def test_earlier_paintings_stay_out_of_shared_caches_once_the_comic_is_public(alice_client, made):
    from comics import publishing

    publishing.publish_comic(comic=made)
    version = Panel.objects.get(page__comic=made, page__index=0, index=0).versions.get()
    response = alice_client.get(version.art_url())
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]
    page = alice_client.get(Page.objects.get(comic=made, index=0).image_url())
    assert "public" in page["Cache-Control"], "the lettered page itself may be cached by anyone"


def test_each_lettering_of_a_page_has_a_new_address_so_no_browser_shows_the_old_one(alice_client, made):
    page = Page.objects.get(comic=made, index=0)
    urls = [page.image_url()]
    for caption in ("First.", "Second.", "Third."):
        run_edit(alice_client.patch(panel_url(made, 1, 1), {"caption": caption}, content_type="application/json"))
        page.refresh_from_db()
        urls.append(page.image_url())
    assert len(set(urls)) == len(urls), urls


def test_a_refused_redraw_keeps_the_picture_and_the_next_edits_work(alice_client, made, make_comic):
    from comics import signals

    before = Panel.objects.get(page__comic=made, page__index=0, index=1)
    flagged = []

    def heard(sender, **kwargs):
        flagged.append(kwargs["what"])

    page_two = Page.objects.get(comic=made, index=1).image.name
    signals.safety_flagged.connect(heard, dispatch_uid="test.refused_redraw")
    try:
        response = alice_client.post(panel_url(made, 1, 2, "redraw/"), {"scene": "Mira juggles dynamite"})
        assert response.status_code == 202, response.content
        # Another edit joins the same job before it runs: it is not lost with the refused redraw.
        joined = alice_client.patch(panel_url(made, 2, 1), {"caption": "Later."}, content_type="application/json")
        assert joined.status_code == 202 and joined.json()["id"] == response.json()["id"]
        backends = Backends(CountingStoryteller(), FlakyPainter(), WordSafety("dynamite"))
        job = run_job(response.json()["id"], backends=backends)
    finally:
        signals.safety_flagged.disconnect(dispatch_uid="test.refused_redraw")

    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    assert any(
        notice.startswith(
            "The safety check refused the new picture description for page 1, panel 2, so the panel keeps its picture."
        )
        for notice in job.notices()
    ), job.notices()
    lettered = Page.objects.get(comic=made, index=1)
    assert lettered.image.name != page_two and not lettered.stale, "the other edit was lettered in the same job"
    assert backends.image.requests == [], "nothing was painted"
    assert flagged == ["page 1, panel 2"], "the moderators hear of it as of any refusal"
    panel = Panel.objects.get(pk=before.pk)
    assert (panel.scene, panel.image_prompt, panel.seed, panel.art.name) == (
        before.scene,
        before.image_prompt,
        before.seed,
        before.art.name,
    ), "back to the painting it shows"
    assert (panel.repaint, panel.screened) == (False, True)
    assert [v["in_use"] for v in alice_client.get(panel_url(made, 1, 2, "versions/")).json()] == [True]

    # The author's next edit, elsewhere in the book, is not refused for that redraw.
    backends = Backends(CountingStoryteller(), FlakyPainter(), WordSafety("dynamite"))
    run_edit(
        alice_client.patch(panel_url(made, 2, 1), {"caption": "Meanwhile."}, content_type="application/json"), backends
    )
    assert backends.image.requests == [] and backends.safety.texts == []
    # And a redraw described another way paints.
    backends = Backends(CountingStoryteller(), FlakyPainter(), WordSafety("dynamite"))
    run_edit(alice_client.post(panel_url(made, 1, 2, "redraw/"), {"scene": "Mira juggles teacups"}), backends)
    assert len(backends.image.requests) == 1
    assert Panel.objects.get(pk=before.pk).scene == "Mira juggles teacups"


def test_a_refused_picture_of_new_pages_still_stops_the_job(alice_client, made):
    from comics import signals

    flagged = []

    def heard(sender, **kwargs):
        flagged.append(kwargs["what"])

    response = alice_client.post(f"/api/comics/{made.pk}/continue/", {"pages": 1})
    assert response.status_code == 202, response.content
    signals.safety_flagged.connect(heard, dispatch_uid="test.refused_new_page")
    try:
        # "no letters" rides every picture's prompt: the new page's pictures are all refused.
        backends = Backends(CountingStoryteller(), FlakyPainter(), WordSafety("no letters"))
        job = run_job(response.json()["id"], backends=backends)
    finally:
        signals.safety_flagged.disconnect(dispatch_uid="test.refused_new_page")

    assert job.status == GenerationJob.Status.FAILED
    assert "was stopped by the safety check" in job.error and "keeps its picture" not in job.error
    assert flagged and all(what.startswith("page 3, panel ") for what in flagged)
    assert backends.image.requests == []
    assert not Panel.objects.filter(page__comic=made, page__index=2).exclude(art="").exists()


def test_the_subjects_backfill_keeps_its_own_copy_of_who_was_painted_where(made, monkeypatch):
    """Migration 0008 answers as the painter did when it was written, whatever the live code says later."""
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from comics import casting
    from renderers import base

    backfill = importlib.import_module("comics.migrations.0008_editing").keep_painted_art_as_versions
    first, second = [member.name for member in made.cast.order_by("index")[:2]]
    panel = Panel.objects.get(page__comic=made, page__index=0, index=0)
    Panel.objects.filter(pk=panel.pk).update(
        scene=f"{second} pours the tea while {first.split()[0]} watches",
        dialogue=[{"speaker": "Nobody", "text": "Hm."}],
    )
    Panel.objects.filter(page__comic=made).update(subjects=[])
    for panel_of_comic in Panel.objects.filter(page__comic=made):
        panel_of_comic.versions.all().delete()

    def changed(*args, **kwargs):
        raise AssertionError("the migration reads the live casting code")

    for module, name in ((casting, "painted_subjects"), (casting, "subjects_in"), (base, "subject_anchor")):
        monkeypatch.setattr(module, name, changed)
    # The models as they were at 0008, as the migration sees them.
    backfill(MigrationLoader(connection).project_state(("comics", "0008_editing")).apps, None)

    panel.refresh_from_db()
    assert panel.subjects == [{"name": second, "x": 0.25}, {"name": first, "x": 0.75}]
    version = panel.versions.get()
    assert (version.number, version.art.name, version.subjects) == (1, panel.art.name, panel.subjects)


def test_a_throttled_redraw_or_continuation_is_told_in_its_own_words(alice_client, made, monkeypatch):
    from comics import quotas

    monkeypatch.setattr(quotas.EditRateThrottle, "THROTTLE_RATES", {"edit": "1/hour", "create": "30/hour"})
    monkeypatch.setattr(quotas.CreateRateThrottle, "THROTTLE_RATES", {"edit": "1/hour", "create": "30/hour"})
    assert alice_client.post(panel_url(made, 1, 1, "redraw/"), {}).status_code == 202

    redraw = alice_client.post(panel_url(made, 1, 2, "redraw/"), {})
    more = alice_client.post(f"/api/comics/{made.pk}/continue/", {"pages": 1})

    for response, asked_for in ((redraw, "This redraw"), (more, "Continuing the story")):
        assert response.status_code == 429
        assert 3500 < int(response["Retry-After"]) <= 3600
        assert response.json()["detail"] == (
            f"{asked_for} has to wait: you have reached this site's limit of 1 redraws and continued stories "
            "per hour. Try again in 1 hour."
        )
    assert made.jobs.count() == 2 and made.pages.count() == 2
    # Redraws have a counter of their own: a new comic is not refused for them.
    new_comic = alice_client.post("/api/comics/", {"idea": "a shy dragon", "pages": 1}, content_type="application/json")
    assert new_comic.status_code == 201, new_comic.content


@pytest.mark.parametrize(
    ("kind", "body", "field", "message"),
    [
        ("comic", {"caption": "c" * 501}, "caption", "A caption has at most 500 characters."),
        ("comic", {"sfx": "K" * 40}, "sfx", "A sound effect has at most 24 characters."),
        ("picture_book", {"caption": "   "}, "caption", "A picture book's page needs its text."),
        ("picture_book", {"caption": "c" * 501}, "caption", "A page's text has at most 500 characters."),
        ("picture_book", {"sfx": "BOOM"}, "sfx", "A picture book's page has no sound effects."),
    ],
)
def test_captions_and_sound_effects_are_held_to_their_limits(
    alice, alice_client, make_comic, kind, body, field, message
):
    options = {"kind": "picture_book", "style": "storybook", "panels_per_page": 1} if kind == "picture_book" else {}
    comic, job = make_comic(alice, pages=1, **options)
    assert run_job(job.pk, backends=counting()).status == GenerationJob.Status.SUCCEEDED
    before = Panel.objects.get(page__comic=comic, index=0)

    response = alice_client.patch(panel_url(comic, 1, 1), body, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json() == {field: [message]}
    after = Panel.objects.get(pk=before.pk)
    assert (after.caption, after.sfx) == (before.caption, before.sfx) and comic.jobs.count() == 1
    # Spaces typed around a sound effect are not kept: "  CLINK  " is the word CLINK.
    if kind == "comic":
        run_edit(alice_client.patch(panel_url(comic, 1, 1), {"sfx": "  CLINK  "}, content_type="application/json"))
        assert Panel.objects.get(pk=before.pk).sfx == "CLINK"


def test_a_redraw_the_safety_check_could_not_judge_waits_for_a_retry(alice_client, made):
    from comics import services
    from renderers.base import SafetyVerdict
    from renderers.safety_gate import UNAVAILABLE

    class Unreachable(WordSafety):
        def screen(self, text):
            self.texts.append(text)
            return SafetyVerdict(False, UNAVAILABLE, "The safety check could not be reached; retry in a while.")

    response = alice_client.post(panel_url(made, 1, 2, "redraw/"), {"scene": "Mira waves from the pier"})
    job = run_job(response.json()["id"], backends=Backends(CountingStoryteller(), FlakyPainter(), Unreachable()))

    assert job.status == GenerationJob.Status.FAILED and "keeps its picture" not in job.error
    panel = Panel.objects.get(page__comic=made, page__index=0, index=1)
    assert (panel.scene, panel.repaint, panel.screened) == ("Mira waves from the pier", True, False)
    # Once the check answers again, the retry paints what was asked for.
    backends = counting()
    job = run_job(services.retry_job(job=job).pk, backends=backends)
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    assert len(backends.image.requests) == 1
    assert Panel.objects.get(pk=panel.pk).versions.count() == 2


@pytest.mark.parametrize("first", ["words", "bubbles"])
def test_two_edits_of_one_panel_read_before_either_was_saved_both_stand(made, first):
    """A bubble dragged while the panel's words are saved: each request read the panel before the other's edit."""
    from comics import editing

    words_form = Panel.objects.get(page__comic=made, page__index=0, index=0)
    bubble_drag = Panel.objects.get(pk=words_form.pk)
    assert words_form.dialogue, "the built-in writer gave this panel a line"
    lines = [{**line, "text": f"{line['text']} Really."} for line in words_form.dialogue]  # same speakers, bubbles
    place = {"x": 0.1, "y": 0.55, "w": 0.6, "h": 0.3}
    edits = {
        "words": lambda: editing.edit_panel(panel=words_form, dialogue=lines),
        "bubbles": lambda: editing.edit_panel(panel=bubble_drag, bubbles=[place]),
    }
    edits[first]()
    edits["bubbles" if first == "words" else "words"]()

    panel = Panel.objects.get(pk=words_form.pk)
    assert panel.dialogue == lines, "the new words were not put back to the old ones"
    assert panel.bubbles == [place], "the bubble stays where it was dragged"
    later = bubble_drag if first == "words" else words_form
    assert (later.dialogue, later.bubbles) == (lines, [place]), "the later edit's answer shows both"
    job = run_job(made.jobs.get(status=GenerationJob.Status.QUEUED).pk, backends=counting())
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    page = Page.objects.get(comic=made, index=0)
    box = page.regions["panels"][0]["box"]
    bubble = next(text for text in page.regions["panels"][0]["text"] if text["kind"] == "bubble")
    assert abs((bubble["box"][1] - box[1]) / (box[3] - box[1]) - place["y"]) < 0.02, "lettered where it was put"


def test_a_new_seed_asked_from_an_older_copy_keeps_the_scene_asked_for_just_before(made):
    from comics import editing

    scene_form = Panel.objects.get(page__comic=made, page__index=0, index=1)
    seed_button = Panel.objects.get(pk=scene_form.pk)
    editing.redraw_panel(panel=scene_form, scene="Mira rows across the harbour at dawn")
    editing.redraw_panel(panel=seed_button, seed=4242)

    panel = Panel.objects.get(pk=scene_form.pk)
    assert panel.scene == "Mira rows across the harbour at dawn" and panel.seed == 4242
    backends = counting()
    job = run_job(made.jobs.get(status=GenerationJob.Status.QUEUED).pk, backends=backends)
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    assert len(backends.image.requests) == 1, "one picture painted"
    painted = backends.image.requests[0]
    assert painted.seed == 4242 and "rows across the harbour at dawn" in painted.prompt
    assert panel.image_prompt in backends.safety.texts, "the new scene went through the safety check"


@pytest.mark.django_db(transaction=True)  # two requests at once, each in its own transaction
def test_two_edits_at_once_with_no_job_running_join_one_job(alice, make_comic, monkeypatch):
    import threading
    import time

    from django.db import connection, connections

    from comics import jobs
    from tests.conftest import client_for

    if connection.vendor != "postgresql":
        pytest.skip("the row locks under test need PostgreSQL")
    comic, job = make_comic(alice, pages=2, panels_per_page=2)
    assert run_job(job.pk, backends=counting()).status == GenerationJob.Status.SUCCEEDED

    # The first edit is held after it made its job, before it commits: the second arrives just then.
    made_its_job, go_on = threading.Event(), threading.Event()
    enqueue = jobs.enqueue

    def held(job_id: int) -> None:
        if threading.current_thread().name == "first":
            made_its_job.set()
            go_on.wait(timeout=30)
        enqueue(job_id)

    monkeypatch.setattr(jobs, "enqueue", held)
    answers: dict[str, object] = {}
    clients = {"first": client_for(alice), "second": client_for(alice)}  # signed in before: that writes too

    def edit(page: int, caption: str) -> None:
        try:
            response = clients[threading.current_thread().name].patch(
                panel_url(comic, page, 1), {"caption": caption}, content_type="application/json"
            )
            answers[threading.current_thread().name] = (response.status_code, response.json().get("id"))
        except Exception as exc:  # a 500 raised out of the view
            answers[threading.current_thread().name] = exc
        finally:
            connections.close_all()

    first = threading.Thread(target=edit, args=(1, "One."), name="first")
    second = threading.Thread(target=edit, args=(2, "Two."), name="second")
    first.start()
    try:
        assert made_its_job.wait(timeout=30)
        second.start()
        waiting = 0
        deadline = time.monotonic() + 15
        while not waiting and time.monotonic() < deadline:  # until the second waits for a lock the first holds
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
                waiting = cursor.fetchone()[0]
            time.sleep(0.02)
        assert waiting, "the second edit waits for the first"
    finally:
        go_on.set()
        first.join(timeout=30)
        second.join(timeout=30)

    assert isinstance(answers["first"], tuple) and answers["first"][0] == 202, answers
    assert answers["second"] == answers["first"], "the second edit joined the job the first one made"
    assert comic.jobs.count() == 2
    assert [p.caption for p in Panel.objects.filter(page__comic=comic, index=0).order_by("page__index")] == [
        "One.",
        "Two.",
    ]
