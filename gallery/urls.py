from django.urls import path

from . import moderation_views, report_views, views

app_name = "gallery"

urlpatterns = [
    path("", views.gallery, name="index"),
    path("comics/<int:comic_id>/like/", views.like, name="like"),
    path("comics/<int:comic_id>/unlike/", views.unlike, name="unlike"),
    path("comics/<int:comic_id>/report/", report_views.report, name="report"),
    path("moderation/", moderation_views.queue, name="queue"),
    path("moderation/audit/", moderation_views.audit, name="audit"),
    path("moderation/people/", moderation_views.people, name="people"),
    path("moderation/comics/<int:comic_id>/<slug:action>/", moderation_views.comic_action, name="moderate_comic"),
    path("moderation/reports/<int:report_id>/<slug:action>/", moderation_views.report_action, name="moderate_report"),
    path("moderation/users/<int:user_id>/<slug:action>/", moderation_views.user_action, name="moderate_user"),
]
