"""Hostile import files (DESIGN §1): each is refused with a clear message and no traceback, the
vault is left exactly as it was, no restricted value from the file appears in any message, and
memory stays bounded.

Every file carries the same canaries in restricted fields of an otherwise valid record (a
personal id, a phone number, a family member's name): none may appear in a report. Each case
is run in process (vault open, fingerprint of the database and its WAL compared) and through
the real ``hoso import`` (which refuses a bad file before it unlocks the vault: the vault's
files are compared byte for byte, and the subprocess's peak RSS is measured with ``wait4``).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from app.dossier import importer, interchange
from app.dossier.service import DossierService
from app.vault.create import create_vault
from app.vault.session import Vault
from crypto.kdf import FLOOR
from tests.conftest import fingerprint

if TYPE_CHECKING:
    from conftest import VaultHandle

CANARY_PID = "001080777777"
CANARY_PHONE = "0999 888 777"
CANARY_NAME = "Trần Văn Canary"
CANARIES = (CANARY_PID, CANARY_PHONE, CANARY_NAME, "Canary")
PASSPHRASE = "Mật khẩu kiểm tra tệp độc hại 2026"
MiB = 1024 * 1024


def record(n: int = 1, **sections: Any) -> dict[str, Any]:
    """A valid record with canaries in restricted fields, changed by ``sections``."""
    base: dict[str, Any] = {
        "identity": {
            "personal_id": CANARY_PID if n == 1 else f"001080{n:06d}",
            "full_name": f"Nguyễn Văn An {n}",
            "sex": "nam",
            "birth_date": "1980-03-02",
            "phone": CANARY_PHONE,
        },
        "family": [{"side": "ban_than", "relation": "bố", "full_name": CANARY_NAME, "birth_year": 1950}],
    }
    for key, value in sections.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return base


def envelope(dossiers: list[Any]) -> str:
    return json.dumps({"format": "hoso.dossier", "version": 1, "dossiers": dossiers}, ensure_ascii=False)


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


# -- the hostile files -------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], Path]
    key: str  # the message key of the (first) error
    record: int | None  # the record it names (None: the file as a whole)
    path: str  # the field it names
    words: tuple[str, ...] = ()  # what the English message must say


def _huge_string(tmp: Path) -> Path:
    bad = record(2, family=[{"side": "ban_than", "relation": "bố", "full_name": "Canary " * 1_500_000}])
    return write(tmp / "huge.json", envelope([record(1), bad]))


def _deep(tmp: Path) -> Path:
    nested = "[" * 100_000 + "]" * 100_000
    return write(tmp / "deep.json", envelope([record(1)])[:-2] + ', {"training": ' + nested + "}]}")


def _bad_utf8(tmp: Path) -> Path:
    data = envelope([record(1), record(2)]).encode("utf-8")
    at = data.index("Nguyễn Văn An 2".encode())
    return write(tmp / "latin.json", data[:at] + b"Nguy\xea\xe3n" + data[at + 9 :])


def _fifty_mb(tmp: Path) -> Path:
    """A well-formed file of exactly 50 MiB (thousands of copies of one record)."""
    path = tmp / "big.json"
    size = 50 * MiB
    one = json.dumps(record(1), ensure_ascii=False)
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"format": "hoso.dossier", "version": 1, "dossiers": [' + one)
        chunk = ("," + one) * 1000
        while handle.tell() + len(chunk.encode()) < size - 2:
            handle.write(chunk)
        handle.write(" " * (size - 2 - handle.tell()) + "]}")
    assert path.stat().st_size == size
    return path


def _duplicate_keys(tmp: Path) -> Path:
    text = envelope([record(1), record(2)])
    pid = f'"personal_id": "{CANARY_PID}"'
    return write(tmp / "dupes.json", text.replace(pid, f'{pid}, "personal_id": "001080999999"', 1))


def _nan(tmp: Path) -> Path:
    text = envelope([record(1), record(2, salary={"coefficient": 0.5})])
    return write(tmp / "nan.json", text.replace('"coefficient": 0.5', '"coefficient": NaN'))


def _infinity_restricted(tmp: Path) -> Path:
    text = envelope([record(1, health={"weight_kg": 0.5})])
    return write(tmp / "inf.json", text.replace('"weight_kg": 0.5', '"weight_kg": -Infinity'))


def _huge_number(tmp: Path) -> Path:
    text = envelope([record(1, salary={"step": 7})])
    return write(tmp / "number.json", text.replace('"step": 7', '"step": ' + "9" * 1_000_000))


def _surrogate(tmp: Path) -> Path:
    text = envelope([record(1, career={"policy_group": "x"})])
    return write(tmp / "surrogate.json", text.replace('"policy_group": "x"', '"policy_group": "\\udc80"'))


def _masked(tmp: Path) -> Path:
    masked = record(1)
    masked["identity"]["phone"] = "••••••"
    masked["family"] = "••••••"
    text = json.dumps(
        {"format": "hoso.dossier", "version": 1, "masked": True, "dossiers": [masked]}, ensure_ascii=False
    )
    return write(tmp / "masked.json", text)


def _too_many(tmp: Path) -> Path:
    small = {"identity": {"full_name": "A", "sex": "nam", "birth_date": "1980"}}
    return write(tmp / "many.json", envelope([record(1)] + [small] * interchange.MAX_RECORDS))


def _wrong_format(tmp: Path) -> Path:
    return write(tmp / "other.json", json.dumps({"format": "excel", "version": 1, "dossiers": [record(1)]}))


def _wrong_version(tmp: Path) -> Path:
    return write(tmp / "v9.json", json.dumps({"format": "hoso.dossier", "version": 9, "dossiers": []}))


def _truncated(tmp: Path) -> Path:
    return write(tmp / "cut.json", envelope([record(1), record(2)])[:-40])


def _many_objects(tmp: Path) -> Path:
    return write(tmp / "objects.json", envelope([record(1, training=[{}] * 1_100_000)]))


def _csv_cell(tmp: Path) -> Path:
    rows = "identity.personal_id,identity.full_name,identity.sex,identity.birth_date,identity.phone\n"
    rows += f"{CANARY_PID},An,nam,1980,{CANARY_PHONE}\n"
    rows += f'001080000002,Bình,nam,1980,"{"Canary " * 2000}"\n'
    return write(tmp / "cell.csv", "\ufeff" + rows)


def _csv_rows(tmp: Path) -> Path:
    rows = ["identity.personal_id,identity.full_name,Giới tính,Sinh ngày"]
    rows += [f"{CANARY_PID},An,nam,1980"] * (interchange.MAX_RECORDS + 1)
    return write(tmp / "rows.csv", "\n".join(rows) + "\n")


def _csv_latin(tmp: Path) -> Path:
    return write(tmp / "latin.csv", b"identity.full_name,identity.sex\nNguy\xea\xe3n,nam\n")


CASES = [
    Case("huge_string", _huge_string, "dossier.bad.too_long", 2, "family[1].full_name", ("10500000",)),
    Case("deep_nesting", _deep, "import.json.too_deep", None, "", ("12 levels",)),
    Case("invalid_utf8", _bad_utf8, "import.file.not_utf8", None, "", ("offset", "UTF-8")),
    Case("fifty_mb", _fifty_mb, "import.file.too_big", None, "", ("32 MiB", "split")),
    Case("duplicate_keys", _duplicate_keys, "import.json.duplicate_key", 1, "identity", ("personal_id",)),
    Case("nan", _nan, "import.json.non_finite", 2, "salary.coefficient", ("NaN",)),
    Case("infinity", _infinity_restricted, "import.json.non_finite", 1, "health.weight_kg", ("finite",)),
    Case("huge_number", _huge_number, "import.json.number_too_long", 1, "salary.step", ("too long",)),
    Case("surrogate", _surrogate, "import.json.surrogate", 1, "career.policy_group", ("surrogate",)),
    Case("masked", _masked, "import.masked_file", None, "", ("--reveal",)),
    Case("too_many_records", _too_many, "import.too_many_records", None, "", ("20001", "20000")),
    Case("wrong_format", _wrong_format, "import.json.format", None, "", ("hoso.dossier",)),
    Case("wrong_version", _wrong_version, "import.json.version", None, "", ("version",)),
    Case("truncated", _truncated, "import.json.syntax", None, "", ("line 1",)),
    Case("many_objects", _many_objects, "import.json.too_many_values", None, "", ("1000000",)),
    Case("csv_cell", _csv_cell, "import.csv.cell_too_big", 2, "identity.phone", ("8192",)),
    Case("csv_rows", _csv_rows, "import.csv.too_many_rows", None, "", ("20000",)),
    Case("csv_invalid_utf8", _csv_latin, "import.file.not_utf8", None, "", ("offset 36 (line 2)",)),
]


def assert_no_canary(text: str) -> None:
    for canary in CANARIES:
        assert canary not in text, canary


# -- in process ----------------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file_in_process(case: Case, opened: Vault, tmp_path: Path) -> None:
    file = case.make(tmp_path)
    before = fingerprint(opened)
    report = importer.import_file(opened, file)
    assert report.rejected
    first = report.errors.items[0]
    assert (first.key, first.record, first.path) == (case.key, case.record, case.path)
    message = first.line(report.file, "en")
    for word in case.words:
        assert word in message, message
    everything = json.dumps(report.as_json("vi"), ensure_ascii=False) + "\n".join(report.problem_lines("en"))
    assert_no_canary(everything)
    assert (report.created, report.updated, report.ids) == (0, 0, [])
    assert fingerprint(opened) == before


WRONG_TYPES: list[tuple[str, Any, str]] = [
    # (where, bad value, the path the error names)
    ("identity.staff_code", 12, "identity.staff_code"),  # text
    ("identity.staff_code", {"a": 1}, "identity.staff_code"),
    ("identity.other_names", True, "identity.other_names"),
    ("position.main_duties", ["x"], "position.main_duties"),  # long text
    ("identity.birth_date", 1975, "identity.birth_date"),  # date
    ("identity.birth_date", ["1975"], "identity.birth_date"),
    ("identity.birth_date", "02/03/1975", "identity.birth_date"),
    ("identity.birth_date", "1975-02-30", "identity.birth_date"),
    ("identity.id_issue_date", {"y": 2021}, "identity.id_issue_date"),  # restricted date
    ("salary.step", "3", "salary.step"),  # int
    ("salary.step", 3.5, "salary.step"),
    ("salary.step", False, "salary.step"),
    ("salary.step", 10**15, "salary.step"),
    ("salary.coefficient", "5.42", "salary.coefficient"),  # decimal
    ("salary.coefficient", True, "salary.coefficient"),
    ("health.height_cm", "168", "health.height_cm"),  # restricted int
    ("identity.sex", 1, "identity.sex"),  # catalog
    ("identity.sex", ["nam"], "identity.sex"),
    ("identity.ethnicity", "x" * 100, "identity.ethnicity"),
    ("identity.personal_id", 1080012345, "identity.personal_id"),  # personal id
    ("identity.personal_id", "00108001234", "identity.personal_id"),
    ("identity.personal_id", "0010800123456", "identity.personal_id"),
    ("identity.personal_id", ["001080012345"], "identity.personal_id"),
    ("identity.home_town", "Đại Từ", "identity.home_town"),  # place
    ("identity.home_town", {"village": "x"}, "identity.home_town.village"),
    ("identity.home_town", {"commune": 5}, "identity.home_town.commune"),
    ("salary.allowances", [0.5], "salary.allowances"),  # record
    ("salary.allowances", {"position": "0,5"}, "salary.allowances.position"),
    ("self_history", ["x"], "self_history"),  # a section that is a record
    ("training", "x", "training"),  # table
    ("training", [1], "training[1]"),
    ("training", [["a"]], "training[1]"),
    ("training", [{"kind": "tin_hoc", "from": 2001}], "training[1].from"),
    ("family", [{"side": "ban_than", "relation": "bố", "birth_year": "1950"}], "family[1].birth_year"),
    ("family", [{"side": "ban_than", "relation": 5}], "family[1].relation"),
    ("foreign_relatives", ["x"], "foreign_relatives"),  # a section that is long text
    ("identity", ["x"], "identity"),  # a section of fields
    ("career", "x", "career"),
    ("position.planned_posts", {"post": "x"}, "position.planned_posts"),
]


@pytest.mark.parametrize(("where", "value", "path"), WRONG_TYPES)
def test_wrong_type_at_every_kind_of_field(
    where: str, value: Any, path: str, opened: Vault, tmp_path: Path
) -> None:
    bad = record(2)
    head, _, rest = where.partition(".")
    if rest:
        bad.setdefault(head, {})[rest] = value
    else:
        bad[head] = value
    file = write(tmp_path / "types.json", envelope([record(1), bad]))
    before = fingerprint(opened)
    report = importer.import_file(opened, file)
    assert report.rejected
    assert {e.record for e in report.errors.items} == {2}
    assert path in [e.path for e in report.errors.items]
    assert_no_canary("\n".join(report.problem_lines("vi")) + json.dumps(report.as_json("en")))
    assert fingerprint(opened) == before


def test_field_not_kept_in_software(opened: Vault, tmp_path: Path) -> None:
    DossierService(opened).set_policy(["family", "identity.phone"])
    before = fingerprint(opened)
    report = importer.import_file(opened, write(tmp_path / "kept.json", envelope([record(1)])))
    assert [(e.record, e.path, e.key) for e in report.errors.items] == [
        (1, "identity.phone", "dossier.bad.not_kept"),
        (1, "family", "dossier.bad.not_kept"),
    ]
    assert_no_canary("\n".join(report.problem_lines("en")))
    assert fingerprint(opened) == before


# -- through the real command line ---------------------------------------------------------------
@dataclass
class Run:
    code: int
    out: str
    err: str
    peak_mib: float


# On Linux a child's ru_maxrss starts from its parent's high-water mark when it execs (the
# forked copy of pytest's memory), so the CLI is started by a small launcher and measured there.
LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
proc.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(proc.returncode)
"""


