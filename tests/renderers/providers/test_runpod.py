"""The RunPod image backend against local servers speaking RunPod's serverless API and worker-comfyui's output."""

from __future__ import annotations

import base64
import json
import threading
import time

import pytest

from renderers import registry
from renderers.base import BackendError, ImageRequest
from renderers.images import BadImage
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
from renderers.providers.runpod import RunPodBackend
from renderers.workflows import lora_stack
from tests.fake_http import Reply, Sleeps
from tests.provider_fakes.comfy import RunPodFake, png
from tests.renderers.conftest import fake_provider_config

KEY = "rp_test_4b8e1f0c9a7d6e5f"
JOB = "a3c1e7f2-88d0-4c1b-9a55-1f2e3d4c5b6a-u1"
ENDPOINT = "/v2/ep123"
REQUEST = ImageRequest(prompt="a fox reading a map", width=320, height=192, seed=42)


def config_for(url: str, sleeps: Sleeps | None = None, *, api_key: str = KEY, **overrides) -> ProviderConfig:
    return fake_provider_config(url, provider="runpod", api_key=api_key, sleeps=sleeps, **overrides)


def completed(output):
    return Reply.json({"id": JOB, "status": "COMPLETED", "delayTime": 900, "executionTime": 4100, "output": output})


def images(data: bytes):
    return {"images": [{"filename": "ComfyUI_00001_.png", "type": "base64", "data": base64.b64encode(data).decode()}]}


def scripted(server, *, run=(), status=()):
    server.on("POST", f"{ENDPOINT}/run", *(run or [Reply.json({"id": JOB, "status": "IN_QUEUE"})]))
    server.on("GET", f"{ENDPOINT}/status/{JOB}", *(status or [completed(images(png(320, 192)))]))
    server.on("POST", f"{ENDPOINT}/cancel/{JOB}", Reply.json({"id": JOB, "status": "CANCELLED"}))


def failure(call) -> BackendError:
    with pytest.raises(BackendError) as failed:
        call()
    assert KEY not in str(failed.value)
    return failed.value


# --- the happy path ------------------------------------------------------------------------


def test_a_picture_is_run_polled_and_decoded():
    with RunPodFake(api_key=KEY) as runpod:
        sleeps = Sleeps()
        stack = lora_stack(style_lora="ink.safetensors")
        config = config_for(runpod.base_url, sleeps, model="sdxl", options={"loras": stack})
        backend = registry.create("image", "runpod", config=config)

        result = backend.paint(REQUEST)

        calls = [(call.method, call.route) for call in runpod.server.requests]
        [submitted] = runpod.server.calls("POST", "/v2/fake-endpoint/run")

    assert isinstance(backend, RunPodBackend) and backend.name == "runpod" and backend.model == "sdxl"
    job_id = calls[1][1].rsplit("/", 1)[1]
    assert calls == [("POST", "/v2/fake-endpoint/run")] + [("GET", f"/v2/fake-endpoint/status/{job_id}")] * 3
    assert all(call.headers["authorization"] == f"Bearer {KEY}" for call in runpod.server.requests)
    graph = submitted.json()["input"]["workflow"]
    assert list(submitted.json()) == ["input"] and list(submitted.json()["input"]) == ["workflow"]
    assert graph == runpod.graphs[0]
    assert graph["6"]["inputs"]["text"] == "a fox reading a map"
    assert graph["5"]["inputs"]["width"] == 320 and graph["3"]["inputs"]["steps"] == 25
    assert any(node["inputs"].get("lora_name") == "ink.safetensors" for node in graph.values())
    assert result.data.startswith(b"\x89PNG")
    assert (result.width, result.height, result.seed, result.steps, result.model) == (320, 192, 42, 25, "sdxl")
    assert sleeps == [1.0, 2.0, 4.0]


def test_an_s3_link_is_fetched_without_the_runpod_key():
    with RunPodFake(api_key=KEY, output="s3_url", polls_before_done=0) as runpod:
        result = RunPodBackend(config_for(runpod.base_url)).paint(REQUEST)
        [download] = runpod.bucket.requests
    assert (result.width, result.height) == (320, 192)
    assert "authorization" not in download.headers
    assert "X-Amz-Signature=deadbeef" in download.path


def test_workers_before_version_5_answer_with_a_message():
    with RunPodFake(output="message", polls_before_done=0) as runpod:
        result = RunPodBackend(config_for(runpod.base_url)).paint(REQUEST)
    assert (result.width, result.height, result.model) == (320, 192, "flux")


