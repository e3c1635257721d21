"""On a phone no lesson scrolls sideways: a wide table scrolls inside its own box, and that box shows it
(a shadow on each edge that has more to see), in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from learn.lessons.models import Lesson

pytestmark = pytest.mark.django_db(transaction=True)

# Each table in a lesson, with the box it scrolls in: itself (a Markdown table) or a wrapper (an embedded
# calculator's table).
TABLES = """() => [...document.querySelectorAll('.prose table')].map(t => {
  let scroller = t;
  while (scroller && getComputedStyle(scroller).overflowX === 'visible') scroller = scroller.parentElement;
  const box = scroller.getBoundingClientRect(), style = getComputedStyle(t);
  return {left: box.left, right: box.right, own: scroller === t,
          scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth,
          overflowX: getComputedStyle(scroller).overflowX, background: style.backgroundImage,
          attachment: style.backgroundAttachment};
})"""


def test_no_lesson_scrolls_sideways_and_wide_tables_show_they_scroll(
    live_server, synced_real_content, page: Page
):
    slugs = list(Lesson.objects.published().values_list("slug", flat=True))
    assert len(slugs) >= 6
    wide = 0
    for width in (320, 360, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for slug in slugs:
            url = f"{live_server.url}/lessons/{slug}/"
            page.goto(url)
            scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert scroll_width <= inner_width, f"{url} at {width}px: the page is {scroll_width}px wide"
            for i, table in enumerate(page.evaluate(TABLES)):
                where = f"{url} at {width}px, table {i + 1}"
                assert table["left"] >= 0 and table["right"] <= inner_width, where
                if table["scrollWidth"] > table["clientWidth"]:
                    assert table["overflowX"] == "auto", where
                if table["own"] and table["scrollWidth"] > table["clientWidth"]:
                    wide += 1
                    # The edge shadows: gradients that stay at the box's edges while covers at the ends of
                    # the content (background-attachment local) hide them once an end is reached.
                    assert "local" in table["attachment"] and "scroll" in table["attachment"], where
                    assert table["background"].count("gradient") == 4, where
    assert wide, "expected at least one table wider than a phone (lesson 1's step table)"
