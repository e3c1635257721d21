"""On a phone the header takes two rows at most and never widens the page: the links scroll sideways in
their own box, the search widens while it has focus; every control stays reachable, signed in or not."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/", "/review/", "/dashboard/", "/lessons/accounting-equation/", "/calculators/cds/"]
MAX_HEADER_HEIGHT = 120  # px at 320-390 px: two rows (it took three, about 180 px, before)
USERNAME = "a-learner-with-a-rather-long-name"  # the worst case for the account corner


def _log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill("a-long-pass-phrase-9")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=USERNAME)).to_be_visible()


def _assert_fits(page: Page, url: str) -> None:
    page.goto(url)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, (
        f"{url}: the page is {scroll_width}px wide in a {inner_width}px window"
    )
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= MAX_HEADER_HEIGHT, f"{url}: the header is {header['height']}px tall"
    # Every header control can be brought on screen (the links by scrolling their own box), not pushed
    # off the edge of the page.
    for link in page.locator(
        ".site-header a, .site-header button, .site-header input:not([type=hidden])"
    ).all():
        link.evaluate("e => e.scrollIntoView({block: 'nearest', inline: 'nearest'})")
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= inner_width + 0.5, (
            url,
            link.inner_text(),
        )


@pytest.mark.parametrize("width", [390, 320])
def test_no_page_scrolls_sideways_on_a_phone_when_signed_in(
    live_server, synced_real_content, django_user_model, page: Page, width
):
    django_user_model.objects.create_user(USERNAME, "long@example.com", "a-long-pass-phrase-9")
    page.set_viewport_size({"width": width, "height": 844})
    _log_in(page, live_server.url)
    for path in PAGES:
        _assert_fits(page, f"{live_server.url}{path}")
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Tracks", "Review", "Dashboard", "Exams", "Glossary", "Calculators"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


@pytest.mark.parametrize("width", [390, 320])
def test_no_page_scrolls_sideways_on_a_phone_when_signed_out(
    live_server, synced_real_content, page: Page, width
):
    page.set_viewport_size({"width": width, "height": 844})
    for path in ["/", "/lessons/accounting-equation/", "/calculators/cds/", "/glossary/"]:
        _assert_fits(page, f"{live_server.url}{path}")
    expect(page.get_by_role("link", name="Sign up")).to_be_visible()


def test_the_desktop_header_stays_on_one_row(live_server, synced_real_content, django_user_model, page: Page):
    django_user_model.objects.create_user(USERNAME, "long@example.com", "a-long-pass-phrase-9")
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, live_server.url)
    _assert_fits(page, f"{live_server.url}/dashboard/")
    tops = page.evaluate(
        "['.brand', '.main-nav', '.header-search', '.account'].map(s => "
        "document.querySelector(s).getBoundingClientRect())"
        ".map(r => Math.round(r.top + r.height / 2))"
    )
    assert max(tops) - min(tops) <= 4, tops  # brand, links, search and account share one row
