"""Checks that tie the Track B lessons B5-B8 (CDS mechanics and pricing, index CDS, Basel IRB) and their
quizzes to `learn.finance`.

Every numeric answer is recomputed from the inputs its prompt states: CDS values with the pricing engine
(`learn.finance.cds`, `learn.finance.cds_calibration`), hazard rates with the credit triangle, expected
loss, IRB capital and minimum capital with `learn.finance.credit`. A numeric question without an entry
here fails the suite, and so does a correct single-choice option, a figure in an explanation or a row of
a lesson table that no longer matches the engine. The rest are structural checks for these four quiz
files: three options per CFA-style question, every outcome tested at least twice, a mix of types.

Plain functions, no Django: run with `pytest tests/content/test_track_b2_answers.py -q`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from learn.finance.cds import credit_triangle_hazard, price_cds
from learn.finance.cds_calibration import flat_hazard_from_spread, upfront_from_spread
from learn.finance.credit import (
    PD_FLOOR_BASEL2,
    PD_FLOOR_BASEL3,
    expected_loss,
    irb_corporate,
    minimum_capital,
)
from learn.finance.curves import FlatDiscountCurve, FlatHazardCurve
from learn.finance.schedule import cds_maturity, from_days
from tests.content.quizcheck import (
    DELETION_RE,
    check_figure_choices,
    check_numeric_answers,
    load_yaml,
    strings_in,
)

ROOT = Path(__file__).resolve().parents[2]
TRACK = ROOT / "content" / "credit"
QUIZZES = ROOT / "quizzes" / "credit"

LESSONS = {
    "cds-mechanics": "05-cds-mechanics.md",
    "cds-pricing": "06-cds-pricing.md",
    "index-cds": "07-index-cds.md",
    "basel-irb-capital": "08-basel-irb-capital.md",
}
PREFIX = {"cds-mechanics": "b5-", "cds-pricing": "b6-", "index-cds": "b7-", "basel-irb-capital": "b8-"}

# The conventions of the lessons' CDS examples: 5-year contracts, ISDA engine, recovery 40%, flat rates.
TRADE_2026 = dt.date(2026, 12, 7)  # maturity 20 Dec 2031; the trade is not in its final coupon period
TRADE_2012 = dt.date(2012, 6, 11)  # Spain and iTraxx quotes of Monday 11 June 2012; maturity 20 Jun 2017
RECOVERY = 0.40


# --- helpers ------------------------------------------------------------------------------------


@cache
def quiz_docs() -> dict[str, dict]:
    return {slug: load_yaml(QUIZZES / f"{slug}.yaml") for slug in LESSONS}


def all_questions() -> list[tuple[str, dict]]:
    return [(slug, q) for slug, doc in quiz_docs().items() for q in doc["questions"]]


def question(qid: str) -> dict:
    (found,) = [q for _, q in all_questions() if q["id"] == qid]
    return found


@cache
def lesson_text(slug: str) -> str:
    """The lesson file, with percent signs inside math (written \\%) read as plain %."""
    return (TRACK / LESSONS[slug]).read_text(encoding="utf-8").replace("\\%", "%")


@cache
def lesson_outcomes() -> dict[str, list[str]]:
    found = {}
    for slug in LESSONS:
        _, front, _ = lesson_text(slug).split("---", 2)
        found[slug] = [o["id"] for o in yaml.safe_load(front)["outcomes"]]
    return found


def scalar(x) -> float:
    return float(np.asarray(x).ravel()[0])


def minus(text: str) -> str:
    """The lessons print negative numbers with a real minus sign."""
    return text.replace("-", "−")


@cache
def cds_at_spread(trade: dt.date, spread: float, coupon: float, rate: float, recovery: float = RECOVERY):
    """Flat hazard that reprices a 5-year par spread, the upfront on ``coupon`` (fraction of notional) and
    the clean risky duration (premium leg per unit coupon, net of the accrual rebate), ISDA engine."""
    maturity = [cds_maturity(trade, 60)]
    disc = FlatDiscountCurve(rate)
    hazard = scalar(flat_hazard_from_spread(trade, maturity, spread, recovery, disc, "isda"))
    upfront = scalar(upfront_from_spread(trade, maturity, spread, coupon, recovery, disc, "isda"))
    res = price_cds(trade, maturity, coupon, recovery, disc, FlatHazardCurve(hazard), "isda")
    return {
        "hazard": hazard,
        "upfront": upfront,
        "rpv01": scalar(res.risky_annuity) - scalar(res.rebate_annuity),
    }


def irb(pd: float, lgd: float = 0.45, m: float = 2.5, ead: float = 1.0):
    return irb_corporate(pd, lgd, m, ead, PD_FLOOR_BASEL3)


def rw_pct(pd: float, lgd: float = 0.45, m: float = 2.5) -> float:
    return 100 * float(irb(pd, lgd, m).risk_weight)


def default_prob(hazard: float, years: float) -> float:
    """Cumulative default probability for a constant hazard, from the engine's own hazard curve."""
    return 1 - math.exp(scalar(FlatHazardCurve(hazard).log_survival(np.array([[years * 365.0]]))))


