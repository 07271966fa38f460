"""Rows of the dossier tables: dossiers, their encrypted restricted values, their history and
their search index. Plain data in and out; encryption, validation and diffing are ``app``'s.

Writes take the caller's transaction connection so that a save, its history and its audit
entry commit together. Must not import Qt or ``crypto``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlcipher3

from storage.connection import Database

FACT_COLUMNS = (
    "full_name",
    "sex",
    "birth_date",
    "birth_year",
    "ethnicity",
    "religion",
    "management_tier",
    "employing_unit",
    "current_post",
    "post_group",
    "highest_degree",
    "academic_title",
    "political_theory",
    "state_management",
    "status",
    "party_join_date",
    "party_official_date",
)


#: Put before every word of the posts and units columns of ``dossier_fts`` (a private-use
#: character, which the unicode61 tokenizer keeps as part of a word). An FTS5 index keeps one
#: list of rows per word whatever the column, and a province's own name is in nearly every unit
#: ("Sở Nội vụ tỉnh Thái Nguyên"): unmarked, "nguyen" would list every dossier even for a
#: names-only query. Marked, "nguyen" lists the Nguyễns and "\ue000nguyen" the units.
ORG_MARK = "\ue000"


def _word_char(ch: str) -> bool:
    """What the unicode61 tokenizer keeps in a word: letters, numbers, private use."""
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Co"


def fts_tokens(text: str) -> list[str]:
    """The words of ``text`` as the FTS tokenizer splits them (runs of word characters)."""
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        if _word_char(ch):
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def org_terms(text: str) -> str:
    """``text`` as stored in the posts and units columns: each word marked with ORG_MARK."""
    return " ".join(ORG_MARK + w for w in fts_tokens(text))


#: What a search hit shows, in this order (every one in both covering search indexes).
HIT_COLUMNS = ("id", "full_name", "birth_date", "current_post", "employing_unit")
#: The fact columns a search may filter on (every one in both covering search indexes).
FILTER_COLUMNS = (
    "sex",
    "birth_year",
    "ethnicity",
    "religion",
    "management_tier",
    "employing_unit",
    "post_group",
    "highest_degree",
    "academic_title",
    "political_theory",
    "state_management",
    "status",
    "party_join_date",
)
FILTER_OPS = ("in", ">=", "<=", "null", "not_null")
#: Page cache for searching (KiB, as ``PRAGMA cache_size`` takes it negated): enough to keep the
#: FTS index and both covering indexes of 100 000 dossiers (about 100 MB) decrypted in memory,
#: so that a search decrypts no page twice. SQLite fills the cache only as pages are read.
SEARCH_CACHE_KIB = 256 * 1024
_HIT = ", ".join(f"d.{c}" for c in HIT_COLUMNS)
_NAME_ORDER = "ORDER BY d.full_name, d.birth_date, d.id"


@dataclass(frozen=True, slots=True)
class Condition:
    """One search filter on a fact column. ``op``: ``in`` (``values`` non-empty), ``>=`` or
    ``<=`` (one value), ``null`` or ``not_null`` (no value)."""

    column: str
    op: str
    values: tuple[str | int, ...] = ()


def _where(conditions: Sequence[Condition]) -> tuple[str, list[Any]]:
    """SQL for ``conditions`` (each ANDed, prefixed with " AND ") and its parameters. Column
    names and operators come from the fixed lists above, never from the caller's text."""
    sql: list[str] = []
    params: list[Any] = []
    for c in conditions:
        if c.column not in FILTER_COLUMNS or c.op not in FILTER_OPS:
            raise ValueError(f"not a search condition: {c.column} {c.op}")
        column = f"d.{FILTER_COLUMNS[FILTER_COLUMNS.index(c.column)]}"
        if c.op == "in":
            if not c.values:
                raise ValueError(f"empty IN list for {c.column}")
            sql.append(f" AND {column} IN ({', '.join('?' * len(c.values))})")
            params.extend(c.values)
        elif c.op in (">=", "<="):
            if len(c.values) != 1:
                raise ValueError(f"{c.column} {c.op} takes one value")
            sql.append(f" AND {column} {c.op} ?")
            params.append(c.values[0])
        else:
            sql.append(f" AND {column} IS {'NOT ' if c.op == 'not_null' else ''}NULL")
    return "".join(sql), params


