"""The site's icon, wherever a browser looks for it."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_site_icon_answers_at_favicon_ico(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("/img/favicon.svg")
    assert client.get(response["Location"]).status_code == 200
