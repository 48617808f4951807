"""Whole comics made through the real pipeline by each provider family, against local fake servers.

Each test saves the author's provider accounts the way the settings page
does, makes a 2-page comic of 2 panels per page (4 panels and a cover) with
``run_job``, and checks what the author would see: a finished comic, art
records naming the provider and model that painted them, the key sent in
the provider's own header, usage counted as the provider reported it and an
estimated cost priced from the price table.
"""

from __future__ import annotations

import dataclasses
import io
import json
import threading
import time
from decimal import Decimal

import pytest
from django.db import connections
from PIL import Image

from accounts.models import ProviderAccount
from accounts.services import choose_backends, save_provider_account
from comics import layouts, providers, services
from comics.metering import UsageMeter
from comics.models import Comic, GenerationJob, ModelPrice, Panel
from comics.pipeline import run_job
from config.site_providers import site_providers
from renderers.net import RetryPolicy
from renderers.providers.moderation import reason_for
from tests.pdfs import pdf_page_sizes
from tests.provider_fakes.comfy import ComfyUIFake, RunPodFake, latent_size
from tests.provider_fakes.images import HuggingFaceImagesFake, OpenAIImagesFake, ReplicateFake
from tests.provider_fakes.moderation import ModerationFake
from tests.provider_fakes.text import AnthropicFake, OpenAIChatFake

pytestmark = pytest.mark.django_db

PANELS = 4
PICTURES = PANELS + 1  # and the cover
# What the pipeline screens: the idea, then every picture's prompt before painting.
SCREENINGS = 1 + PICTURES

CHAT_KEY = "sk-e2e-chat-3f9a1c7d2b"
IMAGE_KEY = "sk-e2e-images-8d2e4f6a0c"
ANTHROPIC_KEY = "sk-ant-e2e-5b7c9d1e3f"
HF_KEY = "hf_e2eToken4a6c8e0b2d"
GROQ_KEY = "gsk_e2e1c3e5a7b9d"
REPLICATE_KEY = "r8_e2eToken2c4e6a8b"
COMFY_KEY = "comfy-proxy-e2e-7d9f1b"
RUNPOD_KEY = "rpa_e2eToken6e8a0c2d"
MODERATION_KEY = "sk-e2e-moderation-0a2c4e6b"
SITE_KEY = "sk-e2e-site-9c1e3a5b7d"


@pytest.fixture(autouse=True)
def _providers_on_loopback(settings):
    """The fakes listen on 127.0.0.1, which the SSRF guard refuses unless allowed; no site provider is set."""
    settings.PANELCRAFT = {
        **settings.PANELCRAFT,
        "PROVIDER_ALLOWED_HOSTS": ["127.0.0.1"],
        "SITE_PROVIDERS": site_providers({}),
    }


# --- Helpers ------------------------------------------------------------------------


class _ReportedUsage:
    """A chat fake that also keeps the token counts it answered with, as the provider would bill them."""

    def __init__(self, **options):
        super().__init__(**options)
        self.reported: list[dict] = []

    def _respond(self, received, body):
        reply = super()._respond(received, body)
        if reply.status == 200:
            usage = json.loads(reply.body)["usage"]
            with self._lock:
                self.reported.append(
                    {
                        "input_tokens": usage.get("input_tokens", usage.get("prompt_tokens")),
                        "output_tokens": usage.get("output_tokens", usage.get("completion_tokens")),
                    }
                )
        return reply

    def tokens(self, name: str) -> int:
        return sum(usage[name] for usage in self.reported)


class ChatFake(_ReportedUsage, OpenAIChatFake):
    pass


class MessagesFake(_ReportedUsage, AnthropicFake):
    pass


class RevokingImagesFake(OpenAIImagesFake):
    """OpenAI Images whose key is revoked after ``allowed`` pictures: later ones need ``new_key``."""

    def __init__(self, *, old_key: str, new_key: str, allowed: int):
        super().__init__(api_key=old_key)
        self.new_key = new_key
        self.allowed = allowed
        self.painted = 0
        self._serial = threading.Lock()

    def _generate(self, received):
        with self._serial:  # one at a time, so exactly ``allowed`` pictures are painted with the old key
            if self.painted >= self.allowed:
                self.api_key = self.new_key
            reply = super()._generate(received)
            if reply.status == 200:
                self.painted += 1
        return reply


