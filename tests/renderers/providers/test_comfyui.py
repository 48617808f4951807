"""The ComfyUI image backend against local servers speaking ComfyUI's HTTP API."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from renderers import registry
from renderers.base import BackendError, ImageRequest
from renderers.images import BadImage
from renderers.net import (
    BadResponse,
    ProviderAuthError,
    ProviderCancelled,
    ProviderRejected,
    ProviderTimeout,
    ResponseTooLarge,
    RetryPolicy,
    Timeouts,
)
from renderers.providers import ProviderConfig
from renderers.providers.comfyui import ComfyUIBackend, poll_delays, provider_text
from renderers.workflows import Lora, load_workflow
from tests.fake_http import Reply, Sleeps
from tests.provider_fakes.comfy import ComfyUIFake, png
from tests.renderers.conftest import fake_provider_config

KEY = "sk-test-comfy-proxy-7d2f9a1c"
PID = "5f0c7e52-1b9e-4a57-9b5c-0f3c2b1a7e11"
REQUEST = ImageRequest(prompt="a fox reading a map", width=320, height=192, seed=42, negative_prompt="blurry")


def config_for(url: str, sleeps: Sleeps | None = None, *, api_key: str = KEY, **overrides) -> ProviderConfig:
    return fake_provider_config(url, provider="comfyui", api_key=api_key, sleeps=sleeps, **overrides)


def entry(outputs=None, status=None):
    """A finished /history entry in ComfyUI's shape."""
    outputs = (
        {"9": {"images": [{"filename": "panelcraft_00001_.png", "subfolder": "", "type": "output"}]}}
        if outputs is None
        else outputs
    )
    status = status or {"status_str": "success", "completed": True, "messages": [["execution_success", {}]]}
    return {PID: {"prompt": [0, PID, {}, {}, list(outputs)], "outputs": outputs, "status": status, "meta": {}}}


def scripted(server, *, prompt=(), history=(), view=()):
    """Routes for one run of prompt PID; each list gives the answers in order."""
    server.on("POST", "/prompt", *(prompt or [Reply.json({"prompt_id": PID, "number": 3, "node_errors": {}})]))
    server.on("GET", f"/history/{PID}", *(history or [Reply.json({}), Reply.json(entry())]))
    server.on("GET", "/view", *(view or [Reply(200, png(320, 192), {"Content-Type": "image/png"})]))
    server.on("GET", "/queue", Reply.json({"queue_running": [], "queue_pending": []}))
    server.on("POST", "/queue", Reply())
    server.on("POST", "/interrupt", Reply())


def failure(call) -> BackendError:
    with pytest.raises(BackendError) as failed:
        call()
    assert KEY not in str(failed.value)
    return failed.value


# --- the happy path ------------------------------------------------------------------------


def test_a_picture_is_queued_polled_and_fetched():
    with ComfyUIFake(api_key=KEY) as comfy:
        sleeps = Sleeps()
        backend = registry.create("image", "comfyui", config=config_for(comfy.base_url, sleeps))

        result = backend.paint(REQUEST)

        calls = [(call.method, call.route) for call in comfy.server.requests]
        [queued] = comfy.server.calls("POST", "/prompt")
        [viewed] = comfy.server.calls("GET", "/view")

    assert isinstance(backend, ComfyUIBackend) and backend.name == "comfyui" and backend.model == "flux"
    prompt_id = calls[1][1].removeprefix("/history/")
    assert calls == [
        ("POST", "/prompt"),
        ("GET", f"/history/{prompt_id}"),
        ("GET", f"/history/{prompt_id}"),
        ("GET", "/view"),
    ]
    body = queued.json()
    assert uuid.UUID(body["client_id"]).version == 4
    graph = body["prompt"]
    assert graph == comfy.graphs[0]
    assert graph["6"]["inputs"]["text"] == "a fox reading a map"
    assert graph["27"]["inputs"]["width"] == 320 and graph["27"]["inputs"]["height"] == 192
    assert graph["31"]["inputs"]["seed"] == 42 and graph["31"]["inputs"]["steps"] == 20
    assert queued.headers["authorization"] == f"Bearer {KEY}"
    assert viewed.path == "/view?filename=panelcraft_00000_9_.png&subfolder=&type=output"
    assert result.data.startswith(b"\x89PNG")
    assert (result.width, result.height, result.seed, result.steps, result.model) == (320, 192, 42, 20, "flux")
    assert sleeps == [0.5, 1.0]


