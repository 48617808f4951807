"""Hugging Face text-to-image, on the router and on an Inference Endpoint, against a local server."""

from __future__ import annotations

import io
import threading

import pytest
from PIL import Image

from renderers import registry
from renderers.base import BackendError, ImageRequest
from renderers.net import (
    ProviderAuthError,
    ProviderCancelled,
    ProviderTimeout,
    ProviderUnavailable,
    ResponseTooLarge,
    RetryPolicy,
    Timeouts,
)
from renderers.providers import ProviderConfig
from renderers.providers.huggingface_images import HuggingFaceImages
from tests.fake_http import Reply
from tests.provider_fakes.images import HuggingFaceImagesFake
from tests.renderers.conftest import fake_provider_config

KEY = "hf_test_9d8c7b6a5f4e3d2c1b0a_SECRET"
MODEL_ROUTE = "/hf-inference/models/black-forest-labs/FLUX.1-schnell"
PANEL = ImageRequest(
    prompt="a lighthouse in a storm", width=768, height=512, seed=7, negative_prompt="blurry, text", steps=4
)


def encoded(width: int, height: int, format_name: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, format_name)
    return buffer.getvalue()


def image_reply(width: int = 768, height: int = 512) -> Reply:
    return Reply(body=encoded(width, height), headers={"Content-Type": "image/png"})


@pytest.fixture
def make_backend(server, sleeps, closing):
    """A backend on the router: its host name resolves to the local server."""

    def make(
        *,
        base_url: str = f"http://router.huggingface.co:{server.port}",
        resolver=lambda host: ["127.0.0.1"],
        **overrides,
    ) -> HuggingFaceImages:
        config = fake_provider_config(
            base_url, provider="huggingface", api_key=KEY, sleeps=sleeps, resolver=resolver, **overrides
        )
        return closing(HuggingFaceImages(config))

    return make


# --- the wire request ----------------------------------------------------------------


def test_the_router_is_asked_for_the_model_by_path(server, make_backend):
    server.on("POST", MODEL_ROUTE, image_reply())

    result = make_backend().paint(PANEL)

    [sent] = server.calls()
    assert (sent.method, sent.route) == ("POST", MODEL_ROUTE)
    assert sent.headers["host"] == f"router.huggingface.co:{server.port}"
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.headers["accept"] == "image/png"
    assert sent.json() == {
        "inputs": PANEL.prompt,
        "parameters": {
            "negative_prompt": "blurry, text",
            "width": 768,
            "height": 512,
            "num_inference_steps": 4,
            "seed": 7,
        },
    }
    assert (result.width, result.height, result.seed, result.steps) == (768, 512, 7, 4)
    assert result.model == "black-forest-labs/FLUX.1-schnell"
    assert result.data == encoded(768, 512)


def test_parameters_the_request_leaves_out_are_not_sent(server, make_backend):
    server.on("POST", "/hf-inference/models/stabilityai/sdxl-turbo", image_reply(512, 512))
    make_backend(model="stabilityai/sdxl-turbo").paint(ImageRequest(prompt="a cat", width=512, height=512, seed=1))
    assert server.calls()[0].json()["parameters"] == {"width": 512, "height": 512, "seed": 1}


def test_an_inference_endpoint_is_called_at_its_own_address(server, make_backend):
    server.on("POST", "/", Reply(body=encoded(640, 480, "JPEG"), headers={"Content-Type": "image/jpeg"}))

    backend = make_backend(base_url=server.url, options={"file_type": "image/jpeg"}, resolver=None)
    result = backend.paint(PANEL)

    [sent] = server.calls()
    assert (sent.route, sent.headers["accept"]) == ("/", "image/jpeg")
    assert sent.json()["inputs"] == PANEL.prompt
    assert (result.width, result.height) == (640, 480)


def test_the_fake_serves_both_routes():
    with HuggingFaceImagesFake(api_key=KEY, loading=1) as fake:
        retry = RetryPolicy(attempts=2, base_delay=0.01, jitter=0)
        endpoint = ProviderConfig(
            provider="huggingface", base_url=fake.url, api_key=KEY, allowed_hosts="127.0.0.1", retry=retry
        )
        router = ProviderConfig(
            provider="huggingface",
            base_url=f"http://router.huggingface.co:{fake.server.port}",
            api_key=KEY,
            allowed_hosts="127.0.0.1",
            resolver=lambda host: ["127.0.0.1"],
        )
        first = HuggingFaceImages(endpoint).paint(PANEL)  # answered "loading" once, then painted
        second = HuggingFaceImages(router).paint(PANEL)
        assert first.data == second.data
        assert (second.width, second.height) == (768, 512)
        assert [r.route for r in fake.requests] == ["/", "/", MODEL_ROUTE]


