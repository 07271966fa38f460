"""The air-gap guard (DESIGN §7) refuses sockets, programs and browsers once installed.

Audit hooks cannot be removed, so every guarded run happens in a child interpreter started in
the project folder; the child prints one marker line per attempt and the parent judges them.
This test process itself never installs the guard.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app import airgap

PROJECT = Path(__file__).resolve().parents[2]

#: name -> statement the guard must stop; each would reach the network or start a program.
ATTEMPTS = {
    "socket": "socket.socket()",
    "unix_socket": "socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
    "create_connection": "socket.create_connection(('127.0.0.1', 9), timeout=1)",
    "getaddrinfo": "socket.getaddrinfo('localhost', 80)",
    "gethostbyname": "socket.gethostbyname('localhost')",
    "http_client": "http.client.HTTPConnection('127.0.0.1', 9, timeout=1).connect()",
    "urlopen": "urllib.request.urlopen('http://127.0.0.1:9', timeout=1)",
    # With no browser installed webbrowser.open() finds nothing to start and returns False before
    # any audit event; register one so the call really reaches a browser's open().
    "webbrowser": "webbrowser.register('t', None, webbrowser.GenericBrowser('true'), preferred=True);"
    " webbrowser.open('http://x')",
    "subprocess_run": "subprocess.run(['true'], check=False)",
    "os_system": "os.system('true')",
    "posix_spawn": "os.posix_spawn('/bin/true', ['true'], dict(os.environ))",
    "fork": "os.fork() or None",
    "execv": "os.execv('/bin/true', ['true'])",  # last: if it got through, nothing after would run
}

CHILD = textwrap.dedent(
    """
    import http.client, os, socket, subprocess, sys, urllib.request, webbrowser
    from app import airgap

    pid = os.getpid()
    {install}
    print("STATE guard", airgap.is_installed(), flush=True)
    for name, code in {attempts!r}.items():
        try:
            exec(code)
        except airgap.AirGapViolation as error:
            print("BLOCKED", name, error.event, flush=True)
        except BaseException as error:
            print("OTHER", name, type(error).__name__, flush=True)
        else:
            print("ALLOWED", name, flush=True)
        if os.getpid() != pid:  # a fork the guard missed: the child must not report
            os._exit(0)
    """
)


def run_child(install: bool, attempts: dict[str, str]) -> dict[str, list[str]]:
    code = CHILD.format(install="airgap.install(); airgap.install()" if install else "", attempts=attempts)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    return {words[1]: words for words in lines if len(words) >= 2}


@pytest.fixture(scope="module")
def guarded() -> dict[str, list[str]]:
    return run_child(install=True, attempts=ATTEMPTS)


def test_child_was_guarded(guarded: dict[str, list[str]]) -> None:
    assert guarded["guard"] == ["STATE", "guard", "True"]


@pytest.mark.parametrize("name", list(ATTEMPTS))
def test_attempt_is_blocked(guarded: dict[str, list[str]], name: str) -> None:
    assert name in guarded, f"no report for {name}: the process was replaced or died"
    assert guarded[name][0] == "BLOCKED", guarded[name]


def test_blocked_event_is_named(guarded: dict[str, list[str]]) -> None:
    assert guarded["socket"][2] == "socket.__new__"
    assert guarded["getaddrinfo"][2] == "socket.getaddrinfo"
    assert guarded["subprocess_run"][2] == "subprocess.Popen"
    assert guarded["os_system"][2] == "os.system"
    assert guarded["webbrowser"][2] == "webbrowser.open"
    assert guarded["urlopen"][2] == "urllib.Request"


def test_without_the_guard_the_same_attempts_succeed() -> None:
    # Proves the test above can fail: unguarded, a socket is made and a program runs.
    report = run_child(
        install=False,
        attempts={"socket": "socket.socket().close()", "subprocess_run": ATTEMPTS["subprocess_run"]},
    )
    assert report["guard"] == ["STATE", "guard", "False"]
    assert report["socket"] == ["ALLOWED", "socket"]
    assert report["subprocess_run"] == ["ALLOWED", "subprocess_run"]


def test_ordinary_work_goes_on_under_the_guard(tmp_path: Path) -> None:
    target = tmp_path / "note.txt"
    attempts = {
        "file": f"open({str(target)!r}, 'w').write('x')",
        "import": "import json, sqlite3; json.dumps(1)",
        "hardening": "import app.hardening as h; h.harden()",
    }
    report = run_child(install=True, attempts=attempts)
    assert {name: words[0] for name, words in report.items() if name != "guard"} == dict.fromkeys(
        attempts, "ALLOWED"
    )
    assert target.read_text() == "x"


def test_violation_explains_itself_in_both_languages() -> None:
    error = airgap.AirGapViolation("socket.connect")
    assert error.key == "airgap.blocked"
    assert error.params == {"event": "socket.connect"}
    assert "“socket.connect” bị chặn" in error.message("vi")
    assert "socket.connect" in error.message("en")
    assert error.exit_code == 1


@pytest.mark.parametrize(
    ("event", "blocked"),
    [
        ("socket.bind", True),
        ("socket.sendto", True),
        ("os.exec", True),
        ("pty.spawn", True),
        ("smtplib.connect", True),
        ("open", False),
        ("import", False),
        ("ctypes.dlopen", False),
        ("sockets.something", False),
    ],
)
def test_event_selection(event: str, blocked: bool) -> None:
    assert airgap.is_blocked(event) is blocked
