"""The gallery's answers to what ``comics`` announces."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comics.models import Comic
from comics.signals import safety_flagged

from . import moderation, visitor_cache

log = logging.getLogger(__name__)


@receiver(safety_flagged, sender=Comic, dispatch_uid="gallery.safety_report")
def queue_what_the_safety_check_stopped(sender, *, comic, what, reason="", category="", **kwargs):
    """A comic the safety check stopped arrives in the moderators' queue as a "safety" report.

    The comic has already been stopped; a failure to file the report must
    not change what its author is told, so it is logged, not raised.
    """
    try:
        moderation.file_safety_report(comic=comic, what=what, reason=reason, category=category)
    except Exception:
        log.exception("Could not file the safety report for comic %s", comic.pk)


# Forgotten once the change is committed, so no request caches the old state in between.
# What decides whether a comic is in the gallery (and how its card reads).
GALLERY_FIELDS = {"visibility", "published_at", "hidden_at", "featured_at", "title"}


@receiver(post_save, sender=Comic, dispatch_uid="gallery.comic_saved")
def forget_pages_when_a_comic_changes(sender, *, instance, created, update_fields=None, **kwargs):
    # New comics are private; the pipeline's own writes go through update() and send nothing.
    if not created and (update_fields is None or GALLERY_FIELDS & set(update_fields)):
        transaction.on_commit(visitor_cache.forget_everything)


@receiver(post_delete, sender=Comic, dispatch_uid="gallery.comic_deleted")
def forget_pages_when_a_comic_goes(sender, *, instance, **kwargs):
    if instance.is_public:
        transaction.on_commit(visitor_cache.forget_everything)


@receiver(post_save, sender=get_user_model(), dispatch_uid="gallery.user_saved")
def forget_pages_when_an_author_changes(sender, *, instance, created, update_fields=None, **kwargs):
    # A ban or unban, or a new display name on every card.
    if not created and (update_fields is None or {"banned_at", "display_name"} & set(update_fields)):
        transaction.on_commit(visitor_cache.forget_everything)
