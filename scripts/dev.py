#!/usr/bin/env python3
"""HoSo's developer entry point: install what is needed, then run the app or the tests.

    python3 scripts/dev.py demo     # install, make a demo vault, open the desktop app on it
    python3 scripts/dev.py test     # install, then lint, type-check and run the whole test suite
    python3 scripts/dev.py bench    # install, then run the benchmarks (figures in tests/benchmarks/results)

Needs only Python 3.11+. It creates ``.venv`` beside this project, installs the project with
its test and dev extras into it (again whenever pyproject.toml changes), and installs the
Debian packages the tests and the Qt window need when they are missing (as root, or through
sudo; otherwise it says which to install). Standard library only: it runs before anything else
is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / "bin"
PY = BIN / "python"
STAMP = VENV / ".hoso-installed"
DEMO_VAULT = ROOT / "demo-vault"
DEMO_PASSPHRASE = "hoso demo 2026 passphrase"

# Debian packages: poppler-utils renders PDFs in tests (pdftoppm, pdftotext); strace proves the
# app opens no network socket; Xvfb runs the GUI for screenshots; the libxcb/xkb/GL/fontconfig
# libraries are what Qt's window system plugin needs on a minimal Debian.
TEST_PACKAGES = {"pdftoppm": "poppler-utils", "strace": "strace", "Xvfb": "xvfb"}
QT_LIBRARIES = [
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-randr0",
    "libxcb-xfixes0",
]


def run(*cmd: str | Path, **kw: object) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)  # type: ignore[call-overload]


def apt_install(packages: list[str]) -> None:
    if not packages or not shutil.which("apt-get"):
        return
    prefix: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            print(f"Please install these Debian packages: {' '.join(packages)}", file=sys.stderr)
            return
        prefix = ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        run(*prefix, "apt-get", "update", "-qq", env=env)
        run(*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages, env=env)
    except subprocess.CalledProcessError:
        print(f"Could not install {' '.join(packages)}; install them by hand.", file=sys.stderr)


def missing_debian(with_qt_libs: bool) -> list[str]:
    wanted = [pkg for tool, pkg in TEST_PACKAGES.items() if not shutil.which(tool)]
    if with_qt_libs and shutil.which("dpkg-query"):
        for pkg in QT_LIBRARIES:
            probe = subprocess.run(
                ["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True, check=False
            )
            if "install ok installed" not in probe.stdout:
                wanted.append(pkg)
    return wanted


def ensure_venv() -> None:
    if sys.version_info < (3, 11):
        sys.exit("HoSo needs Python 3.11 or newer.")
    if not PY.exists():
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (subprocess.CalledProcessError, OSError):
            # Debian's system Python ships venv's pip bootstrap separately.
            shutil.rmtree(VENV, ignore_errors=True)
            apt_install([f"python3.{sys.version_info.minor}-venv"])
            venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != digest:
        run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        run(PY, "-m", "pip", "install", "--quiet", "-e", ".[dev]")
        STAMP.write_text(digest)


def demo() -> None:
    ensure_venv()
    apt_install(missing_debian(with_qt_libs=True))
    if not (DEMO_VAULT / "header.json").exists():
        run(BIN / "hoso", "demo", DEMO_VAULT, "--dossiers", "500", input=f"{DEMO_PASSPHRASE}\n", text=True)
    print(f"\nDemo vault: {DEMO_VAULT}\nPassphrase: {DEMO_PASSPHRASE}\n", flush=True)
    os.execv(BIN / "hoso-gui", [str(BIN / "hoso-gui"), str(DEMO_VAULT)])


def test(extra: list[str]) -> None:
    ensure_venv()
    apt_install(missing_debian(with_qt_libs=True))
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "mypy")
    run(BIN / "lint-imports")
    run(PY, "-m", "pytest", *extra)


def bench(extra: list[str]) -> None:
    ensure_venv()
    scripts = sorted((ROOT / "tests" / "benchmarks").glob("bench_*.py"))
    for script in scripts:
        run(PY, script, *extra)


def main() -> None:
    command, *extra = sys.argv[1:] or ["help"]
    if command == "demo":
        demo()
    elif command == "test":
        test(extra)
    elif command == "bench":
        bench(extra)
    else:
        print(__doc__)
        sys.exit(0 if command == "help" else 2)


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode or 1)
