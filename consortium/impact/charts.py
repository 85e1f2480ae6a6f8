"""Accessible bar charts drawn on the server as SVG: no script, no CDN, no inline styles.

``bar_chart`` returns markup with ``role="img"`` and a ``<title>``/``<desc>`` the chart is
labelled by; every chart is shown beside a data table with the same numbers.
"""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

# GOV.UK colours: text #0b0c0c on white (contrast 19:1), bars #1d70b8 (5.2:1 on white).
TEXT = "#0b0c0c"
BAR = "#1d70b8"
AXIS = "#505a5f"


def bar_chart(chart_id, title, description, rows, width=640, row_height=30, label_width=200):
    """Horizontal bars. ``rows`` is a list of (label, numeric value, value shown as text)."""
    value_width = 110
    bar_space = width - label_width - value_width
    largest = max((Decimal(str(v)) for _, v, _ in rows), default=Decimal(0)) or Decimal(1)
    height = row_height * max(len(rows), 1) + 10
    bars = []
    for index, (label, value, shown) in enumerate(rows):
        y = 5 + index * row_height
        length = int(Decimal(str(value)) / largest * bar_space) if value else 0
        bars.append(
            format_html(
                '<g><text x="{}" y="{}" text-anchor="end" fill="{}" font-size="14">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" fill="{}" font-size="14">{}</text></g>',
                label_width - 8,
                y + row_height // 2 + 5,
                TEXT,
                label,
                label_width,
                y + 4,
                max(length, 1 if value else 0),
                row_height - 8,
                BAR,
                label_width + length + 6,
                y + row_height // 2 + 5,
                TEXT,
                shown,
            )
        )
    return format_html(
        '<svg class="shoal-chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line x1="{lw}" y1="0" x2="{lw}" y2="{h}" stroke="{axis}"></line>{bars}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=description,
        lw=label_width,
        axis=AXIS,
        bars=mark_safe(format_html_join("", "{}", ((b,) for b in bars))),
    )