#: Fact columns with an index of their own: a count filtering on one of them alone reads only it.
SINGLE_INDEXED = frozenset(
    {
        "sex",
        "birth_year",
        "ethnicity",
        "management_tier",
        "employing_unit",
        "highest_degree",
        "political_theory",
        "status",
        "post_group",
    }
)
_MATCHES = "SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ?"
_BY_ID = "dossier_fts JOIN dossiers d INDEXED BY dossiers_search_id ON d.id = dossier_fts.rowid"


def count_sql(
    match: str | None, conditions: Sequence[Condition], cap: int | None = None
) -> tuple[str, tuple[Any, ...]]:
    """SQL counting the dossiers that match and pass ``conditions``; every dossier read comes
    from a covering index, never from the table rows."""
    where, params = _where(conditions)
    if match is None:
        columns = {c.column for c in conditions}
        if len(columns) == 1 and columns <= SINGLE_INDEXED:
            source = "dossiers d"  # the column's own index holds all the count needs
        else:
            source = "dossiers d INDEXED BY dossiers_search_name"
        inner = f"SELECT 1 FROM {source} WHERE 1{where}"
    elif not conditions:
        inner, params = "SELECT 1 FROM dossier_fts WHERE dossier_fts MATCH ?", [match]
    else:
        inner = f"SELECT 1 FROM {_BY_ID} WHERE dossier_fts MATCH ?{where}"
        params = [match, *params]
    if cap is None:
        return f"SELECT count(*) FROM ({inner})", tuple(params)
    return f"SELECT count(*) FROM ({inner} LIMIT ?)", (*params, cap)


def rows_sql(
    match: str | None, conditions: Sequence[Condition], *, by_name: bool = False
) -> tuple[str, tuple[Any, ...]]:
    """SQL for one page of hits in name order; its last two parameters (LIMIT, OFFSET) are the
    caller's to add."""
    where, params = _where(conditions)
    if match is None:
        sql = f"SELECT {_HIT} FROM dossiers d INDEXED BY dossiers_search_name WHERE 1{where}"
    elif by_name:
        sql = (
            f"SELECT {_HIT} FROM dossiers d INDEXED BY dossiers_search_name WHERE d.id IN ({_MATCHES}){where}"
        )
        params = [match, *params]
    else:
        sql = f"SELECT {_HIT} FROM {_BY_ID} WHERE dossier_fts MATCH ?{where}"
        params = [match, *params]
    return f"{sql} {_NAME_ORDER} LIMIT ? OFFSET ?", tuple(params)


# -- listing (the desktop app's list of dossiers) ------------------------------------------------
#: The orders a full list of dossiers can take, each as ``(column, …)`` read from the covering
#: indexes: "name" is the name index's own order; the others put blanks last and break ties by
#: name, birth date and id. SQL is built from these fixed lists only, never from a caller's text.
LIST_ORDERS: dict[str, tuple[str, ...]] = {
    "name": ("full_name", "birth_date", "id"),
    "birth_date": ("birth_date", "full_name", "id"),
    "current_post": ("current_post", "full_name", "birth_date", "id"),
    "employing_unit": ("employing_unit", "full_name", "birth_date", "id"),
}
#: At most this many ids per ``hit_rows`` query (SQLite's bound parameters stay well in limits).
HIT_BATCH = 500


def _order_by(order: str, descending: bool) -> str:
    if order not in LIST_ORDERS:
        raise ValueError(f"not a list order: {order}")
    first, *rest = LIST_ORDERS[order]
    if order == "name":
        way = " DESC" if descending else ""
        return "ORDER BY " + ", ".join(f"d.{c}{way}" for c in LIST_ORDERS[order])
    key = f"d.{first} IS NULL, d.{first}{' DESC' if descending else ''}"
    return "ORDER BY " + ", ".join([key, *(f"d.{c}" for c in rest)])


