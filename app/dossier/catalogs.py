"""Versioned reference catalogs (danh mục): the code lists behind every coded dossier field.

Owns loading, strict validation and lookup of the catalogs shipped as JSON under
``resources/catalogs/<name>.json`` (dân tộc, tôn giáo, trình độ, đơn vị hành chính cấp tỉnh …):
each entry has a code, a Vietnamese and an English label, an optional validity period and
catalog-specific extra keys, and each catalog names its legal basis. Also owns the
diacritics-insensitive folding (:func:`fold`) used for type-ahead. A catalog that breaks a rule
(duplicate or malformed code, bad date, missing key …) is refused with a ValueError that names
the catalog and the entry: a broken catalog must never silently turn codes into blanks.

Dates in queries may be partial ISO (``"1968"``, ``"1968-05"``, ``"1968-05-17"``); a partial
date stands for its whole period, and an entry is valid on it when its validity overlaps that
period (a record that only says "2025" may hold a province that ceased on 30/6/2025).
Must not import Qt.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from app.dossier import dates
from app.dossier.folding import fold

__all__ = ["Catalog", "Entry", "fold", "load", "load_from", "names"]

_CODE = re.compile(r"[a-z0-9_]+")
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NON_WORD = re.compile(r"[\W_]+")

_TOP_REQUIRED = ("catalog", "version", "title_vi", "title_en", "source", "entries")
_TOP_OPTIONAL = ("notes",)
_ENTRY_REQUIRED = ("code", "label", "label_en", "valid_from", "valid_until")
# Extra keys that name other codes of the same catalog (checked on load).
_CODE_REF_KEYS = ("merged_into",)
_CODE_LIST_REF_KEYS = ("merged_from",)

_MIN_DAY, _MAX_DAY = date.min, date.max


def _words(text: str) -> list[str]:
    """Folded words of ``text``: punctuation, hyphens, quotes and underscores split words."""
    return [w for w in _NON_WORD.split(fold(text)) if w]


def _period(iso: str) -> tuple[date, date]:
    """First and last day of a (possibly partial) ISO date; ValueError when it is not one."""
    parsed = dates.parse(iso) if isinstance(iso, str) else None
    if parsed is None:
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or not a real day: {iso!r}")
    return parsed.first, parsed.last


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


@dataclass(frozen=True)
class Entry:
    """One code of a catalog. ``extra`` holds the catalog-specific keys (read-only)."""

    code: str
    label: str
    label_en: str
    valid_from: str | None
    valid_until: str | None
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)

    def valid_on(self, date_iso: str) -> bool:
        """Whether this entry's validity overlaps the (possibly partial) date ``date_iso``."""
        first, last = _period(date_iso)
        starts = date.fromisoformat(self.valid_from) if self.valid_from else _MIN_DAY
        ends = date.fromisoformat(self.valid_until) if self.valid_until else _MAX_DAY
        return starts <= last and first <= ends

    def text(self, lang: str = "vi") -> str:
        """The label in ``lang`` (``"vi"`` or ``"en"``)."""
        if lang == "vi":
            return self.label
        if lang == "en":
            return self.label_en
        raise ValueError(f"unsupported language {lang!r}; choose vi or en")


