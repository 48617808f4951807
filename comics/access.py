"""The one way views find a comic or job: scoped to what the user may see.

Reading follows ``Comic.objects.readable_by`` (owner, anyone once published,
moderators); changing is the owner's alone. Anything else is a 404, never a
403, so strangers cannot even learn that a private comic exists.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import Comic, GenerationJob, Page, Panel


def get_comic_for(user, comic_id: int, *, full: bool = False) -> Comic:
    queryset = Comic.objects.readable_by(user).select_related("owner")
    if full:
        queryset = queryset.prefetch_related(
            "cast",
            Prefetch(
                "pages",
                queryset=Page.objects.prefetch_related(
                    Prefetch("panels", queryset=Panel.objects.select_related("page"))
                ),
            ),
        )
    return get_object_or_404(queryset, pk=comic_id)


def get_owned_comic(user, comic_id: int) -> Comic:
    """For changes (delete): only the owner, not moderators."""
    return get_object_or_404(Comic.objects.owned_by(user), pk=comic_id)


def get_job_for(user, job_id: int) -> GenerationJob:
    return get_object_or_404(GenerationJob.objects.readable_by(user).select_related("comic"), pk=job_id)


def get_owned_job(user, job_id: int) -> GenerationJob:
    """For changes (cancel, retry): only the owner, not moderators."""
    return get_object_or_404(GenerationJob.objects.filter(comic__owner=user).select_related("comic"), pk=job_id)
