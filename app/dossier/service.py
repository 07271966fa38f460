"""Dossiers in the vault: save (create or update, with per-field history), read (masked, revealed,
or as of a past date) and the history itself.

A save writes, in one transaction: the normal values (JSON + indexed facts), each restricted
value sealed under the field key, one history row per changed path (restricted old/new values
sealed too), the search index (names, posts, units — never a restricted value) and the audit
entry naming the changed fields. Reading restricted values in clear is a reveal, audited.
Must not import Qt.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from app.audit.actions import Action
from app.clock import iso_utc
from app.dossier import dates, document, sealing, stat_facts
from app.dossier.document import Doc
from app.dossier.fields import Policy, is_restricted
from app.dossier.folding import exact, fold
from app.errors import InvalidInput, NotFound
from app.vault.session import Vault
from storage.dossier_repo import DossierRepository, DossierRow, SecretRow
from storage.stats_repo import StatsRepository

POLICY_SETTING = "field_policy"
CREATED = "*"


@dataclass(frozen=True, slots=True)
class Dossier:
    id: int
    version: int
    created_at: str
    updated_at: str
    secrecy: str
    data: Doc
    revealed: bool
    as_of: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "secrecy": self.secrecy, **self.data}


@dataclass(frozen=True, slots=True)
class Change:
    at: str
    actor: str
    path: str
    restricted: bool
    old: Any  # the mask when restricted and not revealed
    new: Any
    basis: str | None
    source: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "actor": self.actor,
            "path": self.path,
            "restricted": self.restricted,
            "old": self.old,
            "new": self.new,
            "basis": self.basis,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Saved:
    id: int
    created: bool
    changed: tuple[str, ...]


def as_of_cutoff(text: str) -> str:
    """The last instant (ISO UTC) a date names: "2024" → end of 2024; "2024-05-01" → end of that day."""
    moment = dates.parse(text[:10]) if len(text) >= 4 else None
    if moment is None:
        raise InvalidInput("dossier.bad.as_of", value=text[:40])
    if len(text) > 10:  # a full timestamp
        return text
    return moment.last.isoformat() + "T23:59:59.999Z"


class DossierService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.repo = DossierRepository(vault.db)
        self.stats = StatsRepository(vault.db, stat_facts.COLUMNS)

    # -- policy ------------------------------------------------------------------------
    def policy(self) -> Policy:
        raw = self.vault.setting(POLICY_SETTING)
        paths = json.loads(raw) if raw else []
        return Policy(frozenset(p for p in paths if isinstance(p, str)))

    def set_policy(self, not_kept: Iterable[str]) -> None:
        self.vault.change_setting(POLICY_SETTING, json.dumps(sorted(set(not_kept)), ensure_ascii=False))

    # -- reading -----------------------------------------------------------------------
    def _row(self, dossier_id: int) -> DossierRow:
        row = self.repo.get(dossier_id)
        if row is None:
            raise NotFound("dossier.not_found", id=dossier_id)
        return row

    def _current(self, row: DossierRow, key: bytes) -> Doc:
        by_path = document.values(json.loads(row.normal))
        for secret in self.repo.secrets(row.id).values():
            by_path[secret.path] = sealing.open_value(
                key, row.id, secret.path, secret.version, secret.ciphertext
            )
        return document.build(by_path)

    def get(
        self, dossier_id: int, *, reveal: bool = False, as_of: str | None = None, audit: bool = True
    ) -> Dossier:
        """One dossier; restricted values masked unless ``reveal`` (an audited act)."""
        row = self._row(dossier_id)
        key = self.vault.keys.field_key()
        data = self._current(row, key)
        cutoff = as_of_cutoff(as_of) if as_of else None
        if cutoff is not None:
            data = self._rewind(row, data, key, cutoff)
        if audit:
            details: dict[str, Any] = {"as_of": as_of} if as_of else {}
            self.vault.audit.record(Action.DOSSIER_VIEW, str(dossier_id), details)
            if reveal:
                shown = sorted(p for p in document.values(data) if is_restricted(p))
                self.vault.audit.record(Action.DOSSIER_REVEAL, str(dossier_id), {"paths": shown})
        shown_data = data if reveal else document.masked(data)
        return Dossier(
            row.id, row.version, row.created_at, row.updated_at, row.secrecy, shown_data, reveal, as_of
        )

    def reveal(self, dossier_id: int, paths: list[str]) -> dict[str, Any]:
        """The clear values of some restricted fields, for the editor's reveal action (audited)."""
        row = self._row(dossier_id)
        data = self._current(row, self.vault.keys.field_key())
        self.vault.audit.record(Action.DOSSIER_REVEAL, str(dossier_id), {"paths": sorted(paths)})
        return {p: document.get(data, p) for p in paths if is_restricted(p)}

    def with_edits(self, dossier_id: int, edits: dict[str, Any]) -> tuple[Doc, int]:
        """The stored dossier with ``edits`` (values by path; None clears) laid over it, and the
        version it was read at: what the editor validates and saves. Restricted values are read
        in clear to build it but never returned apart from the edits, so this is not a reveal
        (nothing is shown) and not audited; the save that follows is."""
        row = self._row(dossier_id)
        by_path = document.values(self._current(row, self.vault.keys.field_key()))
        for path, value in edits.items():
            if value is None:
                by_path.pop(path, None)
            else:
                by_path[path] = value
        merged = document.build(by_path)
        merged["secrecy"] = row.secrecy
        return merged, row.version

    def _rewind(self, row: DossierRow, data: Doc, key: bytes, cutoff: str) -> Doc:
        later = self.repo.changes(row.id, after=cutoff)
        by_path = document.values(data)
        for change in reversed(later):
            if change.path == CREATED:
                raise NotFound("dossier.not_yet", id=row.id, date=cutoff[:10])
            old = self._decode(
                row.id, change.path, change.at, "old", change.old_value, change.restricted, key
            )
            if old is None:
                by_path.pop(change.path, None)
            else:
                by_path[change.path] = old
        return document.build(by_path)

    def _decode(
        self,
        dossier_id: int,
        path: str,
        at: str,
        role: str,
        blob: bytes | None,
        restricted: bool,
        key: bytes | None,
    ) -> Any:
        if blob is None:
            return None
        if restricted:
            if key is None:
                return document.MASK
            return sealing.open_history(key, dossier_id, path, at, role, blob)
        return json.loads(blob.decode("utf-8"))

    def history(self, dossier_id: int, *, reveal: bool = False) -> list[Change]:
        row = self._row(dossier_id)
        key = self.vault.keys.field_key() if reveal else None
        out = []
        for c in self.repo.changes(row.id):
            out.append(
                Change(
                    c.at,
                    c.actor,
                    c.path,
                    c.restricted,
                    self._decode(row.id, c.path, c.at, "old", c.old_value, c.restricted, key),
                    self._decode(row.id, c.path, c.at, "new", c.new_value, c.restricted, key),
                    c.basis,
                    c.source,
                )
            )
        details: dict[str, Any] = {"revealed": reveal}
        self.vault.audit.record(Action.DOSSIER_HISTORY, str(dossier_id), details)
        return out

    def find(self, personal_id: str) -> int | None:
        return self.repo.id_for_pid(sealing.pid_index(self.vault.keys.field_key(), personal_id))

    # -- writing ---------------------------------------------------------------------
    def save(
        self,
        doc: Doc,
        *,
        dossier_id: int | None = None,
        basis: str | None = None,
        source: str = "editor",
        expected_version: int | None = None,
    ) -> Saved:
        """Create (``dossier_id`` None) or update one validated, normalised dossier."""
        key = self.vault.keys.field_key()
        with self.vault.db.transaction() as tx:
            if dossier_id is not None:
                row = self._row(dossier_id)
                if expected_version is not None and row.version != expected_version:
                    raise InvalidInput("dossier.stale", id=dossier_id)
            saved = self.write_in(tx, key, doc, dossier_id, basis, source)
            self.audit_saved(tx, saved, source)
        return saved

    def save_many(
        self,
        docs: list[Doc],
        *,
        source: str,
        basis: str | None = None,
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Saved]:
        """Save validated documents all-or-nothing: an existing personal id is an update."""
        key = self.vault.keys.field_key()
        indexes = [sealing.pid_index(key, str(document.get(d, "identity.personal_id"))) for d in docs]
        if len(set(indexes)) != len(indexes):
            first = next(n for n, i in enumerate(indexes) if indexes.index(i) != n)
            raise InvalidInput("dossier.duplicate_in_batch", record=first + 1)
        existing = self.repo.ids_for_pids(indexes)
        results: list[Saved] = []
        with self.vault.db.transaction() as tx:
            for n, (doc, index) in enumerate(zip(docs, indexes, strict=True)):
                if cancelled is not None and n % 100 == 0 and cancelled():
                    raise InterruptedError("import cancelled")
                saved = self.write_in(tx, key, doc, existing.get(index), basis, source)
                if saved.created:
                    existing[index] = saved.id
                results.append(saved)
                if progress is not None and n % 100 == 0:
                    progress(n)
            created = sum(1 for s in results if s.created)
            updated = sum(1 for s in results if not s.created and s.changed)
            self.vault.audit.record(
                Action.DOSSIER_IMPORT,
                source,
                {"created": created, "updated": updated, "records": len(docs)},
                tx=tx,
            )
        return results

    def audit_saved(self, tx: sqlcipher3.Connection, saved: Saved, source: str) -> None:
        """The audit entry of one save, inside the caller's transaction."""
        if saved.created:
            self.vault.audit.record(Action.DOSSIER_CREATE, str(saved.id), {"source": source}, tx=tx)
        elif saved.changed:
            self.vault.audit.record(
                Action.DOSSIER_CHANGE, str(saved.id), {"fields": list(saved.changed), "source": source}, tx=tx
            )

    def write_in(
        self,
        tx: sqlcipher3.Connection,
        key: bytes,
        doc: Doc,
        dossier_id: int | None,
        basis: str | None,
        source: str,
    ) -> Saved:
        """Create (``dossier_id`` None) or update one dossier inside the caller's transaction ``tx``
        (for writers that must commit several things at once, like a package import); not audited:
        :meth:`audit_saved` records it."""
        now = iso_utc(self.vault.clock.now())
        actor = self.vault.actor
        personal_id = document.get(doc, "identity.personal_id")
        if not isinstance(personal_id, str):
            raise InvalidInput("dossier.bad.required_path", path="identity.personal_id")
        normal, restricted = document.split(doc)
        secrecy = doc.get("secrecy", "mat")
        index = sealing.pid_index(key, personal_id)
        if dossier_id is None:
            row = DossierRow(0, index, 1, now, now, secrecy, _dumps(normal), document.facts(normal))
            new_id = self.repo.insert(tx, row)
            for path, value in restricted.items():
                self.repo.put_secret(
                    tx, new_id, SecretRow(path, 1, sealing.seal_value(key, new_id, path, 1, value))
                )
            self.repo.add_changes(tx, new_id, now, actor, [(CREATED, False, None, None)], basis, source)
            self._index(tx, new_id, normal)
            self.stats.put(tx, new_id, now, now, stat_facts.row(document.values(doc)))
            return Saved(new_id, True, ())
        current_row = self._row(dossier_id)
        before = self._current(current_row, key)
        changes = document.diff(before, doc)
        secrecy_changed = "secrecy" in doc and doc["secrecy"] != current_row.secrecy
        if not changes and not secrecy_changed:
            return Saved(dossier_id, False, ())
        secrets = self.repo.secrets(dossier_id)
        history = []
        for path, old, new in changes:
            if is_restricted(path):
                version = secrets[path].version + 1 if path in secrets else 1
                if new is None:
                    self.repo.delete_secret(tx, dossier_id, path)
                else:
                    blob = sealing.seal_value(key, dossier_id, path, version, new)
                    self.repo.put_secret(tx, dossier_id, SecretRow(path, version, blob))
                history.append(
                    (
                        path,
                        True,
                        None if old is None else sealing.seal_history(key, dossier_id, path, now, "old", old),
                        None if new is None else sealing.seal_history(key, dossier_id, path, now, "new", new),
                    )
                )
            else:
                history.append((path, False, _blob(old), _blob(new)))
        row = DossierRow(
            dossier_id,
            index,
            current_row.version + 1,
            current_row.created_at,
            now,
            doc.get("secrecy", current_row.secrecy),
            _dumps(normal),
            document.facts(normal),
        )
        self.repo.update(tx, row)
        self.repo.update_pid(tx, dossier_id, index)
        self.repo.add_changes(tx, dossier_id, now, actor, history, basis, source)
        self._index(tx, dossier_id, normal)
        self.stats.put(tx, dossier_id, current_row.created_at, now, stat_facts.row(document.values(doc)))
        return Saved(
            dossier_id, False, tuple(p for p, _, _ in changes) + (("secrecy",) if secrecy_changed else ())
        )

    def _index(self, tx: sqlcipher3.Connection, dossier_id: int, normal: Doc) -> None:
        def text(*paths: str) -> str:
            return " ".join(str(v) for p in paths if (v := document.get(normal, p)))

        names = text("identity.full_name", "identity.other_names")
        self.repo.index(
            tx,
            dossier_id,
            fold(names),
            exact(names),
            fold(
                text(
                    "position.current_post",
                    "position.concurrent_posts",
                    "position.party_post",
                    "position.party_post_concurrent",
                )
            ),
            fold(text("position.employing_unit", "position.managing_body")),
        )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _blob(value: Any) -> bytes | None:
    return None if value is None else _dumps(value).encode("utf-8")
