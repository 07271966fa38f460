"""Making a sealed package of chosen dossiers for another authority, and marking a transfer.

The payload (``app.packages.payload``) holds each dossier as an interchange record with its
restricted values in clear — the file is sealed to the recipient — with its live documents, the
stored image of every scanned page, its portrait, and, with ``history``, the dossier's change
history (revealed). It is sealed and signed by ``app.packages.format``.

Nothing is written until everything is ready: the dossiers read, the transfer's new status checked,
the package sealed and within :data:`~app.packages.format.MAX_PACKAGE_BYTES`. The file is written
(0600, fsync) under a temporary name beside its destination; then one transaction records the
package in the register, the audit entry (``package.export``: package id, counts, the recipient's
fingerprint, the file's SHA-256 — never a name) and, for a transfer, each dossier's new status
``chuyen_di`` dated today with the reference as the basis and ``package:<id>`` as the source;
only then is the file renamed into place. Reading for the package is not audited dossier by
dossier: the export is the one act. Must not import Qt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.atomic_file import fsync_dir
from app.audit.actions import Action
from app.clock import iso_utc
from app.datefmt import local_day
from app.documents.service import DocumentService
from app.dossier import document, exporter, interchange, sealing
from app.dossier.document import Doc
from app.dossier.exporter import AUDIT_IDS
from app.dossier.importer import check_basis
from app.dossier.portrait import get_portrait
from app.dossier.service import DossierService
from app.dossier.validate import validate
from app.errors import EnvironmentFault, InvalidInput
from app.packages import format as fmt
from app.packages import payload
from app.packages.identity import OrgKey
from app.vault.session import Vault
from storage.document_repo import DOCUMENT_FIELDS, DocumentRow
from storage.package_repo import PackageRepository, SentRow

TRANSFERRED = "chuyen_di"


@dataclass(frozen=True, slots=True)
class Sent:
    file: Path
    package_id: str
    sha256: str
    size: int
    recipient: OrgKey
    dossiers: tuple[int, ...]
    documents: int
    scans: int
    portraits: int
    history: bool
    reference: str | None
    transfer: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "package_id": self.package_id,
            "sha256": self.sha256,
            "bytes": self.size,
            "recipient": self.recipient.fingerprint,
            "dossiers": len(self.dossiers),
            "ids": list(self.dossiers),
            "documents": self.documents,
            "scans": self.scans,
            "portraits": self.portraits,
            "history": self.history,
            "reference": self.reference,
            "transfer": self.transfer,
            "transferred": list(self.dossiers) if self.transfer else [],
        }


def _values(row: DocumentRow) -> dict[str, Any]:
    return {f: getattr(row, f) for f in DOCUMENT_FIELDS if getattr(row, f) not in (None, "")}


def sender_history(vault: Vault, service: DossierService, dossier_id: int) -> list[dict[str, Any]]:
    """The dossier's change history with restricted values opened (for the sealed payload only)."""
    key = vault.keys.field_key()
    out = []
    for c in service.repo.changes(dossier_id):
        values: list[Any] = []
        for role, blob in (("old", c.old_value), ("new", c.new_value)):
            if blob is None:
                values.append(None)
            elif c.restricted:
                values.append(sealing.open_history(key, dossier_id, c.path, c.at, role, blob))
            else:
                values.append(json.loads(blob.decode("utf-8")))
        out.append({"at": c.at, "actor": c.actor, "path": c.path, "restricted": c.restricted,
                    "old": values[0], "new": values[1], "basis": c.basis, "source": c.source})  # fmt: skip
    return out


def transferred(data: Doc, secrecy: str, day: str) -> Doc:
    """``data`` with the status ``chuyen_di`` since ``day``."""
    by_path = document.values(data)
    by_path["position.status"] = TRANSFERRED
    by_path["position.status_date"] = day
    out = document.build(by_path)
    out["secrecy"] = secrecy
    return out


