"""The API for changing a comic: words and bubbles, redraws and versions, more pages, fewer, their order.

Owner-scoped (anyone else gets a 404); page and panel numbers are 1-based
as in the media URLs. An edit that needs work answers 202 with the job that
does it (its websocket path included), which is how the reader's editor
follows it too. The rules are in ``comics.editing``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, throttle_classes
from rest_framework.response import Response

from config.api_docs import errors

from . import editing, quotas
from .access import get_owned_comic, get_owned_page, get_owned_panel
from .models import GenerationJob, Panel
from .serializers import JobOutput, PanelOutput

# --- Input --------------------------------------------------------------------------------


class LineInput(serializers.Serializer):
    speaker = serializers.CharField(allow_blank=True, trim_whitespace=True)
    text = serializers.CharField(allow_blank=True, trim_whitespace=True)


class BubbleInput(serializers.Serializer):
    x = serializers.FloatField(min_value=0, max_value=1)
    y = serializers.FloatField(min_value=0, max_value=1)
    w = serializers.FloatField(min_value=0, max_value=1)
    h = serializers.FloatField(min_value=0, max_value=1)


class PanelEditInput(serializers.Serializer):
    dialogue = LineInput(many=True, required=False, help_text="Every speech line of the panel, in reading order.")
    caption = serializers.CharField(required=False, allow_blank=True, trim_whitespace=True)
    sfx = serializers.CharField(required=False, allow_blank=True, trim_whitespace=True)
    bubbles = serializers.ListField(
        child=BubbleInput(allow_null=True),
        required=False,
        help_text='Where each speech bubble goes, in reading order: {"x", "y", "w", "h"}, fractions of the panel; '
        "null lets the lettering place it.",
    )


class RedrawInput(serializers.Serializer):
    seed = serializers.IntegerField(required=False, help_text="Leave out for a new random seed.")
    scene = serializers.CharField(required=False, help_text="What the panel shows, for the writer's prompt builder.")
    image_prompt = serializers.CharField(
        required=False, help_text="Your own description of the picture; the cast's looks and the style are added."
    )


class ContinueInput(serializers.Serializer):
    pages = serializers.IntegerField(help_text="How many pages to add (1–12, up to the comic's page limit).")
    direction = serializers.CharField(
        required=False, allow_blank=True, help_text='Where the story goes next, e.g. "then the storm returns".'
    )


class PageOrderInput(serializers.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every page number once, in the new order: [3, 1, 2]."
    )


# --- Output -------------------------------------------------------------------------------


class PanelVersionOutput(serializers.Serializer):
    number = serializers.IntegerField()
    in_use = serializers.SerializerMethodField()
    art_url = serializers.SerializerMethodField()
    seed = serializers.IntegerField()
    scene = serializers.CharField()
    image_prompt = serializers.CharField()
    backend = serializers.CharField(source="art_backend")
    model = serializers.CharField(source="art_model")
    created_at = serializers.DateTimeField()

    def get_in_use(self, version) -> bool:
        return version.is_in_use(self.context["panel"])

    def get_art_url(self, version) -> str:
        return version.art_url()


# --- Views ----------------------------------------------------------------------------------


def _edited(call) -> GenerationJob | None:
    """Run an edit; its refusals become the API's 400 (which field and why), 409 and 429."""
    try:
        return call()
    except editing.EditError as exc:
        raise serializers.ValidationError(exc.message_dict) from None
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from None
    except editing.EditConflict as exc:
        raise _Conflict(str(exc)) from None
    except quotas.QuotaExceeded as exc:
        raise quotas.QuotaThrottled(exc) from None


class _Conflict(serializers.ValidationError):
    status_code = status.HTTP_409_CONFLICT

    def __init__(self, detail: str):
        super().__init__({"detail": detail})
        self.detail = {"detail": detail}


def _job(job: GenerationJob) -> Response:
    return Response(JobOutput(job).data, status=status.HTTP_202_ACCEPTED)


def _panel_or_job(panel: Panel, job: GenerationJob | None) -> Response:
    """200 with the panel when the edit changed nothing (no job), or 202 with the job that letters its page."""
    if job is None:
        return Response(PanelOutput(panel).data)
    return _job(job)


