"""The prompter: every question the interface asks the officer in a message box or a file dialog.

Windows never call ``QMessageBox`` or ``QFileDialog`` directly; they ask a :class:`Prompter`.
:class:`QtPrompter` shows the real dialogs; :class:`ScriptedPrompter` answers from a script and
records what was said, so tests (and the screenshot script) never block on a modal dialog.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget


class Prompter(Protocol):
    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        """Ask a yes/no question; True for yes."""
        ...

    def inform(self, parent: QWidget | None, title: str, text: str) -> None: ...

    def choose(
        self, parent: QWidget | None, title: str, text: str, choices: Sequence[tuple[str, str]]
    ) -> str | None:
        """Ask the officer to pick one of ``choices`` (key, button text); None when they close
        the box. The first choice is the default button."""
        ...

    def ask_text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """One line of text (a decision reference), or None when the officer cancels."""
        ...

    def error(self, parent: QWidget | None, title: str, text: str) -> None: ...

    def choose_save_path(
        self, parent: QWidget | None, title: str, suggested: str, name_filter: str
    ) -> Path | None:
        """A file to write, or None when the officer cancels."""
        ...

    def choose_open_path(self, parent: QWidget | None, title: str, name_filter: str) -> Path | None:
        """An existing file to read (a key file), or None."""
        ...

    def choose_folder(self, parent: QWidget | None, title: str, start: str) -> Path | None:
        """An existing folder, or None."""
        ...


class QtPrompter:
    """The real dialogs. Native file dialogs are avoided: they may talk to desktop portals."""

    _FILE_OPTIONS = QFileDialog.Option.DontUseNativeDialog

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def choose(
        self, parent: QWidget | None, title: str, text: str, choices: Sequence[tuple[str, str]]
    ) -> str | None:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        buttons = [(box.addButton(label, QMessageBox.ButtonRole.ActionRole), key) for key, label in choices]
        box.setDefaultButton(buttons[0][0])
        box.exec()
        clicked = box.clickedButton()
        return next((key for button, key in buttons if button is clicked), None)

    def ask_text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, "")
        return text if ok else None

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.critical(parent, title, text)

    def choose_save_path(
        self, parent: QWidget | None, title: str, suggested: str, name_filter: str
    ) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested, name_filter, "", self._FILE_OPTIONS)
        return Path(name) if name else None

    def choose_open_path(self, parent: QWidget | None, title: str, name_filter: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, "", name_filter, "", self._FILE_OPTIONS)
        return Path(name) if name else None

    def choose_folder(self, parent: QWidget | None, title: str, start: str) -> Path | None:
        options = self._FILE_OPTIONS | QFileDialog.Option.ShowDirsOnly
        name = QFileDialog.getExistingDirectory(parent, title, start, options)
        return Path(name) if name else None


@dataclass
class ScriptedPrompter:
    """Answers from queues (``confirms``, ``paths``, ``choices``, ``texts_typed``); with an empty
    queue, ``default_confirm`` and None. Everything asked is kept in ``said`` as
    ``(kind, title, text)``."""

    confirms: deque[bool] = field(default_factory=deque)
    paths: deque[Path | None] = field(default_factory=deque)
    choices: deque[str | None] = field(default_factory=deque)
    texts_typed: deque[str | None] = field(default_factory=deque)
    default_confirm: bool = False
    said: list[tuple[str, str, str]] = field(default_factory=list)

    def _path(self, kind: str, title: str) -> Path | None:
        self.said.append((kind, title, ""))
        return self.paths.popleft() if self.paths else None

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.said.append(("confirm", title, text))
        return self.confirms.popleft() if self.confirms else self.default_confirm

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.said.append(("inform", title, text))

    def choose(
        self, parent: QWidget | None, title: str, text: str, choices: Sequence[tuple[str, str]]
    ) -> str | None:
        self.said.append(("choose", title, text))
        answer = self.choices.popleft() if self.choices else None
        if answer is not None and answer not in {key for key, _ in choices}:
            raise AssertionError(f"scripted choice {answer!r} is not one of {[k for k, _ in choices]}")
        return answer

    def ask_text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        self.said.append(("ask_text", title, label))
        return self.texts_typed.popleft() if self.texts_typed else None

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.said.append(("error", title, text))

    def choose_save_path(
        self, parent: QWidget | None, title: str, suggested: str, name_filter: str
    ) -> Path | None:
        return self._path("save", title)

    def choose_open_path(self, parent: QWidget | None, title: str, name_filter: str) -> Path | None:
        return self._path("open", title)

    def choose_folder(self, parent: QWidget | None, title: str, start: str) -> Path | None:
        return self._path("folder", title)

    def texts(self, kind: str) -> list[str]:
        """What was said of one kind (``"error"``, ``"confirm"`` …)."""
        return [text for k, _, text in self.said if k == kind]
