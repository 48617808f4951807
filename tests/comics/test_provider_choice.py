"""Which providers make a comic: the one picked for it, the author's default, the site's, or built-in."""

from __future__ import annotations

import html
import re

import pytest
from django.core.management import call_command

from accounts.models import ProviderAccount
from accounts.services import choose_backends, save_provider_account
from comics import layouts
from comics.models import Comic
from config.site_providers import site_providers

pytestmark = pytest.mark.django_db


def account(owner, provider="groq", **fields) -> ProviderAccount:
    fields.setdefault("api_key", "gsk-test-key-0001")
    return save_provider_account(ProviderAccount(owner=owner), provider=provider, **fields)


def create(client, **payload):
    return client.post("/api/comics/", {"idea": "a fox who fixes clocks", **payload}, content_type="application/json")


def test_without_accounts_or_site_providers_everything_is_built_in(alice_client):
    comic = Comic.objects.get(pk=create(alice_client).json()["id"])
    assert {kind: entry["source"] for kind, entry in comic.providers.items()} == dict.fromkeys(
        ("text", "image", "safety"), "builtin"
    )
    assert (comic.text_backend, comic.image_backend, comic.safety_backend) == ("builtin", "builtin", "builtin")


def test_the_authors_default_accounts_are_used(alice, alice_client):
    text = account(alice, "groq", label="Fast words")
    image = account(alice, "replicate", api_key="r8_test_key_0001", image_model="black-forest-labs/flux-schnell")
    choose_backends(alice, text=text.pk, image=image.pk, safety=text.pk)
    comic = Comic.objects.get(pk=create(alice_client).json()["id"])
    assert comic.providers["text"] == {
        "source": "account",
        "backend": "groq",
        "model": "llama-3.3-70b-versatile",
        "account": text.pk,
        "label": "Fast words",
    }
    assert comic.providers["image"]["account"] == image.pk
    assert comic.providers["safety"]["account"] == text.pk
    assert comic.image_backend == "replicate"


def test_a_comic_can_pick_other_accounts_than_the_defaults(alice, alice_client):
    default = account(alice, "groq")
    other = account(alice, "openrouter", api_key="sk-or-test-0001", text_model="mistralai/mistral-small")
    choose_backends(alice, text=default.pk, image=None, safety=None)
    comic = Comic.objects.get(pk=create(alice_client, text_provider=other.pk).json()["id"])
    assert (comic.providers["text"]["account"], comic.providers["text"]["model"]) == (
        other.pk,
        "mistralai/mistral-small",
    )


def test_someone_elses_account_is_refused_and_nothing_is_made(alice, bob_client):
    alices = account(alice)
    response = create(bob_client, text_provider=alices.pk)
    assert response.status_code == 400
    assert response.json() == {"text_provider": [f"You have no provider account {alices.pk}."]}
    assert not Comic.objects.exists()


def test_an_account_that_cannot_paint_is_refused_for_pictures(alice, alice_client):
    words_only = account(alice, "anthropic", api_key="sk-ant-test-0001")
    response = create(alice_client, image_provider=words_only.pk)
    assert response.status_code == 400
    assert response.json() == {"image_provider": ["Anthropic cannot paint images; choose another account."]}


def use_site_providers(settings, env, *, share=True):
    settings.PANELCRAFT = {
        **settings.PANELCRAFT,
        "SITE_PROVIDERS": site_providers(env),
        "SHARE_SITE_PROVIDERS": share,
    }


SITE_ENV = {"LLM_ENGINE": "GROQ", "AUTH_GROQ_API_KEY": "gsk-site-key-0001", "LLM_GROQ_API_MODEL": "mixtral-8x7b"}


def test_users_without_accounts_get_the_sites_provider(settings, bob_client):
    use_site_providers(settings, SITE_ENV)
    comic = Comic.objects.get(pk=create(bob_client).json()["id"])
    assert comic.providers["text"] == {
        "source": "site",
        "backend": "groq",
        "model": "mixtral-8x7b",
        "label": "Groq (site)",
    }
    assert comic.providers["image"]["source"] == "builtin"


def test_a_site_that_does_not_share_its_providers_gives_users_the_built_in_ones(settings, bob_client, staff):
    use_site_providers(settings, SITE_ENV, share=False)
    comic = Comic.objects.get(pk=create(bob_client).json()["id"])
    assert comic.providers["text"]["source"] == "builtin"
    from tests.conftest import client_for

    staff_comic = Comic.objects.get(pk=create(client_for(staff)).json()["id"])
    assert staff_comic.providers["text"]["source"] == "site"


