"""What every response carries for the browser's protection, and the rate limits of the
search page, the API and the admin's login."""

import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portal.compression import TextGZipMiddleware

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_public_pages_forbid_inline_scripts_and_styles_and_foreign_sources(client, home):
    response = client.get("/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"][0] == "'self'"
    assert all(source.startswith("'sha256-") for source in policy["script-src"][1:])
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_admin_allows_only_what_wagtail_needs_beyond_the_site_policy(client):
    policy = _directives(client.get("/admin/login/")["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]  # no hash beside it
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["connect-src"] == ["'self'"]


def test_every_response_turns_off_unused_browser_features(client, home):
    for path in ("/", "/api/v1/search/?q=dien", "/khong-co/"):
        header = client.get(path)["Permissions-Policy"]
        assert "camera=()" in header
        assert "geolocation=()" in header
        assert "microphone=()" in header
        assert "fullscreen=(self)" in header


def test_a_burst_on_the_api_gets_429_with_retry_after_in_json(client):
    statuses = [client.get("/api/v1/suggest/?q=dien").status_code for _ in range(125)]
    assert statuses[:120] == [200] * 120
    refused = client.get("/api/v1/search/?q=dien")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "thử lại sau" in refused.json()["error"]
    # Another client is not held back.
    assert client.get("/api/v1/search/?q=dien", REMOTE_ADDR="10.9.0.1").status_code == 200


def test_searching_too_fast_shows_a_vietnamese_429_page(client, home):
    for _ in range(120):
        assert client.get("/tim-kiem/?q=dien").status_code == 200
    refused = client.get("/tim-kiem/?q=dien")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "Quá nhiều yêu cầu" in refused.content.decode()


def test_guessing_admin_passwords_is_stopped_after_ten_tries(client):
    for _ in range(10):
        response = client.post("/admin/login/", {"username": "admin", "password": "sai"})
        assert response.status_code == 200  # the form again, with its error
    refused = client.post("/admin/login/", {"username": "admin", "password": "sai"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 300
    assert client.get("/admin/login/").status_code == 200  # reading the form is not limited


def test_behind_the_local_proxy_each_client_counts_apart(client):
    for _ in range(121):
        client.get("/api/v1/suggest/?q=dien", HTTP_X_REAL_IP="203.0.113.7")
    assert client.get("/api/v1/suggest/?q=dien", HTTP_X_REAL_IP="203.0.113.7").status_code == 429
    assert client.get("/api/v1/suggest/?q=dien", HTTP_X_REAL_IP="203.0.113.8").status_code == 200


def test_a_client_cannot_pick_its_address_without_the_proxy(client):
    for number in range(121):
        client.get(
            "/api/v1/suggest/?q=dien", REMOTE_ADDR="198.51.100.4", HTTP_X_REAL_IP=f"10.0.0.{number}"
        )
    refused = client.get(
        "/api/v1/suggest/?q=dien", REMOTE_ADDR="198.51.100.4", HTTP_X_REAL_IP="10.0.1.1"
    )
    assert refused.status_code == 429


def test_a_malformed_forwarded_address_counts_as_the_proxy_itself(client):
    response = client.get("/api/v1/suggest/?q=dien", HTTP_X_REAL_IP="<script>")
    assert response.status_code == 200


def test_with_the_cache_unreachable_nothing_is_limited_and_the_outage_is_logged(
    client, settings, caplog
):
    # The site's own cache configuration, pointing where nothing listens.
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/1"}
    }
    with caplog.at_level(logging.WARNING):
        statuses = {client.get("/api/v1/suggest/?q=dien").status_code for _ in range(130)}
    assert statuses == {200}
    assert "Redis unreachable" in caplog.text


def test_pages_and_json_go_out_compressed_to_browsers_that_accept_it(client, make_initiative):
    make_initiative(title="Tiết kiệm điện cho máy nén khí")
    page = client.get("/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert page["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page["Vary"]
    api = client.get("/api/v1/search/?q=dien", HTTP_ACCEPT_ENCODING="gzip")
    assert api["Content-Encoding"] == "gzip"
    plain = client.get("/", HTTP_ACCEPT_ENCODING="identity")
    assert "Content-Encoding" not in plain


def test_pictures_are_not_compressed_twice():
    request = RequestFactory().get("/media/images/x.jpg", HTTP_ACCEPT_ENCODING="gzip")
    picture = HttpResponse(b"\xff\xd8" + b"\x00" * 5000, content_type="image/jpeg")
    assert "Content-Encoding" not in TextGZipMiddleware(lambda r: picture)(request)


def test_the_one_inline_script_is_allowed_by_its_hash_and_nothing_else_is(client, home):
    import base64
    import hashlib
    import re

    response = client.get("/")
    scripts = re.findall(r"<script>(.*?)</script>", response.content.decode(), re.S)
    assert scripts == ['document.documentElement.classList.add("js");']
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", f"'sha256-{digest}'"]


def test_a_request_without_a_peer_address_is_served_and_still_limited(client):
    """As through a Unix socket, where the server gives no REMOTE_ADDR."""
    statuses = [
        client.get("/api/v1/suggest/?q=dien", REMOTE_ADDR="").status_code for _ in range(121)
    ]
    assert statuses[:120] == [200] * 120
    assert statuses[120] == 429
