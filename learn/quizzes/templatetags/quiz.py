from django import template

register = template.Library()


@register.filter
def letter(index: int) -> str:
    """0 -> A, 1 -> B: CFA-style option labels."""
    return chr(ord("A") + int(index))


PLACEHOLDERS = {
    "%": "e.g. 25.3 or 25.3%",
    "bp": "e.g. 120 or 1.2%",
    "x": "e.g. 0.99 or 1.5x",
    "$m": "e.g. 1,742 or -1,742",
    "$bn": "e.g. 1.7 or 1,742m",
    "$": "e.g. 137,500",
}


@register.filter
def number_placeholder(unit: str | None) -> str:
    """An example of what to type, in the question's unit."""
    return PLACEHOLDERS.get(unit or "", "e.g. 0.99 or 1,742")
