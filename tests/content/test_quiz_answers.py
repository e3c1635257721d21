"""Checks that tie the Track A quiz answers to the data they come from.

Every numeric answer is recomputed here, from the company YAML (content/companies/*.yaml) or from the
inputs the question states, and must match within the question's own tolerance. A numeric question
without a recomputation entry fails the suite, so a new question cannot slip in unchecked. The rest are
structural checks the loader does not make: three options per CFA-style question, outcome coverage per
lesson, and the Markdown rules shared with the lessons.

Plain functions, no Django: run with `pytest tests/content/test_quiz_answers.py -q`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import yaml

from tests.content.quizcheck import (
    DELETION_RE,
    check_figure_choices,
    check_numeric_answers,
    load_yaml,
    strings_in,
)

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
TRACK = CONTENT / "balance-sheet"
COMPANIES = CONTENT / "companies"
QUIZZES = ROOT / "quizzes" / "balance-sheet"

QUIZ_FILES = [
    "accounting-equation.yaml",
    "liquidity-ratios.yaml",
    "solvency-and-coverage.yaml",
    "profitability-dupont.yaml",
    "goodwill-leases-deferred-taxes.yaml",
    "bank-balance-sheets.yaml",
]
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- helpers ------------------------------------------------------------------------------------


@cache
def statement(company: str, label: str) -> dict:
    (found,) = [s for s in load_yaml(COMPANIES / f"{company}.yaml")["statements"] if s["label"] == label]
    return found


def apple(label: str = "FY2023") -> dict:
    return statement("apple", label)


def jpm() -> dict:
    return statement("jpmorgan", "FY2023")


def apple_debt(label: str = "FY2023") -> float:
    bs = apple(label)["balance_sheet"]
    cl, ncl = bs["current_liabilities"], bs["non_current_liabilities"]
    return cl["commercial_paper"] + cl["term_debt_current"] + ncl["term_debt_non_current"]


def annuity_pv(payment: float, rate: float, years: int) -> float:
    return payment * (1 - (1 + rate) ** -years) / rate


# Apple's lease liabilities at FY2023 year-end (operating + finance), from the lease note of its 10-K:
# not a balance-sheet line (they sit inside the "other" liabilities), so not in content/companies.
APPLE_LEASE_LIABILITIES_FY2023 = 12842


def ledger_after(steps: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Assets, liabilities and equity after a list of (d_assets, d_liabilities, d_equity) transactions,
    checking the accounting equation after each one."""
    a = l_ = e = 0.0
    for da, dl, de in steps:
        a, l_, e = a + da, l_ + dl, e + de
        assert abs(a - (l_ + e)) < 1e-9
    return a, l_, e


def five_factor_roe(sales, ebit, interest, tax_rate, assets, equity) -> float:
    ebt = ebit - interest
    net_income = ebt * (1 - tax_rate)
    factors = (net_income / ebt, ebt / ebit, ebit / sales, sales / assets, assets / equity)
    product = 1.0
    for f in factors:
        product *= f
    assert abs(product - net_income / equity) < 1e-12
    return product


@cache
def quiz_docs() -> dict[str, dict]:
    return {name: load_yaml(QUIZZES / name) for name in QUIZ_FILES}


def all_questions() -> list[tuple[str, dict]]:
    return [(name, q) for name, doc in quiz_docs().items() for q in doc["questions"]]


@cache
def lesson_outcomes() -> dict[str, list[str]]:
    """Lesson slug -> outcome ids, from the front matter of every Track A lesson."""
    found = {}
    for path in sorted(TRACK.glob("*.md")):
        _, front, _ = path.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.safe_load(front)
        if "outcomes" in meta:  # _track.md describes the track and has none
            found[meta["slug"]] = [o["id"] for o in meta["outcomes"]]
    return found


# --- recomputations -----------------------------------------------------------------------------

A23 = lambda: apple("FY2023")["balance_sheet"]  # noqa: E731
A22 = lambda: apple("FY2022")["balance_sheet"]  # noqa: E731
INC23 = lambda: apple("FY2023")["income_statement"]  # noqa: E731
JPM_BS = lambda: jpm()["balance_sheet"]  # noqa: E731

