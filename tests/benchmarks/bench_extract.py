"""Benchmark: building one watermarked copy of an extract.

    .venv/bin/python tests/benchmarks/bench_extract.py [--runs 7]

For each layout, a synthetic dossier grown until its extract is 10 pages; measures (median of
``--runs``) the time to build one copy with every layer (visible watermark, QR per page, dot
lattice, text variants) and the same copy with none of them, the PDF size per page, and the
ratio. Building only, in memory: no register write. Writes ``results/extract.json`` and
``results/extract.md``. Not collected by pytest; never a timed assertion.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from machine import machine, write_results  # noqa: E402  (this folder is on sys.path when run)

from app.dossier.synthetic import generate  # noqa: E402
from app.extract import marking, serials, tokens  # noqa: E402
from app.extract.compose import LAYERS, CopyFacts, build_copy  # noqa: E402
from app.extract.layouts import LAYOUTS  # noqa: E402
from app.extract.scope import SCOPE_SECTIONS, dossier_sections  # noqa: E402
from app.extract.variants import Variants  # noqa: E402
from crypto import keys, signing  # noqa: E402

TARGET_PAGES = 10


def _facts(serial: str) -> CopyFacts:
    return CopyFacts(
        serial,
        1,
        3,
        "mat",
        "Phạm Thị Ngọc Ánh",
        "Chuyên viên",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "7-QĐ/TU",
        "20/12/2025",
        "Hoàng Văn Ký",
        "Phó Bí thư",
        "officer",
        datetime(2026, 11, 21, 3, tzinfo=UTC),
    )


def _build(doc: dict[str, Any], layout: str, layers: frozenset[str]) -> tuple[float, bytes, int]:
    serial = serials.new_serial()
    sign_key, mac_key = signing.new_signing_key(), keys.random_key()
    start = time.perf_counter()
    built = build_copy(
        doc,
        dossier_sections(SCOPE_SECTIONS),
        layout,
        _facts(serial),
        marking.in_force(datetime.now().date()),
        variants=Variants.draw(os.urandom(32)),
        qr_token=lambda page: tokens.qr_token(sign_key, "bench", serial, page),
        lattice_payload=tokens.lattice_payload(mac_key, serial),
        layers=layers,
    )
    return time.perf_counter() - start, built.pdf, built.pages


def _ten_pages(layout: str) -> dict[str, Any]:
    doc = next(iter(generate(1, seed=77)))
    rows = list(doc.get("work_history", []))
    while True:
        _, _, pages = _build(doc, layout, frozenset())
        if pages >= TARGET_PAGES:
            return doc
        rows = rows + rows[:4]
        doc["work_history"] = rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": machine(), "runs": args.runs, "layouts": {}}
    lines = [
        "# Building one copy of an extract",
        "",
        f"Median of {args.runs} builds, in memory; {results['machine']['cpus']} CPUs, "
        f"Python {results['machine']['python']}, load {results['machine']['load_average']}.",
        "",
        "| layout | pages | all layers (s) | no layers (s) | ratio | PDF KB/page, all | KB/page, none |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for layout in LAYOUTS:
        doc = _ten_pages(layout)
        full = [_build(doc, layout, LAYERS) for _ in range(args.runs)]
        bare = [_build(doc, layout, frozenset()) for _ in range(args.runs)]
        pages = full[0][2]
        t_full, t_bare = statistics.median(r[0] for r in full), statistics.median(r[0] for r in bare)
        kb_full, kb_bare = len(full[0][1]) / 1024 / pages, len(bare[0][1]) / 1024 / pages
        results["layouts"][layout] = {
            "pages": pages,
            "seconds_all_layers": t_full,
            "seconds_no_layers": t_bare,
            "ratio": t_full / t_bare,
            "kb_per_page_all": kb_full,
            "kb_per_page_none": kb_bare,
        }
        cells = (layout, pages, f"{t_full:.3f}", f"{t_bare:.3f}", f"{t_full / t_bare:.2f}", f"{kb_full:.1f}",
                 f"{kb_bare:.1f}")  # fmt: skip
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    lines += ["", "Targets: ≤ 1 s for a 10-page copy with all layers; ≤ 300 KB per page.", ""]
    write_results("extract", results, "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