def act360(coupon: float, notional: float, start: dt.date, end: dt.date) -> float:
    return coupon * notional * (end - start).days / 360


# --- recomputations -----------------------------------------------------------------------------

# question id -> the answer recomputed from the prompt's inputs, in the question's unit
NUMERIC_ANSWERS = {
    # B5
    "b5-accrued-premium": lambda: 0.01 * 10_000_000 * 87 / 360,
    "b5-lehman-payout": lambda: 10_000_000 * (1 - 8.625 / 100),
    # B6
    "b6-upfront-buyer-pays": lambda: (0.03 - 0.01) * 4.5 * 10_000_000,
    "b6-act360-premium": lambda: act360(0.01, 10_000_000, dt.date(2026, 9, 20), dt.date(2026, 12, 20)),
    "b6-hazard-from-spread": lambda: 100 * float(credit_triangle_hazard(0.0120, 0.40)),
    "b6-five-year-default-probability": lambda: 100 * default_prob(0.02, 5),
    "b6-spain-hazard": lambda: 100 * float(credit_triangle_hazard(0.0565, 0.40)),
    "b6-exact-upfront-1200": lambda: 100 * cds_at_spread(TRADE_2026, 0.12, 0.01, 0.03)["upfront"],
    # B7
    "b7-default-payout": lambda: 125_000_000 / 125 * (1 - 0.40),
    "b7-factor-two-defaults": lambda: (125 - 2) / 125,
    "b7-two-defaults-hy": lambda: 50_000_000 / 100 * ((1 - 0.20) + (1 - 0.35)),
    "b7-cva-estimate": lambda: 20_000_000 * 0.012 * cds_at_spread(TRADE_2026, 0.012, 0.01, 0.03)["rpv01"],
    "b7-basis": lambda: 140 - 180,
    # B8
    "b8-el-firb": lambda: expected_loss(0.01, 0.45, 2_000_000),
    "b8-risk-weight-pd1": lambda: rw_pct(0.01),
    "b8-rwa-pd2": lambda: float(irb(0.02, ead=5_000_000).rwa),
    "b8-cet1-with-buffer": lambda: float(minimum_capital(50.0).cet1_with_buffer),
    "b8-total-capital-loan": lambda: float(minimum_capital(irb(0.01, ead=10_000_000).rwa).total),
}

# single-choice questions whose correct option is a figure: id -> (recomputed value, decimals shown)
SINGLE_FIGURES = {
    "b5-payout-final-price-23": (lambda: 5_000_000 * (1 - 0.235), 0),
    "b6-seller-pays-upfront": (lambda: abs((0.006 - 0.01) * 4.6 * 10_000_000), 0),
    "b6-linear-pd-trap": (lambda: 100 * default_prob(float(credit_triangle_hazard(0.12, 0.40)), 5), 1),
    "b8-el-recovery-trap": (lambda: expected_loss(0.02, 1 - 0.55, 1_000_000), 0),
    "b8-maturity-effect": (lambda: rw_pct(0.01, m=5), 2),
    "b8-capital-concave": (lambda: rw_pct(0.20) / rw_pct(0.01), 1),
    "b8-pd-floor": (lambda: 100 * float(irb(0.0002).pd), 2),
}