def account(owner, provider: str, **fields) -> ProviderAccount:
    """A provider account saved as the settings page saves one (validated, key encrypted)."""
    return save_provider_account(ProviderAccount(owner=owner), provider=provider, **fields)


def tune_providers(monkeypatch, *, sleep=None, **options) -> None:
    """Give every provider the worker builds these extra options (and a shorter clock for its waits)."""
    real = providers.provider_config

    def config(*args, **kwargs):
        made = real(*args, **kwargs)
        changes = {"options": {**made.options, **options}}
        if sleep is not None:
            changes["sleep"] = sleep
        return dataclasses.replace(made, **changes)

    monkeypatch.setattr(providers, "provider_config", config)


def hurried(seconds: float) -> None:
    """Waits between polls and retries pass in a hundredth of a second each, so a polled comic takes seconds."""
    time.sleep(min(seconds, 0.01))


def make(owner, idea: str = "a shy dragon who opens a tiny tea shop", **options) -> tuple[Comic, GenerationJob]:
    params = {"pages": 2, "panels_per_page": 2, "style": "classic-comic", "seed": 11, **options}
    return services.create_comic(owner=owner, idea=idea, enqueue=False, **params)


def image_size(field) -> tuple[int, int]:
    with field.open("rb") as fh:
        return Image.open(io.BytesIO(fh.read())).size


def finished_panels(job: GenerationJob, comic: Comic, *, backend: str, model: str | None = None) -> list[Panel]:
    """Check the comic is whole (title, two lettered pages, cover, PDF) and every panel names its painter.

    ``model`` is the model the provider reported; None leaves the built-in painter's own name unchecked.
    """
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    comic.refresh_from_db()
    assert comic.title
    pages = list(comic.pages.all())
    assert [page.number for page in pages] == [1, 2]
    for page in pages:
        assert page.image, f"page {page.number} was not lettered"
        assert image_size(page.image) == layouts.page_pixels(comic.page_size)
    assert comic.cover_art and comic.cover_image
    with comic.pdf.open("rb") as fh:
        assert len(pdf_page_sizes(fh.read())) == 1 + len(pages)
    panels = list(Panel.objects.filter(page__comic=comic).select_related("page"))
    assert len(panels) == PANELS
    for panel in panels:
        assert panel.art, f"panel {panel.index + 1} of page {panel.page.number} has no art"
        assert panel.art_backend == backend
        if model is not None:
            assert panel.art_model == model
        assert (panel.art_width, panel.art_height) == image_size(panel.art)
    return panels


def usage_row(job: GenerationJob, kind: str) -> dict:
    rows = [row for row in job.usage if row["kind"] == kind]
    assert len(rows) == 1, job.usage
    return rows[0]


def price(provider: str, model: str, **amounts: str) -> ModelPrice:
    values = {name: Decimal(value) for name, value in amounts.items()}
    return ModelPrice.objects.update_or_create(provider=provider, model=model, defaults=values)[0]


def expected_cost(row: dict) -> Decimal:
    if row["provider"] == "builtin":
        return Decimal(0)
    found = ModelPrice.objects.get(provider=row["provider"], model=row["model"])
    million = Decimal(1_000_000)
    return (
        found.input_per_million * row["input_tokens"] / million
        + found.output_per_million * row["output_tokens"] / million
        + found.per_image * row["images"]
        + found.per_call * (row["calls"] - row["failures"])
    )


def assert_priced(client, job: GenerationJob) -> dict:
    """GET /api/jobs/<id>/ shows the job's usage, each row and the total priced from the price table."""
    response = client.get(f"/api/jobs/{job.pk}/")
    assert response.status_code == 200
    usage = response.json()["usage"]
    shown = {(row["kind"], row["provider"], row["model"]): row for row in usage["providers"]}
    assert set(shown) == {(row["kind"], row["provider"], row["model"]) for row in job.usage}
    total = Decimal(0)
    for row in job.usage:
        cost = expected_cost(row)
        total += cost
        api_row = shown[(row["kind"], row["provider"], row["model"])]
        assert api_row["calls"] == row["calls"]
        assert api_row["estimated_cost"] == float(round(cost, 4))
    assert usage["estimated_cost"] == float(round(total, 4))
    assert usage["unpriced"] == []
    assert usage["currency"] == "USD"
    assert usage["images"] == sum(row["images"] for row in job.usage)
    return usage


