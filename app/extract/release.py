"""A registered copy leaving the app: saved as a PDF file where the officer asked, or printed.

Both are audited with the copy's serial (and, for a file, its name), so the log shows where each
copy's bytes went. A save never overwrites: the file is created new, written whole and synced,
or not at all. Before a save the bytes are checked against the SHA-256 in the register, so only
a registered copy can be written. Must not import Qt.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from app.atomic_file import fsync_dir
from app.audit.actions import Action
from app.errors import EnvironmentFault, IntegrityViolation, InvalidInput
from app.extract import serials
from app.extract.register import CopyRegister
from app.vault.session import Vault


def file_name(dossier_id: int, copy_no: int, copies: int, serial: str) -> str:
    return f"ban-sao-hs{dossier_id}-{copy_no}of{copies}-{serials.grouped(serial)}.pdf"


def _registered(vault: Vault, serial: str, pdf: bytes) -> None:
    entry = CopyRegister(vault).get(serial)
    if hashlib.sha256(pdf).hexdigest() != entry.row.sha256:
        raise IntegrityViolation("extract.not_registered", serial=serials.grouped(serial))


def write_new(path: Path, pdf: bytes) -> None:
    """Create ``path`` and write ``pdf`` whole and synced; never overwrite, never leave a partial file."""
    if path.exists():
        raise InvalidInput("extract.file_exists", file=str(path))
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pdf)
            handle.flush()
            os.fsync(handle.fileno())
        fsync_dir(path.parent)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise EnvironmentFault("extract.write_failed", file=str(path), reason=exc.strerror or "") from None


def save_copy(vault: Vault, serial: str, pdf: bytes, path: Path) -> None:
    """Write a registered copy to a new file at ``path`` (audited)."""
    _registered(vault, serial, pdf)
    write_new(path, pdf)
    vault.audit.record(Action.EXTRACT_SAVE, serial, {"file": path.name})


def save_report(vault: Vault, kind: str, pdf: bytes, path: Path) -> None:
    """Write a register report (``copies`` or ``reading``) to a new file at ``path`` (audited)."""
    write_new(path, pdf)
    vault.audit.record(Action.REGISTER_PRINT, kind, {"file": path.name})


def record_print(vault: Vault, serial: str, pdf: bytes, printer: str) -> None:
    """Audit that a registered copy was sent to ``printer``."""
    _registered(vault, serial, pdf)
    vault.audit.record(Action.EXTRACT_PRINT, serial, {"printer": printer[:100]})


def record_report_print(vault: Vault, kind: str, printer: str) -> None:
    """Audit that a register report (``copies`` or ``reading``) was sent to ``printer``."""
    vault.audit.record(Action.REGISTER_PRINT, kind, {"printer": printer[:100]})
