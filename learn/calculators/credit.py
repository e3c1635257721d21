"""The expected loss and Basel IRB calculator: PD, LGD, EAD and maturity in; every step of the corporate
risk-weight function out, each figure from :mod:`learn.finance.credit`."""

from __future__ import annotations

from django import forms

from learn.calculators.fields import MAX_AMOUNT, AmountField, CalculatorForm
from learn.calculators.formatting import fmt_input_pct, fmt_money, fmt_number, fmt_pct
from learn.finance.credit import (
    PD_FLOOR_BASEL2,
    PD_FLOOR_BASEL3,
    expected_loss,
    irb_corporate,
    minimum_capital,
)

TITLE = "Expected loss and Basel IRB capital"
EYEBROW = "Credit risk"
LEDE = (
    "The Basel corporate risk-weight function, step by step: from PD, LGD, EAD and maturity to risk weight, "
    "RWA and the minimum capital a bank holds against the loan."
)
CARD_TITLE = "Expected loss and IRB capital for a corporate exposure"


PD_FLOORS = {"basel3": PD_FLOOR_BASEL3, "basel2": PD_FLOOR_BASEL2}


class CreditForm(CalculatorForm):
    pd = AmountField(
        label="PD (%)",
        what="PD",
        lo=0,
        hi=100,
        example="1",
        percent=True,
        range_message="PD must be between 0 and 100%.",
        help_text="One-year probability of default.",
    )
    lgd = AmountField(
        label="LGD (%)",
        what="LGD",
        lo=0,
        hi=100,
        example="45",
        percent=True,
        range_message="LGD must be between 0 and 100%.",
        help_text="Loss given default, as a share of EAD.",
    )
    ead = AmountField(
        label="EAD",
        what="EAD",
        lo=0,
        hi=MAX_AMOUNT,
        example="1,000,000",
        range_message="EAD must be between 0 and 1,000,000,000,000,000.",
        help_text="Exposure at default, in any currency.",
    )
    maturity = AmountField(
        label="Maturity M (years)",
        what="maturity",
        lo=1,
        hi=5,
        example="2.5",
        range_message="Maturity must be between 1 and 5 years (the IRB floor and cap).",
    )
    floor = forms.ChoiceField(
        label="PD floor",
        choices=[("basel3", "Basel III: 0.05%"), ("basel2", "Basel II: 0.03%")],
        error_messages={"invalid_choice": "Pick the Basel III (0.05%%) or the Basel II (0.03%%) floor."},
    )
    defaults = {"pd": "1", "lgd": "45", "ead": "1,000,000", "maturity": "2.5", "floor": "basel3"}

    @property
    def pd_floor(self) -> float:
        return PD_FLOORS[self.cleaned_data["floor"]]


def credit_result(form: CreditForm) -> dict[str, str | bool]:
    pd_in = form.number("pd") / 100
    lgd = form.number("lgd") / 100
    ead = form.number("ead")
    m = form.number("maturity")
    floor = form.pd_floor
    irb = irb_corporate(pd_in, lgd, m, ead, floor)
    pd, rwa, k = float(irb.pd), float(irb.rwa), float(irb.capital_k)
    minimum = minimum_capital(rwa)
    defaulted = pd >= 1
    out: dict[str, str | bool] = {
        "pd": fmt_input_pct(pd),
        "pd_entered": fmt_input_pct(pd_in),
        "floored": pd > pd_in,
        "floor": fmt_input_pct(floor),
        "defaulted": defaulted,
        "lgd": fmt_input_pct(lgd),
        "ead": fmt_money(ead),
        "maturity": f"{round(m, 6):g}",
        "el": fmt_money(float(expected_loss(pd, lgd, ead))),
        "w": fmt_number(float(irb.correlation_weight), 4),
        "r": fmt_number(float(irb.correlation), 4),
        "b": fmt_number(float(irb.maturity_b), 4),
        "ma": fmt_number(float(irb.maturity_adjustment), 4),
        "k": fmt_pct(k, 3),
        "risk_weight": fmt_pct(float(irb.risk_weight), 2),
        "rwa": fmt_money(rwa),
        "capital_8": fmt_money(float(minimum.total)),
        "cet1_45": fmt_money(float(minimum.cet1)),
        "cet1_70": fmt_money(float(minimum.cet1_with_buffer)),
    }
    if not defaulted:
        out["conditional_pd"] = fmt_pct(float(irb.conditional_pd), 2)
    return out
