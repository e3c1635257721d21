"""The balance-sheet ratio calculator: a stored 10-K statement (content/companies/) or figures typed in;
liquidity, solvency, coverage and DuPont ROE out, each computed by :mod:`learn.finance.ratios` and shown
with its formula and the figures filled in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django import forms

from learn.calculators.fields import MAX_AMOUNT, AmountField, CalculatorForm
from learn.calculators.formatting import fmt_figure, fmt_number, fmt_pct
from learn.finance import ratios
from learn.market.companies import Catalogue, StoredStatement, balance_sheet, income_statement

TITLE = "Balance-sheet ratios"
HEADING = "Balance-sheet ratio calculator"
EYEBROW = "Financial statements"
LEDE = (
    "Liquidity, solvency, interest coverage and DuPont ROE, from a stored 10-K statement or your own "
    "figures. "
    ""
    "Every row shows its formula with the figures filled in."
)
CARD_TITLE = "Ratios from a balance sheet and income statement"

# --------------------------------------------------------------------------- the form


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    non_negative: bool = True


FIGURE_GROUPS: list[tuple[str, list[Figure]]] = [
    (
        "Current assets and liabilities",
        [
            Figure("current_assets", "Current assets"),
            Figure("current_liabilities", "Current liabilities"),
            Figure("cash", "Cash and equivalents"),
            Figure("securities", "Marketable securities (current)"),
            Figure("receivables", "Trade receivables"),
            Figure("other_receivables", "Other (non-trade) receivables"),
            Figure("inventories", "Inventories"),
        ],
    ),
    (
        "Totals and debt",
        [
            Figure("total_assets", "Total assets"),
            Figure("total_liabilities", "Total liabilities"),
            Figure("equity", "Total equity", non_negative=False),
            Figure("short_term_debt", "Short-term debt (e.g. commercial paper)"),
            Figure("current_ltd", "Current portion of long-term debt"),
            Figure("long_term_debt", "Long-term debt (non-current)"),
        ],
    ),
    (
        "Income statement",
        [
            Figure("revenue", "Revenue"),
            Figure("ebit", "Operating income (EBIT)", non_negative=False),
            Figure("interest", "Interest expense"),
            Figure("net_income", "Net income", non_negative=False),
        ],
    ),
]
FIGURES = {f.name: f for _, group in FIGURE_GROUPS for f in group}


class RatiosForm(CalculatorForm):
    """A stored statement, or figures typed in; blank figures are unknown, and ratios needing them show
    n/a."""

    statement = forms.ChoiceField(
        label="Company statement",
        required=False,
        error_messages={"invalid_choice": "Pick a statement from the list."},
    )
    loaded = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, params, *, prefix_id: str, statements):
        super().__init__(params, prefix_id=prefix_id)
        self.fields["statement"].choices = [("", "My own figures")] + [(s.key, s.title) for s in statements]

    def figures(self) -> dict[str, float | None]:
        return {
            name: None if self.cleaned_data[name] is None else float(self.cleaned_data[name])
            for name in FIGURES
        }

    def figure_groups(self):
        return [(title, [self[f.name] for f in group]) for title, group in FIGURE_GROUPS]


def _figure_field(figure: Figure) -> AmountField:
    lo = 0 if figure.non_negative else -MAX_AMOUNT
    message = (
        f"{figure.label} cannot be negative and must be below 1,000,000,000,000,000."
        if figure.non_negative
        else f"{figure.label} must be within ±1,000,000,000,000,000."
    )
    return AmountField(
        label=figure.label,
        what=figure.label[0].lower() + figure.label[1:],
        lo=lo,
        hi=MAX_AMOUNT,
        example="143,566",
        required=False,
        range_message=message,
    )


for _figure in FIGURES.values():
    RatiosForm.base_fields[_figure.name] = _figure_field(_figure)


# --------------------------------------------------------------------------- the result


DEBT = "Debt is interest-bearing only: short-term debt + current portion of long-term debt + long-term debt."
DEBT_NEEDS = ("short_term_debt", "current_ltd", "long_term_debt")


@dataclass(frozen=True)
class RatioSpec:
    section: str
    name: str
    formula: str
    shown: str  # the formula with the figures, names in braces
    definition: str
    needs: tuple[str, ...]
    compute: Callable
    kind: str  # "ratio", "times", "pct", "amount"


RATIO_SPECS = [
    RatioSpec(
        "Liquidity",
        "Current ratio",
        "current assets / current liabilities",
        "{current_assets} / {current_liabilities}",
        "Ending balances.",
        ("current_assets", "current_liabilities"),
        lambda bs, inc: ratios.current_ratio(bs),
        "ratio",
    ),
    RatioSpec(
        "Liquidity",
        "Quick ratio",
        "(cash + marketable securities + trade receivables) / current liabilities",
        "({cash} + {securities} + {receivables}) / {current_liabilities}",
        "Trade receivables only; inventories and other current assets never count. Ending balances.",
        ("cash", "securities", "receivables", "current_liabilities"),
        lambda bs, inc: ratios.quick_ratio(bs),
        "ratio",
    ),
    RatioSpec(
        "Liquidity",
        "Quick ratio with other receivables",
        "(cash + marketable securities + trade and other receivables) / current liabilities",
        "({cash} + {securities} + {receivables} + {other_receivables}) / {current_liabilities}",
        "Adds non-trade receivables (Apple's vendor non-trade receivables); the CFA definition leaves this "
        "choice to the analyst.",
        ("cash", "securities", "receivables", "other_receivables", "current_liabilities"),
        lambda bs, inc: ratios.quick_ratio(bs, include_other_receivables=True),
        "ratio",
    ),
    RatioSpec(
        "Liquidity",
        "Cash ratio",
        "(cash + marketable securities) / current liabilities",
        "({cash} + {securities}) / {current_liabilities}",
        "Current marketable securities only.",
        ("cash", "securities", "current_liabilities"),
        lambda bs, inc: ratios.cash_ratio(bs),
        "ratio",
    ),
    RatioSpec(
        "Liquidity",
        "Working capital",
        "current assets − current liabilities",
        "{current_assets} − {current_liabilities}",
        "An amount, in the statement's units.",
        ("current_assets", "current_liabilities"),
        lambda bs, inc: ratios.working_capital(bs),
        "amount",
    ),
    RatioSpec(
        "Solvency",
        "Total debt",
        "short-term debt + current portion of LTD + long-term debt",
        "{short_term_debt} + {current_ltd} + {long_term_debt}",
        "Interest-bearing debt only: not accounts payable, deferred revenue or other liabilities.",
        DEBT_NEEDS,
        lambda bs, inc: ratios.total_debt(bs),
        "amount",
    ),
    RatioSpec(
        "Solvency",
        "Debt-to-equity",
        "total debt / total equity",
        "{debt} / {equity}",
        DEBT,
        (*DEBT_NEEDS, "equity"),
        lambda bs, inc: ratios.debt_to_equity(bs),
        "ratio",
    ),
    RatioSpec(
        "Solvency",
        "Debt-to-capital",
        "total debt / (total debt + total equity)",
        "{debt} / ({debt} + {equity})",
        DEBT,
        (*DEBT_NEEDS, "equity"),
        lambda bs, inc: ratios.debt_to_capital(bs),
        "pct",
    ),
    RatioSpec(
        "Solvency",
        "Debt-to-assets",
        "total debt / total assets",
        "{debt} / {total_assets}",
        DEBT,
        (*DEBT_NEEDS, "total_assets"),
        lambda bs, inc: ratios.debt_to_assets(bs),
        "pct",
    ),
    RatioSpec(
        "Solvency",
        "Equity multiplier",
        "total assets / total equity",
        "{total_assets} / {equity}",
        "Financial leverage; ending balances.",
        ("total_assets", "equity"),
        lambda bs, inc: ratios.equity_multiplier(bs),
        "ratio",
    ),
    RatioSpec(
        "Solvency",
        "Liabilities-to-equity",
        "total liabilities / total equity",
        "{total_liabilities} / {equity}",
        "All liabilities, not just debt; equals the equity multiplier − 1 when assets = liabilities + "
        "equity.",
        ("total_liabilities", "equity"),
        lambda bs, inc: ratios.liabilities_to_equity(bs),
        "ratio",
    ),
    RatioSpec(
        "Coverage",
        "Interest coverage",
        "EBIT / interest expense",
        "{ebit} / {interest}",
        "EBIT is reported operating income; both from the same fiscal year.",
        ("ebit", "interest"),
        lambda bs, inc: ratios.interest_coverage(inc),
        "times",
    ),
]
DUPONT_NEEDS = ("net_income", "revenue", "total_assets", "equity")


@dataclass(frozen=True)
class RatioRow:
    name: str
    formula: str
    shown: str
    definition: str
    value: str | None  # None: n/a, with the reason
    raw: float | None
    reason: str


@dataclass
class RatioOutcome:
    statement: StoredStatement | None
    edited: list[str]
    units: str
    sections: list[tuple[str, list[RatioRow]]]
    dupont: list[dict] = field(default_factory=list)
    dupont_reason: str = ""
    identity_gap: str = ""
    equity_warning: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def canonical_query(self) -> str:
        return f"statement={self.statement.key}" if self.statement and not self.edited else ""


def _fmt_kind(value: float, kind: str) -> str:
    if kind == "pct":
        return fmt_pct(value, 1)
    if kind == "amount":
        return fmt_figure(value)
    return fmt_number(value, 2) + ("x" if kind == "times" else "")


def _label(name: str) -> str:
    text = FIGURES[name].label
    return text[0].lower() + text[1:]


def _missing_reason(missing: list[str], statement: StoredStatement | None) -> str:
    where = (
        f" (the stored {statement.title} statement does not have {'it' if len(missing) == 1 else 'them'})"
        if statement
        else ""
    )
    return "n/a: needs " + ", ".join(_label(n) for n in missing) + where


def ratio_result(form, catalogue: Catalogue) -> RatioOutcome:
    figures = form.figures()
    statement = catalogue.statements.get(form.cleaned_data["statement"])
    edited = []
    if statement:
        edited = [
            _label(n)
            for n, v in figures.items()
            if (v is None) != (statement.figures[n] is None)
            or (v is not None and abs(v - statement.figures[n]) > 1e-9)
        ]
    bs, inc = balance_sheet(figures), income_statement(figures)
    shown: dict[str, str] = {n: fmt_figure(v) if v is not None else "?" for n, v in figures.items()}
    shown["debt"] = fmt_figure(bs.total_debt) if all(figures[n] is not None for n in DEBT_NEEDS) else "?"
    sections: dict[str, list[RatioRow]] = {}
    equity = figures["equity"]
    for spec in RATIO_SPECS:
        missing = [n for n in spec.needs if figures[n] is None]
        value = raw = None
        reason = ""
        if missing:
            reason = _missing_reason(missing, statement if not edited else None)
        elif "equity" in spec.needs and equity <= 0:
            reason = f"n/m: total equity is {_sign_word(equity)} (see the warning above)"
        else:
            try:
                raw = float(spec.compute(bs, inc))
                value = _fmt_kind(raw, spec.kind)
            except ZeroDivisionError:
                reason = "n/a: the denominator is zero"
        sections.setdefault(spec.section, []).append(
            RatioRow(spec.name, spec.formula, spec.shown.format(**shown), spec.definition, value, raw, reason)
        )
    units = f"{statement.currency} {statement.units}" if statement else "your units"
    outcome = RatioOutcome(statement, edited, units, list(sections.items()))
    if equity is not None and equity <= 0:
        outcome.equity_warning = _equity_warning(equity)
    _add_dupont(outcome, figures, bs, inc, catalogue)
    if all(figures[n] is not None for n in ("total_assets", "total_liabilities", "equity")):
        gap = bs.identity_gaps()["assets"]
        if abs(gap) > 0.5:
            outcome.identity_gap = (
                f"Total assets ({fmt_figure(bs.total_assets)}) differ from liabilities + equity "
                f"({fmt_figure(bs.total_liabilities + bs.total_equity)}) by {fmt_figure(gap)}: check the "
                f"figures."
            )
    if statement and not statement.has_current_split:
        outcome.notes.append(
            f"The stored {statement.title} balance sheet has no current/non-current split (banks do not "
            "report one), so the liquidity ratios do not apply."
        )
    return outcome


EQUITY_RATIOS = [spec.name for spec in RATIO_SPECS if "equity" in spec.needs]


def _sign_word(x: float) -> str:
    return "negative" if x < 0 else "zero"


def _equity_warning(equity: float) -> str:
    """Why the ratios built on equity are shown as n/m when book equity is zero or negative."""
    names = ", ".join(name.lower() for name in EQUITY_RATIOS[:-1]) + " and " + EQUITY_RATIOS[-1].lower()
    if equity < 0:
        what = (
            f"Total equity is negative ({fmt_figure(equity)}): the balance sheet shows more liabilities than "
            "assets. Negative book equity follows large share buybacks or dividends (common at mature, "
            "profitable companies) or accumulated losses; on its own it does not mean the company is "
            "insolvent."
        )
        why = (
            "Below zero these ratios change sign, and the smaller the deficit the larger they get, so "
            "they no "
            ""
            "longer measure leverage or return."
        )
    else:
        what = "Total equity is zero: on the books, the liabilities use up all the assets."
        why = (
            "They divide by zero or, for debt-to-capital, count debt as the whole capital, which says "
            "nothing."
        )
    return (
        f"{what} The ratios built on equity are not meaningful and show n/m: {names}, and the equity "
        f"multiplier and ROE in the DuPont table. {why} Debt-to-assets and interest coverage still apply."
    )


def _add_dupont(outcome: RatioOutcome, figures: Mapping, bs, inc, catalogue: Catalogue) -> None:
    missing = [n for n in DUPONT_NEEDS if figures[n] is None]
    if missing:
        outcome.dupont_reason = _missing_reason(missing, outcome.statement if not outcome.edited else None)
        return
    bases = [("Ending balances", None)]
    statement = outcome.statement
    prior = catalogue.statements.get(statement.prior_key) if statement and statement.prior_key else None
    if prior and all(prior.figures[n] is not None for n in ("total_assets", "equity")):
        bases.append((f"Average of {prior.label} and {statement.label} balances", prior.balance_sheet))
    for title, prior_bs in bases:
        # ROE on an equity base at or below zero, or crossing zero during the year, means nothing.
        lowest_equity = min(bs.total_equity, prior_bs.total_equity if prior_bs else bs.total_equity)
        meaningful = lowest_equity > 0
        try:
            d = ratios.dupont(inc, bs, prior_bs)
        except ZeroDivisionError:
            outcome.dupont_reason = (
                "n/m: total equity is zero (see the warning above)"
                if lowest_equity == 0
                else "n/a: revenue, assets or equity is zero"
            )
            return
        outcome.dupont.append(
            {
                "title": title,
                "basis": d.basis,
                "margin": fmt_pct(d.net_profit_margin, 1),
                "turnover": fmt_number(d.asset_turnover, 2),
                "multiplier": fmt_number(d.equity_multiplier, 2) if meaningful else "n/m",
                "roe": fmt_pct(d.roe, 1) if meaningful else "n/m",
                "roe_raw": d.roe,
                "meaningful": meaningful,
            }
        )
