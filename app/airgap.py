"""The in-process air-gap guard (DESIGN §7): owns the audit hook that refuses networking and
starting other programs, and the :class:`AirGapViolation` it raises.

:func:`install` adds a :func:`sys.addaudithook` hook, once per process, at start of the CLI and
the GUI. From then on every audit event of Python's socket module (``socket.__new__``,
``socket.connect``, ``socket.bind``, ``socket.getaddrinfo``, ``socket.gethostbyname``,
``socket.sendto`` …), of the standard network clients (``urllib.Request``,
``http.client.connect``, ``ftplib``, ``smtplib``, ``poplib``, ``imaplib``, ``nntplib``,
``telnetlib``), of starting programs (``subprocess.Popen``, ``os.system``, ``os.exec*``,
``os.posix_spawn``, ``os.spawn*``, ``os.fork``, ``os.forkpty``, ``pty.spawn``) and
``webbrowser.open`` raises :class:`AirGapViolation` before anything happens. Audit hooks cannot
be removed: a process that installed the guard stays guarded until it exits.

All sockets are refused, AF_UNIX included. Printing is not affected: Qt hands the job to CUPS
through libcups, native code that talks to the local CUPS socket without passing through
Python's socket module, so the hook never sees it. Qt's own native networking (QtNetwork,
QtWebEngine) is equally invisible here; the import-linter contracts in ``pyproject.toml`` ban
those modules and CI runs the end-to-end tests without network interfaces (DESIGN §7).

The guard also means HoSo itself must never spawn a helper: for example
``ctypes.util.find_library`` and ``platform.architecture`` run subprocesses and would fail.

This module deliberately does not import ``socket``. Must not import Qt.
"""

from __future__ import annotations

import sys
from typing import Any

from app.errors import HosoError

#: Audit events refused by exact name.
BLOCKED_EVENTS: frozenset[str] = frozenset(
    {
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "os.startfile",
        "pty.spawn",
        "webbrowser.open",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
        "smtplib.connect",
        "poplib.connect",
        "imaplib.open",
        "nntplib.connect",
        "telnetlib.Telnet.open",
    }
)

#: Audit events refused by prefix: everything Python's socket module does.
BLOCKED_PREFIXES: tuple[str, ...] = ("socket.",)

_installed = False


class AirGapViolation(HosoError):
    """Something tried to use the network or start another program; it was stopped (exit 1)."""

    def __init__(self, event: str) -> None:
        super().__init__("airgap.blocked", event=event)
        self.event = event


def is_blocked(event: str) -> bool:
    """Whether the guard refuses the audit event named ``event``."""
    return event in BLOCKED_EVENTS or event.startswith(BLOCKED_PREFIXES)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    # Runs for every audit event of the process (imports, opens, compiles …): keep it cheap.
    if event in BLOCKED_EVENTS or event.startswith(BLOCKED_PREFIXES):
        raise AirGapViolation(event)


def install() -> None:
    """Guard this process from now until it exits. Calling it again does nothing."""
    global _installed
    if _installed:
        return
    sys.addaudithook(_hook)
    _installed = True


def is_installed() -> bool:
    """Whether :func:`install` has guarded this process."""
    return _installed
