"""The site's own providers from the environment: Panelcraft's names, AI Comic Factory's, and the start-up checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks

from comics.checks import site_provider_checks
from config.site_providers import max_pages, site_providers

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_set_means_the_built_in_backends():
    chosen = site_providers({})
    assert {kind: site.backend for kind, site in chosen.items()} == {
        "text": "builtin",
        "image": "builtin",
        "safety": "builtin",
    }


def test_panelcraft_names_per_kind():
    chosen = site_providers(
        {
            "PANELCRAFT_TEXT_BACKEND": "groq",
            "PANELCRAFT_TEXT_API_KEY": "gsk-site-key-1234",
            "PANELCRAFT_TEXT_MODEL": "llama-3.1-8b-instant",
            "PANELCRAFT_IMAGE_BACKEND": "comfyui",
            "PANELCRAFT_IMAGE_BASE_URL": "http://gpu.lan:8188",
            "PANELCRAFT_IMAGE_MODEL": "sdxl",
        }
    )
    text, image = chosen["text"], chosen["image"]
    assert (text.backend, text.api_key, text.model) == ("groq", "gsk-site-key-1234", "llama-3.1-8b-instant")
    assert (image.backend, image.base_url, image.model) == ("comfyui", "http://gpu.lan:8188", "sdxl")
    assert "gsk-site-key-1234" not in repr(text)


def test_an_ai_comic_factory_env_is_understood():
    env = {
        "LLM_ENGINE": "OPENAI",
        "AUTH_OPENAI_API_KEY": "sk-acf-openai-key",
        "LLM_OPENAI_API_BASE_URL": "https://proxy.example.com/v1",
        "LLM_OPENAI_API_MODEL": "gpt-4o",
        "RENDERING_ENGINE": "REPLICATE",
        "AUTH_REPLICATE_API_TOKEN": "r8_acf_token",
        "RENDERING_REPLICATE_API_MODEL": "stabilityai/sdxl",
        "RENDERING_REPLICATE_API_MODEL_VERSION": "a" * 64,
    }
    chosen = site_providers(env)
    assert (chosen["text"].backend, chosen["text"].base_url, chosen["text"].model) == (
        "openai",
        "https://proxy.example.com/v1",
        "gpt-4o",
    )
    assert chosen["text"].api_key == "sk-acf-openai-key"
    assert (chosen["image"].backend, chosen["image"].model) == ("replicate", "stabilityai/sdxl:" + "a" * 64)
    assert chosen["image"].api_key == "r8_acf_token"
    assert chosen["safety"].backend == "builtin", "ENABLE_CENSORSHIP is off unless set"


@pytest.mark.parametrize(
    ("engine", "variables", "backend", "base_url", "model"),
    [
        (
            "GROQ",
            {"AUTH_GROQ_API_KEY": "gsk-1234567", "LLM_GROQ_API_MODEL": "mixtral-8x7b"},
            "groq",
            "",
            "mixtral-8x7b",
        ),
        (
            "ANTHROPIC",
            {"AUTH_ANTHROPIC_API_KEY": "sk-ant-12345", "LLM_ANTHROPIC_API_MODEL": "claude-3-5-sonnet-latest"},
            "anthropic",
            "",
            "claude-3-5-sonnet-latest",
        ),
        (
            "INFERENCE_API",
            {"AUTH_HF_API_TOKEN": "hf_1234567", "LLM_HF_INFERENCE_API_MODEL": "HuggingFaceH4/zephyr-7b-beta"},
            "huggingface",
            "",
            "HuggingFaceH4/zephyr-7b-beta",
        ),
        (
            "INFERENCE_ENDPOINT",
            {
                "AUTH_HF_API_TOKEN": "hf_1234567",
                "LLM_HF_INFERENCE_ENDPOINT_URL": "https://x.endpoints.huggingface.cloud",
            },
            "huggingface",
            "https://x.endpoints.huggingface.cloud",
            "",
        ),
    ],
)
def test_each_acf_language_engine(engine, variables, backend, base_url, model):
    text = site_providers({"LLM_ENGINE": engine, **variables})["text"]
    assert (text.backend, text.base_url, text.model, text.problem) == (backend, base_url, model, "")


def test_acf_hugging_face_rendering_keeps_its_file_type():
    image = site_providers(
        {
            "RENDERING_ENGINE": "INFERENCE_API",
            "AUTH_HF_API_TOKEN": "hf_1234567",
            "RENDERING_HF_INFERENCE_API_BASE_MODEL": "stabilityai/stable-diffusion-xl-base-1.0",
            "RENDERING_HF_INFERENCE_API_FILE_TYPE": "image/jpeg",
        }
    )["image"]
    assert (image.backend, image.model) == ("huggingface", "stabilityai/stable-diffusion-xl-base-1.0")
    assert image.options == {"file_type": "image/jpeg"}


def test_panelcraft_names_win_over_acf_names():
    chosen = site_providers({"PANELCRAFT_TEXT_BACKEND": "builtin", "LLM_ENGINE": "OPENAI", "AUTH_OPENAI_API_KEY": "x"})
    assert chosen["text"].backend == "builtin"


def test_enable_censorship_uses_openai_moderation_when_the_site_has_an_openai_key():
    safety = site_providers({"ENABLE_CENSORSHIP": "true", "AUTH_OPENAI_API_KEY": "sk-acf-openai-key"})["safety"]
    assert (safety.backend, safety.api_key) == ("openai", "sk-acf-openai-key")


def test_enable_censorship_without_openai_asks_the_sites_language_model():
    env = {"ENABLE_CENSORSHIP": "true", "LLM_ENGINE": "GROQ", "AUTH_GROQ_API_KEY": "gsk-1234567"}
    safety = site_providers(env)["safety"]
    assert (safety.backend, safety.api_key) == ("groq", "gsk-1234567")


def test_max_nb_pages_caps_the_studio():
    assert max_pages({}) is None
    assert max_pages({"MAX_NB_PAGES": "6"}) == 6
    assert max_pages({"MAX_NB_PAGES": "6", "PANELCRAFT_MAX_PAGES": "3"}) == 3
    with pytest.raises(ValueError, match="whole number"):
        max_pages({"MAX_NB_PAGES": "six"})


def run_checks(settings, env) -> list[checks.CheckMessage]:
    settings.PANELCRAFT = {**settings.PANELCRAFT, "SITE_PROVIDERS": site_providers(env)}
    return site_provider_checks()


def test_checks_pass_for_the_defaults_and_a_complete_setup(settings):
    assert run_checks(settings, {}) == []
    env = {"LLM_ENGINE": "OPENAI", "AUTH_OPENAI_API_KEY": "sk-1234567890", "RENDERING_ENGINE": "OPENAI"}
    assert run_checks(settings, env) == []


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"LLM_ENGINE": "VIDEOCHAIN"}, "LLM_ENGINE=VIDEOCHAIN is not an engine Panelcraft runs"),
        ({"RENDERING_ENGINE": "REPLICATE"}, "Set AUTH_REPLICATE_API_TOKEN"),
        (
            {"LLM_ENGINE": "OPENAI", "AUTH_OPENAI_API_KEY": "k" * 12, "LLM_OPENAI_API_BASE_URL": "ftp://x"},
            "not a valid URL",
        ),
        ({"PANELCRAFT_IMAGE_BACKEND": "groq", "PANELCRAFT_IMAGE_API_KEY": "k" * 12}, "Groq cannot paint images"),
        ({"PANELCRAFT_TEXT_BACKEND": "gpt5"}, "is not a text backend"),
        ({"PANELCRAFT_IMAGE_BACKEND": "comfyui"}, "needs a base URL"),
        (
            {"RENDERING_ENGINE": "INFERENCE_ENDPOINT", "AUTH_HF_API_TOKEN": "hf_1234567"},
            "needs RENDERING_HF_INFERENCE_ENDPOINT_URL",
        ),
    ],
)
def test_checks_name_what_to_fix(settings, env, says):
    found = run_checks(settings, env)
    assert found and all(isinstance(problem, checks.Error) for problem in found)
    assert any(says in f"{problem.msg} {problem.hint or ''}" for problem in found), [p.msg for p in found]
    for value in env.values():
        if value.startswith(("k" * 12, "hf_")):
            assert all(value not in f"{problem.msg} {problem.hint}" for problem in found)


def test_the_latency_test_doubles_are_not_offered_in_production(settings):
    """Without PANELCRAFT_TEST_BACKENDS the test doubles are not registered, so a site cannot pick them."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "PANELCRAFT_TEXT_BACKEND": "latency", "PANELCRAFT_TEST_BACKENDS": "false"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "PANELCRAFT_TEXT_BACKEND=latency is not a text backend" in result.stderr


