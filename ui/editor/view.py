"""The editor's widgets: the header (name, secrecy mark, state, reveal countdown, portrait), the
section navigator with one page per section, the list of problems, and the side panels
(history, completeness). It shows what :class:`~ui.editor.session.EditorSession` tells it and
reports the officer's edits; it holds no vault and no draft.

Signals: ``edited(str, object)`` (path, value), ``secrecyEdited(str)``,
``problemActivated(str)`` (a field path to jump to).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.dossier import catalogs, fields
from app.dossier.importer import describe
from app.dossier.structure import Problem
from app.i18n import t
from ui.context import UiContext
from ui.editor.completeness_panel import CompletenessPanel
from ui.editor.history_panel import HistoryPanel
from ui.editor.portrait_widget import PortraitWidget
from ui.editor.problems import by_field, locate
from ui.editor.section_page import SectionPage


class DossierEditor(QWidget):
    edited = Signal(str, object)
    secrecyEdited = Signal(str)
    problemActivated = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossierEditor")
        self.title = QLabel(self)
        self.title.setObjectName("editorTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.state = QLabel(self)
        self.state.setObjectName("editorState")
        self.reveal_state = QLabel(self)
        self.reveal_state.setObjectName("revealState")
        self.reveal_state.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.secrecy_label = QLabel(self)
        self.secrecy = QComboBox(self)
        self.secrecy.setObjectName("editorSecrecyCombo")
        self.secrecy_label.setBuddy(self.secrecy)
        self.secrecy.activated.connect(lambda _i: self.secrecyEdited.emit(str(self.secrecy.currentData())))
        self.portrait = PortraitWidget(ctx.prompter, self)

        self.sections = QListWidget(self)
        self.sections.setObjectName("sectionList")
        self.sections.setMaximumWidth(330)
        self.sections.setWordWrap(True)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("sectionStack")
        self.pages: dict[str, SectionPage] = {}
        for section in fields.SECTIONS:
            page = SectionPage(section, self.stack)
            page.edited.connect(self.edited)
            self.pages[section.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(self.sections)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
        self.sections.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sections.setCurrentRow(0)

        self.problems = QListWidget(self)
        self.problems.setObjectName("editorProblems")
        self.problems.setMaximumHeight(110)
        self.problems.itemActivated.connect(self._problem_activated)
        self.problems.hide()

        self.history = HistoryPanel(self, clock=ctx.clock)
        self.completeness = CompletenessPanel(self)
        self.completeness.fieldRequested.connect(self.go_to)
        self.side = QTabWidget(self)
        self.side.setObjectName("sidePanels")
        self.side.addTab(self.history, "")
        self.side.addTab(self.completeness, "")
        self.side.hide()
        self._layout()
        self.retranslate()

    def _layout(self) -> None:
        names = QVBoxLayout()
        names.addWidget(self.title)
        names.addWidget(self.state)
        names.addWidget(self.reveal_state)
        mark = QHBoxLayout()
        mark.addWidget(self.secrecy_label)
        mark.addWidget(self.secrecy)
        mark.addStretch(1)
        names.addLayout(mark)
        header = QHBoxLayout()
        header.addLayout(names, 1)
        header.addWidget(self.portrait)
        body = self.body = QSplitter(Qt.Orientation.Horizontal, self)
        body.setObjectName("editorSplitter")
        body.addWidget(self.sections)
        centre = QWidget(body)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.stack, 1)
        centre_layout.addWidget(self.problems)
        body.addWidget(centre)
        body.addWidget(self.side)
        body.setStretchFactor(0, 0)
        body.setStretchFactor(1, 1)
        body.setStretchFactor(2, 0)
        body.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(header)
        layout.addWidget(body, 1)

    # -- showing -----------------------------------------------------------------------
    def show_values(self, value_of: Callable[[str], Any], masked: set[str], read_only: bool) -> None:
        for page in self.pages.values():
            page.show_values(value_of, masked)
            page.set_read_only(read_only)
        self.secrecy.setEnabled(not read_only)
        self.portrait.set_read_only(read_only)

    def show_secrecy(self, code: str) -> None:
        self.secrecy.setCurrentIndex(max(0, self.secrecy.findData(code)))

    def show_problems(self, problems: list[Problem]) -> None:
        grouped, _ = by_field(problems)
        for page in self.pages.values():
            page.show_problems(grouped)
        self.problems.clear()
        for problem in problems:
            where = locate(problem.path)
            item = QListWidgetItem(self._problem_text(problem), self.problems)
            item.setData(Qt.ItemDataRole.UserRole, where[0] if where else "")
        self.problems.setVisible(bool(problems))

    def _problem_text(self, problem: Problem) -> str:
        kind = t("ui.editor.error") if problem.severity == "error" else t("ui.editor.warning")
        place = describe(problem.path) if locate(problem.path) else problem.path
        return f"{kind} — {place}: {problem.message()}"

    def _problem_activated(self, item: QListWidgetItem) -> None:
        path = str(item.data(Qt.ItemDataRole.UserRole) or "")
        if path:
            self.go_to(path)
            self.problemActivated.emit(path)

    def go_to(self, path: str) -> None:
        """Show the page holding ``path`` and put the focus on its field."""
        section = path.split(".", 1)[0].split("[", 1)[0]
        keys = list(self.pages)
        if section in self.pages:
            self.sections.setCurrentRow(keys.index(section))
            field_path = locate(path)
            self.pages[section].focus_field(field_path[0] if field_path else path)

    def show_side(self, panel: QWidget) -> None:
        """Show a side panel (history or completeness) and give the form most of the room."""
        self.side.setCurrentWidget(panel)
        if not self.side.isVisible():
            self.side.show()
            total = max(self.body.width(), 600)
            side = min(440, int(total * 0.34))
            nav = min(260, int(total * 0.2))
            self.body.setSizes([nav, total - side - nav, side])

    def clear(self) -> None:
        self.show_values(lambda _p: None, set(), False)
        self.show_problems([])
        self.history.clear()
        self.completeness.clear()
        self.portrait.set_portrait(None)
        self.portrait.clear_pending()
        self.side.hide()
        self.title.setText("")
        self.state.setText("")
        self.reveal_state.setText("")

    def retranslate(self) -> None:
        code = self.secrecy.currentData()
        self.secrecy.clear()
        lang = i18n.language()
        for entry in catalogs.load("secrecy").entries:
            self.secrecy.addItem(entry.text(lang), entry.code)
        self.show_secrecy(str(code or "mat"))
        self.secrecy_label.setText(t("ui.editor.secrecy"))
        for row, page in enumerate(self.pages.values()):
            page.retranslate()
            item = self.sections.item(row)
            item.setText(page.title())
            if page.section.restricted:
                item.setToolTip(t("ui.editor.restricted_section"))
        self.side.setTabText(0, t("ui.editor.history_tab"))
        self.side.setTabText(1, t("ui.editor.completeness_tab"))
        self.history.retranslate()
        self.completeness.retranslate()
        self.portrait.retranslate()
