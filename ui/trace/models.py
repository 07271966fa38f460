"""What the trace window shows of a :class:`~app.trace.service.TraceReport`: the results table
(one row per page identified — a ``Match`` — and per page that was not — an ``Unidentified``:
forged, unknown, ambiguous, none, unreadable), the summary line above it and the detail of the
selected row (the lattice's tiles, resolution and angle, or the text variants' candidates).

Forged rows are drawn in red, with a bold verdict and the critical icon; a serial the
register does not hold gets the warning icon. Layers and reasons are named by the ``trace.*``
messages the command line uses too; the rest by ``ui.trace.*``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from app import i18n
from app.extract import serials
from app.i18n import t
from app.trace.service import Match, TraceReport, Unidentified
from ui.column_model import Index
from ui.extract import texts
from ui.extract.models import RowsModel

Row = Match | Unidentified
FORGED_COLOR = QColor("#b00020")


def file_text(file: str, page: int | None) -> str:
    """``scan.tif, trang 2`` (the page of the inspector's file), or the name alone."""
    return t("ui.trace.file_page", file=file, page=page) if page is not None else file


def layer_text(layer: str | None) -> str:
    return t(f"trace.layer.{layer}") if layer else ""


def serial_text(serial: str | None) -> str:
    return serials.grouped(serial) if serial else ""


def _number(value: Any) -> str:
    """A decimal as the language writes it (``0,5`` in Vietnamese)."""
    text = str(value)
    return text.replace(".", ",") if i18n.language() == "vi" else text


def ordered(report: TraceReport, files: Sequence[str]) -> list[Row]:
    """Every row of ``report``, in the order of the files queued, page by page, matches first."""
    rank = {name: n for n, name in reversed(list(enumerate(files)))}

    def key(row: Row) -> tuple[int, int, int]:
        return (rank.get(row.file, len(files)), row.input_page or 0, isinstance(row, Unidentified))

    return sorted([*report.matches, *report.unidentified], key=key)


def summary(report: TraceReport) -> str:
    """``3 kết quả xác định (2 bản sao), 1 mã giả mạo, 2 không xác định``."""
    forged = sum(u.reason == "forged" for u in report.unidentified)
    return t(
        "ui.trace.summary",
        matched=len(report.matches),
        copies=len({m.serial for m in report.matches}),
        forged=forged,
        other=len(report.unidentified) - forged,
    )


def _layer_detail(row: Match) -> str:
    d = row.detail
    if row.layer == "lattice":
        return t(
            "ui.trace.detail.lattice",
            agreeing=d.get("tiles_agreeing", "?"), used=d.get("tiles_used", "?"),
            percent=round(float(d.get("agreement", 0)) * 100), corrected=d.get("corrected", "?"),
            dpi=d.get("dpi", "?"), angle=_number(d.get("angle", "?")),
        )  # fmt: skip
    if row.layer == "text":
        candidates = ", ".join(serial_text(s) for s in d.get("candidates", ()))
        return t("ui.trace.detail.text", agreeing=d.get("agreeing", "?"), candidates=candidates)
    if row.layer == "qr":
        return t("ui.trace.detail.qr", page=row.page if row.page is not None else "?")
    return t("ui.trace.detail.file")


def detail(row: Row | None) -> str:
    """What the inspector reads about one row, in full sentences."""
    if row is None:
        return ""
    where = file_text(row.file, row.input_page)
    if isinstance(row, Match):
        head = t(
            "ui.trace.detail.match",
            where=where, k=row.copy_no, n=row.copies, serial=serial_text(row.serial), reader=row.reader,
            decision=row.decision, approval=row.approval,
            dossier=texts.dossier_text(row.dossier, {row.dossier: row.cadre}),
            issued=texts.moment(row.issued_at), status=texts.status_label(row.status),
        )  # fmt: skip
        return f"{head}\n{_layer_detail(row)}"
    reason = t(f"trace.reason.{row.reason}")
    head = f"{where}: {reason}"
    if row.reason in ("forged", "unknown"):
        line = t(f"ui.trace.detail.{row.reason}", serial=serial_text(row.serial), layer=layer_text(row.layer))
    elif row.reason == "ambiguous":
        line = t("ui.trace.detail.ambiguous", candidates=", ".join(serial_text(s) for s in row.candidates))
    elif row.reason == "unreadable":
        line = row.message
    else:
        line = t("ui.trace.detail.none")
    return f"{head}\n{line}"


class ResultsModel(RowsModel[Row]):
    HEADER_KEY = "ui.trace.col.{}"
    COLUMNS = (
        "file", "verdict", "serial", "copy", "reader", "decision", "dossier", "issued", "page", "layer",
        "authentic",
    )  # fmt: skip
    NUMERIC = frozenset({"copy", "page"})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def cell(self, row: Row, column: str) -> str:
        if isinstance(row, Match):
            return self._match_cell(row, column)
        cells: dict[str, Callable[[], str]] = {
            "file": lambda: file_text(row.file, row.input_page),
            "verdict": lambda: t(f"ui.trace.verdict.{row.reason}"),
            "serial": lambda: serial_text(row.serial),
            "layer": lambda: layer_text(row.layer),
            "authentic": lambda: t("ui.trace.no") if row.reason == "forged" else "",
        }
        return cells[column]() if column in cells else ""

    @staticmethod
    def _match_cell(row: Match, column: str) -> str:
        whole = t("ui.trace.whole_file") if row.layer == "file" else ""
        cells: dict[str, Callable[[], str]] = {
            "file": lambda: file_text(row.file, row.input_page),
            "verdict": lambda: t("ui.trace.verdict.match"),
            "serial": lambda: serial_text(row.serial),
            "copy": lambda: texts.copy_text(row.copy_no, row.copies),
            "reader": lambda: row.reader,
            "decision": lambda: row.decision,
            "dossier": lambda: texts.dossier_text(row.dossier, {row.dossier: row.cadre}),
            "issued": lambda: texts.moment(row.issued_at),
            "page": lambda: str(row.page) if row.page is not None else whole,
            "layer": lambda: layer_text(row.layer),
            "authentic": lambda: t("ui.trace.yes") if row.authentic else t("ui.trace.no"),
        }
        return cells[column]()

    def tooltip(self, row: Row, column: str) -> str | None:
        return detail(row) if column in ("file", "verdict", "layer", "authentic") else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if isinstance(row, Unidentified) and row.reason in ("forged", "unknown"):
            forged = row.reason == "forged"
            if forged and role == Qt.ItemDataRole.ForegroundRole:
                return FORGED_COLOR
            verdict = self.COLUMNS[index.column()] == "verdict"
            if forged and verdict and role == Qt.ItemDataRole.FontRole:
                return self._bold
            if verdict and role == Qt.ItemDataRole.DecorationRole:
                pixmap = QStyle.StandardPixmap
                icon = pixmap.SP_MessageBoxCritical if forged else pixmap.SP_MessageBoxWarning
                return QApplication.style().standardIcon(icon)
        return super().data(index, role)
