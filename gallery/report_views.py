"""The report page: a signed-in reader tells the moderators what is wrong with a published comic."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from comics.access import get_comic_for

from . import moderation
from .forms import ReportForm
from .models import Report
from .moderation_api import ReportRateThrottle


def why_not_reportable(user, comic) -> str:
    """Why ``user`` cannot report ``comic`` at all (the page then shows this instead of the form), or ""."""
    if comic.owner_id == user.pk:
        return "This is your own comic, so there is nothing to report: you can unpublish or delete it yourself."
    if not comic.is_public or comic.is_hidden or comic.owner.is_banned:
        return "Only comics in the public gallery can be reported."
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def report(request, comic_id: int):
    comic = get_comic_for(request.user, comic_id)
    earlier = Report.objects.filter(comic=comic, reporter=request.user).first()
    refusal = why_not_reportable(request.user, comic)
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and not refusal and earlier is None and form.is_valid():
        throttle = ReportRateThrottle()
        if not throttle.allow_request(request, None):
            minutes = max(1, math.ceil((throttle.wait() or 60) / 60))
            form.add_error(
                None,
                f"You have sent many reports in a short time. Please try again in {minutes} "
                f"minute{'s' if minutes != 1 else ''}; what you typed is still here.",
            )
            status = 429
        else:
            try:
                moderation.file_report(reporter=request.user, comic=comic, **form.cleaned_data)
            except moderation.AlreadyReported:
                earlier = Report.objects.filter(comic=comic, reporter=request.user).first()
            except moderation.ModerationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Thank you. Your report is with the moderators, who will look at it.")
                return redirect(comic)
    context = {"comic": comic, "form": form, "earlier": earlier, "refusal": refusal}
    return render(request, "gallery/report.html", context, status=status)
