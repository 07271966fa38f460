"""DESIGN §7: a whole CLI session opens no AF_INET/AF_INET6 socket, proven with strace.

The in-process guard cannot see native code; strace sees every socket() system call of the
process and its threads, whatever library makes it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

STRACE = shutil.which("strace")
pytestmark = pytest.mark.skipif(STRACE is None, reason="strace is installed by scripts/dev.py")
PASSPHRASE = "mật khẩu kiểm tra mạng 1\n"


def _traced(
    python_args: list[str], trace: Path, *, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python PYTHON_ARGS`` under strace, recording socket() and connect() of every thread."""
    command = [str(STRACE), "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace)]
    return subprocess.run(
        [*command, sys.executable, *python_args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env=env,
        timeout=180,
        check=False,
    )


def _inet_calls(trace: Path) -> list[str]:
    return [line for line in trace.read_text().splitlines() if re.search(r"AF_INET6?\b", line)]


def test_cli_session_opens_no_network_socket(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "LC_ALL": "C.UTF-8"}
    vault = tmp_path / "v"
    steps = [
        (["init", str(vault), "--json"], PASSPHRASE),
        (["info", str(vault)], PASSPHRASE),
        (["audit", "checkpoint", str(vault), "--out", str(tmp_path / "cp.pdf")], PASSPHRASE),
        (["audit", "verify", str(vault)], PASSPHRASE),
        (["doctor"], ""),
    ]
    for n, (args, stdin) in enumerate(steps):
        trace = tmp_path / f"trace{n}.txt"
        proc = _traced(["-m", "app.cli", *args], trace, stdin=stdin, env=env)
        assert proc.returncode == 0, proc.stderr
        assert _inet_calls(trace) == [], f"{args[0]} opened a network socket"
    assert (tmp_path / "cp.pdf").read_bytes().startswith(b"%PDF")


def test_the_strace_check_itself_sees_an_inet_socket(tmp_path: Path) -> None:
    """The detector works: an unguarded process that opens an AF_INET socket is caught."""
    trace = tmp_path / "trace.txt"
    done = _traced(["-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()"], trace)
    assert done.returncode == 0, done.stderr
    assert _inet_calls(trace)
