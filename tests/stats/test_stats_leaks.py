"""Small cells never carry a restricted value: whatever a report counts, its table, JSON, CSV, the
audit entries of running, drilling and exporting it hold no restricted value of any dossier, even
a cell of one; and rewinding history for an "as of" report never opens a sealed value."""

from __future__ import annotations

import json
from pathlib import Path

from app.audit.query import AuditFilter
from app.cli.stats_command import as_json
from app.dossier import document, fields
from app.dossier.service import DossierService
from app.stats import csv_export
from app.stats.service import StatsService, cross_definition
from tests.stats.conftest import StatsVault

REPORTS = ("9a-btctw", "bm02-bnv", "3-btctw", "completeness", "structure")


def restricted_values(stats_vault: StatsVault) -> set[str]:
    """Every restricted text value of every dossier (and each word of 6+ characters of longer ones)."""
    service = DossierService(stats_vault.vault)
    out: set[str] = set()
    for dossier_id in stats_vault.ids:
        data = service.get(dossier_id, reveal=True, audit=False).data
        for path, value in document.values(data).items():
            if not fields.is_restricted(path):
                continue
            for text in _texts(value):
                if len(text) >= 6:
                    out.add(text)
    return out


def _texts(value: object) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [str(value)] if value is not None and not isinstance(value, bool | int | float) else []


def test_no_output_of_any_report_holds_a_restricted_value(stats_vault: StatsVault, tmp_path: Path) -> None:
    public = json.dumps(stats_vault.docs, ensure_ascii=False)  # the class N values (restricted masked)
    secrets = {s for s in restricted_values(stats_vault) if s not in public}  # not "Nông dân", unit names
    assert len(secrets) > 1000  # CCCD numbers, phones, addresses, family names …
    stats = StatsService(stats_vault.vault)
    outputs = []
    for name in (*REPORTS, cross_definition("employing_unit", "religion")):
        report = stats.run(name, compare=True)
        outputs.append(json.dumps(as_json(report), ensure_ascii=False))
        outputs.append(csv_export.to_csv(report).decode("utf-8"))
        for chart in report.charts():
            outputs.append(repr(chart))
        ones = [
            (r.key, c.key)
            for r, vs in zip(report.table.rows, report.table.values, strict=True)
            for c, v in zip(report.table.columns, vs, strict=True)
            if v == 1 and c.measure is None
        ]
        for row, col in ones[:5]:  # the smallest cells: one person each
            assert len(stats.members(report, row, col)) == 1
        stats.save(report, "csv", csv_export.to_csv(report), tmp_path / f"{report.definition.name}.csv")
    entries = stats_vault.vault.audit.repo.page(AuditFilter(), 0, 10_000)
    outputs += [e.details for e in entries if e.action.startswith("stats.")]
    everything = "\n".join(outputs)
    leaked = [s for s in secrets if s in everything]
    assert leaked == []


def test_rewinding_never_reads_a_sealed_value(stats_vault: StatsVault) -> None:
    """The history rows handed to the statistics carry no ciphertext for restricted paths."""
    stats = StatsService(stats_vault.vault)
    rewinds = stats.repo.rewinds(
        "2000-01-01T00:00:00Z", ["identity.current_address", "family", "identity.sex"]
    )
    restricted = [r for r in rewinds if fields.is_restricted(r.path)]
    assert all(r.old is None for r in restricted)
