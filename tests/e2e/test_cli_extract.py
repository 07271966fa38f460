"""``hoso reader``, ``approval``, ``extract``, ``copies`` and ``copy`` as real subprocesses: an
approved reader's copies are issued, written only into the chosen folder, registered, and refused
outside the approval."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from crypto.kdf import FLOOR
from tests.conftest import Ran, VaultHandle


def _files(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def _pdftotext(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")[:-1]


def test_an_approved_reader_gets_registered_copies_and_nothing_else(
    hoso: Callable[..., Ran], make_vault: Callable[..., VaultHandle], tmp_path: Path
) -> None:
    handle = make_vault(kdf=FLOOR)
    vault = handle.unlock()
    try:
        docs = list(generate(2, seed=21))
        ids = [s.id for s in DossierService(vault).save_many(docs, source="test")]
    finally:
        vault.lock()
    secret = handle.passphrase + "\n"
    ran = hoso(
        "reader",
        "add",
        handle.path,
        "--name",
        "Lê Thị Khai Thác",
        "--unit",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "--title",
        "Chuyên viên",
        "--json",
        stdin=secret,
    )
    assert ran.code == 0, ran.err
    reader = json.loads(ran.out)["id"]
    ran = hoso(
        "approval",
        "add",
        handle.path,
        "--reader",
        str(reader),
        "--decision-no",
        "125-QĐ/TU",
        "--decision-date",
        "01/01/2020",
        "--signer",
        "Nguyễn Văn Ký",
        "--dossiers",
        str(ids[0]),
        "--sections",
        "identity,career,position,work_history",
        "--copies",
        "2",
        "--valid-until",
        "31/12/2099",
        "--json",
        stdin=secret,
    )
    assert ran.code == 0, ran.err
    approval = json.loads(ran.out)["id"]

    out = tmp_path / "out"
    out.mkdir()
    before = _files(tmp_path)
    ran = hoso(
        "extract",
        handle.path,
        "--approval",
        str(approval),
        "--dossier",
        str(ids[0]),
        "--copies",
        "2",
        "--out",
        out,
        "--layout",
        "2c-tctw",
        "--json",
        stdin=secret,
    )
    assert ran.code == 0, ran.err
    copies = json.loads(ran.out)["copies"]
    assert [c["copy_no"] for c in copies] == [1, 2]
    assert len({c["serial"] for c in copies}) == 2
    after = _files(tmp_path)
    new = sorted(set(after) - set(before))
    assert new == sorted(str(Path(c["file"]).relative_to(tmp_path)) for c in copies)
    changed = {k for k in before if after.get(k) != before[k]}
    assert all(k.startswith(handle.path.name + "/vault.db") for k in changed), changed

    family_names = [m["full_name"] for m in docs[0].get("family", [])]
    for c in copies:
        pages = _pdftotext(Path(c["file"]))
        assert len(pages) == c["pages"]
        for number, page in enumerate(pages, start=1):
            assert "MẬT" in page
            assert c["serial"][:4] in page
            assert f"{number}/{c['pages']}" in page
            assert "Lê Thị Khai Thác" in page
            assert f"Bản sao số {c['copy_no']}/2" in page
        assert f"Bản sao số: {c['copy_no']}/2" in pages[0]
        assert all(name not in "".join(pages) for name in family_names)  # family was not approved

    ran = hoso(
        "extract",
        handle.path,
        "--approval",
        str(approval),
        "--dossier",
        str(ids[0]),
        "--copies",
        "1",
        "--out",
        out,
        stdin=secret,
    )
    assert ran.code == 1
    assert "cho phép 2 bản, đã cấp 2 bản" in ran.err
    ran = hoso(
        "extract",
        handle.path,
        "--approval",
        str(approval),
        "--dossier",
        str(ids[1]),
        "--copies",
        "1",
        "--out",
        out,
        stdin=secret,
    )
    assert ran.code == 1
    assert f"không bao gồm hồ sơ số {ids[1]}" in ran.err
    ran = hoso(
        "extract",
        handle.path,
        "--approval",
        str(approval),
        "--dossier",
        str(ids[0]),
        "--copies",
        "1",
        "--sections",
        "family",
        "--out",
        out,
        stdin=secret,
    )
    assert ran.code == 1
    assert "không bao gồm các phần: family" in ran.err
    ran = hoso(
        "extract",
        handle.path,
        "--approval",
        str(approval),
        "--dossier",
        str(ids[0]),
        "--copies",
        "1",
        "--out",
        tmp_path / "missing",
        stdin=secret,
    )
    assert ran.code == 1
    assert len(list(out.iterdir())) == 2

    ran = hoso("copy", handle.path, copies[1]["serial"], "--mark", "spoiled", stdin=secret)
    assert ran.code == 0, ran.err
    ran = hoso("copy", handle.path, copies[0]["serial"], "--mark", "destroyed", stdin=secret)
    assert ran.code == 1  # a destruction needs its record
    ran = hoso(
        "copy", handle.path, copies[0]["serial"], "--mark", "delivered", "--note", "Giao tay", stdin=secret
    )
    assert ran.code == 0, ran.err
    ran = hoso(
        "extract",
        handle.path,
        "--approval",
        str(approval),
        "--dossier",
        str(ids[0]),
        "--copies",
        "1",
        "--out",
        out,
        "--json",
        stdin=secret,
    )
    assert ran.code == 0, ran.err
    reprint = json.loads(ran.out)["copies"][0]
    assert reprint["copy_no"] == 2  # the spoiled copy's number, a new serial
    assert reprint["serial"] not in {c["serial"] for c in copies}

    ran = hoso("copies", handle.path, "--json", "--pdf", tmp_path / "register.pdf", stdin=secret)
    assert ran.code == 0, ran.err
    register = json.loads(ran.out)
    assert [(c["copy_no"], c["status"]) for c in register] == [
        (1, "delivered"),
        (2, "spoiled"),
        (2, "issued"),
    ]
    text = "".join(_pdftotext(tmp_path / "register.pdf"))
    assert "SỔ QUẢN LÝ SAO, CHỤP" in text
    assert "Lê Thị Khai Thác" in text

    ran = hoso("approval", "revoke", handle.path, str(approval), stdin=secret)
    assert ran.code == 0, ran.err
    ran = hoso("audit", "log", handle.path, "--action", "extract.", "--json", stdin=secret)
    logged = [e["action"] for e in json.loads(ran.out)]
    assert logged.count("extract.issue") == 3
    assert logged.count("extract.save") == 3
