"""How a percentage is shown: one rule for every page and every CSV export.

The rule: round to one decimal place, halves up, from the value's shortest decimal form (so the
float 34.45 shows as 34.5, and 69.99999999999999, float noise for 70, as 70); a whole number loses
its ".0" (75, not 75.0). Round once: pass the unrounded value (a course score is the mean of
unrounded module scores, never of rounded ones). Pure: no Flask.
"""

from decimal import ROUND_HALF_UP, Decimal

_ONE_DECIMAL = Decimal("0.1")


def percent_value(value: float) -> int | float:
    """The number to show or export: 34.444… -> 34.4, 75.96 -> 76, 80.0 -> 80."""
    rounded = Decimal(repr(float(value))).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def format_percent(value: float | None) -> str:
    """``percent_value`` with a percent sign; empty for no value."""
    return "" if value is None else f"{percent_value(value)}%"
