"""Replicate predictions against a local server: create, Prefer: wait, polling, cancel, download."""

from __future__ import annotations

import base64
import io
import socket
import threading

import pytest
from PIL import Image

from renderers import registry
from renderers.base import BackendError, ImageRequest
from renderers.net import (
    BadResponse,
    ProviderAuthError,
    ProviderCancelled,
    ProviderTimeout,
    ProviderUnavailable,
    ResponseTooLarge,
    Timeouts,
    URLRefused,
)
from renderers.providers import ProviderConfig
from renderers.providers.replicate import ReplicateImages, nearest_aspect_ratio
from tests.fake_http import FakeServer, Received, Reply, tls_pair
from tests.provider_fakes.images import FLUX_SIZES, ReplicateFake
from tests.renderers.conftest import fake_provider_config

KEY = "r8_test_4b2e9f1c7a3d5e8f0a6b_SECRET"
VERSION = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa"
FLUX_ROUTE = "/v1/models/black-forest-labs/flux-schnell/predictions"
PANEL = ImageRequest(prompt="a robot watering tomatoes", width=1200, height=800, seed=99, steps=4)


def png(width: int = 96, height: int = 64, *, noisy: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), "green")
    if noisy:
        image = Image.effect_noise((width, height), 80).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def connections(monkeypatch) -> list[tuple[str, int]]:
    """Every TCP address a connection is opened to; anything but loopback fails before a packet is sent."""
    opened: list[tuple[str, int]] = []
    real = socket.create_connection

    def loopback_only(address, *args, **kwargs):
        opened.append(address)
        if not str(address[0]).startswith("127."):
            raise OSError("tests connect to loopback only")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", loopback_only)
    return opened


@pytest.fixture
def make_backend(server, sleeps, closing):
    def make(**overrides) -> ReplicateImages:
        config = fake_provider_config(server.url + "/v1", provider="replicate", api_key=KEY, sleeps=sleeps, **overrides)
        return closing(ReplicateImages(config))

    return make


def prediction(server: FakeServer, status: str, **fields) -> dict:
    base = f"{server.url}/v1/predictions/p1"
    return {
        "id": "p1",
        "model": "black-forest-labs/flux-schnell",
        "status": status,
        "output": None,
        "error": None,
        "urls": {"get": base, "cancel": base + "/cancel"},
        **fields,
    }


def succeeded(server: FakeServer, output=None, **fields) -> dict:
    output = [server.url + "/files/p1/out-0.png"] if output is None else output
    return prediction(server, "succeeded", output=output, metrics={"predict_time": 0.7}, **fields)


# --- create, and Prefer: wait ------------------------------------------------------------


def test_a_prediction_finished_within_prefer_wait_is_downloaded_without_polling(server, make_backend, sleeps):
    server.on("POST", FLUX_ROUTE, Reply.json(succeeded(server), 201))
    server.on("GET", "/files/p1/out-0.png", Reply(body=png(1216, 832), headers={"Content-Type": "image/png"}))

    result = make_backend().paint(PANEL)

    create, download = server.calls()
    assert (create.method, create.route) == ("POST", FLUX_ROUTE)
    assert create.headers["authorization"] == f"Bearer {KEY}"
    assert create.headers["prefer"] == "wait=60"
    assert create.json() == {
        "input": {
            "prompt": PANEL.prompt,
            "aspect_ratio": "3:2",
            "output_format": "png",
            "seed": 99,
            "num_inference_steps": 4,
        }
    }
    assert (download.method, download.route) == ("GET", "/files/p1/out-0.png")
    assert download.headers["authorization"] == f"Bearer {KEY}"  # the API's own origin
    assert sleeps == []
    assert (result.width, result.height, result.seed, result.steps) == (1216, 832, 99, 4)
    assert result.model == "black-forest-labs/flux-schnell"


