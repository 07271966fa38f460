"""Receiving a sealed package: check, open, validate, then import all or nothing.

1. :func:`check_file` (no vault needed): the file's shape and size (``format.read``) and the
   signature against the sender the officer names (``format.verify``). A package from anyone
   else, or altered by one bit, stops here (exit 4).
2. :func:`receive`, with the vault unlocked: the package must be sealed to this vault (exit 4
   otherwise) and open; its payload's shape and limits (``payload.unpack``); its manifest must
   repeat the clear header (package id, sender, recipient — exit 4 otherwise, a sign of a
   re-wrapped package); its id must not be in the register of received packages (a replay,
   exit 4). Then every dossier, document, page and portrait is checked as an import would
   (``checks``); any problem rejects the whole package with the importer's report (exit 1).
3. In one transaction: the package recorded as received (its id is the register's primary key,
   so two imports racing each other cannot both pass), every dossier created or updated with
   history source ``package:<id>`` and as basis the officer's ``basis`` or else the package's
   reference, the documents and pages filed, the portraits set, the carried change history kept
   sealed apart, and one audit entry ``package.import`` (package id, the sender's fingerprint,
   counts — never a name). Any failure rolls all of it back. ``dry_run`` stops before step 3.
Must not import Qt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from app.audit.actions import Action
from app.clock import iso_utc
from app.datefmt import local_datetime, local_day
from app.documents.service import DocumentService
from app.dossier.exporter import AUDIT_IDS
from app.dossier.importer import Issue, Report, check_basis
from app.dossier.service import DossierService
from app.dossier.structure import Problem
from app.errors import IntegrityViolation, InvalidInput
from app.packages import checks, payload
from app.packages import format as fmt
from app.packages.identity import OrgKey
from app.vault.session import Vault
from crypto import aead
from storage.package_repo import PackageRepository, ReceivedRow
from storage.portrait_repo import PortraitRepository, PortraitRow


def history_ad(package_id: str, dossier_id: int) -> bytes:
    return f"hoso/v1/package-history|{package_id}|{dossier_id}".encode()


@dataclass
class Received:
    package_id: str
    sender: OrgKey
    created_at: str
    reference: str | None
    transfer: bool
    sha256: str
    report: Report
    documents: int = 0
    scans: int = 0
    portraits: int = 0
    skipped_documents: int = 0
    histories: int = 0

    def as_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            **self.report.as_json(lang),
            "package_id": self.package_id,
            "sender": self.sender.fingerprint,
            "created_at": self.created_at,
            "reference": self.reference,
            "transfer": self.transfer,
            "sha256": self.sha256,
            "documents": self.documents,
            "scans": self.scans,
            "portraits": self.portraits,
            "documents_already_filed": self.skipped_documents,
            "histories": self.histories,
        }


def check_file(path: Path, sender: OrgKey) -> fmt.Sealed:
    """The package at ``path``, read and its signature checked against ``sender`` (step 1)."""
    sealed = fmt.read(path)
    fmt.verify(sealed, sender)
    return sealed


def _bind(manifest: dict[str, Any], sealed: fmt.Sealed) -> None:
    header = sealed.header
    sender = manifest["sender"]
    same = (
        manifest["package_id"] == header.package_id
        and isinstance(sender, dict)
        and sender.get("signing") == header.sender.signing.hex()
        and sender.get("agreement") == header.sender.agreement.hex()
        and manifest["recipient"] == header.recipient.hex()
        and isinstance(manifest["created_at"], str)
        and len(manifest["created_at"]) <= 40
    )
    if not same:
        raise IntegrityViolation("package.manifest_mismatch", file=sealed.file)


def receive(vault: Vault, sealed: fmt.Sealed, *, basis: str | None = None, dry_run: bool = False) -> Received:
    """Open ``sealed`` (checked by :func:`check_file`) with this vault's key and import it."""
    basis = check_basis(basis)
    own = OrgKey.of_vault(vault)
    opened = fmt.open_payload(sealed, own, vault.keys.agreement_private())
    pay = payload.unpack(opened, sealed.file)
    del opened
    manifest = pay.manifest
    _bind(manifest, sealed)
    package_id = sealed.header.package_id
    repo = PackageRepository(vault.db)
    earlier = repo.received(package_id)
    if earlier:
        when = local_datetime(earlier[0].received_at)
        raise IntegrityViolation("package.replayed", file=sealed.file, at=when)
    today = local_day(vault.clock.now())
    found = checks.Checked()
    policy = DossierService(vault).policy()
    checks.records(pay.dossiers, sealed.file, policy, today, found)
    if len(found.documents) != len(pay.carried):
        raise InvalidInput("package.bad_contents", file=sealed.file, what="counts")
    report = Report(sealed.file, dry_run, len(found.documents), errors=found.errors, warnings=found.warnings)
    digest = hashlib.sha256(sealed.head + sealed.ciphertext + sealed.signature).hexdigest()
    result = Received(package_id, sealed.header.sender, manifest["created_at"], manifest["reference"],
                      manifest["transfer"], digest, report)  # fmt: skip
    if found.errors:
        return result
    checks.against_vault(vault, found)
    checks.carried(vault, pay, today, found)
    report.errors, report.warnings = found.errors, found.warnings
    if found.errors:
        return result
    report.created = found.statuses.count("created")
    report.updated = found.statuses.count("updated")
    report.unchanged = found.statuses.count("unchanged")
    result.documents = sum(len(f) for f in found.filed)
    result.scans = sum(len(r.pages) for f in found.filed for r in f)
    result.portraits = sum(1 for p in found.portraits if p is not None)
    result.skipped_documents = found.skipped
    result.histories = len(pay.history) if pay.history is not None else 0
    basis = basis or manifest["reference"]
    if report.updated and basis is None:
        report.warnings.add(
            Issue(None, None, Problem("", "import.no_basis", {"count": report.updated}, "warning"))
        )
    if dry_run:
        return result
    _write(vault, result, found, pay, basis)
    return result


