"""Numbers as people type them, read one way everywhere: quiz answers and calculator forms.

Forgiving about how a number is written, strict about what it means:

* thousands separators (``,``, space, ``'`` or ``_``) only between groups of exactly three digits, one
  kind used consistently, after a first group not starting with 0: ``1,742``, ``1 742``, ``1'742`` and
  ``1_742`` are 1742, while ``0,988``, ``1,74`` or ``1,000 000`` are refused rather than guessed at (a
  European decimal comma cannot be told apart from a thousands separator);
* negatives as ``-1742``, ``−1,742`` (the Unicode minus or a dash) or ``(1,742)`` (accounting);
* exponents (``1.2e3``), a leading point (``.5``) and a leading ``+``;
* currency marks ``$``, ``US$`` and ``USD``, which carry no scale (``$62,146m`` is ``62,146m``);
* a unit after the number: ``%``, ``bp``, ``x`` (multiple), ``m`` and ``bn``, or their long forms
  (``percent``, ``basis points``, ``times``, ``million``...).

Pure Python, no Django: :func:`parse_number` never raises and returns None for anything that is not
exactly one number (a number too large for a float, ``1e999``, has the value ±inf and its exact digits:
a quiz refuses it, a calculator says it is out of range); :func:`misplaced_separator` says when the reason
is a separator in the wrong place, so a form can say so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_INPUT = 64  # longer text is not a number anyone types; refusing it keeps the regex cheap

UNIT_WORDS = {
    "%": "%", "percent": "%", "pct": "%",
    "bp": "bp", "bps": "bp", "basis point": "bp", "basis points": "bp",
    "x": "x", "×": "x", "times": "x",
    "m": "m", "mn": "m", "mm": "m", "million": "m", "millions": "m",
    "bn": "bn", "b": "bn", "billion": "bn", "billions": "bn",
}  # fmt: skip
# What each unit ``parse_number`` reports is called in a message ("..., not a percentage").
TYPED_NAMES = {
    "%": "a percentage",
    "bp": "basis points",
    "x": "a multiple",
    "m": "millions",
    "bn": "billions",
}
_UNIT = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(UNIT_WORDS, key=len, reverse=True))
_CUR = r"(?:usd|us\$|\$)"
NUMBER_RE = re.compile(
    rf"(?P<sign>[-+])?\s*(?P<cur1>{_CUR})?\s*(?P<sign2>[-+])?\s*(?P<open>\()?\s*(?P<cur2>{_CUR})?\s*"
    r"(?P<int>[1-9]\d{0,2}(?P<sep>[,' _])\d{3}(?:(?P=sep)\d{3})*|\d+)?(?P<frac>\.\d*)?(?P<exp>e[-+]?\d+)?"
    rf"\s*(?P<unit>{_UNIT})?\s*(?P<close>\))?\s*(?P<unit2>{_UNIT})?\s*(?P<cur3>{_CUR})?"
)
# Dashes and the Unicode minus read as "-"; a typographic apostrophe as "'" (a Swiss thousands separator).
MINUS_SIGNS = str.maketrans({c: "-" for c in "\u2212\u2010\u2011\u2012\u2013\u2014\ufe63"} | {"\u2019": "'"})
SEPARATOR_NAMES = {",": "comma", " ": "space", "'": "apostrophe", "_": "underscore"}
# Only digits, points and separators (at least one), as in "1,2,3" or "10 00": a grouping mistake.
_DIGITS_AND_SEPARATORS = re.compile(r"[-+]?[\d.]*[,' _][\d.,' _]*")


@dataclass(frozen=True)
class TypedNumber:
    value: float
    unit: str | None  # "%", "bp", "x", "m", "bn" or None
    digits: str  # the number as plain decimal text, sign included, e.g. "-1234.5" or "1.2e7": exact
    currency: bool = False  # written with $, US$ or USD


def normalise(text: str) -> str:
    """Compatibility forms folded (no-break and thin spaces, full-width digits), dashes as minus signs,
    runs of spaces as one, lower case."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(MINUS_SIGNS).split()).lower()


def parse_number(text: object) -> TypedNumber | None:
    """The one number in ``text`` with its unit, or None if it is not exactly one. Never raises."""
    if not isinstance(text, str):
        return None
    s = normalise(text)
    if not s or len(s) > MAX_INPUT:
        return None
    m = NUMBER_RE.fullmatch(s)
    if m is None or not (m["int"] or (m["frac"] or "").strip(".")):
        return None
    signs = [g for g in (m["sign"], m["sign2"]) if g]
    parens = bool(m["open"]) + bool(m["close"])
    currencies = sum(bool(m[g]) for g in ("cur1", "cur2", "cur3"))
    if (
        len(signs) > 1
        or parens == 1
        or (parens and signs)
        or currencies > 1
        or (m["unit"] and m["unit2"])
        or (m["unit2"] and not m["close"])
        or (m["cur2"] and not m["open"])
    ):
        return None
    digits = (m["int"] or "0").replace(m["sep"] or ",", "") + (m["frac"] or "") + (m["exp"] or "")
    value = float(digits)  # inf beyond the float range; never NaN (no letters reach here)
    negative = bool(parens) or signs == ["-"]
    word = m["unit"] or m["unit2"]
    return TypedNumber(
        value=(-value if negative else value) + 0.0,  # + 0.0: never -0.0
        unit=UNIT_WORDS[" ".join(word.split())] if word else None,
        digits=("-" if negative else "") + digits,
        currency=bool(currencies),
    )


def misplaced_separator(text: str) -> str | None:
    """For text made only of digits, points and thousands separators that :func:`parse_number` refuses,
    the name of the first separator ("comma", "space", "apostrophe", "underscore"); else None."""
    s = normalise(text).removesuffix("%").strip()
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1].strip()
    if parse_number(text) is not None or not _DIGITS_AND_SEPARATORS.fullmatch(s):
        return None
    return SEPARATOR_NAMES[next(c for c in s if c in SEPARATOR_NAMES)]
