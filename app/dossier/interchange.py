"""The interchange file (spec/dossier.md §9), read and written with limits against hostile input.

Reading is strict and bounded, so that a malformed or malicious file can neither crash HoSo nor
exhaust its memory (DESIGN §1):

- the file's size is checked before a byte is read (:data:`MAX_FILE_BYTES`), and never more than
  the limit is read even when the file grows meanwhile;
- the text must be UTF-8 (a leading BOM is tolerated); an invalid byte is named by its offset;
- JSON nesting deeper than :data:`MAX_DEPTH` is refused *before* parsing, by a scan of the bytes
  that needs no recursion (Python's ``json`` recurses once per level);
- duplicate keys in an object, ``NaN``/``Infinity`` literals, numbers too long to be a value,
  numbers out of the float range and lone surrogate escapes are kept as markers while parsing
  and reported afterwards with the record and field they stand in (:func:`hostile`);
- the top level must be ``{"format": "hoso.dossier", "version": 1, "dossiers": [...]}`` with at
  most :data:`MAX_RECORDS` dossiers.

Everything here is linear in the size of the input. Writing produces the same format, one
dossier per line. Must not import Qt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.errors import InvalidInput, NotFound

FORMAT = "hoso.dossier"
VERSION = 1
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_RECORDS = 20_000
MAX_DEPTH = 12
#: Arrays + objects, and strings (keys included), in one file. A file of 6,000 fully populated
#: dossiers (30 MiB) holds about 270,000 and 2,000,000; parsed, it takes some 260 MiB at peak.
MAX_CONTAINERS = 1_000_000
MAX_STRINGS = 3_000_000
#: Top-level keys a version-1 file may hold (the ones HoSo's own export writes, and ``count``).
TOP_KEYS = frozenset({"format", "version", "dossiers", "masked", "exported_at", "generator", "count"})

BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_MAX_INT_DIGITS = 30
_MAX_FLOAT_CHARS = 40
_KEY_SHOWN = 40

# The depth scan: drop escaped quotes and backslashes, keep only brackets and quotes, drop the
# (now bracket-only) strings, then peel empty pairs level by level.
_ESCAPED = re.compile(rb'\\[\\"]')
_KEEP = b'[]{}"'
_DELETE = bytes(b for b in range(256) if b not in _KEEP)
_STRINGS = re.compile(rb'"[^"]*"')
_EMPTY_PAIR = re.compile(rb"\[\]|\{\}")
_OPEN = frozenset(b"[{")
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class FileRejected(InvalidInput):
    """The file as a whole cannot be read as a dossier file (size, encoding, syntax, format)."""


# -- markers left by the parser ------------------------------------------------------------------
class Invalid:
    """A JSON number HoSo cannot take (NaN, Infinity, too long, out of range)."""

    __slots__ = ("key", "text")

    def __init__(self, key: str, text: str) -> None:
        self.key = key
        self.text = text[:_KEY_SHOWN]

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


class Duplicated(dict[str, Any]):
    """A JSON object in which some key appeared more than once."""

    duplicates: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    dupes: list[str] = []
    for key, _ in pairs:
        if key in seen and key not in dupes:
            dupes.append(key)
        seen.add(key)
    marked = Duplicated(obj)
    marked.duplicates = tuple(dupes)
    return marked


def _constant(text: str) -> Invalid:
    return Invalid("import.json.non_finite", text)


def _int(text: str) -> int | Invalid:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        return Invalid("import.json.number_too_long", text[:20] + "…")
    return int(text)


def _float(text: str) -> float | Invalid:
    if len(text) > _MAX_FLOAT_CHARS:
        return Invalid("import.json.number_too_long", text[:20] + "…")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return Invalid("import.json.non_finite", text)
    return value


_DECODER = json.JSONDecoder(
    object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_int, parse_float=_float
)


# -- reading -------------------------------------------------------------------------------------
def read_limited(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``; refused unread when it is larger than ``limit``."""
    name = path.name
    try:
        info = path.stat()
    except FileNotFoundError:
        raise NotFound("import.file.not_found", file=name) from None
    except OSError as exc:
        raise FileRejected("import.file.unreadable", file=name, reason=exc.strerror or "") from None
    if not path.is_file():
        raise FileRejected("import.file.not_regular", file=name)
    if info.st_size > limit:
        raise FileRejected("import.file.too_big", file=name, size=_mib(info.st_size), max=_mib(limit))
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise FileRejected("import.file.unreadable", file=name, reason=exc.strerror or "") from None
    if len(data) > limit:  # grew since stat
        raise FileRejected("import.file.too_big", file=name, size=_mib(len(data)), max=_mib(limit))
    return data


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def decode(data: bytes, file: str) -> str:
    """UTF-8 text without its BOM; an invalid byte is named by offset and line."""
    if data.startswith(_UTF16_BOMS):
        raise FileRejected("import.file.utf16", file=file)
    skip = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        line = data.count(b"\n", 0, offset) + 1
        raise FileRejected("import.file.not_utf8", file=file, offset=offset, line=line) from None


