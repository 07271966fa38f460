"""Opening SQLCipher with a raw key, the settings asserted on every connection, and migrations
(storage.connection, storage.migrations). Real database files throughout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from storage import CorruptDatabase, NotADatabase, PragmaMismatch, SchemaTooNew
from storage.connection import REQUIRED_PRAGMAS, Database
from storage.migrations import current_version, latest_version, migrate

PROJECT = Path(__file__).resolve().parents[3]
KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))

#: For each required setting, a value it must not silently drift to.
DRIFT = {
    "temp_store": "FILE",
    "secure_delete": "OFF",
    "journal_mode": "DELETE",
    "synchronous": "NORMAL",
    "foreign_keys": "OFF",
    "trusted_schema": "ON",
}


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "t.db", KEY)
    yield database
    database.close()


def _normal(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def test_drift_table_covers_every_required_pragma() -> None:
    assert set(DRIFT) == set(REQUIRED_PRAGMAS)
    assert REQUIRED_PRAGMAS["temp_store"] == 2  # MEMORY (DESIGN §3)


@pytest.mark.parametrize("name", sorted(REQUIRED_PRAGMAS))
def test_required_pragma_is_in_force_on_a_fresh_connection(db: Database, name: str) -> None:
    assert _normal(db.scalar(f"PRAGMA {name}")) == REQUIRED_PRAGMAS[name]


@pytest.mark.parametrize("name", sorted(REQUIRED_PRAGMAS))
def test_required_pragma_is_in_force_on_a_reopened_connection(tmp_path: Path, name: str) -> None:
    first = Database(tmp_path / "r.db", KEY)
    first.execute("CREATE TABLE t (x)")
    first.close()
    again = Database(tmp_path / "r.db", KEY)
    try:
        assert _normal(again.scalar(f"PRAGMA {name}")) == REQUIRED_PRAGMAS[name]
    finally:
        again.close()


@pytest.mark.parametrize("name", sorted(REQUIRED_PRAGMAS))
def test_assert_pragmas_catches_a_setting_changed_afterwards(db: Database, name: str) -> None:
    db.assert_pragmas()
    db.execute(f"PRAGMA {name} = {DRIFT[name]}")
    assert _normal(db.scalar(f"PRAGMA {name}")) != REQUIRED_PRAGMAS[name]  # the change took effect
    with pytest.raises(PragmaMismatch, match=name):
        db.assert_pragmas()


def test_round_trip_under_the_same_key(tmp_path: Path) -> None:
    path = tmp_path / "rt.db"
    first = Database(path, KEY)
    first.execute("CREATE TABLE t (x TEXT)")
    with first.transaction() as tx:
        tx.execute("INSERT INTO t VALUES ('dossier-free text')")
    first.close()
    again = Database(path, KEY)
    try:
        assert again.execute("SELECT x FROM t") == [("dossier-free text",)]
    finally:
        again.close()
    assert b"dossier-free text" not in path.read_bytes()
    assert not path.read_bytes().startswith(b"SQLite format 3")


def test_wrong_key_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    first = Database(path, KEY)
    first.execute("CREATE TABLE t (x)")
    first.close()
    with pytest.raises(NotADatabase) as info:
        Database(path, OTHER_KEY)
    assert "k.db" in str(info.value)
    assert KEY.hex() not in str(info.value)
    assert OTHER_KEY.hex() not in str(info.value)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "noise.db"
    path.write_bytes(os.urandom(4096 * 3))
    with pytest.raises(NotADatabase):
        Database(path, KEY)


@pytest.mark.parametrize("size", [0, 16, 31, 33, 64])
def test_key_must_be_32_bytes(tmp_path: Path, size: int) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        Database(tmp_path / "len.db", bytes(size))


def test_transaction_rolls_back_on_error(db: Database) -> None:
    db.execute("CREATE TABLE t (x)")

    def insert_then_fail() -> None:
        with db.transaction() as tx:
            tx.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        insert_then_fail()
    assert db.scalar("SELECT count(*) FROM t") == 0


def test_extension_loading_is_off(db: Database) -> None:
    conn = db._conn
    with pytest.raises(sqlcipher3.OperationalError, match="not authorized"):
        conn.load_extension("/nonexistent/libhoso_test_ext")
    with pytest.raises(sqlcipher3.OperationalError, match="not authorized"):
        db.execute("SELECT load_extension('/nonexistent/libhoso_test_ext')")


def test_extension_probe_would_notice_loading_on(db: Database) -> None:
    # Control for the test above: with loading enabled the same call gets as far as the
    # file system, so "not authorized" really is the setting at work.
    db._conn.enable_load_extension(True)
    with pytest.raises(sqlcipher3.OperationalError) as info:
        db._conn.load_extension("/nonexistent/libhoso_test_ext")
    assert "not authorized" not in str(info.value)


def test_integrity_check_passes_on_a_sound_file(db: Database) -> None:
    db.execute("CREATE TABLE t (x)")
    db.execute("INSERT INTO t VALUES (randomblob(5000))")
    db.check_integrity()


def test_integrity_check_finds_a_flipped_page(tmp_path: Path) -> None:
    path = tmp_path / "flip.db"
    first = Database(path, KEY)
    first.execute("CREATE TABLE t (x)")
    with first.transaction() as tx:
        for _ in range(20):
            tx.execute("INSERT INTO t VALUES (randomblob(1000))")
    first.close()
    data = bytearray(path.read_bytes())
    assert len(data) >= 4096 * 4
    data[4096 * 3 + 500] ^= 0xFF
    path.write_bytes(bytes(data))
    again = Database(path, KEY)  # page 1 is intact, so the file opens
    try:
        with pytest.raises(CorruptDatabase):
            again.check_integrity()
    finally:
        again.close()


def test_rekey_changes_the_key(tmp_path: Path) -> None:
    path = tmp_path / "rekey.db"
    first = Database(path, KEY)
    first.execute("CREATE TABLE t (x)")
    first.execute("INSERT INTO t VALUES (42)")
    first.rekey(OTHER_KEY)
    first.close()
    with pytest.raises(NotADatabase):
        Database(path, KEY)
    again = Database(path, OTHER_KEY)
    try:
        again.check_integrity()
        assert again.scalar("SELECT x FROM t") == 42
    finally:
        again.close()


# ------------------------------------------------------------------ temp_store=MEMORY
SORT_CHILD = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from storage.connection import Database

    tmp = os.environ["TMPDIR"]
    db = Database(Path(sys.argv[1]), bytes(range(32)))
    if sys.argv[2] == "file":
        db.execute("PRAGMA temp_store = FILE")  # the control: what MEMORY prevents
    seen = set()

    def probe():
        # SQLite unlinks its temp files as soon as it opens them: look at open descriptors too.
        seen.update("dir:" + name for name in os.listdir(tmp))
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if target.startswith(tmp):
                seen.add("fd:" + target)
        return 0

    db.execute("CREATE TABLE keep (x)")
    db._conn.set_progress_handler(probe, 5000)
    db.execute("CREATE TEMP TABLE big (k TEXT, v TEXT)")
    db.execute(
        "INSERT INTO big SELECT hex(randomblob(16)), hex(randomblob(100)) FROM "
        "(WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 60000) SELECT i FROM c)"
    )
    rows = db.execute("SELECT k, v FROM big ORDER BY k DESC")
    db._conn.set_progress_handler(None, 0)
    db.execute("DROP TABLE big")
    db.close()
    print(json.dumps({"rows": len(rows), "seen": sorted(seen), "after": os.listdir(tmp)}))
    """
)


