"""The background work of the documents window: reading the scan files the officer chose and
handing them to ``DocumentService.add`` / ``add_scans``, which check, clean, seal and store the
pages in one transaction (all or nothing).

Files are read whole into memory (never copied anywhere), one at a time with a progress step and
a look at Cancel between files; a file over ``images.MAX_FILE_BYTES`` is refused by its size
before it is read. The service looks at Cancel between pages too and then writes nothing; what it
returns is kept in :class:`Outcome`, so that a Cancel pressed after the commit still learns that
the document was saved. A refusal of the service (:class:`~app.errors.HosoError`) is returned, not
raised, so that the entry dialog can show it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.documents.images import MAX_FILE_BYTES
from app.documents.service import DocumentService
from app.errors import HosoError, InvalidInput
from app.i18n import t
from ui import operations


@dataclass
class Outcome:
    """What the work did: the new document's id or the new scans' ids, once stored."""

    document_id: int | None = None
    scan_ids: list[int] = field(default_factory=list)

    @property
    def stored(self) -> bool:
        return self.document_id is not None or bool(self.scan_ids)


def read_file(path: Path) -> tuple[str, bytes]:
    """(name, bytes) of the file at ``path``; refused by its size before it is read."""
    try:
        with path.open("rb") as file:
            if os.fstat(file.fileno()).st_size > MAX_FILE_BYTES:
                raise InvalidInput("scan.too_large", file=path.name, mb=MAX_FILE_BYTES // (1024 * 1024))
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError:
        raise InvalidInput("ui.documents.unreadable", file=path.name) from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput("scan.too_large", file=path.name, mb=MAX_FILE_BYTES // (1024 * 1024))
    return path.name, data


def _read_all(job: operations.Job, paths: Sequence[Path]) -> list[tuple[str, bytes]] | None:
    """Every file, or None when the officer cancelled on the way."""
    files = []
    total = len(paths) + 1  # the last step: checking and sealing
    for done, path in enumerate(paths):
        if job.cancelled():
            return None
        job.report(t("ui.documents.progress_read", done=done, total=len(paths), file=path.name), done, total)
        files.append(read_file(path))
    if job.cancelled():
        return None
    job.report(t("ui.documents.progress_seal", n=len(paths)), len(paths), total)
    return files


def add_work(
    service: DocumentService, dossier_id: int, values: dict[str, Any], paths: Sequence[Path], outcome: Outcome
) -> Callable[[operations.Job], Any]:
    """File a new document with the pages of ``paths``: its id, a refusal, or None (cancelled)."""

    def work(job: operations.Job) -> int | HosoError | None:
        try:
            files = _read_all(job, paths)
            if files is None:
                return None
            outcome.document_id = service.add(dossier_id, values, files, cancelled=job.cancelled)
        except InterruptedError:  # stopped while checking or sealing: nothing was written
            return None
        except HosoError as exc:
            return exc
        return outcome.document_id

    return work


def scans_work(
    service: DocumentService, document_id: int, paths: Sequence[Path], outcome: Outcome
) -> Callable[[operations.Job], Any]:
    """Add the pages of ``paths`` to a document: the new scans' ids, or None (cancelled); a
    refusal is raised (the window shows it)."""

    def work(job: operations.Job) -> list[int] | None:
        files = _read_all(job, paths)
        if files is None:
            return None
        try:
            outcome.scan_ids = service.add_scans(document_id, files, cancelled=job.cancelled)
        except InterruptedError:  # stopped while checking or sealing: nothing was written
            return None
        return outcome.scan_ids

    return work
