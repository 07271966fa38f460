"""Making and opening the key slots of ``header.json``.

The passphrase slot's key-encryption key is Argon2id(passphrase [+ SHA-256 of the key file]);
the recovery slot's is HKDF of the 128-bit recovery code (the code is already uniformly random,
so a slow KDF adds nothing). Both seal the same 256-bit data key. Must not import Qt.
"""

from __future__ import annotations

import os
from dataclasses import replace

from app.errors import AuthenticationFailed
from app.vault.header import Header, PassphraseSlot, RecoverySlot
from crypto import BadCode, DecryptionFailed, aead, codes, kdf, keys

RECOVERY_BYTES = 16


def passphrase_kek(header_slot: PassphraseSlot, passphrase: str, keyfile: bytes | None) -> bytes:
    digest = kdf.keyfile_digest(keyfile) if keyfile is not None else None
    return kdf.derive(kdf.passphrase_secret(passphrase, digest), header_slot.salt, header_slot.kdf)


def recovery_kek(salt: bytes, code: bytes) -> bytes:
    return keys.subkey(code, keys.Purpose.RECOVERY_KEK, salt=salt)


def new_passphrase_slot(params: kdf.KdfParams, keyfile: bool) -> PassphraseSlot:
    return PassphraseSlot(params, os.urandom(kdf.SALT_BYTES), keyfile, b"")


def new_recovery_code() -> tuple[bytes, str]:
    """128 random bits and their printable form."""
    code = os.urandom(RECOVERY_BYTES)
    return code, codes.format_code(code)


def seal_slots(header: Header, dek: bytes, pp_kek: bytes, recovery_code: bytes) -> Header:
    """``header`` with both slots sealing ``dek`` and a fresh header MAC."""
    pp_slot = replace(header.passphrase, wrapped_key=b"")
    rc_slot = RecoverySlot(os.urandom(16), b"")
    draft = replace(header, passphrase=pp_slot, recovery=rc_slot)
    pp_slot = replace(pp_slot, wrapped_key=aead.seal(pp_kek, dek, draft.slot_ad("passphrase")))
    rc_kek = recovery_kek(rc_slot.salt, recovery_code)
    rc_slot = replace(rc_slot, wrapped_key=aead.seal(rc_kek, dek, draft.slot_ad("recovery")))
    sealed = replace(draft, passphrase=pp_slot, recovery=rc_slot)
    return with_mac(sealed, dek)


def with_mac(header: Header, dek: bytes) -> Header:
    return replace(header, mac=keys.mac(keys.subkey(dek, keys.Purpose.HEADER_MAC), header.mac_body()))


def mac_ok(header: Header, dek: bytes) -> bool:
    return keys.same(keys.mac(keys.subkey(dek, keys.Purpose.HEADER_MAC), header.mac_body()), header.mac)


def open_passphrase_slot(header: Header, kek: bytes) -> bytes:
    try:
        return aead.open_sealed(kek, header.passphrase.wrapped_key, header.slot_ad("passphrase"))
    except DecryptionFailed:
        raise AuthenticationFailed("error.wrong_passphrase") from None


def open_recovery_slot(header: Header, code_text: str) -> bytes:
    try:
        code = codes.parse_code(code_text, RECOVERY_BYTES)
    except BadCode as exc:
        raise AuthenticationFailed("error.recovery_code_malformed", reason=str(exc)) from None
    kek = recovery_kek(header.recovery.salt, code)
    try:
        return aead.open_sealed(kek, header.recovery.wrapped_key, header.slot_ad("recovery"))
    except DecryptionFailed:
        raise AuthenticationFailed("error.wrong_recovery_code") from None