def _sort_in_child(tmp_path: Path, mode: str) -> dict[str, object]:
    private_tmp = tmp_path / f"tmp-{mode}"
    private_tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "SQLITE_TMPDIR"}
    env["TMPDIR"] = str(private_tmp)
    result = subprocess.run(
        [sys.executable, "-c", SORT_CHILD, str(tmp_path / f"{mode}.db"), mode],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    assert report["rows"] == 60000
    assert list(private_tmp.iterdir()) == []
    return report


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see unlinked temp files")
def test_big_sort_writes_nothing_to_tmpdir(tmp_path: Path) -> None:
    report = _sort_in_child(tmp_path, "memory")
    assert report["seen"] == []
    assert report["after"] == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see unlinked temp files")
def test_the_tmpdir_probe_sees_temp_files_when_temp_store_is_file(tmp_path: Path) -> None:
    report = _sort_in_child(tmp_path, "file")
    assert report["seen"], "with temp_store=FILE the sort should have used a file in TMPDIR"


# ------------------------------------------------------------------ migrations
def _schema(db: Database) -> list[tuple[object, ...]]:
    return db.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")


def test_migrate_brings_a_new_file_to_the_latest_version(db: Database) -> None:
    assert current_version(db) == 0
    applied = migrate(db)
    assert applied == list(range(1, latest_version() + 1))
    assert current_version(db) == latest_version()
    names = {row[1] for row in _schema(db)}
    assert {"meta", "settings", "audit_log", "audit_state"} <= names


def test_migrate_twice_is_a_no_op(db: Database) -> None:
    migrate(db)
    schema = _schema(db)
    assert migrate(db) == []
    assert current_version(db) == latest_version()
    assert _schema(db) == schema


def test_migrate_after_reopening_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    first = Database(path, KEY)
    migrate(first)
    first.close()
    again = Database(path, KEY)
    try:
        assert migrate(again) == []
    finally:
        again.close()


def test_a_newer_schema_is_refused(db: Database) -> None:
    migrate(db)
    newer = latest_version() + 1
    db.execute(f"PRAGMA user_version = {newer}")
    schema = _schema(db)
    with pytest.raises(SchemaTooNew) as info:
        migrate(db)
    assert info.value.found == newer
    assert info.value.supported == latest_version()
    assert current_version(db) == newer
    assert _schema(db) == schema


def test_audit_log_refuses_update_and_delete(db: Database) -> None:
    migrate(db)
    db.execute(
        "INSERT INTO audit_log (seq, ts, actor, action, prev_hash, entry_hash, mac)"
        " VALUES (1, 't', 'a', 'x', zeroblob(32), zeroblob(32), zeroblob(32))"
    )
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit_log SET action = 'y'")
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_log")
    assert db.scalar("SELECT action FROM audit_log") == "x"


def test_bounded_check_reads_each_table_and_catches_a_damaged_leaf(tmp_path: Path) -> None:
    """The unlock check for large vaults: cheap, yet a flipped byte in the last page is found."""
    import os as _os

    from storage import CorruptDatabase
    from storage.connection import Database

    key = _os.urandom(32)
    path = tmp_path / "big.db"
    db = Database(path, key)
    db.executescript("CREATE TABLE t (x TEXT); CREATE TABLE w (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;")
    with db.transaction() as tx:
        tx.executemany("INSERT INTO t VALUES (?)", [("x" * 500,) for _ in range(2000)])
        tx.execute("INSERT INTO w VALUES ('a', 'b')")
    db.check_bounded()
    db.close()
    data = bytearray(path.read_bytes())
    data[-100] ^= 0x01  # the last page holds the newest rows of t
    path.write_bytes(bytes(data))
    db = Database(path, key)
    try:
        with pytest.raises(CorruptDatabase):
            db.check_bounded()
    finally:
        db.close()
