"""Sealing bytes to a recipient's X25519 key: ephemeral–static agreement, HKDF, chunked AES-256-GCM.

Used by sealed packages (``app/packages``). The sender makes a fresh X25519 key pair for each
package; X25519(ephemeral private, recipient public) through HKDF-SHA256 — salt the package id,
info a fixed label followed by the ephemeral and the recipient public keys — gives a 256-bit key
used for that one package. The plaintext is cut into chunks; chunk *i* is sealed under the nonce
*i* (a 96-bit counter: the key is never used twice) with associated data ``context || i || last``,
where ``context`` is the caller's digest of its clear header. A chunk moved, dropped, duplicated,
a stream cut at a chunk boundary, or a header changed by one bit, does not open.
Pure functions over bytes. Must not import Qt, ``storage`` or ``app``.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto import DecryptionFailed

LABEL = b"hoso/v1/package-key"
TAG_BYTES = 16
KEY_BYTES = 32
MIN_CHUNK = 4096
MAX_CHUNK = 16 * 1024 * 1024

_RAW = serialization.Encoding.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_RAW_PUB = serialization.PublicFormat.Raw


def ephemeral() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair (private, public), raw 32 bytes each."""
    private = X25519PrivateKey.generate()
    return (
        private.private_bytes(_RAW, _RAW_PRIV, serialization.NoEncryption()),
        private.public_key().public_bytes(_RAW, _RAW_PUB),
    )


def package_key(
    own_private: bytes, peer_public: bytes, ephemeral_public: bytes, recipient_public: bytes, salt: bytes
) -> bytes:
    """The package key, the same on both sides: the sender passes (ephemeral private, recipient
    public), the recipient (its private, ephemeral public). :class:`DecryptionFailed` for a key
    that is not a usable X25519 point (wrong length, or a low-order point giving all zeros)."""
    try:
        shared = X25519PrivateKey.from_private_bytes(own_private).exchange(
            X25519PublicKey.from_public_bytes(peer_public)
        )
    except ValueError:
        raise DecryptionFailed("the key agreement failed") from None
    info = LABEL + ephemeral_public + recipient_public
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(shared)


def sealed_size(plain_size: int, chunk: int) -> int:
    """Bytes of ciphertext for ``plain_size`` bytes of plaintext (one tag per chunk, at least one)."""
    chunks = max(1, -(-plain_size // chunk))
    return plain_size + chunks * TAG_BYTES


def _check_chunk(chunk: int) -> None:
    if not MIN_CHUNK <= chunk <= MAX_CHUNK:
        raise ValueError("chunk size out of range")


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def _ad(context: bytes, index: int, last: bool) -> bytes:
    return context + index.to_bytes(8, "big") + (b"\x01" if last else b"\x00")


def seal_chunks(key: bytes, plaintext: bytes, context: bytes, chunk: int) -> bytes:
    """``plaintext`` sealed chunk by chunk (see the module's note); :func:`sealed_size` long."""
    _check_chunk(chunk)
    cipher = AESGCM(key)
    count = max(1, -(-len(plaintext) // chunk))
    view = memoryview(plaintext)
    parts = [
        cipher.encrypt(_nonce(i), view[i * chunk : (i + 1) * chunk], _ad(context, i, i == count - 1))
        for i in range(count)
    ]
    return b"".join(parts)


def open_chunks(key: bytes, ciphertext: bytes, context: bytes, chunk: int) -> bytes:
    """The plaintext of :func:`seal_chunks`; :class:`DecryptionFailed` when the key, the context
    or any byte differ, or when the stream was cut or reordered."""
    _check_chunk(chunk)
    step = chunk + TAG_BYTES
    if len(ciphertext) < TAG_BYTES:
        raise DecryptionFailed("sealed data is too short")
    count = max(1, -(-len(ciphertext) // step))
    cipher = AESGCM(key)
    view = memoryview(ciphertext)
    parts = []
    try:
        for i in range(count):
            part = view[i * step : (i + 1) * step]
            if len(part) < TAG_BYTES:
                raise DecryptionFailed("sealed data is cut short")
            parts.append(cipher.decrypt(_nonce(i), part, _ad(context, i, i == count - 1)))
    except InvalidTag:
        raise DecryptionFailed("authentication tag does not match") from None
    return b"".join(parts)