# figures quoted in prompts and explanations: id -> [(recomputed value, format)]
QUOTED_IN_QUESTIONS = {
    "b5-accrued-premium": [(lambda: 0.01 * 10_000_000 * 87 / 365, ",.2f")],
    "b6-upfront-buyer-pays": [
        (lambda: cds_at_spread(TRADE_2026, 0.03, 0.01, 0.03)["rpv01"], ".2f"),
        (lambda: 100 * cds_at_spread(TRADE_2026, 0.03, 0.01, 0.03)["upfront"], ".2f"),
    ],
    "b6-act360-premium": [
        (lambda: 0.01 * 10_000_000 * 91 / 365, ",.2f"),
    ],
    "b6-hazard-from-spread": [(lambda: 100 * cds_at_spread(TRADE_2026, 0.012, 0.01, 0.03)["hazard"], ".2f")],
    "b6-spain-hazard": [
        (lambda: 100 * cds_at_spread(TRADE_2012, 0.0565, 0.01, 0.01)["hazard"], ".2f"),
        (lambda: 100 * default_prob(cds_at_spread(TRADE_2012, 0.0565, 0.01, 0.01)["hazard"], 5), ".1f"),
    ],
    "b6-fixed-duration-breaks": [
        (lambda: (0.12 - 0.01) * 4.6 * 100, ".1f"),
        (lambda: cds_at_spread(TRADE_2026, 0.12, 0.01, 0.03)["rpv01"], ".2f"),
        (lambda: 100 * cds_at_spread(TRADE_2026, 0.12, 0.01, 0.03)["upfront"], ".1f"),
    ],
    "b6-exact-upfront-1200": [
        (lambda: 100 * cds_at_spread(TRADE_2026, 0.12, 0.01, 0.03)["hazard"], ".2f"),
        (lambda: cds_at_spread(TRADE_2026, 0.12, 0.01, 0.03)["rpv01"], ".2f"),
    ],
    "b7-cva-estimate": [(lambda: cds_at_spread(TRADE_2026, 0.012, 0.01, 0.03)["rpv01"], ".2f")],
    "b8-risk-weight-pd1": [
        (lambda: 100 * float(irb(0.01).correlation), ".2f"),
        (lambda: 100 * float(irb(0.01).conditional_pd), ".2f"),
        (lambda: float(irb(0.01).maturity_adjustment), ".4f"),
        (lambda: 100 * float(irb(0.01).capital_k), ".3f"),
    ],
    "b8-rwa-pd2": [
        (lambda: rw_pct(0.02), ".2f"),
        (lambda: float(minimum_capital(irb(0.02, ead=5_000_000).rwa).total), ",.0f"),
        (lambda: 100 * float(irb(0.02).capital_k), ".2f"),
    ],
    "b8-correlation-direction": [
        (lambda: 100 * float(irb(0.0005).correlation), ".2f"),
        (lambda: 100 * float(irb(0.01).correlation), ".2f"),
        (lambda: 100 * float(irb(0.20).correlation), ".2f"),
    ],
    "b8-maturity-effect": [
        (lambda: float(irb(0.01).maturity_b), ".4f"),
        (lambda: float(irb(0.01).maturity_adjustment), ".4f"),
        (lambda: float(irb(0.01, m=5).maturity_adjustment), ".4f"),
        (lambda: rw_pct(0.01, m=1), ".2f"),
    ],
    "b8-capital-concave": [(lambda: rw_pct(0.20), ".2f"), (lambda: rw_pct(0.20) / rw_pct(0.01), ".2f")],
    "b8-pd-floor": [(lambda: rw_pct(0.0002), ".2f")],
    "b8-total-capital-loan": [
        (lambda: float(irb(0.01, ead=10_000_000).rwa), ",.0f"),
        (lambda: float(minimum_capital(irb(0.01, ead=10_000_000).rwa).cet1), ",.0f"),
        (lambda: float(minimum_capital(irb(0.01, ead=10_000_000).rwa).cet1_with_buffer), ",.0f"),
    ],
}


