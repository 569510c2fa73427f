"""A bar chart as inline SVG: no script, no external file, only presentation attributes (the page's
Content-Security-Policy forbids both). Coordinates are computed in Decimal and printed with one
decimal, so the same chart is the same bytes."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from reportgen.doctree import Chart

WIDTH = 520  # narrow, so that the labels stay readable when a phone scales the chart down
ROW = 34  # pixels per bar, the bar 60% of it
TOP = 8
AXIS = 26  # room for the tick labels below the bars
CHAR = 15  # width of a CJK character of the label font (15 px)
FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "SimHei", sans-serif'
BAR_COLOUR = "#4472c4"
TICKS = 5


def _n(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1')):f}"


def render_svg(chart: Chart) -> str:
    """The chart as an <svg> element that scales with the page width."""
    maximum = Decimal(chart.maximum)
    left = Decimal(min(max(len(b.label) for b in chart.bars) * CHAR + 12, WIDTH // 3))
    right = Decimal(WIDTH - 66)  # room for the value printed after a full bar
    span = right - left
    height = TOP + ROW * len(chart.bars) + AXIS
    bottom = TOP + ROW * len(chart.bars)
    label = escape(chart.caption or "柱状图")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{label}" '
           f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMidYMid meet" '
           f'style="display:block;max-width:30rem;margin:0 auto" font-family="{escape(FONT)}" font-size="15">',
           f"<title>{label}</title>"]
    for i in range(TICKS + 1):
        x = _n(left + span * i / TICKS)
        out.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{bottom}" stroke="#ccc" stroke-width="1"/>')
        tick = f"{(maximum * i / TICKS).normalize():f}"
        out.append(f'<text x="{x}" y="{bottom + 18}" text-anchor="middle" fill="#555" font-size="12">{tick}</text>')
    for i, bar in enumerate(chart.bars):
        y = Decimal(TOP + ROW * i)
        end = span * min(Decimal(bar.value), maximum) / maximum
        middle = _n(y + Decimal(ROW) / 2 + 5)
        out.append(f'<text x="{_n(left - 8)}" y="{middle}" text-anchor="end" fill="#111">{escape(bar.label)}</text>')
        out.append(f'<rect x="{_n(left)}" y="{_n(y + Decimal(ROW) * Decimal("0.2"))}" width="{_n(end)}" '
                   f'height="{_n(Decimal(ROW) * Decimal("0.6"))}" fill="{BAR_COLOUR}"/>')
        out.append(f'<text x="{_n(left + end + 6)}" y="{middle}" fill="#111">{escape(bar.text)}</text>')
    out.append(f'<line x1="{_n(left)}" y1="{TOP}" x2="{_n(left)}" y2="{bottom}" stroke="#444" stroke-width="1"/>')
    out.append("</svg>")
    return "".join(out)
