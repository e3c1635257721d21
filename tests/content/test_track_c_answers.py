"""Checks that tie the Track C (model risk and interpretability) quiz answers to their inputs.

Every numeric answer, and every figure shown in a correct single-choice option, is recomputed here from
the inputs the question states, with the functions in ``learn.finance`` (scorecard WOE, IV and points,
reason codes, Shapley values, AUC) or, where ``learn.finance`` has no function (PSI, a binomial z-score,
a relative change), with numpy in this file. A numeric question without an entry fails the suite. The
lessons' worked-example figures are recomputed too, and must appear in the lesson text as printed.

Plain functions, no Django: run with `pytest tests/content/test_track_c_answers.py -q`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from learn.finance.credit import expected_loss
from learn.finance.explain import linear_shapley, roc_auc, shapley_values
from learn.finance.logistic import fit_logistic, sigmoid
from learn.finance.scorecard import ScoreScaling, attribute_points, iv_strength, reason_codes, woe_iv
from tests.content.quizcheck import (
    DELETION_RE,
    check_figure_choices,
    check_numeric_answers,
    load_yaml,
    strings_in,
)

ROOT = Path(__file__).resolve().parents[2]
TRACK = ROOT / "content" / "model-risk"
QUIZZES = ROOT / "quizzes" / "model-risk"
ID_RE = re.compile(r"^c[1-6]-[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- helpers ------------------------------------------------------------------------------------


@cache
def quiz_docs() -> dict[str, dict]:
    return {path.name: load_yaml(path) for path in sorted(QUIZZES.glob("*.yaml"))}


def all_questions() -> list[tuple[str, dict]]:
    return [(name, q) for name, doc in quiz_docs().items() for q in doc["questions"]]


@cache
def lessons() -> dict[str, tuple[dict, str]]:
    """Lesson slug -> (front matter, body) for every Track C lesson."""
    found = {}
    for path in sorted(TRACK.glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.safe_load(front)
        if "outcomes" in meta:
            found[meta["slug"]] = (meta, body)
    return found


def lesson_text(slug: str) -> str:
    """The lesson body on one line, with typographic minus signs read as hyphen-minus."""
    return re.sub(r"\s+", " ", lessons()[slug][1]).replace("\u2212", "-")


def psi(expected, actual) -> float:
    """Population Stability Index: sum over bins of (A - E) ln(A / E), shares as fractions."""
    e = np.asarray(expected, dtype=float)
    a = np.asarray(actual, dtype=float)
    e, a = e / e.sum(), a / a.sum()
    return float(np.sum((a - e) * np.log(a / e)))


def psi_term(expected_pct: float, actual_pct: float) -> float:
    """One bin's contribution (A - E) ln(A / E), from shares given in percent."""
    e, a = expected_pct / 100, actual_pct / 100
    return (a - e) * np.log(a / e)


def binomial_z(defaults: int, loans: int, pd: float) -> float:
    """Normal-approximation z-score of an observed default count against a predicted PD."""
    return (defaults / loans - pd) / np.sqrt(pd * (1 - pd) / loans)


# --- shared inputs (the numbers the prompts and lessons state) ----------------------------------

# C2: the ten scored loans, the score-band shares and the grade back-test
AUC_SCORES = [0.62, 0.55, 0.40, 0.35, 0.30, 0.22, 0.20, 0.15, 0.10, 0.05]
AUC_DEFAULTED = [1, 0, 1, 0, 0, 0, 1, 0, 0, 0]
BANDS_DEV = [10, 20, 30, 25, 15]
BANDS_NOW = [14, 24, 29, 21, 12]
GRADES = [(26, 4000, 0.005), (61, 2500, 0.02), (58, 500, 0.08)]  # (defaults, loans, predicted PD)


def c2_auc() -> float:
    return roc_auc(AUC_DEFAULTED, AUC_SCORES)


