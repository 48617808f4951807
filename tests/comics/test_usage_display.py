"""A comic's author sees on the job page who made it, what that used and about what it cost; the shelf, the cost."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accounts.models import ProviderAccount
from accounts.services import choose_backends, save_provider_account
from comics.models import GenerationJob, ModelPrice
from comics.pipeline import run_job
from tests.provider_fakes.text import OpenAIChatFake

pytestmark = pytest.mark.django_db

ACCOUNT = {"source": "account", "backend": "openai", "account": 1, "label": "My OpenAI"}
PROVIDERS = {
    "text": {**ACCOUNT, "model": "test-writer"},
    "image": {**ACCOUNT, "model": "test-painter"},
    "safety": {"source": "site", "backend": "openai", "model": "test-checker", "label": "OpenAI (site)"},
}


def usage_row(kind: str, model: str, **counts) -> dict:
    label = PROVIDERS[kind]["label"]
    zeros = dict.fromkeys(("calls", "failures", "input_tokens", "output_tokens", "images", "seconds"), 0)
    return {"kind": kind, "provider": "openai", "model": model, "label": label, **zeros, **counts}


TEXT_ROW = usage_row("text", "test-writer", calls=3, failures=1, input_tokens=12345, output_tokens=2345, seconds=12.34)
IMAGE_ROW = usage_row("image", "test-painter", calls=4, images=4, seconds=75.2)
SAFETY_ROW = usage_row("safety", "test-checker", calls=2, input_tokens=8000, seconds=0.4)


@pytest.fixture
def prices():
    """Per million tokens (in, out) and per picture, in dollars."""
    ModelPrice.objects.create(
        provider="openai", model="test-writer", input_per_million=Decimal("2"), output_per_million=Decimal("8")
    )
    ModelPrice.objects.create(provider="openai", model="test-painter", per_image=Decimal("0.04"))
    ModelPrice.objects.create(provider="openai", model="test-checker", input_per_million=Decimal("0.1"))


@pytest.fixture
def job_with_usage(alice, make_comic):
    """A finished job of alice's whose providers and usage are as given."""

    def make(rows: list[dict], providers: dict | None = None) -> GenerationJob:
        comic, job = make_comic(alice)
        comic.providers = PROVIDERS if providers is None else providers
        comic.save(update_fields=["providers"])
        job.status = GenerationJob.Status.SUCCEEDED
        job.progress = 100
        job.usage = rows
        job.save(update_fields=["status", "progress", "usage"])
        return job

    return make


