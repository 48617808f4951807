"""What a job's provider calls used, and how many may be in flight at once.

Each backend of a run is wrapped twice: ``Limited`` holds one of its
provider's slots (``comics.slots``) while a call is in flight, so two jobs on
one key share its ``PROVIDER_CONCURRENCY``; ``Metered`` counts the call into the run's
``UsageMeter``. The meter's rows are stored on the job (``GenerationJob.usage``)
and priced when shown (``usage_summary``), so a price edited in the admin
applies to every job.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from accounts import provider_catalog
from renderers.base import ImageRequest, TextRequest
from renderers.net import ProviderCancelled

#: The counters of one row; every row also has kind, provider, model and label.
COUNTERS = ("calls", "failures", "input_tokens", "output_tokens", "images", "seconds")


class UsageMeter:
    """Rows of usage per (kind, provider, model), added to by many threads at once."""

    def __init__(self, rows: list[dict] | None = None):
        self._lock = threading.Lock()
        self._rows: dict[tuple[str, str, str], dict] = {}
        for row in rows or []:
            self._rows[(row["kind"], row["provider"], row["model"])] = {**row}

    def add(self, *, kind: str, provider: str, model: str, label: str = "", **counts: float) -> None:
        with self._lock:
            row = self._rows.setdefault(
                (kind, provider, model),
                {"kind": kind, "provider": provider, "model": model, "label": label, **dict.fromkeys(COUNTERS, 0)},
            )
            for name, value in counts.items():
                row[name] = round(row.get(name, 0) + value, 3)

    def rows(self) -> list[dict]:
        with self._lock:
            return [dict(row) for row in self._rows.values()]


class _Wrapper:
    """A backend seen through ``around``: each of its calls (text, picture, safety check) goes through it."""

    def __init__(self, backend: Any):
        self._backend = backend
        self.name = backend.name

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)

    def around(self, call: Callable[[], Any], *, kind_of_call: str) -> Any:
        raise NotImplementedError

    def complete_json(self, request: TextRequest):
        return self.around(lambda: self._backend.complete_json(request), kind_of_call="text")

    def paint(self, request: ImageRequest):
        return self.around(lambda: self._backend.paint(request), kind_of_call="image")

    def screen(self, text: str):
        return self.around(lambda: self._backend.screen(text), kind_of_call="safety")


class Metered(_Wrapper):
    """A backend whose every call is counted: one call, its tokens or image, its seconds."""

    def __init__(self, backend: Any, meter: UsageMeter, *, kind: str, provider: str, label: str = ""):
        super().__init__(backend)
        self._meter = meter
        self._row = {"kind": kind, "provider": provider, "label": label}

    def around(self, call: Callable[[], Any], *, kind_of_call: str) -> Any:
        started = time.monotonic()
        model = getattr(self._backend, "model", "") or ""
        try:
            result = call()
        except ProviderCancelled:
            raise  # the job stopped it: not a call the provider answered
        except Exception:
            self._meter.add(**self._row, model=model, calls=1, failures=1, seconds=time.monotonic() - started)
            raise
        counts = {"images": 1} if kind_of_call == "image" else _tokens(result)
        model = getattr(result, "model", "") or model
        self._meter.add(**self._row, model=model, calls=1, seconds=time.monotonic() - started, **counts)
        return result


def _tokens(result: Any) -> dict:
    usage = getattr(result, "usage", None) or {}
    return {name: int(usage[name]) for name in ("input_tokens", "output_tokens") if isinstance(usage.get(name), int)}


class Limited(_Wrapper):
    """A backend that waits for one of its provider's slots before each call.

    Slots are per provider account (or site provider), shared by every job
    (``comics.slots``); the wait ends at once when the run is told to stop.
    """

    def __init__(self, backend: Any, slots, stop: threading.Event):
        super().__init__(backend)
        self._slots = slots
        self._stop = stop

    def around(self, call: Callable[[], Any], *, kind_of_call: str) -> Any:
        while not self._slots.acquire(timeout=0.25):
            if self._stop.is_set():
                raise ProviderCancelled(self.name)
        try:
            return call()
        finally:
            self._slots.release()


def usage_summary(rows: list[dict], *, prices: Iterable[Any] | None = None) -> dict:
    """The job's usage with estimated costs from the price table.

    ``estimated_cost`` is None when no used model has a price (built-in
    backends are free and count as priced); ``unpriced`` lists the models
    without one, so a page can say the estimate leaves them out.

    ``prices``, every ``ModelPrice`` read once, lets a page listing many jobs
    (the shelf) price them all without a query per job; without it the table
    is read once here.
    """
    from .models import ModelPrice, best_price

    if prices is None:
        prices = list(ModelPrice.objects.all())

    providers = []
    total = Decimal(0)
    unpriced: list[str] = []
    priced_any = False
    for row in rows:
        cost: Decimal | None
        if row["provider"] not in provider_catalog.PROVIDERS:  # the built-in (offline) backends
            cost = Decimal(0)
        else:
            price = best_price(prices, row["provider"], row["model"])
            cost = None
            if price is not None:
                cost = price.cost(
                    input_tokens=row.get("input_tokens", 0),
                    output_tokens=row.get("output_tokens", 0),
                    images=row.get("images", 0),
                    calls=row.get("calls", 0) - row.get("failures", 0),
                )
        if cost is None:
            unpriced.append(row["model"] or row["provider"])
        else:
            priced_any = True
            total += cost
        providers.append({**row, "estimated_cost": None if cost is None else float(round(cost, 4))})
    totals = {name: round(sum(row.get(name, 0) for row in rows), 3) for name in COUNTERS}
    return {
        "providers": providers,
        **totals,
        "estimated_cost": float(round(total, 4)) if priced_any or not rows else None,
        "currency": "USD",
        "unpriced": unpriced,
    }
