"""Message catalogs: every sentence HoSo shows, in Vietnamese (default) and English.

Catalogs are JSON files under ``resources/i18n/<lang>/`` (one file per area, so that areas can
be added without touching each other), merged at first use. Keys are dotted names; values are
``str.format`` templates. A key missing from the chosen language falls back to Vietnamese, then
to the key itself, so a gap shows up as a visible key instead of a crash. Must not import Qt.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_current = DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Choose the language for messages that do not name one."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _current = lang


def language() -> str:
    return _current


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language, merged from its files."""
    merged: dict[str, str] = {}
    folder = resources.files("resources").joinpath("i18n", lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            dupes = merged.keys() & data.keys()
            if dupes:
                raise ValueError(f"message keys defined twice in {lang}: {sorted(dupes)}")
            merged.update(data)
    return merged


def t(key: str, lang: str | None = None, **params: Any) -> str:
    """The message ``key`` in ``lang`` (default: the current language), filled with ``params``."""
    template = catalog(lang or _current).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
