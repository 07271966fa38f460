"""Defaults the officer chooses for new dossiers, kept as vault settings: for now the secrecy mark
(độ mật) a new dossier starts with.

A setting holds a catalog code, never dossier data; changing it goes through
``Vault.change_setting`` and is therefore audited with the old and new code. A stored code that
the secrecy catalog no longer holds falls back to :data:`FALLBACK_SECRECY`. Must not import Qt.
"""

from __future__ import annotations

from app.dossier import catalogs
from app.errors import InvalidInput
from app.vault.session import Vault

DEFAULT_SECRECY_SETTING = "default_secrecy"
FALLBACK_SECRECY = "mat"


def secrecy_codes() -> list[str]:
    """The secrecy marks a dossier may carry, in catalog order (lowest first)."""
    return catalogs.load("secrecy").codes()


def default_secrecy(vault: Vault) -> str:
    """The secrecy mark new dossiers start with: the vault's setting, else ``"mat"``."""
    code = vault.setting(DEFAULT_SECRECY_SETTING)
    return code if code is not None and code in catalogs.load("secrecy") else FALLBACK_SECRECY


def set_default_secrecy(vault: Vault, code: str) -> None:
    """Record ``code`` as the default secrecy mark (audited; nothing happens when unchanged)."""
    if code not in catalogs.load("secrecy"):
        raise InvalidInput(
            "dossier.default_secrecy.unknown", code=str(code)[:40], codes=", ".join(secrecy_codes())
        )
    vault.change_setting(DEFAULT_SECRECY_SETTING, code)
