"""``hoso doc`` as a real subprocess: file a document with a scan, add pages, list the inventory with
the yearly items missing, remove with a tombstone; bad input refused with a message and nothing
written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from crypto.kdf import FLOOR
from tests.conftest import Ran, VaultHandle, fingerprint


def scan(path: Path, text: str) -> Path:
    image = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(image).text((80, 80), text, fill=0)
    ImageDraw.Draw(image).rectangle((100, 300, 1100, 340 + len(text) * 3), fill=40)
    image.save(path, "PNG")
    return path


@pytest.fixture
def one(make_vault: Callable[..., VaultHandle]) -> tuple[VaultHandle, int]:
    handle = make_vault(kdf=FLOOR)
    vault = handle.unlock()
    try:
        (saved,) = DossierService(vault).save_many(list(generate(1, seed=9)), source="test")
    finally:
        vault.lock()
    return handle, saved.id


def doc(hoso: Callable[..., Ran], handle: VaultHandle, *args: str | Path) -> Ran:
    return hoso("doc", args[0], handle.path, *args[1:], "--json", stdin=handle.passphrase + "\n")


def ok(ran: Ran) -> Any:
    assert ran.code == 0, ran.err
    return json.loads(ran.out)


def test_file_scan_list_and_remove(
    hoso: Callable[..., Ran], one: tuple[VaultHandle, int], tmp_path: Path
) -> None:
    handle, dossier = one
    page = scan(tmp_path / "a.png", "trang 1")
    details = ("--title", "QĐ bổ nhiệm", "--number", "45-QĐ/TU", "--date", "2023-05-04", "--scan", page)
    first = ok(doc(hoso, handle, "add", str(dossier), "--kind", "qd_bo_nhiem", *details))["id"]
    added = ok(doc(hoso, handle, "scan", str(first), scan(tmp_path / "b.png", "trang hai")))
    assert len(added["scans"]) == 1
    yearly = ok(doc(hoso, handle, "add", str(dossier), "--kind", "ban_tu_kiem_diem", "--year", "2024"))["id"]
    listed = ok(doc(hoso, handle, "list", str(dossier)))
    kinds = {d["kind"]: d for d in listed["documents"]}
    assert [s["position"] for s in kinds["qd_bo_nhiem"]["scans"]] == [1, 2]
    assert kinds["ban_tu_kiem_diem"]["year"] == 2024
    assert "2024" in listed["missing_yearly"]  # the phiếu bổ sung lý lịch of 2024 is not filed
    assert listed["missing_yearly"]["2024"] == ["phieu_bo_sung_ly_lich"]
    ok(doc(hoso, handle, "remove", str(yearly), "--reason", "Nhập nhầm năm"))
    listed = ok(doc(hoso, handle, "list", str(dossier), "--removed"))
    tomb = next(d for d in listed["documents"] if d["id"] == yearly)
    assert tomb["removal_reason"] == "Nhập nhầm năm"
    text = hoso("doc", "list", handle.path, str(dossier), stdin=handle.passphrase + "\n")
    assert "Quyết định bổ nhiệm" in text.out
    assert "2 trang quét" in text.out


def test_bad_input_is_refused_and_changes_nothing(
    hoso: Callable[..., Ran], one: tuple[VaultHandle, int], tmp_path: Path
) -> None:
    handle, dossier = one
    vault = handle.unlock()
    before = fingerprint(vault)[:2]
    vault.lock()
    bomb = tmp_path / "bomb.png"
    Image.new("1", (30000, 30000), 0).save(bomb, "PNG")  # a few KB declaring 900 megapixels
    not_an_image = tmp_path / "notes.jpg"
    not_an_image.write_text("không phải ảnh", "utf-8")
    for args, words in (
        (("add", str(dossier), "--kind", "khong-co"), "danh mục"),
        (("add", str(dossier), "--kind", "khac", "--scan", bomb), "megapixel"),
        (("add", str(dossier), "--kind", "khac", "--scan", not_an_image), "notes.jpg"),
        (("add", str(dossier), "--kind", "khac", "--scan", tmp_path / "missing.png"), "missing.png"),
        (("remove", "999", "--reason", "x"), "999"),
    ):
        ran = hoso("doc", args[0], handle.path, *args[1:], stdin=handle.passphrase + "\n")
        assert ran.code == 1, (args, ran)
        assert words in ran.err, (args, ran.err)
    vault = handle.unlock()
    try:
        assert fingerprint(vault)[0] == before[0]
        assert vault.db.scalar("SELECT count(*) FROM dossier_documents") == 0
    finally:
        vault.lock()
