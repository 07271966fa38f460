"""``header.json``: the vault's key slots, parsed strictly and protected three ways.

1. A SHA-256 ``checksum`` over the rest catches any hand edit that did not recompute it.
2. Each slot's wrapped data key is AES-GCM sealed with the header's identity and the slot's
   parameters as associated data, so changing a salt, a KDF cost or the vault id breaks it.
3. A ``mac`` under a subkey of the data key covers everything but the failed-unlock counter
   (which must be writable while locked); it is checked after a successful unwrap.

A KDF weaker than the floor is refused before any derivation. Must not import Qt.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.atomic_file import write_atomic
from app.canonical import b64, canonical, unb64
from app.errors import IntegrityViolation
from crypto.kdf import KdfParams

FORMAT = "hoso.vault-header"
FORMAT_VERSION = 1
MAX_HEADER_BYTES = 64 * 1024
MAX_RECENT_FAILURES = 50


@dataclass(frozen=True, slots=True)
class PassphraseSlot:
    kdf: KdfParams
    salt: bytes
    keyfile: bool
    wrapped_key: bytes

    def params(self) -> dict[str, Any]:
        return {"kdf": "argon2id", **self.kdf.as_dict(), "salt": b64(self.salt), "keyfile": self.keyfile}


@dataclass(frozen=True, slots=True)
class RecoverySlot:
    salt: bytes
    wrapped_key: bytes

    def params(self) -> dict[str, Any]:
        return {"kdf": "hkdf-sha256", "salt": b64(self.salt)}


@dataclass(frozen=True, slots=True)
class Lockout:
    failures: int = 0
    recent: tuple[str, ...] = ()  # UTC times of the failures not yet written to the audit log


@dataclass(frozen=True, slots=True)
class Header:
    vault_id: str
    created_at: str
    passphrase: PassphraseSlot
    recovery: RecoverySlot
    lockout: Lockout = field(default_factory=Lockout)
    mac: bytes = b""

    def identity(self) -> dict[str, Any]:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "vault_id": self.vault_id}

    def slot_ad(self, slot: str) -> bytes:
        """Associated data binding a slot's wrapped key to the header and the slot's parameters."""
        params = self.passphrase.params() if slot == "passphrase" else self.recovery.params()
        return canonical({**self.identity(), "slot": slot, "params": params})

    def mac_body(self) -> bytes:
        """Everything the keyed MAC covers: all but the lockout counter and the MAC itself."""
        doc = self._document()
        doc.pop("lockout")
        return canonical(doc)

    def with_lockout(self, lockout: Lockout) -> Header:
        return replace(self, lockout=lockout)

    def _document(self) -> dict[str, Any]:
        return {
            **self.identity(),
            "created_at": self.created_at,
            "slots": {
                "passphrase": {**self.passphrase.params(), "wrapped_key": b64(self.passphrase.wrapped_key)},
                "recovery": {**self.recovery.params(), "wrapped_key": b64(self.recovery.wrapped_key)},
            },
            "lockout": {"failures": self.lockout.failures, "recent": list(self.lockout.recent)},
        }

    def to_bytes(self) -> bytes:
        doc = self._document()
        doc["mac"] = b64(self.mac)
        doc["checksum"] = hashlib.sha256(canonical(doc)).hexdigest()
        return json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


# ---------------------------------------------------------------------------- parsing
class _Doc:
    """Typed access to a JSON object that turns every surprise into one clear refusal."""

    def __init__(self, data: Any, where: str, path: Path) -> None:
        if not isinstance(data, dict):
            raise _bad(path, where)
        self.data, self.where, self.path = data, where, path

    def expect_keys(self, *keys: str) -> None:
        if set(self.data) != set(keys):
            raise _bad(self.path, self.where)

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str):
            raise _bad(self.path, f"{self.where}.{key}")
        return value

    def integer(self, key: str, low: int = 0, high: int = 2**32) -> int:
        value = self.data.get(key)
        if type(value) is not int or not low <= value <= high:
            raise _bad(self.path, f"{self.where}.{key}")
        return value

    def boolean(self, key: str) -> bool:
        value = self.data.get(key)
        if type(value) is not bool:
            raise _bad(self.path, f"{self.where}.{key}")
        return value

    def blob(self, key: str, size: int | None = None) -> bytes:
        try:
            value = unb64(self.text(key))
        except ValueError:
            raise _bad(self.path, f"{self.where}.{key}") from None
        if size is not None and len(value) != size:
            raise _bad(self.path, f"{self.where}.{key}")
        return value

    def obj(self, key: str) -> _Doc:
        return _Doc(self.data.get(key), f"{self.where}.{key}", self.path)


def _bad(path: Path, where: str) -> IntegrityViolation:
    return IntegrityViolation("error.header_malformed", file=str(path), field=where)


def parse(raw: bytes, path: Path) -> Header:
    """The header in ``raw``, or :class:`IntegrityViolation` naming the first thing wrong."""
    if len(raw) > MAX_HEADER_BYTES:
        raise _bad(path, "(size)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise IntegrityViolation("error.header_not_json", file=str(path)) from None
    doc = _Doc(data, "header", path)
    checksum = doc.text("checksum")
    body = {k: v for k, v in data.items() if k != "checksum"}
    if hashlib.sha256(canonical(body)).hexdigest() != checksum:
        raise IntegrityViolation("error.header_checksum", file=str(path))
    doc.expect_keys(
        "format", "format_version", "vault_id", "created_at", "slots", "lockout", "mac", "checksum"
    )
    if doc.text("format") != FORMAT:
        raise _bad(path, "header.format")
    version = doc.integer("format_version")
    if version > FORMAT_VERSION:
        raise IntegrityViolation(
            "error.header_too_new", file=str(path), found=version, supported=FORMAT_VERSION
        )
    if version != FORMAT_VERSION:
        raise _bad(path, "header.format_version")
    vault_id = doc.text("vault_id")
    if len(vault_id) != 32 or any(c not in "0123456789abcdef" for c in vault_id):
        raise _bad(path, "header.vault_id")
    slots = doc.obj("slots")
    slots.expect_keys("passphrase", "recovery")
    pp = slots.obj("passphrase")
    pp.expect_keys("kdf", "memory_kib", "iterations", "lanes", "salt", "keyfile", "wrapped_key")
    if pp.text("kdf") != "argon2id":
        raise _bad(path, "slots.passphrase.kdf")
    kdf = KdfParams(
        pp.integer("memory_kib", 8, 2**22), pp.integer("iterations", 1, 1024), pp.integer("lanes", 1, 64)
    )
    rc = slots.obj("recovery")
    rc.expect_keys("kdf", "salt", "wrapped_key")
    if rc.text("kdf") != "hkdf-sha256":
        raise _bad(path, "slots.recovery.kdf")
    lock = doc.obj("lockout")
    lock.expect_keys("failures", "recent")
    recent = lock.data["recent"]
    if (
        not isinstance(recent, list)
        or len(recent) > MAX_RECENT_FAILURES
        or not all(isinstance(t, str) and len(t) < 40 for t in recent)
    ):
        raise _bad(path, "lockout.recent")
    return Header(
        vault_id=vault_id,
        created_at=doc.text("created_at"),
        passphrase=PassphraseSlot(
            kdf, pp.blob("salt", 16), pp.boolean("keyfile"), pp.blob("wrapped_key", 60)
        ),
        recovery=RecoverySlot(rc.blob("salt", 16), rc.blob("wrapped_key", 60)),
        lockout=Lockout(lock.integer("failures", 0, 10**6), tuple(recent)),
        mac=doc.blob("mac", 32),
    )


def read(path: Path) -> Header:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IntegrityViolation("error.header_missing", file=str(path)) from None
    return parse(raw, path)


def write(path: Path, header: Header) -> None:
    write_atomic(path, header.to_bytes())
