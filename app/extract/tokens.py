"""The machine-readable identities of a printed copy: the QR token and the dot-lattice payload.

**QR token** (one per page): ``HS1.<serial>.<page>.<signature>``, all in the QR alphanumeric
alphabet so the code stays small. The signature is Ed25519 by the vault's organisation key over
the vault id, serial and page, so anyone holding the public key can tell an authentic page from a
forged one, and a token cannot be moved to another page or copy.

**Lattice payload** (the forensic dots): the 8 serial bytes and a 32-bit HMAC of them under the
vault's copy key; a signature does not fit in the ~12×12-cell tile (DESIGN §5). With the
Reed–Solomon check and the register lookup a random false match needs a 2^-32 MAC collision
*and* a registered serial. Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.extract import serials
from crypto import keys, signing

PREFIX = "HS1"
MAC_BYTES = 4
PAYLOAD_BYTES = serials.SERIAL_BYTES + MAC_BYTES
SIGNATURE_BYTES = 64


def _message(vault_id: str, serial: str, page: int) -> bytes:
    return f"hoso/v1/copy-token|{vault_id}|{serial}|{page}".encode()


def qr_token(signing_private: bytes, vault_id: str, serial: str, page: int) -> str:
    signature = signing.sign(signing_private, _message(vault_id, serial, page))
    return f"{PREFIX}.{serial}.{page}.{serials.encode(signature)}"


@dataclass(frozen=True, slots=True)
class TokenRead:
    serial: str
    page: int
    authentic: bool


def read_token(text: str, signing_public: bytes, vault_id: str) -> TokenRead | None:
    """What a QR text says, or None when it is not a HoSo copy token at all.

    ``authentic`` is False when the token has the shape of one but its signature does not hold
    for this vault: a forgery, an altered token, or a copy of another vault."""
    parts = text.strip().split(".")
    if len(parts) != 4 or parts[0] != PREFIX:
        return None
    serial = serials.normalise(parts[1])
    if serial is None or not parts[2].isdigit():
        return None
    page = int(parts[2])
    signature = serials.decode(parts[3], SIGNATURE_BYTES)
    authentic = signature is not None and signing.verify(
        signing_public, _message(vault_id, serial, page), signature
    )
    return TokenRead(serial, page, authentic)


def _mac(copy_key: bytes, serial_bytes: bytes) -> bytes:
    return keys.mac(copy_key, b"hoso/v1/lattice|" + serial_bytes)[:MAC_BYTES]


def lattice_payload(copy_key: bytes, serial: str) -> bytes:
    raw = serials.to_bytes(serial)
    return raw + _mac(copy_key, raw)


def lattice_serial(copy_key: bytes, payload: bytes) -> str | None:
    """The serial a lattice payload carries when its MAC holds, else None."""
    if len(payload) != PAYLOAD_BYTES:
        return None
    raw, tag = payload[: serials.SERIAL_BYTES], payload[serials.SERIAL_BYTES :]
    return serials.encode(raw) if keys.same(tag, _mac(copy_key, raw)) else None