# --- numeric answers ----------------------------------------------------------------------------


def test_it_recomputes_every_numeric_answer_within_its_tolerance():
    check_numeric_answers((q for _, q in all_questions()), NUMERIC_ANSWERS)


def test_it_recomputes_the_figure_in_each_correct_figure_choice():
    check_figure_choices((q for _, q in all_questions()), SINGLE_FIGURES)


def test_it_recomputes_the_figures_quoted_in_prompts_and_explanations():
    for qid, figures in QUOTED_IN_QUESTIONS.items():
        text = minus("\n".join(strings_in(question(qid))))
        for compute, fmt in figures:
            shown = minus(format(compute(), fmt))
            assert shown in text, f"{qid}: expected the figure {shown} in its prompt or explanation"


# --- lesson figures -----------------------------------------------------------------------------


def test_it_quotes_the_lehman_payout_and_the_5y_maturity():
    text = lesson_text("cds-mechanics")
    assert f"USD {10_000_000 * (1 - 0.08625):,.0f}" in text
    assert f"{5_000_000 * (1 - 0.235):,.0f}" in text
    assert from_days(cds_maturity(TRADE_2026, 60)) == dt.date(2031, 12, 20)
    assert from_days(cds_maturity(TRADE_2012, 60)) == dt.date(2017, 6, 20)


def test_it_quotes_the_cds_pricing_figures_from_the_engine():
    text = lesson_text("cds-pricing")
    spain_100 = cds_at_spread(TRADE_2012, 0.0565, 0.01, 0.01)
    spain_500 = cds_at_spread(TRADE_2012, 0.0565, 0.05, 0.01)
    for shown in (
        f"{100 * float(credit_triangle_hazard(0.0565, 0.4)):.2f}%",
        f"**{100 * spain_100['hazard']:.2f}%**",
        f"{100 * math.exp(-5 * spain_100['hazard']):.1f}%",
        f"**{100 * default_prob(spain_100['hazard'], 5):.1f}%**",
        f"**{spain_100['rpv01']:.2f}**",
        f"**{100 * spain_100['upfront']:.2f}%**",
        f"EUR {spain_100['upfront'] * 10:.2f} million",
        f"**{100 * spain_500['upfront']:.2f}%**",
        f"{act360(0.01, 10_000_000, dt.date(2026, 9, 20), dt.date(2026, 12, 20)):,.2f}",
        f"{100 * default_prob(0.02, 5):.2f}%",
        f"{100 * math.exp(-0.10):.2f}%",
        f"{100 * (1 - math.exp(-0.12)):.2f}%",
    ):
        assert shown in text, f"cds-pricing should quote {shown}"
    # the table comparing the credit triangle with the exact engine, row by row
    for spread_bp in (60, 120, 300, 600, 1200, 2400):
        s = spread_bp / 10_000
        exact = cds_at_spread(TRADE_2026, s, 0.01, 0.03)
        tri = float(credit_triangle_hazard(s, RECOVERY))
        row = (
            f"| {spread_bp:,} | {100 * tri:.2f}% | {100 * exact['hazard']:.2f}% | {exact['rpv01']:.2f} | "
            f"{100 * exact['upfront']:.2f}% | {100 * (s - 0.01) * 4.6:.2f}% | {100 * tri * 5:.1f}% | "
            f"{100 * default_prob(exact['hazard'], 5):.1f}% |"
        )
        assert minus(row) in text, f"cds-pricing table row for {spread_bp} bp should read {minus(row)}"
    for spread, recovery in ((0.012, 0.4), (0.012, 0.2), (0.24, 0.4), (0.24, 0.2)):
        shown = f"{100 * cds_at_spread(TRADE_2026, spread, 0.01, 0.03, recovery)['upfront']:.2f}%"
        assert shown in text, f"cds-pricing should quote the recovery sensitivity {shown}"
    # check yourself: 1,000 bp
    at_1000 = cds_at_spread(TRADE_2026, 0.10, 0.01, 0.03)
    assert f"about {at_1000['rpv01']:.1f}" in text
    assert f"about {100 * at_1000['upfront']:.0f}%" in text