def assert_text_usage(job: GenerationJob, fake: _ReportedUsage, *, provider: str, model: str) -> None:
    row = usage_row(job, "text")
    assert (row["provider"], row["model"]) == (provider, model)
    assert row["calls"] == len(fake.requests) == len(fake.reported)
    assert row["failures"] == 0
    assert row["input_tokens"] == fake.tokens("input_tokens") > 0
    assert row["output_tokens"] == fake.tokens("output_tokens") > 0


def assert_image_usage(job: GenerationJob, *, provider: str, model: str) -> None:
    row = usage_row(job, "image")
    assert (row["provider"], row["model"]) == (provider, model)
    assert row["calls"] == row["images"] == PICTURES
    assert row["failures"] == 0


def graph_prompt(graph: dict) -> str:
    """The positive prompt of a ComfyUI graph: the text the sampler's ``positive`` input is conditioned on."""
    node = next(node for node in graph.values() if node["class_type"] == "KSampler")
    link = node["inputs"]["positive"]
    while "text" not in (node := graph[link[0]])["inputs"]:
        link = node["inputs"]["conditioning"]  # through FluxGuidance and the like
    return node["inputs"]["text"]


def graph_seed(graph: dict) -> int:
    return next(node["inputs"]["seed"] for node in graph.values() if node["class_type"] == "KSampler")


# --- 1. OpenAI-compatible chat + OpenAI Images ------------------------------------------


def test_openai_compatible_text_and_openai_images_make_a_whole_comic(alice, alice_client):
    with ChatFake(api_key=CHAT_KEY) as chat, OpenAIImagesFake(api_key=IMAGE_KEY) as images:
        writer = account(
            alice, "openai_compatible", label="My vLLM", base_url=chat.url, text_model="chat-e2e-7b", api_key=CHAT_KEY
        )
        painter = account(
            alice, "openai", label="OpenAI", base_url=images.url, image_model="pixels-e2e", api_key=IMAGE_KEY
        )
        choose_backends(alice, text=writer.pk, image=painter.pk, safety=None)
        comic, job = make(alice)

        job = run_job(job.pk)

        panels = finished_panels(job, comic, backend="openai", model="pixels-e2e")
        assert chat.requests and images.requests
        assert {r.headers["authorization"] for r in chat.requests} == {f"Bearer {CHAT_KEY}"}
        assert {r.json()["model"] for r in chat.requests} == {"chat-e2e-7b"}
        assert {r.headers["authorization"] for r in images.requests} == {f"Bearer {IMAGE_KEY}"}
        asked = {r.json()["prompt"]: r.json() for r in images.requests}
        assert len(images.requests) == PICTURES
        for panel in panels:
            body = asked[panel.image_prompt]
            assert body["model"] == "pixels-e2e"
            assert body["size"] == f"{panel.art_width}x{panel.art_height}"

    assert comic.providers["text"] == {
        "source": "account",
        "backend": "openai_compatible",
        "model": "chat-e2e-7b",
        "account": writer.pk,
        "label": "My vLLM",
    }
    assert job.backends == {"text": "openai_compatible", "image": "openai", "safety": "builtin"}
    assert_text_usage(job, chat, provider="openai_compatible", model="chat-e2e-7b")
    assert_image_usage(job, provider="openai", model="pixels-e2e")
    price("openai_compatible", "chat-e2e-7b", input_per_million="300", output_per_million="1200")
    price("openai", "pixels-e2e", per_image="0.04")
    usage = assert_priced(alice_client, job)
    assert usage["estimated_cost"] > 0.2  # five pictures at 0.04 and the text on top


# --- 2. Anthropic + Hugging Face Inference Endpoint ---------------------------------------


