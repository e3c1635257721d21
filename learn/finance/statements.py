"""Financial-statement data containers.

Frozen dataclasses holding the handful of line items the ratio functions in
``learn.finance.ratios`` need.  Amounts are in one currency unit throughout
(e.g. USD millions, as in a 10-K).  Debt is split the way a balance sheet
shows it, so that "total debt" can be defined explicitly as interest-bearing
borrowings only:

    total debt = short-term debt (commercial paper, bank borrowings)
               + current portion of long-term debt
               + long-term debt (non-current)

Source for the line-item definitions: CFA Institute, "Understanding Balance
Sheets" and "Financial Analysis Techniques" (CFA Program Level I curriculum).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# The short name company files and notebooks give each balance-sheet line, and the field it fills.
BALANCE_SHEET_LINES = {
    "cash": "cash_and_equivalents",
    "securities": "marketable_securities_current",
    "receivables": "receivables",
    "other_receivables": "other_receivables",
    "inventories": "inventories",
    "current_assets": "total_current_assets",
    "total_assets": "total_assets",
    "current_liabilities": "total_current_liabilities",
    "total_liabilities": "total_liabilities",
    "equity": "total_equity",
    "short_term_debt": "short_term_debt",
    "current_ltd": "current_portion_long_term_debt",
    "long_term_debt": "long_term_debt",
}


@dataclass(frozen=True)
class BalanceSheet:
    """Balance sheet at one reporting date (all amounts in the same unit).

    ``other_receivables`` holds receivables that are not trade receivables
    (Apple's "vendor non-trade receivables"); quick-ratio users decide
    whether to count them.  ``extras`` carries any further named items
    (e.g. operating lease liabilities) without changing the ratio
    definitions.  Source: CFA Institute, Understanding Balance Sheets.
    """

    cash_and_equivalents: float
    marketable_securities_current: float
    receivables: float
    inventories: float
    other_current_assets: float
    total_current_assets: float
    total_assets: float
    total_current_liabilities: float
    total_liabilities: float
    total_equity: float
    short_term_debt: float = 0.0
    current_portion_long_term_debt: float = 0.0
    long_term_debt: float = 0.0
    other_receivables: float = 0.0
    extras: Mapping[str, float] = field(default_factory=dict, hash=False, compare=False)

    @classmethod
    def from_lines(cls, lines: Mapping[str, float]) -> BalanceSheet:
        """From figures keyed by the short line names company files and notebooks use
        (:data:`BALANCE_SHEET_LINES`); other current assets are not broken out there (0)."""
        return cls(other_current_assets=0.0, **{f: lines[name] for name, f in BALANCE_SHEET_LINES.items()})

    @property
    def total_debt(self) -> float:
        """Interest-bearing debt: short-term + current portion LTD + long-term debt.

        Source: CFA Institute, Financial Analysis Techniques (solvency ratios
        use interest-bearing debt, not total liabilities).
        """
        return self.short_term_debt + self.current_portion_long_term_debt + self.long_term_debt

    def identity_gaps(self) -> dict[str, float]:
        """Differences for the accounting identities that can be checked.

        - ``assets``: total assets - (total liabilities + total equity)
          (the balance-sheet identity A = L + E).
        - ``current_assets``: total current assets - sum of the listed
          current-asset components (cash, current marketable securities,
          receivables, other receivables, inventories, other current assets).

        Source: CFA Institute, Understanding Balance Sheets.
        """
        components = (
            self.cash_and_equivalents
            + self.marketable_securities_current
            + self.receivables
            + self.other_receivables
            + self.inventories
            + self.other_current_assets
        )
        return {
            "assets": self.total_assets - (self.total_liabilities + self.total_equity),
            "current_assets": self.total_current_assets - components,
        }

    def check_identity(self, tolerance: float = 0.5) -> bool:
        """True when every identity gap is within ``tolerance`` (absolute units).

        A = L + E and the current-asset components add up to total current
        assets.  The default tolerance of 0.5 allows rounding in statements
        reported in whole millions.  Source: CFA Institute, Understanding
        Balance Sheets.
        """
        return all(abs(gap) <= tolerance for gap in self.identity_gaps().values())


@dataclass(frozen=True)
class IncomeStatement:
    """Income statement for one fiscal period.

    ``operating_income`` is EBIT.  Optional items are used only by
    ``check_identity``: EBITDA = EBIT + depreciation & amortisation, and
    net income = pre-tax income - income tax.  Source: CFA Institute,
    Understanding Income Statements.
    """

    revenue: float
    operating_income: float
    interest_expense: float
    net_income: float
    ebitda: float | None = None
    depreciation_amortization: float | None = None
    pretax_income: float | None = None
    income_tax: float | None = None

    def identity_gaps(self) -> dict[str, float]:
        """Gaps for the identities whose inputs are present.

        - ``ebitda``: EBITDA - (EBIT + D&A)
        - ``net_income``: net income - (pre-tax income - income tax)

        Source: CFA Institute, Understanding Income Statements.
        """
        gaps: dict[str, float] = {}
        if self.ebitda is not None and self.depreciation_amortization is not None:
            gaps["ebitda"] = self.ebitda - (self.operating_income + self.depreciation_amortization)
        if self.pretax_income is not None and self.income_tax is not None:
            gaps["net_income"] = self.net_income - (self.pretax_income - self.income_tax)
        return gaps

    def check_identity(self, tolerance: float = 0.5) -> bool:
        """True when every checkable identity holds within ``tolerance``.

        Identities with missing inputs are skipped.  Source: CFA Institute,
        Understanding Income Statements.
        """
        return all(abs(gap) <= tolerance for gap in self.identity_gaps().values())