def test_it_quotes_the_index_figures_from_the_engine():
    text = lesson_text("index-cds")
    main = cds_at_spread(TRADE_2012, 0.0170, 0.01, 0.01)
    xover = cds_at_spread(TRADE_2012, 0.0670, 0.05, 0.01)
    cva = 20_000_000 * 0.012 * cds_at_spread(TRADE_2026, 0.012, 0.01, 0.03)["rpv01"]
    for shown in (
        f"**{100 * main['upfront']:.2f}%**",
        f"EUR {round(main['upfront'] * 10_000_000, -3):,.0f}",
        f"risky duration {main['rpv01']:.2f}",
        f"**{100 * xover['upfront']:.2f}%**",
        f"EUR {round(xover['upfront'] * 10_000_000, -3):,.0f}",
        f"risky duration {xover['rpv01']:.2f}",
        f"**USD {cva / 1e6:.2f} million**",
        f"**{124 / 125:.3f}**",
        f"**USD {125_000_000 / 125 * 0.6:,.0f}**",
        f"USD {50_000_000 / 100 * (0.8 + 0.65):,.0f}",
        f"USD {250_000_000 / 125 * 0.7 / 1e6:.1f} million",
    ):
        assert shown in text, f"index-cds should quote {shown}"


def test_it_quotes_the_irb_figures_from_credit_py():
    text = lesson_text("basel-irb-capital")
    loan = irb(0.01, ead=10_000_000)
    capital = minimum_capital(loan.rwa)
    basel2_floor_rw = 100 * float(irb_corporate(0.0002, 0.45, 2.5, 1.0, PD_FLOOR_BASEL2).risk_weight)
    for shown in (
        f"USD {expected_loss(0.01, 0.45, 10_000_000):,.0f}",
        f"| {float(loan.correlation_weight):.4f} |",
        f"| {100 * float(loan.correlation):.2f}% |",
        f"| {100 * float(loan.conditional_pd):.2f}% |",
        f"| {float(loan.maturity_b):.4f} |",
        f"| {float(loan.maturity_adjustment):.4f} |",
        f"| {100 * float(loan.capital_k):.3f}% of EAD |",
        f"| {100 * float(loan.risk_weight):.2f}% |",
        f"USD {float(loan.rwa):,.0f}",
        f"USD {float(capital.total):,.0f}",
        f"USD {float(capital.cet1):,.0f}",
        f"USD {float(capital.cet1_with_buffer):,.0f}",
        f"{rw_pct(0.01, m=1):.2f}% at M = 1",
        f"{rw_pct(0.01, m=5):.2f}% at",
        f"{rw_pct(0.011):.2f}%",
        f"EUR {float(irb(0.02, ead=5_000_000).rwa):,.0f}",
        f"EUR {float(minimum_capital(irb(0.02, ead=5_000_000).rwa).total):,.0f}",
        f"about {rw_pct(0.20) / rw_pct(0.01):.1f}",
        f"{basel2_floor_rw:.2f}% with the Basel II",
    ):
        assert shown in text, f"basel-irb-capital should quote {shown}"
    for pd in (0.0005, 0.001, 0.005, 0.01, 0.02, 0.05, 0.20):
        r = irb(pd)
        row = (
            f"| {100 * pd:.2f}% | {100 * float(r.correlation):.2f}% | {100 * float(r.conditional_pd):.2f}% | "
            f"{100 * float(r.capital_k):.2f}% | {100 * float(r.risk_weight):.2f}% | {100 * pd * 0.45:.2f}% |"
        )
        assert row in text, f"basel-irb-capital table row for PD {pd} should read {row}"
    jpm = load_yaml(ROOT / "content" / "companies" / "jpmorgan.yaml")["statements"][0]
    assert f"**{jpm['reported_ratios']['cet1_ratio_standardized']:.1f}%**" in text