@dataclass(frozen=True)
class Catalog:
    """A named, versioned list of entries, in the order the catalog file gives them."""

    name: str
    version: str
    title_vi: str
    title_en: str
    source: str
    entries: tuple[Entry, ...]
    _by_code: Mapping[str, Entry] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", MappingProxyType({e.code: e for e in self.entries}))

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str) -> Entry | None:
        """The entry with ``code``, or None."""
        return self._by_code.get(code)

    def label(self, code: str, lang: str = "vi") -> str:
        """The label of ``code`` in ``lang``; the code itself when the catalog does not hold it."""
        entry = self._by_code.get(code)
        if entry is None:
            if lang not in ("vi", "en"):
                raise ValueError(f"unsupported language {lang!r}; choose vi or en")
            return code
        return entry.text(lang)

    def valid_on(self, code: str, date_iso: str) -> bool:
        """Whether ``code`` exists and is valid at some point of the (partial) date ``date_iso``."""
        entry = self._by_code.get(code)
        if entry is None:
            _period(date_iso)  # a malformed date is an error whatever the code
            return False
        return entry.valid_on(date_iso)

    def codes(self, on: str | None = None) -> list[str]:
        """All codes in catalog order, or those valid on the (partial) date ``on``."""
        if on is None:
            return [e.code for e in self.entries]
        _period(on)
        return [e.code for e in self.entries if e.valid_on(on)]

    def search(self, text: str, on: str | None = None) -> list[Entry]:
        """Entries matching the type-ahead ``text``, best first; ``on`` keeps those valid then.

        Matching ignores diacritics, case and punctuation (:func:`fold`). Every word typed must
        be the beginning of a word of the label (or of an alias in ``extra["aliases"]``) or of
        a part of the code. Ranking: exact label or code, then label beginning with the text,
        then code beginning with it, then word matches on the label, aliases, code parts; ties
        keep catalog order. Empty text returns every (valid) entry.
        """
        candidates = self.entries if on is None else tuple(e for e in self.entries if e.valid_on(on))
        query = _words(text)
        if not query:
            return list(candidates)
        joined = " ".join(query)
        scored: list[tuple[int, int, Entry]] = []
        for index, entry in enumerate(candidates):
            rank = _rank(entry, query, joined)
            if rank is not None:
                scored.append((rank, index, entry))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [entry for _, _, entry in scored]


def _prefixes_all(query: Sequence[str], words: Sequence[str]) -> bool:
    """Every query word starts some word of ``words``, each word used at most once."""
    free = list(words)
    for q in query:
        for i, w in enumerate(free):
            if w.startswith(q):
                del free[i]
                break
        else:
            return False
    return True


def _rank(entry: Entry, query: list[str], joined: str) -> int | None:
    label_words = _words(entry.label)
    label = " ".join(label_words)
    code_parts = entry.code.split("_")
    code = " ".join(code_parts)
    if joined in (label, code):
        return 0
    if label.startswith(joined):
        return 1
    if code.startswith(joined):
        return 2
    if _prefixes_all(query, label_words):
        return 3
    aliases = entry.extra.get("aliases", ())
    if isinstance(aliases, Sequence) and not isinstance(aliases, str):
        for alias in aliases:
            if isinstance(alias, str):
                alias_words = _words(alias)
                if " ".join(alias_words).startswith(joined) or _prefixes_all(query, alias_words):
                    return 4
    if _prefixes_all(query, code_parts):
        return 5
    return None


# ---------------------------------------------------------------- loading and validation


def _check_date(where: str, key: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _FULL_DATE.fullmatch(value):
        raise ValueError(f"{where}: {key} must be a YYYY-MM-DD date or null, got {value!r}")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where}: {key} is not a real date: {value!r}") from None
    return value