def test_a_versioned_model_is_created_by_version_with_a_size(server, make_backend):
    server.on("POST", "/v1/predictions", Reply.json(succeeded(server, model="stability-ai/sdxl"), 201))
    server.on("GET", "/files/p1/out-0.png", Reply(body=png(768, 512)))
    request = ImageRequest(prompt="a castle", width=768, height=512, seed=5, negative_prompt="text, watermark")

    result = make_backend(model=f"stability-ai/sdxl:{VERSION}", options={"prefer_wait": 10}).paint(request)

    create = server.calls("POST")[0]
    assert create.headers["prefer"] == "wait=10"
    assert create.json() == {
        "version": VERSION,
        "input": {"prompt": "a castle", "width": 768, "height": 512, "negative_prompt": "text, watermark", "seed": 5},
    }
    assert result.model == "stability-ai/sdxl"


@pytest.mark.parametrize(
    ("width", "height", "ratio"),
    [(1024, 1024, "1:1"), (1920, 1080, "16:9"), (900, 1600, "9:16"), (1000, 760, "4:3"), (600, 800, "3:4"),
     (1500, 1000, "3:2"), (800, 1210, "2:3"), (3000, 1000, "16:9")],
)  # fmt: skip
def test_flux_gets_the_nearest_aspect_ratio(width, height, ratio):
    assert nearest_aspect_ratio(width, height) == ratio


@pytest.mark.parametrize("model", ["flux-schnell", "a/b/c", f"owner/name:{VERSION[:10]}"])
def test_a_model_name_replicate_cannot_route_is_refused_before_calling(server, make_backend, model):
    with pytest.raises(BackendError, match="Replicate model"):
        make_backend(model=model).paint(PANEL)
    assert server.calls() == []


def test_a_429_before_the_prediction_was_made_is_retried(server, make_backend, sleeps):
    throttled = Reply.json({"title": "Request was throttled", "status": 429}, 429, headers={"Retry-After": "1"})
    server.on("POST", FLUX_ROUTE, throttled, Reply.json(succeeded(server), 201))
    server.on("GET", "/files/p1/out-0.png", Reply(body=png()))
    assert make_backend().paint(PANEL).width == 96
    assert len(server.calls("POST")) == 2
    assert len(sleeps) == 1


def test_a_503_before_the_prediction_was_made_is_retried(server, make_backend):
    server.on("POST", FLUX_ROUTE, Reply.json({"detail": "unavailable"}, 503), Reply.json(succeeded(server), 201))
    server.on("GET", "/files/p1/out-0.png", Reply(body=png()))
    assert make_backend().paint(PANEL).height == 64
    assert len(server.calls("POST")) == 2


def test_a_500_on_create_is_not_repeated(server, make_backend):
    server.on("POST", FLUX_ROUTE, Reply.json({"detail": "boom"}, 500), Reply.json(succeeded(server), 201))
    with pytest.raises(ProviderUnavailable) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "Replicate had a server error (500); try again later."
    assert len(server.calls()) == 1


def test_a_create_that_times_out_is_not_repeated(server, make_backend):
    server.on("POST", FLUX_ROUTE, Reply(delay=1.0), Reply.json(succeeded(server), 201))
    with pytest.raises(ProviderTimeout) as failed:
        make_backend(timeouts=Timeouts(connect=2, read=0.2)).paint(PANEL)
    assert str(failed.value) == "Replicate did not answer within 0.2 s."
    assert len(server.calls()) == 1


def test_a_wrong_token_is_reported_plainly(server, make_backend):
    server.on("POST", FLUX_ROUTE, Reply.json({"title": "Unauthenticated", "detail": f"bad token {KEY}"}, 401))
    with pytest.raises(ProviderAuthError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "Replicate rejected the API key (401). Check it on your settings page."
    assert KEY.encode() not in failed.value.body


# --- polling -----------------------------------------------------------------------------


def test_polling_waits_longer_each_time_up_to_the_cap(server, make_backend, sleeps):
    server.on("POST", FLUX_ROUTE, Reply.json(prediction(server, "starting"), 201))
    processing = Reply.json(prediction(server, "processing"))
    server.on("GET", "/v1/predictions/p1", *[processing] * 6, Reply.json(succeeded(server)))
    server.on("GET", "/files/p1/out-0.png", Reply(body=png()))

    result = make_backend().paint(PANEL)

    assert result.width == 96
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0]
    polls = server.calls("GET", "/v1/predictions/p1")
    assert len(polls) == 7
    assert all(poll.headers["authorization"] == f"Bearer {KEY}" for poll in polls)


