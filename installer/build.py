"""Build HoSo's wheel and verify what it ships.

    .venv/bin/python -m installer.build [--out dist]

The wheel must carry every data file the app loads at run time (schema scripts, message
catalogs, fonts and their licence), must not carry tests or fixture vaults, and its metadata must
depend on the PySide6 component wheels only — never the ``pyside6`` meta-package, which pulls in
Qt's web engine (a Chromium). Exit 0 and a summary when all holds, 1 with the reasons otherwise.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

REQUIRED = [
    "storage/schema/v001.sql",
    "resources/i18n/vi/core.json",
    "resources/i18n/en/core.json",
    "resources/fonts/DejaVuSans.ttf",
    "resources/fonts/DejaVuSerif.ttf",
    "resources/fonts/LICENSE-DejaVu.txt",
    "app/cli/main.py",
    "ui/__main__.py",
]
FORBIDDEN_PREFIXES = ("tests/", "scripts/", "installer/", "demo-vault/")
FORBIDDEN_REQUIREMENTS = ("pyside6 ", "pyside6>", "pyside6=", "pyside6\n", "pyside6-webengine", "pyqt")


def build(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    wheels = sorted(out.glob("hoso-*.whl"), key=lambda p: p.stat().st_mtime)
    if not wheels:
        raise SystemExit("no wheel was built")
    return wheels[-1]


def problems(wheel: Path) -> list[str]:
    found: list[str] = []
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next((archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA")), "")
    found += [f"missing {req}" for req in REQUIRED if req not in names]
    found += [f"ships {n}" for n in sorted(names) if n.startswith(FORBIDDEN_PREFIXES)]
    requires = "\n".join(line.lower() for line in metadata.splitlines() if line.startswith("Requires-Dist"))
    requires += "\n"
    found += [f"depends on {bad.strip()}" for bad in FORBIDDEN_REQUIREMENTS if f": {bad}" in requires]
    for component in ("pyside6-essentials", "pyside6-addons", "pyside6-pdf", "sqlcipher3"):
        if f": {component}" not in requires:
            found.append(f"does not depend on {component}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="where to put the wheel (default: a temp dir)")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="hoso-dist-"))
    wheel = build(out)
    found = problems(wheel)
    for problem in found:
        print(f"FAIL: {problem}", file=sys.stderr)
    if not found:
        print(f"OK: {wheel} ({wheel.stat().st_size // 1024} KiB)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
