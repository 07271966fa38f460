"""Rows that statistics read: the narrow ``dossier_stats`` table (one row per dossier, written with
every save) and, for a count "as of" a past date, the history rows since that date.

A restricted history value never leaves this module: for those only whether an old value existed
is returned, never its ciphertext. Must not import Qt or ``crypto``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import sqlcipher3

from storage.connection import Database


@dataclass(frozen=True, slots=True)
class Rewind:
    """One history row since the cut-off: the dossier's value at ``path`` before it."""

    dossier_id: int
    path: str
    old: bytes | None  # JSON text; always None for a restricted path
    had_old: bool  # whether there was a value before (all a restricted path tells)


_SEP = "\x1f"  # the unit separator: validation keeps it out of every stored value


class StatsRepository:
    def __init__(self, db: Database, columns: Sequence[str]) -> None:
        self._db = db
        self._columns = tuple(columns)

    def put(
        self,
        conn: sqlcipher3.Connection,
        dossier_id: int,
        created_at: str,
        updated_at: str,
        values: Mapping[str, str | None],
    ) -> None:
        names = ", ".join(self._columns)
        marks = ", ".join("?" for _ in self._columns)
        conn.execute(
            f"INSERT OR REPLACE INTO dossier_stats (dossier_id, created_at, updated_at, {names})"
            f" VALUES (?, ?, ?, {marks})",
            (dossier_id, created_at, updated_at, *(values.get(c) for c in self._columns)),
        )

    def generation(self) -> tuple[int, int]:
        """Changes whenever a dossier is saved (the history is append-only): (last history row,
        number of stats rows), for caching what was counted."""
        last = self._db.scalar("SELECT coalesce(max(id), 0) FROM dossier_changes")
        return int(last), int(self._db.scalar("SELECT count(*) FROM dossier_stats"))

    def columns(
        self, names: Iterable[str] | None = None, *, created_until: str | None = None
    ) -> dict[str, list[str]]:
        """The stats rows (of the dossiers created by ``created_until`` when given) as columns in
        dossier id order, NULL as "", ``updated_at`` as its day.

        Each column is joined into one text inside SQLite and split in Python: for 100 000
        dossiers that is several times faster than a Python value per cell through the cursor.
        Validation refuses control characters in values, so the separator (U+001F) never occurs;
        a column that splits into the wrong number of parts all the same is read cell by cell.
        The join follows the table scan (id order); should it not, the columns are sorted here.
        """
        known = ("updated_at", *self._columns)
        chosen = known if names is None else [n for n in known if n in set(names)]
        fields = {n: f"coalesce({n}, '')" for n in ("dossier_id", *chosen)}
        if "updated_at" in fields:
            fields["updated_at"] = "substr(updated_at, 1, 10)"
        where, params = ("WHERE created_at <= ?", (created_until,)) if created_until else ("", ())
        joined = ", ".join(f"group_concat({f}, char(31))" for f in fields.values())
        row = self._db.one(f"SELECT count(*), {joined} FROM dossier_stats {where}", params)
        if row is None or not row[0]:
            return {n: [] for n in fields}
        cols = {}
        for (name, field), text in zip(fields.items(), row[1:], strict=True):
            parts = str(text).split(_SEP)
            if len(parts) != row[0]:
                sql = f"SELECT {field} FROM dossier_stats {where} ORDER BY dossier_id"
                parts = [str(r[0]) for r in self._db.execute(sql, params)]
            cols[name] = parts
        ids = [int(i) for i in cols["dossier_id"]]
        if any(a >= b for a, b in pairwise(ids)):
            order = sorted(range(len(ids)), key=ids.__getitem__)
            cols = {n: [v[i] for i in order] for n, v in cols.items()}
        return cols

    def rewinds(self, after: str, paths: Iterable[str]) -> list[Rewind]:
        """History rows later than ``after`` on ``paths``, newest first (the order to undo them)."""
        wanted = sorted(set(paths))
        marks = ", ".join("?" for _ in wanted)
        rows = self._db.execute(
            "SELECT dossier_id, path, CASE WHEN restricted = 0 THEN old_value END, old_value IS NOT NULL"
            f" FROM dossier_changes WHERE at > ? AND path IN ({marks}) ORDER BY id DESC",
            (after, *wanted),
        )
        return [Rewind(int(r[0]), str(r[1]), None if r[2] is None else bytes(r[2]), bool(r[3])) for r in rows]

    def last_changes(self, until: str) -> dict[int, str]:
        """Each dossier's last change up to ``until`` (what ``updated_at`` was then)."""
        rows = self._db.execute(
            "SELECT dossier_id, max(at) FROM dossier_changes WHERE at <= ? GROUP BY dossier_id", (until,)
        )
        return {int(r[0]): str(r[1]) for r in rows}
