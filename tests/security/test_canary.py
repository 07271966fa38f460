"""Nothing in plaintext on disk (DESIGN §6): a session in a child process writes unique canary
strings into a vault (a setting, an audit entry's details, the passphrase itself), locks it,
opens it again and overwrites the setting; then every file under the vault folder, HOME, TMPDIR
and the child's working folder is searched for the canaries, in UTF-8 and UTF-16-LE.

The child also writes two control canaries in plain text (one in HOME, one in TMPDIR) so that a
search that finds nothing is known to be able to find something.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crypto.kdf import KdfParams

CHILD = textwrap.dedent(
    """
    import json, os, sys, tempfile
    from pathlib import Path

    from app import airgap, hardening
    from app.clock import ManualClock
    from app.vault.create import create_vault
    from app.vault.unlock import unlock
    from crypto.kdf import KdfParams

    hardening.harden()
    airgap.install()
    spec = json.loads(sys.stdin.read())
    weak = KdfParams(**spec["kdf"])
    path = Path(spec["vault"])
    passphrase = spec["passphrase"]

    created = create_vault(path, passphrase, kdf_params=weak, clock=ManualClock())
    vault = unlock(path, passphrase, kdf_floor=weak)
    vault.change_setting("officer.note", spec["setting"])
    vault.audit.record("test.canary", "canary", {"note": spec["audit"]})
    vault.lock()

    vault = unlock(path, passphrase, kdf_floor=weak)
    assert vault.setting("officer.note") == spec["setting"]
    vault.change_setting("officer.note", "replaced")
    # a dossier with canaries in a normal and a restricted field, printed as a registered copy
    from app.dossier.service import DossierService
    from app.dossier.synthetic import generate
    from app.extract.approvals import ApprovalInput, Approvals
    from app.extract.readers import ReaderBook
    from app.extract.service import ExtractService, Request

    doc = next(iter(generate(1, seed=4)))
    doc["position"]["current_post"] = spec["post"]
    doc["health"] = {"status": spec["health"]}
    dossier = DossierService(vault).save(doc).id
    reader = ReaderBook(vault).add(spec["reader"], "Ban Tổ chức", "", spec["reader_id"])
    approval = Approvals(vault).add(ApprovalInput(
        reader_id=reader, decision_no="1-QĐ/TU", decision_date="2025-12-01", signer="Người Ký",
        dossiers=(dossier,), sections=("identity", "position", "health"), valid_until="2026-12-31",
    ))
    (copy,) = ExtractService(vault).issue(Request(approval, dossier, 1, "tt06"))
    assert copy.pdf.startswith(b"%PDF")
    vault.lock()

    Path(os.environ["HOME"], ".config").mkdir()
    Path(os.environ["HOME"], ".config", "control.txt").write_bytes(spec["control_home"].encode("utf-16-le"))
    Path(tempfile.gettempdir(), "control.txt").write_bytes(spec["control_tmp"].encode("utf-8"))
    print(json.dumps({
        "tempdir": tempfile.gettempdir(),
        "home": os.path.expanduser("~"),
        "recovery_code": created.recovery_code,
        "audit_key": created.audit_key,
    }))
    """
)


@dataclass
class Session:
    roots: dict[str, Path]
    canaries: dict[str, str]
    controls: dict[str, str]


def token(label: str) -> str:
    return f"CANARY{label}{secrets.token_hex(12)}"


def needles(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le")]


def search(roots: dict[str, Path], texts: dict[str, str]) -> list[tuple[str, str, str]]:
    """(canary name, encoding, file) for every hit under the roots."""
    hits = []
    for root in roots.values():
        for folder, _, files in os.walk(root):
            for name in files:
                path = Path(folder, name)
                if path.is_symlink() or not path.is_file():
                    continue
                data = path.read_bytes()
                for label, text in texts.items():
                    for encoding, needle in zip(("utf-8", "utf-16-le"), needles(text), strict=True):
                        if needle in data:
                            hits.append((label, encoding, str(path)))
    return hits


@pytest.fixture
def session(tmp_path: Path, weak_kdf: KdfParams, project: Path) -> Session:
    roots = {name: tmp_path / name for name in ("vault_parent", "home", "tmp", "cwd")}
    for root in roots.values():
        root.mkdir()
    vault = roots["vault_parent"] / "vault"
    setting = f"Ghi chú mật của cán bộ {token('SETTING')}"
    audit = token("AUDIT")
    passphrase = f"Mật khẩu canary {token('PASS')}"
    controls = {"control_home": token("CONTROLHOME"), "control_tmp": token("CONTROLTMP")}
    printed = {
        "post": f"Giám đốc {token('POST')}",
        "health": token("HEALTH"),
        "reader": f"Người đọc {token('READER')}",
        "reader_id": token("READERID"),
    }
    spec = {
        "kdf": weak_kdf.as_dict(),
        "vault": str(vault),
        "passphrase": passphrase,
        "setting": setting,
        "audit": audit,
        **controls,
        **printed,
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTEST", "SQLITE_TMPDIR"))}
    env.update(HOME=str(roots["home"]), TMPDIR=str(roots["tmp"]), PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(spec),
        cwd=roots["cwd"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    assert report["tempdir"] == str(roots["tmp"])  # the child really used the private TMPDIR
    assert report["home"] == str(roots["home"])
    assert (vault / "vault.db").is_file()
    canaries = {
        "setting": setting,
        "setting_token": setting.split()[-1],
        "audit": audit,
        "passphrase": passphrase,
        "passphrase_token": passphrase.split()[-1],
        "recovery_code": report["recovery_code"],
        "recovery_code_bare": report["recovery_code"].replace("-", ""),
        "audit_key": report["audit_key"],
        "audit_key_bare": report["audit_key"].replace("-", ""),
        "post_token": printed["post"].split()[-1],
        "health": printed["health"],
        "reader_token": printed["reader"].split()[-1],
        "reader_id": printed["reader_id"],
    }
    return Session(roots, canaries, controls)


def test_no_canary_on_disk(session: Session) -> None:
    files = [p for root in session.roots.values() for p in root.rglob("*") if p.is_file()]
    assert any(p.name == "vault.db" for p in files)
    assert any(p.name == "header.json" for p in files)
    assert search(session.roots, session.canaries) == []


def test_the_search_finds_plaintext_canaries(session: Session) -> None:
    hits = search(session.roots, session.controls)
    assert sorted((label, encoding) for label, encoding, _ in hits) == [
        ("control_home", "utf-16-le"),
        ("control_tmp", "utf-8"),
    ]
    where = {label: Path(path) for label, _, path in hits}
    assert where["control_home"].is_relative_to(session.roots["home"])
    assert where["control_tmp"].is_relative_to(session.roots["tmp"])


def test_no_pdf_reached_the_disk(session: Session) -> None:
    """The copy was built and registered in memory: no file anywhere starts like a PDF (PDF streams
    are compressed, so the canary search alone would not see one)."""
    files = [p for root in session.roots.values() for p in root.rglob("*") if p.is_file()]
    assert [p for p in files if p.read_bytes()[:5] == b"%PDF-"] == []
