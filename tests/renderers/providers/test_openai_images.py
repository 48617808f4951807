"""OpenAI Images against a local server speaking its wire format."""

from __future__ import annotations

import base64
import io
import threading

import pytest
from PIL import Image

from renderers import registry
from renderers.base import BackendError, ImageRequest
from renderers.net import (
    ProviderAuthError,
    ProviderCancelled,
    ProviderRateLimited,
    ProviderTimeout,
    ResponseTooLarge,
    RetryPolicy,
    Timeouts,
)
from renderers.providers import ProviderConfig
from renderers.providers.openai_images import OpenAIImages, choose_size
from tests.fake_http import FakeServer, Reply
from tests.provider_fakes.images import OpenAIImagesFake
from tests.renderers.conftest import fake_provider_config

KEY = "sk-test-openai-5c1f9e7a2b4d-SECRET"
PANEL = ImageRequest(prompt="a fox reading a map, comic style", width=1200, height=800, seed=42, steps=4)


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "orange").save(buffer, "PNG")
    return buffer.getvalue()


def b64_answer(image: bytes) -> Reply:
    return Reply.json({"created": 1, "data": [{"b64_json": base64.b64encode(image).decode()}]})


@pytest.fixture
def make_backend(server, sleeps, closing):
    def make(**overrides) -> OpenAIImages:
        config = fake_provider_config(server.url + "/v1", provider="openai", api_key=KEY, sleeps=sleeps, **overrides)
        return closing(OpenAIImages(config))

    return make


# --- the wire request ----------------------------------------------------------------


def test_gpt_image_request_and_answer(server, make_backend):
    server.on("POST", "/v1/images/generations", b64_answer(png(1536, 1024)))

    result = make_backend().paint(PANEL)

    [sent] = server.calls()
    assert (sent.method, sent.route) == ("POST", "/v1/images/generations")
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.json() == {"model": "gpt-image-1", "prompt": PANEL.prompt, "n": 1, "size": "1536x1024"}
    assert (result.width, result.height, result.model) == (1536, 1024, "gpt-image-1")
    assert Image.open(io.BytesIO(result.data)).size == (1536, 1024)
    assert result.seed is None and result.steps is None  # OpenAI takes neither


@pytest.mark.parametrize(
    ("model", "width", "height", "size"),
    [
        ("gpt-image-1", 800, 800, "1024x1024"),
        ("gpt-image-1", 1600, 900, "1536x1024"),
        ("gpt-image-1", 600, 1000, "1024x1536"),
        ("gpt-image-1-mini", 1000, 990, "1024x1024"),
        ("dall-e-3", 1600, 900, "1792x1024"),
        ("dall-e-3", 700, 1200, "1024x1792"),
        ("dall-e-3", 512, 512, "1024x1024"),
        ("dall-e-2", 200, 150, "256x256"),
        ("dall-e-2", 500, 300, "512x512"),
        ("dall-e-2", 1200, 800, "1024x1024"),
    ],
)
def test_the_size_sent_is_one_the_model_offers_nearest_the_panel(model, width, height, size):
    assert choose_size(model, width, height) == tuple(int(side) for side in size.split("x"))


@pytest.mark.parametrize("model", ["dall-e-2", "dall-e-3"])
def test_dall_e_is_asked_for_base64(server, make_backend, model):
    server.on("POST", "/v1/images/generations", b64_answer(png(1024, 1024)))
    make_backend(model=model).paint(ImageRequest(prompt="p", width=1024, height=1024, seed=1))
    body = server.calls()[0].json()
    assert body["response_format"] == "b64_json"
    assert (body["model"], body["n"]) == (model, 1)


def test_the_fake_answers_every_model_family_in_its_own_format():
    with OpenAIImagesFake(api_key=KEY) as fake:
        for model, size in (("gpt-image-1", (1024, 1536)), ("dall-e-3", (1024, 1792)), ("dall-e-2", (1024, 1024))):
            config = ProviderConfig(
                provider="openai", base_url=fake.url, api_key=KEY, model=model, allowed_hosts="127.0.0.1"
            )
            result = OpenAIImages(config).paint(ImageRequest(prompt="a tall tower", width=600, height=1000, seed=3))
            assert (result.width, result.height) == size
        assert [request.route for request in fake.requests] == ["/v1/images/generations"] * 3


# --- a URL instead of base64 -------------------------------------------------------------


def test_an_image_url_on_the_api_origin_is_fetched_with_the_key(server, make_backend):
    server.on("POST", "/v1/images/generations", Reply.json({"data": [{"url": server.url + "/files/a.png?sig=x"}]}))
    server.on("GET", "/files/a.png", Reply(body=png(64, 48), headers={"Content-Type": "image/png"}))

    result = make_backend().paint(PANEL)

    assert (result.width, result.height) == (64, 48)
    assert server.calls("GET")[0].headers["authorization"] == f"Bearer {KEY}"


def test_an_image_url_on_another_origin_is_fetched_without_the_key(server, make_backend):
    with FakeServer() as storage:
        storage.on("GET", "/img.png", Reply(body=png(32, 32)))
        server.on("POST", "/v1/images/generations", Reply.json({"data": [{"url": storage.url + "/img.png?sig=x"}]}))

        result = make_backend().paint(PANEL)

        assert result.width == 32
        [download] = storage.calls()
        assert "authorization" not in download.headers


