"""Numbers formatted for people: 1,234 and 1,234.5 and £1,234.50."""

from decimal import Decimal, InvalidOperation


def _decimal(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def number(value):
    """Thousands separated; decimals only when there are any (2,400 or 12.5)."""
    value = _decimal(value)
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def money(value):
    value = _decimal(value)
    if value is None:
        return ""
    return f"£{value:,.2f}"


def unit_price(value):
    """A price per unit: pence, or tenths of pence when they matter (£0.6543)."""
    value = _decimal(value)
    if value is None:
        return ""
    if value == value.quantize(Decimal("0.01")):
        return f"£{value:,.2f}"
    return f"£{value.normalize():,f}"
