"""A shield against a reference-count fault of PySide6 6.12 on CPython 3.11.

Every Qt method that returns nothing hands Python back ``None`` without taking a reference to it
(measured: 1000 ``QLineEdit.setText`` calls lower ``sys.getrefcount(None)`` by exactly 1000), so
each call drops one reference and, after some ten thousand calls, CPython deallocates ``None``
and aborts ("Fatal Python error: none_dealloc"). On CPython 3.12 and later ``None``, ``True`` and
``False`` are immortal and the fault is harmless. PySide6 6.11 does not have it, but the QtPdf
component wheel the project is built on (``PySide6-Pdf``) exists only from 6.12.

:func:`apply` gives the three singletons the headroom 3.12 gives them — 2**40 extra references,
more than a desktop session can ever drop — by raising their reference counts once, at import of
the ``ui`` package (before any Qt call). It touches nothing else and does nothing on 3.12+ or on
another Python implementation. ``tests/ui/test_refcount_shield.py`` keeps the fault measured.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40
_applied = [False]


def needed() -> bool:
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def apply() -> bool:
    """Raise the reference counts of None, True and False once; True when it did."""
    if _applied[0] or not needed():
        return False
    for constant in (None, True, False):
        ctypes.c_ssize_t.from_address(id(constant)).value += HEADROOM
    _applied[0] = True
    return True
