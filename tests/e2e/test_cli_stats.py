"""``hoso stats`` as a real subprocess: the list, a report in JSON and as text, as of a date, with
the comparison, the CSV and PDF files, a cell's dossiers, a definition installed from a file, and
bad input refused with a message and nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.stats.service import StatsService
from crypto.kdf import FLOOR
from storage.audit_repo import AuditFilter
from tests.conftest import Ran, VaultHandle, fingerprint


@pytest.fixture
def filled(make_vault: Callable[..., VaultHandle]) -> VaultHandle:
    handle = make_vault(kdf=FLOOR)
    vault = handle.unlock()
    try:
        DossierService(vault).save_many(list(generate(150, seed=12)), source="test")
    finally:
        vault.lock()
    return handle


def stats(hoso: Callable[..., Ran], handle: VaultHandle, *args: str | Path) -> Ran:
    return hoso("stats", handle.path, *args, stdin=handle.passphrase + "\n")


def as_json(ran: Ran) -> Any:
    assert ran.code == 0, ran.err
    return json.loads(ran.out)


def test_list_and_a_report_in_json_equal_the_service(hoso: Callable[..., Ran], filled: VaultHandle) -> None:
    listed = as_json(stats(hoso, filled, "--list", "--json"))["reports"]
    assert {r["name"] for r in listed} >= {"9a-btctw", "bm02-bnv", "completeness", "3-btctw", "structure"}
    data = as_json(stats(hoso, filled, "--report", "9a-btctw", "--json"))
    assert set(data) >= {"report", "as_of", "columns", "rows"}
    assert data["report"] == "9a-btctw"
    filled.clock.advance((datetime.now(UTC) - filled.clock.now()).total_seconds())  # the CLI's today
    vault = filled.unlock()
    try:
        table = StatsService(vault).run("9a-btctw", as_of=data["as_of"]).table
    finally:
        vault.lock()
    assert [c["key"] for c in data["columns"]] == [c.key for c in table.columns]
    assert [r["values"] for r in data["rows"]] == [list(v) for v in table.values]
    assert data["counted"] == table.population > 0


def test_text_table_as_of_and_comparison(hoso: Callable[..., Ran], filled: VaultHandle) -> None:
    ran = stats(hoso, filled, "--report", "structure", "--as-of", "31/12/2026", "--compare")
    assert ran.code == 1
    assert "chưa tới" in ran.err
    text = stats(hoso, filled, "--report", "structure", "--compare")
    assert text.code == 0, text.err
    assert "Cơ cấu đội ngũ cán bộ" in text.out
    assert "Cùng kỳ năm trước" in text.out
    past = as_json(stats(hoso, filled, "--report", "structure", "--as-of", "2025-12-31", "--json"))
    assert past["counted"] == 0  # the vault was filled on 01/01/2026
    assert past["as_of"] == "2025-12-31"


def test_csv_pdf_and_members_are_written_and_audited(
    hoso: Callable[..., Ran], filled: VaultHandle, tmp_path: Path
) -> None:
    csv_file, pdf_file = tmp_path / "9a.csv", tmp_path / "9a.pdf"
    data = as_json(
        stats(hoso, filled, "--report", "9a-btctw", "--csv", csv_file, "--pdf", pdf_file, "--json")
    )
    assert csv_file.read_bytes().startswith("\ufeff".encode())
    assert "Biểu số 9A-BTCTW" in csv_file.read_text("utf-8-sig")
    assert pdf_file.read_bytes().startswith(b"%PDF")
    total = data["rows"][0]["values"][0]
    members = as_json(stats(hoso, filled, "--report", "9a-btctw", "--members", "total", "total", "--json"))
    assert len(members["members"]) == total
    again = stats(hoso, filled, "--report", "9a-btctw", "--csv", csv_file)
    assert again.code == 1  # never over an existing file
    vault = filled.unlock()
    try:
        exports = vault.audit.repo.page(AuditFilter(action="stats.export"), 0, 10)
        drills = vault.audit.repo.page(AuditFilter(action="stats.drill"), 0, 10)
    finally:
        vault.lock()
    assert sorted(json.loads(e.details)["format"] for e in exports) == ["csv", "pdf"]
    assert json.loads(drills[0].details)["count"] == total


def test_install_a_definition_then_run_it(
    hoso: Callable[..., Ran], filled: VaultHandle, tmp_path: Path
) -> None:
    definition = {
        "format": "hoso.report",
        "name": "theo-ton-giao",
        "version": "1",
        "effective": "2020-01-01",
        "title": "Cán bộ theo tôn giáo",
        "columns": [{"key": "total", "label": "Tổng số"}],
        "rows": [{"key": "rel", "label": "Tôn giáo", "each": "religion"}],
    }
    path = tmp_path / "def.json"
    path.write_text(json.dumps(definition, ensure_ascii=False), "utf-8")
    ran = stats(hoso, filled, "--definition", path, "--json")  # run without installing
    assert as_json(ran)["report"] == "theo-ton-giao"
    assert as_json(stats(hoso, filled, "--install", path, "--json"))["installed"] == "theo-ton-giao"
    listed = as_json(stats(hoso, filled, "--list", "--json"))["reports"]
    assert "theo-ton-giao" in {r["name"] for r in listed}


def test_bad_input_changes_nothing(hoso: Callable[..., Ran], filled: VaultHandle, tmp_path: Path) -> None:
    vault = filled.unlock()
    before = fingerprint(vault)
    vault.lock()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "hoso.report", "name": "x"}', "utf-8")
    for args, words in (
        (("--report", "khong-co"), "khong-co"),
        (("--report", "9a-btctw", "--as-of", "30/02/2026"), "không phải là ngày"),
        (("--install", broken), "không dùng được"),
        (("--cross", "sex", "phone"), "phone"),
    ):
        ran = stats(hoso, filled, *args)
        assert ran.code in (1, 2), ran
        assert words in ran.err
    vault = filled.unlock()
    try:
        after = fingerprint(vault)
    finally:
        vault.lock()
    assert after[0] == before[0]
    # only the unlocks and the refused runs' absence: no stats entry was written
    assert not vault_entries(filled, "stats.run")


def vault_entries(handle: VaultHandle, action: str) -> list[Any]:
    vault = handle.unlock()
    try:
        return list(vault.audit.repo.page(AuditFilter(action=action), 0, 10))
    finally:
        vault.lock()
