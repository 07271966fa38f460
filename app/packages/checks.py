"""Checking an opened package's contents exactly as an import would, before anything is written.

Dossiers: the records of ``dossiers.json`` go through the importer's own steps and messages —
the interchange reader's hostile-input markers, masked values, ``validate.validate`` (structure
and rules) under this vault's field policy, duplicate personal ids — then, against the vault,
which personal ids exist (an update, never a duplicate; its removed values warned about).
Problems are the importer's :class:`~app.dossier.importer.Issue`, one per field, naming the record
and the field, never quoting a restricted value.

Documents and scans: each inventory entry through ``inventory.checked``; each page's image
through ``images.read_scan`` — the hostile-input gate of every scan (limits, a real decode, one
page) — and it must be what the manifest says (type, pixels). The stored bytes are kept as they
came (a second re-encoding would lose quality); the thumbnail is made anew. A document already
filed in an existing dossier with the same entry and pages is skipped; another page whose pixels
are already filed in the dossier is refused. Portraits through ``portrait.prepare``.
Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from app.documents import inventory
from app.documents.images import ScanPage, read_scan
from app.documents.service import DocumentService
from app.dossier import document, interchange, sealing
from app.dossier.document import Doc
from app.dossier.fields import Policy
from app.dossier.importer import Issue, Issues, clean, printable
from app.dossier.portrait import Portrait
from app.dossier.portrait import prepare as prepare_portrait
from app.dossier.service import DossierService
from app.dossier.structure import Problem
from app.dossier.validate import validate
from app.errors import HosoError
from app.packages.payload import Carried, Filed, Payload
from app.vault.session import Vault
from storage.document_repo import DOCUMENT_FIELDS, DocumentRepository


@dataclass(frozen=True, slots=True)
class Ready:
    """A document as it will be filed: its checked entry and its pages."""

    entry: dict[str, Any]
    pages: tuple[ScanPage, ...]


@dataclass
class Checked:
    documents: list[Doc] = field(default_factory=list)  # normalised, in the package's order
    names: list[str | None] = field(default_factory=list)
    existing: list[int | None] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)  # created / updated / unchanged
    filed: list[list[Ready]] = field(default_factory=list)
    portraits: list[Portrait | None] = field(default_factory=list)
    skipped: int = 0  # documents already filed
    errors: Issues = field(default_factory=Issues)
    warnings: Issues = field(default_factory=Issues)


def _name(raw: Any) -> str | None:
    ident = raw.get("identity") if isinstance(raw, dict) else None
    name = ident.get("full_name") if isinstance(ident, dict) else None
    return (clean(" ".join(name[:200].split()))[:120] or None) if isinstance(name, str) else None


def _problem(n: int, name: str | None, path: str, key: str, params: dict[str, Any]) -> Issue:
    return Issue(n, name, printable(Problem(path, key, params)))


def records(data: bytes, file: str, policy: Policy, today: date, out: Checked) -> None:
    """Validate the package's dossier records on their own (the importer's first step)."""
    found, masked = interchange.parse(data, file)
    if masked:
        out.errors.add(Issue(None, None, Problem("", "import.masked_file", {"file": file})))
    first: dict[str, int] = {}
    masked = masked or document.MASK.encode("utf-8") in data  # then look record by record
    for n, raw in enumerate(found, 1):
        name = _name(raw)
        out.names.append(name)
        before, seen = out.errors.total, set()
        if masked and isinstance(raw, dict):
            for where in document.contains_mask(raw):
                out.errors.add(_problem(n, name, where, "dossier.bad.masked", {}))
                seen.add(where)
        for where, key, params in interchange.hostile(raw):
            out.errors.add(_problem(n, name, where, key, params))
            seen.add(where)
        result = validate(raw, policy, today=today)
        found[n - 1] = raw = None
        for problem in result.errors:
            if problem.path not in seen:
                out.errors.add(Issue(n, name, printable(problem)))
                seen.add(problem.path)
        for problem in result.warnings:
            out.warnings.add(Issue(n, name, replace(printable(problem), severity="warning")))
        out.documents.append(result.document)
        pid = document.get(result.document, "identity.personal_id")
        if out.errors.total == before and isinstance(pid, str):
            if pid in first:
                params = {"other": first[pid], "other_name": out.names[first[pid] - 1] or ""}
                out.errors.add(_problem(n, name, "identity.personal_id", "import.duplicate_pid", params))
            first[pid] = n


def against_vault(vault: Vault, out: Checked) -> None:
    """Which records update an existing dossier, and what an update would remove."""
    service = DossierService(vault)
    key = vault.keys.field_key()
    pids = [str(document.get(d, "identity.personal_id")) for d in out.documents]
    indexes = [sealing.pid_index(key, p) for p in pids]
    existing = service.repo.ids_for_pids(indexes)
    for n, (doc, index) in enumerate(zip(out.documents, indexes, strict=True), 1):
        dossier_id = existing.get(index)
        out.existing.append(dossier_id)
        if dossier_id is None:
            out.statuses.append("created")
            continue
        current = service.get(dossier_id, reveal=True, audit=False)
        changes = document.diff(current.data, doc)
        secrecy = "secrecy" in doc and doc["secrecy"] != current.secrecy
        out.statuses.append("updated" if changes or secrecy else "unchanged")
        removed = [p for p, _, new in changes if new is None]
        if removed:
            params = {"count": len(removed), "paths": ", ".join(removed)}
            issue = Issue(n, out.names[n - 1], Problem("", "import.update_removes", params, "warning"))
            out.warnings.add(issue)


def _pages(pay: Payload, entry: Filed, n: int, name: str | None, out: Checked) -> tuple[ScanPage, ...] | None:
    pages = []
    for k, scan in enumerate(entry.scans, 1):
        where = f"documents.scan[{k}]"
        try:
            (page,) = read_scan(pay.blobs[scan.blob], scan.blob)
        except HosoError as exc:
            out.errors.add(_problem(n, name, where, exc.key, exc.params))
            return None
        except ValueError:  # more than one page
            out.errors.add(_problem(n, name, where, "package.scan_mismatch", {"scan": scan.blob}))
            return None
        if (page.mime, page.width, page.height) != (scan.mime, scan.width, scan.height):
            out.errors.add(_problem(n, name, where, "package.scan_mismatch", {"scan": scan.blob}))
            return None
        pages.append(replace(page, data=pay.blobs[scan.blob], sha256=scan.sha256, source_page=k))
    return tuple(pages)


def carried(vault: Vault, pay: Payload, today: date, out: Checked) -> None:
    """Check every document, page and portrait the package carries (see the module's note)."""
    repo = DocumentService(vault).repo
    for n, (item, dossier_id) in enumerate(zip(pay.carried, out.existing, strict=True), 1):
        name = out.names[n - 1]
        out.filed.append(_documents(pay, item, n, name, dossier_id, repo, today, out))
        picture = None
        if item.portrait is not None:
            try:
                picture = prepare_portrait(pay.blobs[item.portrait])
            except HosoError as exc:
                out.errors.add(_problem(n, name, "portrait", exc.key, exc.params))
        out.portraits.append(picture)


def _documents(
    pay: Payload, item: Carried, n: int, name: str | None, dossier_id: int | None, repo: DocumentRepository,
    today: date,
    out: Checked,
) -> list[Ready]:  # fmt: skip
    have: set[tuple[str, tuple[str, ...]]] = set()
    if dossier_id is not None:
        for row in repo.of_dossier(dossier_id):
            entry = {f: getattr(row, f) for f in DOCUMENT_FIELDS}
            have.add((repr(sorted(entry.items())), tuple(s.sha256 for s in repo.scans(row.id))))
    ready: list[Ready] = []
    seen: set[str] = set()
    for k, filed in enumerate(item.documents, 1):
        try:
            entry = inventory.checked(filed.values, today)
        except HosoError as exc:
            out.errors.add(_problem(n, name, f"documents[{k}]", exc.key, exc.params))
            continue
        digests = tuple(s.sha256 for s in filed.scans)
        if (repr(sorted(entry.items())), digests) in have:
            out.skipped += 1
            continue
        twice = next(
            (d for d in digests if d in seen or (dossier_id and repo.same_pixels(dossier_id, d))), None
        )
        if twice is not None:
            out.errors.add(_problem(n, name, f"documents[{k}]", "package.scan_twice", {"document": k}))
            continue
        seen.update(digests)
        pages = _pages(pay, filed, n, name, out)
        if pages is not None:
            ready.append(Ready(entry, pages))
    return ready