def studio_option(page: str, field: str, value) -> dict[str, str]:
    """The attributes and text of one option of a studio select."""
    select = re.search(rf'<select name="{field}".*?</select>', page, re.S).group(0)
    tag, text = re.search(rf'<option (value="{value}"[^>]*)>(.*?)</option>', select).groups()
    return {**{name: html.unescape(v) for name, v in re.findall(r'([\w-]+)="([^"]*)"', tag)}, "text": text}


def field_label(page: str, field: str) -> str:
    return re.search(rf'<label for="id_{field}">(.*?)</label>', page).group(1)


def summary(page: str, kind: str) -> str:
    """What "Who makes it" says for ``kind``, as words."""
    dd = re.search(rf'<dd data-kind="{kind}">(.*?)</dd>', page, re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", dd)).split())


def test_the_studio_says_who_will_make_the_comic_and_offers_the_authors_accounts(alice, alice_client):
    mine = account(alice, "groq", label="Fast words")
    page = alice_client.get("/studio/").content.decode()
    assert summary(page, "text") == "Built-in (offline, free)"
    assert studio_option(page, "text_provider", mine.pk)["text"] == "Fast words (Groq)"
    choose_backends(alice, text=mine.pk, image=None, safety=None)
    page = alice_client.get("/studio/").content.decode()
    assert summary(page, "text") == "Fast words (llama-3.3-70b-versatile)"


def test_each_account_offered_in_the_studio_carries_what_the_summary_would_say(alice, alice_client):
    words = account(alice, "openrouter", label="Words", api_key="sk-or-test-0001", text_model="mistralai/mistral-small")
    painter = account(alice, "replicate", api_key="r8_test_key_0001", image_model="black-forest-labs/flux-dev")
    choose_backends(alice, text=words.pk, image=None, safety=None)

    page = alice_client.get("/studio/").content.decode()

    assert studio_option(page, "text_provider", words.pk) == {
        "value": str(words.pk),
        "data-label": "Words",
        "data-model": "mistralai/mistral-small",
        "text": "Words (OpenRouter)",
    }
    painted = studio_option(page, "image_provider", painter.pk)
    assert (painted["data-label"], painted["data-model"]) == ("Replicate", "black-forest-labs/flux-dev")
    default = studio_option(page, "text_provider", "")
    assert default["text"] == "My default" and "data-label" not in default
    # Without a script the summary names the defaults; the selects say they are for this comic only.
    assert (summary(page, "text"), summary(page, "image")) == (
        "Words (mistralai/mistral-small)",
        "Built-in (offline, free)",
    )
    assert (field_label(page, "text_provider"), field_label(page, "image_provider")) == (
        "For this comic, write with",
        "For this comic, paint with",
    )
    assert page.count("Written by") == 1 and page.count("Painted by") == 1


def test_the_studio_form_can_pick_an_account_for_one_comic(alice, alice_client):
    mine = account(alice, "groq", label="Fast words")
    response = alice_client.post(
        "/studio/",
        {
            "idea": "a fox who fixes clocks",
            "kind": "comic",
            "pages": 2,
            "panels_per_page": 2,
            "style": "classic-comic",
            "layout": "grid",
            "page_size": layouts.DEFAULT_PAGE_SIZE,
            "text_provider": mine.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Comic.objects.get().providers["text"]["account"] == mine.pk


def test_the_site_page_cap_applies_to_the_api_and_the_studio(settings, alice_client):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "MAX_PAGES": 3}
    response = create(alice_client, pages=4)
    assert response.status_code == 400
    assert response.json() == {"pages": ["This site makes comics of up to 3 pages."]}
    assert create(alice_client, pages=3).status_code == 201
    studio = alice_client.post("/studio/", {"idea": "a fox", "kind": "comic", "pages": 4, "panels_per_page": 2})
    assert "This site makes comics of up to 3 pages." in studio.content.decode()


def test_make_comic_for_a_user_makes_it_with_their_accounts(alice, settings, capsys, tmp_path):
    from tests.provider_fakes.text import OpenAIChatFake

    settings.PANELCRAFT = {**settings.PANELCRAFT, "PROVIDER_ALLOWED_HOSTS": ["127.0.0.1"]}
    with OpenAIChatFake(api_key="sk-cli-test-0001") as writer:
        mine = account(
            alice,
            "openai_compatible",
            label="Home",
            base_url=writer.url,
            text_model="llama3.2",
            api_key="sk-cli-test-0001",
        )
        choose_backends(alice, text=mine.pk, image=None, safety=None)
        out = tmp_path / "fox.pdf"
        call_command("make_comic", "a fox who fixes clocks", "--user", "alice", "--pages", "1", "--out", str(out))
        assert len(writer.requests) == 2, "the plan and the one page were written by alice's server"
    assert out.read_bytes().startswith(b"%PDF")
    assert Comic.objects.get().providers["text"]["account"] == mine.pk
    assert "Written by Home (llama3.2), painted by the built-in backend" in capsys.readouterr().err


def test_the_sites_safety_gate_screens_everyone_even_when_its_other_providers_are_not_shared(
    settings, alice, bob_client
):
    use_site_providers(settings, {"ENABLE_CENSORSHIP": "true", "AUTH_OPENAI_API_KEY": "sk-site-0001"}, share=False)
    comic = Comic.objects.get(pk=create(bob_client).json()["id"])
    assert comic.providers["safety"] == {
        "source": "site",
        "backend": "openai",
        "model": "omni-moderation-latest",
        "label": "OpenAI (site)",
    }
    # A user's own safety account does not take the site's gate away.
    own = account(alice, "groq")
    choose_backends(alice, text=None, image=None, safety=own.pk)
    from tests.conftest import client_for

    alices = Comic.objects.get(pk=create(client_for(alice)).json()["id"])
    assert alices.providers["safety"]["source"] == "site"


def test_an_openai_account_checking_safety_is_shown_with_the_moderation_model(alice, alice_client):
    mine = account(alice, "openai", api_key="sk-test-key-0001")
    choose_backends(alice, text=mine.pk, image=None, safety=mine.pk)
    comic = Comic.objects.get(pk=create(alice_client).json()["id"])
    assert (comic.providers["text"]["model"], comic.providers["safety"]["model"]) == (
        "gpt-4o-mini",
        "omni-moderation-latest",
    )


def test_the_site_page_cap_applies_to_the_default_page_count_too(settings, alice_client):
    settings.PANELCRAFT = {**settings.PANELCRAFT, "MAX_PAGES": 2}
    response = create(alice_client)  # no "pages": the default of 4 is over the cap
    assert response.status_code == 400
    assert response.json() == {"pages": ["This site makes comics of up to 2 pages."]}
    assert 'name="pages" value="2"' in alice_client.get("/studio/").content.decode()


def test_an_account_changed_to_a_provider_that_cannot_write_stops_its_comic_with_a_reason(alice, make_comic):
    from comics.pipeline import run_job

    mine = account(alice, "groq", label="Words")
    _comic, job = make_comic(alice, text_provider=mine.pk)
    mine.provider, mine.base_url = "replicate", ""
    mine.set_api_key("r8_test_key_0002")
    mine.save()
    job = run_job(job.pk)
    assert job.status == "failed"
    assert "“Words” is now a Replicate account, which cannot write text" in job.error


def test_two_comics_on_one_account_share_its_slots_and_other_accounts_have_their_own(
    alice, settings, make_comic, monkeypatch
):
    import threading

    from comics import providers
    from comics import slots as slot_tables
    from comics.metering import UsageMeter

    monkeypatch.setattr(slot_tables, "_local", {})  # this process's slots, fresh for this test
    settings.PANELCRAFT = {**settings.PANELCRAFT, "PROVIDER_CONCURRENCY": 2}
    shared = account(alice, "groq")
    other = account(alice, "openrouter", api_key="sk-or-test-0001")
    first, _ = make_comic(alice, text_provider=shared.pk)
    second, _ = make_comic(alice, idea="a robot learns to paint", text_provider=shared.pk)
    third, _ = make_comic(alice, idea="an owl opens a library", text_provider=other.pk)
    slots = [
        providers.build_backends(comic, stop=threading.Event(), meter=UsageMeter())["text"]._slots
        for comic in (first, second, third)
    ]
    assert slots[0] is slots[1] and slots[0] is not slots[2]
    assert [slots[0].acquire(timeout=0) for _ in range(3)] == [True, True, False], "two calls at once per account"
    assert slots[2].acquire(timeout=0)


def test_a_provider_failure_on_the_job_page_leads_to_the_settings_and_names_the_comic_by_its_idea(
    alice, alice_client, make_comic
):
    from comics.models import GenerationJob

    _comic, job = make_comic(alice, idea="a lighthouse keeper befriends a storm")
    GenerationJob.objects.filter(pk=job.pk).update(
        status="failed", error="Groq rejected the API key (401). Check it on your settings page."
    )
    page = alice_client.get(job.get_absolute_url()).content.decode()
    assert '<h1 id="job-title">“a lighthouse keeper befriends a storm”</h1>' in page
    hint = page[page.index('id="job-settings-hint"') :].split("</p>")[0]
    assert "hidden" not in hint.split(">")[0] and 'href="/accounts/providers/"' in hint
    assert "“a lighthouse keeper befriends a storm”" in alice_client.get("/shelf/").content.decode()