@extend_schema(
    operation_id="panels_partial_update",
    request=PanelEditInput,
    responses={200: PanelOutput, 202: JobOutput, **errors(400, 401, 404, 409)},
)
@api_view(["PATCH"])
def panel_edit(request, comic_id: int, number: int, panel: int):
    """Change a panel's words, speakers, caption, sound effect or bubble places: its page is lettered again."""
    found = get_owned_panel(request.user, comic_id, number, panel)
    payload = PanelEditInput(data=request.data)
    payload.is_valid(raise_exception=True)
    return _panel_or_job(found, _edited(lambda: editing.edit_panel(panel=found, **payload.validated_data)))


@extend_schema(
    operation_id="panels_redraw", request=RedrawInput, responses={202: JobOutput, **errors(400, 401, 404, 409, 429)}
)
@api_view(["POST"])
@throttle_classes([quotas.RedrawRateThrottle])
def panel_redraw(request, comic_id: int, number: int, panel: int):
    """Paint the panel again: one picture; the art it had is kept as a version."""
    found = get_owned_panel(request.user, comic_id, number, panel)
    payload = RedrawInput(data=request.data)
    payload.is_valid(raise_exception=True)
    data = payload.validated_data
    return _job(
        _edited(
            lambda: editing.redraw_panel(
                panel=found, seed=data.get("seed"), scene=data.get("scene"), prompt=data.get("image_prompt")
            )
        )
    )


@extend_schema(operation_id="panels_versions", responses={200: PanelVersionOutput(many=True), **errors(401, 404)})
@api_view(["GET"])
def panel_versions(request, comic_id: int, number: int, panel: int):
    """Every painting of the panel, oldest first, and which one is in use."""
    found = get_owned_panel(request.user, comic_id, number, panel)
    versions = found.versions.select_related("panel__page")
    return Response(PanelVersionOutput(versions, many=True, context={"panel": found}).data)


@extend_schema(
    operation_id="panels_version_use",
    request=None,
    responses={200: PanelOutput, 202: JobOutput, **errors(401, 404, 409)},
)
@api_view(["POST"])
def panel_version_use(request, comic_id: int, number: int, panel: int, version: int):
    """Put an earlier painting back, without painting: the page is lettered again."""
    found = get_owned_panel(request.user, comic_id, number, panel)
    chosen = get_object_or_404(found.versions, number=version)
    return _panel_or_job(found, _edited(lambda: editing.use_version(panel=found, version=chosen)))


@extend_schema(
    operation_id="comics_continue", request=ContinueInput, responses={202: JobOutput, **errors(400, 401, 404, 409, 429)}
)
@api_view(["POST"])
@throttle_classes([quotas.ContinueRateThrottle])
def comic_continue(request, comic_id: int):
    """Add pages that carry the story on, with the same cast and looks."""
    comic = get_owned_comic(request.user, comic_id)
    payload = ContinueInput(data=request.data)
    payload.is_valid(raise_exception=True)
    data = payload.validated_data
    return _job(_edited(lambda: editing.continue_story(comic=comic, **data)))


@extend_schema(operation_id="pages_destroy", request=None, responses={202: JobOutput, **errors(400, 401, 404, 409)})
@api_view(["DELETE"])
def page_delete(request, comic_id: int, number: int):
    """Remove a page; the PDF is bound again without it."""
    page = get_owned_page(request.user, comic_id, number)
    return _job(_edited(lambda: editing.delete_page(page=page)))


@extend_schema(
    operation_id="pages_reorder",
    request=PageOrderInput,
    responses={202: JobOutput, 200: None, **errors(400, 401, 404, 409)},
)
@api_view(["POST"])
def page_order(request, comic_id: int):
    """Put the pages in a new order; the PDF is bound again (picture-book pages are lettered with their new numbers)."""
    comic = get_owned_comic(request.user, comic_id)
    payload = PageOrderInput(data=request.data)
    payload.is_valid(raise_exception=True)
    job = _edited(lambda: editing.reorder_pages(comic=comic, order=payload.validated_data["order"]))
    if job is None:
        return Response({"detail": "The pages are in that order already."})
    return _job(job)
