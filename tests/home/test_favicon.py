"""Every page names the site's icon, and /favicon.ico (which the admin and browsers ask for) finds it."""

from __future__ import annotations

from django.contrib.staticfiles import finders


def test_it_sends_favicon_ico_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert "max-age" in response["Cache-Control"]
    icon = finders.find("favicon.ico")
    assert icon and open(icon, "rb").read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_every_page_links_the_icon(client, db):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/favicon.ico" sizes="48x48">' in html
    assert finders.find("favicon.svg")