class _Builder:
    """Collects the payload's entries and the manifest's per-dossier lists, within the limit."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, bytes]] = []
        self.size = 0
        self.scans = 0
        self.portraits = 0

    def add(self, name: str, data: bytes) -> str:
        self.size += len(data) + len(name) + 10
        if self.size > fmt.MAX_PACKAGE_BYTES - fmt.MAX_HEADER - 64 * 1024:
            raise InvalidInput("package.export_too_big", max=fmt.MAX_PACKAGE_BYTES // 2**20)
        self.entries.append((name, data))
        return name

    def scan(self, data: bytes, row: Any) -> dict[str, Any]:
        name = self.add(f"scan/{self.scans}", data)
        self.scans += 1
        return {"blob": name, "mime": row.mime, "width": row.width, "height": row.height,
                "sha256": row.sha256, "size": len(data)}  # fmt: skip

    def portrait(self, data: bytes) -> str:
        name = self.add(f"portrait/{self.portraits}", data)
        self.portraits += 1
        return name


def _check_target(out: Path) -> None:
    if out.exists():
        raise InvalidInput("package.exists", file=out.name)
    if not out.parent.is_dir():
        raise InvalidInput("package.no_folder", file=out.name)


def export_package(
    vault: Vault,
    out: Path,
    recipient: OrgKey,
    ids: Sequence[int] | None = None,
    *,
    history: bool = False,
    reference: str | None = None,
    transfer: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Sent:
    """Seal the dossiers ``ids`` (all when None) to ``recipient`` into the new file ``out``."""
    reference = check_basis(reference)
    if transfer and reference is None:
        raise InvalidInput("package.transfer_needs_reference")
    if transfer and ids is None:  # never every dossier of the vault by omission
        raise InvalidInput("package.transfer_needs_ids")
    _check_target(out)
    service, documents = DossierService(vault), DocumentService(vault)
    chosen = list(dict.fromkeys(ids)) if ids is not None else service.repo.all_ids()
    if not chosen:
        raise InvalidInput("package.nothing")
    if len(chosen) > interchange.MAX_RECORDS:
        raise InvalidInput("package.too_many_dossiers", count=len(chosen), max=interchange.MAX_RECORDS)
    today = local_day(vault.clock.now())
    day = today.isoformat()
    build = _Builder()
    records: list[Doc] = []
    listed: list[dict[str, Any]] = []
    histories: list[list[dict[str, Any]]] = []
    changed: list[tuple[int, Doc]] = []
    for n, dossier_id in enumerate(chosen):
        if progress is not None and n % 100 == 0:
            progress(n, len(chosen))
        dossier = service.get(dossier_id, reveal=True, audit=False)
        records.append({"secrecy": dossier.secrecy, **dossier.data})
        filed = [
            {"values": _values(f.document), "scans": [build.scan(documents.image(s.id), s) for s in f.scans]}
            for f in documents.documents(dossier_id)
        ]
        picture = get_portrait(vault, dossier_id)
        listed.append({"documents": filed, "portrait": build.portrait(picture) if picture else None})
        if history:
            histories.append(sender_history(vault, service, dossier_id))
        if transfer:
            doc = transferred(dossier.data, dossier.secrecy, day)
            bad = [p for p in validate(doc, today=today).errors if p.path.startswith("position.status")]
            if bad:
                raise InvalidInput("package.transfer_invalid", id=dossier_id, field=bad[0].path)
            changed.append((dossier_id, doc))
    own = OrgKey.of_vault(vault)
    package_id = fmt.new_package_id()
    now = iso_utc(vault.clock.now())
    n_documents = sum(len(d["documents"]) for d in listed)
    manifest: dict[str, Any] = {
        "format": payload.FORMAT, "version": payload.VERSION, "package_id": package_id, "created_at": now,
        "generator": exporter.GENERATOR,
        "sender": {"signing": own.signing.hex(), "agreement": own.agreement.hex()},
        "recipient": recipient.digest.hex(), "reference": reference, "transfer": transfer, "history": history,
        "counts": {"dossiers": len(chosen), "documents": n_documents, "scans": build.scans,
                   "portraits": build.portraits},
        "dossiers": listed,
    }  # fmt: skip
    dossiers = interchange.dumps(records, masked=False, exported_at=now, generator=exporter.GENERATOR)
    del records
    build.add(payload.DOSSIERS, dossiers)
    if history:
        build.add(payload.HISTORY, payload.dumps(histories))
    entries = [(payload.MANIFEST, payload.dumps(manifest)), *build.entries]
    data = fmt.seal(payload.pack(entries), package_id, own, vault.keys.signing_private(), recipient)
    del entries, build.entries
    sent = Sent(out, package_id, hashlib.sha256(data).hexdigest(), len(data), recipient, tuple(chosen),
                n_documents, build.scans, build.portraits, history, reference, transfer)  # fmt: skip
    _write(vault, service, sent, data, changed, now)
    return sent


def _write(
    vault: Vault, service: DossierService, sent: Sent, data: bytes, changed: list[tuple[int, Doc]], now: str
) -> None:
    """The file under a temporary name, the register, audit and transfer in one transaction, then
    the rename in the same folder: a failure before the commit leaves neither file nor record."""
    out = sent.file
    tmp = out.with_name(f".{out.name}.{sent.package_id[:8]}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise EnvironmentFault("package.write_failed", file=out.name, reason=exc.strerror or "") from None
    source = f"package:{sent.package_id}"
    details = {**sent.as_json(), "ids": list(sent.dossiers[:AUDIT_IDS])}
    for private in ("file", "transferred"):  # the file's name may name a person; the ids say it all
        details.pop(private)
    if len(sent.dossiers) > AUDIT_IDS:
        details["ids_truncated"] = True
    row = SentRow(sent.package_id, now, vault.actor, sent.recipient.digest.hex(), out.name, sent.sha256,
                  sent.size, sent.dossiers, sent.documents, sent.scans, sent.history, sent.reference,
                  sent.transfer)  # fmt: skip
    try:
        key = vault.keys.field_key()
        with vault.db.transaction() as tx:
            for dossier_id, doc in changed:
                # DossierService has no public write inside a caller's transaction: the package's
                # register, audit entry and every status change must commit together.
                saved = service.write_in(tx, key, doc, dossier_id, sent.reference, source)
                service.audit_saved(tx, saved, source)
            PackageRepository(vault.db).add_sent(tx, row)
            vault.audit.record(Action.PACKAGE_EXPORT, sent.package_id, details, tx=tx)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(out.parent)
