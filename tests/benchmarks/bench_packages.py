"""Benchmark: sealed packages between two vaults — export and import rates for synthetic dossiers,
and for dossiers with scanned pages.

Not collected by pytest. Run from the project folder:

    .venv/bin/python tests/benchmarks/bench_packages.py [--dossiers 1000] [--scan-dossiers 20] [--pages 5]

Two fresh vaults (fast test KDF through the in-process seam; the KDF is not what is measured).
The sender holds ``--dossiers`` synthetic dossiers; ``export_package`` seals them all to the
recipient (read, revealed, sealed, signed, written, registered, audited). The recipient imports:
``check_file`` (read + Ed25519 over the file) then ``receive`` (open, unpack, validate every record
like an import, check against the vault, save all in one transaction). A second package of the
same dossiers measures the update path (every dossier found, compared, unchanged). Then
``--scan-dossiers`` dossiers with ``--pages`` A4 300-dpi grey JPEG pages each go through the same
round trip (each page passes the scan gate, ``images.read_scan``, on import). Results go to
``results/packages.json`` and ``results/packages.md``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from bench_scans import encoded, page  # noqa: E402  (this folder is on sys.path when run)
from machine import machine, write_results  # noqa: E402

PASSPHRASE = "Mật khẩu đo hiệu năng gói hồ sơ 2026"


def _vaults(tmp: Path) -> tuple[Any, Any]:
    from app.clock import ManualClock
    from app.vault.create import create_vault
    from app.vault.unlock import unlock
    from crypto.kdf import KdfParams

    weak = KdfParams(memory_kib=8192, iterations=1, lanes=1)
    out = []
    for name in ("sender", "recipient"):
        create_vault(tmp / name, PASSPHRASE, kdf_params=weak, clock=ManualClock())
        out.append(unlock(tmp / name, PASSPHRASE, kdf_floor=weak, clock=ManualClock()))
    return out[0], out[1]


def _round_trip(
    sender: Any, recipient: Any, ids: list[int], out: Path, label: str, pages: int
) -> dict[str, Any]:
    from app.packages.export import export_package
    from app.packages.identity import OrgKey
    from app.packages.importer import check_file, receive

    started = time.perf_counter()
    sent = export_package(sender, out, OrgKey.of_vault(recipient), ids)
    exported = time.perf_counter() - started
    started = time.perf_counter()
    sealed = check_file(out, OrgKey.of_vault(sender))
    verified = time.perf_counter() - started
    result = receive(recipient, sealed)
    imported = time.perf_counter() - started
    report = result.report
    assert not report.rejected, report.problem_lines()[:3]
    row = {
        "case": label,
        "dossiers": len(ids),
        "pages": pages,
        "package_mb": round(sent.size / 1e6, 2),
        "export_s": round(exported, 2),
        "export_dossiers_per_s": round(len(ids) / exported, 1),
        "verify_s": round(verified, 3),
        "import_s": round(imported, 2),
        "import_dossiers_per_s": round(len(ids) / imported, 1),
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }
    if pages:
        row["export_pages_per_s"] = round(pages / exported, 2)
        row["import_pages_per_s"] = round(pages / imported, 2)
    print(f"  {row}", flush=True)
    return row


def run(dossiers: int, scan_dossiers: int, pages: int) -> list[dict[str, Any]]:
    from app.documents.service import DocumentService
    from app.dossier.service import DossierService
    from app.dossier.synthetic import generate

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sender, recipient = _vaults(folder)
        try:
            print(f"{dossiers} synthetic dossiers", flush=True)
            ids = [
                s.id
                for s in DossierService(sender).save_many(list(generate(dossiers, seed=11)), source="bench")
            ]
            rows.append(
                _round_trip(sender, recipient, ids, folder / "1.hoso", f"{dossiers} dossiers, new", 0)
            )
            rows.append(
                _round_trip(sender, recipient, ids, folder / "2.hoso", f"{dossiers} dossiers, again", 0)
            )
            print(f"{scan_dossiers} dossiers with {pages} A4 grey JPEG pages each", flush=True)
            scans = [encoded(page(n, "L"), "JPEG") for n in range(scan_dossiers * pages)]
            fresh = DossierService(sender).save_many(list(generate(scan_dossiers, seed=12)), source="bench")
            documents = DocumentService(sender)
            for k, saved in enumerate(fresh):
                files = [(f"p{n}.jpg", scans[k * pages + n]) for n in range(pages)]
                documents.add(saved.id, {"kind": "khac", "title": "Hồ sơ quét"}, files)
            label = f"{scan_dossiers} dossiers × {pages} pages"
            rows.append(_round_trip(sender, recipient, [s.id for s in fresh], folder / "3.hoso", label,
                                    scan_dossiers * pages))  # fmt: skip
        finally:
            sender.lock()
            recipient.lock()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=1000)
    parser.add_argument("--scan-dossiers", type=int, default=20)
    parser.add_argument("--pages", type=int, default=5, help="scanned pages per dossier")
    args, _ = parser.parse_known_args()  # `dev.py bench` passes every benchmark the same options
    res: dict[str, Any] = {"when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine()}
    res["rows"] = rows = run(args.dossiers, args.scan_dossiers, args.pages)
    lines = [
        f"# Sealed packages: export and import ({res['when']})",
        "",
        f"Machine: {res['machine']['cpus']} CPUs, Python {res['machine']['python']}.",
        "",
        "| case | package MB | export s | export dossiers/s | verify s | import s | import dossiers/s "
        "| pages/s export / import |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        per_page = f"{r['export_pages_per_s']} / {r['import_pages_per_s']}" if r["pages"] else "–"
        lines.append(
            f"| {r['case']} | {r['package_mb']} | {r['export_s']} | {r['export_dossiers_per_s']} | "
            f"{r['verify_s']} | {r['import_s']} | {r['import_dossiers_per_s']} | {per_page} |"
        )
    write_results("packages", res, "\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
