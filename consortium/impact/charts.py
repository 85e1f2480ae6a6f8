"""Accessible horizontal bar charts drawn on the server: no script, no CDN, no inline styles.

Each bar is a row: its label in HTML text (the page's font, at body size, wrapping like any
other text) and an SVG as wide as the column whose rectangle's width is a percentage, so the
bars scale with the column instead of shrinking the text with them. The value is written on
the bar when the bar is long enough to hold it, and just past its end otherwise.

The whole chart is one image (``role="img"``) named by its visible title and described by a
sentence that points to the data table with the same numbers, so a screen reader announces it
once and reads the numbers from the table.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.template.loader import render_to_string

# GOV.UK colours: text #0b0c0c on white (contrast 19:1), bars #1d70b8 (5.2:1 on white, and
# white text on the bar 5.2:1).
TEXT = "#0b0c0c"
BAR = "#1d70b8"
ON_BAR = "#ffffff"

# A bar at least this share of the longest is long enough to carry its value inside it.
INSIDE_FROM = Decimal(50)


@dataclass(frozen=True)
class Bar:
    """One row of a chart: ``width`` is the bar's length as a percentage of the column."""

    label: str
    shown: str
    width: Decimal
    value_inside: bool


def bars(rows, largest=None):
    """(label, value, value shown) rows as :class:`Bar` s, the longest filling the column.

    ``largest`` fixes the value a full-width bar stands for (100 for percentages of a
    target); by default it is the largest value. A value beyond it is drawn full width.
    """
    values = [Decimal(str(value or 0)) for _, value, _ in rows]
    scale = Decimal(str(largest)) if largest else max(values, default=Decimal(0))
    result = []
    for (label, _, shown), value in zip(rows, values, strict=True):
        width = min(value / scale * 100, Decimal(100)) if scale > 0 and value > 0 else Decimal(0)
        width = width.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        result.append(Bar(str(label), str(shown), width, width >= INSIDE_FROM))
    return result


def bar_chart(chart_id, title, description, rows, largest=None):
    """A horizontal bar chart. ``rows`` is a list of (label, numeric value, value as text)."""
    return render_to_string(
        "consortium/impact/_bar_chart.html",
        {
            "chart_id": chart_id,
            "title": title,
            "description": description,
            "bars": bars(rows, largest),
            "colours": {"text": TEXT, "bar": BAR, "on_bar": ON_BAR},
        },
    )
