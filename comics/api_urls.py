from django.urls import path

from accounts.api import obtain_token

from . import api

app_name = "api"

urlpatterns = [
    path("auth/token/", obtain_token, name="token"),
    path("comics/", api.comics, name="comics"),
    path("comics/<int:comic_id>/", api.comic_detail, name="comic"),
    path("jobs/<int:job_id>/", api.job_detail, name="job"),
    path("jobs/<int:job_id>/cancel/", api.job_cancel, name="job_cancel"),
    path("jobs/<int:job_id>/retry/", api.job_retry, name="job_retry"),
]
