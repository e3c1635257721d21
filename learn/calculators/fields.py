"""What every calculator form shares: numbers as people write them, strict ranges, one clear message per
field, and field ids unique per card (a lesson may embed several calculators).

Every calculator reads GET query parameters, so a link can preset it. A parameter that is absent takes
its default; a parameter that is present but empty or unreadable is an error shown next to its field.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from learn.core.numbers import misplaced_separator, parse_number

MAX_AMOUNT = Decimal("1e15")


class AmountField(forms.DecimalField):
    """A number as people type it (read by :func:`learn.core.numbers.parse_number`, as quiz answers are):
    ``10,000,000``, ``10 000 000``, ``10'000'000``, ``1_000``, ``1.2e3``, ``(214)`` for -214.

    A field for a percentage (``percent=True``) takes a trailing ``%`` (``40%``), a field for an amount
    refuses one with its own message; an amount may carry a currency mark (``$1,000``), which changes
    nothing. Other units (``bp``, ``x``, ``m``, ``bn``) are refused: a calculator field has one unit, in
    its label. A text input, not ``type=number``: the browser would reject thousands separators and show
    its own range messages; the server owns both.
    """

    def __init__(
        self,
        *,
        label: str,
        what: str,
        lo,
        hi,
        range_message: str,
        example: str,
        required: bool = True,
        percent: bool = False,
        **kwargs,
    ):
        messages = {
            "required": f"Enter the {what}.",
            "invalid": f"The {what} must be a number, e.g. {example}.",
            # validators format their message with %-params, so a literal % must be doubled
            "min_value": range_message.replace("%", "%%"),
            "max_value": range_message.replace("%", "%%"),
        }
        widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})
        super().__init__(
            label=label,
            min_value=lo,
            max_value=hi,
            required=required,
            error_messages=messages,
            widget=widget,
            **kwargs,
        )
        self.what, self.example, self.percent = what, example, percent

    def to_python(self, value):
        if isinstance(value, str):
            value = self._plain_number(value)
        return super().to_python(value)

    def _plain_number(self, text: str) -> str:
        """The typed text as a plain number string (no separators, %, brackets), or a clear error."""
        if not text.strip():
            return ""  # DecimalField: required, or None
        number = parse_number(text)
        if number is None:
            if separator := misplaced_separator(text):
                shown = " ".join(text.split())
                shown = shown if len(shown) <= 24 else shown[:23] + "…"
                raise ValidationError(
                    f"The {self.what} “{shown}” has a misplaced {separator}: separators go only between "
                    f"groups "
                    f"of three digits, and decimals take a point, e.g. {self.example}.",
                    code="separator",
                )
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if number.unit == "%" and not self.percent:
            raise ValidationError(
                f"The {self.what} is an amount, not a percentage: remove the % sign, e.g. {self.example}.",
                code="percent",
            )
        if number.unit not in (None, "%") or (number.currency and self.percent):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number.digits


class CalculatorForm(forms.Form):
    """Base: field ids carry a per-card prefix, and each input points at its error container.

    Messages for ``min_value``, ``max_value`` and ``invalid_choice`` are %-formatted by Django with the
    limit or the value, so a literal percent sign in them is written ``%%``.
    """

    defaults: dict[str, str] = {}

    def __init__(self, params, *, prefix_id: str):
        names = set(self.base_fields)
        data = {**self.defaults, **{k: params.get(k) for k in params if k in names}}
        super().__init__(data, auto_id=f"{prefix_id}-%s")
        for name in self.fields:
            bound = self[name]
            described = f"{bound.auto_id}-errors"
            if self.fields[name].help_text:
                described += f" {bound.auto_id}-help"
            self.fields[name].widget.attrs["aria-describedby"] = described

    def number(self, name: str) -> float:
        return float(self.cleaned_data[name])
