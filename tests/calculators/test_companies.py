"""Stored company statements: parsed from content/companies/*.yaml, cached until a file changes."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from learn.finance import ratios
from learn.market import companies

REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"


def write(path, text):
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


MINI = """
company: Mini Corp
currency: EUR
units: thousands
statements:
  - period_end: 2024-12-31
    label: FY2024
    balance_sheet:
      total_current_assets: 120
      total_current_liabilities: 80
      total_assets: 500
      total_liabilities: 300
      total_equity: 200
    income_statement:
      revenue: 400
      net_income: 40
  - period_end: 2023-12-31
    label: FY2023
    balance_sheet:
      total_assets: 450
      total_liabilities: 290
      total_equity: 160
"""


def test_it_loads_apple_into_finance_structures():
    catalogue = companies.load_catalogue()
    assert catalogue.problems == []
    apple = catalogue.statements["apple-fy2023"]
    assert apple.title == "Apple Inc. FY2023"
    assert apple.prior_key == "apple-fy2022"
    bs = apple.balance_sheet
    assert bs.total_debt == 5_985 + 9_822 + 95_281
    assert bs.identity_gaps()["assets"] == 0
    assert round(ratios.current_ratio(bs), 3) == 0.988
    assert apple.income_statement.interest_expense == 3_933
    assert catalogue.statements["apple-fy2022"].figures["interest"] is None
    jpm = catalogue.statements["jpmorgan-fy2023"]
    assert not jpm.has_current_split
    assert jpm.figures["long_term_debt"] == 391_825
    assert jpm.figures["revenue"] is None


def test_it_reads_a_company_folder_and_links_prior_years(tmp_path):
    write(tmp_path / "mini.yaml", MINI)
    catalogue = companies.load_catalogue(tmp_path)
    assert list(catalogue.statements) == ["mini-fy2024", "mini-fy2023"]
    latest = catalogue.statements["mini-fy2024"]
    assert latest.prior_key == "mini-fy2023"
    assert latest.units == "thousands" and latest.currency == "EUR"
    assert latest.figures["revenue"] == 400
    assert latest.figures["cash"] is None


def test_it_caches_until_a_file_changes(tmp_path):
    path = tmp_path / "mini.yaml"
    write(path, MINI)
    first = companies.load_catalogue(tmp_path)
    assert companies.load_catalogue(tmp_path) is first
    write(path, MINI.replace("Mini Corp", "Mini Group"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = companies.load_catalogue(tmp_path)
    assert second is not first
    assert second.statements["mini-fy2024"].company == "Mini Group"


def test_it_reports_a_broken_file_and_keeps_the_others(tmp_path):
    write(tmp_path / "mini.yaml", MINI)
    write(tmp_path / "broken.yaml", "company: [unclosed\n")
    write(tmp_path / "empty.yaml", "company: Nothing\n")
    catalogue = companies.load_catalogue(tmp_path)
    assert "mini-fy2024" in catalogue.statements
    assert len(catalogue.problems) == 2
    assert any("empty.yaml" in str(p) and "'statements' list" in str(p) for p in catalogue.problems)


def test_the_page_shows_company_file_problems(client, settings, tmp_path):
    folder = tmp_path / "companies"
    folder.mkdir()
    write(folder / "broken.yaml", "statements: [1, 2]\n")
    settings.CONTENT_DIR = tmp_path
    markup = client.get("/calculators/ratios/").content.decode()
    assert "Some company files could not be read" in markup
    assert "companies/broken.yaml:1: statement 1 needs a label and a period_end" in markup


def test_check_content_names_the_line_of_a_broken_company_file(tmp_path, capsys):
    import shutil

    from django.core.management import call_command
    from django.core.management.base import CommandError

    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    apple = content / "companies" / "apple.yaml"
    lines = apple.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "period_end:" in line)
    lines.insert(at + 1, " " * lines[at].index("period_end") + "period_end: 2023-09-30")
    apple.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("check_content", content_dir=content, quizzes_dir=REPO_CONTENT.parent / "quizzes")
    out = capsys.readouterr().out
    assert (
        f"content/companies/apple.yaml:{at + 2}: duplicate key 'period_end' (first on line {at + 1})" in out
    )
