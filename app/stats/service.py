"""Statistics over the vault: which reports exist, running one as of a date (with the same period
last year beside it when asked), a cross-tabulation of any two dimensions, the dossiers behind a
cell, and installing a new report definition.

Every run is audited (``stats.run``: report, version, date, how many dossiers were counted), as
is every look at the dossiers behind a cell (``stats.drill``) and every definition installed.
Figures are counts of class N values only (``dimensions``); nothing here reads a restricted value.
Must not import Qt.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from app.audit.actions import Action
from app.datefmt import local_day, partial_date
from app.dossier import stat_facts
from app.dossier.rules import plus_years
from app.dossier.service import DossierService, as_of_cutoff
from app.errors import InvalidInput, NotFound, UsageError
from app.extract.release import write_new
from app.i18n import language, t
from app.stats import definitions, tables
from app.stats import dimensions as dims
from app.stats.definitions import Definition
from app.stats.population import Population, derive, load
from app.stats.predicates import DefinitionError
from app.vault.session import Vault
from storage.stats_repo import StatsRepository

INSTALLED_PREFIX = "report_definition:"
#: The committee named at the head of a printed report ("Tỉnh ủy Thái Nguyên"), a vault setting.
ORGANISATION_SETTING = "organisation_name"
KEPT_POPULATIONS = 4
_CACHE: WeakKeyDictionary[Vault, OrderedDict[Any, Population]] = WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
CROSS = "cross"


@dataclass(frozen=True, slots=True)
class Report:
    table: tables.Table
    on: date  # the reference date
    as_of: str | None  # the date asked for; None for today
    before: tables.Table | None = None  # the same period last year
    change: tuple[tuple[float | None, ...], ...] | None = None  # now × 100 / before, per cell
    lang: str = "vi"

    @property
    def definition(self) -> Definition:
        return self.table.definition

    def charts(self) -> list[tables.Series]:
        return tables.charts(self.table, self.lang)


def cross_definition(row_dim: str, col_dim: str, bands: str = "party") -> Definition:
    """A definition counting ``row_dim`` × ``col_dim`` (``age`` is counted in the shipped band set
    ``bands`` of the Party forms): built as data, like any other."""
    shipped_sets = {"party": "3-btctw", "leaders": "9a-btctw", "state": "bm02-bnv"}
    for dim in (row_dim, col_dim):
        spec = dims.DIMENSIONS.get(dim)
        if spec is None or spec.kind not in (dims.CODE, dims.NUMBER):
            raise UsageError("stats.bad_dimension", name=dim[:40], known=", ".join(cross_dimensions()))
    source = next(d for d in definitions.shipped() if d.name == shipped_sets.get(bands, "3-btctw"))
    band_set = next(iter(source.band_sets.values()))

    def named(dim: str, lang: str) -> str:
        return t(f"stats.dim.{dim}", lang)

    def line(dim: str) -> dict[str, Any]:
        kind = {"bands": "age"} if dim == "age" else {"each": dim}
        return {
            "key": dim,
            "label": named(dim, "vi"),
            "label_en": named(dim, "en"),
            "group": named(dim, "vi"),
            **kind,
        }

    raw = {
        "format": definitions.FORMAT,
        "name": CROSS,
        "version": "1",
        "effective": "1900-01-01",
        "title": f"{named(row_dim, 'vi')} × {named(col_dim, 'vi')}",
        "title_en": f"{named(row_dim, 'en')} × {named(col_dim, 'en')}",
        "form": t("stats.cross_form", "vi"),
        "band_sets": {"age": {"dim": "age", "bands": [_band_json(b) for b in band_set]}},
        "columns": [{"key": "total", "label": "Tổng số", "label_en": "Total"}, line(col_dim)],
        "rows": [{"key": "total", "label": "Tổng số", "label_en": "Total"}, line(row_dim)],
    }
    return definitions.parse(json.dumps(raw, ensure_ascii=False), origin=CROSS)


def _band_json(band: definitions.Band) -> dict[str, Any]:
    return {
        "label": band.label,
        "label_en": band.label_en,
        **{k: v for k, v in band.cond.items() if k != "dim"},
    }


def cross_dimensions() -> list[str]:
    return [name for name, spec in dims.DIMENSIONS.items() if spec.kind in (dims.CODE, dims.NUMBER)]


class StatsService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.repo = StatsRepository(vault.db, stat_facts.COLUMNS)

    # -- definitions ---------------------------------------------------------------------
    def definitions(self) -> list[Definition]:
        """Every version of every report: shipped, then installed into this vault."""
        installed = [
            definitions.parse(text, origin="installed")
            for key, text in sorted(self.vault.settings.all().items())
            if key.startswith(INSTALLED_PREFIX)
        ]
        return [*definitions.shipped(), *installed]

    def catalogue(self, on: date | None = None) -> list[Definition]:
        """One definition per report name, the version in force on ``on`` (today by default)."""
        day = on or self.today()
        every = self.definitions()
        names = sorted({d.name for d in every})
        return [d for n in names if (d := definitions.pick(every, n, day)) is not None]

    def install(self, text: bytes) -> Definition:
        """Add a definition to the vault. A name and version already present is refused unless
        it is the same text: a published version is never changed, a new one is added."""
        try:
            definition = definitions.parse(text, origin="installed")
        except DefinitionError as exc:
            raise InvalidInput("stats.bad_definition", reason=str(exc)) from None
        if definition.name == CROSS:
            raise InvalidInput("stats.bad_definition", reason=f"definition.name: {CROSS!r} is reserved")
        for other in self.definitions():
            if (other.name, other.version) == (definition.name, definition.version):
                if other.sha256 == definition.sha256:
                    return other
                raise InvalidInput("stats.version_exists", name=definition.name, version=definition.version)
        key = f"{INSTALLED_PREFIX}{definition.name}:{definition.version}"
        with self.vault.db.transaction() as tx:
            self.vault.settings.put(key, text.decode("utf-8"))
            details = {
                "version": definition.version,
                "effective": definition.effective,
                "sha256": definition.sha256,
            }
            self.vault.audit.record(Action.STATS_DEFINITION_INSTALL, definition.name, details, tx=tx)
        return definition

    # -- running -------------------------------------------------------------------------
    def today(self) -> date:
        return local_day(self.vault.clock.now())

    def reference(self, as_of: str | None) -> tuple[date, str | None]:
        """(reference day, history cut-off or None for the current state) for an as-of text."""
        if not as_of:
            return self.today(), None
        cutoff = as_of_cutoff(as_of)
        day = date.fromisoformat(cutoff[:10])
        if day > self.today():
            raise InvalidInput("stats.future_as_of", date=partial_date(day.isoformat()))
        now = self.vault.clock.now()
        return day, (None if datetime.fromisoformat(cutoff.replace("Z", "+00:00")) >= now else cutoff)

    def population(self, as_of: str | None, wanted: frozenset[str] | None = None) -> Population:
        """The dossiers as they stood on the day ``as_of`` names (today when None), with the
        dimensions ``wanted`` (all by default). The last few are kept for this vault until a
        dossier is saved: switching reports, or re-running one, does not read the vault again."""
        day, cutoff = self.reference(as_of)
        not_kept = DossierService(self.vault).policy().not_kept
        key = (self.repo.generation(), cutoff, day, not_kept, wanted)
        with _CACHE_LOCK:
            kept = _CACHE.setdefault(self.vault, OrderedDict())
            if key in kept:
                kept.move_to_end(key)
                return kept[key]
        names = None if wanted is None else {c for d in wanted for c in dims.SOURCES[d]}
        pop = derive(load(self.repo, cutoff, names), day, not_kept, wanted)
        with _CACHE_LOCK:
            kept[key] = pop
            while len(kept) > KEPT_POPULATIONS:
                kept.popitem(last=False)
        return pop

    def resolve(self, name: str, on: date) -> Definition:
        picked = definitions.pick(self.definitions(), name, on)
        if picked is None:
            raise NotFound("stats.unknown_report", name=name[:60])
        return picked

    def run(
        self,
        report: str | Definition,
        *,
        as_of: str | None = None,
        compare: bool = False,
        lang: str | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Report:
        """Count a report (a name, or a definition read from a file) as of a date."""
        lang = lang or language()
        day, _ = self.reference(as_of)
        definition = report if isinstance(report, Definition) else self.resolve(report, day)
        wanted = definitions.used(definition)
        pop = self.population(as_of, wanted)
        lines = tables.expand(definition, pop, lang)
        table = tables.count(definition, pop, lines)
        before = change = None
        if compare:
            if cancelled is not None and cancelled():
                raise InterruptedError("statistics cancelled")
            earlier = plus_years(day, -1)
            past = self.population(earlier.isoformat(), wanted)
            before = tables.count(definition, past, lines)
            change = tables.compared(table, before)
        details: dict[str, Any] = {
            "version": definition.version,
            "as_of": as_of[:10] if as_of else None,
            "compare": compare,
            "counted": table.population,
        }
        if definition.origin not in ("shipped", "installed"):
            details["sha256"] = definition.sha256
        self.vault.audit.record(Action.STATS_RUN, definition.name, details)
        return Report(table, day, as_of[:10] if as_of else None, before, change, lang)

    def members(self, report: Report, row: str, column: str) -> list[int]:
        """The dossiers behind one cell (audited: the list names people)."""
        ids = report.table.members(row, column)
        details = {"row": row, "column": column, "as_of": report.as_of, "count": len(ids)}
        self.vault.audit.record(Action.STATS_DRILL, report.definition.name, details)
        return ids

    def organisation(self) -> str:
        return self.vault.setting(ORGANISATION_SETTING) or ""

    def record_export(self, report: Report, kind: str, sha256: str, file: str | None = None) -> None:
        """Audit that ``report`` left the vault as a ``kind`` file (its SHA-256, and its name)."""
        details = {"format": kind, "as_of": report.as_of, "version": report.definition.version}
        details.update(sha256=sha256, file=file)
        self.vault.audit.record(Action.STATS_EXPORT, report.definition.name, details)

    def save(self, report: Report, kind: str, data: bytes, path: Path) -> None:
        """Write an exported report to a new file (never over one) and audit it."""
        write_new(path, data)
        self.record_export(report, kind, hashlib.sha256(data).hexdigest(), path.name)
