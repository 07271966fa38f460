"""The question asked when unsaved changes would be lost: save, discard, or stay."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.i18n import t
from ui.prompter import Prompter


def ask_to_leave(prompter: Prompter, parent: QWidget | None, name: str) -> str:
    """The officer's answer: ``save``, ``discard`` or ``cancel`` (closing the box cancels)."""
    answer = prompter.choose(
        parent,
        t("ui.editor.unsaved_title"),
        t("ui.editor.unsaved_text", name=name),
        [
            ("save", t("ui.editor.unsaved_save")),
            ("discard", t("ui.editor.unsaved_discard")),
            ("cancel", t("ui.common.cancel")),
        ],
    )
    return answer or "cancel"