def test_poll_intervals_can_be_configured(server, make_backend, sleeps):
    server.on("POST", FLUX_ROUTE, Reply.json(prediction(server, "starting"), 201))
    processing = Reply.json(prediction(server, "processing"))
    server.on("GET", "/v1/predictions/p1", processing, processing, processing, Reply.json(succeeded(server)))
    server.on("GET", "/files/p1/out-0.png", Reply(body=png()))
    make_backend(options={"poll_interval": 0.1, "max_poll_interval": 0.3}).paint(PANEL)
    assert sleeps == [0.1, 0.2, 0.3, 0.3]


def test_a_prediction_that_never_finishes_is_cancelled_at_the_time_limit(server, make_backend, sleeps):
    server.on("POST", FLUX_ROUTE, Reply.json(prediction(server, "starting"), 201))
    server.on("GET", "/v1/predictions/p1", Reply.json(prediction(server, "processing")))
    server.on("POST", "/v1/predictions/p1/cancel", Reply.json(prediction(server, "canceled")))

    with pytest.raises(BackendError) as failed:
        make_backend(options={"max_wait_seconds": 3}).paint(PANEL)

    assert str(failed.value) == (
        "Replicate did not finish the picture within 3 seconds; it was cancelled. "
        "Try again later, or choose a faster model."
    )
    assert sleeps == [0.5, 1.0, 1.5]  # the last wait is cut to the time left
    assert len(server.calls("POST", "/v1/predictions/p1/cancel")) == 1


def test_the_default_time_limit_is_ten_minutes(server, make_backend, sleeps):
    server.on("POST", FLUX_ROUTE, Reply.json(prediction(server, "starting"), 201))
    server.on("GET", "/v1/predictions/p1", Reply.json(prediction(server, "processing")))
    server.on("POST", "/v1/predictions/p1/cancel", Reply.json(prediction(server, "canceled")))
    with pytest.raises(BackendError, match="within 10 minutes"):
        make_backend(options={"poll_interval": 60, "max_poll_interval": 120}).paint(PANEL)
    assert sum(sleeps) == 600


def test_a_failed_prediction_reports_its_error_bounded_and_without_the_key(server, make_backend):
    error = f"CUDA out of memory (token {KEY})\n" + "x" * 1000
    server.on("POST", FLUX_ROUTE, Reply.json(prediction(server, "starting"), 201))
    server.on("GET", "/v1/predictions/p1", Reply.json(prediction(server, "failed", error=error)))

    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)

    message = str(failed.value)
    assert message.startswith("Replicate could not paint the picture: CUDA out of memory (token [redacted]) xxx")
    assert KEY not in message
    assert len(message) <= len("Replicate could not paint the picture: ") + 300
    assert server.calls("POST", "/v1/predictions/p1/cancel") == []  # nothing left running


def test_a_failed_prediction_without_a_reason_says_so(server, make_backend):
    server.on("POST", FLUX_ROUTE, Reply.json(prediction(server, "failed"), 201))
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "Replicate could not paint the picture and gave no reason."


def test_a_prediction_cancelled_elsewhere_is_reported(server, make_backend):
    server.on("POST", FLUX_ROUTE, Reply.json(prediction(server, "canceled"), 201))
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "Replicate reports the prediction was cancelled before it finished."


def test_cancelling_the_job_mid_poll_cancels_the_prediction(server, make_backend):
    stop = threading.Event()

    def processing_then_stopped(received: Received) -> Reply:
        stop.set()  # the owner cancels while the picture is being painted
        return Reply.json(prediction(server, "processing"))

    server.on("POST", FLUX_ROUTE, Reply.json(prediction(server, "starting"), 201))
    server.on("GET", "/v1/predictions/p1", processing_then_stopped)
    server.on("POST", "/v1/predictions/p1/cancel", Reply.json(prediction(server, "canceled")))

    with pytest.raises(ProviderCancelled):
        make_backend(stop=stop).paint(PANEL)

    assert [(call.method, call.route) for call in server.calls()] == [
        ("POST", FLUX_ROUTE),
        ("GET", "/v1/predictions/p1"),
        ("POST", "/v1/predictions/p1/cancel"),
    ]
    assert server.calls()[-1].headers["authorization"] == f"Bearer {KEY}"


