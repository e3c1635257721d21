"""Company statements stored in content/companies/*.yaml, as the ratio calculator uses them.

Each YAML file holds one company and a list of statements (see content/companies/apple.yaml). A statement
becomes a ``StoredStatement``: the calculator's figures (``None`` where the file does not have the line,
e.g. JPMorgan's bank balance sheet has no current/non-current split) and the ``learn.finance.statements``
structures built from them. Files are parsed once per process and again only when a file's mtime changes.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

from learn.core.source import Problem, ProblemList, parse_yaml
from learn.finance.statements import BalanceSheet, IncomeStatement

# Figure name -> where it may sit in a statement (first path present wins).
SOURCES: dict[str, tuple[str, ...]] = {
    "current_assets": ("balance_sheet.total_current_assets",),
    "current_liabilities": ("balance_sheet.total_current_liabilities",),
    "cash": ("balance_sheet.current_assets.cash_and_cash_equivalents",),
    "securities": ("balance_sheet.current_assets.marketable_securities_current",),
    "receivables": ("balance_sheet.current_assets.accounts_receivable_net",),
    "other_receivables": ("balance_sheet.current_assets.vendor_non_trade_receivables",),
    "inventories": ("balance_sheet.current_assets.inventories",),
    "total_assets": ("balance_sheet.total_assets",),
    "total_liabilities": ("balance_sheet.total_liabilities",),
    "equity": ("balance_sheet.total_equity",),
    "short_term_debt": (
        "balance_sheet.current_liabilities.commercial_paper",
        "balance_sheet.current_liabilities.short_term_debt",
    ),
    "current_ltd": (
        "balance_sheet.current_liabilities.term_debt_current",
        "balance_sheet.current_liabilities.current_portion_long_term_debt",
    ),
    "long_term_debt": (
        "balance_sheet.non_current_liabilities.term_debt_non_current",
        "balance_sheet.non_current_liabilities.long_term_debt",
        "balance_sheet.selected_lines.long_term_debt",
    ),
    "revenue": (
        "income_statement.net_sales",
        "income_statement.revenue",
        "income_statement.total_net_revenue",
    ),
    "ebit": ("income_statement.operating_income",),
    "interest": ("income_statement.interest_expense",),
    "net_income": ("income_statement.net_income",),
}


@dataclass(frozen=True)
class StoredStatement:
    key: str  # "apple-fy2023": file stem + label, used in query strings
    company: str
    ticker: str  # "AAPL"; "" when the file has none
    label: str
    period_end: dt.date
    currency: str
    units: str
    source_title: str
    source_url: str
    figures: Mapping[str, float | None]
    prior_key: str | None  # the same company's previous statement, for average balances

    @property
    def title(self) -> str:
        return f"{self.company} {self.label}"

    @property
    def has_current_split(self) -> bool:
        return self.figures["current_assets"] is not None

    @property
    def balance_sheet(self) -> BalanceSheet:
        return balance_sheet(self.figures)

    @property
    def income_statement(self) -> IncomeStatement:
        return income_statement(self.figures)


def balance_sheet(figures: Mapping[str, float | None]) -> BalanceSheet:
    """The finance structure for a set of figures; unknown lines are 0 (callers check what a ratio needs)."""
    return BalanceSheet.from_lines({k: (v or 0.0) for k, v in figures.items()})


def income_statement(figures: Mapping[str, float | None]) -> IncomeStatement:
    f = {k: (v or 0.0) for k, v in figures.items()}
    return IncomeStatement(
        revenue=f["revenue"],
        operating_income=f["ebit"],
        interest_expense=f["interest"],
        net_income=f["net_income"],
    )


@dataclass(frozen=True)
class Catalogue:
    statements: dict[str, StoredStatement]
    problems: list[Problem]  # each names the file and line, as check_content prints it


def _lookup(data: Mapping, path: str) -> float | None:
    node = data
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    if isinstance(node, bool) or not isinstance(node, int | float):
        return None
    return float(node)


class CompanyFileError(ValueError):
    """A company file that cannot be read, with its problems (each with its line)."""

    def __init__(self, problems: list) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def _parse_file(path: Path, shown: str) -> list[StoredStatement]:
    """The file's statements; a file that cannot be read raises ValueError naming ``shown``:line."""
    problems = ProblemList(shown)
    located = parse_yaml(
        path.read_text(encoding="utf-8"), first_line=1, problems=problems, what="company file"
    )
    if located is None:  # syntax, duplicate keys, impossible dates...: the same checks as every content file
        raise CompanyFileError(problems)
    doc = located.value
    if not isinstance(doc, Mapping) or not isinstance(doc.get("statements"), list):
        raise ValueError("expected a mapping with a 'statements' list")
    parsed = []
    for i, raw in enumerate(doc["statements"], 1):
        if not isinstance(raw, Mapping) or "label" not in raw or "period_end" not in raw:
            raise ValueError(f"statement {i} needs a label and a period_end")
        period_end = raw["period_end"]
        if not isinstance(period_end, dt.date):
            period_end = dt.date.fromisoformat(str(period_end))
        source = raw.get("source") or {}
        parsed.append(
            dict(
                key=f"{path.stem}-{str(raw['label']).lower()}",
                company=str(doc.get("company", path.stem)),
                ticker=str(doc.get("ticker", "") or ""),
                label=str(raw["label"]),
                period_end=period_end,
                currency=str(doc.get("currency", "")),
                units=str(doc.get("units", "")),
                source_title=str(source.get("title", "")),
                source_url=str(source.get("url", "")),
                figures={
                    name: next((v for p in paths if (v := _lookup(raw, p)) is not None), None)
                    for name, paths in SOURCES.items()
                },
            )
        )
    by_date = sorted(parsed, key=lambda s: s["period_end"])
    priors = {s["key"]: (by_date[i - 1]["key"] if i else None) for i, s in enumerate(by_date)}
    return [StoredStatement(**s, prior_key=priors[s["key"]]) for s in by_date[::-1]]


def _read(directory: Path, files: list[Path]) -> Catalogue:
    statements: dict[str, StoredStatement] = {}
    problems = []
    for path in files:
        shown = (
            str(path.relative_to(directory.parent.parent))
            if directory.parent.parent in path.parents
            else str(path)
        )
        try:
            for statement in _parse_file(path, shown):
                statements[statement.key] = statement
        except CompanyFileError as exc:
            problems.extend(exc.problems)
        except (OSError, ValueError, TypeError, yaml.YAMLError) as exc:
            problems.append(Problem(shown, 1, str(exc)))
    return Catalogue(statements, problems)


_cache: dict[Path, tuple[tuple, Catalogue]] = {}
_lock = threading.Lock()


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """All stored statements, newest first within each company; cached until a file changes."""
    directory = Path(directory or Path(settings.CONTENT_DIR) / "companies")
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    with _lock:
        cached = _cache.get(directory)
        if cached and cached[0] == stamp:
            return cached[1]
        catalogue = _read(directory, files)
        _cache[directory] = (stamp, catalogue)
        return catalogue
