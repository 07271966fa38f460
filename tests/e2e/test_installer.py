"""installer/build.py builds the real wheel and refuses a bad one."""

from __future__ import annotations

import zipfile
from pathlib import Path

from installer import build


def test_the_real_wheel_ships_its_data_and_nothing_else(tmp_path: Path) -> None:
    wheel = build.build(tmp_path)
    assert build.problems(wheel) == []


def test_a_wheel_with_the_webengine_meta_package_or_missing_data_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "hoso-0.0.0-py3-none-any.whl"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr(
            "hoso-0.0.0.dist-info/METADATA",
            "Name: hoso\nRequires-Dist: PySide6>=6.7\nRequires-Dist: sqlcipher3\n",
        )
        archive.writestr("app/cli/main.py", "")
        archive.writestr("tests/conftest.py", "")
    found = build.problems(bad)
    assert "depends on pyside6>" in found
    assert "missing storage/schema/v001.sql" in found
    assert "ships tests/conftest.py" in found
    assert "does not depend on pyside6-essentials" in found
