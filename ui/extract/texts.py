"""How the extract windows name things: scope sections, approval states, copy statuses and
events, forms of use, layouts, dates and times, readers, approvals and dossiers.

Every label comes from the message catalogs (``ui_extract.json``, and the ``cli.state.*`` /
``cli.status.*`` words of ``extract.json``). Dossiers are named by the cadre's name from the list
columns (a normal field, never a restricted one), read through ``app.dossier.listing``.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.datefmt import local_datetime, partial_date
from app.dossier import listing
from app.extract.approvals import Approval
from app.extract.layouts import LAYOUTS
from app.i18n import t
from app.vault.session import Vault


def layouts() -> tuple[str, ...]:
    """The layouts an extract can follow, in the order offered."""
    return tuple(LAYOUTS)


def section_label(key: str) -> str:
    return t(f"ui.extract.section.{key}")


def sections_text(keys: Iterable[str]) -> str:
    return ", ".join(section_label(k) for k in keys)


def state_label(state: str) -> str:
    """An approval's state (valid, expired, not_yet, revoked) in words."""
    return t(f"cli.state.{state}")


def status_label(status: str) -> str:
    """A copy's status (issued, delivered …) in words."""
    return t(f"cli.status.{status}")


def event_label(event: str) -> str:
    """The act of recording an event on a copy ("Giao cho người nhận" …)."""
    return t(f"ui.extract.event.{event}")


def form_label(form: str) -> str:
    return t(f"ui.extract.form.{form}")


def layout_label(layout: str, short: bool = False) -> str:
    """The form a layout follows ("Mẫu 2C-BNV/2008 (2c-bnv)"; short: "2C-BNV/2008")."""
    key = f"ui.extract.layout_short.{layout}" if short else f"ui.extract.layout.{layout}"
    text = t(key)
    return layout if text == key else text


def day(iso: str | None) -> str:
    """``2026-05-17`` → ``17/05/2026``; "" for nothing."""
    return partial_date(iso) if iso else ""


def moment(iso: str | None) -> str:
    """An ISO UTC time as ``dd/mm/yyyy HH:MM`` local time; "" for nothing."""
    return local_datetime(iso, seconds=False) if iso else ""


def approval_label(approval: Approval) -> str:
    """``125-QĐ/TU ngày 17/05/2026``."""
    row = approval.row
    return t("ui.extract.approval_label", decision=row.decision_no, date=day(row.decision_date))


def copy_text(copy_no: int, copies: int) -> str:
    return f"{copy_no}/{copies}"


def dossier_names(vault: Vault, ids: Iterable[int]) -> dict[int, str]:
    """The cadre's name of each dossier still in the vault, by id."""
    wanted = list(dict.fromkeys(ids))
    names: dict[int, str] = {}
    for start in range(0, len(wanted), 400):
        for dossier_id, hit in listing.rows(vault, wanted[start : start + 400]).items():
            names[dossier_id] = hit.full_name
    return names


def dossier_text(dossier_id: int, names: dict[int, str]) -> str:
    """``Nguyễn Văn An (#12)``, or ``#12`` when the dossier has no name or is gone."""
    name = names.get(dossier_id)
    return f"{name} (#{dossier_id})" if name else f"#{dossier_id}"
