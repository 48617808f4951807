"""Reports and the moderators' acts: one service per act, each writing its audit line in the same transaction.

Pages, the API and the admin all call these, so the rules and their words
live in one place. Who may call the moderators' services is checked by the
callers (``gallery.permissions``) and once more here, so no path around the
pages can act without the permission.

Two kinds of refusal, both with a message a person can act on:
``Refused`` (the request itself cannot be done: your own comic, yourself,
no reason given; the API answers 400) and ``Conflict`` (the current state
does not allow it: already reported, already hidden, not open; 409).

Hiding a comic also resolves its open reports (each with its own audit
line): the moderator has dealt with what they said, and the queue, which
lists open reports, stops showing a comic that is already out of sight.
Unhiding does not reopen them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator

from accounts.roles import is_moderator
from comics.models import Comic, GenerationJob
from comics.services import JobStateError, cancel_job
from renderers.safety_gate import UNAVAILABLE

from .models import ModerationAction, Report

MAX_DETAIL_LENGTH = Report._meta.get_field("detail").max_length
MAX_HIDDEN_REASON_LENGTH = Comic._meta.get_field("hidden_reason").max_length
MAX_BAN_REASON_LENGTH = get_user_model()._meta.get_field("ban_reason").max_length
MAX_LABEL_LENGTH = ModerationAction._meta.get_field("target_label").max_length

Action = ModerationAction.Action
Target = ModerationAction.Target


class ModerationError(Exception):
    """A report or a moderator's act that cannot be done; ``str(exc)`` says why in plain words."""


class Refused(ModerationError):
    """The request cannot be done whatever the state: your own comic, yourself, no reason."""


class Conflict(ModerationError):
    """The current state does not allow it: already done, or no longer open."""


class AlreadyReported(Conflict):
    """The same reader reported the same comic before (the database holds one report per reader and comic)."""

    def __init__(self, message: str = "You have already reported this comic; a moderator will look at it."):
        super().__init__(message)


# --- Readers' reports -----------------------------------------------------------------


def file_report(*, reporter, comic: Comic, reason: str, detail: str = "") -> Report:
    """A signed-in reader's report on a comic in the gallery: one per reader and comic.

    Only published comics can be reported (what is not public is nobody
    else's to report), and never your own. A second report by the same
    reader is ``AlreadyReported``, also when two arrive at once and the
    unique constraint is what stops the second.
    """
    if comic.owner_id == reporter.pk:
        raise Refused("You can't report your own comic.")
    if reason not in Report.Reason.values:
        raise Refused("Choose one of the reasons: " + ", ".join(Report.Reason.values) + ".")
    detail = (detail or "").strip()
    if len(detail) > MAX_DETAIL_LENGTH:
        raise Refused(f"Keep the detail under {MAX_DETAIL_LENGTH} characters.")
    if not Comic.objects.published().filter(pk=comic.pk).exists():
        raise Refused("Only comics in the public gallery can be reported.")
    if already_reported(reporter=reporter, comic=comic):
        raise AlreadyReported()
    try:
        with transaction.atomic():
            return Report.objects.create(
                comic=comic, reporter=reporter, source=Report.Source.READER, reason=reason, detail=detail
            )
    except IntegrityError:
        raise AlreadyReported() from None


def already_reported(*, reporter, comic: Comic) -> bool:
    """Asked first for a plain answer; the unique constraint still decides when two reports race."""
    return Report.objects.filter(comic=comic, reporter=reporter).exists()


# The safety check's categories (each backend has its own words) as a report's reason.
_CATEGORY_REASONS = (
    (("sexual",), Report.Reason.SEXUAL),
    (("violen", "weapon"), Report.Reason.VIOLENCE),
    (("hate",), Report.Reason.HATE),
    (("harass",), Report.Reason.HARASSMENT),
)


def reason_for_category(category: str) -> str:
    """``sexual_minors`` -> sexual, ``weapons_of_mass_harm`` -> violence ...; anything else is "other"."""
    slug = (category or "").lower()
    for fragments, reason in _CATEGORY_REASONS:
        if any(fragment in slug for fragment in fragments):
            return reason
    return Report.Reason.OTHER


@transaction.atomic
def file_safety_report(*, comic: Comic, what: str, reason: str, category: str) -> Report | None:
    """Put a comic the safety check stopped into the moderators' queue.

    At most one open safety report per comic: a run that stops on several
    pictures, or a retry that stops again, adds nothing while one is open.
    A check that could not be reached (and so stopped the comic without
    judging it) is no reason to look at the comic: nothing is filed.
    """
    if category == UNAVAILABLE:
        return None
    list(Comic.objects.select_for_update().filter(pk=comic.pk).values_list("pk"))  # one filer at a time per comic
    if Report.objects.open().filter(comic=comic, source=Report.Source.SAFETY).exists():
        return None
    detail = f"The safety check stopped {what}: {reason or 'no reason given'}"
    if category:
        detail += f" (category: {category})"
    return Report.objects.create(
        comic=comic,
        reporter=None,
        source=Report.Source.SAFETY,
        reason=reason_for_category(category),
        detail=Truncator(detail).chars(MAX_DETAIL_LENGTH),
    )