def test_polls_slow_down_to_every_three_seconds():
    with ComfyUIFake(polls_before_done=6) as comfy:
        sleeps = Sleeps()
        ComfyUIBackend(config_for(comfy.base_url, sleeps, api_key="")).paint(REQUEST)
        assert "authorization" not in comfy.server.requests[0].headers
    assert sleeps == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0, 3.0]


def test_loras_and_steps_reach_the_graph():
    loras = (Lora("ink.safetensors", 1.0), Lora("mia.safetensors", 0.85))
    with ComfyUIFake(loras={"ink.safetensors", "mia.safetensors"}) as comfy:
        config = config_for(comfy.base_url, model="sdxl", options={"loras": loras})
        result = ComfyUIBackend(config).paint(ImageRequest(prompt="a heron", width=256, height=256, seed=1, steps=9))
    graph = comfy.graphs[0]
    chain = [node for node in graph.values() if node["class_type"] == "LoraLoader"]
    assert [(node["inputs"]["lora_name"], node["inputs"]["strength_model"]) for node in chain] == [
        ("ink.safetensors", 1.0),
        ("mia.safetensors", 0.85),
    ]
    last = next(key for key, node in graph.items() if node["inputs"].get("lora_name") == "mia.safetensors")
    assert graph["3"]["inputs"]["model"] == [last, 0]
    assert graph["3"]["inputs"]["steps"] == 9 and graph["3"]["inputs"]["cfg"] == 7
    assert (result.model, result.steps, result.width) == ("sdxl", 9, 256)


def test_an_administrators_workflow_is_chosen_by_name():
    graph = {
        "1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "inky.safetensors"}},
        "2": {"class_type": "CLIPTextEncode", "inputs": {"text": "{{prompt}}", "clip": ["1", 1]}},
        "3": {"class_type": "EmptyLatentImage", "inputs": {"width": 128, "height": 96, "batch_size": 1}},
        "4": {
            "class_type": "KSampler",
            "inputs": {"model": ["1", 0], "positive": ["2", 0], "latent_image": ["3", 0], "seed": 5, "steps": 4},
        },
        "5": {"class_type": "VAEDecode", "inputs": {"samples": ["4", 0], "vae": ["1", 2]}},
        "6": {"class_type": "SaveImage", "inputs": {"images": ["5", 0]}},
    }
    with ComfyUIFake() as comfy:
        options = {"workflows": {"inky": load_workflow(graph, "inky")}}
        result = ComfyUIBackend(config_for(comfy.base_url, model="inky", options=options)).paint(REQUEST)
    assert comfy.graphs[0]["1"]["inputs"]["ckpt_name"] == "inky.safetensors"
    assert comfy.graphs[0]["2"]["inputs"]["text"] == REQUEST.prompt
    # The graph fixes its own size, steps and seed: the result says what was made, not what was asked.
    assert (result.width, result.height, result.steps, result.seed, result.model) == (128, 96, None, None, "inky")


def test_an_unknown_workflow_name_is_refused_naming_the_choices():
    error = failure(lambda: ComfyUIBackend(config_for("http://127.0.0.1:9", model="anime")))
    assert str(error) == "ComfyUI has no workflow called 'anime'; choose one of: flux, sdxl."


def test_a_saved_image_is_preferred_to_a_preview(server):
    outputs = {
        "12": {"images": [{"filename": "preview_01.png", "subfolder": "", "type": "temp"}]},
        "9": {"images": [{"filename": "final_01.png", "subfolder": "comics", "type": "output"}]},
    }
    scripted(server, history=[Reply.json(entry(outputs))])
    ComfyUIBackend(config_for(server.url)).paint(REQUEST)
    assert server.calls("GET", "/view")[0].path == "/view?filename=final_01.png&subfolder=comics&type=output"


# --- failures the server reports -----------------------------------------------------------


def test_a_refused_workflow_names_the_node_and_the_first_error():
    with ComfyUIFake(checkpoints={"sd_xl_base_1.0.safetensors"}) as comfy:
        error = failure(lambda: ComfyUIBackend(config_for(comfy.base_url)).paint(REQUEST))
        assert len(comfy.server.calls("POST", "/prompt")) == 1
    assert isinstance(error, ProviderRejected)
    assert str(error) == (
        "ComfyUI refused the workflow: CheckpointLoaderSimple: Value not in list: "
        "ckpt_name: 'flux1-dev-fp8.safetensors' not in ['sd_xl_base_1.0.safetensors']"
    )


def test_a_refusal_without_node_errors_gives_the_overall_error(server):
    refusal = {
        "error": {"type": "prompt_no_outputs", "message": "Prompt has no outputs", "details": ""},
        "node_errors": [],
    }
    scripted(server, prompt=[Reply.json(refusal, 400)])
    error = failure(lambda: ComfyUIBackend(config_for(server.url)).paint(REQUEST))
    assert str(error) == "ComfyUI refused the workflow: Prompt has no outputs"


