from django.urls import path

from . import views

app_name = "comics"

urlpatterns = [
    path("studio/", views.studio, name="studio"),
    path("shelf/", views.shelf, name="shelf"),
    path("jobs/<int:job_id>/", views.job, name="job"),
    path("jobs/<int:job_id>/cancel/", views.job_cancel, name="job_cancel"),
    path("jobs/<int:job_id>/retry/", views.job_retry, name="job_retry"),
    path("comics/<int:comic_id>/", views.reader, name="reader"),
    path("comics/<int:comic_id>/delete/", views.comic_delete, name="delete"),
    path("comics/<int:comic_id>/publish/", views.comic_publish, name="publish"),
    path("comics/<int:comic_id>/unpublish/", views.comic_unpublish, name="unpublish"),
    path("comics/<int:comic_id>/rename/", views.comic_rename, name="rename"),
    path("comics/<int:comic_id>/cover/", views.cover, name="cover"),
    path("comics/<int:comic_id>/cover/art/", views.cover_art, name="cover_art"),
    path("comics/<int:comic_id>/pages/<int:number>/image/", views.page_image, name="page_image"),
    path("comics/<int:comic_id>/pages/<int:number>/panels/<int:panel>/art/", views.panel_art, name="panel_art"),
    path(
        "comics/<int:comic_id>/pages/<int:number>/panels/<int:panel>/versions/<int:version>/art/",
        views.panel_version_art,
        name="panel_version_art",
    ),
    path("comics/<int:comic_id>/pdf/", views.pdf, name="pdf"),
    path("comics/<int:comic_id>/download.cbz", views.download, {"export": "cbz"}, name="download_cbz"),
    path("comics/<int:comic_id>/download.epub", views.download, {"export": "epub"}, name="download_epub"),
    path("comics/<int:comic_id>/download.zip", views.download, {"export": "zip"}, name="download_zip"),
]