def _write(
    vault: Vault, result: Received, found: checks.Checked, pay: payload.Payload, basis: str | None
) -> None:
    service, documents = DossierService(vault), DocumentService(vault)
    portraits = PortraitRepository(vault.db)
    repo = PackageRepository(vault.db)
    source = f"package:{result.package_id}"
    key = vault.keys.field_key()
    now = iso_utc(vault.clock.now())
    try:
        with vault.db.transaction() as tx:
            ids = []
            for doc, dossier_id in zip(found.documents, found.existing, strict=True):
                # The dossiers, their files and the register commit together: DossierService and
                # DocumentService write only in their own transactions publicly.
                ids.append(service.write_in(tx, key, doc, dossier_id, basis, source).id)
            for dossier_id, ready in zip(ids, found.filed, strict=True):
                for item in ready:
                    document_id = documents.repo.add(tx, dossier_id, item.entry, now, vault.actor)
                    documents.store_pages(tx, document_id, list(item.pages), now, None)
            for dossier_id, picture in zip(ids, found.portraits, strict=True):
                current = portraits.info(dossier_id)
                if picture is not None and (current is None or current.sha256 != picture.sha256):
                    image = PortraitRow(
                        dossier_id, picture.jpeg, picture.sha256, picture.width, picture.height, now
                    )
                    portraits.put(tx, image)
            report = result.report
            row = ReceivedRow(result.package_id, now, vault.actor, result.sender.digest.hex(),
                              result.created_at, result.sha256, tuple(ids), report.created, report.updated,
                              result.documents, result.scans, result.reference, result.transfer)  # fmt: skip
            repo.add_received(tx, row)
            for dossier_id, changes in zip(ids, pay.history or [], strict=False):
                sealed = aead.seal(key, payload.dumps(changes), history_ad(result.package_id, dossier_id))
                repo.add_history(tx, result.package_id, dossier_id, len(changes), sealed)
            vault.audit.record(Action.PACKAGE_IMPORT, result.package_id, _details(result, ids), tx=tx)
    except sqlcipher3.IntegrityError:
        if repo.received(result.package_id):
            raise IntegrityViolation("package.replayed", file=result.report.file, at="") from None
        raise
    result.report.ids = ids


def _details(result: Received, ids: list[int]) -> dict[str, Any]:
    report = result.report
    details: dict[str, Any] = {
        "package_id": result.package_id,
        "sender": result.sender.fingerprint,
        "sha256": result.sha256,
        "created_at": result.created_at,
        "records": report.records,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "ids": ids[:AUDIT_IDS],
        "documents": result.documents,
        "scans": result.scans,
        "portraits": result.portraits,
        "documents_already_filed": result.skipped_documents,
        "histories": result.histories,
        "transfer": result.transfer,
        "reference": result.reference,
    }
    if len(ids) > AUDIT_IDS:
        details["ids_truncated"] = True
    return details
