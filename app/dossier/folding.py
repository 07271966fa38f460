"""Folding Vietnamese text for matching: no diacritics, đ → d, lower case, single spaces.

"Nguyễn Văn Ánh", "NGUYEN VAN ANH" and "nguyen  van anh" fold to the same text, so search and
type-ahead find them whatever keyboard or input method typed them. Must not import Qt.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)


def fold(text: str) -> str:
    """``text`` without diacritics, đ → d, case-folded, with single spaces.

    ``"Ê Đê"``, ``"ê đê"`` and ``"E DE"`` all fold to ``"e de"``. Decomposes (NFD), drops the
    combining marks, maps đ/Đ (and Ð/ð, which legacy encodings put in place of Đ) to d.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    stripped = stripped.replace("đ", "d").replace("ð", "d")
    return _SPACE.sub(" ", stripped).strip()


def exact(text: str) -> str:
    """Lower case with diacritics kept (NFC), for ranking exact matches first."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()


def words(text: str) -> list[str]:
    """The words of ``text`` with punctuation removed (hyphens and quotes split words)."""
    composed = unicodedata.normalize("NFC", text)  # decomposed marks would split a word in two
    return [w for w in _SPACE.split(_NON_WORD.sub(" ", composed)) if w]
