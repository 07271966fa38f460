"""The vault's metadata and settings tables: small key-value stores.

``meta`` holds what identifies and equips the vault (its id, the content root key, the wrapped
organisation keys); ``settings`` holds the officer's choices. Neither ever holds dossier data.
Must not import Qt or ``crypto``.
"""

from __future__ import annotations

from storage.connection import Database


class MetaRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> bytes | None:
        value = self._db.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return bytes(value) if value is not None else None

    def put(self, key: str, value: bytes) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


class SettingsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> str | None:
        value = self._db.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return str(value) if value is not None else None

    def all(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._db.execute("SELECT key, value FROM settings")}

    def put(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))


def table_counts(db: Database, tables: tuple[str, ...]) -> dict[str, int]:
    """Row counts of the named tables; a table a later schema adds counts as 0 until it exists."""
    existing = {r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    counts = {}
    for table in tables:
        if not table.isidentifier():
            raise ValueError(f"not a table name: {table!r}")
        counts[table] = int(db.scalar(f"SELECT count(*) FROM {table}")) if table in existing else 0
    return counts
