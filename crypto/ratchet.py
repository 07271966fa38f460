"""The forward-secure MAC ratchet of the audit log (Schneier–Kelsey forward integrity).

Entry *i* is authenticated with K(i); then K(i+1) = HKDF(K(i)) and K(i) is forgotten. Whoever
holds only the current key cannot recompute the MAC of any earlier entry, so an insider who edits
history is caught by a verifier holding K(0). The holder of a ratchet zeroes its ``bytearray``
as soon as it moves on; Python cannot promise that no other copy of the bytes lingers in memory,
which is why the on-disk copy is what this design defends. Must not import Qt.
"""

from __future__ import annotations

from crypto.keys import Purpose, mac, same, subkey


def advance(key: bytes) -> bytes:
    """K(i+1) from K(i)."""
    return subkey(key, Purpose.AUDIT_RATCHET)


def key_at(k0: bytes, index: int) -> bytes:
    """K(index) from K(0), by ``index`` steps."""
    key = k0
    for _ in range(index):
        key = advance(key)
    return key


def entry_mac(key: bytes, entry_hash: bytes) -> bytes:
    return mac(key, b"hoso/v1/audit-entry\x00" + entry_hash)


def check_entry(key: bytes, entry_hash: bytes, tag: bytes) -> bool:
    return same(entry_mac(key, entry_hash), tag)


def wipe(buffer: bytearray) -> None:
    """Overwrite a key held in a mutable buffer."""
    for i in range(len(buffer)):
        buffer[i] = 0
