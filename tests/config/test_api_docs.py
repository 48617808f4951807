"""The API is documented: an OpenAPI 3 schema at /api/schema/ and Swagger UI at /api/docs/."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# The shapes other programs are written against.
DOCUMENTED = {
    "/api/comics/": {"get", "post"},
    "/api/comics/{comic_id}/": {"get", "patch", "delete"},
    "/api/comics/{comic_id}/like/": {"post", "delete"},
    "/api/comics/{comic_id}/report/": {"post"},
    "/api/gallery/": {"get"},
    "/api/gallery/featured/": {"get"},
    "/api/jobs/{job_id}/": {"get"},
    "/api/moderation/reports/": {"get"},
    "/api/moderation/reports/{report_id}/resolve/": {"post"},
    "/api/moderation/reports/{report_id}/dismiss/": {"post"},
    "/api/moderation/comics/{comic_id}/hide/": {"post"},
    "/api/moderation/comics/{comic_id}/unhide/": {"post"},
    "/api/moderation/comics/{comic_id}/feature/": {"post"},
    "/api/moderation/comics/{comic_id}/unfeature/": {"post"},
    "/api/moderation/users/{user_id}/ban/": {"post"},
    "/api/moderation/users/{user_id}/unban/": {"post"},
    "/api/moderation/audit/": {"get"},
}


@pytest.fixture
def schema():
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_lists_every_endpoint_with_its_shapes_and_errors(schema):
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path, methods in DOCUMENTED.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    for path, operations in paths.items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert any(code.startswith("2") for code in codes), (method, path)
            assert codes - {"200", "201", "202", "204"}, f"{method} {path} documents no error code"


def test_the_gallery_card_and_like_shapes_are_described(schema):
    components = schema["components"]["schemas"]
    card = components["GalleryCardOutput"]["properties"]
    assert set(card) == {
        "id",
        "title",
        "author",
        "cover_url",
        "like_count",
        "liked",
        "kind",
        "style",
        "published_at",
        "url",
    }
    page = schema["paths"]["/api/gallery/"]["get"]
    assert {p["name"] for p in page["parameters"]} >= {"sort", "q", "kind", "style", "page", "page_size"}


def test_swagger_ui_is_served_from_the_site_itself():
    response = Client().get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
