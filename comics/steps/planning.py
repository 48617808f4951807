"""Screening the idea, planning the story, and continuing its outline."""

from __future__ import annotations

from .. import book_format, script
from ..flow import PipelineError
from ..models import Character, Comic, Page


def stored_plan(comic: Comic) -> script.Plan:
    """The plan as stored: title, cast with their looks, cover scene, the beats written so far and their stages."""
    told = [page for page in comic.pages.all() if page.beat]
    return script.Plan(
        title=comic.title,
        cast=tuple(script.CastMember(c.name, c.look) for c in comic.cast.all()),
        cover_scene=comic.cover_scene,
        beats=[page.beat for page in told],
        stages=tuple(page.stage for page in told),
    )


def screen_idea(run) -> None:
    comic = run.comic
    if comic.idea_screened:
        return
    run.report(2, "Checking the idea")
    verdict = run.flow.call("safety", lambda: run.backends.safety.screen(comic.idea))
    if not verdict.allowed:
        run.flagged("the idea", verdict)
        raise PipelineError(verdict.reason or "This idea can't be made into a comic here.")
    Comic.objects.filter(pk=comic.pk).update(idea_screened=True)
    comic.idea_screened = True
    run.say_if_the_safety_check_failed_open("the idea")


def plan(run) -> None:
    """The plan call for a new comic; the continuation call for pages added to a planned one."""
    comic = run.comic
    if not comic.pages.exists():
        first_plan(run)
    elif comic.pages.filter(beat="").exists():
        continuation(run)


def first_plan(run) -> None:
    comic, style = run.comic, run.style
    run.report(3, "Planning the story", "Planning the story")
    messages = script.plan_messages(
        idea=comic.idea,
        kind=comic.kind,
        pages=comic.page_count,
        panels_per_page=comic.panels_per_page,
        style_name=style.name,
        tone=style.story_tone,
    )
    planned = run.flow.call(
        "text",
        lambda: run.ask(
            messages,
            schema=script.plan_schema(comic.page_count),
            schema_name=script.PLAN_SCHEMA_NAME,
            validate=lambda data: script.validate_plan(data, pages=comic.page_count),
            what="the story plan",
            seed=comic.seed,
        ),
    )
    layout = book_format.page_shape(comic.kind, panels_per_page=comic.panels_per_page, layout=comic.layout).layout
    with run.while_mine():
        comic.title = planned.title[:200]
        comic.cover_scene = planned.cover_scene
        comic.save(update_fields=["title", "cover_scene", "updated_at"])
        Character.objects.bulk_create(
            Character(comic=comic, index=i, name=m.name, look=m.look) for i, m in enumerate(planned.cast)
        )
        stages = planned.stages or ("",) * len(planned.beats)
        Page.objects.bulk_create(
            Page(comic=comic, index=i, beat=beat, stage=stage, layout=layout)
            for i, (beat, stage) in enumerate(zip(planned.beats, stages, strict=True))
        )
    run.report(10, "Story planned", f"Planned “{planned.title}”", title=planned.title)


def continuation(run) -> None:
    """More beats for the pages an author added: same outline, same cast and looks."""
    comic, style = run.comic, run.style
    new_pages = list(comic.pages.filter(beat=""))
    direction = (run.job.request or {}).get("direction", "")
    told = stored_plan(comic)
    more = len(new_pages)
    run.report(3, "Planning what happens next", f"Planning {more} more page{'s' if more != 1 else ''}")
    messages = script.continuation_messages(
        idea=comic.idea, kind=comic.kind, plan=told, pages=more, direction=direction, tone=style.story_tone
    )
    beats, stages = run.flow.call(
        "text",
        lambda: run.ask(
            messages,
            schema=script.continuation_schema(more),
            schema_name=script.CONTINUATION_SCHEMA_NAME,
            validate=lambda data: (script.validate_continuation(data, pages=more), script.named_stages(data, more)),
            what="the story's next pages",
            seed=comic.seed + len(told.beats),
        ),
    )
    with run.while_mine():
        for page, beat, stage in zip(new_pages, beats, stages or ("",) * more, strict=True):
            Page.objects.filter(pk=page.pk).update(beat=beat, stage=stage)
    run.report(10, "Next pages planned", f"Planned {more} more page{'s' if more != 1 else ''}")