class UsagePage(HTMLParser):
    """The usage table's rows and the "Made with" list, as text a reader (or screen reader) gets."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.total: list[str] = []
        self.makers: dict[str, str] = {}
        self.notes: list[str] = []
        self._hidden = 0
        self._stack: list[tuple[str, dict]] = []
        self._cells: list[str] | None = None
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._stack.append((tag, attrs))
        if self._hidden or attrs.get("aria-hidden") == "true":
            self._hidden += 1
        if tag == "tr":
            self._cells = []
        elif tag in ("th", "td", "dd", "p"):
            self._text = []

    def handle_endtag(self, tag):
        while self._stack:
            opened, attrs = self._stack.pop()
            if self._hidden:
                self._hidden -= 1
            if opened == tag:
                break
        text = " ".join("".join(self._text).split())
        if tag in ("th", "td") and self._cells is not None:
            self._cells.append(text)
        elif tag == "tr" and self._cells is not None:
            if attrs.get("data-kind"):
                self.rows[attrs["data-kind"]] = self._cells
            elif attrs.get("class") == "usage-total":
                self.total = self._cells
            self._cells = None
        elif tag == "dd":
            kind = next((a.get("data-kind") for t, a in reversed(self._stack) if a.get("data-kind")), None)
            if kind:
                self.makers[kind] = text
        elif tag == "p" and "usage-note" in attrs.get("class", ""):
            self.notes.append(text)

    def handle_data(self, data):
        if not self._hidden:
            self._text.append(data)


def usage_of(html: str) -> UsagePage:
    start = html.index('id="usage"')
    return UsagePage(html[html.rindex("<", 0, start) :])


COLUMNS = ("provider", "calls", "tokens_in", "tokens_out", "pictures", "time", "cost")


def cells(row: list[str]) -> dict[str, str]:
    return dict(zip(COLUMNS, row, strict=True))


def test_job_page_lists_each_providers_usage_and_cost(alice_client, prices, job_with_usage):
    job = job_with_usage([TEXT_ROW, IMAGE_ROW, SAFETY_ROW])

    page = usage_of(alice_client.get(reverse("comics:job", args=[job.pk])).content.decode())

    assert page.makers == {
        "text": "My OpenAI (test-writer)",
        "image": "My OpenAI (test-painter)",
        "safety": "OpenAI (site) (test-checker)",
    }
    text, image, safety = cells(page.rows["text"]), cells(page.rows["image"]), cells(page.rows["safety"])
    assert text["provider"] == "Text My OpenAI test-writer"
    assert (text["calls"], text["tokens_in"], text["tokens_out"]) == ("3 (1 failed)", "12,345", "2,345")
    assert (text["pictures"], text["time"]) == ("none", "12.3 s")
    # 12,345 in at $2 and 2,345 out at $8 per million: $0.04345.
    assert text["cost"] == "about $0.04"
    assert (image["tokens_in"], image["pictures"], image["time"]) == ("none", "4", "1 min 15 s")
    assert image["cost"] == "about $0.16"
    # Under a cent, four decimals: 8,000 tokens at $0.10 per million.
    assert safety["cost"] == "about $0.0008"
    assert cells(page.total) == {
        "provider": "Total",
        "calls": "9",
        "tokens_in": "20,345",
        "tokens_out": "2,345",
        "pictures": "4",
        "time": "1 min 28 s",
        "cost": "about $0.20",
    }
    assert not any("No price is known" in note for note in page.notes)


def test_a_price_edited_in_the_admin_changes_the_estimate(alice_client, prices, job_with_usage):
    job = job_with_usage([IMAGE_ROW])
    ModelPrice.objects.filter(model="test-painter").update(per_image=Decimal("0.5"))

    page = usage_of(alice_client.get(reverse("comics:job", args=[job.pk])).content.decode())

    assert cells(page.rows["image"])["cost"] == "about $2.00"


def test_a_model_without_a_price_is_named_and_left_out_of_the_total(alice_client, prices, job_with_usage):
    mystery = usage_row("image", "mystery-painter-9", calls=2, images=2, seconds=3)
    job = job_with_usage([TEXT_ROW, mystery])

    page = usage_of(alice_client.get(reverse("comics:job", args=[job.pk])).content.decode())

    assert cells(page.rows["image"])["cost"] == "unknown"
    assert cells(page.total)["cost"] == "about $0.04"
    assert page.notes == [
        "No price is known for mystery-painter-9, so the total leaves it out "
        "(free on your own server; staff can add a price)."
    ]


def test_no_estimate_when_no_model_has_a_price(alice_client, job_with_usage):
    job = job_with_usage([usage_row("text", "mystery-writer", calls=1, input_tokens=10, output_tokens=5)])

    page = usage_of(alice_client.get(reverse("comics:job", args=[job.pk])).content.decode())

    assert cells(page.total)["cost"] == "unknown"
    assert page.notes == ["No price is known for mystery-writer (free on your own server; staff can add a price)."]


def test_a_built_in_comic_says_it_cost_nothing(alice_client, finished_comic):
    job = finished_comic.latest_job()

    html = alice_client.get(reverse("comics:job", args=[job.pk])).content.decode()
    page = usage_of(html)

    assert set(page.makers.values()) == {"Built-in (offline, free)"}
    assert page.rows, "the built-in backends' calls are listed too"
    assert all(cells(row)["cost"] == "free" for row in page.rows.values())
    assert cells(page.total)["cost"] == "free"
    assert page.notes == ["Built-in tools only: this comic cost nothing."]
    assert "$" not in html[html.index('id="usage"') :]


def test_a_running_job_shows_its_usage_so_far(alice_client, prices, job_with_usage):
    job = job_with_usage([TEXT_ROW])
    job.status = GenerationJob.Status.RUNNING
    job.save(update_fields=["status"])

    html = alice_client.get(reverse("comics:job", args=[job.pk])).content.decode()
    page = usage_of(html)

    assert "Being made with" in html
    assert cells(page.total)["provider"] == "Total so far"
    assert cells(page.rows["text"])["tokens_in"] == "12,345"


def test_a_stranger_sees_none_of_it(alice_client, bob_client, prices, job_with_usage):
    job = job_with_usage([TEXT_ROW, IMAGE_ROW])
    url = reverse("comics:job", args=[job.pk])
    assert "12,345" in alice_client.get(url).content.decode()

    response = bob_client.get(url)

    assert response.status_code == 404
    body = response.content.decode()
    for leak in ("12,345", "My OpenAI", "test-writer", "$0.", "Usage"):
        assert leak not in body


@pytest.fixture
def starting_prices():
    """The prices a new site starts with (a migration's); made again after a transactional test's flush."""
    from importlib import import_module

    from django.apps import apps

    import_module("comics.migrations.0004_starting_prices").add_prices(apps, None)


def test_usage_of_a_real_run_through_a_provider_account(alice, alice_client, settings, make_comic, starting_prices):
    """The numbers on the page are the ones the run counted, priced by the model the account uses."""
    settings.PANELCRAFT = {**settings.PANELCRAFT, "PROVIDER_ALLOWED_HOSTS": ["127.0.0.1"]}
    with OpenAIChatFake(api_key="gsk-test-1") as fake:
        account = save_provider_account(
            ProviderAccount(owner=alice),
            provider="groq",
            label="Team Groq",
            base_url=fake.url,
            text_model="",
            image_model="",
            api_key="gsk-test-1",
        )
        choose_backends(alice, text=account.pk, image=None, safety=None)
        _comic, job = make_comic(alice)
        job = run_job(job.pk)
    assert job.status == GenerationJob.Status.SUCCEEDED, job.error
    counted = next(row for row in job.usage if row["kind"] == "text")
    price = ModelPrice.objects.for_model("groq", counted["model"])
    assert price is not None, "the seeded prices cover Groq's default model"

    page = usage_of(alice_client.get(reverse("comics:job", args=[job.pk])).content.decode())

    assert page.makers["text"] == f"Team Groq ({account.effective_text_model})"
    text = cells(page.rows["text"])
    assert text["provider"].startswith("Text Team Groq")
    assert text["calls"] == f"{counted['calls']:,}"
    assert text["tokens_in"] == f"{counted['input_tokens']:,}" != "0"
    assert text["tokens_out"] == f"{counted['output_tokens']:,}" != "0"
    assert re.fullmatch(r"about \$0\.\d{4}", text["cost"]), text["cost"]
    assert cells(page.rows["image"])["cost"] == "free"


# --- The shelf ----------------------------------------------------------------------


def shelf_costs(html: str) -> dict[int, str]:
    """Each card's comic id and its short cost ("" when the card shows none)."""
    costs = {}
    for card in re.finditer(r'<li class="shelf-card[^"]*" data-comic="(\d+)">(.*?)</li>', html, re.S):
        found = re.search(r'<span class="shelf-cost"[^>]*>(.*?)</span>\s*$', card.group(2).split("</p>")[0], re.S)
        text = re.sub(r"<[^>]+>", "", found.group(1)) if found else ""
        costs[int(card.group(1))] = " ".join(text.replace("Cost:", "").split())
    return costs


def test_shelf_cards_show_a_short_cost_without_a_query_each(
    alice_client, prices, job_with_usage, django_assert_max_num_queries
):
    priced = [job_with_usage([TEXT_ROW, IMAGE_ROW]).comic_id for _ in range(4)]
    builtin = [
        job_with_usage([{**TEXT_ROW, "provider": "builtin", "model": "builtin-storyteller-1"}], providers={}).comic_id
        for _ in range(3)
    ]
    unknown = [job_with_usage([usage_row("text", "mystery-writer", calls=1)]).comic_id for _ in range(3)]

    # Session, user, the count, comics, their jobs, the prices and the nav's two permission lookups:
    # the same for 10 cards as for one.
    with django_assert_max_num_queries(8):
        html = alice_client.get(reverse("comics:shelf")).content.decode()

    costs = shelf_costs(html)
    assert {comic_id: costs[comic_id] for comic_id in priced} == dict.fromkeys(priced, "about $0.20")
    assert {comic_id: costs[comic_id] for comic_id in builtin} == dict.fromkeys(builtin, "free")
    assert {comic_id: costs[comic_id] for comic_id in unknown} == dict.fromkeys(unknown, "")


def test_the_job_api_reads_the_price_table_once_however_many_providers_a_job_used(alice, alice_client, make_comic):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_with(rows: int) -> int:
        _comic, job = make_comic(alice)
        usage = [
            {"kind": "image", "provider": "replicate", "model": f"painter-{n}", "label": "", "calls": 1, "images": 1}
            for n in range(rows)
        ]
        GenerationJob.objects.filter(pk=job.pk).update(usage=usage)
        with CaptureQueriesContext(connection) as captured:
            assert alice_client.get(f"/api/jobs/{job.pk}/").status_code == 200
        return len(captured)

    assert queries_with(6) == queries_with(1)
