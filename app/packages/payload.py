"""What a package holds once opened: named entries, and the manifest that says what they are.

The payload is a sequence of entries, each ``u16 name length | name (ASCII) | u64 data length |
data``: ``manifest.json``, ``dossiers.json`` (an interchange file, spec/dossier.md §9, restricted
values in clear — the payload is sealed), ``history.json`` when the sender's change history
travels, and one entry per scanned page (``scan/N``) and portrait (``portrait/N``).

The manifest (JSON): format and version, the package id, when it was made, the sender's public
keys and the recipient's fingerprint (both must equal the clear header's), the reference and
whether the package is a transfer, the counts, and for each dossier — in the order of
``dossiers.json`` — its documents (the inventory entry and, per page, the entry holding the image
with its type, size in pixels and bytes, and pixel digest) and its portrait entry.

:func:`unpack` checks the shape and the limits of everything before any of it is used: unknown,
missing, unreferenced or doubly referenced entries, counts that disagree, sizes over the limits.
A failure is :class:`~app.errors.InvalidInput` (exit 1) naming the file. Must not import Qt.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from app.dossier import interchange
from app.errors import InvalidInput

MANIFEST = "manifest.json"
DOSSIERS = "dossiers.json"
HISTORY = "history.json"
FORMAT = "hoso.package.manifest"
VERSION = 1
MAX_ENTRIES = 120_000
MAX_NAME = 64
MAX_MANIFEST = 48 * 1024 * 1024
MAX_HISTORY = 128 * 1024 * 1024
MAX_DOCUMENTS = 50_000
MAX_SCANS = 100_000
MAX_CHANGES = 20_000  # per dossier
MAX_REFERENCE = 500
_BLOB = re.compile(r"(scan|portrait)/[0-9]{1,6}")
_SHA = re.compile(r"[0-9a-f]{64}")
_MIMES = frozenset({"image/jpeg", "image/png"})
_TOP = {"format", "version", "package_id", "created_at", "generator", "sender", "recipient", "reference",
        "transfer", "history", "counts", "dossiers"}  # fmt: skip
_COUNTS = ("dossiers", "documents", "scans", "portraits")
_CHANGE_KEYS = {"at", "actor", "path", "restricted", "old", "new", "basis", "source"}


@dataclass(frozen=True, slots=True)
class Scan:
    blob: str
    mime: str
    width: int
    height: int
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Filed:
    values: dict[str, Any]
    scans: tuple[Scan, ...]


@dataclass(frozen=True, slots=True)
class Carried:
    """What comes with one dossier beside its record: documents, portrait."""

    documents: tuple[Filed, ...]
    portrait: str | None


@dataclass
class Payload:
    manifest: dict[str, Any]  # as read (shape checked)
    dossiers: bytes
    carried: list[Carried]
    history: list[list[dict[str, Any]]] | None
    blobs: dict[str, bytes]


def pack(entries: list[tuple[str, bytes]]) -> bytes:
    parts = []
    for name, data in entries:
        raw = name.encode("ascii")
        parts += [len(raw).to_bytes(2, "big"), raw, len(data).to_bytes(8, "big"), data]
    return b"".join(parts)


def _bad(file: str, what: str) -> InvalidInput:
    return InvalidInput("package.bad_contents", file=file, what=what[:80])


def _entries(data: bytes, file: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    view, at = memoryview(data), 0
    while at < len(data):
        if len(out) >= MAX_ENTRIES or at + 2 > len(data):
            raise _bad(file, "entries")
        length = int.from_bytes(view[at : at + 2], "big")
        name_bytes = bytes(view[at + 2 : at + 2 + length])
        at += 2 + length
        if not 0 < length <= MAX_NAME or len(name_bytes) != length or at + 8 > len(data):
            raise _bad(file, "entries")
        size = int.from_bytes(view[at : at + 8], "big")
        at += 8
        name = name_bytes.decode("ascii", "replace")
        if size > len(data) - at or name in out:
            raise _bad(file, name)
        out[name] = bytes(view[at : at + size])
        at += size
    return out


def _json(data: bytes, file: str, what: str) -> Any:
    try:
        value = interchange.loads(interchange.decode(data, file), file, raw=data)
    except InvalidInput:
        raise _bad(file, what) from None
    if any(True for _ in interchange.hostile(value)):
        raise _bad(file, what)
    return value


def _int(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _scan(raw: Any, file: str, blobs: dict[str, bytes], used: set[str]) -> Scan:
    if not isinstance(raw, dict) or set(raw) != {"blob", "mime", "width", "height", "sha256", "size"}:
        raise _bad(file, "scan")
    blob = raw["blob"]
    if not isinstance(blob, str) or not _BLOB.fullmatch(blob) or blob not in blobs or blob in used:
        raise _bad(file, f"scan {str(blob)[:20]}")
    used.add(blob)
    ok = raw["mime"] in _MIMES and isinstance(raw["sha256"], str) and _SHA.fullmatch(raw["sha256"])
    if not ok or not _int(raw["width"], 1, 20_000) or not _int(raw["height"], 1, 20_000):
        raise _bad(file, blob)
    if not _int(raw["size"], 1, len(blobs[blob])) or raw["size"] != len(blobs[blob]):
        raise _bad(file, blob)
    return Scan(blob, raw["mime"], raw["width"], raw["height"], raw["sha256"], raw["size"])


def _carried(raw: Any, file: str, blobs: dict[str, bytes], used: set[str]) -> Carried:
    if not isinstance(raw, dict) or set(raw) != {"documents", "portrait"}:
        raise _bad(file, "dossier")
    documents = raw["documents"]
    if not isinstance(documents, list) or len(documents) > MAX_DOCUMENTS:
        raise _bad(file, "documents")
    filed = []
    for doc in documents:
        if (
            not isinstance(doc, dict)
            or set(doc) != {"values", "scans"}
            or not isinstance(doc["values"], dict)
        ):
            raise _bad(file, "document")
        if not isinstance(doc["scans"], list):
            raise _bad(file, "document")
        filed.append(Filed(doc["values"], tuple(_scan(s, file, blobs, used) for s in doc["scans"])))
    portrait = raw["portrait"]
    if portrait is not None:
        if not isinstance(portrait, str) or not portrait.startswith("portrait/") or portrait not in blobs:
            raise _bad(file, "portrait")
        if portrait in used:
            raise _bad(file, portrait)
        used.add(portrait)
    return Carried(tuple(filed), portrait)


def _history(data: bytes, file: str, count: int) -> list[list[dict[str, Any]]]:
    if len(data) > MAX_HISTORY:
        raise _bad(file, HISTORY)
    value = _json(data, file, HISTORY)
    if not isinstance(value, list) or len(value) != count:
        raise _bad(file, HISTORY)
    for changes in value:
        if not isinstance(changes, list) or len(changes) > MAX_CHANGES:
            raise _bad(file, HISTORY)
        for change in changes:
            if not isinstance(change, dict) or set(change) != _CHANGE_KEYS:
                raise _bad(file, HISTORY)
            texts = (change["at"], change["actor"], change["path"])
            if not all(isinstance(t, str) and len(t) <= 300 for t in texts):
                raise _bad(file, HISTORY)
    return value


def unpack(data: bytes, file: str) -> Payload:
    """The opened payload, its shape and limits checked (see the module's note)."""
    entries = _entries(data, file)
    if MANIFEST not in entries or DOSSIERS not in entries or len(entries[MANIFEST]) > MAX_MANIFEST:
        raise _bad(file, MANIFEST)
    if len(entries[DOSSIERS]) > interchange.MAX_FILE_BYTES:
        raise InvalidInput("package.too_many", file=file, what=DOSSIERS)
    manifest = _json(entries.pop(MANIFEST), file, MANIFEST)
    if not isinstance(manifest, dict) or set(manifest) != _TOP:
        raise _bad(file, MANIFEST)
    if manifest["format"] != FORMAT or manifest["version"] != VERSION:
        raise _bad(file, MANIFEST)
    counts = manifest["counts"]
    if not isinstance(counts, dict) or set(counts) != set(_COUNTS):
        raise _bad(file, "counts")
    reference = manifest["reference"]
    if reference is not None and (not isinstance(reference, str) or len(reference) > MAX_REFERENCE):
        raise _bad(file, "reference")
    if not isinstance(manifest["transfer"], bool) or not isinstance(manifest["history"], bool):
        raise _bad(file, MANIFEST)
    listed = manifest["dossiers"]
    if not isinstance(listed, list) or len(listed) > interchange.MAX_RECORDS:
        raise InvalidInput("package.too_many", file=file, what="dossiers")
    blobs = {n: d for n, d in entries.items() if _BLOB.fullmatch(n)}
    used: set[str] = set()
    carried = [_carried(raw, file, blobs, used) for raw in listed]
    documents = sum(len(c.documents) for c in carried)
    scans = sum(len(d.scans) for c in carried for d in c.documents)
    if documents > MAX_DOCUMENTS or scans > MAX_SCANS:
        raise InvalidInput("package.too_many", file=file, what="documents")
    found = dict(zip(_COUNTS, (len(carried), documents, scans, sum(1 for c in carried if c.portrait)),
                     strict=True))  # fmt: skip
    if found != counts:
        raise _bad(file, "counts")
    history = None
    if manifest["history"]:
        if HISTORY not in entries:
            raise _bad(file, HISTORY)
        history = _history(entries.pop(HISTORY), file, len(carried))
    extra = set(entries) - used - {DOSSIERS}
    if extra:
        raise _bad(file, sorted(extra)[0])
    return Payload(manifest, entries[DOSSIERS], carried, history, blobs)


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
