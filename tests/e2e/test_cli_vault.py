"""The ``hoso`` vault commands as a user runs them: real subprocesses, secrets on standard input,
exit statuses and output as spec/cli.md says.

The CLI has no KDF seam, so vaults are made in process at the real floor
(``make_vault(kdf=FLOOR)``); only ``test_init_then_info`` runs a real ``hoso init`` with
calibration. ``passwd`` and ``recover`` calibrate the new passphrase slot themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.vault import DB_FILE, HEADER_FILE, header
from crypto import codes
from crypto.kdf import FLOOR

Hoso = Callable[..., Any]

NEW_PASSPHRASE = "Mật khẩu mới qua dòng lệnh 2027"
WRONG_PASSPHRASE = "Mật khẩu sai qua dòng lệnh 2026"
INFO_KEYS = {"format_version", "kdf", "dossiers", "readers", "approvals", "copies", "audit_entries"}


def one_clear_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("hoso: ")
    return lines[0]


def json_only(out: str) -> Any:
    """The one JSON document on stdout (json.loads refuses anything before or after it)."""
    return json.loads(out)


@pytest.fixture
def floor_vault(make_vault: Callable[..., Any]) -> Any:
    return make_vault(kdf=FLOOR)


# ------------------------------------------------------------------ init (real calibration)
@pytest.mark.slow
def test_init_then_info(tmp_path: Path, hoso: Hoso) -> None:
    vault = tmp_path / "new-vault"
    passphrase = "Mật khẩu của kho mới tạo 2026"
    ran = hoso("init", vault, "--json", stdin=passphrase + "\n")
    assert ran.code == 0, ran.err
    data = json_only(ran.out)
    assert {"vault", "recovery_code", "audit_key"} <= set(data)
    assert Path(data["vault"]) == vault
    assert len(codes.parse_code(data["recovery_code"], 16)) == 16
    assert len(codes.parse_code(data["audit_key"], 32)) == 32
    assert passphrase not in ran.out + ran.err
    assert sorted(p.name for p in vault.iterdir()) == [HEADER_FILE, DB_FILE]

    params = header.read(vault / HEADER_FILE).passphrase.kdf
    assert params.at_least(FLOOR)  # calibrated, never below the floor

    info = hoso("info", vault, "--json", stdin=passphrase + "\n")
    assert info.code == 0, info.err
    doc = json_only(info.out)
    assert set(doc) >= INFO_KEYS
    assert doc["kdf"]["memory_kib"] == params.memory_kib
    assert doc["kdf"]["iterations"] == params.iterations
    assert doc["kdf"]["lanes"] == params.lanes
    assert doc["kdf"]["keyfile"] is False
    assert isinstance(doc["format_version"], int)
    assert doc["format_version"] >= 1
    for key in ("dossiers", "readers", "approvals", "copies"):
        assert doc[key] == 0
    assert doc["audit_entries"] >= 2  # vault.create and this unlock


def test_init_refuses_a_short_passphrase(tmp_path: Path, hoso: Hoso) -> None:
    vault = tmp_path / "short"
    ran = hoso("init", vault, "--lang", "en", stdin="too short\n")
    assert ran.code == 1
    assert "at least" in one_clear_line(ran.err)
    assert not vault.exists()


# ------------------------------------------------------------------ failures
def test_wrong_passphrase(floor_vault: Any, hoso: Hoso) -> None:
    ran = hoso("info", floor_vault.path, "--json", stdin=WRONG_PASSPHRASE + "\n")
    assert ran.code == 3
    assert ran.out == ""
    line = one_clear_line(ran.err)
    assert "Sai mật khẩu" in line  # Vietnamese by default
    assert WRONG_PASSPHRASE not in ran.err
    assert header.read(floor_vault.path / HEADER_FILE).lockout.failures == 1


def test_wrong_key_file(make_vault: Callable[..., Any], hoso: Hoso, tmp_path: Path) -> None:
    handle = make_vault(kdf=FLOOR, keyfile=bytes(range(64)))
    other = tmp_path / "other.key"
    other.write_bytes(bytes(range(1, 65)))
    wrong = hoso("info", handle.path, "--keyfile", other, "--lang", "en", stdin=handle.passphrase + "\n")
    assert wrong.code == 3
    assert "key file" in one_clear_line(wrong.err)
    missing = hoso("info", handle.path, "--lang", "en", stdin=handle.passphrase + "\n")
    assert missing.code == 3
    assert "--keyfile" in one_clear_line(missing.err)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("info",), id="missing_vault_argument"),
        pytest.param(("frobnicate", "x"), id="unknown_command"),
        pytest.param(("info", "x", "--lang", "fr"), id="unknown_language"),
        # Not taken for an abbreviated --passphrase-file: the passphrase is never an argument.
        pytest.param(("info", "x", "--passphrase", "secret"), id="passphrase_as_argument"),
        pytest.param(("info", "x", "--key", "k.key"), id="abbreviated_option"),
        pytest.param((), id="no_command"),
    ],
)
def test_usage_error(hoso: Hoso, args: tuple[str, ...]) -> None:
    ran = hoso(*args)
    assert ran.code == 2
    assert ran.out == ""
    assert "Traceback" not in ran.err
    assert "usage: hoso" in ran.err


def test_missing_vault(tmp_path: Path, hoso: Hoso) -> None:
    nowhere = tmp_path / "no-such-vault"
    vi = hoso("info", nowhere, stdin="một mật khẩu bất kỳ dài\n")
    assert vi.code == 1
    assert str(nowhere) in one_clear_line(vi.err)
    assert "Không có kho" in vi.err


def test_lang_en_gives_english(tmp_path: Path, hoso: Hoso) -> None:
    nowhere = tmp_path / "no-such-vault"
    en = hoso("info", nowhere, "--lang", "en", stdin="any passphrase at all\n")
    assert en.code == 1
    assert one_clear_line(en.err) == f"hoso: There is no vault at {nowhere}."


def test_no_secret_on_stdin(tmp_path: Path, hoso: Hoso) -> None:
    ran = hoso("info", tmp_path, "--lang", "en")  # the secret is read before the vault is opened
    assert ran.code == 2
    assert "standard input" in one_clear_line(ran.err)


# ------------------------------------------------------------------ passphrase and recovery
def test_passwd_then_info(floor_vault: Any, hoso: Hoso) -> None:
    ran = hoso("passwd", floor_vault.path, "--json", stdin=f"{floor_vault.passphrase}\n{NEW_PASSPHRASE}\n")
    assert ran.code == 0, ran.err
    assert json_only(ran.out) == {"ok": True}
    assert header.read(floor_vault.path / HEADER_FILE).passphrase.kdf.at_least(FLOOR)

    new = hoso("info", floor_vault.path, "--json", stdin=NEW_PASSPHRASE + "\n")
    assert new.code == 0, new.err
    assert set(json_only(new.out)) >= INFO_KEYS
    old = hoso("info", floor_vault.path, "--json", stdin=floor_vault.passphrase + "\n")
    assert old.code == 3
    assert old.out == ""


def test_passwd_with_a_wrong_current_passphrase(floor_vault: Any, hoso: Hoso) -> None:
    before = header.read(floor_vault.path / HEADER_FILE).passphrase
    ran = hoso("passwd", floor_vault.path, stdin=f"{WRONG_PASSPHRASE}\n{NEW_PASSPHRASE}\n")
    assert ran.code == 3
    one_clear_line(ran.err)
    assert header.read(floor_vault.path / HEADER_FILE).passphrase == before


def test_recover(floor_vault: Any, hoso: Hoso) -> None:
    old_code = floor_vault.created.recovery_code
    ran = hoso("recover", floor_vault.path, "--json", stdin=f"{old_code}\n{NEW_PASSPHRASE}\n")
    assert ran.code == 0, ran.err
    data = json_only(ran.out)
    assert data["ok"] is True
    assert data["recovery_code"] != old_code
    assert len(codes.parse_code(data["recovery_code"], 16)) == 16

    info = hoso("info", floor_vault.path, "--json", stdin=NEW_PASSPHRASE + "\n")
    assert info.code == 0, info.err


def test_recover_with_a_wrong_code(floor_vault: Any, hoso: Hoso) -> None:
    other = codes.format_code(bytes(16))  # well formed, but not this vault's code
    assert other != floor_vault.created.recovery_code
    ran = hoso("recover", floor_vault.path, "--lang", "en", stdin=f"{other}\n{NEW_PASSPHRASE}\n")
    assert ran.code == 3
    assert "recovery code" in one_clear_line(ran.err)


# ------------------------------------------------------------------ options and output
def test_passphrase_file(floor_vault: Any, hoso: Hoso, tmp_path: Path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(floor_vault.passphrase + "\n", encoding="utf-8")
    ran = hoso("info", floor_vault.path, "--json", "--passphrase-file", secret)
    assert ran.code == 0, ran.err
    doc = json_only(ran.out)
    assert set(doc) >= INFO_KEYS
    assert ran.out.lstrip().startswith("{")
    assert ran.out.rstrip().endswith("}")
    assert floor_vault.passphrase not in ran.out + ran.err


def test_info_for_people_in_english(floor_vault: Any, hoso: Hoso) -> None:
    ran = hoso("info", floor_vault.path, "--lang", "en", stdin=floor_vault.passphrase + "\n")
    assert ran.code == 0, ran.err
    assert "Argon2id: 256 MiB, 3 passes" in ran.out
    assert "audit entries" in ran.out
    with pytest.raises(json.JSONDecodeError):
        json.loads(ran.out)


def test_doctor_json(hoso: Hoso) -> None:
    ran = hoso("doctor", "--json")
    assert ran.code == 0, ran.err
    data = json_only(ran.out)
    assert data["overall"] in {"green", "amber", "red"}
    assert data["checks"]
    for check in data["checks"]:
        assert {"id", "status"} <= set(check)
        assert check["status"] in {"green", "amber", "red"}
    ids = [check["id"] for check in data["checks"]]
    assert len(ids) == len(set(ids))
    assert "Traceback" not in ran.err


def test_check_verifies_every_page_and_the_audit_chain(hoso: Any, make_vault: Any) -> None:
    from crypto.kdf import FLOOR as _FLOOR

    handle = make_vault(kdf=_FLOOR)
    ran = hoso("check", handle.path, "--json", stdin=handle.passphrase + "\n")
    assert ran.code == 0, ran.err
    assert json.loads(ran.out)["ok"] is True