def list_sql(
    match: str | None,
    conditions: Sequence[Condition],
    *,
    order: str = "name",
    descending: bool = False,
    by_name: bool = False,
) -> tuple[str, tuple[Any, ...]]:
    """SQL for the ids of every dossier that matches and passes ``conditions``, in ``order``
    (see ``LIST_ORDERS``). Like ``rows_sql``: with no match, or a large one (``by_name``), a
    covering index is walked and each entry checked; otherwise each match is looked up by id.
    In name order with no match (or ``by_name``) the name index gives the order with no sort."""
    where, params = _where(conditions)
    index = "dossiers_search_name" if order == "name" else "dossiers_search_id"
    if match is None:
        sql = f"SELECT d.id FROM dossiers d INDEXED BY {index} WHERE 1{where}"
    elif by_name:
        sql = f"SELECT d.id FROM dossiers d INDEXED BY {index} WHERE d.id IN ({_MATCHES}){where}"
        params = [match, *params]
    else:
        sql = f"SELECT d.id FROM {_BY_ID} WHERE dossier_fts MATCH ?{where}"
        params = [match, *params]
    return f"{sql} {_order_by(order, descending)}", tuple(params)


@dataclass(frozen=True, slots=True)
class HitRow:
    id: int
    full_name: str
    birth_date: str | None
    current_post: str | None
    employing_unit: str | None


def _hit(r: Sequence[Any]) -> HitRow:
    return HitRow(int(r[0]), str(r[1]), r[2], r[3], r[4])


@dataclass(frozen=True, slots=True)
class DossierRow:
    id: int
    pid_index: bytes
    version: int
    created_at: str
    updated_at: str
    secrecy: str
    normal: str  # JSON
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SecretRow:
    path: str
    version: int
    ciphertext: bytes


@dataclass(frozen=True, slots=True)
class ChangeRow:
    id: int
    dossier_id: int
    at: str
    actor: str
    path: str
    restricted: bool
    old_value: bytes | None
    new_value: bytes | None
    basis: str | None
    source: str | None


_BASE = "id, pid_index, version, created_at, updated_at, secrecy, normal"
_SELECT = f"{_BASE}, {', '.join(FACT_COLUMNS)}"
_CHANGE = "id, dossier_id, at, actor, path, restricted, old_value, new_value, basis, source"


def _dossier(r: Sequence[Any]) -> DossierRow:
    facts = dict(zip(FACT_COLUMNS, r[7:], strict=True))
    return DossierRow(int(r[0]), bytes(r[1]), int(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), facts)


def _change(r: Sequence[Any]) -> ChangeRow:
    return ChangeRow(
        int(r[0]),
        int(r[1]),
        str(r[2]),
        str(r[3]),
        str(r[4]),
        bool(r[5]),
        None if r[6] is None else bytes(r[6]),
        None if r[7] is None else bytes(r[7]),
        r[8],
        r[9],
    )


class DossierRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- dossiers ----------------------------------------------------------------------
    def insert(self, conn: sqlcipher3.Connection, row: DossierRow) -> int:
        cols = ["pid_index", "version", "created_at", "updated_at", "secrecy", "normal", *FACT_COLUMNS]
        values = [
            row.pid_index,
            row.version,
            row.created_at,
            row.updated_at,
            row.secrecy,
            row.normal,
            *(row.facts.get(c) for c in FACT_COLUMNS),
        ]
        marks = ", ".join("?" * len(cols))
        cursor = conn.execute(f"INSERT INTO dossiers ({', '.join(cols)}) VALUES ({marks})", values)
        return int(cursor.lastrowid)

    def update(self, conn: sqlcipher3.Connection, row: DossierRow) -> None:
        sets = ", ".join(f"{c} = ?" for c in ("version", "updated_at", "secrecy", "normal", *FACT_COLUMNS))
        values = [
            row.version,
            row.updated_at,
            row.secrecy,
            row.normal,
            *(row.facts.get(c) for c in FACT_COLUMNS),
            row.id,
        ]
        conn.execute(f"UPDATE dossiers SET {sets} WHERE id = ?", values)

    def update_pid(self, conn: sqlcipher3.Connection, dossier_id: int, pid_index: bytes) -> None:
        conn.execute(
            "UPDATE dossiers SET pid_index = ? WHERE id = ? AND pid_index <> ?",
            (pid_index, dossier_id, pid_index),
        )

    def get(self, dossier_id: int) -> DossierRow | None:
        row = self._db.one(f"SELECT {_SELECT} FROM dossiers WHERE id = ?", (dossier_id,))
        return _dossier(row) if row else None

    def id_for_pid(self, pid_index: bytes) -> int | None:
        value = self._db.scalar("SELECT id FROM dossiers WHERE pid_index = ?", (pid_index,))
        return int(value) if value is not None else None

    def ids_for_pids(self, pid_indexes: Iterable[bytes]) -> dict[bytes, int]:
        found: dict[bytes, int] = {}
        batch: list[bytes] = []
        for index in pid_indexes:
            batch.append(index)
            if len(batch) == 500:
                found.update(self._pid_batch(batch))
                batch = []
        if batch:
            found.update(self._pid_batch(batch))
        return found

    def _pid_batch(self, batch: list[bytes]) -> dict[bytes, int]:
        marks = ",".join("?" * len(batch))
        rows = self._db.execute(
            f"SELECT pid_index, id FROM dossiers WHERE pid_index IN ({marks})", tuple(batch)
        )
        return {bytes(r[0]): int(r[1]) for r in rows}

    def count(self) -> int:
        return int(self._db.scalar("SELECT count(*) FROM dossiers"))

    def all_ids(self) -> list[int]:
        return [int(r[0]) for r in self._db.execute("SELECT id FROM dossiers ORDER BY id")]

    def iterate(self, batch: int = 2000) -> Iterator[DossierRow]:
        for r in self._db.iterate(f"SELECT {_SELECT} FROM dossiers ORDER BY id", batch=batch):
            yield _dossier(r)

    # -- restricted values ---------------------------------------------------------------
    def secrets(self, dossier_id: int) -> dict[str, SecretRow]:
        rows = self._db.execute(
            "SELECT path, version, ciphertext FROM dossier_secrets WHERE dossier_id = ?", (dossier_id,)
        )
        return {str(r[0]): SecretRow(str(r[0]), int(r[1]), bytes(r[2])) for r in rows}

    def put_secret(self, conn: sqlcipher3.Connection, dossier_id: int, secret: SecretRow) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO dossier_secrets (dossier_id, path, version, ciphertext)"
            " VALUES (?, ?, ?, ?)",
            (dossier_id, secret.path, secret.version, secret.ciphertext),
        )

    def delete_secret(self, conn: sqlcipher3.Connection, dossier_id: int, path: str) -> None:
        conn.execute("DELETE FROM dossier_secrets WHERE dossier_id = ? AND path = ?", (dossier_id, path))

    # -- history ---------------------------------------------------------------------------
    def add_changes(
        self,
        conn: sqlcipher3.Connection,
        dossier_id: int,
        at: str,
        actor: str,
        changes: Iterable[tuple[str, bool, bytes | None, bytes | None]],
        basis: str | None,
        source: str | None,
    ) -> None:
        conn.executemany(
            "INSERT INTO dossier_changes (dossier_id, at, actor, path, restricted, old_value, new_value,"
            " basis, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(dossier_id, at, actor, path, int(r), old, new, basis, source) for path, r, old, new in changes],
        )

    def changes(self, dossier_id: int, after: str | None = None) -> list[ChangeRow]:
        """The dossier's changes in order (only those after ``after`` when given)."""
        if after is None:
            rows = self._db.execute(
                f"SELECT {_CHANGE} FROM dossier_changes WHERE dossier_id = ? ORDER BY id",
                (dossier_id,),
            )
        else:
            rows = self._db.execute(
                f"SELECT {_CHANGE} FROM dossier_changes WHERE dossier_id = ? AND at > ? ORDER BY id",
                (dossier_id, after),
            )
        return [_change(r) for r in rows]

    # -- search index ---------------------------------------------------------------------
    def index(
        self,
        conn: sqlcipher3.Connection,
        dossier_id: int,
        names: str,
        names_exact: str,
        posts: str,
        units: str,
    ) -> None:
        """Index one dossier's names and (marked, see ORG_MARK) posts and units."""
        conn.execute("DELETE FROM dossier_fts WHERE rowid = ?", (dossier_id,))
        conn.execute(
            "INSERT INTO dossier_fts (rowid, names, names_exact, posts, units) VALUES (?, ?, ?, ?, ?)",
            (dossier_id, names, names_exact, org_terms(posts), org_terms(units)),
        )

    # -- search ------------------------------------------------------------------------------
    # ``match`` is an FTS5 expression the caller built from quoted tokens only; None lists every
    # dossier. Matches are joined to the covering index by id (never to the table rows, whose
    # fact columns lie after the large ``normal`` JSON and its overflow pages).
    def tune_for_search(self) -> None:
        """Give the connection a page cache large enough for the search indexes (once)."""
        size = int(self._db.scalar("PRAGMA cache_size") or 0)
        kib = -size if size < 0 else size * int(self._db.scalar("PRAGMA page_size") or 4096) // 1024
        if kib < SEARCH_CACHE_KIB:
            self._db.execute(f"PRAGMA cache_size = -{SEARCH_CACHE_KIB}")

    def search_count(
        self, match: str | None, conditions: Sequence[Condition] = (), *, cap: int | None = None
    ) -> int:
        """How many dossiers match (at most ``cap``, which stops counting early)."""
        sql, params = count_sql(match, conditions, cap)
        return int(self._db.scalar(sql, params))

    def search_rows(
        self,
        match: str | None,
        conditions: Sequence[Condition] = (),
        *,
        limit: int,
        offset: int = 0,
        by_name: bool = False,
    ) -> list[HitRow]:
        """The matching rows in name order (full name, birth date, id), ``limit`` from ``offset``.

        With ``by_name`` the name index is walked and each entry checked against the set of
        matches (cheaper when they are many); otherwise every match is looked up by id and the
        lot sorted (cheaper when they are few)."""
        sql, params = rows_sql(match, conditions, by_name=by_name)
        return [_hit(r) for r in self._db.execute(sql, (*params, limit, offset))]

    def employing_units(self) -> list[str]:
        """Every distinct employing unit (from its index)."""
        rows = self._db.execute(
            "SELECT DISTINCT employing_unit FROM dossiers WHERE employing_unit IS NOT NULL"
        )
        return [str(r[0]) for r in rows]

    # -- listing ---------------------------------------------------------------------------------
    def list_ids(
        self,
        match: str | None,
        conditions: Sequence[Condition] = (),
        *,
        order: str = "name",
        descending: bool = False,
        by_name: bool = False,
    ) -> list[int]:
        """The ids of every match passing ``conditions``, in ``order`` (see ``list_sql``)."""
        sql, params = list_sql(match, conditions, order=order, descending=descending, by_name=by_name)
        return [r[0] for r in self._db.execute(sql, params)]

    def hit_rows(self, ids: Sequence[int]) -> list[HitRow]:
        """What a hit shows for each of ``ids`` that exists (any order), read from the covering
        index by id, ``HIT_BATCH`` ids per query."""
        out: list[HitRow] = []
        for start in range(0, len(ids), HIT_BATCH):
            batch = tuple(int(i) for i in ids[start : start + HIT_BATCH])
            marks = ", ".join("?" * len(batch))
            sql = f"SELECT {_HIT} FROM dossiers d INDEXED BY dossiers_search_id WHERE d.id IN ({marks})"
            out.extend(_hit(r) for r in self._db.execute(sql, batch))
        return out
