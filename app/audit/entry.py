"""An audit entry's canonical encoding and hash, and the rules for its details.

The entry hash is SHA-256 over the canonical JSON of ``[seq, ts, actor, action, target,
details, prev_hash]``; details are stored as canonical JSON text, so the stored bytes are the
hashed bytes. Details describe an act (field names, ids, counts); they must never carry
restricted values, and are size-limited. Must not import Qt.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from app.canonical import canonical
from storage.audit_repo import AuditRow

MAX_DETAILS_BYTES = 8 * 1024
MAX_TEXT = 200


def encode_details(details: Mapping[str, Any] | None) -> str:
    text = canonical(dict(details or {})).decode("utf-8")
    if len(text.encode("utf-8")) > MAX_DETAILS_BYTES:
        raise ValueError("audit details are larger than 8 KiB")
    return text


def decode_details(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {"unreadable": True}
    return value if isinstance(value, dict) else {"value": value}


def entry_hash(seq: int, ts: str, actor: str, action: str, target: str, details: str, prev: bytes) -> bytes:
    return hashlib.sha256(canonical([seq, ts, actor, action, target, details, prev.hex()])).digest()


def recomputed_hash(row: AuditRow) -> bytes:
    return entry_hash(row.seq, row.ts, row.actor, row.action, row.target, row.details, row.prev_hash)


def clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"
