"""What a job used and cost, in words and numbers people read: for the job page and the shelf.

The numbers come from ``comics.metering.usage_summary``; this module only
decides how they read ("1,234", "12.3 s", "about $0.0123") and which of them a
row shows (tokens for writing and checks, pictures for painting).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template

from comics.metering import usage_summary
from comics.models import ModelPrice
from comics.providers import BUILTIN, KINDS, entry_for, is_provider

register = template.Library()

KIND_NAMES = {"text": "Text", "image": "Pictures", "safety": "Safety check"}
# Below a cent, two decimals would round most text-only comics to "$0.00".
CENT = Decimal("0.01")
SMALLEST_SHOWN = Decimal("0.0001")


@register.filter
def count(value) -> str:
    """A whole number with thousands separators: 1234 -> "1,234"."""
    return f"{int(value or 0):,}"


@register.filter
def duration(value) -> str:
    """Seconds as "12.3 s", or "4 min 05 s" once past a minute."""
    seconds = float(value or 0)
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes:,} min {rest:02d} s"


@register.filter
def dollars(value) -> str:
    """An estimate in US dollars: four decimals under a cent, two from a cent up."""
    amount = Decimal(str(value or 0))
    if amount == 0:
        return "$0"
    if amount < SMALLEST_SHOWN:
        return "less than $0.0001"
    places = SMALLEST_SHOWN if amount < CENT else CENT
    return f"${amount.quantize(places, rounding=ROUND_HALF_UP):,}"


@register.filter
def estimate(value) -> str:
    """An estimated cost as a page says it: "about $0.0123", "$0", or "unknown" without a price."""
    if value is None:
        return "unknown"
    if not value:
        return "$0"
    return f"about {dollars(value)}"


def _prices(context) -> list[ModelPrice]:
    """Every price, read once per rendered template however many jobs it prices."""
    if "usage_prices" not in context.render_context:
        context.render_context["usage_prices"] = list(ModelPrice.objects.all())
    return context.render_context["usage_prices"]


def _makers(comic) -> list[dict]:
    """Who does each kind of work for ``comic``; comics from before providers name only a backend."""
    return [{"kind": kind, "name": KIND_NAMES[kind], "chosen": entry_for(comic, kind)} for kind in KINDS]


def _is_free(makers: list[dict], rows: list[dict]) -> bool:
    """Whether only built-in backends did (and do) the work, which costs nothing."""
    return all(maker["chosen"].get("source") == BUILTIN for maker in makers) and not any(
        is_provider(row["provider"]) for row in rows
    )


def _row(row: dict) -> dict:
    builtin = not is_provider(row["provider"])
    tokens = row.get("input_tokens", 0) or row.get("output_tokens", 0)
    return {
        **row,
        "kind_name": KIND_NAMES.get(row["kind"], row["kind"].capitalize()),
        "builtin": builtin,
        "name": "Built-in" if builtin else (row.get("label") or row["provider"]),
        "shows_tokens": (row["kind"] != "image" and not builtin) or bool(tokens),
        "shows_pictures": row["kind"] == "image" or bool(row.get("images", 0)),
    }


def job_usage(job, *, comic=None, prices=None) -> dict:
    """Everything the usage partial shows for ``job`` (of ``comic``, when the caller has it at hand)."""
    comic = comic or job.comic
    rows = job.usage or []
    summary = usage_summary(rows, prices=prices)
    makers = _makers(comic)
    return {
        "job": job,
        "makers": makers,
        "summary": summary,
        "rows": [_row(row) for row in summary["providers"]],
        "unpriced": list(dict.fromkeys(summary["unpriced"])),
        "free": _is_free(makers, rows),
        "active": job.is_active,
    }


@register.inclusion_tag("comics/usage.html", takes_context=True)
def usage_report(context, job) -> dict:
    """The job page's "Made with" and "Usage" blocks."""
    return job_usage(job, prices=_prices(context))


@register.simple_tag(takes_context=True)
def shelf_cost(context, comic) -> str:
    """A shelf card's short cost of the latest job: "about $0.02", "free" when built-in only, else ""."""
    job = comic.latest_job()
    if job is None:
        return ""
    usage = job_usage(job, comic=comic, prices=_prices(context))
    if usage["free"]:
        return "free"
    summary = usage["summary"]
    if not summary["providers"] or summary["unpriced"]:
        return ""
    return estimate(summary["estimated_cost"])
