"""The organisation's key pairs: Ed25519 to sign (copy tokens, checkpoints, packages) and X25519
to receive sealed packages. Keys travel as raw 32-byte strings. Must not import Qt.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

_RAW = serialization.Encoding.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_NO_ENC = serialization.NoEncryption()


def new_signing_key() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIV, _NO_ENC)


def new_agreement_key() -> bytes:
    return X25519PrivateKey.generate().private_bytes(_RAW, _RAW_PRIV, _NO_ENC)


def signing_public(private: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(_RAW, _RAW_PUB)


def agreement_public(private: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(_RAW, _RAW_PUB)


def sign(private: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private).sign(message)


def verify(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def fingerprint(*public_keys: bytes) -> bytes:
    """SHA-256 over the public keys, to compare by eye or QR."""
    digest = hashes.Hash(hashes.SHA256())
    for key in public_keys:
        digest.update(len(key).to_bytes(2, "big") + key)
    return digest.finalize()
