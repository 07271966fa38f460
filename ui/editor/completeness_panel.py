"""The editor's COMPLETENESS panel: how far the dossier is from "đúng, đủ, sạch, sống" — the score
(0–100), the required fields still empty, the years of service without a yearly rating, whether it
has gone more than twelve months without an update, and the problems the rules find.

The editor runs ``app.dossier.completeness.assess`` on the document it holds and hands the result
to :meth:`CompletenessPanel.show_assessment`; the panel reads nothing itself. The problems are
shown as given (``Problem.message()``): the editor hands over problems that never quote a
restricted value (``app.dossier.editing`` makes them so).

Signal: ``fieldRequested(str)`` with the path of a missing field (``identity.religion``), of the
yearly ratings table, or of a problem (``training[2].from``) when the officer activates its line
(Enter or double-click): the editor goes to that field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QProgressBar, QVBoxLayout, QWidget

from app.dossier import rules
from app.dossier.completeness import Completeness
from app.dossier.importer import describe
from app.i18n import t

YEARLY_PATH = "yearly_ratings"
PATH_ROLE = Qt.ItemDataRole.UserRole


def missing_text(path: str, key: str) -> str:
    """The sentence for a missing field: its own message when there is one, else its label."""
    text = t(key)
    return text if text != key else t("ui.completeness.missing_field", field=describe(path) or path)


def _add(target: QListWidget, text: str, path: str, tip: str | None = None) -> None:
    item = QListWidgetItem(text, target)
    item.setData(PATH_ROLE, path)
    item.setToolTip(tip or text)


class CompletenessPanel(QWidget):
    fieldRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("completenessPanel")
        self._assessment: Completeness | None = None

        self.score_bar = QProgressBar(self)
        self.score_bar.setObjectName("completenessScore")
        self.score_bar.setRange(0, 100)
        self.score_text = QLabel(self)
        self.score_text.setObjectName("completenessScoreText")
        self.summary = QLabel(self)
        self.summary.setObjectName("completenessSummary")
        self.summary.setWordWrap(True)
        self.stale_label = QLabel(self)
        self.stale_label.setObjectName("completenessStale")
        self.stale_label.setWordWrap(True)
        self.stale_label.setStyleSheet("color: #8a5300; font-weight: bold;")
        self.stale_label.hide()
        self.missing_label = QLabel(self)
        self.missing = QListWidget(self)
        self.missing.setObjectName("completenessMissing")
        self.missing_label.setBuddy(self.missing)
        self.problems_label = QLabel(self)
        self.problems = QListWidget(self)
        self.problems.setObjectName("completenessProblems")
        self.problems_label.setBuddy(self.problems)
        for target in (self.missing, self.problems):
            target.setWordWrap(True)
            target.itemActivated.connect(self._activated)

        layout = QVBoxLayout(self)
        layout.addWidget(self.score_text)
        layout.addWidget(self.score_bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.stale_label)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.missing, 2)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 1)
        self.setTabOrder(self.missing, self.problems)
        self.retranslate()

    def show_assessment(self, assessment: Completeness) -> None:
        self._assessment = assessment
        self._show()

    def assessment(self) -> Completeness | None:
        return self._assessment

    def clear(self) -> None:
        self._assessment = None
        self._show()

    def _activated(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if isinstance(path, str) and path:
            self.fieldRequested.emit(path)

    def _show(self) -> None:
        c = self._assessment
        self.missing.clear()
        self.problems.clear()
        self.score_bar.setValue(c.score if c is not None else 0)
        self.score_bar.setFormat(t("ui.completeness.score_bar", score=c.score if c is not None else 0))
        self.stale_label.setVisible(c is not None and c.stale)
        if c is None:
            self.score_text.setText(t("ui.completeness.none"))
            self.summary.setText("")
            return
        errors = sum(1 for p in c.problems if p.severity == rules.ERROR)
        self.score_text.setText(t("ui.completeness.score", score=c.score))
        if c.complete:
            self.summary.setText(t("ui.completeness.complete"))
        else:
            self.summary.setText(
                t(
                    "ui.completeness.summary",
                    missing=len(c.missing),
                    years=len(c.yearly_missing),
                    errors=errors,
                    warnings=len(c.problems) - errors,
                )
            )
        for path, key in c.missing:
            _add(self.missing, missing_text(path, key), path)
        if c.yearly_missing:
            years = ", ".join(str(y) for y in c.yearly_missing)
            _add(self.missing, t("ui.completeness.yearly_missing", years=years), YEARLY_PATH)
        for problem in sorted(c.problems, key=lambda p: p.severity != rules.ERROR):
            kind = t(
                "ui.completeness.error" if problem.severity == rules.ERROR else "ui.completeness.warning"
            )
            text = t("ui.completeness.problem", kind=kind, message=problem.message())
            _add(self.problems, text, problem.path, f"{describe(problem.path) or problem.path}\n{text}")

    def retranslate(self) -> None:
        self.score_bar.setToolTip(t("ui.completeness.score_help"))
        self.stale_label.setText(t("ui.completeness.stale"))
        self.missing_label.setText(t("ui.completeness.missing_label"))
        self.problems_label.setText(t("ui.completeness.problems_label"))
        self._show()
