"""Saving a statistics report as PDF or CSV: the officer picks the file (the prompter's save
dialog), the bytes are built (``app.stats.csv_export.to_csv``; ``app.stats.pdf_export.to_pdf``
off the GUI thread behind a busy dialog), and ``StatsService.save`` writes them to a new file
(never over one, never half a file) and audits the export with the file's SHA-256 and name
(``stats.export``). A file that cannot be written is named in an error message, not audited.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from app.errors import HosoError
from app.i18n import t
from app.stats.csv_export import to_csv
from app.stats.service import CROSS, Report, StatsService
from app.vault.session import Vault
from ui import operations
from ui.prompter import Prompter


def suggested_name(report: Report, kind: str) -> str:
    name = "bang-cheo" if report.definition.name == CROSS else report.definition.name
    return f"thong-ke-{name}-{report.on:%Y%m%d}.{kind}"


def build_pdf(report: Report, organisation: str) -> bytes:
    from app.stats.pdf_export import to_pdf  # ReportLab is loaded only when a PDF is asked for

    return to_pdf(report, organisation=organisation)


class ReportExporter:
    def __init__(self, owner: QWidget, prompter: Prompter) -> None:
        self.owner = owner
        self.prompter = prompter
        self.operation: operations.Operation | None = None

    def running(self) -> bool:
        return self.operation is not None and self.operation.running

    def export(self, vault: Vault, report: Report, kind: str, saved: Callable[[Path], None]) -> None:
        """Ask for a file, build ``report`` as ``kind`` into it, audit it; ``saved`` gets the path."""
        if self.running():
            return
        path = self.prompter.choose_save_path(
            self.owner,
            t(f"ui.stats.save_{kind}_title"),
            suggested_name(report, kind),
            t(f"ui.stats.filter_{kind}"),
        )
        if path is None:
            return
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")

        def write(data: Any) -> None:
            if vault.is_open:
                self._write(vault, report, kind, path, bytes(data), saved)

        if kind == "csv":
            write(to_csv(report))
            return
        organisation = StatsService(vault).organisation()
        self.operation = operations.run(
            self.owner,
            t("ui.pdf.building"),
            lambda: build_pdf(report, organisation),
            write,
            prompter=self.prompter,
        )

    def _write(
        self, vault: Vault, report: Report, kind: str, path: Path, data: bytes, saved: Callable[[Path], None]
    ) -> None:
        try:
            StatsService(vault).save(report, kind, data, path)
        except HosoError as exc:
            self.prompter.error(self.owner, t("ui.error.title"), exc.message())
            return
        saved(path)

    def cancel(self) -> None:
        """Drop a PDF being built (at close): nothing is written or audited."""
        if self.operation is not None:
            self.operation.cancel()
