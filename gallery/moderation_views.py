"""The moderators' pages: the queue (open reports, hidden and featured comics), the people, the audit log, the acts.

Every action is a POST with the CSRF token that goes through
``gallery.moderation`` and comes back to the page it was pressed on
(``next``, when it is a page of this site) with a message saying what
happened, or why nothing did.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Min, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from comics.models import Comic

from . import moderation
from .forms import ModerationReasonForm
from .models import ModerationAction, Report
from .permissions import moderator_required

QUEUE_PAGE_SIZE = 20
AUDIT_PAGE_SIZE = 50
PEOPLE_PAGE_SIZE = 30
MAX_SEARCH_LENGTH = 150

OPEN = Q(reports__status=Report.Status.OPEN)


def page_links(page):
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


# The queue's tabs: open reports (the work to do), and what moderators did that
# no other page lists, each with the button that undoes it.
QUEUE_TABS = {
    "reports": "Open reports",
    "hidden": "Hidden",
    "featured": "Featured",
}


def queue_tabs(current: str) -> list[dict]:
    return [
        {"key": key, "label": label, "query": "" if key == "reports" else f"?show={key}", "current": key == current}
        for key, label in QUEUE_TABS.items()
    ]


def reported_comics():
    """Comics with open reports, the longest-waiting first, each with its reports."""
    open_reports = Report.objects.open().select_related("reporter").order_by("created_at", "id")
    return (
        Comic.objects.annotate(
            open_count=Count("reports", filter=OPEN), waiting_since=Min("reports__created_at", filter=OPEN)
        )
        .filter(open_count__gt=0)
        .select_related("owner")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .order_by("waiting_since", "id")
    )


def mark_who_did(comics, action: str) -> None:
    """Set ``comic.done_by`` to the moderator whose latest ``action`` the audit log records, or "".

    One query for the whole page. The log keeps the name even after the
    moderator's account is gone; a comic changed outside the log (a data
    fix, an old row) simply has no name.
    """
    ids = [comic.pk for comic in comics]
    lines = (
        ModerationAction.objects.filter(target_type=ModerationAction.Target.COMIC, action=action, target_id__in=ids)
        .order_by("target_id", "-created_at", "-id")
        .values_list("target_id", "moderator_name")
    )
    latest: dict[int, str] = {}
    for target_id, name in lines:
        latest.setdefault(target_id, name)
    for comic in comics:
        comic.done_by = latest.get(comic.pk, "")


@moderator_required
def queue(request):
    """The moderators' desk: open reports by default; ``?show=hidden`` or ``?show=featured`` for the rest.

    Once hidden, a comic leaves the reports (hiding resolves them) and the
    gallery, so without the hidden tab its Unhide button would only be
    reachable by remembering the comic's address; a featured comic's
    Unfeature likewise. Each tab is one page of comics and one audit-log
    query for who did it, however many comics the page holds.
    """
    show = request.GET.get("show", "reports")
    if show not in QUEUE_TABS:
        show = "reports"
    if show == "hidden":
        comics = Comic.objects.filter(hidden_at__isnull=False).select_related("owner").order_by("-hidden_at", "-id")
    elif show == "featured":
        comics = Comic.objects.filter(featured_at__isnull=False).select_related("owner").order_by("-featured_at", "-id")
    else:
        comics = reported_comics()
    page = Paginator(comics, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    listed = list(page.object_list)
    if show == "hidden":
        mark_who_did(listed, ModerationAction.Action.HIDE)
    elif show == "featured":
        mark_who_did(listed, ModerationAction.Action.FEATURE)
    context = {
        "page": page,
        "comics": listed,
        "page_links": page_links(page),
        "show": show,
        "tabs": queue_tabs(show),
    }
    return render(request, "gallery/moderation/queue.html", context)


@moderator_required
def people(request):
    """Anyone, found by username or display name, to ban or unban; with no search, everyone banned.

    The queue only reaches the authors of reported comics: a spammer who
    only files reports, or someone whose ban should be lifted once the
    queue is empty, is found here.
    """
    query = " ".join(request.GET.get("q", "").split())[:MAX_SEARCH_LENGTH]
    users = get_user_model().objects.annotate(
        comic_count=Count("comics", distinct=True), report_count=Count("reports", distinct=True)
    )
    if query:
        users = users.filter(Q(username__icontains=query) | Q(display_name__icontains=query)).order_by("username")
    else:
        users = users.filter(banned_at__isnull=False).order_by("-banned_at", "username")
    page = Paginator(users, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "people": page.object_list, "page_links": page_links(page), "query": query}
    return render(request, "gallery/moderation/people.html", context)


@moderator_required
def audit(request):
    page = Paginator(ModerationAction.objects.all(), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "entries": page.object_list, "page_links": page_links(page)}
    return render(request, "gallery/moderation/audit.html", context)


def back(request):
    """To the page the button was on, if it is one of ours; else the queue."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("gallery:queue")