def test_a_data_uri_in_the_images_list_is_read(server):
    uri = "data:image/png;base64," + base64.b64encode(png(64, 48)).decode()
    scripted(server, status=[completed({"images": [{"filename": "x.png", "type": "base64", "data": uri}]})])
    result = RunPodBackend(config_for(server.url + ENDPOINT)).paint(REQUEST)
    assert (result.width, result.height) == (64, 48)


# --- failures the endpoint reports ---------------------------------------------------------


def test_a_failed_job_gives_the_workers_error():
    with RunPodFake(checkpoints={"sd_xl_base_1.0.safetensors"}, polls_before_done=0) as runpod:
        error = failure(lambda: RunPodBackend(config_for(runpod.base_url)).paint(REQUEST))
    assert str(error).startswith(
        "RunPod reported that the job failed: Workflow validation failed: Prompt outputs failed validation "
        "• Node 30 (CheckpointLoaderSimple): Value not in list: ckpt_name: 'flux1-dev-fp8.safetensors' not in"
    )


def test_a_failed_jobs_error_is_bounded_and_redacted(server):
    text = f"handler crashed reading https://bucket.example/x.png?X-Amz-Credential=AKIA123 with {KEY}" + " ..." * 300
    scripted(server, status=[Reply.json({"id": JOB, "status": "FAILED", "error": text})])
    error = failure(lambda: RunPodBackend(config_for(server.url + ENDPOINT)).paint(REQUEST))
    message = str(error)
    assert "reading https://bucket.example/x.png with [redacted]" in message
    assert "AKIA123" not in message
    assert len(message) < 400


def test_a_handler_exception_is_read_from_the_sdks_error_object(server):
    crash = json.dumps(
        {
            "error_type": "<class 'RuntimeError'>",
            "error_message": "ComfyUI server not reachable",
            "error_traceback": "...",
        }
    )
    scripted(server, status=[Reply.json({"id": JOB, "status": "FAILED", "error": crash})])
    error = failure(lambda: RunPodBackend(config_for(server.url + ENDPOINT)).paint(REQUEST))
    assert str(error) == "RunPod reported that the job failed: ComfyUI server not reachable"


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (Reply.json({"id": JOB, "status": "CANCELLED"}), "RunPod cancelled the job before the picture was finished."),
        (
            Reply.json({"id": JOB, "status": "TIMED_OUT"}),
            "RunPod stopped the job: it ran longer than the endpoint's execution timeout.",
        ),
        (completed({"status": "success_no_images", "images": []}), "RunPod finished but returned no image."),
        (completed(None), "RunPod finished but returned no image."),
    ],
)
def test_a_job_that_ends_without_a_picture_says_how(server, answer, says):
    scripted(server, status=[answer])
    error = failure(lambda: RunPodBackend(config_for(server.url + ENDPOINT)).paint(REQUEST))
    assert str(error) == says


def test_a_wrong_key_is_reported_plainly():
    with RunPodFake(api_key="rp_the_real_key") as runpod:
        error = failure(lambda: RunPodBackend(config_for(runpod.base_url)).paint(REQUEST))
        assert len(runpod.server.requests) == 1
    assert isinstance(error, ProviderAuthError)
    assert str(error) == "RunPod rejected the API key (401). Check it on your settings page."


# --- transport trouble ---------------------------------------------------------------------


def test_a_failed_run_request_is_not_repeated(server):
    """Each /run is a paid job and RunPod cannot tell a repeat from a new one."""
    scripted(server, run=[Reply(500), Reply.json({"id": JOB, "status": "IN_QUEUE"})])
    error = failure(lambda: RunPodBackend(config_for(server.url + ENDPOINT)).paint(REQUEST))
    assert isinstance(error, ProviderUnavailable)
    assert str(error) == "RunPod had a server error (500); try again later."
    assert len(server.calls("POST", f"{ENDPOINT}/run")) == 1


def test_429_then_500_while_polling_are_waited_out(server):
    busy = Reply.json({"error": "rate limited"}, 429, headers={"Retry-After": "2"})
    scripted(server, status=[busy, Reply(500), completed(images(png(320, 192)))])
    sleeps = Sleeps()
    result = RunPodBackend(config_for(server.url + ENDPOINT, sleeps)).paint(REQUEST)
    assert result.width == 320
    assert len(server.calls("GET", f"{ENDPOINT}/status/{JOB}")) == 3
    assert sleeps[0] == 1.0 and 2.0 <= sleeps[1] <= 2.2  # the first poll's wait, then Retry-After


