"""The statistics table's column header, in levels like the printed forms: a group ("Lãnh đạo
HĐND") spans the columns under it ("Chủ tịch", "Phó chủ tịch"), a column spans its three
sub-columns when compared (Kỳ này, Cùng kỳ, %), and a column without a group reaches up into the
group's level. Texts wrap within their span; the header is as tall as its longest text needs.

Levels come from the model's ``LEVELS_ROLE`` (a tuple per column, as many for every column);
the owner calls :meth:`GroupedHeader.refresh` when they change. (Nothing is connected to the
model: before a model is set, the view's model is Qt's static empty one, which outlives Python.)
Each section paints its own slice of every span it belongs to (clipped to the section), so
scrolling and partial repaints stay right.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from ui.stats.table_model import LEVELS_ROLE

PAD = 4
WRAP = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
Cell = tuple[int, int, int, int, str]  # first level, last level, first section, last section, text


class GroupedHeader(QHeaderView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setHighlightSections(False)
        self.setSectionsClickable(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self._heights: list[int] = []
        self._levels: list[tuple[str, ...]] = []
        self.sectionResized.connect(lambda *_: self.refresh(relabel=False))

    # -- layout ----------------------------------------------------------------------------------
    def levels(self, section: int) -> tuple[str, ...]:
        if len(self._levels) == self.count():
            return self._levels[section]
        model = self.model()
        found = model.headerData(section, Qt.Orientation.Horizontal, LEVELS_ROLE) if model else None
        return tuple(found) if found else ("",)

    def cells(self, section: int) -> list[Cell]:
        """The cells ``section`` belongs to, top to bottom."""
        levels = self.levels(section)
        out: list[Cell] = []
        level = 0
        while level < len(levels):
            last = level
            while not levels[last] and last < len(levels) - 1:  # nothing here: the text below reaches up
                last += 1
            key = levels[: last + 1]
            first_section = section
            while first_section > 0 and self.levels(first_section - 1)[: last + 1] == key:
                first_section -= 1
            last_section = section
            while last_section < self.count() - 1 and self.levels(last_section + 1)[: last + 1] == key:
                last_section += 1
            out.append((level, last, first_section, last_section, levels[last]))
            level = last + 1
        return out

    def _span_width(self, first: int, last: int) -> int:
        return sum(self.sectionSize(s) for s in range(first, last + 1))

    def _needed(self, cell: Cell) -> int:
        _, _, first, last, text = cell
        width = max(self._span_width(first, last) - 2 * PAD, 8)
        return self.fontMetrics().boundingRect(QRect(0, 0, width, 10_000), WRAP, text).height() + 2 * PAD

    def refresh(self, relabel: bool = True) -> None:
        """Measure every level again (after new texts, or a resized section)."""
        count = self.count()
        if relabel or len(self._levels) != count:
            self._levels = []
            self._levels = [self.levels(s) for s in range(count)]
        depth = max((len(self.levels(s)) for s in range(count)), default=1)
        line = self.fontMetrics().height() + 2 * PAD
        heights = [line] * depth
        cells = {cell for section in range(count) for cell in self.cells(section)}
        for top, bottom, *_ in sorted(cells, key=lambda c: c[1] - c[0]):
            need = self._needed((top, bottom, *_))
            have = sum(heights[top : bottom + 1])
            if need > have:
                heights[bottom] += need - have
        if heights != self._heights:
            self._heights = heights
            self.geometriesChanged.emit()
        self.viewport().update()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self._heights:
            hint.setHeight(sum(self._heights))
        return hint

    # -- painting --------------------------------------------------------------------------------
    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:  # noqa: N803 (Qt's name)
        if not rect.isValid():
            return
        heights = self._heights or [rect.height()]
        painter.save()
        painter.setClipRect(rect)
        for top, bottom, first, last, text in self.cells(logicalIndex):
            x = self.sectionViewportPosition(first)
            y = sum(heights[:top])
            cell = QRect(x, y, self._span_width(first, last), sum(heights[top : bottom + 1]))
            option = QStyleOptionHeader()
            self.initStyleOption(option)
            option.rect = cell
            option.section = logicalIndex
            option.state |= QStyle.StateFlag.State_Enabled
            option.position = QStyleOptionHeader.SectionPosition.Middle
            self.style().drawControl(QStyle.ControlElement.CE_HeaderSection, option, painter, self)
            painter.setPen(self.palette().buttonText().color())
            painter.drawText(cell.adjusted(PAD, PAD, -PAD, -PAD), WRAP, text)
        painter.restore()
