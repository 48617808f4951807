from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from config import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("accounts/", include("accounts.urls")),
    path("api/", include("comics.api_urls")),
    path("", include("comics.urls")),
    path("admin/", admin.site.urls),
]
