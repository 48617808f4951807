"""The comics app's endpoints; config.api_urls mounts them in the "api" namespace."""

from django.urls import path

from accounts import provider_api
from accounts.api import obtain_token

from . import api, editing_api

urlpatterns = [
    path("auth/token/", obtain_token, name="token"),
    path("providers/", provider_api.providers, name="providers"),
    path("providers/<int:account_id>/", provider_api.provider_detail, name="provider"),
    path("providers/<int:account_id>/test/", provider_api.provider_test, name="provider_test"),
    path("me/backends/", provider_api.my_backends, name="my_backends"),
    path("comics/", api.comics, name="comics"),
    path("comics/<int:comic_id>/", api.comic_detail, name="comic"),
    path("comics/<int:comic_id>/continue/", editing_api.comic_continue, name="comic_continue"),
    path("comics/<int:comic_id>/pages/order/", editing_api.page_order, name="page_order"),
    path("comics/<int:comic_id>/pages/<int:number>/", editing_api.page_delete, name="page"),
    path("comics/<int:comic_id>/pages/<int:number>/panels/<int:panel>/", editing_api.panel_edit, name="panel"),
    path(
        "comics/<int:comic_id>/pages/<int:number>/panels/<int:panel>/redraw/",
        editing_api.panel_redraw,
        name="panel_redraw",
    ),
    path(
        "comics/<int:comic_id>/pages/<int:number>/panels/<int:panel>/versions/",
        editing_api.panel_versions,
        name="panel_versions",
    ),
    path(
        "comics/<int:comic_id>/pages/<int:number>/panels/<int:panel>/versions/<int:version>/use/",
        editing_api.panel_version_use,
        name="panel_version_use",
    ),
    path("jobs/<int:job_id>/", api.job_detail, name="job"),
    path("jobs/<int:job_id>/cancel/", api.job_cancel, name="job_cancel"),
    path("jobs/<int:job_id>/retry/", api.job_retry, name="job_retry"),
]
