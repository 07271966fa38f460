"""Benchmark: backing up and restoring a vault of 100,000 dossiers — the copy, its verification, the
manifest's hashes, and the restore with its full integrity check.

Not collected by pytest. Run from the project folder:

    .venv/bin/python tests/benchmarks/bench_backup.py [--size 100000] [--cache DIR]

The vault is ``bench_stats.py``'s cached one (built there on first use), copied to a scratch folder so
that the backup's audit entries do not land in the cache. ``make_backup`` is timed as a whole and in its
parts (``VACUUM INTO``; attaching the copy and reading every page; the SHA-256 of the files), then
``restore_files`` (hashes checked, files copied), the unlock of the restored vault and its full check
(``cipher_integrity_check`` + ``quick_check``) and audit-chain verification. Results go to
``results/backup.json`` and ``results/backup.md``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from bench_stats import PASSPHRASE, _weak, default_cache, prepare  # noqa: E402
from machine import machine, write_results  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=default_cache())
    args, _ = parser.parse_known_args()
    from app.clock import ManualClock
    from app.vault import backup
    from app.vault.unlock import unlock

    source, _info = prepare(args.cache, args.size)
    out: dict[str, Any] = {"when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine()}
    with tempfile.TemporaryDirectory(dir=args.cache) as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        shutil.copytree(source, work / "vault")
        out["scratch_copy_s"] = round(time.perf_counter() - started, 1)
        vault = unlock(work / "vault", PASSPHRASE, kdf_floor=_weak(), clock=ManualClock())
        out["vault_mb"] = round(sum(p.stat().st_size for p in (work / "vault").iterdir()) / 1e6, 1)
        (work / "media").mkdir()
        try:
            started = time.perf_counter()
            made = backup.make_backup(vault, work / "media")
            out["backup_and_verify_s"] = round(time.perf_counter() - started, 1)
            started = time.perf_counter()
            vault.db.copy_to(work / "again.db")
            out["vacuum_into_s"] = round(time.perf_counter() - started, 1)
            started = time.perf_counter()
            vault.db.inspect_copy(work / "again.db", backup.COUNTED)
            out["verify_copy_s"] = round(time.perf_counter() - started, 1)
        finally:
            vault.lock()
        out["backup_mb"] = round((made.folder / "vault.db").stat().st_size / 1e6, 1)
        started = time.perf_counter()
        backup.restore_files(made.folder, work / "restored")
        out["restore_files_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        restored = unlock(work / "restored", PASSPHRASE, kdf_floor=_weak(), clock=ManualClock())
        out["restored_unlock_s"] = round(time.perf_counter() - started, 1)
        try:
            started = time.perf_counter()
            restored.db.check_integrity()
            ok = restored.verify_audit().ok
            out["restored_full_check_s"] = round(time.perf_counter() - started, 1)
            out["restored_ok"] = ok
            out["dossiers"] = restored.info()["dossiers"]
        finally:
            restored.lock()
    lines = [
        f"# Backup and restore ({out['when']})",
        "",
        f"{out['dossiers']:,} dossiers, vault {out['vault_mb']} MB, backup {out['backup_mb']} MB; "
        f"{out['machine']['cpus']} CPUs.",
        "",
        "| step | seconds |",
        "|---|---:|",
        f"| backup, verified (all of `make_backup`) | {out['backup_and_verify_s']} |",
        f"| of which the copy (`VACUUM INTO`), measured again | {out['vacuum_into_s']} |",
        f"| of which reading and checking every page of the copy, measured again | {out['verify_copy_s']} |",
        f"| restore: hashes checked and files copied | {out['restore_files_s']} |",
        f"| unlock of the restored vault | {out['restored_unlock_s']} |",
        f"| full check of the restored vault (every page + audit chain) | {out['restored_full_check_s']} |",
    ]
    write_results("backup", out, "\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