def test_an_execution_error_names_the_node_and_the_message():
    with ComfyUIFake(fail_with="Allocation on device: CUDA out of memory.") as comfy:
        error = failure(lambda: ComfyUIBackend(config_for(comfy.base_url)).paint(REQUEST))
        assert comfy.server.calls("GET", "/view") == []
    assert str(error) == "ComfyUI reported an error in node 31 (KSampler): Allocation on device: CUDA out of memory."


def test_the_servers_own_error_text_is_bounded_and_never_shows_the_key(server):
    message = f"token {KEY} refused by https://hub.example/auth?sig=abc123 " + "and more " * 100
    failed = {
        "status_str": "error",
        "completed": False,
        "messages": [["execution_error", {"node_id": "31", "node_type": "KSampler", "exception_message": message}]],
    }
    scripted(server, history=[Reply.json(entry({}, failed))])
    error = failure(lambda: ComfyUIBackend(config_for(server.url)).paint(REQUEST))
    text = str(error)
    assert "token [redacted] refused by https://hub.example/auth and more" in text
    assert "sig=abc123" not in text
    assert len(text) < 400 and text.endswith("…")


def test_a_run_without_an_image_says_so(server):
    scripted(server, history=[Reply.json(entry({"9": {"images": []}}))])
    error = failure(lambda: ComfyUIBackend(config_for(server.url)).paint(REQUEST))
    assert isinstance(error, BadResponse)
    assert str(error) == "ComfyUI finished but returned no image."


def test_a_wrong_key_is_reported_plainly():
    with ComfyUIFake(api_key="sk-the-proxys-real-key") as comfy:
        error = failure(lambda: ComfyUIBackend(config_for(comfy.base_url)).paint(REQUEST))
        assert len(comfy.server.requests) == 1
    assert isinstance(error, ProviderAuthError)
    assert str(error) == "ComfyUI rejected the API key (401). Check it on your settings page."


# --- transport trouble ---------------------------------------------------------------------


def test_429_waits_as_asked_then_succeeds(server):
    busy = Reply.json({"error": "busy"}, 429, headers={"Retry-After": "2"})
    scripted(server, prompt=[busy, Reply.json({"prompt_id": PID, "number": 0, "node_errors": {}})])
    sleeps = Sleeps()
    result = ComfyUIBackend(config_for(server.url, sleeps)).paint(REQUEST)
    assert result.width == 320
    assert len(server.calls("POST", "/prompt")) == 2
    assert 2.0 <= sleeps[0] <= 2.2


def test_a_server_error_while_polling_is_retried(server):
    scripted(server, history=[Reply(500), Reply.json(entry())])
    result = ComfyUIBackend(config_for(server.url)).paint(REQUEST)
    assert result.data.startswith(b"\x89PNG")
    assert len(server.calls("GET", f"/history/{PID}")) == 2


def test_a_server_that_does_not_answer_in_time(server):
    """The prompt may be queued although its answer was lost, so it is not queued a second time."""
    scripted(server, prompt=[Reply.json({"prompt_id": PID}, delay=1.0)])
    config = config_for(
        server.url, timeouts=Timeouts(connect=1, read=0.2), retry=RetryPolicy(attempts=2, base_delay=0.01, jitter=0)
    )
    started = time.monotonic()
    error = failure(lambda: ComfyUIBackend(config).paint(REQUEST))
    assert time.monotonic() - started < 0.9
    assert isinstance(error, ProviderTimeout)
    assert str(error) == "ComfyUI did not answer within 0.2 s."
    assert len(server.calls("POST", "/prompt")) == 1


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (
            Reply(200, b"<html>proxy login</html>", {"Content-Type": "text/html"}),
            "ComfyUI answered with something that is not valid JSON.",
        ),
        (Reply.json({"number": 1, "node_errors": {}}), "ComfyUI accepted the workflow but gave no prompt id."),
    ],
)
def test_a_malformed_answer_to_the_prompt(server, answer, says):
    scripted(server, prompt=[answer])
    error = failure(lambda: ComfyUIBackend(config_for(server.url)).paint(REQUEST))
    assert isinstance(error, BadResponse)
    assert str(error) == says


def test_an_oversized_image_is_not_read(server):
    scripted(server, view=[Reply(200, png(320, 192) + b"\0" * 5000, {"Content-Type": "image/png"})])
    error = failure(lambda: ComfyUIBackend(config_for(server.url, max_bytes=4000)).paint(REQUEST))
    assert isinstance(error, ResponseTooLarge)


