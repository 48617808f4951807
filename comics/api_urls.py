"""The comics app's endpoints; config.api_urls mounts them in the "api" namespace."""

from django.urls import path

from accounts import provider_api
from accounts.api import obtain_token

from . import api

urlpatterns = [
    path("auth/token/", obtain_token, name="token"),
    path("providers/", provider_api.providers, name="providers"),
    path("providers/<int:account_id>/", provider_api.provider_detail, name="provider"),
    path("providers/<int:account_id>/test/", provider_api.provider_test, name="provider_test"),
    path("me/backends/", provider_api.my_backends, name="my_backends"),
    path("comics/", api.comics, name="comics"),
    path("comics/<int:comic_id>/", api.comic_detail, name="comic"),
    path("jobs/<int:job_id>/", api.job_detail, name="job"),
    path("jobs/<int:job_id>/cancel/", api.job_cancel, name="job_cancel"),
    path("jobs/<int:job_id>/retry/", api.job_retry, name="job_retry"),
]
