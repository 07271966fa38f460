"""Restricted (class R) values under the field key: AES-256-GCM with the dossier id, the field
path and a version as associated data, so a ciphertext moved to another dossier, field or
version does not decrypt. Also the blind index of the personal id, which lets an import find an
existing dossier without the id being stored or indexed in clear. Must not import Qt.
"""

from __future__ import annotations

import json
from typing import Any

from crypto import aead, keys


def _ad(kind: str, dossier_id: int, path: str, version: str | int) -> bytes:
    return f"hoso/v1/{kind}|{dossier_id}|{path}|{version}".encode()


def seal_value(field_key: bytes, dossier_id: int, path: str, version: int, value: Any) -> bytes:
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return aead.seal(field_key, plain, _ad("field", dossier_id, path, version))


def open_value(field_key: bytes, dossier_id: int, path: str, version: int, blob: bytes) -> Any:
    return json.loads(aead.open_sealed(field_key, blob, _ad("field", dossier_id, path, version)))


def seal_history(field_key: bytes, dossier_id: int, path: str, at: str, role: str, value: Any) -> bytes:
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return aead.seal(field_key, plain, _ad(f"history-{role}", dossier_id, path, at))


def open_history(field_key: bytes, dossier_id: int, path: str, at: str, role: str, blob: bytes) -> Any:
    return json.loads(aead.open_sealed(field_key, blob, _ad(f"history-{role}", dossier_id, path, at)))


def pid_index(field_key: bytes, personal_id: str) -> bytes:
    return keys.mac(field_key, b"hoso/v1/personal-id|" + personal_id.strip().encode("ascii", "replace"))
