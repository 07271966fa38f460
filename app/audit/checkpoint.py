"""Signed checkpoints of the audit log: the slip an inspector keeps outside the machine.

A checkpoint states "entry ``seq`` of vault ``vault_id`` had hash ``head_hash`` at ``time``",
signed with the vault's organisation Ed25519 key. Kept on paper (QR) or as JSON, it lets
``audit verify`` prove that history up to it was not rewritten or cut off later.
Must not import Qt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.canonical import canonical
from app.errors import IntegrityViolation, InvalidInput
from crypto import BadCode, codes, signing

FORMAT = "hoso.audit-checkpoint"
QR_PREFIX = "HOSOCP1"
MAX_FILE_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Checkpoint:
    vault_id: str
    seq: int
    head_hash: bytes
    time: str
    public_key: bytes
    signature: bytes

    def signed_body(self) -> bytes:
        return canonical(
            {
                "format": FORMAT,
                "vault_id": self.vault_id,
                "seq": self.seq,
                "head_hash": self.head_hash.hex(),
                "time": self.time,
            }
        )

    def signature_ok(self, expected_public_key: bytes) -> bool:
        # A checkpoint read back from its QR carries no public key: the vault's is used.
        return self.public_key in (b"", expected_public_key) and signing.verify(
            expected_public_key, self.signed_body(), self.signature
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "vault_id": self.vault_id,
            "seq": self.seq,
            "head_hash": self.head_hash.hex(),
            "time": self.time,
            "public_key": self.public_key.hex(),
            "signature": self.signature.hex(),
        }

    def qr_payload(self) -> str:
        """A compact, upper-case text (QR alphanumeric mode) that carries the whole checkpoint."""
        parts = [
            QR_PREFIX,
            self.vault_id.upper(),
            str(self.seq),
            codes.b32encode(self.head_hash),
            self.time.replace(":", "").replace("-", "").replace(".", ""),
            codes.b32encode(self.signature),
        ]
        return ":".join(parts)


def sign_checkpoint(vault_id: str, seq: int, head_hash: bytes, time: str, private_key: bytes) -> Checkpoint:
    draft = Checkpoint(vault_id, seq, head_hash, time, signing.signing_public(private_key), b"")
    sig = signing.sign(private_key, draft.signed_body())
    return Checkpoint(vault_id, seq, head_hash, time, draft.public_key, sig)


def from_qr(payload: str, source: str) -> Checkpoint:
    """The checkpoint carried by a slip's QR code (as a scanner types it out)."""
    try:
        prefix, vault_id, seq, head, stamp, sig = payload.strip().split(":")
        if prefix != QR_PREFIX or len(stamp) != 19:
            raise ValueError("prefix")
        date, clock = f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}", stamp[9:]
        time = f"{date}T{clock[0:2]}:{clock[2:4]}:{clock[4:6]}.{clock[6:9]}Z"
        return Checkpoint(
            vault_id.lower(), int(seq), codes.b32decode(head, 32), time, b"", codes.b32decode(sig, 64)
        )
    except (ValueError, BadCode):
        raise InvalidInput("audit.checkpoint_malformed", file=source) from None


def from_json(data: Any, source: str) -> Checkpoint:
    try:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("format")
        cp = Checkpoint(
            vault_id=str(data["vault_id"]),
            seq=int(data["seq"]),
            head_hash=bytes.fromhex(str(data["head_hash"])),
            time=str(data["time"]),
            public_key=bytes.fromhex(str(data["public_key"])),
            signature=bytes.fromhex(str(data["signature"])),
        )
    except (KeyError, ValueError, TypeError):
        raise InvalidInput("audit.checkpoint_malformed", file=source) from None
    if len(cp.head_hash) != 32 or len(cp.public_key) != 32 or len(cp.signature) != 64 or cp.seq < 0:
        raise InvalidInput("audit.checkpoint_malformed", file=source)
    return cp


def load(path: Path) -> Checkpoint:
    try:
        raw = path.read_bytes()
    except OSError:
        raise InvalidInput("error.file_unreadable", file=str(path)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidInput("audit.checkpoint_malformed", file=str(path))
    if raw.lstrip().startswith(QR_PREFIX.encode()):
        return from_qr(raw.decode("ascii", "replace"), str(path))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInput("audit.checkpoint_malformed", file=str(path)) from None
    return from_json(data, str(path))


def check_authentic(cp: Checkpoint, vault_id: str, public_key: bytes, source: str) -> None:
    """Refuse a checkpoint of another vault or with a bad signature (exit 4)."""
    if cp.vault_id != vault_id:
        raise IntegrityViolation("audit.checkpoint_other_vault", file=source)
    if not cp.signature_ok(public_key):
        raise IntegrityViolation("audit.checkpoint_forged", file=source)
