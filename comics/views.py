import hashlib
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags, url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from accounts.roles import is_moderator

from . import exports, extensions, providers, publishing, quotas, reading, services
from .access import api_authentication, get_comic_for, get_job_for, get_owned_comic, shelf_comics
from .downloads import attachment_disposition
from .forms import RenameForm, ShelfFilterForm, StudioForm, recipe_url
from .models import Comic, GenerationJob, Page, Panel, PanelVersion, versioned

SHELF_PAGE_SIZE = 24


@login_required
def studio(request):
    # A recipe link (/studio/?idea=…&kind=…) only fills the form in; making needs the POST.
    form = StudioForm(request.POST or None, user=request.user, recipe=request.GET)
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
    return _change_job(request, job_id, "cancel")  # the job page itself says it was cancelled and what is kept


@login_required
@require_POST
def job_retry(request, job_id: int):
    return _change_job(request, job_id, "retry", done="Resuming where it stopped.")


def _change_job(request, job_id: int, action: str, *, done: str = ""):
    """Back to the job page, with why nothing changed or ``done``."""
    change = services.change_job(user=request.user, job_id=job_id, action=action)
    if change.refused:
        messages.error(request, change.refused)
    elif done:
        messages.info(request, done)
    return redirect(change.job)


def reader(request, comic_id: int):
    comic = get_comic_for(request.user, comic_id, full=True)
    is_owner = comic.owner_id == request.user.id
    job = comic.latest_job() if is_owner or is_moderator(request.user) else None
    if not comic.is_finished and job is not None:
        return redirect(job)
    pages = comic.lettered_pages()
    context = {
        "comic": comic,
        "pages": pages,
        "sheets": reading.sheets(comic, pages),
        "job": job,
        "is_owner": is_owner,
        "open_to_all": comic.open_to_all,
        "share": _share_card(request, comic) if comic.open_to_all else None,
        "reader_parts": extensions.READER_PARTS,
        "downloads": _downloads(comic, pages) if comic.is_finished else [],
        # "Make one like this": for its author, and for anyone once it is public.
        "recipe_url": recipe_url(comic) if is_owner or comic.open_to_all else "",
        # Only the owner edits, and only a finished book (the API refuses everyone else too).
        "editor": reading.editor(comic) if is_owner and comic.is_finished else None,
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
    return _cached_for(comic, response, etag)


def _cached_for(comic: Comic, response, etag: str):
    """The ETag, and who may keep the answer: anyone while the comic is open to all, else this browser only."""
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
def panel_version_art(request, comic_id: int, number: int, panel: int, version: int):
    """An earlier painting of a panel: its author's alone, even once the comic is public."""
    comic = get_comic_for(request.user, comic_id)
    if comic.owner_id != request.user.pk:
        raise Http404("Only its author sees a panel's earlier paintings.")
    comic.open_to_all = False  # so never kept by a shared cache, even once the comic is public
    item = get_object_or_404(
        PanelVersion, panel__page__comic=comic, panel__page__index=number - 1, panel__index=panel - 1, number=version
    )
    return _serve(request, comic, item.art)


@api_authentication
def pdf(request, comic_id: int):
    comic = get_comic_for(request.user, comic_id)
    return _serve(request, comic, comic.pdf, disposition=attachment_disposition(comic.title, "pdf"))


# --- Downloads packaged on request: a comic book archive, an e-book, the pages in a ZIP ---------

DOWNLOAD_LABELS = {
    exports.CBZ: "Comic book (CBZ)",
    exports.EPUB: "E-book (EPUB)",
    exports.ZIP: "Pages (ZIP of PNGs)",
}


def _downloads(comic: Comic, pages: list[Page]) -> list[dict]:
    """The reader's download links after the PDF's, each carrying its package's version (see ``_serve``)."""
    version = exports.package_version(comic, pages)
    links = []
    for export, label in DOWNLOAD_LABELS.items():
        url = versioned(reverse(f"comics:download_{export}", args=[comic.pk]), version)
        links.append({"export": export, "label": label, "url": url})
    return links


def _not_ready(request, comic: Comic):
    """409: the comic is readable but not finished, so there is nothing to package yet."""
    job = comic.latest_job() if comic.owner_id == request.user.id or is_moderator(request.user) else None
    return render(request, "comics/download_not_ready.html", {"comic": comic, "job": job}, status=409)


@api_authentication
def download(request, comic_id: int, export: str):
    """A CBZ, EPUB or ZIP of the comic, by the reading rule and cached like its files.

    Packaged from the stored lettered pages each time (no image is encoded
    again); the ETag is the package's version, so a browser that has this
    version gets a 304 without any file being read.
    """
    comic = get_comic_for(request.user, comic_id, full=True)
    if not comic.is_finished:
        return _not_ready(request, comic)
    pages = comic.lettered_pages()
    etag = f'"{exports.package_version(comic, pages)}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        return _cached_for(comic, HttpResponseNotModified(), etag)
    try:
        book = exports.book_for(comic, pages, site=settings.SITE_NAME)
    except exports.NotReady:
        return _not_ready(request, comic)
    except FileNotFoundError:
        raise Http404("Missing file.") from None
    response = HttpResponse(exports.package(book, export), content_type=exports.CONTENT_TYPES[export])
    response["Content-Disposition"] = attachment_disposition(comic.title, export)
    return _cached_for(comic, response, etag)
