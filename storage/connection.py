"""Opening a SQLCipher 4 database with a raw key, and the settings asserted on every connection.

``PRAGMA key = "x'…'"`` hands SQLCipher the 256-bit data key directly, so its own PBKDF2 is
skipped (the passphrase KDF is Argon2id, in the vault header). Every connection then gets, and
is checked to have: ``temp_store=MEMORY`` (with FILE, plaintext temp rows would land in the
system temp directory), ``secure_delete=ON``, ``journal_mode=WAL``, ``synchronous=FULL``,
``foreign_keys=ON``, ``trusted_schema=OFF`` and extension loading off (DESIGN §3).
Must not import Qt or ``crypto``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3

from storage import CopyFailed, CorruptDatabase, NotADatabase, PragmaMismatch

REQUIRED_PRAGMAS: dict[str, Any] = {
    "temp_store": 2,  # MEMORY
    "secure_delete": 1,
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "trusted_schema": 0,
}

Row = tuple[Any, ...]


def _key_pragma(raw_key: bytes) -> str:
    if len(raw_key) != 32:
        raise ValueError("the database key must be 32 bytes")
    return f"PRAGMA key = \"x'{raw_key.hex()}'\""


class Database:
    """One SQLCipher connection, serialised by a lock so that a background thread (unlock,
    import) and the GUI thread may share it. Use :meth:`transaction` for writes."""

    def __init__(self, path: Path, raw_key: bytes) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            self._conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        except sqlcipher3.Error as exc:
            raise NotADatabase(f"cannot open {path.name}: {exc}") from None
        try:
            # SQLCipher would print "hmac check failed" lines to stderr for a wrong key; HoSo
            # reports that itself, in one sentence.
            self._conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
            self._conn.execute(_key_pragma(raw_key))
            self._conn.enable_load_extension(False)
            # The first read decrypts page 1: a wrong key or damaged header page fails here.
            self._conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
            self._apply_pragmas()
        except sqlcipher3.DatabaseError as exc:
            self._conn.close()
            raise NotADatabase(f"{path.name} cannot be read with this key: {exc}") from None

    # -- settings -------------------------------------------------------------------------
    def _apply_pragmas(self) -> None:
        for name, value in REQUIRED_PRAGMAS.items():
            self._conn.execute(f"PRAGMA {name} = {value}").fetchall()
        self.assert_pragmas()

    def assert_pragmas(self) -> None:
        """Raise :class:`PragmaMismatch` unless every required setting is in force."""
        for name, expected in REQUIRED_PRAGMAS.items():
            row = self._conn.execute(f"PRAGMA {name}").fetchone()
            actual = row[0] if row else None
            if isinstance(actual, str):
                actual = actual.lower()
            if actual != expected:
                raise PragmaMismatch(f"PRAGMA {name} is {actual!r}, expected {expected!r}")

    # -- queries ---------------------------------------------------------------------------
    def execute(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Row]:
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

    def one(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Row | None:
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
            return tuple(row) if row is not None else None

    def scalar(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        row = self.one(sql, params)
        return row[0] if row else None

    def iterate(self, sql: str, params: tuple[Any, ...] = (), batch: int = 2000) -> Iterator[Row]:
        """Rows in batches, without holding the whole result in memory."""
        with self._lock:
            cursor = self._conn.execute(sql, params)
            while rows := cursor.fetchmany(batch):
                yield from (tuple(r) for r in rows)

    def executescript(self, sql: str) -> None:
        with self._lock:
            self._conn.executescript(sql)

    @contextmanager
    def transaction(self) -> Iterator[sqlcipher3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # -- integrity and keys ----------------------------------------------------------------
    def check_integrity(self) -> None:
        """Every page's HMAC (``cipher_integrity_check``) and SQLite's structural quick check."""
        with self._lock:
            try:
                problems = self._conn.execute("PRAGMA cipher_integrity_check").fetchall()
                if problems:
                    raise CorruptDatabase(f"{len(problems)} page(s) fail their HMAC")
                quick = self._conn.execute("PRAGMA quick_check").fetchall()
            except sqlcipher3.DatabaseError as exc:
                raise CorruptDatabase(f"integrity check failed: {exc}") from None
            if [r[0] for r in quick] != ["ok"]:
                raise CorruptDatabase(f"quick_check reports {len(quick)} problem(s)")

    def check_bounded(self) -> None:
        """A quick check whose cost does not grow with the vault: the schema, then every table's
        first and last rows (their B-tree root-to-leaf pages fail their HMAC if damaged). Pages
        not read here are still authenticated by SQLCipher whenever they are read later."""
        with self._lock:
            try:
                tables = [
                    str(r[0])
                    for r in self._conn.execute(
                        "SELECT name FROM sqlite_schema"
                        " WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
                    ).fetchall()
                ]
                for table in tables:
                    quoted = '"' + table.replace('"', '""') + '"'
                    self._conn.execute(f"SELECT * FROM {quoted} LIMIT 1").fetchall()
                    without_rowid = self._conn.execute(
                        "SELECT 1 FROM sqlite_schema WHERE name = ? AND sql LIKE '%WITHOUT ROWID%'", (table,)
                    ).fetchone()
                    if not without_rowid:
                        self._conn.execute(f"SELECT * FROM {quoted} ORDER BY rowid DESC LIMIT 1").fetchall()
            except sqlcipher3.DatabaseError as exc:
                raise CorruptDatabase(f"bounded integrity check failed: {exc}") from None

    def copy_to(self, target: Path) -> None:
        """A consistent copy of the whole database in the new file ``target``, encrypted under the
        same key (``VACUUM INTO`` from one read transaction: safe while others keep writing)."""
        with self._lock:
            try:
                self._conn.execute("VACUUM INTO ?", (str(target),)).fetchall()
            except sqlcipher3.Error as exc:  # a full disk, an unwritable folder …
                raise CopyFailed(f"the copy could not be written: {exc}") from None

    def inspect_copy(self, target: Path, tables: tuple[str, ...]) -> dict[str, Any]:
        """Open a copy made by :meth:`copy_to` under this connection's key (attached, read only),
        check every page of it (reading them checks their HMACs) and its structure, and return
        its schema version, row counts of ``tables`` and its last audit entry (seq, hash)."""
        with self._lock:
            uri = "file:" + str(target) + "?mode=ro"
            try:
                self._conn.execute("ATTACH DATABASE ? AS copy", (uri,))
            except sqlcipher3.DatabaseError as exc:
                raise CorruptDatabase(f"the copy cannot be opened: {exc}") from None
            try:
                quick = [r[0] for r in self._conn.execute("PRAGMA copy.quick_check").fetchall()]
                if quick != ["ok"]:
                    raise CorruptDatabase(f"quick_check of the copy reports {len(quick)} problem(s)")
                out: dict[str, Any] = {
                    "schema": int(self._conn.execute("PRAGMA copy.user_version").fetchone()[0])
                }
                for table in tables:
                    if not table.isidentifier():
                        raise ValueError(f"not a table name: {table!r}")
                    out[table] = int(self._conn.execute(f"SELECT count(*) FROM copy.{table}").fetchone()[0])
                head = self._conn.execute(
                    "SELECT seq, entry_hash FROM copy.audit_log ORDER BY seq DESC LIMIT 1"
                ).fetchone()
                out["audit_head"] = (int(head[0]), bytes(head[1])) if head else (0, b"")
                return out
            except sqlcipher3.DatabaseError as exc:
                raise CorruptDatabase(f"the copy fails its check: {exc}") from None
            finally:
                self._conn.execute("DETACH DATABASE copy")

    def rekey(self, new_key: bytes) -> None:
        """Re-encrypt every page under ``new_key`` (``PRAGMA rekey``)."""
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            self._conn.execute(_key_pragma(new_key).replace("PRAGMA key", "PRAGMA rekey", 1))

    def checkpoint(self) -> None:
        """Fold the WAL into the main file and truncate it, so that overwritten secrets
        (the audit ratchet key, secure-deleted rows) do not linger in the WAL."""
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def close(self) -> None:
        with self._lock:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            finally:
                self._conn.close()
