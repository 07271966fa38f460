"""Human-typable codes for secrets that go on paper: the recovery code and the inspector's
audit key. Crockford base32 (no I, L, O, U; case-insensitive; I/L read as 1, O as 0), grouped by
four, with a check group from SHA-256 so that a typo is reported as a typo, not as a wrong key.
Also the short serial strings of copies. Must not import Qt.
"""

from __future__ import annotations

import hashlib

from crypto import BadCode

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {c: i for i, c in enumerate(ALPHABET)}
_DECODE.update({"I": 1, "L": 1, "O": 0})
CHECK_CHARS = 4


def b32encode(data: bytes) -> str:
    bits = int.from_bytes(data, "big")
    nbits = len(data) * 8
    chars = -(-nbits // 5)
    bits <<= chars * 5 - nbits
    return "".join(ALPHABET[(bits >> (5 * (chars - 1 - i))) & 31] for i in range(chars))


def b32decode(text: str, nbytes: int) -> bytes:
    chars = -(-nbytes * 8 // 5)
    if len(text) != chars:
        raise BadCode(f"expected {chars} characters, got {len(text)}")
    bits = 0
    for ch in text:
        if ch not in _DECODE:
            raise BadCode("a character is not in the code alphabet")
        bits = (bits << 5) | _DECODE[ch]
    extra = chars * 5 - nbytes * 8
    if bits & ((1 << extra) - 1):
        raise BadCode("trailing bits are not zero")
    return (bits >> extra).to_bytes(nbytes, "big")


def _check(data: bytes) -> str:
    return b32encode(hashlib.sha256(b"hoso-code-check" + data).digest())[:CHECK_CHARS]


def format_code(data: bytes) -> str:
    """``data`` as groups of four characters ending with a check group."""
    body = b32encode(data) + _check(data)
    return "-".join(body[i : i + 4] for i in range(0, len(body), 4))


def parse_code(text: str, nbytes: int) -> bytes:
    """The bytes of a code typed by a person: spaces, dashes and case are ignored."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\r\n")
    body_len = -(-nbytes * 8 // 5)
    if len(cleaned) != body_len + CHECK_CHARS:
        raise BadCode(f"the code must have {body_len + CHECK_CHARS} characters, not {len(cleaned)}")
    normalized = "".join(ALPHABET[_DECODE[c]] if c in _DECODE else c for c in cleaned)
    data = b32decode(normalized[:body_len], nbytes)
    if normalized[body_len:] != _check(data):
        raise BadCode("the check characters do not match: a character was mistyped")
    return data