def reason_from(request) -> str | None:
    """The reason typed with the button, or None (with a message) when it cannot be used."""
    form = ModerationReasonForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["reason"]
    messages.error(request, " ".join(form.errors["reason"]))
    return None


def act(request, service, done: str, **targets):
    """Run one moderator's act and say how it went."""
    reason = reason_from(request)
    if reason is None:
        return back(request)
    try:
        service(moderator=request.user, reason=reason, **targets)
    except moderation.ModerationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return back(request)


COMIC_ACTS = {
    "hide": (moderation.hide_comic, "“{}” is hidden from the public. Its open reports are resolved."),
    "unhide": (moderation.unhide_comic, "“{}” is no longer hidden."),
    "feature": (moderation.feature_comic, "“{}” is featured on the gallery's front."),
    "unfeature": (moderation.unfeature_comic, "“{}” is no longer featured."),
}


@moderator_required
@require_POST
def comic_action(request, comic_id: int, action: str):
    if action not in COMIC_ACTS:
        raise Http404("No such action.")
    comic = get_object_or_404(Comic.objects.select_related("owner"), pk=comic_id)
    service, done = COMIC_ACTS[action]
    return act(request, service, done.format(comic.display_title), comic=comic)


@moderator_required
@require_POST
def report_action(request, report_id: int, action: str):
    services = {"resolve": moderation.resolve_report, "dismiss": moderation.dismiss_report}
    if action not in services:
        raise Http404("No such action.")
    report = get_object_or_404(Report.objects.select_related("comic"), pk=report_id)
    try:
        services[action](moderator=request.user, report=report)
    except moderation.ModerationError as exc:
        messages.error(request, str(exc))
    else:
        word = "resolved" if action == "resolve" else "dismissed"
        messages.success(request, f"The report on “{report.comic.display_title}” is {word}.")
    return back(request)


@moderator_required
@require_POST
def user_action(request, user_id: int, action: str):
    if action not in ("ban", "unban"):
        raise Http404("No such action.")
    user = get_object_or_404(get_user_model(), pk=user_id)
    reason = reason_from(request)
    if reason is None:
        return back(request)
    try:
        if action == "ban":
            ban = moderation.ban_user(moderator=request.user, user=user, reason=reason)
        else:
            moderation.unban_user(moderator=request.user, user=user, reason=reason)
    except moderation.ModerationError as exc:
        messages.error(request, str(exc))
        return back(request)
    if action == "ban":
        stopped = len(ban.cancelled_job_ids)
        jobs = f" {stopped} of their jobs {'was' if stopped == 1 else 'were'} cancelled." if stopped else ""
        messages.success(
            request, f"{user.get_username()} is banned: they can't sign in and their comics are hidden.{jobs}"
        )
    else:
        messages.success(request, f"{user.get_username()} is no longer banned.")
    return back(request)
