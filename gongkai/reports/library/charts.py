"""Charts for the comparison page as inline SVG, rendered on the server (no JavaScript, nothing
from a CDN). Each chart is an image with a ``<title>`` and a ``<desc>`` (``role="img"``,
``aria-labelledby``); the page puts a data table with the same figures next to it, which is
the accessible form of the chart. Series differ by colour (Okabe–Ito, safe for colour-blind
readers) and by dash pattern, so the chart still reads in grey.

Pure: data in, markup out; every text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "3 6")
FONT = 'font-family="inherit" font-size="12"'


def _colour(n: int) -> str:
    return PALETTE[n % len(PALETTE)]


def _dash(n: int) -> str:
    dash = DASHES[n % len(DASHES)]
    return f' stroke-dasharray="{dash}"' if dash else ""


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ not below ``value`` (an axis end); 1 for nothing."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _number(value: float) -> str:
    return f"{value:g}" if value < 1e6 else f"{value:,.0f}"


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _legend(names: Sequence[str], *, top: float, left: float, line: bool) -> list[str]:
    out = []
    for n, name in enumerate(names):
        y = top + n * 18
        if line:
            mark = (
                f'<line x1="{left}" y1="{y}" x2="{left + 24}" y2="{y}" stroke="{_colour(n)}" '
                f'stroke-width="2.5"{_dash(n)}/>'
            )
        else:
            mark = f'<rect x="{left}" y="{y - 6}" width="16" height="12" fill="{_colour(n)}"/>'
        out.append(f'{mark}<text x="{left + 30}" y="{y + 4}" {FONT}>{escape(name)}</text>')
    return out


def line_chart(
    chart_id: str,
    *,
    title: str,
    desc: str,
    years: Sequence[int],
    series: Sequence[tuple[str, dict[int, int | None]]],
    unit: str = "件",
) -> SafeString:
    """One line per series over the years; a gap where a year is unknown."""
    width, left, right, top, plot_h = 640, 56, 16, 16, 220
    legend_top = top + plot_h + 40
    height = legend_top + 18 * len(series) + 8
    values = [v for _, points in series for v in points.values() if v is not None]
    ymax = nice_ceiling(max(values, default=0))
    span = max(len(years) - 1, 1)
    plot_w = width - left - right

    inner = plot_w - 2 * 16  # keep the first and last points off the axes

    def x(i: int) -> float:
        return left + 16 + (inner * i / span if len(years) > 1 else inner / 2)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / ymax

    out = _open(chart_id, width, height, title, desc)
    for k in range(5):
        v = ymax * k / 4
        out.append(
            f'<line x1="{left}" y1="{y(v):.1f}" x2="{width - right}" y2="{y(v):.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" '
            f"{FONT}>{_number(v)}</text>"
        )
    for i, year in enumerate(years):
        out.append(
            f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle" {FONT}>'
            f"{year}</text>"
        )
    out.append(f'<text x="{left}" y="{top - 4}" {FONT}>{escape(unit)}</text>' if unit else "")
    for n, (name, points) in enumerate(series):
        segment: list[str] = []
        segments = []
        for i, year in enumerate(years):
            value = points.get(year)
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x(i):.1f},{y(value):.1f}")
            out.append(
                f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3.5" fill="{_colour(n)}">'
                f"<title>{escape(name)} {year}年：{_number(value)}{escape(unit)}</title></circle>"
            )
        if segment:
            segments.append(segment)
        for points_text in segments:
            if len(points_text) > 1:
                out.append(
                    f'<polyline points="{" ".join(points_text)}" fill="none" '
                    f'stroke="{_colour(n)}" stroke-width="2.5"{_dash(n)}/>'
                )
    out.extend(_legend([name for name, _ in series], top=legend_top, left=left, line=True))
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above is escaped


def stacked_bars(
    chart_id: str,
    *,
    title: str,
    desc: str,
    categories: Sequence[str],
    bars: Sequence[tuple[str, Sequence[int] | None]],
) -> SafeString:
    """One horizontal bar per row, 100 % wide, split by the share of each category; a row
    whose figures are unknown (None) is drawn as a note instead of a bar."""
    width, label_w, right, top, bar_h, gap = 640, 200, 16, 8, 22, 10
    plot_w = width - label_w - right
    bars_h = len(bars) * (bar_h + gap)
    legend_top = top + bars_h + 16
    height = legend_top + 18 * len(categories) + 8
    out = _open(chart_id, width, height, title, desc)
    for r, (name, values) in enumerate(bars):
        y = top + r * (bar_h + gap)
        out.append(
            f'<text x="{label_w - 8}" y="{y + bar_h / 2 + 4:.1f}" text-anchor="end" {FONT}>'
            f"{escape(_short(name))}</text>"
        )
        total = sum(values) if values is not None else 0
        if not total:
            note = "数据不全" if values is None else "没有办结的申请"
            out.append(
                f'<text x="{label_w}" y="{y + bar_h / 2 + 4:.1f}" {FONT} fill="#555">{note}</text>'
            )
            continue
        x = float(label_w)
        for c, value in enumerate(values):
            w = plot_w * value / total
            if w <= 0:
                continue
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{_colour(c)}"><title>{escape(name)} {escape(categories[c])}：'
                f"{value}件（{value / total:.1%}）</title></rect>"
            )
            x += w
    out.extend(_legend(categories, top=legend_top, left=label_w, line=False))
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above is escaped


def grouped_bars(
    chart_id: str,
    *,
    title: str,
    desc: str,
    measures: Sequence[str],
    bars: Sequence[tuple[str, Sequence[float | None]]],
) -> SafeString:
    """Horizontal bars of rates (fractions), one group per row, one bar per measure; an
    unknown rate is written as such."""
    width, label_w, right, top, bar_h, gap = 640, 200, 56, 8, 12, 12
    plot_w = width - label_w - right
    values = [v for _, row in bars for v in row if v is not None]
    xmax = nice_ceiling(max(values, default=0) * 100) / 100
    group_h = len(measures) * bar_h + gap
    legend_top = top + len(bars) * group_h + 16
    height = legend_top + 18 * len(measures) + 8
    out = _open(chart_id, width, height, title, desc)
    for r, (name, row) in enumerate(bars):
        y0 = top + r * group_h
        out.append(
            f'<text x="{label_w - 8}" y="{y0 + len(measures) * bar_h / 2 + 4:.1f}" '
            f'text-anchor="end" {FONT}>{escape(_short(name))}</text>'
        )
        for m, value in enumerate(row):
            y = y0 + m * bar_h
            if value is None:
                out.append(
                    f'<text x="{label_w + 2}" y="{y + bar_h - 2}" {FONT} fill="#555">'
                    f"{escape(measures[m])}：未知</text>"
                )
                continue
            w = plot_w * value / xmax
            out.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{_colour(m)}"><title>{escape(name)} {escape(measures[m])}：'
                f"{value:.1%}</title></rect>"
                f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 2}" {FONT}>{value:.1%}</text>'
            )
    out.extend(_legend(measures, top=legend_top, left=label_w, line=False))
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above is escaped


def _short(name: str, limit: int = 14) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