def run_cli(project: Path, home: Path, *args: str | Path, stdin: str = "") -> Run:
    """``python -m app.cli ARGS`` in a subprocess, and its own peak RSS."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTEST"))}
    env.update(HOME=str(home), LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    rss = home.parent / f"rss-{os.getpid()}-{id(args)}.txt"
    proc = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(rss), sys.executable, "-m", "app.cli", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
        timeout=120,
        check=False,
    )
    peak_kib = int(rss.read_text())
    rss.unlink()
    return Run(proc.returncode, proc.stdout, proc.stderr, peak_kib / 1024)


def tree_hash(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
    }


@pytest.fixture(scope="module")
def cli_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One vault at the KDF floor for every CLI case (bad files never unlock it)."""
    path = tmp_path_factory.mktemp("hostile") / "vault"
    create_vault(path, PASSPHRASE, kdf_params=FLOOR)
    return path


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file_through_the_cli(case: Case, cli_vault: Path, tmp_path: Path, project: Path) -> None:
    file = case.make(tmp_path)
    before = tree_hash(cli_vault)
    home = tmp_path / "home"
    home.mkdir()
    ran = run_cli(project, home, "import", cli_vault, file, "--json", "--lang", "en", stdin=PASSPHRASE + "\n")
    assert ran.code == 1, ran.err
    assert "Traceback" not in ran.err
    report = json.loads(ran.out)
    assert report["rejected"] is True
    assert (report["created"], report["updated"]) == (0, 0)
    first = report["errors"][0]
    assert (first["record"], first["path"]) == (case.record, case.path)
    for word in case.words:
        assert word in first["message"], first["message"]
    assert_no_canary(ran.out + ran.err)
    assert tree_hash(cli_vault) == before  # not even unlocked
    assert list(home.iterdir()) == []  # nothing left behind in HOME
    limit = 200
    assert ran.peak_mib < limit, f"peak RSS {ran.peak_mib:.0f} MiB"


