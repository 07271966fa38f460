"""``hoso import | export`` as the officer and scripts run them: the real command in a subprocess,
on vaults made at the KDF floor. Every call that opens the vault pays the floor KDF, so calls
are few and each test checks several things.

The round trip: a fully populated dossier → import → show --reveal → export --reveal → import
into a fresh vault → show --reveal gives the identical document.
"""

from __future__ import annotations

import csv
import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from app.dossier.validate import validate
from crypto.kdf import FLOOR

if TYPE_CHECKING:
    from conftest import Ran, VaultHandle

# tests/ is no package: the fully populated dossier comes from the importer's unit tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "app"))
from test_importer import SECRET_FATHER, full_dossier

STRIP = ("id", "version", "secrecy")


@pytest.fixture
def floor_vault(make_vault: Callable[..., VaultHandle]) -> VaultHandle:
    return make_vault(kdf=FLOOR)


def secret(handle: VaultHandle) -> str:
    return handle.passphrase + "\n"


def as_json(ran: Ran) -> Any:
    assert "Traceback" not in ran.err, ran.err
    try:
        return json.loads(ran.out)
    except json.JSONDecodeError:
        pytest.fail(f"stdout is not one JSON document (exit {ran.code}): {ran.out!r} / {ran.err!r}")


def interchange_file(path: Path, dossiers: list[Any]) -> Path:
    body = {"format": "hoso.dossier", "version": 1, "dossiers": dossiers}
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def shown(ran: Ran) -> dict[str, Any]:
    data = as_json(ran)
    assert ran.code == 0, ran.err
    return {k: v for k, v in data.items() if k not in STRIP}


def test_round_trip_through_the_cli(
    hoso: Callable[..., Ran], make_vault: Callable[..., VaultHandle], tmp_path: Path
) -> None:
    first, fresh = make_vault(kdf=FLOOR), make_vault(kdf=FLOOR)
    source = interchange_file(tmp_path / "ho-so.json", [full_dossier(1), full_dossier(2)])
    ran = hoso("import", first.path, source, "--json", stdin=secret(first))
    report = as_json(ran)
    assert ran.code == 0, ran.err
    assert (report["created"], report["updated"], report["unchanged"]) == (2, 0, 0)
    assert report["errors"] == []
    assert report["warnings"] == []
    one, two = report["ids"]

    revealed = shown(hoso("show", first.path, str(two), "--reveal", "--json", stdin=secret(first)))
    assert revealed == validate(full_dossier(2)).document

    out = tmp_path / "xuat.json"
    ran = hoso("export", first.path, "--out", out, "--reveal", "--json", stdin=secret(first))
    exported = as_json(ran)
    assert ran.code == 0, ran.err
    assert (exported["count"], exported["masked"]) == (2, False)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["masked"] is False

    ran = hoso("import", fresh.path, out, "--json", stdin=secret(fresh))
    again = as_json(ran)
    assert (ran.code, again["created"]) == (0, 2)
    copied = shown(hoso("show", fresh.path, str(again["ids"][1]), "--reveal", "--json", stdin=secret(fresh)))
    assert copied == revealed

    vault = first.unlock()
    try:
        entries = [(r.action, r.target) for r in vault.audit.repo.all()]
    finally:
        vault.close_quietly()
    assert ("dossier.import", "import:ho-so.json") in entries
    assert ("dossier.export", "xuat.json") in entries
    assert ("dossier.reveal", str(two)) in entries
    assert one != two


def test_rejected_file_names_records_and_fields_and_writes_nothing(
    hoso: Callable[..., Ran], floor_vault: VaultHandle, tmp_path: Path
) -> None:
    bad = full_dossier(2)
    bad["identity"]["birth_date"] = "1980-02-30"
    bad["family"][0]["birth_year"] = "một nghìn chín trăm"
    twin = full_dossier(1)
    twin["identity"]["full_name"] = "Lê Văn Tư"
    file = interchange_file(tmp_path / "loi.json", [full_dossier(1), bad, twin])
    before = {p.name: p.read_bytes() for p in floor_vault.path.iterdir()}

    ran = hoso("import", floor_vault.path, file, "--json", "--lang", "en", stdin=secret(floor_vault))
    report = as_json(ran)
    assert ran.code == 1
    assert report["rejected"] is True
    assert [(e["record"], e["full_name"], e["path"]) for e in report["errors"]] == [
        (2, "Nguyễn Văn Án 2", "identity.birth_date"),
        (2, "Nguyễn Văn Án 2", "family[1].birth_year"),
        (3, "Lê Văn Tư", "identity.personal_id"),
    ]
    assert "record 1 (Nguyễn Văn Án 1)" in report["errors"][2]["message"]
    assert "một nghìn" not in ran.out  # a restricted value is never quoted

    ran = hoso("import", floor_vault.path, file, stdin=secret(floor_vault))
    assert (ran.code, ran.out) == (1, "")
    lines = ran.err.splitlines()
    assert lines[0].startswith(
        "hoso: loi.json, hồ sơ thứ 2 (Nguyễn Văn Án 2), trường identity.birth_date (Sinh ngày): "
        "ngày “1980-02-30” không hợp lệ"
    )
    assert lines[-1] == "hoso: Tệp loi.json bị từ chối (3 lỗi); không có hồ sơ nào được nhập."
    assert "Traceback" not in ran.err
    after = {p.name: p.read_bytes() for p in floor_vault.path.iterdir()}
    assert after == before  # refused before the vault was even unlocked


