"""The home page promises what is here: the published tracks and the calculators; the planned tracks
are listed as coming until a track with their code is published."""

from __future__ import annotations

import re

import pytest

from learn.publishing.sync import sync_content

pytestmark = pytest.mark.django_db


def _text(html: str, testid: str) -> str:
    dd = re.search(rf'<dd data-testid="{testid}">(.*?)</dd>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", dd.group(1))) if dd else ""


def _h1(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


def test_it_promises_only_the_balance_sheet_track_and_the_calculators(client, synced_real_content):
    html = client.get("/").content.decode()
    assert _h1(html) == "Read a balance sheet."
    assert "Price a CDS" not in html and "Explain a model to a regulator" not in html
    here = _text(html, "here-now")
    assert "A. Read a balance sheet (6 lessons)" in here
    assert "CDS calculator" in here and "Basel IRB capital" in here and "Balance-sheet ratios" in here
    assert 'href="/calculators/cds/"' in html
    assert _text(html, "coming") == ("Tracks on credit risk and CDS, and on model risk and interpretability.")


def test_a_published_credit_track_leaves_the_coming_list(client, content):
    content.valid()  # track A, "Basics"
    content.track(slug="credit", code="B", order=2, title="Credit risk and CDS")
    content.lesson("hazard", track="credit", order=1, outcome="B1.1")
    assert sync_content(content.dir, root=content.root).ok
    html = client.get("/").content.decode()
    assert _h1(html) == "Read a balance sheet. Price a CDS."
    assert _text(html, "coming") == "Tracks on model risk and interpretability."
    assert "B. Credit risk and CDS (1 lesson)" in _text(html, "here-now")
