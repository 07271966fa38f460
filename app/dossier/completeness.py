"""How far a dossier is from "đúng, đủ, sạch, sống" (correct, complete, clean, alive), and which
dossiers need work most.

:func:`assess` looks at one dossier:

- **đủ — fields** (50 points × share present): the fields a complete TT 06/2023 résumé must fill
  (:data:`REQUIRED`); fields the officer marked "not recorded in software" are not asked for.
  Restricted fields and tables count by existence only: their values are never read.
- **đủ — yearly items** (20 points × share present): each year of service needs a row in
  ``yearly_ratings`` (xếp loại, khen thưởng theo năm). Years run from the first recruitment —
  or from 2010 at the earliest — to last year (this year's rating is not due yet), and stop at
  the status date of a cadre no longer in service. A year counts only when surely served six
  months or more (a cadre with under six months in a year is not rated), so a recruitment
  recorded as a bare year starts the count the year after.
- **sạch / đúng** (15 points, minus 5 per error and 3 per warning, at least 0): the problems
  ``rules.check`` finds in the stored document today.
- **sống** (15 points): the dossier was updated within the last 12 months; older is ``stale``.

The score is the floor of the sum (0–100), so only a dossier with nothing to fix scores 100.

:func:`neediest` ranks every dossier in the vault from its stored normal values and the list of
restricted paths present (one query over ``dossier_secrets``), without decrypting anything, so
rules on restricted values (family, CCCD) are not run there; the editor, which holds the full
document, runs them. :func:`neediest_named` does the same for the desktop's list, with each
dossier's full name (a normal value), progress and a way to stop. Neither records an audit entry
per dossier: nothing restricted is read. Must not import Qt.
"""

from __future__ import annotations

import heapq
import json
import math
from collections import defaultdict
from collections.abc import Callable, Collection, Generator, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app.clock import parse_iso_utc
from app.dossier import document, fields, rules
from app.dossier.dates import parse
from app.dossier.document import Doc
from app.dossier.fields import Policy
from app.dossier.structure import Problem

if TYPE_CHECKING:
    from app.dossier.service import DossierService

__all__ = ["REQUIRED", "Completeness", "Needy", "assess", "neediest", "neediest_named", "service_years"]

REQUIRED = (
    "identity.full_name",
    "identity.sex",
    "identity.birth_date",
    "identity.birth_place",
    "identity.home_town",
    "identity.ethnicity",
    "identity.religion",
    "identity.personal_id",
    "identity.current_address",
    "career.recruitment_date",
    "career.recruiting_agency",
    "position.employing_unit",
    "position.current_post",
    "position.management_tier",
    "qualifications.general_education",
    "qualifications.highest_degree",
    "qualifications.political_theory",
    "salary.grade_title",
    "salary.coefficient",
    "health.status",
    "training",
    "work_history",
    "family",
)
YEARLY_FROM = 2010
FIELDS_POINTS, YEARLY_POINTS, CLEAN_POINTS, FRESH_POINTS = 50, 20, 15, 15
ERROR_COST, WARNING_COST = 5, 3


@dataclass(frozen=True, slots=True)
class Completeness:
    score: int  # 0–100
    missing: list[tuple[str, str]]  # (path, message key) of required fields not filled
    stale: bool  # not updated for more than 12 months
    yearly_missing: list[int]  # years of service without a yearly_ratings row
    problems: list[Problem]  # what rules.check finds (errors and warnings)
    updated_at: str

    @property
    def complete(self) -> bool:
        return self.score == 100


def missing_key(path: str) -> str:
    return f"completeness.missing.{path}"


def _present(doc: Doc, path: str, restricted_paths: Collection[str] | None) -> bool:
    if restricted_paths is not None and fields.is_restricted(path):
        return path in restricted_paths
    return document.prune(document.get(doc, path)) is not None


def service_years(doc: Doc, today: date) -> list[int]:
    """The years whose yearly rating is due: served at least six months, from 2010, until last year."""
    recruited = parse(str(document.get(doc, rules.RECRUITED) or ""))
    if recruited is None:
        return []
    first = recruited.year if recruited.last <= date(recruited.year, 7, 1) else recruited.year + 1
    last = today.year - 1
    status = document.get(doc, rules.STATUS)
    left = parse(str(document.get(doc, rules.STATUS_DATE) or ""))
    if status not in (None, "dang_cong_tac") and left is not None:
        last = min(last, left.year if left.first >= date(left.year, 7, 1) else left.year - 1)
    return list(range(max(first, YEARLY_FROM), last + 1))


