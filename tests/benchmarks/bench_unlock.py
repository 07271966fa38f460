"""Benchmark: what an unlock costs on this machine.

    .venv/bin/python tests/benchmarks/bench_unlock.py [--runs 10] [--open-runs 50]

Measures the KDF calibration (parameters chosen, time of one derivation), the full unlock
(KDF + open + integrity check + migrations + audit entries) over ``--runs`` runs on a vault made
with the calibrated parameters, and opening SQLCipher with the raw data key alone over
``--open-runs`` runs. Writes ``results/unlock.json`` and ``results/unlock.md`` beside this file
and prints the table. Not collected by pytest; never a timed assertion (DESIGN §9).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cryptography
import sqlcipher3

from app.vault import DB_FILE, HEADER_FILE, header, slots
from app.vault.create import create_vault
from app.vault.unlock import unlock
from crypto import kdf
from storage.connection import Database

RESULTS = Path(__file__).resolve().parent / "results"
PASSPHRASE = "Mật khẩu đo hiệu năng mở kho 2026"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def timed(action: Callable[[], Any], after: Callable[[Any], None] | None = None) -> float:
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    if after is not None:
        after(result)
    return elapsed


def summary(values: list[float]) -> dict[str, float]:
    return {
        "runs": len(values),
        "median_s": statistics.median(values),
        "p95_s": percentile(values, 95),
        "min_s": min(values),
        "max_s": max(values),
    }


def machine() -> dict[str, Any]:
    uname = platform.uname()
    return {
        "system": f"{uname.system} {uname.release}",
        "machine": uname.machine,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlcipher3.sqlite_version,
        "cryptography": cryptography.__version__,
    }


def run(runs: int, open_runs: int) -> dict[str, Any]:
    print("calibrating the KDF ...", flush=True)
    started = time.perf_counter()
    params, calibrated_seconds = kdf.calibrate()
    calibration_total = time.perf_counter() - started
    salt = os.urandom(kdf.SALT_BYTES)
    secret = kdf.passphrase_secret(PASSPHRASE, None)
    derivations = [timed(lambda: kdf.derive(secret, salt, params)) for _ in range(3)]

    with tempfile.TemporaryDirectory(prefix="hoso-bench-") as tmp:
        path = Path(tmp) / "vault"
        print(f"creating a vault with {params} ...", flush=True)
        create_vault(path, PASSPHRASE, kdf_params=params)

        print(f"unlocking {runs} times ...", flush=True)
        unlocks = [timed(lambda: unlock(path, PASSPHRASE), lambda v: v.lock()) for _ in range(runs)]

        hdr = header.read(path / HEADER_FILE)
        dek = slots.open_passphrase_slot(hdr, slots.passphrase_kek(hdr.passphrase, PASSPHRASE, None))
        print(f"opening SQLCipher with the raw key {open_runs} times ...", flush=True)
        opens = [
            timed(lambda: Database(path / DB_FILE, dek), lambda db: db.close()) for _ in range(open_runs)
        ]

        def open_and_check() -> Database:
            db = Database(path / DB_FILE, dek)
            db.check_integrity()
            return db

        checks = [timed(open_and_check, lambda db: db.close()) for _ in range(open_runs)]
        db_bytes = (path / DB_FILE).stat().st_size

    return {
        "benchmark": "unlock",
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "kdf_calibration": {
            "params": params.as_dict(),
            "floor": kdf.FLOOR.as_dict(),
            "one_derivation_at_calibration_s": calibrated_seconds,
            "one_derivation_median_s": statistics.median(derivations),
            "calibration_total_s": calibration_total,
        },
        "full_unlock": summary(unlocks),
        "raw_key_open": summary(opens),
        "raw_key_open_and_integrity_check": summary(checks),
        "vault_db_bytes": db_bytes,
    }


def markdown(result: dict[str, Any]) -> str:
    cal = result["kdf_calibration"]
    p = cal["params"]
    m = result["machine"]

    def ms(value: float) -> str:
        return f"{value * 1000:.1f} ms"

    rows = [
        (
            "KDF calibration: parameters chosen",
            f"{p['memory_kib'] // 1024} MiB, {p['iterations']} passes, {p['lanes']} lanes",
        ),
        ("KDF calibration: total time", ms(cal["calibration_total_s"])),
        ("One Argon2id derivation (median of 3)", ms(cal["one_derivation_median_s"])),
    ]
    for key, label in (
        ("full_unlock", "Full unlock"),
        ("raw_key_open", "SQLCipher open with the raw key"),
        ("raw_key_open_and_integrity_check", "Raw-key open + integrity check"),
    ):
        s = result[key]
        rows.append((f"{label}: median ({s['runs']} runs)", ms(s["median_s"])))
        rows.append((f"{label}: p95", ms(s["p95_s"])))
    lines = [
        "# Unlock benchmark",
        "",
        f"{result['when']} — {m['system']} {m['machine']}, {m['cpus']} CPUs, Python {m['python']}, "
        f"SQLite {m['sqlite']}, cryptography {m['cryptography']}; vault.db {result['vault_db_bytes']} bytes.",
        "",
        "| measure | value |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in rows),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=10, help="full unlocks to time (default 10)")
    parser.add_argument("--open-runs", type=int, default=50, help="raw-key opens to time (default 50)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for unlock.json and unlock.md")
    args = parser.parse_args(argv)
    result = run(args.runs, args.open_runs)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "unlock.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    table = markdown(result)
    (args.out / "unlock.md").write_text(table, encoding="utf-8")
    sys.stdout.write("\n" + table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
