"""The charts of a statistics report (QtCharts), drawn from ``Report.charts()``.

A "bar" series becomes vertical bars over a category axis, each bar labelled with its count; a
"pie" series a pie whose slices carry their percentage, named with their count and percentage in
the legend beside it (empty categories are left out); a "pyramid" horizontal stacked bars with
the first series (men) to the left as negative values and the second (women) to the right, over
an axis labelled in absolute numbers. Category labels are wrapped (axis labels take HTML).
:class:`ChartsPane` lays the charts out two to a row in a scroll area; ``views`` lists them.
"""

from __future__ import annotations

import math
import textwrap

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QWidget

from app.stats.tables import Series
from ui.stats.table_model import figure_text

PER_ROW = 2
HEIGHT = 280
MEN, WOMEN = QColor("#3b6fb6"), QColor("#d9667b")
PLOT_WIDTH, CHAR_WIDTH = 520, 7  # about, in pixels: how long a category's label may be
MIN_PIE_LABEL = 0.04  # a smaller slice's share is in the legend only


def nice_step(largest: float, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10ⁿ) giving at most ``ticks`` steps up to ``largest``."""
    raw = max(largest, 1.0) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return max(1, int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw)))


def wrapped(label: str, width: int) -> str:
    """``label`` broken into lines of about ``width`` characters (axis labels take HTML)."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    return chart


def _value_axis(largest: float) -> QValueAxis:
    step = nice_step(largest * 1.15)
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    axis.setRange(0, step * math.ceil(max(largest * 1.15, 1) / step))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickInterval(step)
    return axis


def bar_chart(series: Series) -> QChart:
    chart = _chart(series.title)
    bars = QBarSeries()
    for name, values in series.series:
        bar_set = QBarSet(name)
        bar_set.append(list(values))
        bar_set.setLabelColor(QColor("#202020"))
        bars.append(bar_set)
    bars.setLabelsVisible(True)
    bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    bars.setLabelsFormat("@value")
    chart.addSeries(bars)
    categories = QBarCategoryAxis()
    per_line = max(6, PLOT_WIDTH // max(len(series.categories), 1) // CHAR_WIDTH)
    categories.append([wrapped(c, per_line) for c in series.categories])
    categories.setTruncateLabels(False)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(categories)
    largest = max((v for _, values in series.series for v in values), default=0.0)
    axis = _value_axis(largest)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(axis)
    chart.legend().setVisible(len(series.series) > 1)
    return chart


def pie_chart(series: Series, lang: str) -> QChart:
    chart = _chart(series.title)
    pie = QPieSeries()
    values = series.series[0][1] if series.series else ()
    for label, value in zip(series.categories, values, strict=True):
        if value > 0:
            pie.append(label, value)
    pie.setPieSize(0.7)
    chart.addSeries(pie)
    legend = chart.legend()
    legend.setAlignment(Qt.AlignmentFlag.AlignRight)
    for piece, marker in zip(pie.slices(), legend.markers(pie), strict=True):
        share = f"{figure_text(round(piece.percentage() * 100, 1), lang)} %"
        marker.setLabel(f"{piece.label()}: {figure_text(int(piece.value()), lang)} ({share})")
        piece.setLabel(share)
        piece.setLabelVisible(piece.percentage() >= MIN_PIE_LABEL)
    return chart


def pyramid_chart(series: Series, lang: str) -> QChart:
    chart = _chart(series.title)
    bars = QHorizontalStackedBarSeries()
    for n, (name, values) in enumerate(series.series):
        bar_set = QBarSet(name)
        bar_set.append([-v if n == 0 else v for v in values])
        bar_set.setColor(MEN if n == 0 else WOMEN)
        bars.append(bar_set)
    bars.setBarWidth(0.85)
    chart.addSeries(bars)
    bands = QBarCategoryAxis()
    bands.append(list(series.categories))
    chart.addAxis(bands, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(bands)
    largest = max((v for _, values in series.series for v in values), default=0.0)
    step = nice_step(largest)
    reach = step * max(math.ceil(largest / step), 1)
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setRange(-reach, reach)
    axis.setStartValue(-reach)
    for value in range(-reach, reach + 1, step):
        text = figure_text(abs(value), lang)
        axis.append(text + ("\u2009" if value < 0 else ""), value)  # labels must differ: -40 and 40
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(axis)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def chart_of(series: Series, lang: str) -> QChart:
    if series.kind == "pie":
        return pie_chart(series, lang)
    if series.kind == "pyramid":
        return pyramid_chart(series, lang)
    return bar_chart(series)


class ChartsPane(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statsCharts")
        self.setWidgetResizable(True)
        self.views: list[QChartView] = []
        self.show_series([], "vi", "")

    def show_series(self, series: list[Series], lang: str, empty_text: str) -> None:
        """Replace the charts shown by those of ``series`` (none: ``empty_text``)."""
        inner = QWidget()
        grid = QGridLayout(inner)
        self.views = []
        for n, one in enumerate(series):
            view = QChartView(chart_of(one, lang), inner)
            view.setObjectName(f"statsChart{n}")
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(HEIGHT)
            view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            grid.addWidget(view, n // PER_ROW, n % PER_ROW)
            self.views.append(view)
        if not series:
            label = QLabel(empty_text, inner)
            label.setObjectName("statsNoCharts")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, 0, 0)
        old = self.takeWidget()
        self.setWidget(inner)
        if old is not None:
            old.deleteLater()
