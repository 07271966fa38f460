"""``hoso search`` as a real subprocess: JSON and table output, filters, limits, errors."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from app.dossier.service import DossierService
from app.dossier.validate import validate
from crypto.kdf import FLOOR
from tests.conftest import Ran, VaultHandle
from tests.unit.app.test_search import CANARY_RELATIVE, PEOPLE

HIT_KEYS = {"id", "full_name", "birth_date", "current_post", "employing_unit"}


@pytest.fixture
def filled(make_vault: Callable[..., VaultHandle]) -> VaultHandle:
    handle = make_vault(kdf=FLOOR)
    vault = handle.unlock()
    try:
        DossierService(vault).save_many([validate(d).document for d in PEOPLE.values()], source="test")
    finally:
        vault.lock()
    return handle


def test_json_output(hoso: Callable[..., Ran], filled: VaultHandle) -> None:
    secret = filled.passphrase + "\n"
    ran = hoso("search", filled.path, "nguyễn v an", "--json", stdin=secret)
    assert ran.code == 0, ran.err
    data = json.loads(ran.out)
    assert set(data) == {"total", "results"}
    assert data["total"] == len(data["results"]) == 4  # An, Anh, Ân; Lê Thị Anh of the Văn phòng
    assert all(set(hit) == HIT_KEYS for hit in data["results"])
    assert data["results"][0] == {
        "id": 1,
        "full_name": "Nguyễn Văn An",
        "birth_date": "1975-03-02",
        "current_post": "Phó Giám đốc Sở Nội vụ",
        "employing_unit": "Sở Nội vụ tỉnh Thái Nguyên",
    }
    for doc in PEOPLE.values():
        assert doc["identity"]["personal_id"] not in ran.out
        assert doc["identity"]["phone"] not in ran.out
    assert CANARY_RELATIVE not in ran.out

    ran = hoso(
        "search",
        filled.path,
        "--where",
        "birth_year>=1975",
        "--where",
        "birth_year<=1985",
        "--where",
        "sex=nam",
        "--where",
        "party_member=yes",
        "--json",
        stdin=secret,
    )
    assert ran.code == 0, ran.err
    assert [h["full_name"] for h in json.loads(ran.out)["results"]] == ["Nguyễn Văn An", "Nguyễn Văn Ân"]

    ran = hoso("search", filled.path, "--limit", "2", "--json", stdin=secret)
    data = json.loads(ran.out)
    assert data["total"] == len(PEOPLE)
    assert len(data["results"]) == 2
    assert ran.err == ""


def test_table_output(hoso: Callable[..., Ran], filled: VaultHandle) -> None:
    secret = filled.passphrase + "\n"
    ran = hoso("search", filled.path, "anh", "--where", "sex=nu", stdin=secret)
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    header = " ".join(lines[0].split())
    assert header == "Số Họ và tên Sinh ngày Chức vụ hiện tại Cơ quan, đơn vị"
    assert set(lines[1]) == {"-"}
    assert any("Trần Thị Ánh" in line and "15/01/1985" in line and "Ban Tổ chức" in line for line in lines)
    assert any("Lê Thị Anh" in line and "01/12/1990" in line for line in lines)
    assert lines[-1] == "Tìm thấy 2 hồ sơ."

    ran = hoso(
        "search",
        filled.path,
        "--where",
        "ethnicity=Tày",
        "--where",
        "ethnicity=nung",
        "--limit",
        "1",
        "--lang",
        "en",
        stdin=secret,
    )
    assert ran.code == 0, ran.err
    assert "Full name" in ran.out.splitlines()[0]
    assert ran.out.splitlines()[-1] == "2 dossier(s) found; showing the first 1 (use --limit for more)."

    ran = hoso("search", filled.path, '"(NEAR AND -^*', stdin=secret)  # operators are only words
    assert ran.code == 0, ran.err
    assert ran.out.strip() == "Không tìm thấy hồ sơ nào."


def test_errors(hoso: Callable[..., Ran], filled: VaultHandle) -> None:
    secret = filled.passphrase + "\n"
    ran = hoso("search", filled.path, "--where", "colour=red", "--lang", "en", stdin=secret)
    assert ran.code == 1
    assert ran.err.startswith("hoso: “colour” is not a search filter; the filters are: sex, birth_year")
    assert "party_member" in ran.err
    assert len(ran.err.strip().splitlines()) == 1
    assert "Traceback" not in ran.err

    ran = hoso("search", filled.path, "--where", "birth_year=1990..1980", stdin=secret)
    assert ran.code == 1
    assert "1990..1980" in ran.err

    ran = hoso("search", filled.path, "--where", "sex", stdin=secret)
    assert ran.code == 1
    assert "KEY=VALUE" in ran.err or "KHÓA=GIÁ_TRỊ" in ran.err

    ran = hoso("search", filled.path, "x" * 10_000, stdin=secret)
    assert ran.code == 1
    assert "Traceback" not in ran.err

    ran = hoso("search", filled.path, "--limit", "0", stdin=secret)
    assert ran.code == 1

    ran = hoso("search", filled.path, "--limit", "abc", stdin=secret)
    assert ran.code == 2