def _skeleton(data: bytes) -> tuple[bytes, int]:
    """The brackets of JSON ``data`` outside strings, and the number of strings. Linear."""
    kept = _ESCAPED.sub(b"", data).translate(None, _DELETE)
    strings = kept.count(b'"') // 2
    return _STRINGS.sub(b"", kept), strings


def _deeper(skeleton: bytes, limit: int) -> bool:
    rest = skeleton
    for _ in range(limit):
        if not rest:
            return False
        peeled = _EMPTY_PAIR.sub(b"", rest)
        if peeled == rest:
            break  # unbalanced: count the hard way
        rest = peeled
    if not rest:
        return False
    depth = 0
    for byte in skeleton:
        if byte in _OPEN:
            depth += 1
            if depth > limit:
                return True
        elif byte != 0x22 and depth:  # a closing bracket
            depth -= 1
    return False


def too_deep(data: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON ``data`` nests arrays/objects more than ``limit`` deep. No recursion, linear.

    Brackets inside strings do not count. For malformed input the answer may be either; such
    input is refused by the parser anyway, which then never recurses deeper than ``limit``.
    """
    return _deeper(_skeleton(data)[0], limit)


def guard(data: bytes, file: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse JSON that nests too deep or holds more arrays, objects or strings than a file of
    dossiers can (each costs memory once parsed: this bounds what parsing may take)."""
    skeleton, strings = _skeleton(data)
    containers = len(skeleton) - skeleton.count(b'"')
    if containers > 2 * MAX_CONTAINERS:  # two brackets each
        raise FileRejected("import.json.too_many_values", file=file, max=MAX_CONTAINERS, what="[ ] { }")
    if strings > MAX_STRINGS:
        raise FileRejected("import.json.too_many_values", file=file, max=MAX_STRINGS, what='" "')
    if _deeper(skeleton, max_depth):
        raise FileRejected("import.json.too_deep", file=file, max=max_depth)


def loads(text: str, file: str, *, raw: bytes | None = None, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON ``text`` under the guards; markers stand in for duplicate keys and unusable
    numbers (see :func:`hostile`). ``raw`` is the UTF-8 of ``text`` when at hand."""
    guard(raw if raw is not None else text.encode("utf-8", "surrogatepass"), file, max_depth)
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise FileRejected(
            "import.json.syntax", file=file, line=exc.lineno, column=exc.colno, reason=exc.msg
        ) from None
    except (ValueError, RecursionError):  # not expected after the guards; never a traceback
        raise FileRejected("import.json.syntax", file=file, line=1, column=1, reason="?") from None


def hostile(value: Any, path: str = "") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, message key, params) for every marker the parser left in ``value``, and every
    string holding a lone surrogate. Depth is bounded by the parser's guard; paths are built
    only for what is found."""
    found: list[tuple[tuple[str | int, ...], str, dict[str, Any]]] = []
    _walk(value, (), found)
    for parts, key, params in found:
        where = path
        for part in parts:
            where = f"{where}[{part}]" if isinstance(part, int) else join(where, shown_key(part))
        yield where, key, params


def _walk(value: Any, parts: tuple[str | int, ...], found: list[Any]) -> None:
    if isinstance(value, dict):
        if isinstance(value, Duplicated):
            for key in value.duplicates:
                found.append((parts, "import.json.duplicate_key", {"name": shown_key(key)}))
        for key, item in value.items():
            if _SURROGATE.search(key):
                found.append(((*parts, key), "import.json.surrogate", {}))
            if isinstance(item, str):
                if _SURROGATE.search(item):
                    found.append(((*parts, key), "import.json.surrogate", {}))
            elif isinstance(item, dict | list | Invalid):
                _walk(item, (*parts, key), found)
    elif isinstance(value, list):
        for n, item in enumerate(value, 1):
            if isinstance(item, str):
                if _SURROGATE.search(item):
                    found.append(((*parts, n), "import.json.surrogate", {}))
            elif isinstance(item, dict | list | Invalid):
                _walk(item, (*parts, n), found)
    elif isinstance(value, Invalid):
        found.append((parts, value.key, {"value": value.text}))
    elif isinstance(value, str) and _SURROGATE.search(value):
        found.append((parts, "import.json.surrogate", {}))


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def shown_key(key: Any) -> str:
    """A key as it may appear in a message: at most 40 characters, no control characters."""
    return _UNPRINTABLE.sub("?", str(key)[:_KEY_SHOWN])


def parse(data: bytes, file: str) -> tuple[list[Any], bool]:
    """The dossiers of an interchange file, and whether it says its values are masked.

    Raises :class:`FileRejected` when the file as a whole is not a readable version-1 file.
    The dossiers are returned as parsed (markers included), for validation record by record.
    """
    text = decode(data, file)
    raw = data[len(BOM) :] if data.startswith(BOM) else data
    top = loads(text, file, raw=raw)
    del text
    if not isinstance(top, dict):
        raise FileRejected("import.json.not_object", file=file)
    if isinstance(top, Duplicated):
        raise FileRejected("import.json.top_duplicate", file=file, name=shown_key(top.duplicates[0]))
    if top.get("format") != FORMAT:
        raise FileRejected("import.json.format", file=file, expected=FORMAT)
    version = top.get("version")
    if type(version) is not int or version != VERSION:
        raise FileRejected("import.json.version", file=file, version=shown_key(version), expected=VERSION)
    for key in top:
        if key not in TOP_KEYS:
            raise FileRejected("import.json.unknown_top", file=file, name=shown_key(key))
    masked = top.get("masked", False)
    if not isinstance(masked, bool):
        raise FileRejected("import.json.masked_flag", file=file)
    dossiers = top.get("dossiers")
    if not isinstance(dossiers, list):
        raise FileRejected("import.json.dossiers", file=file)
    if len(dossiers) > MAX_RECORDS:
        raise FileRejected("import.too_many_records", file=file, count=len(dossiers), max=MAX_RECORDS)
    return dossiers, masked


# -- writing -------------------------------------------------------------------------------------
def dumps(dossiers: list[dict[str, Any]], *, masked: bool, exported_at: str, generator: str) -> bytes:
    """An interchange file: the header keys, then one dossier per line (readable, diffable)."""
    head = {
        "format": FORMAT,
        "version": VERSION,
        "generator": generator,
        "exported_at": exported_at,
        "masked": masked,
        "count": len(dossiers),
    }
    opening = json.dumps(head, ensure_ascii=False, separators=(", ", ": "))[:-1]
    lines = [json.dumps(d, ensure_ascii=False, separators=(",", ":"), allow_nan=False) for d in dossiers]
    body = ",\n".join(lines)
    return (opening + ', "dossiers": [\n' + body + ("\n" if lines else "") + "]}\n").encode("utf-8")
