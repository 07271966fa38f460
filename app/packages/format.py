"""The sealed package file: a clear header, the sealed payload, and the sender's signature.

Layout (all lengths big-endian)::

    "HOSO-PKG"  8 bytes, the magic
    u32         length of the header (at most MAX_HEADER)
    header      canonical JSON, UTF-8 (below)
    ciphertext  exactly header["size"] bytes: the payload sealed by ``crypto.sealed``
    signature   64 bytes, Ed25519 by the sender over SIGNATURE_LABEL || SHA-256(magic, length and
                header) || SHA-256(ciphertext)

The header holds only what the recipient needs to check and open the package: format and
version, the random 128-bit package id, the sender's two public keys (to name a wrong sender by
fingerprint), the recipient's fingerprint (to say "not for this vault"), the ephemeral X25519
key, the chunk size and the ciphertext size. Everything else — when it was made, what it holds,
the reference — is in the manifest inside the ciphertext. The payload key is bound to the package
id and both agreement keys, and every chunk to the digest of the header, so no header byte can
change without the payload failing to open.

Reading is strict: the exact keys, types and lengths, the exact file size (a truncated or
extended file is refused), and limits checked before anything is read past them. Every failure is
an :class:`~app.errors.IntegrityViolation` (exit 4) naming the file. Must not import Qt.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import IntegrityViolation, NotFound
from app.packages.identity import OrgKey, grouped
from crypto import DecryptionFailed, sealed, signing

MAGIC = b"HOSO-PKG"
FORMAT = "hoso.package"
VERSION = 1
MAX_HEADER = 4096
SIGNATURE_BYTES = 64
SIGNATURE_LABEL = b"hoso/v1/package-signature\x00"
CHUNK = 1024 * 1024
#: The largest package made or read: it is held in memory twice (sealed and open) while imported.
MAX_PACKAGE_BYTES = 512 * 1024 * 1024
_KEYS = {"format", "version", "package_id", "sender_signing", "sender_agreement", "recipient",
         "ephemeral", "chunk", "size"}  # fmt: skip
_HEX_LENGTHS = {"package_id": 32, "sender_signing": 64, "sender_agreement": 64, "recipient": 64,
                "ephemeral": 64}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Header:
    package_id: str  # 32 hex digits
    sender: OrgKey
    recipient: bytes  # the recipient's fingerprint (SHA-256 of its two public keys)
    ephemeral: bytes
    chunk: int
    size: int

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "package_id": self.package_id,
            "sender_signing": self.sender.signing.hex(),
            "sender_agreement": self.sender.agreement.hex(),
            "recipient": self.recipient.hex(),
            "ephemeral": self.ephemeral.hex(),
            "chunk": self.chunk,
            "size": self.size,
        }

    def encode(self) -> bytes:
        text = json.dumps(self.as_json(), sort_keys=True, separators=(",", ":")).encode("ascii")
        return MAGIC + len(text).to_bytes(4, "big") + text


@dataclass(frozen=True, slots=True)
class Sealed:
    """A package file read and its shape checked (not yet verified nor opened)."""

    file: str
    header: Header
    head: bytes  # magic, length and header as they are in the file
    ciphertext: bytes
    signature: bytes

    def signed_message(self) -> bytes:
        return signed_message(self.head, self.ciphertext)


def signed_message(head: bytes, ciphertext: bytes) -> bytes:
    return SIGNATURE_LABEL + hashlib.sha256(head).digest() + hashlib.sha256(ciphertext).digest()


def new_package_id() -> str:
    return os.urandom(16).hex()


def seal(payload: bytes, package_id: str, sender: OrgKey, sender_signing_private: bytes,
         recipient: OrgKey) -> bytes:  # fmt: skip
    """The package file's bytes: ``payload`` sealed to ``recipient`` and signed by the sender."""
    eph_private, eph_public = sealed.ephemeral()
    header = Header(package_id, sender, recipient.digest, eph_public, CHUNK,
                    sealed.sealed_size(len(payload), CHUNK))  # fmt: skip
    head = header.encode()
    key = sealed.package_key(eph_private, recipient.agreement, eph_public, recipient.agreement,
                             bytes.fromhex(package_id))  # fmt: skip
    ciphertext = sealed.seal_chunks(key, payload, hashlib.sha256(head).digest(), CHUNK)
    signature = signing.sign(sender_signing_private, signed_message(head, ciphertext))
    return head + ciphertext + signature


# -- reading -------------------------------------------------------------------------------------
def _damaged(file: str, reason: str) -> IntegrityViolation:
    return IntegrityViolation(f"package.damaged.{reason}", file=file)