# question id -> the answer recomputed, in the question's unit
NUMERIC_ANSWERS = {
    # A1
    "a1-apple-equity-residual": lambda: A23()["total_assets"] - A23()["total_liabilities"],
    # A2
    "a2-current-ratio-apple": lambda: A23()["total_current_assets"] / A23()["total_current_liabilities"],
    "a2-working-capital-apple": lambda: A23()["total_current_assets"] - A23()["total_current_liabilities"],
    "a2-cash-ratio-apple": lambda: (
        (
            A23()["current_assets"]["cash_and_cash_equivalents"]
            + A23()["current_assets"]["marketable_securities_current"]
        )
        / A23()["total_current_liabilities"]
    ),
    # A3
    "a3-debt-to-equity-apple": lambda: apple_debt("FY2023") / A23()["total_equity"],
    "a3-equity-multiplier-fy2022": lambda: A22()["total_assets"] / A22()["total_equity"],
    "a3-interest-coverage-apple": lambda: INC23()["operating_income"] / INC23()["interest_expense"],
    "a3-covenant-headroom": lambda: 100 * (90 - 2.5 * 30) / 90,
    # A4
    "a4-net-margin-apple": lambda: 100 * INC23()["net_income"] / INC23()["net_sales"],
    "a4-roe-apple-average-equity": lambda: (
        100 * INC23()["net_income"] / ((A23()["total_equity"] + A22()["total_equity"]) / 2)
    ),
    "a4-buyback-roe": lambda: 100 * 60 / (500 - 200),
    # A5
    "a5-goodwill-amount": lambda: 500 - (450 - 70),
    "a5-lease-liability-pv": lambda: annuity_pv(100, 0.06, 5),
    "a5-lease-liability-year1-close": lambda: annuity_pv(100, 0.06, 5) * 1.06 - 100,
    # A6
    "a6-loans-to-deposits-jpm": lambda: (
        100 * JPM_BS()["selected_lines"]["loans"] / JPM_BS()["selected_lines"]["deposits"]
    ),
    "a6-allowance-to-loans-jpm": lambda: (
        100 * JPM_BS()["selected_lines"]["allowance_for_loan_losses"] / JPM_BS()["selected_lines"]["loans"]
    ),
    "a6-cet1-after-loan-sale": lambda: 100 * 70 / (0.0 * 300 + 0.5 * 400 + 1.0 * 300),
    "a6-leverage-ratio-after-bonds": lambda: 100 * 70 / (1000 + 300),
}

# single-choice questions whose correct option is a figure: id -> (recomputed value, decimals shown)
SINGLE_FIGURES = {
    # contribute 100, borrow 50, buy inventory 30, sell it for 45, prepayment 10, dividend 5: equity
    "a1-five-transactions": (
        lambda: ledger_after(
            [(100, 0, 100), (50, 50, 0), (-30 + 30, 0, 0), (45 - 30, 0, 15), (10, 10, 0), (-5, 0, -5)]
        )[2],
        0,
    ),
    "a2-quick-ratio-company-x": (lambda: (70 + 120) / 200, 2),
    "a2-window-dressing-direction": (lambda: (300 - 50) / (200 - 50), 2),
    "a3-lease-adjusted-debt-to-equity": (
        lambda: (apple_debt() + APPLE_LEASE_LIABILITIES_FY2023) / A23()["total_equity"],
        2,
    ),
    "a4-five-factor-dupont": (lambda: 100 * five_factor_roe(1000, 150, 30, 0.25, 1200, 400), 1),
    "a5-impairment-ifrs-vs-us-gaap": (lambda: min(1000 - 850, 120), 0),  # the US GAAP figure, capped
    "a5-valuation-allowance": (lambda: 400 * 0.25 * (1 - 0.40), 0),
    "a3-debt-to-capital-apple": (lambda: apple_debt() / (apple_debt() + A23()["total_equity"]), 3),
    "a4-leverage-doubles-roe": (lambda: 100 * (60 / 1200) * (1200 / 1500) * 6.0, 0),
    "a6-equity-to-assets-jpm": (lambda: 100 * JPM_BS()["total_equity"] / JPM_BS()["total_assets"], 1),
}


# --- numeric answers ----------------------------------------------------------------------------


def test_it_recomputes_every_numeric_answer_within_its_tolerance():
    check_numeric_answers((q for _, q in all_questions()), NUMERIC_ANSWERS)


def test_it_recomputes_the_figure_in_each_correct_figure_choice():
    check_figure_choices((q for _, q in all_questions()), SINGLE_FIGURES)


def test_it_uses_the_company_figures_the_prompts_quote():
    """The Apple and JPMorgan figures written into prompts match the company files."""
    text = "\n".join(s for _, q in all_questions() for s in strings_in(q))
    for figure in (
        A23()["total_assets"],
        A23()["total_liabilities"],
        A23()["total_current_assets"],
        A23()["total_current_liabilities"],
        A23()["total_equity"],
        A22()["total_equity"],
        INC23()["net_income"],
        INC23()["net_sales"],
        INC23()["operating_income"],
        INC23()["interest_expense"],
        apple_debt(),
        JPM_BS()["selected_lines"]["loans"],
        JPM_BS()["selected_lines"]["deposits"],
        JPM_BS()["selected_lines"]["allowance_for_loan_losses"],
        JPM_BS()["total_equity"],
    ):
        assert f"{figure:,}" in text, f"{figure:,} does not appear in any question"


# --- structure ----------------------------------------------------------------------------------


def test_it_names_an_existing_lesson_in_every_file():
    outcomes = lesson_outcomes()
    for name, doc in quiz_docs().items():
        assert doc["lesson"] in outcomes, f"{name}: unknown lesson {doc['lesson']!r}"
        assert name == f"{doc['lesson']}.yaml", f"{name}: file name should match the lesson slug"