def _stale(updated_at: str, today: date) -> bool:
    try:
        updated = parse_iso_utc(updated_at).date()
    except ValueError:
        return True
    return updated < rules.plus_years(today, -1)


def assess(
    doc: Doc,
    *,
    updated_at: str,
    today: date,
    policy: Policy | None = None,
    restricted_paths: Collection[str] | None = None,
) -> Completeness:
    """How complete one dossier is. ``restricted_paths``, when given, lists the restricted paths
    that hold a value (``doc`` then holds only normal values); otherwise ``doc`` is read."""
    policy = policy or Policy()
    wanted = [p for p in REQUIRED if policy.kept(p)]
    missing = [(p, missing_key(p)) for p in wanted if not _present(doc, p, restricted_paths)]
    due = service_years(doc, today) if policy.kept("yearly_ratings") else []
    rated = {row.get("year") for row in rules.rows(doc, "yearly_ratings")}
    yearly_missing = [y for y in due if y not in rated]
    problems = rules.check(doc, today=today)
    stale = _stale(updated_at, today)
    errors = sum(1 for p in problems if p.severity == rules.ERROR)
    total = (
        FIELDS_POINTS * (1 - len(missing) / len(wanted) if wanted else 1)
        + YEARLY_POINTS * (1 - len(yearly_missing) / len(due) if due else 1)
        + max(0, CLEAN_POINTS - ERROR_COST * errors - WARNING_COST * (len(problems) - errors))
        + (0 if stale else FRESH_POINTS)
    )
    score = max(0, min(100, math.floor(total + 1e-9)))
    return Completeness(score, missing, stale, yearly_missing, problems, updated_at)


@dataclass(frozen=True, slots=True)
class Needy:
    """One dossier of the neediest list: its id, full name (a normal value) and assessment."""

    id: int
    full_name: str
    completeness: Completeness


CANCEL_EVERY = 100


def _assessed(
    service: DossierService,
    day: date,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[Needy]:
    """Every dossier assessed from its stored normal values, in id order (nothing decrypted)."""
    policy = service.policy()
    total = service.repo.count() if progress is not None else 0
    secret: defaultdict[int, set[str]] = defaultdict(set)
    for dossier_id, path in service.vault.db.execute("SELECT dossier_id, path FROM dossier_secrets"):
        secret[int(dossier_id)].add(str(path))
    rows = service.repo.iterate()
    try:  # the row iterator holds the database lock: let it go at once, even when stopped
        for n, row in enumerate(rows):
            if n % CANCEL_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise InterruptedError("completeness ranking cancelled")
                if progress is not None:
                    progress(n, total)
            doc = json.loads(row.normal)
            name = document.get(doc, "identity.full_name")
            yield Needy(
                row.id,
                name if isinstance(name, str) else "",
                assess(
                    doc,
                    updated_at=row.updated_at,
                    today=day,
                    policy=policy,
                    restricted_paths=secret.get(row.id, frozenset()),
                ),
            )
    finally:
        if isinstance(rows, Generator):
            rows.close()
    if progress is not None:
        progress(total, total)


def _lowest(items: Iterator[Needy], limit: int) -> list[Needy]:
    return heapq.nsmallest(max(0, limit), items, key=lambda item: (item.completeness.score, item.id))


def neediest(
    service: DossierService, limit: int = 50, today: date | None = None
) -> list[tuple[int, Completeness]]:
    """The ``limit`` dossiers with the lowest scores (ties: lowest id first), as (id, assessment)."""
    day = today or service.vault.clock.now().date()
    return [(n.id, n.completeness) for n in _lowest(_assessed(service, day), limit)]


def neediest_named(
    service: DossierService,
    limit: int = 50,
    today: date | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Needy]:
    """:func:`neediest` with each dossier's full name, for the desktop's list. ``progress(done,
    total)`` is called every hundred dossiers and at the end; once ``cancelled()`` is true the work
    stops with InterruptedError, letting the database go at once."""
    day = today or service.vault.clock.now().date()
    return _lowest(_assessed(service, day, progress, cancelled), limit)