def test_anthropic_text_and_a_hugging_face_endpoint_make_a_whole_comic(alice, alice_client):
    with MessagesFake(api_key=ANTHROPIC_KEY) as claude, HuggingFaceImagesFake(api_key=HF_KEY) as hf:
        writer = account(alice, "anthropic", base_url=claude.url, text_model="claude-e2e", api_key=ANTHROPIC_KEY)
        painter = account(
            alice, "huggingface", label="My endpoint", base_url=hf.url, image_model="acme/e2e-diffusion", api_key=HF_KEY
        )
        comic, job = make(alice, text_provider=writer.pk, image_provider=painter.pk)

        job = run_job(job.pk)

        panels = finished_panels(job, comic, backend="huggingface", model="acme/e2e-diffusion")
        assert claude.requests
        assert {r.headers.get("x-api-key") for r in claude.requests} == {ANTHROPIC_KEY}
        assert not any("authorization" in r.headers for r in claude.requests)
        assert {r.json()["model"] for r in claude.requests} == {"claude-e2e"}
        assert len(hf.requests) == PICTURES
        assert {r.route for r in hf.requests} == {"/"}, "an Inference Endpoint is called at its own address"
        assert {r.headers["authorization"] for r in hf.requests} == {f"Bearer {HF_KEY}"}
        asked = {r.json()["inputs"]: r.json()["parameters"] for r in hf.requests}
        for panel in panels:
            parameters = asked[panel.image_prompt]
            assert (parameters["width"], parameters["height"]) == (panel.art_width, panel.art_height)
            assert parameters["seed"] == panel.art_seed == panel.seed

    assert job.backends == {"text": "anthropic", "image": "huggingface", "safety": "builtin"}
    assert_text_usage(job, claude, provider="anthropic", model="claude-e2e")
    assert_image_usage(job, provider="huggingface", model="acme/e2e-diffusion")
    price("anthropic", "claude-e2e", input_per_million="800", output_per_million="4000")
    price("huggingface", "acme/e2e-diffusion", per_image="0.01", per_call="0.001")
    assert_priced(alice_client, job)


# --- 3. Groq + Replicate ------------------------------------------------------------------


def test_groq_text_and_replicate_images_make_a_whole_comic(alice, alice_client, monkeypatch):
    tune_providers(monkeypatch, poll_interval=0.01, max_poll_interval=0.02)
    with ChatFake(api_key=GROQ_KEY) as chat, ReplicateFake(api_key=REPLICATE_KEY, models=("acme/e2e-pixels",)) as rep:
        writer = account(alice, "groq", base_url=chat.url, text_model="llama-e2e", api_key=GROQ_KEY)
        painter = account(alice, "replicate", base_url=rep.url, image_model="acme/e2e-pixels", api_key=REPLICATE_KEY)
        comic, job = make(alice, text_provider=writer.pk, image_provider=painter.pk)

        started = time.monotonic()
        job = run_job(job.pk)
        seconds = time.monotonic() - started

        panels = finished_panels(job, comic, backend="replicate", model="acme/e2e-pixels")
        assert {r.headers["authorization"] for r in chat.requests} == {f"Bearer {GROQ_KEY}"}
        assert {r.json()["model"] for r in chat.requests} == {"llama-e2e"}
        created = rep.server.calls("POST", "/v1/models/acme/e2e-pixels/predictions")
        assert len(created) == PICTURES
        polls = [r for r in rep.requests if r.method == "GET" and r.route.startswith("/v1/predictions/")]
        assert len(polls) == PICTURES * rep.polls, "each prediction was polled until it succeeded"
        assert {r.headers.get("authorization") for r in rep.requests} == {f"Bearer {REPLICATE_KEY}"}
        inputs = {r.json()["input"]["prompt"]: r.json()["input"] for r in created}
        for panel in panels:
            given = inputs[panel.image_prompt]
            assert (given["width"], given["height"]) == (panel.art_width, panel.art_height)
            assert given["seed"] == panel.art_seed

    assert seconds < 10
    assert_text_usage(job, chat, provider="groq", model="llama-e2e")
    assert_image_usage(job, provider="replicate", model="acme/e2e-pixels")
    price("groq", "llama-e2e", input_per_million="590", output_per_million="790")
    price("replicate", "acme/e2e-pixels", per_image="0.003")
    assert_priced(alice_client, job)


# --- 4. ComfyUI ---------------------------------------------------------------------------