def test_a_job_cancelled_before_it_starts_sends_nothing(server, make_backend):
    stop = threading.Event()
    stop.set()
    with pytest.raises(ProviderCancelled):
        make_backend(stop=stop).paint(PANEL)
    assert server.calls() == []


def test_a_failing_poll_cancels_the_prediction(server, make_backend):
    server.on("POST", FLUX_ROUTE, Reply.json(prediction(server, "starting"), 201))
    server.on("GET", "/v1/predictions/p1", Reply.json({"detail": "boom"}, 502))
    server.on("POST", "/v1/predictions/p1/cancel", Reply.json(prediction(server, "canceled")))
    with pytest.raises(ProviderUnavailable):
        make_backend().paint(PANEL)
    assert len(server.calls("GET")) == 3
    assert len(server.calls("POST", "/v1/predictions/p1/cancel")) == 1


def test_a_status_address_on_another_origin_is_not_called(server, make_backend):
    with FakeServer() as elsewhere:
        foreign = {"get": elsewhere.url + "/v1/predictions/p1", "cancel": elsewhere.url + "/v1/predictions/p1/cancel"}
        server.on("POST", FLUX_ROUTE, Reply.json(prediction(server, "starting", urls=foreign), 201))

        with pytest.raises(BackendError) as failed:
            make_backend().paint(PANEL)

        assert str(failed.value) == (
            "Replicate gave an address on another host (127.0.0.1) to check on the prediction; it was not called."
        )
        assert elsewhere.calls() == []
        assert len(server.calls()) == 1


def test_an_unfinished_prediction_without_a_status_address_is_reported(server, make_backend):
    server.on("POST", FLUX_ROUTE, Reply.json(prediction(server, "starting", urls={}), 201))
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "Replicate gave no address to check on the prediction."


# --- the output --------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["10.0.0.1", "169.254.169.254"])
def test_an_output_on_a_refused_address_is_never_requested(server, make_backend, connections, address):
    server.on("POST", FLUX_ROUTE, Reply.json(succeeded(server, output=f"https://{address}/out.png"), 201))
    with pytest.raises(URLRefused) as refused:
        make_backend().paint(PANEL)
    assert str(refused.value).startswith("Did not call Replicate: ")
    assert address in str(refused.value)
    assert all(host == "127.0.0.1" for host, _ in connections)


def test_the_token_is_not_sent_to_a_foreign_output_host(server, make_backend):
    with FakeServer() as foreign:
        foreign.on("GET", "/out.png", Reply(body=png(40, 30)))
        server.on("POST", FLUX_ROUTE, Reply.json(succeeded(server, output=foreign.url + "/out.png"), 201))

        result = make_backend().paint(PANEL)

        assert (result.width, result.height) == (40, 30)
        [download] = foreign.calls()
        assert "authorization" not in download.headers


def test_the_token_is_sent_to_replicate_delivery_over_https(tmp_path, server, make_backend):
    server_tls, client_tls = tls_pair(tmp_path, "replicate.delivery")
    with FakeServer(tls=server_tls) as delivery:
        delivery.on("GET", "/xezq/abc/out-0.png", Reply(body=png(50, 50)))
        output = [f"https://replicate.delivery:{delivery.port}/xezq/abc/out-0.png"]
        server.on("POST", FLUX_ROUTE, Reply.json(succeeded(server, output=output), 201))

        result = make_backend(verify=client_tls, resolver=lambda host: ["127.0.0.1"]).paint(PANEL)

        assert result.width == 50
        assert delivery.calls()[0].headers["authorization"] == f"Bearer {KEY}"


def test_the_token_is_not_sent_to_replicate_delivery_over_plain_http(server, make_backend):
    with FakeServer() as delivery:
        delivery.on("GET", "/out.png", Reply(body=png(50, 50)))
        output = f"http://replicate.delivery:{delivery.port}/out.png"
        server.on("POST", FLUX_ROUTE, Reply.json(succeeded(server, output=output), 201))

        make_backend(resolver=lambda host: ["127.0.0.1"]).paint(PANEL)

        assert "authorization" not in delivery.calls()[0].headers