def _check_text(where: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {key} must be a non-empty string, got {value!r}")
    if unicodedata.normalize("NFC", value) != value:
        raise ValueError(f"{where}: {key} is not in Unicode NFC form: {value!r}")
    return value


def _parse(data: Any, origin: str, expected_name: str | None) -> Catalog:
    if not isinstance(data, dict):
        raise ValueError(f"catalog {origin}: top level must be a JSON object")
    name = data.get("catalog")
    where = f"catalog {name!r}" if isinstance(name, str) else f"catalog {origin}"
    missing = [k for k in _TOP_REQUIRED if k not in data]
    if missing:
        raise ValueError(f"{where}: missing keys {missing}")
    unknown = sorted(set(data) - set(_TOP_REQUIRED) - set(_TOP_OPTIONAL))
    if unknown:
        raise ValueError(f"{where}: unknown keys {unknown}")
    if not isinstance(name, str) or not _CODE.fullmatch(name):
        raise ValueError(f"{where}: catalog name must match [a-z0-9_]+, got {name!r}")
    if expected_name is not None and name != expected_name:
        raise ValueError(f"{where}: file {expected_name}.json names catalog {name!r}")
    for key in ("version", "title_vi", "title_en", "source"):
        _check_text(where, key, data[key])
    raw_entries = data["entries"]
    if not isinstance(raw_entries, list) or not raw_entries:
        raise ValueError(f"{where}: entries must be a non-empty list")

    entries: list[Entry] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_entries):
        code = raw.get("code") if isinstance(raw, dict) else None
        at = f"{where}, entry {index}" + (f" ({code!r})" if isinstance(code, str) else "")
        if not isinstance(raw, dict):
            raise ValueError(f"{at}: must be a JSON object")
        missing = [k for k in _ENTRY_REQUIRED if k not in raw]
        if missing:
            raise ValueError(f"{at}: missing keys {missing}")
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            raise ValueError(f"{at}: code must match [a-z0-9_]+ (ASCII, no diacritics), got {code!r}")
        if code in seen:
            raise ValueError(f"{at}: duplicate code {code!r}")
        seen.add(code)
        label = _check_text(at, "label", raw["label"])
        label_en = _check_text(at, "label_en", raw["label_en"])
        valid_from = _check_date(at, "valid_from", raw["valid_from"])
        valid_until = _check_date(at, "valid_until", raw["valid_until"])
        if valid_from and valid_until and valid_from > valid_until:
            raise ValueError(f"{at}: valid_from {valid_from} is after valid_until {valid_until}")
        if "source" in raw:
            _check_text(at, "source", raw["source"])
        extra = {k: v for k, v in raw.items() if k not in _ENTRY_REQUIRED}
        entries.append(Entry(code, label, label_en, valid_from, valid_until, _freeze(extra)))

    for index, entry in enumerate(entries):
        at = f"{where}, entry {index} ({entry.code!r})"
        for key in _CODE_REF_KEYS:
            if key in entry.extra and entry.extra[key] not in seen:
                raise ValueError(f"{at}: {key} names unknown code {entry.extra[key]!r}")
        for key in _CODE_LIST_REF_KEYS:
            if key in entry.extra:
                refs = entry.extra[key]
                if not isinstance(refs, tuple) or any(r not in seen for r in refs):
                    raise ValueError(f"{at}: {key} must list codes of this catalog, got {refs!r}")

    return Catalog(
        name=name,
        version=data["version"],
        title_vi=data["title_vi"],
        title_en=data["title_en"],
        source=data["source"],
        entries=tuple(entries),
    )


def _read(source: Traversable | Path, origin: str, expected_name: str | None) -> Catalog:
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"catalog {origin}: not valid JSON: {exc}") from None
    return _parse(data, origin, expected_name)


def _folder() -> Traversable:
    return resources.files("resources").joinpath("catalogs")


def load_from(path: str | os.PathLike[str]) -> Catalog:
    """Load and validate a catalog file at ``path`` (not cached; for tests and tooling)."""
    file = Path(path)
    return _read(file, str(file), None)


@cache
def load(name: str) -> Catalog:
    """The shipped catalog ``name`` (cached). ValueError when it is unknown or invalid."""
    if not isinstance(name, str) or not _CODE.fullmatch(name):
        raise ValueError(f"catalog name must match [a-z0-9_]+, got {name!r}")
    file = _folder().joinpath(name + ".json")
    if not file.is_file():
        raise ValueError(f"catalog {name!r}: no such catalog")
    return _read(file, name, name)


def names() -> list[str]:
    """Names of the shipped catalogs, sorted."""
    return sorted(
        entry.name.removesuffix(".json")
        for entry in _folder().iterdir()
        if entry.name.endswith(".json") and entry.is_file()
    )