def test_a_run_request_that_is_not_answered_in_time_is_not_repeated(server):
    scripted(server, run=[Reply.json({"id": JOB, "status": "IN_QUEUE"}, delay=1.0)])
    config = config_for(server.url + ENDPOINT, timeouts=Timeouts(connect=1, read=0.2))
    started = time.monotonic()
    error = failure(lambda: RunPodBackend(config).paint(REQUEST))
    assert time.monotonic() - started < 0.6
    assert isinstance(error, ProviderTimeout)
    assert str(error) == "RunPod did not answer within 0.2 s."


@pytest.mark.parametrize(
    ("where", "answer", "says"),
    [
        ("run", Reply(200, b"<html>oops</html>"), "RunPod answered with something that is not valid JSON."),
        ("run", Reply.json({"status": "IN_QUEUE"}), "RunPod accepted the job but gave no job id."),
        ("status", Reply.json(["COMPLETED"]), "RunPod answered the status request with something unexpected."),
    ],
)
def test_a_malformed_answer(server, where, answer, says):
    scripted(server, **{where: [answer]})
    error = failure(lambda: RunPodBackend(config_for(server.url + ENDPOINT)).paint(REQUEST))
    assert isinstance(error, BadResponse)
    assert str(error) == says


def test_an_oversized_answer_is_not_read(server):
    scripted(server, status=[completed(images(png(320, 192) + b"\0" * 8000))])
    error = failure(lambda: RunPodBackend(config_for(server.url + ENDPOINT, max_bytes=6000)).paint(REQUEST))
    assert isinstance(error, ResponseTooLarge)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (
            "PGh0bWw+PGJvZHk+NDA0PC9ib2R5PjwvaHRtbD4=",
            "RunPod sent something that is not an image (it looks like a web page).",
        ),
        ("not base64 at all!", "RunPod sent image data that is not valid base64."),
    ],
)
def test_a_non_image_is_refused(server, data, says):
    scripted(server, status=[completed({"images": [{"filename": "x.png", "type": "base64", "data": data}]})])
    error = failure(lambda: RunPodBackend(config_for(server.url + ENDPOINT)).paint(REQUEST))
    assert isinstance(error, BadImage)
    assert str(error) == says


def test_an_s3_link_to_a_private_address_is_refused_unfetched(server):
    link = "http://169.254.169.254/latest/meta-data/x.png?X-Amz-Signature=s3cr3t"
    scripted(server, status=[completed({"images": [{"filename": "x.png", "type": "s3_url", "data": link}]})])
    error = failure(lambda: RunPodBackend(config_for(server.url + ENDPOINT)).paint(REQUEST))
    assert isinstance(error, URLRefused)
    assert "169.254.169.254" in str(error) and "s3cr3t" not in str(error)


# --- giving up and cancelling --------------------------------------------------------------


def test_a_job_that_never_finishes_is_given_up_and_cancelled():
    with RunPodFake(polls_before_done=None) as runpod:
        sleeps = Sleeps()
        config = config_for(runpod.base_url, sleeps, options={"max_wait_seconds": 20})
        error = failure(lambda: RunPodBackend(config).paint(REQUEST))
        last = runpod.server.requests[-1]
        polls = [call for call in runpod.server.requests if "/status/" in call.route]
    assert isinstance(error, ProviderTimeout)
    assert str(error) == (
        "RunPod did not finish the picture within 20 s, so the job was cancelled; "
        "the endpoint may have no worker free, try again later."
    )
    assert sum(sleeps) == pytest.approx(20) and len(polls) == len(sleeps)
    assert runpod.cancelled == [polls[0].route.rsplit("/", 1)[1]]
    assert last.method == "POST" and last.headers["authorization"] == f"Bearer {KEY}"


def test_cancelling_stops_polling_and_cancels_the_job():
    stop = threading.Event()
    with RunPodFake(polls_before_done=None) as runpod:
        config = config_for(runpod.base_url, Sleeps(on_first=stop.set), stop=stop)
        with pytest.raises(ProviderCancelled):
            RunPodBackend(config).paint(REQUEST)
        calls = [call.method for call in runpod.server.requests]
    assert calls == ["POST", "POST"]  # the run, then the cancel: no poll
    assert len(runpod.cancelled) == 1


def test_a_job_cancelled_before_it_starts_sends_nothing(server):
    scripted(server)
    stop = threading.Event()
    stop.set()
    with pytest.raises(ProviderCancelled):
        RunPodBackend(config_for(server.url + ENDPOINT, stop=stop)).paint(REQUEST)
    assert server.requests == []


def test_a_missing_endpoint_url_is_refused():
    error = failure(lambda: RunPodBackend(config_for("")))
    assert str(error) == (
        "RunPod has no endpoint URL (https://api.runpod.ai/v2/<endpoint id>). Set it on your settings page."
    )
