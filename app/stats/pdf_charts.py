"""The charts of a statistics report as ReportLab drawings: vertical bars, a pie with its legend
and percentages, and an age pyramid (men to the left, women to the right, one bar per age band,
youngest at the bottom), each with its title and its figures written on it.

Drawn from ``tables.Series`` only (counts, never a person). Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.i18n import t
from app.pdf import fonts
from app.stats.pdf_table import figure
from app.stats.tables import Series

PALETTE = [
    colors.HexColor(h)
    for h in (
        "#2f5d8a",
        "#c0504d",
        "#6b9e3c",
        "#e3a32b",
        "#7a5195",
        "#3aa6a0",
        "#a0522d",
        "#d45087",
        "#7f7f7f",
        "#4a7fb5",
        "#9bbb59",
        "#f79646",
    )
]
MEN, WOMEN = colors.HexColor("#3b6ea5"), colors.HexColor("#c8566b")
TITLE_SIZE, TEXT = 10.5, 7.5


def _title(d: Drawing, text: str) -> None:
    d.add(
        String(
            d.width / 2,
            d.height - TITLE_SIZE - 2,
            text,
            fontName=fonts.SANS_BOLD,
            fontSize=TITLE_SIZE,
            textAnchor="middle",
        )
    )


def _empty(d: Drawing, lang: str) -> Drawing:
    d.add(
        String(
            d.width / 2,
            d.height / 2,
            t("stats_pdf.no_data", lang),
            fontName=fonts.SERIF_ITALIC,
            fontSize=9,
            textAnchor="middle",
            fillColor=colors.grey,
        )
    )
    return d


def _step(top: float) -> float:
    """A round axis step giving about five ticks up to ``top``."""
    raw = max(top / 5, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    return float(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))


def _clip(lines: list[str], most: int) -> list[str]:
    return lines if len(lines) <= most else [*lines[: most - 1], lines[most - 1].rstrip(" ,") + "…"]


def bar(d: Drawing, s: Series, lang: str) -> Drawing:
    values = [list(v) for _, v in s.series]
    top = max((x for v in values for x in v), default=0.0)
    if not s.categories or top <= 0:
        return _empty(d, lang)
    chart = VerticalBarChart()
    several = len(s.series) > 1
    chart.x, chart.width = 44, d.width - 60 - (110 if several else 0)
    slot = chart.width / len(s.categories)
    lines = [simpleSplit(c, fonts.SANS, TEXT, slot - 3) for c in s.categories]
    too_narrow = any(stringWidth(w, fonts.SANS, TEXT) > slot - 3 for c in s.categories for w in c.split())
    rotate = too_narrow or max(len(x) for x in lines) > 4
    if rotate:  # two lines at 45° instead
        lines = [_clip(simpleSplit(c, fonts.SANS, TEXT, 80), 2) for c in s.categories]
        reach = max(stringWidth(x, fonts.SANS, TEXT) for ls in lines for x in ls) * 0.71 + 2 * TEXT
        chart.x = max(chart.x, reach - slot / 2)
        chart.width = d.width - chart.x - 16 - (110 if several else 0)
        bottom = 10 + reach
    else:
        bottom = 12 + max(len(x) for x in lines) * (TEXT + 1.5)
    names = ["\n".join(x) for x in lines]
    chart.y, chart.height = bottom, d.height - bottom - TITLE_SIZE - 22
    chart.data = values
    chart.categoryAxis.categoryNames = names
    labels = chart.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.leading = fonts.SANS, TEXT, TEXT + 1.5
    labels.boxAnchor, labels.angle, labels.dy = ("ne", 45, -3) if rotate else ("n", 0, -3)
    step = _step(top * 1.1)
    axis = chart.valueAxis
    axis.valueMin, axis.valueStep = 0, step
    axis.valueMax = step * (int(top * 1.12 / step) + 1)
    axis.labels.fontName, axis.labels.fontSize = fonts.SANS, TEXT
    axis.labelTextFormat = lambda v: figure(v, False, lang)
    axis.visibleGrid, axis.gridStrokeColor, axis.gridStrokeWidth = True, colors.Color(0.85, 0.85, 0.85), 0.4
    fmt: Callable[[float], str] = lambda v: figure(v, not float(v).is_integer(), lang)  # noqa: E731
    chart.barLabelFormat = fmt
    chart.barLabels.fontName, chart.barLabels.fontSize = fonts.SANS, TEXT
    chart.barLabels.nudge, chart.barLabels.boxAnchor = 6, "s"
    chart.groupSpacing = max(2.0, slot * 0.25)
    chart.barSpacing = 1
    for n in range(len(values)):
        chart.bars[n].fillColor, chart.bars[n].strokeColor = PALETTE[n % len(PALETTE)], None
    d.add(chart)
    if several:
        pairs = [(PALETTE[n % len(PALETTE)], name) for n, (name, _) in enumerate(s.series)]
        d.add(_legend(d.width - 100, d.height - TITLE_SIZE - 22, pairs))
    return d


def _legend(x: float, y: float, pairs: list[tuple[colors.Color, str]]) -> Legend:
    legend = Legend()
    legend.x, legend.y, legend.boxAnchor = x, y, "nw"
    legend.fontName, legend.fontSize = fonts.SANS, 8
    legend.dx = legend.dy = 8
    legend.deltay, legend.columnMaximum, legend.deltax = 12, 12, 260
    legend.alignment, legend.strokeColor = "right", None
    legend.colorNamePairs = pairs
    return legend


def pie(d: Drawing, s: Series, lang: str) -> Drawing:
    values = list(s.series[0][1]) if s.series else []
    total = sum(values)
    if total <= 0:
        return _empty(d, lang)
    shown = [(n, v) for n, v in enumerate(values) if v > 0]
    size = min(d.height - TITLE_SIZE - 48, d.width * 0.4, 180)
    chart = Pie()
    chart.x, chart.y, chart.width, chart.height = 30, (d.height - TITLE_SIZE - 8 - size) / 2, size, size
    chart.data = [v for _, v in shown]
    pct = [v * 100 / total for _, v in shown]
    chart.labels = [figure(p, True, lang) + "%" if p >= 2 else "" for p in pct]
    chart.simpleLabels, chart.checkLabelOverlap = 1, 1
    chart.slices.fontName, chart.slices.fontSize, chart.slices.labelRadius = fonts.SANS, TEXT, 1.16
    chart.slices.strokeColor, chart.slices.strokeWidth = colors.white, 0.6
    chart.startAngle, chart.direction = 90, "clockwise"
    for k, (n, _) in enumerate(shown):
        chart.slices[k].fillColor = PALETTE[n % len(PALETTE)]
    d.add(chart)
    left = chart.x + size + 40
    room = d.width - left - 24
    pairs = []
    for n, c in enumerate(s.categories):
        text = f"{c}: {figure(values[n], False, lang)} ({figure(values[n] * 100 / total, True, lang)}%)"
        pairs.append((PALETTE[n % len(PALETTE)], "\n".join(_clip(simpleSplit(text, fonts.SANS, 8, room), 2))))
    d.add(_legend(left, chart.y + size, pairs))
    return d


def pyramid(d: Drawing, s: Series, lang: str) -> Drawing:
    if len(s.series) != 2 or not s.categories or max(max(v, default=0) for _, v in s.series) <= 0:
        return _empty(d, lang)
    (men_name, men), (women_name, women) = s.series
    top = max(max(men), max(women))
    gutter = max(stringWidth(c, fonts.SANS, TEXT) for c in s.categories) + 16
    centre = d.width / 2
    side = min((d.width - gutter) / 2 - 50, 260)
    low, high = 10.0, d.height - TITLE_SIZE - 26
    slot = (high - low) / len(s.categories)
    bar_h = min(slot * 0.78, 22)
    for n, label in enumerate(s.categories):
        y = low + n * slot + (slot - bar_h) / 2
        mid = y + bar_h / 2 - TEXT / 3
        d.add(String(centre, mid, label, fontName=fonts.SANS, fontSize=TEXT, textAnchor="middle"))
        for sign, value, colour in ((-1, men[n], MEN), (1, women[n], WOMEN)):
            edge = centre + sign * gutter / 2
            length = side * value / top
            d.add(Rect(min(edge, edge + sign * length), y, length, bar_h, fillColor=colour, strokeColor=None))
            end = edge + sign * (length + 3)
            d.add(
                String(
                    end,
                    mid,
                    figure(value, False, lang),
                    fontName=fonts.SANS,
                    fontSize=TEXT,
                    textAnchor="end" if sign < 0 else "start",
                )
            )
    for sign in (-1, 1):
        edge = centre + sign * gutter / 2
        d.add(Line(edge, low - 2, edge, high + 2, strokeColor=colors.grey, strokeWidth=0.5))
    for sign, name, values, colour in ((-1, men_name, men, MEN), (1, women_name, women, WOMEN)):
        d.add(
            String(
                centre + sign * (gutter / 2 + side / 2),
                high + 8,
                f"{name}: {figure(sum(values), False, lang)}",
                fontName=fonts.SANS_BOLD,
                fontSize=9,
                textAnchor="middle",
                fillColor=colour,
            )
        )
    return d


def wide(s: Series) -> bool:
    """Whether a chart needs the page's whole width (a bar chart of many categories)."""
    return s.kind == "bar" and len(s.categories) > 6


def has_data(s: Series) -> bool:
    return bool(s.categories) and any(x > 0 for _, v in s.series for x in v)


def drawing(s: Series, width: float, height: float, lang: str) -> Drawing:
    """One chart with its title, ``width`` × ``height`` points (a chart without data: its title
    and "no data", on less height)."""
    fonts.register()
    d = Drawing(width, height if has_data(s) else min(height, 60))
    _title(d, s.title)
    draw = {"bar": bar, "pie": pie, "pyramid": pyramid}.get(s.kind, bar)
    return draw(d, s, lang)
