"""Exporting dossiers as an interchange file (spec/dossier.md §9).

Without ``reveal`` every restricted value is replaced by the mask and the file says so
(``"masked": true``); such a file cannot be imported back (validation refuses masked values).
With ``reveal`` the file holds restricted values in clear: it is written only because the
officer asked for it (DESIGN §6). Either way the export is an audited act (``dossier.export``,
recorded before the file is written), and the file is written atomically with mode 0600.
The result is the file :mod:`app.dossier.importer` reads: an export with ``reveal`` imported
into another vault gives identical documents. Must not import Qt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.atomic_file import write_atomic
from app.audit.actions import Action
from app.clock import iso_utc
from app.dossier import interchange
from app.dossier.service import DossierService
from app.errors import EnvironmentFault, InvalidInput
from app.vault.session import Vault

GENERATOR = "HoSo"
#: Lists of ids longer than this are summarised in the audit entry (first ids and the count).
AUDIT_IDS = 200


@dataclass(frozen=True, slots=True)
class Exported:
    file: Path
    count: int
    masked: bool
    size: int
    sha256: str
    over_import_limit: bool  # too big or too many dossiers to be imported back as one file

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "count": self.count,
            "masked": self.masked,
            "bytes": self.size,
            "sha256": self.sha256,
            "over_import_limit": self.over_import_limit,
        }


def build(
    vault: Vault,
    ids: Sequence[int] | None = None,
    *,
    reveal: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[bytes, list[int]]:
    """The interchange file's bytes for ``ids`` (all dossiers when None), and the ids written.

    Reads without auditing each view: the caller records the export as one act.
    """
    service = DossierService(vault)
    chosen = list(dict.fromkeys(ids)) if ids is not None else service.repo.all_ids()
    dossiers = []
    for n, dossier_id in enumerate(chosen):
        if progress is not None and n % 100 == 0:
            progress(n, len(chosen))
        dossier = service.get(dossier_id, reveal=reveal, audit=False)
        dossiers.append({"secrecy": dossier.secrecy, **dossier.data})
    data = interchange.dumps(
        dossiers, masked=not reveal, exported_at=iso_utc(vault.clock.now()), generator=GENERATOR
    )
    return data, chosen


def export(
    vault: Vault,
    out: Path,
    ids: Sequence[int] | None = None,
    *,
    reveal: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Exported:
    """Write the interchange file ``out`` (0600, atomically); audited as ``dossier.export``."""
    if out.is_dir():
        raise InvalidInput("export.is_dir", file=out.name)
    if not out.parent.is_dir():
        raise InvalidInput("export.no_folder", file=out.name)
    data, chosen = build(vault, ids, reveal=reveal, progress=progress)
    digest = hashlib.sha256(data).hexdigest()
    details: dict[str, Any] = {
        "file": out.name,
        "count": len(chosen),
        "revealed": reveal,
        "sha256": digest,
        "all": ids is None,
        "ids": chosen[:AUDIT_IDS],
    }
    if len(chosen) > AUDIT_IDS:
        details["ids_truncated"] = True
    vault.audit.record(Action.DOSSIER_EXPORT, out.name, details)
    try:
        write_atomic(out, data)
    except OSError as exc:
        raise EnvironmentFault("export.write_failed", file=out.name, reason=exc.strerror or "") from None
    return Exported(
        out,
        len(chosen),
        not reveal,
        len(data),
        digest,
        len(data) > interchange.MAX_FILE_BYTES or len(chosen) > interchange.MAX_RECORDS,
    )
