"""``hoso demo`` as a user runs it: a real subprocess creates a vault like ``hoso init`` (real KDF
calibration, the passphrase as one line of standard input), fills it with synthetic dossiers,
and ``hoso info`` then counts them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crypto import codes

Hoso = Callable[..., Any]
PASSPHRASE = "Mật khẩu kho mẫu dài 2026"


@pytest.mark.slow
def test_demo_then_info(tmp_path: Path, hoso: Hoso) -> None:
    vault = tmp_path / "demo-vault"
    ran = hoso("demo", vault, "--dossiers", "50", "--seed", "4", "--json", stdin=PASSPHRASE + "\n")
    assert ran.code == 0, ran.err
    data = json.loads(ran.out)  # one JSON document on stdout, nothing else
    assert {"vault", "recovery_code", "audit_key", "dossiers"} <= set(data)
    assert Path(data["vault"]) == vault
    assert data["dossiers"] == 50
    assert data["seed"] == 4
    assert len(codes.parse_code(data["recovery_code"], 16)) == 16
    assert len(codes.parse_code(data["audit_key"], 32)) == 32
    assert "50/50" in ran.err  # progress goes to standard error
    assert PASSPHRASE not in ran.out + ran.err

    info = hoso("info", vault, "--json", stdin=PASSPHRASE + "\n")
    assert info.code == 0, info.err
    assert json.loads(info.out)["dossiers"] == 50


@pytest.mark.slow
def test_demo_refuses_a_folder_in_use_and_leaves_it_alone(tmp_path: Path, hoso: Hoso) -> None:
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    ran = hoso("demo", folder, "--dossiers", "5", "--lang", "en", stdin=PASSPHRASE + "\n")
    assert ran.code == 1
    assert ran.out == ""
    assert "Traceback" not in ran.err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_demo_usage_errors(tmp_path: Path, hoso: Hoso) -> None:
    for args in (["--dossiers", "-1"], ["--dossiers", "many"], ["--seed", "x"]):
        ran = hoso("demo", tmp_path / "v", *args, stdin=PASSPHRASE + "\n")
        assert ran.code == 2, args
        assert not (tmp_path / "v").exists()
