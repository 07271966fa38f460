"""Benchmark: importing 300-dpi A4 scans into a dossier — pages per second and how much the vault grows
per page, for greyscale and colour JPEG scans, bilevel PNG scans and a multi-page PDF.

Not collected by pytest. Run from the project folder:

    .venv/bin/python tests/benchmarks/bench_scans.py [--pages 40]

Each page is drawn by Pillow at 2480 × 3508 px (A4 at 300 dpi): lines of "text" blocks, a stamp and
some noise, so that it compresses like a real scan rather than a blank page. Every page is filed
through ``DocumentService.add_scans`` (read by ``images.read_scan``: limits, metadata stripped,
re-encoded, thumbnail; sealed in 256 KiB chunks; audited), one file per call, in a fresh vault; the
vault is checkpointed before and after and its files measured. Results go to ``results/scans.json``
and ``results/scans.md``.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from machine import machine, write_results  # noqa: E402  (this folder is on sys.path when run)

A4 = (2480, 3508)
PASSPHRASE = "Mật khẩu đo hiệu năng trang quét 2026"


def page(seed: int, mode: str) -> Any:
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)  # noqa: S311 - benchmark data
    image = Image.new("RGB", A4, (250, 248, 242) if mode == "RGB" else (255, 255, 255))
    draw = ImageDraw.Draw(image)
    y = 300
    while y < A4[1] - 300:
        x = 250
        while x < A4[0] - 250:
            width = rng.randint(30, 160)
            draw.rectangle((x, y, x + width, y + 28), fill=(25, 25, 30))
            x += width + rng.randint(15, 35)
        y += rng.randint(55, 75)
    if mode == "RGB":
        draw.ellipse((1700, 2900, 2100, 3300), outline=(200, 30, 30), width=14)  # the red stamp
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    noise = Image.effect_noise(A4, 12).convert("RGB")
    image = Image.blend(image, noise, 0.06)
    if mode == "L":
        return image.convert("L")
    if mode == "1":
        return image.convert("L").point(lambda v: 255 if v > 140 else 0).convert("1")
    return image


def encoded(image: Any, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=85, dpi=(300, 300))
    elif fmt == "PDF":
        image.save(out, "PDF", resolution=300.0)
    else:
        image.save(out, fmt, dpi=(300, 300))
    return out.getvalue()


def vault_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def run(kind: str, files: list[bytes], pages_each: int) -> dict[str, Any]:
    from app.clock import ManualClock
    from app.documents.service import DocumentService
    from app.dossier.service import DossierService
    from app.dossier.synthetic import generate
    from app.vault.create import create_vault
    from app.vault.unlock import unlock
    from crypto.kdf import KdfParams

    weak = KdfParams(memory_kib=8192, iterations=1, lanes=1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "vault"
        create_vault(folder, PASSPHRASE, kdf_params=weak, clock=ManualClock())
        vault = unlock(folder, PASSPHRASE, kdf_floor=weak, clock=ManualClock())
        try:
            (saved,) = DossierService(vault).save_many(list(generate(1, seed=1)), source="bench")
            service = DocumentService(vault)
            document = service.add(saved.id, {"kind": "khac", "title": kind})
            vault.db.checkpoint()
            before = vault_bytes(folder)
            times = []
            for n, data in enumerate(files):
                started = time.perf_counter()
                service.add_scans(document, [(f"{kind}-{n}", data)])
                times.append(time.perf_counter() - started)
            vault.db.checkpoint()
            grown = vault_bytes(folder) - before
            stored = service.repo.stored_bytes()
        finally:
            vault.lock()
    pages = len(files) * pages_each
    return {
        "kind": kind,
        "pages": pages,
        "input_mb_per_page": round(sum(len(f) for f in files) / pages / 1e6, 3),
        "seconds_per_page_median": round(statistics.median(times) / pages_each, 3),
        "pages_per_second": round(pages / sum(times), 2),
        "stored_kb_per_page": round(stored / pages / 1024, 1),
        "vault_growth_kb_per_page": round(grown / pages / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=40, help="pages per kind")
    args, _ = parser.parse_known_args()  # `dev.py bench` passes every benchmark the same options
    res: dict[str, Any] = {"when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine()}
    rows = []
    for kind, mode, fmt in (
        ("grey JPEG", "L", "JPEG"),
        ("colour JPEG", "RGB", "JPEG"),
        ("bilevel PNG", "1", "PNG"),
    ):
        print(f"{kind}: drawing {args.pages} pages", flush=True)
        files = [encoded(page(n, mode), fmt) for n in range(args.pages)]
        rows.append(run(kind, files, 1))
        print(f"  {rows[-1]}", flush=True)
    print("PDF of 10 pages: drawing", flush=True)
    pdfs = []
    for n in range(max(1, args.pages // 10)):
        images = [page(1000 + n * 10 + k, "L") for k in range(10)]
        out = io.BytesIO()
        images[0].save(out, "PDF", resolution=300.0, save_all=True, append_images=images[1:])
        pdfs.append(out.getvalue())
    rows.append(run("10-page PDF", pdfs, 10))
    print(f"  {rows[-1]}", flush=True)
    res["rows"] = rows
    lines = [
        f"# Importing 300-dpi A4 scans ({res['when']})",
        "",
        f"Machine: {res['machine']['cpus']} CPUs, Python {res['machine']['python']}.",
        "",
        "| input | pages | input MB/page | s/page (median) | pages/s | stored KB/page "
        "| vault growth KB/page |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['kind']} | {r['pages']} | {r['input_mb_per_page']} | {r['seconds_per_page_median']} | "
            f"{r['pages_per_second']} | {r['stored_kb_per_page']} | {r['vault_growth_kb_per_page']} |"
        )
    write_results("scans", res, "\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
