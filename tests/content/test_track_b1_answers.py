"""Checks that tie the Track B lessons B1-B4 and their quizzes to the finance functions that compute them.

Every numeric answer is recomputed here with ``learn.finance`` (expected loss, IRB capital, the credit
triangle, hazard-rate default probabilities, coverage and leverage ratios) from the inputs the question
states or from the company YAML, and must match within the question's own tolerance. A numeric question
without an entry fails the suite. Single-choice questions whose correct option is a figure are recomputed
too, and so are the distractors built from named mistakes. The figures the lessons print are recomputed
and looked up in the lesson text, so a typo in a lesson fails as well.

Plain functions, no Django: run with `pytest tests/content/test_track_b1_answers.py -q`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import yaml

from learn.finance.cds import credit_triangle_hazard, credit_triangle_spread
from learn.finance.credit import expected_loss, irb_corporate, minimum_capital
from learn.finance.curves import default_probability, survival_probability
from learn.finance.ratios import interest_coverage
from learn.finance.statements import IncomeStatement
from tests.content.quizcheck import DELETION_RE, check_numeric_answers, load_yaml

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
TRACK = CONTENT / "credit"
QUIZZES = ROOT / "quizzes" / "credit"

# lesson slug -> (lesson file, quiz file, id prefix)
LESSONS = {
    "expected-loss": ("01-expected-loss.md", "expected-loss.yaml", "b1-"),
    "seniority-recovery": ("02-seniority-recovery.md", "seniority-recovery.yaml", "b2-"),
    "credit-analysis": ("03-credit-analysis.md", "credit-analysis.yaml", "b3-"),
    "credit-spreads": ("04-credit-spreads.md", "credit-spreads.yaml", "b4-"),
}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- helpers ------------------------------------------------------------------------------------


@cache
def quiz_docs() -> dict[str, dict]:
    return {slug: load_yaml(QUIZZES / quiz) for slug, (_, quiz, _) in LESSONS.items()}


def all_questions() -> list[tuple[str, dict]]:
    return [(slug, q) for slug, doc in quiz_docs().items() for q in doc["questions"]]


@cache
def lesson_parts(slug: str) -> tuple[dict, str]:
    _, front, body = (TRACK / LESSONS[slug][0]).read_text(encoding="utf-8").split("---", 2)
    return yaml.safe_load(front), body


def lesson_body(slug: str) -> str:
    return lesson_parts(slug)[1]


def outcomes_of(slug: str) -> list[str]:
    return [o["id"] for o in lesson_parts(slug)[0]["outcomes"]]


@cache
def apple(label: str = "FY2023") -> dict:
    statements = load_yaml(CONTENT / "companies" / "apple.yaml")["statements"]
    (found,) = [s for s in statements if s["label"] == label]
    return found


def apple_income() -> IncomeStatement:
    inc = apple()["income_statement"]
    return IncomeStatement(
        revenue=inc["net_sales"],
        operating_income=inc["operating_income"],
        interest_expense=inc["interest_expense"],
        net_income=inc["net_income"],
    )


def apple_debt() -> float:
    bs = apple()["balance_sheet"]
    cl, ncl = bs["current_liabilities"], bs["non_current_liabilities"]
    return cl["commercial_paper"] + cl["term_debt_current"] + ncl["term_debt_non_current"]


def apple_cash_and_securities() -> float:
    bs = apple()["balance_sheet"]
    return (
        bs["current_assets"]["cash_and_cash_equivalents"]
        + bs["current_assets"]["marketable_securities_current"]
        + bs["non_current_assets"]["marketable_securities_non_current"]
    )


def apple_equity() -> float:
    return apple()["balance_sheet"]["total_equity"]


def apple_cfo() -> float:
    return apple()["cash_flow"]["operating_cash_flow"]


def waterfall(value: float, claims: list[tuple[str, float]]) -> dict[str, float]:
    """Absolute priority: each class, most senior first, takes min(claim, what is left); recovery rates."""
    out = {}
    for name, claim in claims:
        paid = min(claim, value)
        out[name] = paid / claim
        value -= paid
    return out


def waterfall_with_collateral(
    value: float, secured: float, collateral: float, unsecured: list[tuple[str, float]]
) -> dict[str, float]:
    """The secured class takes its collateral; its deficiency ranks pari passu with the first unsecured
    class (senior unsecured); the rest of the value runs down the unsecured classes in order."""
    taken = min(secured, collateral)
    deficiency = secured - taken
    (senior_name, senior_claim), *junior = unsecured
    pool = senior_claim + deficiency
    rates = waterfall(value - taken, [(senior_name, pool), *junior])
    senior_rate = rates[senior_name]
    return {"secured": (taken + senior_rate * deficiency) / secured, **rates}


def spread_price_change(duration: float, spread_change: float) -> float:
    """First-order price change, as a fraction: -spread duration x change in spread (a decimal)."""
    return -duration * spread_change


BP = 1e-4


# --- recomputations -----------------------------------------------------------------------------

# question id -> the answer recomputed, in the question's unit
NUMERIC_ANSWERS = {
    # B1
    "b1-el-term-loan": lambda: expected_loss(0.025, 1 - 0.45, 10_000_000),
    "b1-el-revolver": lambda: expected_loss(0.025, 0.55, 6_000_000 + 0.50 * 4_000_000),
    "b1-jpm-allowance": lambda: 100 * 22_420 / 1_323_706,
    # B2
    "b2-senior-unsecured-recovery": lambda: (
        100 * waterfall(600, [("secured", 400), ("senior", 500), ("sub", 200)])["senior"]
    ),
    "b2-deficiency-senior": lambda: (
        100 * waterfall_with_collateral(600, 400, 300, [("senior", 500), ("sub", 200)])["senior"]
    ),
    # B3
    "b3-debt-to-ebitda": lambda: 450 / 150,
    "b3-apple-coverage": lambda: interest_coverage(apple_income()),
    "b3-apple-net-debt": lambda: apple_debt() - apple_cash_and_securities(),
    # B4
    "b4-el-spread": lambda: float(credit_triangle_spread(0.02, 1 - 0.60)) / BP,
    "b4-hazard-from-spread": lambda: 100 * float(credit_triangle_hazard(120 * BP, 0.40)),
    "b4-risk-neutral-pd": lambda: 100 * float(credit_triangle_hazard(250 * BP, 1 - 0.60)),
    "b4-duration-price": lambda: 100 * spread_price_change(6, 50 * BP),
}

# single-choice questions whose correct option is a figure: id -> (recomputed value, format)
SINGLE_FIGURES = {
    "b1-el-per-100-par": (lambda: expected_loss(0.005, 96 - 50, 1), "{:.2f}"),
    "b2-subordinated-recovery": (
        lambda: 100 * waterfall(600, [("secured", 400), ("senior", 500), ("sub", 200)])["sub"],
        "{:.0f}%",
    ),
    "b2-deficiency-secured": (
        lambda: 100 * waterfall_with_collateral(600, 400, 300, [("senior", 500), ("sub", 200)])["secured"],
        "{:.1f}%",
    ),
    "b3-apple-debt-to-capital": (lambda: apple_debt() / (apple_debt() + apple_equity()), "{:.3f}"),
    "b4-five-year-pd": (lambda: 100 * float(default_probability(0.02, 5)), "{:.2f}%"),
    "b4-duration-new-price": (lambda: 98 * (1 + spread_price_change(6, 50 * BP)), "{:.2f}"),
}

# distractors built from a named mistake: id -> [(recomputed wrong value, format)]
DISTRACTORS = {
    "b1-el-per-100-par": [
        (lambda: expected_loss(0.005, 50, 1), "{:.2f}"),  # recovery used where loss is meant
        (lambda: expected_loss(0.5, 96 - 50, 1), "{:.2f}"),  # PD in percent used as a fraction
    ],
    "b2-deficiency-secured": [(lambda: 100 * 300 / 400, "{:.1f}%")],  # stops at the collateral
    "b3-apple-debt-to-capital": [
        (lambda: apple_debt() / apple_equity(), "{:.3f}"),  # debt-to-equity
        (lambda: apple_equity() / (apple_debt() + apple_equity()), "{:.3f}"),  # equity's share
    ],
    "b4-five-year-pd": [
        (lambda: 100 * float(survival_probability(0.02, 5)), "{:.2f}%"),  # survival, not default
        (lambda: 100 * 0.02 * 5, "{:.2f}%"),  # hazard times years
    ],
    "b4-duration-new-price": [
        (lambda: 98 * (1 + spread_price_change(6, 50 * BP / 10)), "{:.2f}"),  # 50 bp read as 0.05%
        (lambda: 98 * (1 + spread_price_change(6, 50 * BP * 10)), "{:.2f}"),  # 50 bp read as 5%
    ],
}


def test_it_recomputes_every_numeric_answer_within_its_tolerance():
    check_numeric_answers((q for _, q in all_questions()), NUMERIC_ANSWERS)


def test_it_recomputes_the_figure_in_each_correct_figure_choice_and_its_distractors():
    questions = {q["id"]: q for _, q in all_questions()}
    for qid, (compute, fmt) in SINGLE_FIGURES.items():
        assert questions[qid]["type"] == "single", qid
        assert fmt.format(float(compute())) == questions[qid]["answer"], (
            f"{qid}: correct choice should read {fmt.format(float(compute()))}"
        )
    for qid, wrong in DISTRACTORS.items():
        choices = questions[qid]["choices"]
        for compute, fmt in wrong:
            shown = fmt.format(float(compute()))
            assert shown in choices, f"{qid}: distractor {shown} missing from {choices}"
            assert shown != questions[qid]["answer"], qid


def test_it_recomputes_the_figures_named_in_word_choices():
    questions = {q["id"]: q for _, q in all_questions()}
    ratio_set = questions["b3-ratio-set"]["answer"]
    assert f"Debt/EBITDA {450 / 150:.1f}×" in ratio_set
    assert f"EBITDA coverage {150 / 30:.1f}×" in ratio_set and f"EBIT coverage {90 / 30:.1f}×" in ratio_set
    # the recovery change falls EL by one-third: 0.40 / 0.60
    assert abs(expected_loss(0.01, 0.40, 1) / expected_loss(0.01, 0.60, 1) - 2 / 3) < 1e-12
    # a five-year PD of 2% is about 0.40% a year with a constant hazard
    assert f"{100 * (1 - 0.98 ** (1 / 5)):.2f}%" == "0.40%"
    assert "0.40%" in questions["b1-pd-horizon"]["explanation"]
    # recovery 60% instead of 40% at 120 bp: 3.0% hazard
    higher = f"{100 * float(credit_triangle_hazard(0.012, 0.60)):.1f}%"
    assert higher in questions["b4-recovery-up-hazard"]["explanation"]


def test_it_uses_the_company_figures_the_prompts_quote():
    text = "\n".join(q["prompt"] for _, q in all_questions())
    inc = apple()["income_statement"]
    bs = apple()["balance_sheet"]
    for figure in (
        inc["operating_income"],
        inc["interest_expense"],
        apple_debt(),
        apple_equity(),
        bs["current_assets"]["cash_and_cash_equivalents"],
        bs["current_assets"]["marketable_securities_current"],
        bs["non_current_assets"]["marketable_securities_non_current"],
    ):
        assert f"{figure:,}" in text, f"{figure:,} does not appear in any question"
    (jpm_statement,) = load_yaml(CONTENT / "companies" / "jpmorgan.yaml")["statements"]
    jpm = jpm_statement["balance_sheet"]["selected_lines"]
    assert f"{jpm['loans']:,}" in text and f"{jpm['allowance_for_loan_losses']:,}" in text


# --- figures printed in the lessons -------------------------------------------------------------


def money(x: float) -> str:
    return f"{x:,.0f}"


def test_it_quotes_lesson_b1_figures_from_the_functions():
    text = lesson_body("expected-loss")
    assert money(expected_loss(0.025, 0.55, 10_000_000)) == "137,500" and "**137,500**" in text
    assert money(expected_loss(0.025, 0.45, 10_000_000)) in text  # the recovery-as-loss mistake
    assert money(expected_loss(0.025, 0.55, 8_000_000)) in text and "**8,000,000**" in text
    assert f"= {expected_loss(0.005, 46, 1):.2f} \\text{{ per 100 of par}}" in text
    assert f"**{100 * 22_420 / 1_323_706:.2f}%**" in text
    irb = irb_corporate(0.025, 0.55, 2.5, 10_000_000)
    assert money(float(minimum_capital(irb.rwa).total)) in text
    # the calculator preset is the worked example
    assert "calculator:credit?pd=2.5&lgd=55&ead=10000000&maturity=2.5" in text
    # Check yourself
    assert money(expected_loss(0.015, 0.70, 4_000_000)) in text
    assert money(expected_loss(0.015, 0.30, 4_000_000)) in text


def test_it_quotes_lesson_b2_figures_from_the_waterfall():
    text = lesson_body("seniority-recovery")
    simple = waterfall(600, [("secured", 400), ("senior", 500), ("sub", 200)])
    assert f"**{100 * simple['senior']:.0f}%**" in text
    deficiency = waterfall_with_collateral(600, 400, 300, [("senior", 500), ("sub", 200)])
    assert f"**{100 * deficiency['senior']:.0f}%**" in text
    assert f"**{100 * deficiency['secured']:.1f}%**" in text
    check = waterfall(900, [("secured", 500), ("senior", 600), ("sub", 300)])
    assert f"{100 * check['senior']:.1f}%" in text and f"LGD {100 * (1 - check['senior']):.1f}%" in text
    # the Lehman auction: sellers pay 1 - final price
    assert f"{100 - 8.625:.3f}% of notional" in text


def test_it_quotes_lesson_b3_figures_from_the_company_data():
    text = lesson_body("credit-analysis")
    assert f"**{interest_coverage(apple_income()):.1f}×**" in text
    assert f"**{100 * apple_cfo() / apple_debt():.1f}%**" in text
    assert f"**{apple_debt() / (apple_debt() + apple_equity()):.3f}**" in text
    assert money(apple_cash_and_securities()) in text
    assert f"−{money(apple_cash_and_securities() - apple_debt())}**" in text
    assert f"**{money(apple_debt())}**" in text
    for ratio in (450 / 150, 150 / 30, 90 / 30):  # the leveraged borrower
        assert f"**{ratio:.1f}×**" in text


def test_it_quotes_lesson_b4_figures_from_the_functions():
    text = lesson_body("credit-spreads")
    spread = float(credit_triangle_spread(0.02, 0.40))
    assert f"{100 * spread:.2f}%, or {spread / BP:.0f} basis points" in text
    hazard = float(credit_triangle_hazard(120 * BP, 0.40))
    assert f"**{100 * hazard:.1f}% a year**" in text
    assert f"**{100 * float(default_probability(hazard, 5)):.2f}%**" in text
    assert f"{100 * float(survival_probability(hazard, 5)):.2f}%" in text
    assert f"{100 * float(credit_triangle_hazard(120 * BP, 0.60)):.1f}%" in text
    assert f"**{100 * float(credit_triangle_hazard(250 * BP, 0.40)):.2f}%**" in text
    assert f"historical {100 * 0.010 / 0.60:.2f}%" in text
    assert f"**{100 * spread_price_change(6, 50 * BP):.1f}%**".replace("-", "−") in text
    assert f"**{98 * (1 + spread_price_change(6, 50 * BP)):.2f}**" in text
    # Baa minus Aaa, annual averages 1976-1980 (Federal Reserve H.15 via the R data set DiffBA)
    diff_ba = {1976: 1.32, 1977: 0.95, 1978: 0.76, 1979: 1.06, 1980: 1.73}
    assert f"{min(diff_ba.values()):.2f} to {max(diff_ba.values()):.2f}" in text
    # Check yourself
    assert f"{float(credit_triangle_spread(0.015, 0.30)) / BP:.0f} bp" in text
    h2 = float(credit_triangle_hazard(200 * BP, 0.40))
    assert f"{100 * h2:.2f}% a year" in text
    assert f"{100 * float(survival_probability(h2, 5)):.1f}%" in text
    assert f"{100 * float(default_probability(h2, 5)):.1f}%" in text
    assert f"+{100 * spread_price_change(4, -25 * BP):.1f}%" in text


# --- structure ----------------------------------------------------------------------------------


def test_it_names_its_lesson_in_every_file():
    for slug, doc in quiz_docs().items():
        assert doc["lesson"] == slug
        front, _ = lesson_parts(slug)
        assert front["slug"] == slug and front["track"] == "credit"
        assert f"{front['order']:02d}-{slug}.md" == LESSONS[slug][0]


def test_it_gives_every_single_exactly_three_choices_with_the_answer_among_them():
    for slug, q in all_questions():
        if q["type"] != "single":
            continue
        choices = q["choices"]
        assert len(choices) == 3 and len(set(choices)) == 3, f"{slug} {q['id']}: CFA style wants 3 choices"
        assert all(isinstance(c, str) for c in choices), f"{slug} {q['id']}: choices must be strings"
        assert q["answer"] in choices, f"{slug} {q['id']}: answer is not one of the choices"


def test_it_keeps_multiple_answers_among_the_choices_and_well_formed_cloze_and_truefalse():
    for slug, q in all_questions():
        if q["type"] == "multiple":
            assert q["answers"] and set(q["answers"]) <= set(q["choices"]), q["id"]
            assert len(set(q["answers"])) < len(q["choices"]), f"{q['id']}: every choice is correct"
        if q["type"] == "truefalse":
            assert isinstance(q["answer"], bool), q["id"]
        if q["type"] == "cloze":
            found = DELETION_RE.findall(q["prompt"])
            assert found, f"{slug} {q['id']}: no deletion"
            for _, body in found:
                assert all(a.strip() for a in body.split("::")[0].split("|")), q["id"]


def test_it_never_reuses_a_question_id_and_prefixes_each_with_its_lesson():
    ids = Counter(q["id"] for _, q in all_questions())
    assert not [i for i, n in ids.items() if n > 1], ids
    for slug, q in all_questions():
        assert ID_RE.match(q["id"]), q["id"]
        assert q["id"].startswith(LESSONS[slug][2]), f"{q['id']}: expected prefix {LESSONS[slug][2]}"


def test_it_tests_every_outcome_at_least_twice_with_its_own_lessons_outcomes():
    for slug, doc in quiz_docs().items():
        own = outcomes_of(slug)
        tested = Counter(o for q in doc["questions"] for o in q["outcomes"])
        assert set(tested) <= set(own), f"{slug}: outcomes of another lesson: {set(tested) - set(own)}"
        thin = [o for o in own if tested[o] < 2]
        assert not thin, f"{slug}: outcomes tested fewer than twice: {thin}"


def test_it_asks_at_least_eight_questions_of_mixed_types_per_lesson():
    overall = Counter()
    for slug, doc in quiz_docs().items():
        types = Counter(q["type"] for q in doc["questions"])
        overall += types
        assert len(doc["questions"]) >= 8, f"{slug}: {len(doc['questions'])} questions, want at least 8"
        assert len(types) >= 3, f"{slug}: only {sorted(types)}"
        assert types["single"] >= len(doc["questions"]) / 3, f"{slug}: CFA-style single choice should lead"
    assert all(overall[t] >= 2 for t in ("single", "numeric", "cloze", "truefalse", "multiple")), overall


def test_it_gives_every_question_a_prompt_an_explanation_and_a_valid_difficulty():
    for _, q in all_questions():
        assert q.get("prompt", "").strip() and q.get("explanation", "").strip(), q["id"]
        assert q.get("difficulty", 2) in (1, 2, 3), q["id"]
        hints = q.get("hints", [])
        assert isinstance(hints, list) and all(isinstance(h, str) and h.strip() for h in hints), q["id"]


def test_it_follows_the_markdown_rules_in_questions_and_lessons():
    for lesson, quiz, _ in LESSONS.values():
        for path in (TRACK / lesson, QUIZZES / quiz):
            raw = path.read_text(encoding="utf-8")
            bare = re.search(r"\$\s*[0-9]", raw)
            assert not bare, f"{path.name}: bare $ before a number ({bare.group()!r})"
            for number, line in enumerate(raw.splitlines(), 1):
                if line.strip().startswith("unit:"):
                    continue  # a unit such as "$m" is not Markdown
                assert line.replace("\\$", "").count("$") % 2 == 0, f"{path.name}:{number}: odd number of $"
    for _, q in all_questions():
        for text in (q["prompt"], q["explanation"], *q.get("choices", []), *q.get("hints", [])):
            assert "[[" not in text and "lesson:" not in text, f"{q['id']}: no links inside questions"


def test_it_gives_every_lesson_the_sections_the_issue_asks_for():
    for slug in LESSONS:
        front, body = lesson_parts(slug)
        assert str(front["as_of"]) == "2026-12-06", slug
        assert "## In the meeting" in body and "## Check yourself" in body, slug
        assert "??? answer" in body and "Worked example" in body, slug
        words = len(re.findall(r"\w+", body))
        assert 1200 <= words <= 2500, f"{slug}: {words} words, want 1,200 to 2,500"
