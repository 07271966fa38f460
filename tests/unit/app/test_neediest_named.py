"""``neediest_named``: the neediest dossiers with their full names for the desktop list — the same
ranking as ``neediest``, no audit entry per dossier, progress reports, and a cancel that stops the
work and lets the database go."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from app.dossier import completeness, synthetic
from app.dossier.completeness import Needy, neediest, neediest_named
from app.dossier.service import DossierService
from app.vault.session import Vault

TODAY = date(2026, 1, 1)


@pytest.fixture
def service(opened: Vault) -> DossierService:
    docs = list(synthetic.generate(5, seed=21))
    docs[3]["identity"].pop("religion", None)
    docs[3].pop("training", None)
    svc = DossierService(opened)
    svc.save_many(docs, source="test")
    return svc


def test_same_ranking_as_neediest_with_names(service: DossierService) -> None:
    audited = service.vault.info()["audit_entries"]
    named = neediest_named(service, 3, TODAY)
    assert [(n.id, n.completeness) for n in named] == neediest(service, 3, TODAY)
    assert all(isinstance(n, Needy) for n in named)
    for n in named:
        row = service.repo.get(n.id)
        assert row is not None
        assert n.full_name == row.facts["full_name"] != ""
    assert named[0].id == 4  # the stripped one
    assert service.vault.info()["audit_entries"] == audited
    assert neediest_named(service, 0, TODAY) == []
    assert len(neediest_named(service, 50, TODAY)) == 5


def test_progress_is_reported_to_the_end(service: DossierService) -> None:
    seen: list[tuple[int, int]] = []
    neediest_named(service, 2, TODAY, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 5)
    assert seen[-1] == (5, 5)


def test_cancel_stops_and_releases_the_database(
    service: DossierService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(completeness, "CANCEL_EVERY", 2)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # let the first check pass, stop at the second

    with pytest.raises(InterruptedError):
        neediest_named(service, 2, TODAY, cancelled=cancelled)
    assert len(asked) == 2
    counted: list[int] = []
    other = threading.Thread(target=lambda: counted.append(service.repo.count()))
    other.start()
    other.join(timeout=10)
    assert not other.is_alive()
    assert counted == [5]