def test_human_output_is_one_sentence_per_problem(cli_vault: Path, tmp_path: Path, project: Path) -> None:
    file = _fifty_mb(tmp_path)
    ran = run_cli(project, tmp_path, "import", cli_vault, file)
    assert ran.code == 1
    assert ran.out == ""
    lines = ran.err.splitlines()
    assert lines[0] == (
        "hoso: Tệp big.json có dung lượng 50 MiB, vượt giới hạn nhập 32 MiB; hãy tách thành các tệp nhỏ "
        "hơn rồi nhập lần lượt từng tệp."
    )
    assert lines[1].startswith("hoso: Tệp big.json bị từ chối (1 lỗi)")
    assert ran.peak_mib < 200, f"peak RSS {ran.peak_mib:.0f} MiB"


def test_policy_refusal_through_the_cli(
    make_vault: Callable[..., VaultHandle], tmp_path: Path, project: Path
) -> None:
    handle = make_vault(kdf=FLOOR)
    vault = handle.unlock()
    DossierService(vault).set_policy(["family"])
    vault.lock()
    vault = handle.unlock()
    counts_before = vault.info()
    vault.lock()
    file = write(tmp_path / "kept.json", envelope([record(1)]))
    ran = run_cli(
        project, tmp_path, "import", handle.path, file, "--lang", "en", stdin=handle.passphrase + "\n"
    )
    assert ran.code == 1
    assert "Traceback" not in ran.err
    assert "kept.json, record 1 (Nguyễn Văn An 1), family (Family): this field is set to" in ran.err
    assert_no_canary(ran.out + ran.err)
    vault = handle.unlock()
    try:
        after = vault.info()
        assert after["dossiers"] == counts_before["dossiers"] == 0
        new = [r.action for r in vault.audit.repo.all()][counts_before["audit_entries"] :]
        assert new == ["vault.lock", "vault.unlock", "vault.lock", "vault.unlock"]  # only the CLI's own
    finally:
        vault.close_quietly()
