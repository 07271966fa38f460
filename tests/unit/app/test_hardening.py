"""Core dumps off at start (DESIGN §6), checked in a child process so this one stays unchanged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]

CHILD = """
import ctypes, json, os, resource, tempfile
from app import hardening

libc = ctypes.CDLL(None)
before = libc.prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
result = hardening.harden() if {harden} else None
print(json.dumps({{
    "result": result,
    "before": before,
    "dumpable": libc.prctl(3, 0, 0, 0, 0),
    "reported": hardening.dumpable(),
    "core": list(resource.getrlimit(resource.RLIMIT_CORE)),
    "new_file_mode": (lambda fd: (os.fstat(fd).st_mode & 0o777, os.close(fd)))(
        os.open(os.path.join(tempfile.mkdtemp(), "f"), os.O_CREAT | os.O_WRONLY, 0o666))[0],
}}))
"""

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux only")


def child(harden: bool) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(harden=harden)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_harden_turns_core_dumps_off() -> None:
    report = child(harden=True)
    assert report["result"] == {"core_limit_zero": True, "not_dumpable": True, "private_umask": True}
    assert report["new_file_mode"] == 0o600
    assert report["core"] == [0, 0]
    assert report["dumpable"] == 0
    assert report["reported"] == 0


def test_an_unhardened_process_is_dumpable() -> None:
    # Proves the test above can fail: the flag starts at 1 and only harden() clears it.
    report = child(harden=False)
    assert report["before"] == 1
    assert report["dumpable"] == 1
    assert report["reported"] == 1
    assert report["new_file_mode"] == 0o644  # the control: without harden() the umask is the default


def test_disable_core_dumps_never_raises_twice() -> None:
    from app import hardening

    code = "from app import hardening; hardening.disable_core_dumps(); hardening.disable_core_dumps()"
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT, check=True, timeout=60)
    assert callable(hardening.harden)
