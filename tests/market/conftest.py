"""Market tests never reach the network: yfinance's entry points are replaced by a fake that fails like
yfinance does offline (a curl_cffi network error, an OSError) unless a test gives it answers."""

from __future__ import annotations

import pytest
import yfinance
from django.core.cache import cache

from tests.market.fakes import FakeYahoo


@pytest.fixture(autouse=True)
def yahoo(monkeypatch, settings, tmp_path_factory) -> FakeYahoo:
    fake = FakeYahoo()
    monkeypatch.setattr(yfinance, "Ticker", fake.ticker)
    monkeypatch.setattr(yfinance, "download", fake.download)
    settings.MARKET_CACHE_DIR = tmp_path_factory.getbasetemp() / "yfinance-cache"
    settings.MARKET_LIVE = True  # the suite default is off (tests/conftest.py); here the fake answers
    settings.MARKET_TIMEOUT = 2
    cache.clear()
    return fake