def test_comfyui_paints_every_panel_with_its_prompt_size_and_seed(alice, alice_client, monkeypatch):
    tune_providers(monkeypatch, sleep=hurried)
    with ComfyUIFake(api_key=COMFY_KEY, polls_before_done=1) as comfy:
        painter = account(alice, "comfyui", base_url=comfy.base_url, image_model="sdxl", api_key=COMFY_KEY)
        comic, job = make(alice, image_provider=painter.pk)

        job = run_job(job.pk)

        panels = finished_panels(job, comic, backend="comfyui", model="sdxl")
        assert len(comfy.graphs) == PICTURES
        assert {r.headers.get("authorization") for r in comfy.server.requests} == {f"Bearer {COMFY_KEY}"}
        graphs = {graph_prompt(graph): graph for graph in comfy.graphs}
        for panel in panels:
            graph = graphs[panel.image_prompt]
            assert latent_size(graph) == (panel.art_width, panel.art_height)
            assert graph_seed(graph) == panel.seed == panel.art_seed
            assert graph["4"]["inputs"]["ckpt_name"].startswith("sd_xl"), "the sdxl workflow was sent"

    assert_image_usage(job, provider="comfyui", model="sdxl")
    price("comfyui", "sdxl", per_call="0.0005")
    assert_priced(alice_client, job)


# --- 5. RunPod ----------------------------------------------------------------------------


def test_runpod_worker_comfyui_returns_base64_pictures_for_a_whole_comic(alice, alice_client, monkeypatch):
    tune_providers(monkeypatch, sleep=hurried)
    with RunPodFake(api_key=RUNPOD_KEY, output="base64") as runpod:
        painter = account(alice, "runpod", base_url=runpod.base_url, api_key=RUNPOD_KEY)
        comic, job = make(alice, image_provider=painter.pk)

        job = run_job(job.pk)

        panels = finished_panels(job, comic, backend="runpod", model="flux")
        runs = runpod.server.calls("POST", f"/v2/{runpod.endpoint_id}/run")
        assert len(runs) == len(runpod.graphs) == PICTURES
        assert {r.headers.get("authorization") for r in runpod.server.requests} == {f"Bearer {RUNPOD_KEY}"}
        graphs = {graph_prompt(graph): graph for graph in runpod.graphs}
        for panel in panels:
            graph = graphs[panel.image_prompt]
            assert latent_size(graph) == (panel.art_width, panel.art_height)
            assert graph_seed(graph) == panel.seed

    assert_image_usage(job, provider="runpod", model="flux")
    price("runpod", "flux", per_image="0.002")
    assert_priced(alice_client, job)


# --- 6. Safety through OpenAI moderation --------------------------------------------------


def moderation_account(owner, fake: ModerationFake) -> ProviderAccount:
    guard = account(owner, "openai", label="Moderation", base_url=fake.url, api_key=MODERATION_KEY)
    choose_backends(owner, text=None, image=None, safety=guard.pk)
    return guard


def test_openai_moderation_screens_the_idea_and_every_picture(alice, alice_client):
    with ModerationFake(api_key=MODERATION_KEY) as moderation:
        moderation_account(alice, moderation)
        comic, job = make(alice)

        job = run_job(job.pk)

        panels = finished_panels(job, comic, backend="builtin")
        assert moderation.calls == SCREENINGS
        assert moderation.inputs[0] == comic.idea, "the idea is screened before anything is written"
        assert {panel.image_prompt for panel in panels} <= set(moderation.inputs[1:])
        assert {r.headers["authorization"] for r in moderation.requests} == {f"Bearer {MODERATION_KEY}"}
        assert {body["model"] for body in moderation.bodies} == {"omni-moderation-latest"}

    assert job.backends["safety"] == "openai"
    row = usage_row(job, "safety")
    assert (row["provider"], row["model"]) == ("openai", "omni-moderation-2024-09-26")
    assert row["calls"] == SCREENINGS
    price("openai", "omni-moderation-2024-09-26", per_call="0.0001")
    assert_priced(alice_client, job)


def test_an_idea_the_moderation_flags_fails_with_its_plain_reason(alice):
    with ModerationFake(flag=("gore",), api_key=MODERATION_KEY) as moderation:
        moderation_account(alice, moderation)
        comic, job = make(alice, idea="a gore-soaked battle between two rival bakers")

        job = run_job(job.pk)

        assert moderation.inputs == [comic.idea]
    assert job.status == GenerationJob.Status.FAILED
    assert job.error == reason_for("violence")
    assert not comic.pages.exists(), "nothing was written for a flagged idea"