def test_an_acf_env_file_sourced_unchanged_starts_the_site_with_its_providers(tmp_path):
    """The README's `set -a; . ./.env; set +a` with AI Comic Factory's own quoting."""
    env_file = tmp_path / "acf.env"
    env_file.write_text(
        "# AI Comic Factory\n"
        'LLM_ENGINE="GROQ"\n'
        'RENDERING_ENGINE="REPLICATE"\n'
        'AUTH_GROQ_API_KEY="gsk-acf-key-123"\n'
        'AUTH_REPLICATE_API_TOKEN="r8_acf_token_123"\n'
        'LLM_GROQ_API_MODEL="mixtral-8x7b-32768"\n'
        'RENDERING_REPLICATE_API_MODEL="stabilityai/sdxl"\n'
        'RENDERING_REPLICATE_API_MODEL_VERSION="' + "b" * 64 + '"\n'
        'MAX_NB_PAGES="6"\n'
        "ENABLE_CENSORSHIP=\n"
        'NEXT_PUBLIC_ENABLE_RATE_LIMITER="false"\n'
    )
    script = (
        "from django.conf import settings; p = settings.PANELCRAFT; s = p['SITE_PROVIDERS']; "
        "print(s['text'].backend, s['text'].model, s['image'].backend, s['image'].model, p['MAX_PAGES'])"
    )
    python = f'"{sys.executable}" manage.py'
    command = f'set -a; . "{env_file}"; set +a; {python} check >&2 && {python} shell -v0 -c "{script}"'
    result = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["groq", "mixtral-8x7b-32768", "replicate", "stabilityai/sdxl:" + "b" * 64, "6"]


