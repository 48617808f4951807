from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import TemplateView

from config import health


def favicon(request):
    """Browsers ask for /favicon.ico wherever a response names no icon (JSON, images, PDFs)."""
    return redirect(static("img/favicon.svg"), permanent=True)


urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("accounts/", include("accounts.urls")),
    path("api/", include("config.api_urls")),
    path("gallery/", include("gallery.urls")),
    path("", include("comics.urls")),
    path("admin/", admin.site.urls),
]
