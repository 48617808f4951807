"""Every API endpoint under /api/, in the one "api" namespace.

Here, above the apps, because ``comics`` may not import ``gallery``: each
app lists its own endpoints and this module puts them side by side.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from comics import api_urls as comics_api
from gallery import api_urls as gallery_api

app_name = "api"

urlpatterns = [
    *comics_api.urlpatterns,
    *gallery_api.urlpatterns,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