def read(path: Path) -> Sealed:
    """The package at ``path``, its size and header checked before the rest is read."""
    file = path.name
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_PACKAGE_BYTES:
                raise IntegrityViolation("package.too_big", file=file, max=MAX_PACKAGE_BYTES // 2**20)
            data = handle.read(MAX_PACKAGE_BYTES + 1)
    except FileNotFoundError:
        raise NotFound("package.not_found", file=file) from None
    except IsADirectoryError:
        raise NotFound("package.not_found", file=file) from None
    except OSError as exc:
        raise IntegrityViolation("package.unreadable", file=file, reason=exc.strerror or "") from None
    return parse(data, file)


def parse(data: bytes, file: str) -> Sealed:
    if len(data) > MAX_PACKAGE_BYTES:
        raise IntegrityViolation("package.too_big", file=file, max=MAX_PACKAGE_BYTES // 2**20)
    if not data.startswith(MAGIC):
        raise IntegrityViolation("package.not_package", file=file)
    if len(data) < len(MAGIC) + 4:
        raise _damaged(file, "header")
    length = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 4], "big")
    start = len(MAGIC) + 4
    if not 2 <= length <= MAX_HEADER or len(data) < start + length:
        raise _damaged(file, "header")
    header = _header(data[start : start + length], file)
    end = start + length + header.size
    if len(data) != end + SIGNATURE_BYTES:
        raise _damaged(file, "size")
    return Sealed(file, header, data[: start + length], data[start + length : end], data[end:])


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise ValueError("duplicate key")
    return obj


def _header(raw: bytes, file: str) -> Header:
    try:
        obj = json.loads(raw.decode("ascii"), object_pairs_hook=_unique)
    except (UnicodeDecodeError, ValueError):
        raise _damaged(file, "header") from None
    if not isinstance(obj, dict) or set(obj) != _KEYS:
        raise _damaged(file, "header")
    if obj["format"] != FORMAT or type(obj["version"]) is not int:
        raise _damaged(file, "header")
    if obj["version"] != VERSION:
        raise IntegrityViolation("package.version", file=file, version=str(obj["version"])[:10])
    for name, digits in _HEX_LENGTHS.items():
        value = obj[name]
        if not isinstance(value, str) or len(value) != digits or value.strip("0123456789abcdef"):
            raise _damaged(file, "header")
    chunk, size = obj["chunk"], obj["size"]
    if type(chunk) is not int or not sealed.MIN_CHUNK <= chunk <= sealed.MAX_CHUNK:
        raise _damaged(file, "header")
    if type(size) is not int or not sealed.TAG_BYTES <= size <= MAX_PACKAGE_BYTES:
        raise _damaged(file, "header")
    sender = OrgKey(bytes.fromhex(obj["sender_signing"]), bytes.fromhex(obj["sender_agreement"]))
    return Header(obj["package_id"], sender, bytes.fromhex(obj["recipient"]),
                  bytes.fromhex(obj["ephemeral"]), chunk, size)  # fmt: skip


# -- checking and opening ------------------------------------------------------------------------
def verify(package: Sealed, expected: OrgKey) -> None:
    """Refuse (exit 4) unless ``expected`` — the sender the officer names — signed exactly these
    bytes. A package signed by another organisation is named by that one's fingerprint."""
    message = package.signed_message()
    if package.header.sender != expected:
        if signing.verify(package.header.sender.signing, message, package.signature):
            raise IntegrityViolation(
                "package.other_sender",
                file=package.file,
                found=package.header.sender.fingerprint,
                expected=expected.fingerprint,
            )
        raise IntegrityViolation("package.bad_signature", file=package.file)
    if not signing.verify(expected.signing, message, package.signature):
        raise IntegrityViolation("package.bad_signature", file=package.file)


def open_payload(package: Sealed, own: OrgKey, own_agreement_private: bytes) -> bytes:
    """The payload, opened with this vault's receiving key; refused (exit 4) when the package was
    sealed for another organisation or does not open."""
    if package.header.recipient != own.digest:
        raise IntegrityViolation(
            "package.not_for_us",
            file=package.file,
            recipient=grouped(package.header.recipient),
            own=own.fingerprint,
        )
    try:
        key = sealed.package_key(
            own_agreement_private,
            package.header.ephemeral,
            package.header.ephemeral,
            own.agreement,
            bytes.fromhex(package.header.package_id),
        )
        return sealed.open_chunks(
            key, package.ciphertext, hashlib.sha256(package.head).digest(), package.header.chunk
        )
    except DecryptionFailed:
        raise IntegrityViolation("package.cannot_open", file=package.file) from None