# --- failures --------------------------------------------------------------------------


def test_a_model_still_loading_is_waited_for(server, make_backend, sleeps):
    loading = Reply.json(
        {"error": "Model black-forest-labs/FLUX.1-schnell is currently loading", "estimated_time": 20}, 503
    )
    server.on("POST", MODEL_ROUTE, loading, image_reply())
    assert make_backend().paint(PANEL).width == 768
    assert len(server.calls()) == 2 and len(sleeps) == 1


def test_a_model_that_never_loads_is_reported(server, make_backend):
    server.on("POST", MODEL_ROUTE, Reply.json({"error": "Model is loading", "estimated_time": 20}, 503))
    with pytest.raises(ProviderUnavailable) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "Hugging Face is overloaded (503) and kept failing after 3 tries; try again later."


def test_a_json_answer_with_status_200_is_not_an_image(server, make_backend):
    server.on("POST", MODEL_ROUTE, Reply.json({"error": "Model is loading", "estimated_time": 20}))
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "Hugging Face sent something that is not an image (it looks like JSON)."


def test_a_truncated_image_is_refused(server, make_backend):
    whole = encoded(768, 512)
    server.on("POST", MODEL_ROUTE, Reply(body=whole[: len(whole) // 2]))
    with pytest.raises(BackendError, match="damaged or incomplete"):
        make_backend().paint(PANEL)


def test_a_wrong_token_is_reported_plainly(server, make_backend):
    server.on("POST", MODEL_ROUTE, Reply.json({"error": "Invalid credentials in Authorization header"}, 401))
    with pytest.raises(ProviderAuthError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "Hugging Face rejected the API key (401). Check it on your settings page."
    assert len(server.calls()) == 1


def test_429_waits_as_asked_then_succeeds(server, make_backend, sleeps):
    server.on("POST", MODEL_ROUTE, Reply.json({"error": "slow down"}, 429, headers={"Retry-After": "3"}), image_reply())
    assert make_backend().paint(PANEL).height == 512
    assert len(sleeps) == 1 and 3.0 <= sleeps[0] <= 3.3


def test_a_server_error_is_retried(server, make_backend):
    server.on("POST", MODEL_ROUTE, Reply.json({"error": "boom"}, 500), image_reply())
    assert make_backend().paint(PANEL).width == 768
    assert len(server.calls()) == 2


def test_a_slow_answer_times_out_and_is_not_asked_for_again(server, make_backend):
    """A picture whose answer was lost may be painted and billed already: it is not asked for twice."""
    server.on("POST", MODEL_ROUTE, Reply(delay=1.0), image_reply())
    with pytest.raises(ProviderTimeout) as failed:
        make_backend(timeouts=Timeouts(connect=2, read=0.2)).paint(PANEL)
    assert str(failed.value) == "Hugging Face did not answer within 0.2 s."
    assert len(server.calls()) == 1


def test_an_oversized_image_is_refused(server, make_backend):
    server.on("POST", MODEL_ROUTE, image_reply())
    with pytest.raises(ResponseTooLarge) as failed:
        make_backend(max_bytes=500).paint(PANEL)
    assert str(failed.value) == "Hugging Face sent an answer larger than 500 bytes; it was refused."


def test_a_cancelled_job_sends_nothing(server, make_backend):
    stop = threading.Event()
    stop.set()
    with pytest.raises(ProviderCancelled):
        make_backend(stop=stop).paint(PANEL)
    assert server.calls() == []


@pytest.mark.parametrize(
    "reply",
    [
        Reply.json({"error": f"Invalid token {KEY}"}, 401),
        Reply.json({"error": f"{KEY} over quota"}, 429),
        Reply.json({"error": KEY}, 500),
        Reply(body=KEY.encode()),
    ],
)
def test_the_key_is_in_no_error_message(server, make_backend, reply):
    server.on("POST", MODEL_ROUTE, reply)
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert KEY not in str(failed.value)


def test_registered_as_the_huggingface_image_backend(server):
    import renderers.providers.huggingface_images  # noqa: F401  (registers on import)

    config = ProviderConfig(provider="huggingface", base_url="https://router.huggingface.co", api_key=KEY)
    backend = registry.create("image", "huggingface", config=config)
    assert isinstance(backend, HuggingFaceImages)
    assert backend.name == "huggingface"
    assert backend.url == "https://router.huggingface.co" + MODEL_ROUTE
