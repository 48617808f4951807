import hashlib
import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags, url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from accounts.roles import is_moderator

from . import extensions, providers, publishing, quotas, reading, services
from .access import api_authentication, get_comic_for, get_job_for, get_owned_comic, get_owned_job, shelf_comics
from .downloads import attachment_disposition
from .forms import RenameForm, ShelfFilterForm, StudioForm
from .models import Comic, GenerationJob, Page, Panel

SHELF_PAGE_SIZE = 24


@login_required
def studio(request):
    form = StudioForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            quotas.check_create_rate(request)
            _comic, job = services.create_comic(owner=request.user, **form.comic_options())
        except ValidationError as exc:
            form.add_error(None, exc)  # each error on the field it names
        except quotas.QuotaExceeded as exc:
            form.add_error(None, str(exc))  # the idea stays in the form for later
        else:
            return redirect(job)
    context = {"form": form, "will_use": providers.choose_providers(request.user)}
    return render(request, "comics/studio.html", context)


@login_required
def shelf(request):
    """Every comic the user made, newest first, a page at a time, by kind and by its latest job's status."""
    filter_form = ShelfFilterForm(request.GET)
    filters = filter_form.filters()
    jobs = GenerationJob.objects.defer("events", "timings", "backends")
    comics = shelf_comics(request.user, **filters).prefetch_related(Prefetch("jobs", queryset=jobs))
    page = Paginator(comics, SHELF_PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(filters.values())
    context = {
        "comics": page.object_list,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "total": page.paginator.count,
        "filter_form": filter_form,
        "filtered": filtered,
        # Only asked when a filter matched nothing: "nothing matches" and "nothing made yet" read differently.
        "has_any": page.paginator.count > 0 or (filtered and Comic.objects.owned_by(request.user).exists()),
        "here": request.get_full_path(),
    }
    return render(request, "comics/shelf.html", context)


def job(request, job_id: int):
    job = get_job_for(request.user, job_id)
    context = {"job": job, "comic": job.comic, "made": job.artifacts()}
    return render(request, "comics/job.html", context)


@login_required
@require_POST
def job_cancel(request, job_id: int):
    job = get_owned_job(request.user, job_id)
    try:
        services.cancel_job(job=job)  # the job page itself says it was cancelled and what is kept
    except services.JobStateError as exc:
        messages.error(request, str(exc))
    return redirect(job)


@login_required
@require_POST
def job_retry(request, job_id: int):
    job = get_owned_job(request.user, job_id)
    try:
        services.retry_job(job=job)
        messages.info(request, "Resuming where it stopped.")
    except (services.JobStateError, quotas.QuotaExceeded) as exc:
        messages.error(request, str(exc))
    return redirect(job)


def reader(request, comic_id: int):
    comic = get_comic_for(request.user, comic_id, full=True)
    is_owner = comic.owner_id == request.user.id
    job = comic.latest_job() if is_owner or is_moderator(request.user) else None
    if not comic.is_finished and job is not None:
        return redirect(job)
    pages = list(comic.pages.all())
    context = {
        "comic": comic,
        "pages": pages,
        "sheets": reading.sheets(comic, pages),
        "job": job,
        "is_owner": is_owner,
        "open_to_all": comic.open_to_all,
        "share": _share_card(request, comic) if comic.open_to_all else None,
        "reader_parts": extensions.READER_PARTS,
    }
    return render(request, "comics/reader.html", context)


def _share_card(request, comic: Comic) -> dict:
    """What a link preview shows (Open Graph, Twitter): absolute URLs, since the preview is made elsewhere."""
    cover = comic.cover_url()
    return {
        "title": comic.display_title,
        "description": Truncator(" ".join(comic.idea.split())).chars(200),
        "image": request.build_absolute_uri(cover) if cover else "",
        "url": request.build_absolute_uri(comic.get_absolute_url()),
    }


def _back(request, fallback: str = "comics:shelf"):
    """Back where the form was (the shelf's page and filters), if that is a page of this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def comic_publish(request, comic_id: int):
    comic = get_owned_comic(request.user, comic_id)
    try:
        publishing.publish_comic(comic=comic)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if comic.is_hidden:  # published, yet still not public: say so once, not both
            messages.warning(
                request,
                f"“{comic.display_title}” is published, but a moderator has hidden it: "
                "only you and the moderators can read it until it is unhidden.",
            )
        else:
            messages.success(request, f"“{comic.display_title}” is published: anyone with its link can read it.")
    return _back(request)


@login_required
@require_POST
def comic_unpublish(request, comic_id: int):
    comic = get_owned_comic(request.user, comic_id)
    publishing.unpublish_comic(comic=comic)
    messages.success(request, f"“{comic.display_title}” is private again: only you can read it.")
    return _back(request)


@login_required
@require_POST
def comic_rename(request, comic_id: int):
    comic = get_owned_comic(request.user, comic_id)
    form = RenameForm(request.POST)
    if form.is_valid():
        publishing.rename_comic(comic=comic, title=form.cleaned_data["title"])
        messages.success(request, f"Renamed to “{comic.title}”.")
    else:
        messages.error(request, f"Not renamed: {' '.join(form.errors['title'])}")
    return _back(request)


@login_required
@require_POST
def comic_delete(request, comic_id: int):
    comic = get_owned_comic(request.user, comic_id)
    title = comic.display_title
    services.delete_comic(comic=comic)
    messages.success(request, f"“{title}” was deleted.")
    return _back(request)


# --- Images and the PDF: always through the reading rule, with the API's credentials too ---------

# An hour: long enough for a CDN to carry a popular comic, short enough that a comic
# a moderator hides (or its author unpublishes) leaves shared caches the same hour.
PUBLIC_CACHE = "public, max-age=3600"
PRIVATE_CACHE = "private, no-cache"


def _serve(request, comic: Comic, field, *, disposition: str | None = None):
    """A comic's file. Shared caches may keep it only while anyone at all may read the comic.

    URLs carry a version of the file, so a re-made image is never stale; a
    private one is checked again on every use, so unpublishing or hiding
    takes it away from everyone else at once. The check is cheap for a
    browser that has the file already: the file's name is its ETag, and a
    match is answered 304 without the file (after the reading rule, always).
    """
    if not field:
        raise Http404("Not made yet.")
    etag = '"' + hashlib.sha256(field.name.encode()).hexdigest()[:20] + '"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        try:
            handle = field.open("rb")
        except FileNotFoundError:
            raise Http404("Missing file.") from None
        content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        if disposition:
            response["Content-Disposition"] = disposition
    response["ETag"] = etag
    if comic.open_to_all:
        response["Cache-Control"] = PUBLIC_CACHE
    else:
        response["Cache-Control"] = PRIVATE_CACHE
        patch_vary_headers(response, ("Cookie", "Authorization"))
    return response


@api_authentication
def cover(request, comic_id: int):
    comic = get_comic_for(request.user, comic_id)
    return _serve(request, comic, comic.cover_image)


@api_authentication
def cover_art(request, comic_id: int):
    comic = get_comic_for(request.user, comic_id)
    return _serve(request, comic, comic.cover_art)


@api_authentication
def page_image(request, comic_id: int, number: int):
    comic = get_comic_for(request.user, comic_id)
    page = get_object_or_404(Page, comic=comic, index=number - 1)
    return _serve(request, comic, page.image)


@api_authentication
def panel_art(request, comic_id: int, number: int, panel: int):
    comic = get_comic_for(request.user, comic_id)
    item = get_object_or_404(Panel, page__comic=comic, page__index=number - 1, index=panel - 1)
    return _serve(request, comic, item.art)


@api_authentication
def pdf(request, comic_id: int):
    comic = get_comic_for(request.user, comic_id)
    return _serve(request, comic, comic.pdf, disposition=attachment_disposition(comic.title, "pdf"))
