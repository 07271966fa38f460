"""The values statistics count, one narrow row per dossier (table ``dossier_stats``).

Every column is a class N value of the dossier, kept as stored (catalog codes, partial dates,
free text), plus ``missing``: which of the required fields (``completeness.REQUIRED``) are
empty, the restricted ones judged by existence only. A save writes the row from the document
(:func:`row`); a statistics "as of" a past date rewinds it with the old values of the history
(:func:`value`), which is why each column is derived from exactly one path. Restricted values
never reach this table. Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from app.dossier.completeness import REQUIRED

#: stats column → the dossier path it is taken from.
COLUMN_PATHS: dict[str, str] = {
    "sex": "identity.sex",
    "birth_date": "identity.birth_date",
    "ethnicity": "identity.ethnicity",
    "religion": "identity.religion",
    "party_join_date": "career.party_join_date",
    "party_official_date": "career.party_official_date",
    "management_tier": "position.management_tier",
    "employing_unit": "position.employing_unit",
    "post_group": "position.post_group",
    "committee": "position.committee",
    "committee_concurrent": "position.committee_concurrent",
    "status": "position.status",
    "highest_degree": "qualifications.highest_degree",
    "academic_title": "qualifications.academic_title",
    "political_theory": "qualifications.political_theory",
    "state_management": "qualifications.state_management",
    "it_level": "qualifications.it_level",
    "languages": "qualifications.foreign_languages",
    "ethnic_language": "qualifications.ethnic_language",
    "grade_code": "salary.grade_code",
}
COLUMNS = (*COLUMN_PATHS, "missing")
PATH_COLUMNS = {path: column for column, path in COLUMN_PATHS.items()}
#: Separates the (language, level) pairs of ``languages`` and the paths of ``missing``.
PAIR_SEP, ITEM_SEP = "|", ";"


def value(column: str, stored: Any) -> str | None:
    """The column's text for a path's stored value (None when empty)."""
    if stored is None or stored == "" or stored == []:
        return None
    if column == "languages":
        pairs = []
        for item in stored if isinstance(stored, list) else []:
            if isinstance(item, dict):
                language = str(item.get("language") or "").replace(PAIR_SEP, " ").replace(ITEM_SEP, " ")
                level = str(item.get("level") or "").replace(PAIR_SEP, " ").replace(ITEM_SEP, " ")
                if language or level:
                    pairs.append(f"{language}{PAIR_SEP}{level}")
        return ITEM_SEP.join(pairs) or None
    return str(stored)


def missing(present: Collection[str]) -> str | None:
    """``missing`` for a dossier whose non-empty paths are ``present``."""
    return ITEM_SEP.join(p for p in REQUIRED if p not in present) or None


def row(by_path: Mapping[str, Any]) -> dict[str, str | None]:
    """The stats row of a dossier given every non-empty value by path (restricted ones may be
    any placeholder: only their presence is looked at)."""
    out = {column: value(column, by_path.get(path)) for column, path in COLUMN_PATHS.items()}
    out["missing"] = missing(by_path.keys())
    return out