def test_a_moderation_outage_lets_the_comic_finish_unless_the_site_fails_closed(alice, settings, monkeypatch, caplog):
    tune_providers(monkeypatch, sleep=hurried)
    with ModerationFake(api_key=MODERATION_KEY) as moderation:
        moderation_account(alice, moderation)
        moderation.down = True
        comic, job = make(alice)

        job = run_job(job.pk)

        finished_panels(job, comic, backend="builtin")
        # Every screening was tried, with the client's retries, before the blocklist's verdict was kept.
        assert moderation.calls == SCREENINGS * RetryPolicy().attempts
        assert any("blocklist only" in record.getMessage() for record in caplog.records)
        # The author is told, on the job page, that only the word list screened their comic.
        label = comic.providers["safety"]["label"]
        assert job.notices() == [
            f"The safety check ({label}) could not be reached for the idea; the built-in word list screened it.",
            f"The safety check ({label}) could not be reached for {SCREENINGS - 1} picture descriptions; "
            "the built-in word list screened them.",
        ]

        settings.PANELCRAFT = {**settings.PANELCRAFT, "SAFETY_FAIL_CLOSED": True}
        closed_comic, closed_job = make(alice, idea="a lighthouse keeper who befriends a whale")
        closed_job = run_job(closed_job.pk)

    assert closed_job.status == GenerationJob.Status.FAILED
    assert "could not be reached" in closed_job.error
    assert not closed_comic.pages.exists()


# --- 7. A provider failure, explained, and the retry after fixing the key ----------------


def test_a_rejected_key_is_explained_and_a_retry_with_a_new_key_paints_only_whats_missing(alice):
    old_key, new_key = "sk-e2e-old-4c6e8a0b2d", "sk-e2e-new-1b3d5f7a9c"
    with RevokingImagesFake(old_key=old_key, new_key=new_key, allowed=2) as images:
        painter = account(alice, "openai", base_url=images.url, image_model="pixels-e2e", api_key=old_key)
        comic, job = make(alice, image_provider=painter.pk)

        job = run_job(job.pk)

        assert job.status == GenerationJob.Status.FAILED
        assert "OpenAI" in job.error and "rejected the API key" in job.error
        assert old_key not in job.error and new_key not in job.error
        first_error = job.error
        kept = {p.pk: p.art.name for p in Panel.objects.filter(page__comic=comic).exclude(art="")}
        comic.refresh_from_db()
        painted_before = len(kept) + bool(comic.cover_art)
        assert painted_before == images.painted == 2
        first_run_requests = len(images.requests)

        save_provider_account(painter, api_key=new_key)
        services.retry_job(job=job)
        job = run_job(job.pk)

        finished_panels(job, comic, backend="openai", model="pixels-e2e")
        again = images.requests[first_run_requests:]
        assert len(again) == PICTURES - painted_before, "only the missing pictures were painted"
        assert {r.headers["authorization"] for r in again} == {f"Bearer {new_key}"}
        for panel in Panel.objects.filter(pk__in=kept):
            assert panel.art.name == kept[panel.pk], "a picture painted before the failure was painted again"

    row = usage_row(job, "image")
    assert row["images"] == PICTURES
    assert row["failures"] == first_run_requests - painted_before
    assert row["calls"] == len(images.requests)
    # The provider's sentence ends in a full stop; the job's message should not add a second one.
    assert ".." not in first_error, first_error