def test_it_gives_every_single_exactly_three_choices_with_the_answer_among_them():
    for name, q in all_questions():
        if q["type"] != "single":
            continue
        choices = q["choices"]
        assert len(choices) == 3, f"{name} {q['id']}: {len(choices)} choices, CFA style wants 3"
        assert len(set(choices)) == 3, f"{name} {q['id']}: duplicate choices"
        assert all(isinstance(c, str) for c in choices), f"{name} {q['id']}: choices must be strings"
        assert q["answer"] in choices, f"{name} {q['id']}: answer is not one of the choices"


def test_it_keeps_multiple_answers_among_the_choices():
    for name, q in all_questions():
        if q["type"] != "multiple":
            continue
        assert len(set(q["choices"])) == len(q["choices"]), f"{name} {q['id']}: duplicate choices"
        assert q["answers"] and set(q["answers"]) <= set(q["choices"]), (
            f"{name} {q['id']}: answers not in choices"
        )
        assert len(set(q["answers"])) < len(q["choices"]), f"{name} {q['id']}: every choice is correct"


def test_it_gives_truefalse_a_boolean_and_cloze_well_formed_deletions():
    for name, q in all_questions():
        if q["type"] == "truefalse":
            assert isinstance(q["answer"], bool), f"{name} {q['id']}: answer must be true or false"
        if q["type"] == "cloze":
            assert "answer" not in q, f"{name} {q['id']}: cloze answers live in the prompt"
            found = DELETION_RE.findall(q["prompt"])
            assert found, f"{name} {q['id']}: no {{{{c1::...}}}} deletion"
            numbers = [n for n, _ in found]
            assert len(numbers) == len(set(numbers)), f"{name} {q['id']}: a deletion number is repeated"
            for _, body in found:
                accepted = body.split("::")[0].split("|")
                assert all(a.strip() for a in accepted), f"{name} {q['id']}: empty accepted answer"


def test_it_never_reuses_a_question_id():
    ids = Counter(q["id"] for _, q in all_questions())
    assert not [i for i, n in ids.items() if n > 1], f"duplicate ids: {[i for i, n in ids.items() if n > 1]}"
    for qid in ids:
        assert ID_RE.match(qid), f"{qid}: ids are lowercase letters, digits and hyphens"


def test_it_prefixes_each_id_with_its_lesson():
    for name, doc in quiz_docs().items():
        prefix = "a" + doc["questions"][0]["outcomes"][0][1] + "-"
        for q in doc["questions"]:
            assert q["id"].startswith(prefix), f"{name} {q['id']}: expected prefix {prefix}"


def test_it_only_uses_outcomes_of_the_questions_own_lesson():
    outcomes = lesson_outcomes()
    known = {o for ids in outcomes.values() for o in ids}
    for name, doc in quiz_docs().items():
        for q in doc["questions"]:
            assert q["outcomes"], f"{name} {q['id']}: no outcomes"
            for outcome in q["outcomes"]:
                assert outcome in known, f"{name} {q['id']}: unknown outcome {outcome}"
                assert outcome in outcomes[doc["lesson"]], (
                    f"{name} {q['id']}: {outcome} is not an outcome of {doc['lesson']}"
                )


def test_it_tests_every_outcome_of_every_track_a_lesson_at_least_twice():
    tested = Counter(o for _, q in all_questions() for o in set(q["outcomes"]))
    thin = sorted(o for ids in lesson_outcomes().values() for o in ids if tested[o] < 2)
    assert not thin, f"outcomes with fewer than two questions: {thin}"
    assert set(lesson_outcomes()) == {doc["lesson"] for doc in quiz_docs().values()}, (
        "a lesson has no quiz file"
    )


def test_it_mixes_question_types_in_each_lesson_and_across_the_track():
    overall = Counter()
    for name, doc in quiz_docs().items():
        types = Counter(q["type"] for q in doc["questions"])
        overall += types
        assert len(doc["questions"]) >= 8, f"{name}: {len(doc['questions'])} questions, want at least 8"
        assert types["cloze"] >= 1, f"{name}: no cloze question"
    assert overall["truefalse"] >= 2 and overall["multiple"] >= 2, overall
    assert overall["single"] == max(overall.values()), f"single should be the most common type: {overall}"


def test_it_gives_every_question_a_prompt_an_explanation_and_a_valid_difficulty():
    for name, q in all_questions():
        assert q.get("prompt", "").strip(), f"{name} {q['id']}: empty prompt"
        assert q.get("explanation", "").strip(), f"{name} {q['id']}: empty explanation"
        assert q.get("difficulty", 2) in (1, 2, 3), f"{name} {q['id']}: difficulty must be 1, 2 or 3"
        hints = q.get("hints", [])
        assert isinstance(hints, list) and all(isinstance(h, str) and h.strip() for h in hints), q["id"]


def test_it_follows_the_lesson_markdown_rules():
    for name in QUIZ_FILES:
        raw = (QUIZZES / name).read_text(encoding="utf-8")
        bare = re.search(r"\$\s*[0-9]", raw)
        assert not bare, f"{name}: bare $ before a number ({bare.group()!r}); write 'USD 1,000' instead"
    for name, q in all_questions():
        for text in strings_in(q):
            assert "[[" not in text, f"{name} {q['id']}: no [[glossary]] links inside questions"
            assert "lesson:" not in text, f"{name} {q['id']}: no lesson: links inside questions"
