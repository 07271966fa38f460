"""The register of packages sent and received, and the change history a package carried.

A package made with ``--history`` brings the sender's history of each dossier. It is kept sealed
apart from this vault's own history (``package_history``), because this vault's history says what
happened *here* and its as-of views rewind it; the carried history is shown on request, its
restricted values masked unless revealed (an audited act, ``dossier.history`` with
``carried: true``). Must not import Qt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.audit.actions import Action
from app.dossier.document import MASK
from app.dossier.service import DossierService
from app.errors import IntegrityViolation, NotFound
from app.packages.importer import history_ad
from app.vault.session import Vault
from crypto import DecryptionFailed, aead
from storage.package_repo import PackageRepository, ReceivedRow, SentRow

__all__ = ["CarriedHistory", "ReceivedRow", "SentRow", "carried_history", "received", "sent"]


@dataclass(frozen=True, slots=True)
class CarriedHistory:
    package_id: str
    changes: list[dict[str, Any]]  # at, actor, path, restricted, old, new, basis, source


def sent(vault: Vault) -> list[SentRow]:
    return PackageRepository(vault.db).sent()


def received(vault: Vault) -> list[ReceivedRow]:
    return PackageRepository(vault.db).received()


def carried_history(vault: Vault, dossier_id: int, *, reveal: bool = False) -> list[CarriedHistory]:
    """The histories packages brought for the dossier, oldest package first (audited)."""
    if DossierService(vault).repo.get(dossier_id) is None:
        raise NotFound("dossier.not_found", id=dossier_id)
    key = vault.keys.field_key()
    out = []
    for package_id, blob in PackageRepository(vault.db).history(dossier_id):
        try:
            changes = json.loads(aead.open_sealed(key, blob, history_ad(package_id, dossier_id)))
        except DecryptionFailed:
            raise IntegrityViolation("package.history_damaged", id=dossier_id) from None
        if not reveal:
            for change in changes:
                if change.get("restricted"):
                    change["old"] = None if change["old"] is None else MASK
                    change["new"] = None if change["new"] is None else MASK
        out.append(CarriedHistory(package_id, changes))
    details = {"carried": True, "revealed": reveal, "packages": len(out)}
    vault.audit.record(Action.DOSSIER_HISTORY, str(dossier_id), details)
    return out
