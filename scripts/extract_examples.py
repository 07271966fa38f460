"""Render example pages of each extract layout into ``docs/extracts/`` (for the docs and review).

    .venv/bin/python scripts/extract_examples.py [--out docs/extracts] [--dpi 100]

Makes a throw-away vault with one synthetic dossier, a reader and an approval for every section,
issues one real copy per layout (all four watermark layers), and renders its first page, plus the
last page of the TT 06 copy (the copy block), with ``pdftoppm``. Nothing else is written.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.clock import ManualClock  # noqa: E402
from app.dossier.service import DossierService  # noqa: E402
from app.dossier.synthetic import generate  # noqa: E402
from app.extract.approvals import ApprovalInput, Approvals  # noqa: E402
from app.extract.layouts import LAYOUTS  # noqa: E402
from app.extract.readers import ReaderBook  # noqa: E402
from app.extract.scope import SCOPE_SECTIONS  # noqa: E402
from app.extract.service import ExtractService, Request  # noqa: E402
from app.vault.create import create_vault  # noqa: E402
from app.vault.unlock import unlock  # noqa: E402
from crypto.kdf import KdfParams  # noqa: E402

FAST = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
PASSPHRASE = "ví dụ trang bản sao 2026"


def render(pdf: bytes, page: int, dpi: int, target: Path) -> None:
    root = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile", "-", str(root)],
        input=pdf, check=True,
    )  # fmt: skip
    print(f"wrote {target}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "extracts")
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    clock = ManualClock(datetime(2026, 11, 21, 2, 30, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vault"
        create_vault(path, PASSPHRASE, kdf_params=FAST, clock=clock, actor="examples")
        vault = unlock(path, PASSPHRASE, kdf_floor=FAST, clock=clock, actor="Cán bộ lưu trữ")
        try:
            dossier = DossierService(vault).save_many(list(generate(1, seed=2026)), source="examples")[0].id
            reader = ReaderBook(vault).add("Phạm Thị Ngọc Ánh", "Ủy ban Kiểm tra Tỉnh ủy", "Chuyên viên")
            approval = Approvals(vault).add(
                ApprovalInput(
                    reader_id=reader, decision_no="125-QĐ/TU", decision_date="10/11/2026",
                    signer="Nguyễn Văn Ký", signer_title="Phó Bí thư Thường trực Tỉnh ủy",
                    dossiers=(dossier,), sections=SCOPE_SECTIONS, valid_until="31/12/2026", copies=3,
                )
            )  # fmt: skip
            service = ExtractService(vault)
            for layout in LAYOUTS:
                copy = service.issue(Request(approval, dossier, 1, layout))[0]
                render(copy.pdf, 1, args.dpi, args.out / f"{layout}-page1.png")
                if layout == "tt06":
                    render(copy.pdf, copy.pages, args.dpi, args.out / "tt06-last-page.png")
        finally:
            vault.lock()


if __name__ == "__main__":
    main()
