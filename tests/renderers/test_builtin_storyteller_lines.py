"""No line is said twice in one comic by the built-in storyteller.

The pipeline asks for every page on its own, in parallel, each request with a
seed derived for that page; these tests ask the same way, with the pipeline's
own message builders, seeds and validators.
"""

from __future__ import annotations

import collections
import re

import pytest

from comics import script
from comics.casting import derive_seed
from renderers.base import TextRequest
from renderers.builtin.storyteller import BuiltinStoryteller

storyteller = BuiltinStoryteller()

# One idea for each of the five plots (shop, race, quest, build, grow), and one with no plot words.
IDEAS = [
    "a shy dragon who opens a tiny tea shop",
    "two robots race across the desert",
    "a little mouse who wants to find the lost crown",
    "a girl who builds a rocket to the moon",
    "a little owl learns to fly",
    "cats",
]
SHAPES = [("comic", 6), ("comic", 3), ("comic", 1), ("picture_book", 1)]


def _plan(idea: str, *, kind: str, pages: int, panels: int, seed: int) -> script.Plan:
    messages = script.plan_messages(
        idea=idea, kind=kind, pages=pages, panels_per_page=panels, style_name="Classic comic", tone="upbeat"
    )
    request = TextRequest(
        messages=messages, schema=script.plan_schema(pages), schema_name=script.PLAN_SCHEMA_NAME, seed=seed
    )
    return script.validate_plan(storyteller.complete_json(request).data, pages=pages)


def _page(idea: str, plan: script.Plan, index: int, *, kind: str, panels: int, seed: int) -> list[script.PanelScript]:
    messages = script.page_messages(idea=idea, kind=kind, plan=plan, page_index=index, panels=panels, tone="upbeat")
    request = TextRequest(
        messages=messages, schema=script.page_schema(panels), schema_name=script.PAGE_SCHEMA_NAME, seed=seed
    )
    return script.validate_page(storyteller.complete_json(request).data, panels=panels, kind=kind)


def _comic(idea: str, *, kind: str = "comic", pages: int = 12, panels: int = 6, seed: int = 7):
    plan = _plan(idea, kind=kind, pages=pages, panels=panels, seed=seed)
    written = [_page(idea, plan, i, kind=kind, panels=panels, seed=derive_seed(seed, "page", i)) for i in range(pages)]
    return plan, written


def _repeated(pages: list[list[script.PanelScript]]) -> dict[str, int]:
    # A reader hears "We did it!" and "we did it." as the same line.
    said = collections.Counter()
    for page in pages:
        for panel in page:
            for text in [line["text"] for line in panel.dialogue] + [panel.caption]:
                if text:
                    said[" ".join(re.findall(r"[^\W_]+", text.lower())) or text.strip()] += 1
    return {text: n for text, n in said.items() if n > 1}


@pytest.mark.parametrize("idea", IDEAS)
@pytest.mark.parametrize("kind,panels", SHAPES)
def test_a_twelve_page_comic_never_says_a_line_twice(idea, kind, panels):
    for seed in range(5):
        _, pages = _comic(idea, kind=kind, panels=panels, seed=seed)
        assert not _repeated(pages), (seed, _repeated(pages))


@pytest.mark.parametrize("kind,panels", SHAPES)
@pytest.mark.parametrize("pages", range(1, 12))
def test_shorter_comics_never_say_a_line_twice(kind, panels, pages):
    for idea in IDEAS[:5]:
        _, written = _comic(idea, kind=kind, pages=pages, panels=panels, seed=3)
        assert not _repeated(written), (idea, _repeated(written))


def test_the_ending_no_longer_repeats_its_catchphrase():
    # The ending page once said "Best. Day. Ever." in every close-up it had room for.
    for seed in range(8):
        _, pages = _comic(IDEAS[0], seed=seed)
        said = [line["text"] for page in pages for panel in page for line in panel.dialogue]
        assert said.count("Best. Day. Ever.") <= 1


def test_a_long_comic_still_talks_on_most_panels():
    # Silence is the fallback when a stage has run out of lines, not the rule.
    for idea in IDEAS[:5]:
        _, pages = _comic(idea, seed=1)
        panels = [panel for page in pages for panel in page]
        talking = [panel for panel in panels if panel.dialogue]
        assert len(talking) >= 0.6 * len(panels), idea


@pytest.mark.parametrize("kind,panels", [("comic", 6), ("picture_book", 1)])
def test_same_seed_same_words_in_whatever_order_pages_are_written(kind, panels):
    idea = IDEAS[1]
    plan, pages = _comic(idea, kind=kind, panels=panels, seed=11)
    assert _comic(idea, kind=kind, panels=panels, seed=11) == (plan, pages)
    # Parallel requests finish in any order, and a retried page gets the same words.
    for index in (11, 5, 0):
        again = _page(idea, plan, index, kind=kind, panels=panels, seed=derive_seed(99, "page", index))
        assert again == pages[index]


