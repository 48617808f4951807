from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from config import health, home


def favicon(request):
    """Browsers ask for /favicon.ico wherever a response names no icon (JSON, images, PDFs)."""
    return redirect(static("img/favicon.svg"), permanent=True)


urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("", home.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("api/", include("config.api_urls")),
    path("gallery/", include("gallery.urls")),
    path("", include("comics.urls")),
    path("admin/", admin.site.urls),
]

# 400.html and 403.html are Django's own handlers' templates; these two answer /api/ in JSON too.
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
