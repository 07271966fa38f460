"""AES-256-GCM sealing with associated data, the one authenticated cipher HoSo uses.

A sealed blob is ``nonce (12 bytes) || ciphertext || tag``. Used to wrap the data key in header
slots, to encrypt restricted fields and to wrap the organisation's private keys.
Must not import Qt.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from crypto import DecryptionFailed

NONCE_BYTES = 12
TAG_BYTES = 16


def seal(key: bytes, plaintext: bytes, associated_data: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated_data)


def open_sealed(key: bytes, blob: bytes, associated_data: bytes) -> bytes:
    """The plaintext of ``blob``; :class:`DecryptionFailed` if the key, blob or data differ."""
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionFailed("sealed data is too short")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated_data)
    except InvalidTag:
        raise DecryptionFailed("authentication tag does not match") from None