def test_another_seed_tells_it_in_other_words():
    def wording(seed):
        plan, pages = _comic(IDEAS[0], seed=seed)
        names = "|".join(re.escape(member.name) for member in plan.cast)
        return {re.sub(names, "X", line["text"]) for page in pages for panel in page for line in panel.dialogue}

    assert wording(1) != wording(2), "not only the names change"


def _continue(idea: str, plan: script.Plan, *, kind: str, more: int, seed: int, direction: str = "") -> script.Plan:
    # As the pipeline continues a finished comic: one continuation request, then the outline grows,
    # each new beat stored with the stages it tells.
    messages = script.continuation_messages(
        idea=idea, kind=kind, plan=plan, pages=more, direction=direction, tone="upbeat"
    )
    request = TextRequest(
        messages=messages,
        schema=script.continuation_schema(more),
        schema_name=script.CONTINUATION_SCHEMA_NAME,
        seed=seed + len(plan.beats),
    )
    data = storyteller.complete_json(request).data
    beats, stages = script.validate_continuation(data, pages=more), script.named_stages(data, more)
    return script.Plan(plan.title, plan.cast, plan.cover_scene, [*plan.beats, *beats], (*plan.stages, *stages))


def _continued(idea: str, *, kind: str, pages: int, panels: int, seed: int, more: tuple[int, ...] = (2,)):
    plan, written = _comic(idea, kind=kind, pages=pages, panels=panels, seed=seed)
    for i, added in enumerate(more):
        direction = "then the storm returns" if i == 0 else ""
        plan = _continue(idea, plan, kind=kind, more=added, seed=seed, direction=direction)
        written += [
            _page(idea, plan, index, kind=kind, panels=panels, seed=derive_seed(seed, "page", index))
            for index in range(len(written), len(plan.beats))
        ]
    return plan, written


@pytest.mark.parametrize("idea", IDEAS)
@pytest.mark.parametrize("kind,panels", SHAPES)
@pytest.mark.parametrize("pages", [1, 2, 4, 10])
def test_continued_pages_never_repeat_the_pages_before_them(idea, kind, panels, pages):
    plan, written = _continued(idea, kind=kind, pages=pages, panels=panels, seed=5)
    assert len(plan.beats) == len(written) == pages + 2
    beats = [" ".join(re.findall(r"[^\W_]+", beat.lower())) for beat in plan.beats]
    assert len(set(beats)) == len(beats), plan.beats[pages:]
    assert not _repeated(written), _repeated(written)
    names = {member.name for member in plan.cast}
    assert {line["speaker"] for page in written[pages:] for panel in page for line in panel.dialogue} <= names
    assert any(name in beat for beat in plan.beats[pages:] for name in names), "the new beats are the same story's"


def test_a_comic_continued_twice_still_says_nothing_twice():
    for idea in IDEAS[:5]:
        plan, written = _continued(idea, kind="comic", pages=4, panels=4, seed=2, more=(2, 3))
        assert len(set(plan.beats)) == 9 and not _repeated(written), (idea, _repeated(written))


def test_a_continued_comic_is_written_alike_for_its_seed_and_a_retried_added_page_keeps_its_words():
    first = _continued(IDEAS[0], kind="comic", pages=4, panels=4, seed=9)
    assert _continued(IDEAS[0], kind="comic", pages=4, panels=4, seed=9) == first
    plan, written = first
    assert _page(IDEAS[0], plan, 5, kind="comic", panels=4, seed=derive_seed(9, "page", 5)) == written[5]


def _beat_words(plan: script.Plan) -> list[str]:
    return [" ".join(re.findall(r"[^\W_]+", beat.lower())) for beat in plan.beats]


@pytest.mark.parametrize("idea", IDEAS)
def test_a_story_continued_again_after_its_ending_was_moved_or_deleted_tells_nothing_twice(idea):
    plan, _ = _continued(idea, kind="comic", pages=4, panels=4, seed=2)
    # The author moves the ending to the back, or deletes it: each beat keeps its stages, as a page does.
    moved = [0, 1, 2, 4, 5, 3]
    for order in (moved, [0, 1, 2, 4, 5]):
        edited = script.Plan(
            plan.title,
            plan.cast,
            plan.cover_scene,
            [plan.beats[i] for i in order],
            tuple(plan.stages[i] for i in order),
        )
        again = _continue(idea, edited, kind="comic", more=2, seed=2)
        assert len(set(_beat_words(again))) == len(again.beats), again.beats[len(order) :]


@pytest.mark.parametrize("kind,panels", SHAPES)
def test_pages_of_a_comic_stored_before_its_beats_named_their_stages_keep_their_words(kind, panels):
    # Such an outline reaches the storyteller without "stages": it reads them back from the beats.
    for pages in (1, 3, 6):
        plan, written = _continued(IDEAS[2], kind=kind, pages=pages, panels=panels, seed=6)
        unnamed = script.Plan(plan.title, plan.cast, plan.cover_scene, plan.beats)
        for index in range(len(plan.beats)):
            seed = derive_seed(6, "page", index)
            assert _page(IDEAS[2], unnamed, index, kind=kind, panels=panels, seed=seed) == written[index]