# C3: the four-factor scorecard applicant
C3_NAMES = ["Credit utilisation", "Payment history", "Recent inquiries", "Length of credit history"]
C3_MAX = [60, 80, 30, 40]
C3_NEAR_CUTOFF = [35, 60, 22, 20]
C3_EARNED = [10, 70, 5, 12]
C3_LABELS = ["utilisation", "payment history", "inquiries", "length of history"]
C3_SHORT = dict(zip(C3_NAMES, C3_LABELS, strict=True))


def c3_reasons(reference) -> list[tuple[str, float]]:
    return reason_codes([C3_EARNED], reference, C3_NAMES, top_n=4)[0]


# C4: credit-utilisation bins A, B, C
GOODS = [4000, 3500, 1500]
BADS = [100, 200, 200]
SCALING = ScoreScaling(base_score=600, base_odds=50, pdo=20)


def c4_woe() -> np.ndarray:
    return woe_iv(GOODS, BADS)[0]


def c4_iv() -> float:
    return woe_iv(GOODS, BADS)[2]


def c4_points() -> np.ndarray:
    """Points per bin of a one-feature scorecard: coefficient -1, intercept ln(B/G) (see the lesson)."""
    return attribute_points(c4_woe(), -1.0, np.log(sum(BADS) / sum(GOODS)), 1, SCALING)


# C5: the three-feature log-odds model with an interaction
C5_BACKGROUND = np.array([[0.2, 0, 5], [0.4, 0, 4], [0.6, 1, 3], [0.2, 1, 6]])
C5_APPLICANT = np.array([0.9, 2, 3])


def c5_model(x) -> np.ndarray:
    u, d, i = np.atleast_2d(np.asarray(x, dtype=float)).T
    return -4 + 2 * u + 0.5 * d + 1.0 * u * d - 0.1 * i


def c5_phi() -> np.ndarray:
    return shapley_values(c5_model, C5_APPLICANT, C5_BACKGROUND)


def c5_base() -> float:
    return float(c5_model(C5_BACKGROUND).mean())


# C6: partial dependence of an unconstrained PD model on months since the last delinquency (%)
C6_PD = [9.0, 6.5, 7.2, 4.1, 3.0]


def c6_violations() -> int:
    """Steps where PD rises although the constraint (-1) says it must not."""
    return int(np.sum(np.diff(C6_PD) > 0))


def ai_act_max_fine(turnover_m: float, sme: bool = False) -> float:
    """Article 99(4) cap in EUR millions: 15 or 3% of turnover, higher (lower for SMEs, Art. 99(6))."""
    pick = min if sme else max
    return pick(15.0, 0.03 * turnover_m)


# question id -> the answer recomputed, in the question's unit
NUMERIC_ANSWERS = {
    # C1
    "c1-whale-buggy-change": lambda: 100 * (2.5 - 2.0) / (2.5 + 2.0),
    # C2
    "c2-psi-four-bins": lambda: psi([25, 25, 25, 25], [10, 20, 30, 40]),
    "c2-auc-pairs": c2_auc,
    "c2-gini-from-auc": lambda: 2 * 0.75 - 1,
    "c2-calibration-z": lambda: binomial_z(58, 500, 0.08),
    # C3
    "c3-points-below-average": lambda: c3_reasons(C3_NEAR_CUTOFF)[1][1],
    # C4
    "c4-woe-bin-a": lambda: c4_woe()[0],
    "c4-iv-total": c4_iv,
    "c4-score-odds-200": lambda: float(SCALING.score_from_log_odds(np.log(200))),
    "c4-points-bin-c": lambda: c4_points()[2],
    # C5
    "c5-local-accuracy-output": lambda: -2.0 + 0.8 - 0.3 - 0.2,
    "c5-output-to-pd": lambda: 100 * float(sigmoid(np.array([-1.7]))[0]),
    "c5-shapley-utilisation": lambda: c5_phi()[0],
    "c5-linear-shap": lambda: float(linear_shapley([-0.1], [3], [4.5])[0]),
    # C6
    "c6-count-violations": c6_violations,
    "c6-max-fine": lambda: ai_act_max_fine(4000),
}

