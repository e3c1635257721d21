from django import template

register = template.Library()


@register.filter
def letter(index: int) -> str:
    """0 -> A, 1 -> B: CFA-style option labels."""
    return chr(ord("A") + int(index))
