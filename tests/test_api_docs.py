"""/api/docs/ (Swagger UI) and /api/redoc/: vendored assets only, no inline script, under the CSP."""

import re

import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["api_docs", "api_redoc"])
def test_docs_load_from_the_portal_only(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "googleapis" not in html and "cdn" not in html.lower()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/' in attrs and not body.strip() for attrs, body in scripts)
    for src in re.findall(r'(?:src|href)="(/[^"]+)"', html):
        assert client.get(src).status_code == 200, src


def test_swagger_start_script_is_javascript(client, db):
    response = client.get(reverse("api_docs") + "?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/openapi.json" in response.content.decode()