# single-choice questions whose correct option shows a figure: id -> (recomputed value, decimals shown)
SINGLE_FIGURES: dict = {
    "c3-points-below-max": (lambda: reason_codes([[10, 70, 5]], [60, 80, 30], ["u", "p", "i"])[0][0][1], 0),
}

# figures printed in the lessons: slug -> list of (recomputed value, format)
LESSON_FIGURES = {
    "model-risk-basics": [
        (100 * 0.5 / 2.25, "{:.1f}%"),
        (100 * 0.5 / 4.5, "{:.1f}%"),
    ],
    "model-validation": [
        (psi(BANDS_DEV, BANDS_NOW), "**{:.3f}**"),
        *[(psi_term(e, a), "| {:.4f} |") for e, a in zip(BANDS_DEV, BANDS_NOW, strict=True)],
        (psi([25, 25, 25, 25], [10, 20, 30, 40]), "**{:.3f}**"),
        (c2_auc(), "**{:.3f}**"),
        (2 * c2_auc() - 1, "**{:.3f}**"),
        *[(binomial_z(d, n, p), "| {:.2f} |") for d, n, p in GRADES],
        *[(100 * d / n, "{:.2f}%") for d, n, p in GRADES[:2]],
        (float(expected_loss(0.08, 0.45, 1_000_000)), "{:,.0f}"),
        (float(expected_loss(0.116, 0.45, 1_000_000)), "{:,.0f}"),
    ],
    "scorecards": [
        *[(w, "| {:.3f} |") for w in c4_woe()[:1]],
        *[(w, "| {:.3f} |") for w in c4_woe()[1:]],
        *[(c, "| {:.4f} |") for c in woe_iv(GOODS, BADS)[1]],
        (c4_iv(), "**{:.3f}**"),
        (SCALING.factor, "**{:.2f}**"),
        (SCALING.offset, "**{:.2f}**"),
        (float(SCALING.score_from_log_odds(np.log(200))), "**{:.0f}**"),
        (float(SCALING.score_from_log_odds(np.log(25))), "600 - 20 = {:.0f}"),
        (np.log(sum(BADS) / sum(GOODS)), "**{:.3f}**"),
        *[(p, "| {:.2f} |") for p in c4_points()],
        *[(p, "| {:.0f} |") for p in c4_points()],
        (c4_points()[0] - c4_points()[2], "gains {:.0f} points"),
        ((GOODS[0] / BADS[0]) / (GOODS[2] / BADS[2]), "factor of {:.1f}"),
    ],
    "post-hoc-explanations": [
        *[(v, "| {:.1f} |") for v in c5_model(C5_BACKGROUND)],
        (float(c5_model(C5_APPLICANT)[0]), "**{:.1f}**"),
        (c5_base(), "**{:.1f}**"),
        *[(v, "**{:.3f}**") for v in c5_phi()],
        (c5_phi().sum(), "**{:.3f}**"),
        *[(v, "{:.3g}") for v in linear_shapley([2, 0.5, -0.1], C5_APPLICANT, C5_BACKGROUND)],
        (100 * float(sigmoid(c5_model(C5_APPLICANT))[0]), "**{:.1f}%**"),
        (100 * float(sigmoid(np.array([c5_base()]))[0]), "**{:.2f}%**"),
        (100 * float(sigmoid(c5_model(C5_BACKGROUND)).mean()), "**{:.2f}%**"),
        (100 * float(sigmoid(np.array([-1.7]))[0]), "{:.1f}%"),
        (100 * float(sigmoid(np.array([-2.0]))[0]), "{:.1f}%"),
    ],
    "monotonic-constraints-eu-rights": [
        *[(d, "| {:+.1f} |") for d in np.diff(C6_PD)[1:2]],
        *[(d, "| {:.1f} |") for d in np.diff(C6_PD)[[0, 2]]],
        (c6_violations(), "**{:d} violation** in 4 steps"),
    ],
    "adverse-action": [
        *[(pts, C3_SHORT[name] + " ({:.0f})") for name, pts in c3_reasons(C3_MAX)[:3]],
        *[(pts, C3_SHORT[name] + " ({:.0f})") for name, pts in c3_reasons(C3_NEAR_CUTOFF)],
    ],
}


