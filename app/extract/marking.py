"""The wording of a copy's marking, as versioned templates with effective dates and legal basis.

The templates are JSON files in ``resources/marking/``: the secrecy stamp per level, "Bản sao số
k/n" for the first page, the page and serial lines, the visible watermark line, and the copy
block of the last page. The law changed on 01/3/2026 (Luật 117/2025/QH15, NĐ 63/2026/NĐ-CP
replacing Luật 29/2018 and TT 24/2020), so a copy uses the template in force on the day it is
made, and the register records which (``id@version``). A new template is a new file.
Must not import Qt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    version: int
    effective_from: date
    effective_until: date | None
    legal_basis: str
    stamp: dict[str, str]
    first_page: str
    page: str
    serial: str
    watermark: str
    block_title: str
    block: tuple[tuple[str, str], ...]
    signature: tuple[str, ...]

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)


def _template(raw: dict[str, Any]) -> Template:
    until = raw.get("effective_until")
    return Template(
        str(raw["id"]), int(raw["version"]), date.fromisoformat(raw["effective_from"]),
        date.fromisoformat(until) if until else None, str(raw["legal_basis"]), dict(raw["stamp"]),
        str(raw["first_page"]), str(raw["page"]), str(raw["serial"]), str(raw["watermark"]),
        str(raw["block_title"]), tuple((str(a), str(b)) for a, b in raw["block"]),
        tuple(str(s) for s in raw["signature"]),
    )  # fmt: skip


@cache
def templates() -> tuple[Template, ...]:
    folder = resources.files("resources").joinpath("marking")
    found = [
        _template(json.loads(entry.read_text(encoding="utf-8")))
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    ]
    return tuple(sorted(found, key=lambda t: t.effective_from))


def in_force(day: date) -> Template:
    """The newest template in force on ``day`` (the newest of all for a day before any)."""
    matching = [t for t in templates() if t.in_force(day)]
    return (matching or list(templates()))[-1]


def by_ref(ref: str) -> Template | None:
    return next((t for t in templates() if t.ref == ref), None)
