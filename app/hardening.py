"""Process hardening at start (DESIGN §6): owns turning core dumps off, so that a crash never
writes the vault key or decrypted dossier text from memory to disk.

Two independent guards, each best effort: ``RLIMIT_CORE`` set to 0 (soft and hard), and on
Linux ``prctl(PR_SET_DUMPABLE, 0)``, which also covers a core pattern piping to a program such
as systemd-coredump (the kernel does not apply RLIMIT_CORE 0 to pipes, but never dumps a
non-dumpable process) and keeps other processes of the same user from ptrace-attaching.
Nothing here raises when the platform lacks a guard; :func:`harden` reports which took hold so
the terminal check and the log can say so. libc is reached with ``ctypes.CDLL(None)``, never
``ctypes.util.find_library``, which spawns subprocesses that the air-gap guard refuses.
Must not import Qt.
"""

from __future__ import annotations

import ctypes
import os
import sys

PR_GET_DUMPABLE = 3
PR_SET_DUMPABLE = 4


def _core_limit_zero() -> bool:
    try:
        import resource
    except ImportError:  # not a POSIX system
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)
    except (OSError, ValueError):
        return False


def _prctl(option: int, arg: int = 0) -> int | None:
    """Call Linux ``prctl(option, arg, 0, 0, 0)``; ``None`` where there is no such call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    prctl.restype = ctypes.c_int
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    result: int = prctl(option, arg, 0, 0, 0)
    return result


def dumpable() -> int | None:
    """The process's dumpable flag (Linux ``PR_GET_DUMPABLE``), or ``None`` elsewhere."""
    result = _prctl(PR_GET_DUMPABLE)
    return None if result is None or result < 0 else result


def _not_dumpable() -> bool:
    if _prctl(PR_SET_DUMPABLE, 0) is None:
        return False
    return dumpable() == 0


def harden() -> dict[str, bool]:
    """Apply every guard this platform offers; say which took hold. Never raises."""
    os.umask(0o077)  # every file HoSo creates (vault, WAL, saved PDFs) is the officer's alone
    return {"core_limit_zero": _core_limit_zero(), "not_dumpable": _not_dumpable(), "private_umask": True}


def disable_core_dumps() -> None:
    """Turn core dumps off for this process as far as the platform allows. Never raises."""
    harden()
