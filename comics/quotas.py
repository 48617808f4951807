"""How much one user may ask for: a creation rate, jobs at once, pages a day.

Users pay their providers per call and the site pays for its own, so a
runaway script (or a stuck button) must not queue a hundred comics. Three
limits, all checked before anything is created:

- a rate (``PANELCRAFT_CREATE_RATE``, DRF's scoped throttle "create"),
  shared by the studio and the API; redraws and continued stories have
  their own (``PANELCRAFT_EDIT_RATE``, "edit");
- jobs queued or running at once (``PANELCRAFT_MAX_ACTIVE_JOBS``);
- pages asked for in the last 24 hours (``PANELCRAFT_MAX_PAGES_PER_DAY``),
  charged to a ledger that outlives the comic, so deleting a comic does not
  give its pages back.

The last two are checked under a lock on the user's row inside the
creating transaction, so concurrent requests cannot all slip under the
limit: exactly the limit gets through. 0 turns a limit off.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone
from rest_framework.exceptions import APIException, Throttled
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import UserRateThrottle

from .models import GenerationJob, PageCharge

DAY = timedelta(hours=24)
# What to tell a client that has too many jobs running: jobs usually take a minute or two.
ACTIVE_RETRY_SECONDS = 60


class QuotaExceeded(Exception):
    """Over a limit: ``str(exc)`` says which in plain words, ``retry_after`` in seconds when to try again."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))


class QuotaThrottled(Throttled):
    """The API's 429 for a quota: our own sentence (it already says when) and ``Retry-After``.

    DRF's ``Throttled`` would append "Expected available in N seconds." to it.
    """

    def __init__(self, exceeded: QuotaExceeded):
        APIException.__init__(self, str(exceeded))
        self.wait = exceeded.retry_after


class CreateRateThrottle(UserRateThrottle):
    """The "create" rate, counted for new comics only (listing is free)."""

    scope = "create"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class EditRateThrottle(UserRateThrottle):
    """The "edit" rate: redraws and continued stories, paid for too, on a counter of their own.

    Apart from new comics' so that redrawing (what authors repeat most)
    never uses up the budget for making comics, and so each refusal can say
    what was counted. ``asked_for`` names what waits ("This redraw").
    """

    scope = "edit"
    asked_for: str  # each throttle below says what it holds back

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS or super().allow_request(request, view):
            return True
        wait = math.ceil(self.wait() or 1)
        raise QuotaThrottled(
            QuotaExceeded(
                f"{self.asked_for} has to wait: you have reached this site's limit of {self.num_requests} "
                f"redraws and continued stories per {describe(self.duration, one='')}. Try again in {describe(wait)}.",
                retry_after=wait,
            )
        )


class RedrawRateThrottle(EditRateThrottle):
    asked_for = "This redraw"


class ContinueRateThrottle(EditRateThrottle):
    asked_for = "Continuing the story"


def check_create_rate(request) -> None:
    """The studio's use of the API's rate: the same limit, the same counter."""
    throttle = CreateRateThrottle()
    if not throttle.allow_request(request, None):
        wait = math.ceil(throttle.wait() or 1)
        raise QuotaExceeded(
            f"You have started {throttle.num_requests} comics in the last {describe(throttle.duration, one='')}, "
            f"the most this site allows. Try again in {describe(wait)}.",
            retry_after=wait,
        )


class AccountSuspended(PermissionDenied):
    """The owner was banned meanwhile (between signing in and this request's lock): a 403."""


def check_room_for_a_job(*, owner) -> None:
    """Another queued or running job would be within the limit; call inside the transaction that queues it.

    Locks the owner's row, which serialises this user's concurrent
    creations and retries (a no-op on SQLite, whose writes are serial
    anyway) and waits for a ban being written: a banned owner queues nothing.
    """
    row = get_user_model().objects.select_for_update().only("is_active", "banned_at").get(pk=owner.pk)
    if row.banned_at is not None or not row.is_active:
        raise AccountSuspended("This account is suspended: it cannot make comics.")
    max_active = settings.PANELCRAFT["MAX_ACTIVE_JOBS"]
    if max_active:
        active = GenerationJob.objects.active().filter(comic__owner=owner).count()
        if active >= max_active:
            raise QuotaExceeded(
                f"You already have {active} comics being made, the most at once on this site. "
                "Wait for one to finish, or cancel one, then try again.",
                retry_after=ACTIVE_RETRY_SECONDS,
            )


def charge(*, owner, pages: int, now=None) -> None:
    """Reserve ``pages`` for a new comic, or raise QuotaExceeded; call inside the creating transaction."""
    now = now or timezone.now()
    check_room_for_a_job(owner=owner)
    max_pages = settings.PANELCRAFT["MAX_PAGES_PER_DAY"]
    if max_pages:
        charges = list(
            PageCharge.objects.filter(owner=owner, created_at__gt=now - DAY)
            .order_by("created_at")
            .values_list("created_at", "pages")
        )
        used = sum(count for _at, count in charges)
        if used + pages > max_pages:
            raise QuotaExceeded(
                f"You have asked for {used} of your {max_pages} pages in the last 24 hours and this one needs "
                f"{pages}. Try again in {describe(_seconds_until_room(charges, used, pages, max_pages, now))}, "
                "or make a shorter one.",
                retry_after=_seconds_until_room(charges, used, pages, max_pages, now),
            )
    PageCharge.objects.create(owner=owner, pages=pages, created_at=now)


def _seconds_until_room(charges, used: int, pages: int, limit: int, now) -> int:
    """When enough of the last day's pages age out for ``pages`` more (a day if never)."""
    if pages > limit:
        return int(DAY.total_seconds())
    for created_at, count in charges:
        used -= count
        if used + pages <= limit:
            return math.ceil((created_at + DAY - now).total_seconds())
    return int(DAY.total_seconds())


def pages_used_today(owner, *, now=None) -> int:
    since = (now or timezone.now()) - DAY
    return PageCharge.objects.filter(owner=owner, created_at__gt=since).aggregate(n=Sum("pages"))["n"] or 0


def describe(seconds: float, *, one: str = "1 ") -> str:
    """A span in words: "40 seconds", "12 minutes", "3 hours"; ``one=""`` says "hour" for one hour."""
    seconds = max(1, math.ceil(seconds))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds >= size:
            count = math.ceil(seconds / size)
            return f"{one}{unit}" if count == 1 else f"{count} {unit}s"
    raise AssertionError("unreachable")
