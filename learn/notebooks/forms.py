"""The parameter form of a notebook page and the exercise answer form.

The parameters are declared in the notebook's front matter, so the form is built from that declaration;
validation is the notebook engine's (:mod:`learn.notebooks.params`), through
:func:`learn.notebooks.services.read_parameters`. What the learner typed always comes back in the field,
with the error beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django import forms

from learn.notebooks.params import Param, to_text

RAW_MAX = 100  # characters of one submitted parameter value kept (a longer one is an error anyway)
ANSWER_MAX = 60


@dataclass
class ParameterField:
    name: str
    label: str
    type: str  # choice | text | date | int | float | bool
    value: str  # as typed (or the default), for the input
    error: str = ""
    choices: list[str] = field(default_factory=list)
    free_text: bool = False
    minimum: str = ""
    maximum: str = ""
    pattern: str = ""

    @property
    def input_id(self) -> str:
        return f"nb-param-{self.name}"

    @property
    def step(self) -> str:
        return "1" if self.type == "int" else "any"

    @property
    def checked(self) -> bool:
        return self.value.lower() in {"1", "true", "on", "yes"}

    @property
    def free_choices_id(self) -> str:
        return f"nb-choices-{self.name}"


def _text(value) -> str:
    return "" if value is None else to_text(value)


def raw_values(declared: Mapping[str, Param], data: Mapping[str, str]) -> tuple[dict[str, str], bool]:
    """The submitted value of every declared parameter, as text (the default for one not sent), and
    whether any was sent at all (none: the page shows the defaults)."""
    raw, sent = {}, False
    for name, param in declared.items():
        if name in data:
            sent = True
            raw[name] = str(data[name])[: RAW_MAX + 1]
        else:
            raw[name] = _text(param.default)
    return raw, sent


def parameter_fields(
    declared: Mapping[str, Param], raw: Mapping[str, str], errors: Mapping[str, str]
) -> list[ParameterField]:
    return [
        ParameterField(
            name=name,
            label=param.title,
            type=param.type,
            value=raw.get(name, ""),
            error=errors.get(name, ""),
            choices=[_text(c) for c in param.choices],
            free_text=param.free_text,
            minimum=_text(param.min),
            maximum=_text(param.max),
            pattern=param.pattern,
        )
        for name, param in declared.items()
    ]


class AnswerForm(forms.Form):
    answer = forms.CharField(
        max_length=ANSWER_MAX, strip=True, error_messages={"required": "Type an answer."}
    )
    params_key = forms.CharField(max_length=2000, widget=forms.HiddenInput)
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