# --- numeric answers ----------------------------------------------------------------------------


def test_it_recomputes_every_numeric_answer_within_its_tolerance():
    check_numeric_answers((q for _, q in all_questions()), NUMERIC_ANSWERS)


def test_it_recomputes_the_figure_in_each_correct_figure_choice():
    check_figure_choices((q for _, q in all_questions()), SINGLE_FIGURES)


def test_the_reason_code_orders_in_the_lesson_follow_the_function():
    assert [n for n, _ in c3_reasons(C3_MAX)] == [C3_NAMES[0], C3_NAMES[3], C3_NAMES[2], C3_NAMES[1]]
    assert [n for n, _ in c3_reasons(C3_NEAR_CUTOFF)] == [C3_NAMES[0], C3_NAMES[2], C3_NAMES[3]]
    text = lesson_text("adverse-action")
    for reference in (C3_MAX, C3_NEAR_CUTOFF):
        printed = ", ".join(f"({name!r}, {pts:.1f})" for name, pts in c3_reasons(reference))
        assert printed in text.replace("# ", ""), f"lesson should print {printed}"


def test_a_single_woe_characteristic_fits_coefficient_minus_one_and_intercept_ln_b_over_g():
    woe = c4_woe()
    x = np.concatenate([np.full(g + b, w) for g, b, w in zip(GOODS, BADS, woe, strict=True)])
    y = np.concatenate([np.r_[np.zeros(g), np.ones(b)] for g, b in zip(GOODS, BADS, strict=True)])
    model = fit_logistic(x, y)
    assert abs(model.coef[0] + 1) < 1e-6
    assert abs(model.intercept - np.log(sum(BADS) / sum(GOODS))) < 1e-6
    assert iv_strength(c4_iv()) == "strong"
    assert all(np.diff(woe) < 0), "utilisation WOE should fall bin by bin"


def test_the_shapley_values_add_up_and_split_the_interaction_as_the_lesson_says():
    phi = c5_phi()
    assert abs(phi.sum() - (c5_model(C5_APPLICANT)[0] - c5_base())) < 1e-12
    linear = linear_shapley([2, 0.5, -0.1], C5_APPLICANT, C5_BACKGROUND)
    u_d = C5_APPLICANT[0] * C5_APPLICANT[1] - (C5_BACKGROUND[:, 0] * C5_BACKGROUND[:, 1]).mean()
    assert abs((phi - linear)[:2].sum() - u_d) < 1e-12
    text = lesson_text("post-hoc-explanations")
    for share in (phi - linear)[:2]:
        assert f"{share:.3f}" in text
    assert f"{u_d:.1f}" in text


def test_the_sme_fine_in_the_explanation_is_the_lower_of_the_two_caps():
    (q,) = [q for _, q in all_questions() if q["id"] == "c6-max-fine"]
    assert f"EUR {ai_act_max_fine(100, sme=True):.0f} million" in q["explanation"]


def test_pdo_doubles_the_odds_not_the_pd():
    assert abs(SCALING.score_from_log_odds(np.log(100)) - SCALING.score_from_log_odds(np.log(50)) - 20) < 1e-9
    text = " ".join(q["explanation"] for _, q in all_questions() if q["id"] == "c4-pdo-cloze")
    for odds in (50, 100):
        assert f"{100 / (1 + odds):.2f}%" in text


def test_it_prints_the_recomputed_worked_example_figures_in_the_lessons():
    for slug, figures in LESSON_FIGURES.items():
        text = lesson_text(slug)
        for value, fmt in figures:
            shown = fmt.format(value)
            assert shown in text, f"{slug}: expected the figure {shown} in the lesson"


