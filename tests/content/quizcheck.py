"""What the per-track answer tests share: reading quiz files, and the checks that recompute every numeric
answer and every figure written in a correct choice (each track's test file supplies its own tables of
recomputations)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import yaml

DELETION_RE = re.compile(r"\{\{c([0-9]+)::((?:(?!\{\{).)*?)\}\}", re.DOTALL)


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def strings_in(value) -> list[str]:
    """Every string in a parsed YAML value, however deeply nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    return []


def check_numeric_answers(questions: Iterable[dict], recomputed: Mapping[str, Callable[[], float]]) -> None:
    """Every numeric question has a recomputation, every recomputation a numeric question, and each
    answer is within its own tolerance of the recomputed value."""
    numeric = {q["id"]: q for q in questions if q["type"] == "numeric"}
    missing = sorted(set(numeric) - set(recomputed))
    assert not missing, f"numeric questions without a recomputation entry: {missing}"
    stale = sorted(set(recomputed) - set(numeric))
    assert not stale, f"recomputation entries for questions that are not numeric or no longer exist: {stale}"
    for qid, q in numeric.items():
        answer = q["answer"]
        assert isinstance(answer, (int, float)) and not isinstance(answer, bool), (
            f"{qid}: answer not a number"
        )
        assert ("tolerance" in q) != ("tolerance_rel" in q), (
            f"{qid}: give exactly one of tolerance/tolerance_rel"
        )
        allowed = q["tolerance"] if "tolerance" in q else q["tolerance_rel"] * abs(answer)
        computed = float(recomputed[qid]())
        assert abs(computed - answer) <= allowed + 1e-9 * max(1, abs(answer)), (
            f"{qid}: answer {answer} but recomputed {computed:.6g} (tolerance {allowed})"
        )


def check_figure_choices(
    questions: Iterable[dict], recomputed: Mapping[str, tuple[Callable[[], float], int]]
):
    """Each listed single-choice question's correct choice shows its recomputed figure, to the given
    number of decimals (with thousands separators)."""
    by_id = {q["id"]: q for q in questions}
    for qid, (compute, decimals) in recomputed.items():
        q = by_id[qid]
        assert q["type"] == "single", qid
        shown = f"{compute():,.{decimals}f}"
        assert shown in q["answer"], f"{qid}: correct choice should show {shown}, not {q['answer']!r}"
