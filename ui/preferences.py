"""What the interface remembers between runs, in QSettings (organisation "HoSo"): the language
and the last vault's folder, nothing else.

Nothing read from a vault (names of people, dossier text, settings of the vault) ever goes here
(DESIGN §6); the test suite checks the settings file holds only these two keys.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from app import i18n

ORGANISATION = "HoSo"
APPLICATION = "HoSo"
LANGUAGE_KEY = "language"
LAST_VAULT_KEY = "last_vault"


class Preferences:
    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @classmethod
    def system(cls) -> Preferences:
        """The officer's own settings store (tests pass an INI file in a temporary folder)."""
        return cls(QSettings(ORGANISATION, APPLICATION))

    def language(self) -> str | None:
        value = self._settings.value(LANGUAGE_KEY)
        return value if isinstance(value, str) and value in i18n.LANGUAGES else None

    def set_language(self, lang: str) -> None:
        self._settings.setValue(LANGUAGE_KEY, lang)
        self._settings.sync()

    def last_vault(self) -> Path | None:
        value = self._settings.value(LAST_VAULT_KEY)
        return Path(value) if isinstance(value, str) and value else None

    def set_last_vault(self, path: Path) -> None:
        self._settings.setValue(LAST_VAULT_KEY, str(path))
        self._settings.sync()

    def keys(self) -> list[str]:
        return list(self._settings.allKeys())