# --- 8. A cancel reaches work in flight ---------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the cancel comes from another thread, as from another request
def test_a_cancel_stops_pictures_in_flight_and_cancels_them_at_the_provider(alice, monkeypatch):
    tune_providers(monkeypatch, poll_interval=0.05, max_poll_interval=0.1)
    with ReplicateFake(api_key=REPLICATE_KEY, models=("acme/e2e-pixels",), polls=10**9) as rep:
        painter = account(alice, "replicate", base_url=rep.url, image_model="acme/e2e-pixels", api_key=REPLICATE_KEY)
        _comic, job = make(alice, image_provider=painter.pk)

        def polls():
            return [r for r in rep.requests if r.method == "GET" and r.route.startswith("/v1/predictions/")]

        def cancels():
            return [r for r in rep.requests if r.method == "POST" and r.route.endswith("/cancel")]

        cancelled_at: list[float] = []

        def cancel_after_first_poll():
            deadline = time.monotonic() + 20
            while not polls() and time.monotonic() < deadline:
                time.sleep(0.01)
            try:
                services.cancel_job(job=GenerationJob.objects.get(pk=job.pk))
                cancelled_at.append(time.monotonic())
            finally:
                connections.close_all()  # this thread's own connection

        author = threading.Thread(target=cancel_after_first_poll)
        author.start()
        job = run_job(job.pk)
        returned_at = time.monotonic()
        author.join(5)

        polls_at_return = len(polls())
        deadline = time.monotonic() + 5
        while len(cancels()) < len(rep.predictions) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)  # several poll intervals: a poll still going would show up now

        assert job.status == GenerationJob.Status.CANCELLED
        assert cancelled_at and returned_at - cancelled_at[0] < 10
        assert rep.predictions, "pictures were in flight when the cancel came"
        cancelled = {r.route.split("/")[3] for r in cancels()}
        assert cancelled == set(rep.predictions), "every prediction in flight was cancelled at Replicate"
        assert {p["prediction"]["status"] for p in rep.predictions.values()} == {"canceled"}
        assert len(polls()) == polls_at_return, "nothing was polled after the run returned"
    assert not Panel.objects.filter(page__comic_id=job.comic_id).exclude(art="").exists()


# --- 9. A deleted account -----------------------------------------------------------------


def test_a_comic_whose_account_was_deleted_fails_saying_so(alice):
    with ChatFake() as chat:
        writer = account(alice, "openai_compatible", label="Home Ollama", base_url=chat.url, text_model="llama3.1:8b")
        comic, job = make(alice, text_provider=writer.pk)
        writer.delete()

        job = run_job(job.pk)

        assert not chat.requests
    assert job.status == GenerationJob.Status.FAILED
    assert "Home Ollama" in job.error and "was deleted" in job.error
    assert not comic.pages.exists()


# --- 10. The site's own provider ----------------------------------------------------------


def test_the_site_provider_serves_users_without_accounts_when_shared(bob, staff, settings):
    with ChatFake(api_key=SITE_KEY) as chat:
        env = {
            "LLM_ENGINE": "OPENAI",
            "AUTH_OPENAI_API_KEY": SITE_KEY,
            "LLM_OPENAI_API_BASE_URL": chat.url,
            "LLM_OPENAI_API_MODEL": "site-e2e-model",
        }
        settings.PANELCRAFT = {
            **settings.PANELCRAFT,
            "SITE_PROVIDERS": site_providers(env),
            "SHARE_SITE_PROVIDERS": True,
        }
        comic, job = make(bob)
        assert comic.providers["text"] == {
            "source": "site",
            "backend": "openai",
            "model": "site-e2e-model",
            "label": "OpenAI (site)",
        }

        job = run_job(job.pk)

        finished_panels(job, comic, backend="builtin")
        assert job.backends["text"] == "openai"
        assert chat.requests
        assert {r.headers["authorization"] for r in chat.requests} == {f"Bearer {SITE_KEY}"}
        assert {r.json()["model"] for r in chat.requests} == {"site-e2e-model"}
        assert_text_usage(job, chat, provider="openai", model="site-e2e-model")

        settings.PANELCRAFT = {**settings.PANELCRAFT, "SHARE_SITE_PROVIDERS": False}
        asked_before = len(chat.requests)
        own_comic, _own_job = make(bob)
        staff_comic, staff_job = make(staff)
        assert own_comic.providers["text"]["source"] == "builtin"
        assert staff_comic.providers["text"]["source"] == "site"
        built = providers.build_backends(own_comic, stop=threading.Event(), meter=UsageMeter())
        assert {kind: backend.name for kind, backend in built.items()} == {
            "text": "builtin",
            "image": "builtin",
            "safety": "builtin",
        }

        staff_job = run_job(staff_job.pk)

        assert staff_job.status == GenerationJob.Status.SUCCEEDED, staff_job.error
        assert staff_job.backends["text"] == "openai"
        assert len(chat.requests) > asked_before, "staff still reach the site's provider"
