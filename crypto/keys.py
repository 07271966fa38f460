"""Random keys and HKDF subkeys, with the fixed labels that separate their uses.

Must not import Qt.
"""

from __future__ import annotations

import hmac
import os
from enum import Enum

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32


class Purpose(Enum):
    """What a subkey is for; the value is the HKDF info label."""

    FIELD = b"hoso/v1/field-encryption"
    SIGNING_WRAP = b"hoso/v1/organisation-key-wrap"
    HEADER_MAC = b"hoso/v1/header-mac"
    RECOVERY_KEK = b"hoso/v1/recovery-kek"
    AUDIT_RATCHET = b"hoso/v1/audit-ratchet"
    COPY_MAC = b"hoso/v1/copy-lattice-mac"


def random_key() -> bytes:
    return os.urandom(KEY_BYTES)


def subkey(root: bytes, purpose: Purpose, salt: bytes = b"") -> bytes:
    """A 256-bit key for ``purpose`` derived from ``root`` (HKDF-SHA256)."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt or None, info=purpose.value).derive(
        root
    )


def mac(key: bytes, data: bytes) -> bytes:
    """HMAC-SHA256 of ``data``."""
    return hmac.new(key, data, "sha256").digest()


def same(a: bytes, b: bytes) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(a, b)
