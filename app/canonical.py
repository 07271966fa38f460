"""Canonical byte encodings of JSON-like values, for hashing, MACs, signatures and AEAD data.

Sorted keys, no insignificant white space, UTF-8 (not ASCII escapes): the same value always
gives the same bytes. Must not import Qt.
"""

from __future__ import annotations

import base64
import json
from typing import Any


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
