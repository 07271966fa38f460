"""The checkpoint and audit-key slips: real PDFs, rendered, read back and verified."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from app.audit.checkpoint import from_qr
from app.audit.slip import audit_key_pdf, checkpoint_pdf
from app.vault.create import parse_audit_key
from app.vault.session import Vault
from tests.conftest import VaultHandle

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils via scripts/dev.py"
)


def _render(pdf: bytes, tmp_path: Path, dpi: int = 150) -> Image.Image:
    src = tmp_path / "in.pdf"
    src.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(src), str(tmp_path / "page")], check=True
    )
    return Image.open(tmp_path / "page.png")


def _text(pdf: bytes, tmp_path: Path) -> str:
    src = tmp_path / "t.pdf"
    src.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(src), "-"], capture_output=True, text=True, check=True
    ).stdout


@needs_poppler
def test_checkpoint_slip_qr_reads_back_to_a_valid_checkpoint(opened: Vault, tmp_path: Path) -> None:
    cp = opened.checkpoint()
    pdf = checkpoint_pdf(cp, "kho-thu")
    codes = zxingcpp.read_barcodes(_render(pdf, tmp_path))
    assert len(codes) == 1
    back = from_qr(codes[0].text, "scan")
    assert (back.vault_id, back.seq, back.head_hash, back.time) == (
        cp.vault_id,
        cp.seq,
        cp.head_hash,
        cp.time,
    )
    assert back.signature_ok(opened.keys.signing_public())
    assert opened.verify_audit(None, [(back, "scan")]).ok
    text = _text(pdf, tmp_path)
    assert "PHIẾU ĐIỂM KIỂM TRA NHẬT KÝ KIỂM TOÁN" in text
    assert str(cp.seq) in text
    assert cp.head_hash.hex().upper()[:8] in text


@needs_poppler
def test_audit_key_slip_carries_the_key_in_text_and_qr(vault: VaultHandle, tmp_path: Path) -> None:
    key = vault.created.audit_key
    pdf = audit_key_pdf(vault.created.vault_id, key, "2026-11-21T03:00:00.000Z")
    (qr,) = zxingcpp.read_barcodes(_render(pdf, tmp_path))
    assert parse_audit_key(qr.text) == parse_audit_key(key)
    text = _text(pdf, tmp_path)
    assert "MẬT" in text
    assert "PHIẾU KHÓA KIỂM TOÁN" in text
    assert key.split("-")[0] in text


def test_a_tampered_qr_checkpoint_is_refused(opened: Vault) -> None:
    cp = opened.checkpoint()
    payload = cp.qr_payload().split(":")
    payload[2] = str(cp.seq + 1)
    forged = from_qr(":".join(payload), "scan")
    assert not forged.signature_ok(opened.keys.signing_public())


def test_slips_are_built_in_memory_and_embed_the_font(opened: Vault) -> None:
    pdf = checkpoint_pdf(opened.checkpoint(), "kho")
    assert pdf.startswith(b"%PDF")
    assert b"DejaVu" in pdf
