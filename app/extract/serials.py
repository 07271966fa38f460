"""Copy serials: 64 random bits, written as 13 Crockford base32 characters.

Random, so the serial of the next copy cannot be guessed from the register. Printed grouped
``XXXX-XXXX-XXXXX`` for reading aloud; parsing accepts any case, dashes and spaces, and the
Crockford confusables (I and L read as 1, O as 0). Must not import Qt.
"""

from __future__ import annotations

import os

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SERIAL_BYTES = 8
SERIAL_CHARS = 13  # ceil(64 / 5)
_VALUE = {c: i for i, c in enumerate(ALPHABET)} | {"I": 1, "L": 1, "O": 0}


def encode(raw: bytes) -> str:
    """Crockford base32 of ``raw`` (big-endian, left-padded to whole characters)."""
    number = int.from_bytes(raw, "big")
    chars = -(-len(raw) * 8 // 5)
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(chars)))


def decode(text: str, size: int) -> bytes | None:
    """The ``size`` bytes written as ``text``, or None when it is not valid base32 of that size."""
    number = 0
    for char in text:
        value = _VALUE.get(char)
        if value is None:
            return None
        number = number * 32 + value
    if number >> (size * 8):
        return None
    return number.to_bytes(size, "big")


def new_serial() -> str:
    return encode(os.urandom(SERIAL_BYTES))


def normalise(text: str) -> str | None:
    """The canonical 13-character serial in ``text``, or None when it is not one."""
    cleaned = text.upper().replace("-", "").replace(" ", "")
    if len(cleaned) != SERIAL_CHARS:
        return None
    raw = decode(cleaned, SERIAL_BYTES)
    return encode(raw) if raw is not None else None


def to_bytes(serial: str) -> bytes:
    raw = decode(serial, SERIAL_BYTES)
    if raw is None:
        raise ValueError("not a serial")
    return raw


def grouped(serial: str) -> str:
    """``XXXX-XXXX-XXXXX``: how a serial is printed and shown."""
    return f"{serial[:4]}-{serial[4:8]}-{serial[8:]}"
