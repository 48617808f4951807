"""The gallery's endpoints; config.api_urls mounts them in the "api" namespace."""

from django.urls import path

from . import api, moderation_api

urlpatterns = [
    path("gallery/", api.gallery, name="gallery"),
    path("gallery/featured/", api.featured, name="gallery_featured"),
    path("comics/<int:comic_id>/like/", api.like, name="like"),
    path("comics/<int:comic_id>/report/", moderation_api.report, name="report"),
    path("moderation/reports/", moderation_api.reports, name="moderation_reports"),
    path("moderation/reports/<int:report_id>/resolve/", moderation_api.resolve_report, name="moderation_resolve"),
    path("moderation/reports/<int:report_id>/dismiss/", moderation_api.dismiss_report, name="moderation_dismiss"),
    path("moderation/comics/<int:comic_id>/hide/", moderation_api.hide_comic, name="moderation_hide"),
    path("moderation/comics/<int:comic_id>/unhide/", moderation_api.unhide_comic, name="moderation_unhide"),
    path("moderation/comics/<int:comic_id>/feature/", moderation_api.feature_comic, name="moderation_feature"),
    path("moderation/comics/<int:comic_id>/unfeature/", moderation_api.unfeature_comic, name="moderation_unfeature"),
    path("moderation/users/<int:user_id>/ban/", moderation_api.ban_user, name="moderation_ban"),
    path("moderation/users/<int:user_id>/unban/", moderation_api.unban_user, name="moderation_unban"),
    path("moderation/audit/", moderation_api.audit, name="moderation_audit"),
]
