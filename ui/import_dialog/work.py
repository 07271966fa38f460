"""The import as work for a worker thread: :func:`import_work` wraps ``importer.import_file`` in a
:class:`~ui.operations.Job` (progress per phase, cancel polled), and :class:`Outcome` keeps what
the work produced, because the result of a cancelled job is dropped by ``run_job`` while the
dialog must still know whether the save finished before the cancel reached it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.dossier import importer
from app.dossier.importer import Report
from app.i18n import t
from app.vault.session import Vault
from ui.operations import Job

PHASES = ("validate", "check", "save")


@dataclass
class Outcome:
    """What one run of the work left: its report (None until it returned) and whether it ended."""

    dry_run: bool
    report: Report | None = None
    ended: threading.Event = field(default_factory=threading.Event)

    def wrote(self) -> bool:
        """Whether the work saved dossiers (whatever happened to the job afterwards)."""
        report = self.report
        return report is not None and not report.dry_run and not report.rejected and bool(report.ids)


def phase_text(phase: str, done: int, total: int) -> str:
    """The progress line of one phase ("Bước 2/3: đối chiếu với kho (300/1 000)")."""
    key = phase if phase in PHASES else "validate"
    return t(f"ui.import.phase.{key}", done=done, total=total)


def import_work(vault: Vault, path: Path, basis: str | None, outcome: Outcome) -> Callable[[Job], Report]:
    """The callable ``run_job`` runs: the import of ``path``, reporting progress and polling cancel."""

    def work(job: Job) -> Report:
        try:

            def progress(phase: str, done: int, total: int) -> None:
                job.report(phase_text(phase, done, total), done, total)

            report = importer.import_file(
                vault,
                path,
                basis=basis,
                dry_run=outcome.dry_run,
                progress=progress,
                cancelled=job.cancelled,
            )
            outcome.report = report
            return report
        finally:
            outcome.ended.set()

    return work
