"""The key material of an unlocked vault, kept apart from the SQLCipher data key.

``root`` is a random 256-bit content key stored in the encrypted ``meta`` table; the field key
and the key that wraps the organisation's private keys are HKDF subkeys of it. The DESIGN
derives them from the data key (DEK); deriving them from a root stored *inside* the database
instead means that rotating the DEK (``PRAGMA rekey``) re-encrypts every page in one SQLCipher
transaction and never needs a second pass over field ciphertexts that could half-fail.
Security is the same: whoever can read the database can read the root either way.
Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from crypto import aead, keys, ratchet, signing
from storage.meta import MetaRepository

ROOT = "root_key"
VAULT_ID = "vault_id"
CREATED_AT = "created_at"
SIGNING_PRIVATE = "org_signing_key"
SIGNING_PUBLIC = "org_signing_public"
AGREEMENT_PRIVATE = "org_agreement_key"
AGREEMENT_PUBLIC = "org_agreement_public"


def _wrap_ad(vault_id: str, name: str) -> bytes:
    return f"hoso/v1/{vault_id}/{name}".encode()


def provision(meta: MetaRepository, vault_id: str, created_at: str) -> None:
    """Write the identity, root key and fresh organisation key pairs of a new vault."""
    root = keys.random_key()
    wrap = keys.subkey(root, keys.Purpose.SIGNING_WRAP)
    sig, agr = signing.new_signing_key(), signing.new_agreement_key()
    meta.put(VAULT_ID, vault_id.encode())
    meta.put(CREATED_AT, created_at.encode())
    meta.put(ROOT, root)
    meta.put(SIGNING_PRIVATE, aead.seal(wrap, sig, _wrap_ad(vault_id, SIGNING_PRIVATE)))
    meta.put(SIGNING_PUBLIC, signing.signing_public(sig))
    meta.put(AGREEMENT_PRIVATE, aead.seal(wrap, agr, _wrap_ad(vault_id, AGREEMENT_PRIVATE)))
    meta.put(AGREEMENT_PUBLIC, signing.agreement_public(agr))


@dataclass
class Keyring:
    """Subkeys of an unlocked vault; :meth:`wipe` at lock."""

    vault_id: str
    _root: bytearray
    _meta: MetaRepository

    @classmethod
    def load(cls, meta: MetaRepository) -> Keyring:
        vault_id, root = meta.get(VAULT_ID), meta.get(ROOT)
        if vault_id is None or root is None:
            raise KeyError("vault metadata is incomplete")
        return cls(vault_id.decode(), bytearray(root), meta)

    def _require(self) -> bytes:
        if not any(self._root):
            raise RuntimeError("the vault is locked")
        return bytes(self._root)

    def field_key(self) -> bytes:
        return keys.subkey(self._require(), keys.Purpose.FIELD)

    def copy_mac_key(self) -> bytes:
        """The key of the 32-bit MAC in a printed copy's dot lattice (a signature does not fit)."""
        return keys.subkey(self._require(), keys.Purpose.COPY_MAC)

    def signing_private(self) -> bytes:
        return self._unwrap(SIGNING_PRIVATE)

    def agreement_private(self) -> bytes:
        return self._unwrap(AGREEMENT_PRIVATE)

    def signing_public(self) -> bytes:
        return self._public(SIGNING_PUBLIC)

    def agreement_public(self) -> bytes:
        return self._public(AGREEMENT_PUBLIC)

    def _public(self, name: str) -> bytes:
        value = self._meta.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def _unwrap(self, name: str) -> bytes:
        root = self._require()  # a locked vault says so, before touching its closed database
        sealed = self._meta.get(name)
        if sealed is None:
            raise KeyError(name)
        wrap = keys.subkey(root, keys.Purpose.SIGNING_WRAP)
        return aead.open_sealed(wrap, sealed, _wrap_ad(self.vault_id, name))

    def wipe(self) -> None:
        ratchet.wipe(self._root)