def test_a_non_image_from_view_is_refused(server):
    scripted(server, view=[Reply(200, b"<!DOCTYPE html><title>Not found</title>", {"Content-Type": "text/html"})])
    error = failure(lambda: ComfyUIBackend(config_for(server.url)).paint(REQUEST))
    assert isinstance(error, BadImage)
    assert str(error) == "ComfyUI sent something that is not an image (it looks like a web page)."


# --- giving up and cancelling --------------------------------------------------------------


def test_a_picture_that_never_finishes_is_given_up_and_interrupted():
    with ComfyUIFake(polls_before_done=None) as comfy:
        sleeps = Sleeps()
        config = config_for(comfy.base_url, sleeps, options={"max_wait_seconds": 12})
        error = failure(lambda: ComfyUIBackend(config).paint(REQUEST))
        polls = [call for call in comfy.server.requests if call.route.startswith("/history/")]
        prompt_id = polls[0].route.removeprefix("/history/")
        cleanup = [(call.method, call.route) for call in comfy.server.requests[len(polls) + 1 :]]
        interrupt = comfy.server.calls("POST", "/interrupt")
    assert isinstance(error, ProviderTimeout)
    assert str(error) == (
        "ComfyUI did not finish the picture within 12 s, so it was stopped; try again when the server is less busy."
    )
    assert sum(sleeps) == pytest.approx(12)
    assert len(polls) == len(sleeps)
    assert cleanup == [("POST", "/queue"), ("GET", "/queue"), ("POST", "/interrupt")]
    assert interrupt[0].json() == {"prompt_id": prompt_id}


def test_cancelling_stops_polling_and_interrupts_our_running_prompt():
    stop = threading.Event()
    with ComfyUIFake(polls_before_done=None) as comfy:
        config = config_for(comfy.base_url, Sleeps(on_first=stop.set), stop=stop)
        with pytest.raises(ProviderCancelled):
            ComfyUIBackend(config).paint(REQUEST)
        calls = [(call.method, call.route) for call in comfy.server.requests]
        prompt_id = comfy.server.calls("POST", "/queue")[0].json()["delete"][0]
    assert calls == [("POST", "/prompt"), ("POST", "/queue"), ("GET", "/queue"), ("POST", "/interrupt")]
    assert comfy.interrupts == [prompt_id]


def test_cancelling_a_waiting_prompt_leaves_the_running_one_alone(server):
    scripted(server, history=[Reply.json({})])
    someone_else = [[1, "another-users-prompt", {}, {}, []]]
    server.on("GET", "/queue", Reply.json({"queue_running": someone_else, "queue_pending": [[3, PID, {}, {}, []]]}))
    stop = threading.Event()
    with pytest.raises(ProviderCancelled):
        ComfyUIBackend(config_for(server.url, Sleeps(on_first=stop.set), stop=stop)).paint(REQUEST)
    assert server.calls("POST", "/interrupt") == []
    assert server.calls("POST", "/queue")[0].json() == {"delete": [PID]}


def test_a_job_cancelled_before_it_starts_sends_nothing(server):
    scripted(server)
    stop = threading.Event()
    stop.set()
    with pytest.raises(ProviderCancelled):
        ComfyUIBackend(config_for(server.url, stop=stop)).paint(REQUEST)
    assert server.requests == []


def test_a_failing_clean_up_does_not_hide_the_cancel(server):
    scripted(server, history=[Reply.json({})])
    server.on("POST", "/queue", Reply(500))
    server.on("GET", "/queue", Reply(500))
    stop = threading.Event()
    with pytest.raises(ProviderCancelled):
        ComfyUIBackend(config_for(server.url, Sleeps(on_first=stop.set), stop=stop)).paint(REQUEST)
    assert len(server.calls("POST", "/queue")) == len(server.calls("GET", "/queue")) == 1  # one try each


# --- shared pieces -------------------------------------------------------------------------


def test_poll_delays_end_when_the_clock_runs_out():
    now = [0.0]
    delays = []
    for delay in poll_delays(10, clock=lambda: now[0]):
        delays.append(delay)
        now[0] += delay + 2.0  # each poll itself takes two seconds
    assert delays == [0.5, 1.0, 2.0, 0.5]  # the last wait uses what is left
    assert list(poll_delays(0)) == []


def test_provider_text_is_one_bounded_line_without_secrets():
    text = provider_text(f"line one\n  uses {KEY} at http://h.example/x?token=1", secrets=[KEY], limit=50)
    assert text == "line one uses [redacted] at http://h.example/x"
    assert provider_text("x" * 80, limit=20) == "x" * 19 + "…"
