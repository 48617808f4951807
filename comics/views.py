import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import extensions, providers, quotas, services
from .access import get_comic_for, get_job_for, get_owned_comic, get_owned_job
from .downloads import attachment_disposition
from .forms import StudioForm
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
    jobs = GenerationJob.objects.defer("events", "timings", "backends")
    comics = Comic.objects.owned_by(request.user).prefetch_related(Prefetch("jobs", queryset=jobs))
    page = Paginator(comics, SHELF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "comics/shelf.html", {"comics": page.object_list, "page": page})


def job(request, job_id: int):
    job = get_job_for(request.user, job_id)
    context = {"job": job, "comic": job.comic, "made": job.artifacts()}
    return render(request, "comics/job.html", context)


@login_required
@require_POST
def job_cancel(request, job_id: int):
    job = get_owned_job(request.user, job_id)
    try:
        services.cancel_job(job=job)
        messages.info(request, "Cancelled. Everything made so far is kept; retry to continue.")
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
    except services.JobStateError as exc:
        messages.error(request, str(exc))
    return redirect(job)


def reader(request, comic_id: int):
    comic = get_comic_for(request.user, comic_id, full=True)
    job = comic.latest_job()
    if not comic.is_finished and job is not None:
        return redirect(job)
    context = {"comic": comic, "pages": comic.pages.all(), "job": job, "reader_parts": extensions.READER_PARTS}
    return render(request, "comics/reader.html", context)


@login_required
@require_POST
def comic_delete(request, comic_id: int):
    comic = get_owned_comic(request.user, comic_id)
    title = comic.display_title
    services.delete_comic(comic=comic)
    messages.success(request, f"“{title}” was deleted.")
    return redirect("comics:shelf")


# --- Images and the PDF: always through an access check, never public media ---------


def _serve(field, *, disposition: str | None = None):
    if not field:
        raise Http404("Not made yet.")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("Missing file.") from None
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, max-age=86400"
    return response


def cover(request, comic_id: int):
    return _serve(get_comic_for(request.user, comic_id).cover_image)


def cover_art(request, comic_id: int):
    return _serve(get_comic_for(request.user, comic_id).cover_art)


def page_image(request, comic_id: int, number: int):
    comic = get_comic_for(request.user, comic_id)
    page = get_object_or_404(Page, comic=comic, index=number - 1)
    return _serve(page.image)


def panel_art(request, comic_id: int, number: int, panel: int):
    comic = get_comic_for(request.user, comic_id)
    item = get_object_or_404(Panel, page__comic=comic, page__index=number - 1, index=panel - 1)
    return _serve(item.art)


def pdf(request, comic_id: int):
    comic = get_comic_for(request.user, comic_id)
    return _serve(comic.pdf, disposition=attachment_disposition(comic.title, "pdf"))
