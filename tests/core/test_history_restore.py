"""Back and Forward after htmx pushed a URL: the history-restore request gets the whole page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


@pytest.fixture
def signed_in(client, alice, synced_real_content):
    client.force_login(alice)
    return client


@pytest.mark.parametrize("url", ["/glossary/?q=lev", "/search/?q=current+ratio", "/review/"])
def test_a_history_restore_gets_the_full_page_and_a_plain_htmx_request_a_fragment(signed_in, url):
    fragment = signed_in.get(url, headers=HTMX)
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    restored = signed_in.get(url, headers=RESTORE)
    page = restored.content.decode()
    assert restored.status_code == 200 and "<html" in page and 'class="site-header' in page
    assert "HX-Request" in restored["Vary"]