# --- failures --------------------------------------------------------------------------


def test_a_wrong_key_is_reported_plainly(server, make_backend):
    server.on("POST", "/v1/images/generations", Reply.json({"error": {"message": f"bad key {KEY}"}}, 401))
    with pytest.raises(ProviderAuthError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "OpenAI rejected the API key (401). Check it on your settings page."
    assert KEY.encode() not in failed.value.body
    assert len(server.calls()) == 1


def test_429_waits_as_asked_then_succeeds(server, make_backend, sleeps):
    server.on(
        "POST",
        "/v1/images/generations",
        Reply.json({"error": {"code": "rate_limit_exceeded"}}, 429, headers={"Retry-After": "2"}),
        b64_answer(png(1024, 1024)),
    )
    assert make_backend().paint(PANEL).width == 1024
    assert len(server.calls()) == 2
    assert len(sleeps) == 1 and 2.0 <= sleeps[0] <= 2.2


def test_out_of_quota_is_not_retried(server, make_backend):
    server.on("POST", "/v1/images/generations", Reply.json({"error": {"code": "insufficient_quota"}}, 429))
    with pytest.raises(ProviderRateLimited, match="out of credit"):
        make_backend().paint(PANEL)
    assert len(server.calls()) == 1


def test_a_server_error_is_retried(server, make_backend):
    server.on("POST", "/v1/images/generations", Reply.json({"error": {}}, 500), b64_answer(png(1024, 1024)))
    assert make_backend().paint(PANEL).height == 1024
    assert len(server.calls()) == 2


def test_a_timeout_is_reported_with_the_wait_and_the_picture_is_not_asked_for_twice(server, make_backend):
    server.on("POST", "/v1/images/generations", Reply(delay=1.0))
    backend = make_backend(timeouts=Timeouts(connect=2, read=0.2), retry=RetryPolicy(attempts=2, base_delay=0.01))
    with pytest.raises(ProviderTimeout) as failed:
        backend.paint(PANEL)
    assert str(failed.value) == "OpenAI did not answer within 0.2 s."
    assert len(server.calls("POST", "/v1/images/generations")) == 1, "it may have been painted and billed"


def test_a_refusal_by_the_safety_system_says_so(server, make_backend):
    error = {"error": {"message": "Your request was rejected by the safety system.", "code": "moderation_blocked"}}
    server.on("POST", "/v1/images/generations", Reply.json(error, 400))
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "OpenAI's safety system refused to paint this picture; try rewording the scene."


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(body=b"<html>oops</html>"), "OpenAI answered with something that is not valid JSON."),
        (Reply.json({"created": 1, "data": []}), "OpenAI answered without an image."),
        (Reply.json({"data": [{"revised_prompt": "x"}]}), "OpenAI answered without an image."),
        (Reply.json({"data": [{"b64_json": "%%%"}]}), "OpenAI sent image data that is not valid base64."),
    ],
)
def test_an_unusable_answer_is_reported(server, make_backend, reply, message):
    server.on("POST", "/v1/images/generations", reply)
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == message


def test_base64_of_something_other_than_an_image_is_refused(server, make_backend):
    page = base64.b64encode(b"<!doctype html><p>maintenance</p>").decode()
    server.on("POST", "/v1/images/generations", Reply.json({"data": [{"b64_json": page}]}))
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "OpenAI sent something that is not an image (it looks like a web page)."


def test_an_oversized_answer_is_refused(server, make_backend):
    server.on("POST", "/v1/images/generations", b64_answer(png(1024, 1024)))
    with pytest.raises(ResponseTooLarge):
        make_backend(max_bytes=2000).paint(PANEL)


def test_a_cancelled_job_sends_nothing(server, make_backend):
    stop = threading.Event()
    stop.set()
    server.on("POST", "/v1/images/generations", b64_answer(png(1024, 1024)))
    with pytest.raises(ProviderCancelled):
        make_backend(stop=stop).paint(PANEL)
    assert server.calls() == []


@pytest.mark.parametrize(
    "reply",
    [
        Reply.json({"error": {"message": f"Incorrect API key provided: {KEY}"}}, 401),
        Reply.json({"error": {"message": f"key {KEY} is busy"}}, 429),
        Reply.json({"error": {"message": KEY}}, 503),
        Reply(body=KEY.encode()),
        Reply.json({"data": [{"b64_json": base64.b64encode(KEY.encode()).decode()}]}),
    ],
)
def test_the_key_is_in_no_error_message(server, make_backend, reply):
    server.on("POST", "/v1/images/generations", reply)
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert KEY not in str(failed.value)
    assert KEY not in repr(failed.value)


def test_registered_as_the_openai_image_backend(server):
    import renderers.providers.openai_images  # noqa: F401  (registers on import)

    config = ProviderConfig(provider="openai", base_url=server.url + "/v1", api_key=KEY, allowed_hosts="127.0.0.1")
    backend = registry.create("image", "openai", config=config)
    assert isinstance(backend, OpenAIImages)
    assert (backend.name, backend.model) == ("openai", "gpt-image-1")
