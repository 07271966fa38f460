"""Schema migrations keyed on ``PRAGMA user_version``.

Each released schema version has one step, a SQL script in ``storage/schema/vNNN.sql`` that
takes the database from the version before it. Steps run in order inside one transaction each,
so a failed step leaves the previous version intact. A database whose version is newer than the
newest step was written by a newer HoSo and is refused. Later capabilities add a file; released
files are never edited (a test upgrades the fixture vault of every released version).
Must not import Qt or ``crypto``.
"""

from __future__ import annotations

from importlib import resources

from storage import SchemaTooNew
from storage.connection import Database


def _steps() -> list[tuple[int, str]]:
    folder = resources.files("storage").joinpath("schema")
    steps = []
    for entry in folder.iterdir():
        name = entry.name
        if name.startswith("v") and name.endswith(".sql"):
            steps.append((int(name[1:-4]), entry.read_text(encoding="utf-8")))
    steps.sort()
    versions = [v for v, _ in steps]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"schema steps are not contiguous: {versions}")
    return steps


def latest_version() -> int:
    return len(_steps())


def current_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version") or 0)


def migrate(db: Database) -> list[int]:
    """Bring ``db`` to the latest schema; returns the versions applied (empty if none)."""
    found = current_version(db)
    latest = latest_version()
    if found > latest:
        raise SchemaTooNew(found, latest)
    applied = []
    for version, script in _steps():
        if version <= found:
            continue
        # executescript commits any open transaction first, so the step carries its own
        # BEGIN/COMMIT and the version bump inside it.
        db.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;")
        applied.append(version)
    return applied