def test_enable_censorship_never_sends_an_openai_style_key_meant_for_another_server_to_openai():
    env = {
        "ENABLE_CENSORSHIP": "true",
        "LLM_ENGINE": "OPENAI",
        "LLM_OPENAI_API_BASE_URL": "https://openrouter.ai/api/v1",
        "AUTH_OPENAI_API_KEY": "sk-or-meant-for-openrouter",
    }
    safety = site_providers(env)["safety"]
    # A classifier prompt on the site's own chat model, where the key was meant to go.
    assert (safety.backend, safety.base_url, safety.model) == (
        "openai_compatible",
        "https://openrouter.ai/api/v1",
        "gpt-4o-mini",
    )
    assert safety.api_key == "sk-or-meant-for-openrouter"


def test_a_missing_workflow_folder_is_reported_at_start(settings, tmp_path):
    from comics.checks import workflow_folder_check

    settings.PANELCRAFT = {**settings.PANELCRAFT, "COMFYUI_WORKFLOWS_DIR": str(tmp_path / "nowhere")}
    [problem] = workflow_folder_check()
    assert "PANELCRAFT_COMFYUI_WORKFLOWS_DIR" in problem.msg and "there is no such folder" in problem.msg
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "mine.json").write_text("{not json")
    settings.PANELCRAFT = {**settings.PANELCRAFT, "COMFYUI_WORKFLOWS_DIR": str(tmp_path / "flows")}
    [problem] = workflow_folder_check()
    assert "mine" in problem.msg
