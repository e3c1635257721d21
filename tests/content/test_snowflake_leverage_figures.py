"""The Snowflake leverage figures the solvency lesson quotes, recomputed from its company file."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_solvency_lesson_quotes_snowflakes_liabilities_to_equity_as_the_file_gives_it():
    data = yaml.safe_load((ROOT / "content/companies/snowflake.yaml").read_text(encoding="utf-8"))
    sheets = {s["label"]: s["balance_sheet"] for s in data["statements"]}
    ratio = {label: b["total_liabilities"] / b["total_equity"] for label, b in sheets.items()}
    growth = sheets["FY2025"]["total_liabilities"] / sheets["FY2023"]["total_liabilities"]
    lesson = (ROOT / "content/balance-sheet/03-solvency-and-coverage.md").read_text(encoding="utf-8")
    assert f"rose from {ratio['FY2023']:.2f} to {ratio['FY2025']:.2f}" in lesson
    assert growth > 2 and "liabilities more than doubled" in lesson
    assert sheets["FY2025"]["total_equity"] < sheets["FY2023"]["total_equity"]  # "as its equity fell"
