"""Every API endpoint under /api/, in the one "api" namespace.

Here, above the apps, because ``comics`` may not import ``gallery``: each
app lists its own endpoints and this module puts them side by side.
"""

from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from comics import api_urls as comics_api
from gallery import api_urls as gallery_api

app_name = "api"

urlpatterns = [
    *comics_api.urlpatterns,
    *gallery_api.urlpatterns,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI draws its icons as data: images and sets a few inline styles; scripts stay the site's own.
    path(
        "docs/",
        csp_update({"img-src": ["data:"], "style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
]