# --- structure ----------------------------------------------------------------------------------


def test_it_names_its_lesson_in_every_file():
    for slug, doc in quiz_docs().items():
        assert doc["lesson"] == slug, f"{slug}.yaml names lesson {doc['lesson']!r}"


def test_it_gives_every_single_exactly_three_choices_with_the_answer_among_them():
    for slug, q in all_questions():
        if q["type"] != "single":
            continue
        choices = q["choices"]
        assert len(choices) == 3, f"{slug} {q['id']}: {len(choices)} choices, CFA style wants 3"
        assert len(set(choices)) == 3 and all(isinstance(c, str) for c in choices), q["id"]
        assert q["answer"] in choices, f"{slug} {q['id']}: answer is not one of the choices"


def test_it_keeps_multiple_answers_among_the_choices_and_cloze_well_formed():
    for slug, q in all_questions():
        if q["type"] == "multiple":
            assert q["answers"] and set(q["answers"]) <= set(q["choices"]), q["id"]
            assert len(set(q["answers"])) < len(q["choices"]), f"{q['id']}: every choice is correct"
        if q["type"] == "truefalse":
            assert isinstance(q["answer"], bool), q["id"]
        if q["type"] == "cloze":
            found = DELETION_RE.findall(q["prompt"])
            assert found, f"{slug} {q['id']}: no {{{{c1::...}}}} deletion"
            for _, body in found:
                assert all(a.strip() for a in body.split("::")[0].split("|")), q["id"]


def test_it_prefixes_ids_and_uses_only_its_lessons_outcomes():
    outcomes = lesson_outcomes()
    ids = Counter(q["id"] for _, q in all_questions())
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    for slug, q in all_questions():
        assert q["id"].startswith(PREFIX[slug]), f"{q['id']}: expected prefix {PREFIX[slug]}"
        assert q["outcomes"] and set(q["outcomes"]) <= set(outcomes[slug]), q["id"]


def test_it_tests_every_outcome_at_least_twice():
    tested = Counter(o for _, q in all_questions() for o in q["outcomes"])
    thin = sorted(o for ids in lesson_outcomes().values() for o in ids if tested[o] < 2)
    assert not thin, f"outcomes tested by fewer than two questions: {thin}"


def test_it_mixes_question_types_in_each_lesson():
    overall = Counter()
    for slug, doc in quiz_docs().items():
        types = Counter(q["type"] for q in doc["questions"])
        overall += types
        assert len(doc["questions"]) >= 8, f"{slug}: {len(doc['questions'])} questions, want at least 8"
        assert types["single"] >= 4, f"{slug}: CFA-style single choice should dominate"
        assert types["cloze"] >= 1 and types["numeric"] >= 2, f"{slug}: {types}"
    assert overall["truefalse"] >= 3 and overall["multiple"] >= 3, overall


def test_it_follows_the_markdown_rules_in_questions():
    for slug in LESSONS:
        raw = (QUIZZES / f"{slug}.yaml").read_text(encoding="utf-8")
        assert not re.search(r"\$\s*[0-9]", raw), f"{slug}.yaml: bare $ before a number"
    for slug, q in all_questions():
        assert q.get("explanation", "").strip(), q["id"]
        for text in strings_in(q):
            assert "[[" not in text and "lesson:" not in text, f"{slug} {q['id']}: no links inside questions"


def test_every_lesson_has_a_meeting_section_and_collapsed_answers():
    for slug in LESSONS:
        text = lesson_text(slug)
        assert "\n## In the meeting\n" in text, slug
        assert "\n## Check yourself\n" in text, slug
        section = text.split("\n## Check yourself\n", 1)[1]
        questions = re.findall(r"^\*\*\d+\.\*\*", section, re.M)
        answers = re.findall(r'^\?\?\? answer "Answer"', section, re.M)
        assert questions and len(questions) == len(answers), slug