# --- The moderators' acts ---------------------------------------------------------------


def _require_moderator(moderator) -> None:
    if not is_moderator(moderator):
        raise PermissionDenied("Only moderators can do this.")


def reason_missing(what: str) -> str:
    """What a moderator is told who hides or bans without a reason (the service and the API say the same)."""
    return f"Say why you are {what}: the reason is kept in the audit log."


def _required_reason(reason: str, *, max_length: int, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused(reason_missing(what))
    if len(reason) > max_length:
        raise Refused(f"Keep the reason under {max_length} characters.")
    return reason


def _label(text: str) -> str:
    return Truncator(text).chars(MAX_LABEL_LENGTH)


def comic_label(comic: Comic) -> str:
    return _label(f"{comic.display_title} (#{comic.pk})")


def report_label(report: Report) -> str:
    return _label(f"{report.get_reason_display()} report #{report.pk} on {report.comic.display_title}")


def user_label(user) -> str:
    return _label(user.get_username())


def _log(*, moderator, action: str, target_type: str, target_id: int, target_label: str, reason: str = ""):
    return ModerationAction.objects.create(
        moderator=moderator,
        moderator_name=moderator.get_username(),
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        reason=reason,
    )


def _locked_comic(comic: Comic) -> Comic:
    """The comic's row, locked until the transaction ends, so two moderators never undo each other."""
    return Comic.objects.select_for_update().get(pk=comic.pk)


def _copy_state(target, source, fields: tuple[str, ...]) -> None:
    for name in fields:
        setattr(target, name, getattr(source, name))


def _change_comic(*, moderator, comic: Comic, row: Comic, action: str, reason: str = "", **changes) -> Comic:
    """Write ``changes`` to the locked ``row``, log the act, and show the caller's ``comic`` the new state."""
    for name, value in changes.items():
        setattr(row, name, value)
    fields = (*changes, "updated_at")
    row.save(update_fields=fields)
    _log(
        moderator=moderator,
        action=action,
        target_type=Target.COMIC,
        target_id=row.pk,
        target_label=comic_label(row),
        reason=(reason or "").strip(),
    )
    _copy_state(comic, row, fields)
    return comic


@transaction.atomic
def resolve_report(*, moderator, report: Report) -> Report:
    """Close an open report as acted upon."""
    return _close_report(moderator=moderator, report=report, status=Report.Status.RESOLVED, action=Action.RESOLVE)


@transaction.atomic
def dismiss_report(*, moderator, report: Report) -> Report:
    """Close an open report as needing nothing done."""
    return _close_report(moderator=moderator, report=report, status=Report.Status.DISMISSED, action=Action.DISMISS)


def _close_report(*, moderator, report: Report, status: str, action: str) -> Report:
    _require_moderator(moderator)
    row = Report.objects.select_for_update().select_related("comic").get(pk=report.pk)
    if row.status != Report.Status.OPEN:
        raise Conflict(f"This report is already {row.get_status_display().lower()}.")
    row.status, row.handled_by, row.handled_at = status, moderator, timezone.now()
    row.save(update_fields=["status", "handled_by", "handled_at"])
    _log(
        moderator=moderator,
        action=action,
        target_type=Target.REPORT,
        target_id=row.pk,
        target_label=report_label(row),
    )
    _copy_state(report, row, ("status", "handled_by", "handled_at"))
    return report


@transaction.atomic
def hide_comic(*, moderator, comic: Comic, reason: str) -> Comic:
    """Take a comic out of the gallery and its public URLs; its owner still reads it and sees why.

    A hidden comic is no longer featured, and its open reports are resolved
    (see the module's docstring).
    """
    _require_moderator(moderator)
    reason = _required_reason(reason, max_length=MAX_HIDDEN_REASON_LENGTH, what="hiding it")
    row = _locked_comic(comic)
    if row.is_hidden:
        raise Conflict("This comic is already hidden.")
    now = timezone.now()
    _change_comic(
        moderator=moderator,
        comic=comic,
        row=row,
        action=Action.HIDE,
        reason=reason,
        hidden_at=now,
        hidden_reason=reason,
        featured_at=None,
    )
    open_reports = list(Report.objects.open().filter(comic=row).select_for_update())
    Report.objects.filter(pk__in=[r.pk for r in open_reports]).update(
        status=Report.Status.RESOLVED, handled_by=moderator, handled_at=now
    )
    ModerationAction.objects.bulk_create(
        ModerationAction(
            moderator=moderator,
            moderator_name=moderator.get_username(),
            action=Action.RESOLVE,
            target_type=Target.REPORT,
            target_id=report.pk,
            target_label=_label(f"{report.get_reason_display()} report #{report.pk} on {row.display_title}"),
            reason="Resolved by hiding the comic.",
        )
        for report in open_reports
    )
    return comic


@transaction.atomic
def unhide_comic(*, moderator, comic: Comic, reason: str = "") -> Comic:
    """Put a hidden comic back where its author left it (public again if it was published)."""
    _require_moderator(moderator)
    row = _locked_comic(comic)
    if not row.is_hidden:
        raise Conflict("This comic is not hidden.")
    return _change_comic(
        moderator=moderator, comic=comic, row=row, action=Action.UNHIDE, reason=reason, hidden_at=None, hidden_reason=""
    )


@transaction.atomic
def feature_comic(*, moderator, comic: Comic, reason: str = "") -> Comic:
    """Put a comic in the gallery's featured row: only one the public can read."""
    _require_moderator(moderator)
    row = _locked_comic(comic)
    if row.is_featured:
        raise Conflict("This comic is already featured.")
    if not Comic.objects.published().filter(pk=row.pk).exists():
        raise Conflict("Only a published comic that is not hidden can be featured.")
    return _change_comic(
        moderator=moderator, comic=comic, row=row, action=Action.FEATURE, reason=reason, featured_at=timezone.now()
    )


@transaction.atomic
def unfeature_comic(*, moderator, comic: Comic, reason: str = "") -> Comic:
    _require_moderator(moderator)
    row = _locked_comic(comic)
    if not row.is_featured:
        raise Conflict("This comic is not featured.")
    return _change_comic(
        moderator=moderator, comic=comic, row=row, action=Action.UNFEATURE, reason=reason, featured_at=None
    )


@dataclass
class Ban:
    """What a ban did: the user (now banned) and the jobs of theirs it stopped."""

    user: object
    cancelled_job_ids: list[int] = field(default_factory=list)


@transaction.atomic
def ban_user(*, moderator, user, reason: str) -> Ban:
    """Suspend an account: no sign-in, no token, no public comics, no work in progress.

    Clearing ``is_active`` is what refuses the user's session and token on
    their next request (Django's and DRF's authentication both check it);
    their published comics leave the public by the readability rule; their
    queued and running jobs are cancelled (a running pipeline notices
    before its next save). Nothing of theirs is deleted, so an unban
    restores everything but the cancelled jobs, which they may retry.
    """
    _require_moderator(moderator)
    reason = _required_reason(reason, max_length=MAX_BAN_REASON_LENGTH, what="banning them")
    if user.pk == moderator.pk:
        raise Refused("You can't ban yourself.")
    row = get_user_model().objects.select_for_update().get(pk=user.pk)
    if row.is_superuser:
        raise Refused("A superuser can't be banned; take away their superuser status first.")
    if row.is_banned:
        raise Conflict("This user is already banned.")
    row.banned_at, row.ban_reason, row.is_active = timezone.now(), reason, False
    row.save(update_fields=["banned_at", "ban_reason", "is_active"])
    _log(
        moderator=moderator,
        action=Action.BAN,
        target_type=Target.USER,
        target_id=row.pk,
        target_label=user_label(row),
        reason=reason,
    )
    cancelled = []
    for job in GenerationJob.objects.active().filter(comic__owner=row).order_by("pk"):
        try:
            cancel_job(job=job)
        except JobStateError:
            continue  # it finished meanwhile
        cancelled.append(job.pk)
    _copy_state(user, row, ("banned_at", "ban_reason", "is_active"))
    return Ban(user=user, cancelled_job_ids=cancelled)


@transaction.atomic
def unban_user(*, moderator, user, reason: str = ""):
    """Lift a ban: the account signs in again and its published comics are public again."""
    _require_moderator(moderator)
    row = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not row.is_banned:
        raise Conflict("This user is not banned.")
    row.banned_at, row.ban_reason, row.is_active = None, "", True
    row.save(update_fields=["banned_at", "ban_reason", "is_active"])
    _log(
        moderator=moderator,
        action=Action.UNBAN,
        target_type=Target.USER,
        target_id=row.pk,
        target_label=user_label(row),
        reason=(reason or "").strip(),
    )
    _copy_state(user, row, ("banned_at", "ban_reason", "is_active"))
    return user
