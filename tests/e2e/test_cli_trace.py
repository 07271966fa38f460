"""``hoso trace`` as a real subprocess on real copies: the untouched PDF, a rendered page, a
fragment with no QR, a retyped text, a forged token, and files that say nothing or are broken.
Every run is audited; exit 0 / 1 / 4 as spec/cli.md says."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import segno
from PIL import Image

from app.audit.actions import Action
from app.extract import tokens
from app.extract.register import CopyRegister
from app.extract.service import IssuedCopy
from app.extract.variants import Variants, markers
from crypto import signing
from crypto.kdf import FLOOR
from storage.audit_repo import AuditFilter
from tests.conftest import Ran, VaultHandle
from tests.tracing.corpus import issue, render

pytestmark = pytest.mark.gui  # the pages are rendered by QtPdf


@pytest.fixture
def copies(make_vault: Callable[..., VaultHandle]) -> tuple[VaultHandle, list[IssuedCopy]]:
    handle = make_vault(kdf=FLOOR)
    vault = handle.unlock()
    try:
        issued = issue(vault, 1, 2, layouts=("tt06",))
    finally:
        vault.lock()
    return handle, issued


def _trace(hoso: Callable[..., Ran], handle: VaultHandle, *files: Path) -> tuple[int, dict[str, Any]]:
    ran = hoso("trace", handle.path, *files, "--json", stdin=handle.passphrase + "\n")
    assert ran.err == "" or ran.code != 0, ran.err
    return ran.code, json.loads(ran.out) if ran.out.strip() else {"error": ran.err}


def _save(image: Image.Image, path: Path, **kw: Any) -> Path:
    image.save(path, **kw)
    return path


def test_the_untouched_pdf_and_a_rendered_page_name_their_copies(
    hoso: Callable[..., Ran], copies: tuple[VaultHandle, list[IssuedCopy]], tmp_path: Path
) -> None:
    handle, (first, second) = copies
    pdf = tmp_path / "leak.pdf"
    pdf.write_bytes(first.pdf)
    page = _save(render(second.pdf, 0, 200), tmp_path / "scan.png")
    code, found = _trace(hoso, handle, pdf, page)
    assert code == 0
    assert found["unidentified"] == []
    by_file = {m["file"]: m for m in found["matches"]}
    assert by_file["leak.pdf"]["serial"] == first.serial
    assert by_file["leak.pdf"]["layer"] == "file"
    scan = by_file["scan.png"]
    assert (scan["serial"], scan["copy_no"], scan["copies"], scan["page"]) == (second.serial, 2, 2, 1)
    assert (scan["layer"], scan["authentic"], scan["reader"]) == ("qr", True, "Phạm Thị Ngọc Ánh")
    assert scan["decision"] == "7-QĐ/TU"
    vault = handle.unlock()
    try:
        (entry,) = vault.audit.repo.page(AuditFilter(action=Action.COPY_TRACE), 0, 5)
        details = json.loads(entry.details)
        assert sorted(details["matched"]) == sorted([first.serial, second.serial])
        assert "leak.pdf" not in entry.details
    finally:
        vault.lock()


def test_a_fragment_without_its_qr_is_named_by_the_dots(
    hoso: Callable[..., Ran], copies: tuple[VaultHandle, list[IssuedCopy]], tmp_path: Path
) -> None:
    handle, (first, _) = copies
    page = render(first.pdf, 0, 300)
    w, h = page.size
    piece = page.crop((w // 3, h // 3, w // 3 + w // 4, h // 3 + h // 5)).rotate(90, expand=True)
    code, found = _trace(hoso, handle, _save(piece, tmp_path / "piece.jpg", quality=60))
    assert code == 0
    (match,) = found["matches"]
    assert (match["serial"], match["layer"], match["authentic"], match["page"]) == (
        first.serial,
        "lattice",
        True,
        None,
    )


def test_a_forged_token_is_reported_forged_with_exit_4(
    hoso: Callable[..., Ran], copies: tuple[VaultHandle, list[IssuedCopy]], tmp_path: Path
) -> None:
    handle, (first, _) = copies
    vault = handle.unlock()
    vault_id = vault.vault_id
    vault.lock()
    forged = tokens.qr_token(signing.new_signing_key(), vault_id, first.serial, 1)
    buffer = io.BytesIO()
    segno.make_qr(forged, error="m").save(buffer, kind="png", scale=8, border=4)
    qr = tmp_path / "forged.png"
    qr.write_bytes(buffer.getvalue())
    code, found = _trace(hoso, handle, qr)
    assert code == 4
    assert found["matches"] == []
    assert [(u["reason"], u["serial"], u["layer"]) for u in found["unidentified"]] == [
        ("forged", first.serial, "qr")
    ]


def test_nothing_to_find_exits_1_and_a_broken_file_is_named(
    hoso: Callable[..., Ran], copies: tuple[VaultHandle, list[IssuedCopy]], tmp_path: Path
) -> None:
    handle, _ = copies
    blank = _save(Image.new("L", (1200, 1600), 255), tmp_path / "blank.png")
    whole = io.BytesIO()
    Image.new("L", (800, 800), 128).save(whole, format="PNG")
    broken = tmp_path / "broken.png"
    broken.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    code, found = _trace(hoso, handle, blank, broken)
    assert code == 1
    reasons = {u["file"]: u for u in found["unidentified"]}
    assert reasons["blank.png"]["reason"] == "none"
    assert reasons["broken.png"]["reason"] == "unreadable"
    assert "broken.png" in reasons["broken.png"]["message"]
    ran = hoso("trace", handle.path, tmp_path / "absent.png", stdin=handle.passphrase + "\n")
    assert ran.code == 1
    assert "absent.png" in ran.err


def test_a_retyped_first_page_is_matched_by_its_text_variants(
    hoso: Callable[..., Ran], copies: tuple[VaultHandle, list[IssuedCopy]], tmp_path: Path
) -> None:
    handle, (first, second) = copies
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=first.pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    retyped = "\n".join(line for line in text.splitlines() if first.serial not in line)  # no footer
    assert first.serial not in retyped
    path = tmp_path / "retyped.txt"
    path.write_text(retyped, encoding="utf-8")
    code, found = _trace(hoso, handle, path)
    vault = handle.unlock()
    try:
        records = [
            Variants.from_record(CopyRegister(vault).get(c.serial).row.variants) for c in (first, second)
        ]
    finally:
        vault.lock()
    if markers(records[0], "tt06") == markers(records[1], "tt06"):  # 1 in ~1,600: same wording drawn
        assert code == 1
        assert found["unidentified"][0]["reason"] == "ambiguous"
        return
    assert code == 0
    (match,) = found["matches"]
    assert (match["serial"], match["layer"], match["authentic"]) == (first.serial, "text", False)