def test_dry_run_then_update_with_basis_recorded_in_history(
    hoso: Callable[..., Ran], floor_vault: VaultHandle, tmp_path: Path
) -> None:
    first = interchange_file(tmp_path / "dot-1.json", [full_dossier(1)])
    ran = hoso("import", floor_vault.path, first, "--dry-run", "--json", stdin=secret(floor_vault))
    dry = as_json(ran)
    assert (ran.code, dry["dry_run"], dry["created"], dry["ids"]) == (0, True, 1, [])
    vault = floor_vault.unlock()
    try:
        assert vault.info()["dossiers"] == 0
        assert "dossier.import" not in [r.action for r in vault.audit.repo.all()]
    finally:
        vault.lock()

    ran = hoso("import", floor_vault.path, first, stdin=secret(floor_vault))
    assert ran.code == 0, ran.err
    assert ran.out == "dot-1.json: đã nhập 1 hồ sơ — tạo mới 1, cập nhật 0, không đổi 0.\n"

    changed = full_dossier(1)
    changed["position"]["current_post"] = "Giám đốc Sở Nội vụ"
    changed["family"][0]["details"] = "Hưu trí"
    second = interchange_file(tmp_path / "dot-2.json", [changed])
    ran = hoso(
        "import", floor_vault.path, second, "--basis", "QĐ 45-QĐ/TU", "--json", stdin=secret(floor_vault)
    )
    report = as_json(ran)
    assert (ran.code, report["created"], report["updated"]) == (0, 0, 1)
    dossier_id = report["ids"][0]

    ran = hoso("history", floor_vault.path, str(dossier_id), "--json", stdin=secret(floor_vault))
    changes = as_json(ran)
    assert ran.code == 0, ran.err
    by_path = {c["path"]: c for c in changes if c["source"] == "import:dot-2.json"}
    assert set(by_path) == {"position.current_post", "family"}
    assert {c["basis"] for c in by_path.values()} == {"QĐ 45-QĐ/TU"}
    assert by_path["position.current_post"]["new"] == "Giám đốc Sở Nội vụ"
    assert by_path["family"]["restricted"] is True
    assert SECRET_FATHER not in ran.out  # not revealed: restricted history stays masked
    assert changes[0]["source"] == "import:dot-1.json"


def test_masked_export_cannot_come_back_and_csv_import(
    hoso: Callable[..., Ran], floor_vault: VaultHandle, tmp_path: Path
) -> None:
    rows = [
        ["Số định danh cá nhân (CCCD)", "Họ và tên khai sinh", "Giới tính", "Sinh ngày", "Chức vụ hiện tại"],
        ["001080000001", "Nguyễn Văn An", "Nam", "02/03/1980", "=Trưởng phòng"],
    ]
    sheet = tmp_path / "danh-sach.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    ran = hoso("import", floor_vault.path, sheet, "--json", stdin=secret(floor_vault))
    report = as_json(ran)
    assert (ran.code, report["created"]) == (0, 1), report

    out = tmp_path / "che.json"
    ran = hoso("export", floor_vault.path, "--out", out, stdin=secret(floor_vault))
    assert ran.code == 0, ran.err
    assert "đã được che" in ran.out
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["masked"] is True
    assert data["dossiers"][0]["position"]["current_post"] == "=Trưởng phòng"
    assert "001080000001" not in out.read_text(encoding="utf-8")

    ran = hoso("import", floor_vault.path, out, "--json", "--lang", "en", stdin=secret(floor_vault))
    refused = as_json(ran)
    assert ran.code == 1
    assert refused["errors"][0]["record"] is None
    assert "--reveal" in refused["errors"][0]["message"]
    assert {"record": 1, "path": "identity.personal_id"}.items() <= refused["errors"][1].items()


def test_usage_errors(hoso: Callable[..., Ran], floor_vault: VaultHandle, tmp_path: Path) -> None:
    assert hoso("export", floor_vault.path).code == 2  # --out is required
    assert hoso("export", floor_vault.path, "--out", tmp_path / "x.json", "--ids", "1,a").code == 2
    ran = hoso("import", floor_vault.path, tmp_path / "none.json", "--lang", "en")
    assert (ran.code, ran.err.splitlines()[0]) == (1, "hoso: The file none.json does not exist.")
    ran = hoso(
        "import",
        floor_vault.path,
        interchange_file(tmp_path / "a.json", [full_dossier(1)]),
        "--basis",
        "x" * 501,
    )
    assert ran.code == 1
    assert "Traceback" not in ran.err
