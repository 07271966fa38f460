"""Audit-log benchmark: append rate, and full verification time with and without K(0).

Not collected by pytest. Run from the project folder:

    .venv/bin/python tests/benchmarks/bench_audit.py [--sizes 100000,1000000] [--single 2000]

It makes a vault with a weak KDF through the in-process seam (the KDF is not what is measured),
then:

* appends ``--single`` entries the real way, ``AuditLog.record`` with one transaction (and one
  fsync, ``synchronous=FULL``) per entry;
* grows the log to each of ``--sizes`` with batched appends (``record(..., tx=tx)``, many per
  transaction), timing them;
* at each size, times the full ``verify`` (chain, hashes, ratchet) with K(0) and without it, and
  the bounded check run at every unlock (``verify_recent``).

Results are written after every size to ``tests/benchmarks/results/audit.json`` and ``audit.md``
(so a long run that is stopped keeps what it measured) and printed at the end. Sizes that were
not reached are extrapolated linearly from the largest measured one and marked as such.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))


from machine import machine, write_results  # noqa: E402  (this folder is on sys.path when run)

from app.audit import verify as audit_verify  # noqa: E402
from app.clock import ManualClock  # noqa: E402
from app.vault.create import create_vault, parse_audit_key  # noqa: E402
from app.vault.session import Vault  # noqa: E402
from app.vault.unlock import unlock  # noqa: E402
from crypto.kdf import KdfParams  # noqa: E402

BENCH_KDF = KdfParams(memory_kib=8192, iterations=1, lanes=1)
PASSPHRASE = "Mật khẩu đo hiệu năng nhật ký 2026"
BATCH = 10_000  # entries per transaction when building large logs
TARGETS = ("hồ sơ 0001234", "Nguyễn Văn Ấn", "phê duyệt 2026/QĐ-17", "bản sao TT06-000123")


def act(i: int) -> tuple[str, str, dict[str, Any]]:
    """A realistic mix of entries: views with field lists, changes, copies."""
    kind = i % 4
    if kind == 0:
        return "dossier.view", TARGETS[0], {"sections": ["lý_lịch", "quá_trình_công_tác"]}
    if kind == 1:
        return "dossier.change", TARGETS[1], {"fields": ["chức_vụ", "đơn_vị"], "revision": i}
    if kind == 2:
        return "approval.record", TARGETS[2], {"copies": 2, "valid_until": "2026-12-31"}
    return "copy.mark", TARGETS[3], {"status": "returned", "copy_no": i % 7 + 1}


def append_single(v: Vault, clock: ManualClock, n: int) -> float:
    start = time.perf_counter()
    for i in range(n):
        clock.advance(0.001)
        v.audit.record(*act(i))
    return time.perf_counter() - start


def append_batched(v: Vault, clock: ManualClock, n: int, first: int) -> float:
    start = time.perf_counter()
    done = 0
    while done < n:
        chunk = min(BATCH, n - done)
        with v.db.transaction() as tx:
            for i in range(first + done, first + done + chunk):
                clock.advance(0.001)
                v.audit.record(*act(i), tx=tx)
        v.db.checkpoint()
        done += chunk
    return time.perf_counter() - start


def timed(fn: Any, *args: Any, **kw: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn(*args, **kw)
    return time.perf_counter() - start, result


def to_markdown(res: dict[str, Any]) -> str:
    m = res["machine"]
    lines = [
        "# Audit log benchmark",
        "",
        f"Run {res['when']} on {m['platform']}, Python {m['python']}, SQLite {m['sqlite']}, "
        f"{m['cpus']} CPUs (load average at start {m['load_average']}).",
        "",
        "## Appending",
        "",
        "| path | entries | seconds | entries/s |",
        "|---|---:|---:|---:|",
    ]
    for label, key in (
        ("one transaction per entry (`record`)", "single"),
        ("batched (`record(tx=…)`)", "batched"),
    ):
        a = res["append"][key]
        lines.append(f"| {label} | {a['entries']:,} | {a['seconds']:.2f} | {a['entries_per_s']:,.0f} |")
    lines += [
        "",
        f"Batched appends are {BATCH:,} entries per transaction, checkpointing the WAL after each.",
        "",
        "## Verifying",
        "",
        "| entries | measured? | full with K(0) (s) | full without K(0) (s) | unlock check (s) "
        "| with K(0) entries/s | db size (MiB) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for row in res["verify"]:
        size = f"{row['db_bytes'] / 2**20:,.0f}" if row.get("db_bytes") else "—"
        recent = f"{row['recent_s']:.3f}" if row.get("recent_s") is not None else "—"
        lines.append(
            f"| {row['entries']:,} | {'yes' if row['measured'] else 'extrapolated'} "
            f"| {row['with_k0_s']:.2f} | {row['without_k0_s']:.2f} | {recent} "
            f"| {row['entries'] / row['with_k0_s']:,.0f} | {size} |"
        )
    lines += [
        "",
        "Full verification is `app.audit.verify.verify` (what `hoso audit verify` runs, without the "
        "unlock); the unlock check is `verify_recent` (newest 20,000 entries, 2 s budget, no MACs).",
    ]
    if res.get("notes"):
        lines += ["", *[f"- {n}" for n in res["notes"]]]
    return "\n".join(lines) + "\n"


def write(res: dict[str, Any]) -> None:
    write_results("audit", res, to_markdown(res))


def with_extrapolation(res: dict[str, Any], sizes: list[int]) -> dict[str, Any]:
    measured = [r for r in res["verify"] if r["measured"]]
    if not measured:
        return res
    base = max(measured, key=lambda r: r["entries"])
    rows = list(measured)
    for size in sizes:
        if size > base["entries"]:
            f = size / base["entries"]
            rows.append(
                {
                    "entries": size,
                    "measured": False,
                    "with_k0_s": base["with_k0_s"] * f,
                    "without_k0_s": base["without_k0_s"] * f,
                    "recent_s": None,
                    "db_bytes": int(base["db_bytes"] * f),
                }
            )
    return {**res, "verify": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="log sizes to verify at (comma-separated)")
    parser.add_argument("--single", type=int, default=2000, help="entries appended one transaction each")
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to make the vault (default: a temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark vault afterwards")
    args = parser.parse_args()
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})

    workdir = Path(tempfile.mkdtemp(prefix="hoso-bench-", dir=args.dir))
    clock = ManualClock()
    created = create_vault(workdir / "vault", PASSPHRASE, kdf_params=BENCH_KDF, clock=clock)
    k0 = parse_audit_key(created.audit_key)
    v = unlock(workdir / "vault", PASSPHRASE, kdf_floor=BENCH_KDF, clock=clock)
    res: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "append": {},
        "verify": [],
        "notes": [],
    }
    try:
        seconds = append_single(v, clock, args.single)
        res["append"]["single"] = {
            "entries": args.single,
            "seconds": seconds,
            "entries_per_s": args.single / seconds,
        }
        print(f"single-transaction appends: {args.single / seconds:,.0f} entries/s", flush=True)

        batched_n, batched_s = 0, 0.0
        for size in sizes:
            have = v.audit.repo.count()
            if size > have:
                s = append_batched(v, clock, size - have, have)
                batched_n, batched_s = batched_n + size - have, batched_s + s
                res["append"]["batched"] = {
                    "entries": batched_n,
                    "seconds": batched_s,
                    "entries_per_s": batched_n / batched_s,
                }
                print(
                    f"built {size:,} entries; batched appends {batched_n / batched_s:,.0f} entries/s",
                    flush=True,
                )
            n = v.audit.repo.count()
            t_key, report_key = timed(audit_verify.verify, v.audit.repo, k0)
            t_nokey, report_nokey = timed(audit_verify.verify, v.audit.repo)
            t_recent, report_recent = timed(audit_verify.verify_recent, v.audit.repo)
            if not (report_key.ok and report_nokey.ok and report_recent.ok):
                raise SystemExit(f"verification failed at {n}: {report_key.problem} {report_nokey.problem}")
            db = workdir / "vault" / "vault.db"
            res["verify"].append(
                {
                    "entries": n,
                    "measured": True,
                    "with_k0_s": t_key,
                    "without_k0_s": t_nokey,
                    "recent_s": t_recent,
                    "recent_complete": report_recent.complete,
                    "db_bytes": db.stat().st_size,
                }
            )
            print(f"{n:,} entries: verify with K(0) {t_key:.2f} s, without {t_nokey:.2f} s, "
                  f"unlock check {t_recent:.3f} s", flush=True)  # fmt: skip
            write(with_extrapolation(res, sizes))
    finally:
        v.close_quietly()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    final = with_extrapolation(res, sizes)
    write(final)
    print()
    print(json.dumps(final, indent=2, ensure_ascii=False))
    print()
    print(to_markdown(final))
    if args.keep:
        print(f"vault kept in {workdir} (passphrase {PASSPHRASE!r}, KDF {BENCH_KDF})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
