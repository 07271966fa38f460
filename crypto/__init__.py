"""Pure cryptographic functions over bytes, built on ``cryptography``.

KDF and its calibration, authenticated encryption, key derivation, the audit MAC ratchet,
signatures and human-typable key codes. No SQL, no Qt, no files beyond what it is handed
(DESIGN §2). Must not import Qt, ``storage`` or ``app``.
"""


class CryptoError(Exception):
    """Base of every failure raised by this package. Messages never contain key material."""


class DecryptionFailed(CryptoError):
    """Authenticated decryption failed: wrong key, or the data or its associated data changed."""


class BadCode(CryptoError):
    """A typed key code (recovery code, audit key) is malformed or its check characters differ."""
