"""The interface language: switching it at run time and telling every open window to retranslate.

:class:`LanguageHub` sets the message catalog language (:mod:`app.i18n`), remembers the choice in
the preferences and emits ``changed(str)``; each window connects its ``retranslate`` slot to it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app import i18n
from ui.preferences import Preferences

NAMES = {"vi": "Tiếng Việt", "en": "English"}  # each language named in itself, never translated


class LanguageHub(QObject):
    changed = Signal(str)

    def __init__(self, preferences: Preferences, initial: str | None = None) -> None:
        super().__init__()
        self._preferences = preferences
        lang = initial or preferences.language() or i18n.DEFAULT_LANGUAGE
        i18n.set_language(lang)
        if initial is not None:
            preferences.set_language(lang)

    def current(self) -> str:
        return i18n.language()

    def other(self) -> str:
        return "en" if self.current() == "vi" else "vi"

    def set(self, lang: str) -> None:
        """Switch to ``lang`` (``vi`` or ``en``) and remember it."""
        if lang == self.current():
            return
        i18n.set_language(lang)
        self._preferences.set_language(lang)
        self.changed.emit(lang)