# --- structure ----------------------------------------------------------------------------------


def test_every_lesson_has_a_quiz_file_named_after_it():
    assert set(lessons()) == {doc["lesson"] for doc in quiz_docs().values()}, "a lesson has no quiz file"
    for name, doc in quiz_docs().items():
        assert name == f"{doc['lesson']}.yaml", f"{name}: file name should match the lesson slug"


def test_it_tests_every_outcome_at_least_twice_with_its_own_lessons_questions():
    for name, doc in quiz_docs().items():
        own = [o["id"] for o in lessons()[doc["lesson"]][0]["outcomes"]]
        counts = Counter(o for q in doc["questions"] for o in q["outcomes"])
        for outcome in counts:
            assert outcome in own, f"{name}: {outcome} is not an outcome of {doc['lesson']}"
        thin = [o for o in own if counts[o] < 2]
        assert not thin, f"{name}: outcomes tested fewer than twice: {thin}"


def test_each_lesson_has_at_least_eight_questions_of_mixed_types():
    overall = Counter()
    for name, doc in quiz_docs().items():
        types = Counter(q["type"] for q in doc["questions"])
        overall += types
        assert len(doc["questions"]) >= 8, f"{name}: {len(doc['questions'])} questions, want at least 8"
        assert len(types) >= 3, f"{name}: only {sorted(types)}"
    assert overall["single"] == max(overall.values()), f"single should be the most common type: {overall}"


def test_it_gives_every_single_three_choices_with_the_answer_among_them():
    for name, q in all_questions():
        if q["type"] == "single":
            assert len(q["choices"]) == 3 and len(set(q["choices"])) == 3, f"{name} {q['id']}"
            assert all(isinstance(c, str) for c in q["choices"]), f"{name} {q['id']}: choices are text"
            assert q["answer"] in q["choices"], f"{name} {q['id']}: answer is not a choice"
        if q["type"] == "multiple":
            assert q["answers"] and set(q["answers"]) < set(q["choices"]), f"{name} {q['id']}"
        if q["type"] == "truefalse":
            assert isinstance(q["answer"], bool), f"{name} {q['id']}: answer must be true or false"
        if q["type"] == "cloze":
            found = DELETION_RE.findall(q["prompt"])
            assert found and "answer" not in q, f"{name} {q['id']}: cloze needs {{{{c1::...}}}}"


def test_ids_are_unique_and_prefixed_with_their_lesson():
    ids = Counter(q["id"] for _, q in all_questions())
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    for name, doc in quiz_docs().items():
        order = lessons()[doc["lesson"]][0]["order"]
        for q in doc["questions"]:
            assert ID_RE.match(q["id"]) and q["id"].startswith(f"c{order}-"), f"{name}: {q['id']}"


def test_every_question_has_a_teaching_explanation_and_no_bare_dollars():
    for name, q in all_questions():
        assert q.get("prompt", "").strip(), f"{name} {q['id']}: empty prompt"
        assert len(q.get("explanation", "").split()) >= 25, f"{name} {q['id']}: explanation too thin"
        for text in strings_in(q):
            assert not re.search(r"\$\s*[0-9]", text), f"{name} {q['id']}: write USD, not a dollar sign"
            assert "[[" not in text and "lesson:" not in text, f"{name} {q['id']}: no links in questions"


def test_regulatory_lessons_are_dated_and_cite_primary_sources():
    for slug, (meta, body) in lessons().items():
        assert str(meta["as_of"]) == "2026-12-06", slug
        urls = [s.get("url", "") for s in meta["sources"] if isinstance(s, dict)]
        assert urls and all(u.startswith("https://") for u in urls if u), slug
        assert "## In the meeting" in body, f"{slug}: no 'In the meeting' section"
        assert "2026-12-06" in body, f"{slug}: date the regulatory statements (as of 2026-12-06)"
