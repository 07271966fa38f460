"""The layering rules of DESIGN §2 and the no-networking rule of §7, checked from outside:
the core loads without Qt, every top-level package is this project's own, the import-linter
contracts hold, and no source file imports a networking module (an AST scan, not a grep)."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

TOP_LEVEL = ("app", "ui", "storage", "crypto", "resources")
SOURCE_PACKAGES = ("app", "ui", "storage", "crypto")

#: Modules no HoSo source file may import (DESIGN §7), plus the rest of the standard library's
#: network clients and servers.
FORBIDDEN = (
    "socket",
    "urllib.request",
    "http.client",
    "requests",
    "PySide6.QtNetwork",
    "PySide6.QtWebEngine",  # prefix: QtWebEngineCore, QtWebEngineWidgets, QtWebEngineQuick ...
    "PySide6.QtWebSockets",
    "socketserver",
    "ssl",
    "http.server",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "nntplib",
    "telnetlib",
    "xmlrpc",
)


def forbidden(module: str) -> bool:
    for name in FORBIDDEN:
        if module == name or module.startswith(name + "."):
            return True
        if name == "PySide6.QtWebEngine" and module.startswith(name):
            return True
    return False


def imported_modules(source: str) -> Iterator[tuple[str, int]]:
    """Every module name ``source`` imports (absolute imports and dynamic imports by literal)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node.lineno
            for alias in node.names:
                yield f"{node.module}.{alias.name}", node.lineno
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name in ("__import__", "import_module") and isinstance(node.args[0].value, str):
                yield node.args[0].value, node.lineno


def offending_imports(source: str) -> list[tuple[str, int]]:
    return [(name, line) for name, line in imported_modules(source) if forbidden(name)]


# ------------------------------------------------------------------ Qt stays out of the core
CORE_CHILD = textwrap.dedent(
    """
    import json, sys
    import app, storage, crypto, app.cli.main, app.vault.unlock, app.audit.verify

    def qt():
        return sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))

    before = qt()
    import PySide6.QtCore  # the control: the probe does see Qt once it is loaded
    print(json.dumps({"core": before, "control": qt()}))
    """
)


def test_core_packages_load_without_qt(project: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTEST"))}
    result = subprocess.run(
        [sys.executable, "-c", CORE_CHILD],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["core"] == []
    assert "PySide6.QtCore" in report["control"]
    assert "shiboken6" in report["control"]


# ------------------------------------------------------------------ packages are our own
@pytest.mark.parametrize("name", TOP_LEVEL)
def test_top_level_package_resolves_inside_the_project(project: Path, name: str) -> None:
    spec = importlib.util.find_spec(name)
    assert spec is not None
    assert spec.origin is not None
    assert Path(spec.origin).resolve().is_relative_to(project.resolve())
    assert Path(spec.origin).resolve() == (project / name / "__init__.py").resolve()


def test_top_level_packages_resolve_inside_the_project_from_elsewhere(project: Path, tmp_path: Path) -> None:
    """Started from another folder the way the ``hoso`` scripts start (``-P``: the working folder
    is not on the path), the environment finds HoSo's own packages, not a same-named folder there."""
    decoy = tmp_path / "crypto"
    decoy.mkdir()
    (decoy / "__init__.py").write_text("raise SystemExit('decoy crypto imported')\n")
    code = textwrap.dedent(
        f"""
        import importlib.util, json, os
        found = {{}}
        for name in {TOP_LEVEL!r}:
            spec = importlib.util.find_spec(name)
            # A package added after an editable install shows up as a namespace package
            # (origin None) until the install is refreshed: judge it by its folders then.
            places = [spec.origin] if spec.origin else [
                p for p in spec.submodule_search_locations if os.path.isdir(p)
            ]
            found[name] = places
        print(json.dumps(found))
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    result = subprocess.run(
        [sys.executable, "-P", "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    for name in TOP_LEVEL:
        assert found[name], name
        for place in found[name]:
            assert Path(place).resolve().is_relative_to((project / name).resolve()), (name, place)


# ------------------------------------------------------------------ import-linter
def test_import_linter_contracts_hold(project: Path) -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.exists()
    result = subprocess.run(
        [str(lint_imports)], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "6 kept, 0 broken" in output
    assert "BROKEN" not in output


# ------------------------------------------------------------------ no networking imports
def _sources(project: Path) -> list[Path]:
    files = sorted(p for package in SOURCE_PACKAGES for p in (project / package).rglob("*.py"))
    assert len(files) > 20
    return files


def test_no_source_file_imports_a_networking_module(project: Path) -> None:
    offences = []
    for path in _sources(project):
        for name, line in offending_imports(path.read_text(encoding="utf-8")):
            offences.append(f"{path.relative_to(project)}:{line} imports {name}")
    assert offences == []


@pytest.mark.parametrize(
    "source",
    [
        "import socket",
        "import socket as s",
        "import urllib.request",
        "from urllib import request",
        "from urllib.request import urlopen",
        "import http.client",
        "from http import client",
        "import requests",
        "from requests.adapters import HTTPAdapter",
        "from PySide6 import QtNetwork",
        "from PySide6.QtNetwork import QTcpSocket",
        "import PySide6.QtWebEngineWidgets",
        "from PySide6.QtWebEngineCore import QWebEnginePage",
        "from PySide6 import QtCore, QtWebEngineQuick",
        "def f():\n    import ssl",
        "importlib.import_module('socket')",
        "__import__('http.client')",
    ],
)
def test_the_scan_finds_networking_imports(source: str) -> None:
    assert offending_imports(source) != []


@pytest.mark.parametrize(
    "source",
    [
        "import urllib.parse",
        "from http import HTTPStatus",
        "from PySide6 import QtCore, QtWidgets, QtPdf",
        "from PySide6.QtPrintSupport import QPrinter",
        "import socketlike_helper",
        "from . import socket",
        "x = 'import socket'",
    ],
)
def test_the_scan_allows_harmless_imports(source: str) -> None:
    assert offending_imports(source) == []