def test_a_data_uri_output_is_accepted(server, make_backend):
    uri = "data:image/png;base64," + base64.b64encode(png(20, 10)).decode()
    server.on("POST", FLUX_ROUTE, Reply.json(succeeded(server, output=uri), 201))
    result = make_backend().paint(PANEL)
    assert (result.width, result.height) == (20, 10)
    assert len(server.calls()) == 1


@pytest.mark.parametrize("output", [[], "", [None], {"image": None}])
def test_a_success_without_an_image_is_reported(server, make_backend, output):
    server.on("POST", FLUX_ROUTE, Reply.json(succeeded(server, output=output), 201))
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "Replicate finished but returned no image."


def test_an_output_that_is_not_an_image_is_refused(server, make_backend):
    server.on("POST", FLUX_ROUTE, Reply.json(succeeded(server), 201))
    server.on("GET", "/files/p1/out-0.png", Reply(body=b"<html><body>Not found</body></html>"))
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == "Replicate sent something that is not an image (it looks like a web page)."


def test_an_oversized_output_is_refused(server, make_backend):
    server.on("POST", FLUX_ROUTE, Reply.json(succeeded(server), 201))
    server.on("GET", "/files/p1/out-0.png", Reply(body=png(200, 200, noisy=True)))
    with pytest.raises(ResponseTooLarge):
        make_backend(max_bytes=4000).paint(PANEL)


@pytest.mark.parametrize(
    ("reply", "error", "message"),
    [
        (Reply(body=b"not json", status=201), BadResponse, "Replicate answered with something that is not valid JSON."),
        (
            Reply.json({"detail": "ok"}, 201),
            BackendError,
            "Replicate answered with something that is not a prediction.",
        ),
        (Reply.json(["starting"], 201), BackendError, "Replicate answered with something that is not a prediction."),
    ],
)
def test_a_malformed_answer_is_reported(server, make_backend, reply, error, message):
    server.on("POST", FLUX_ROUTE, reply)
    with pytest.raises(error) as failed:
        make_backend().paint(PANEL)
    assert str(failed.value) == message


@pytest.mark.parametrize(
    "reply",
    [
        Reply.json({"detail": f"Invalid token {KEY}"}, 401),
        Reply.json({"detail": KEY}, 429),
        Reply.json({"detail": KEY}, 503),
        Reply.json({"status": "failed", "error": f"bad token {KEY}"}, 201),
        Reply(body=KEY.encode(), status=201),
    ],
)
def test_the_key_is_in_no_error_message(server, make_backend, reply):
    server.on("POST", FLUX_ROUTE, reply)
    with pytest.raises(BackendError) as failed:
        make_backend().paint(PANEL)
    assert KEY not in str(failed.value)


# --- the fake, end to end --------------------------------------------------------------------


def test_the_fake_paints_through_create_poll_and_download(sleeps):
    with ReplicateFake(api_key=KEY) as fake:
        config = ProviderConfig(
            provider="replicate", base_url=fake.url, api_key=KEY, allowed_hosts="127.0.0.1", sleep=sleeps
        )
        result = ReplicateImages(config).paint(PANEL)

        assert (result.width, result.height) == FLUX_SIZES["3:2"]
        assert [(r.method, r.route) for r in fake.requests] == [
            ("POST", FLUX_ROUTE),
            ("GET", "/v1/predictions/p0001fake"),
            ("GET", "/v1/predictions/p0001fake"),
            ("GET", "/files/p0001fake/out-0.png"),
        ]
        assert sleeps == [0.5, 1.0]


def test_the_fake_refuses_a_wrong_token():
    with ReplicateFake(api_key="r8_the_right_one") as fake:
        config = ProviderConfig(provider="replicate", base_url=fake.url, api_key=KEY, allowed_hosts="127.0.0.1")
        with pytest.raises(ProviderAuthError):
            ReplicateImages(config).paint(PANEL)


def test_registered_as_the_replicate_image_backend(server):
    import renderers.providers.replicate  # noqa: F401  (registers on import)

    config = ProviderConfig(provider="replicate", base_url=server.url + "/v1", api_key=KEY)
    backend = registry.create("image", "replicate", config=config)
    assert isinstance(backend, ReplicateImages)
    assert (backend.name, backend.model) == ("replicate", "black-forest-labs/flux-schnell")
