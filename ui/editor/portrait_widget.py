"""The editor's portrait photo: the picture at 3×4 proportions, and buttons to choose or remove it.

The photo is shown from bytes in memory (``QImage.fromData``), never from a file. A chosen file is
read and cleaned by :func:`app.dossier.portrait.prepare_file` off the GUI thread; a refusal is
shown through the prompter and changes nothing. The change stays PENDING until the editor saves:
it asks :meth:`PortraitWidget.pending` and writes it with ``app.dossier.portrait``, then calls
:meth:`PortraitWidget.clear_pending`.

Signal: ``changed()`` whenever the officer chooses or removes the photo.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.dossier.portrait import Portrait, prepare_file
from app.i18n import t
from ui import operations
from ui.operations import error_text
from ui.prompter import Prompter

#: The picture's frame on screen (3×4).
FRAME = QSize(96, 128)

Pending = tuple[str, bytes | None]


class PortraitWidget(QWidget):
    changed = Signal()

    def __init__(self, prompter: Prompter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("portraitWidget")
        self._prompter = prompter
        self._stored: bytes | None = None
        self._pending: Pending | None = None
        self._read_only = False
        self._busy = False
        self._generation = 0  # bumped by set_portrait: a file read for the previous dossier is dropped

        self.title = QLabel(self)
        self.title.setObjectName("portraitTitle")
        self.picture = QLabel(self)
        self.picture.setObjectName("portraitImage")
        self.picture.setFixedSize(FRAME)
        self.picture.setFrameShape(QFrame.Shape.StyledPanel)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setObjectName("portraitNote")
        self.note.setWordWrap(True)
        self.choose_button = QPushButton(self)
        self.choose_button.setObjectName("portraitChooseButton")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("portraitRemoveButton")
        self.title.setBuddy(self.choose_button)

        side = QVBoxLayout()
        side.addWidget(self.title)
        side.addWidget(self.choose_button)
        side.addWidget(self.remove_button)
        side.addWidget(self.note)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture)
        layout.addLayout(side)
        self.setTabOrder(self.choose_button, self.remove_button)
        self.setFocusProxy(self.choose_button)

        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)
        self.retranslate()

    # -- what the editor tells it ---------------------------------------------------------
    def set_portrait(self, jpeg: bytes | None) -> None:
        """Show the stored photo (None: no photo), forgetting any pending change; no ``changed``."""
        self._stored = jpeg
        self._pending = None
        self._generation += 1
        self._busy = False
        self._refresh()

    def pending(self) -> Pending | None:
        """The change to save: ``("set", jpeg)``, ``("remove", None)``, or None when unchanged."""
        return self._pending

    def clear_pending(self) -> None:
        """The pending change was saved: what is shown is now the stored photo."""
        self._stored = self.shown()
        self._pending = None
        self._refresh()

    def revert(self) -> None:
        """Drop the pending change and show the stored photo again."""
        self._pending = None
        self._refresh()

    def shown(self) -> bytes | None:
        """The photo on screen: the pending one, or the stored one."""
        if self._pending is not None:
            return self._pending[1]
        return self._stored

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._refresh()

    # -- the officer's acts -----------------------------------------------------------------
    def choose(self) -> None:
        """Ask for an image file and make it the pending photo (refusals shown, nothing changed)."""
        if self._read_only or self._busy:
            return
        path = self._prompter.choose_open_path(self, t("portrait.choose_title"), t("portrait.filter"))
        if path is None:
            return
        self._busy = True
        self._refresh()
        generation = self._generation
        operations.run(
            self,
            t("portrait.working"),
            lambda: prepare_file(path),
            lambda portrait: self._chosen(portrait, generation),
            on_error=lambda exc: self._refused(exc, generation),
        )

    def _chosen(self, portrait: Portrait, generation: int) -> None:
        # Dropped when the editor closed, or showed another dossier, while the file was read.
        if not isValid(self) or generation != self._generation:
            return
        self._busy = False
        if portrait.jpeg == self._stored:
            self._pending = None
        else:
            self._pending = ("set", portrait.jpeg)
        self._refresh()
        self.changed.emit()

    def _refused(self, exc: BaseException, generation: int) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self._busy = False
        self._refresh()
        self._prompter.error(self, t("portrait.error_title"), error_text(exc))

    def remove(self) -> None:
        """Make "no photo" the pending change."""
        if self._read_only or self._busy or self.shown() is None:
            return
        self._pending = None if self._stored is None else ("remove", None)
        self._refresh()
        self.changed.emit()

    # -- showing ------------------------------------------------------------------------------
    def _refresh(self) -> None:
        jpeg = self.shown()
        image = QImage.fromData(jpeg) if jpeg else QImage()
        if image.isNull():
            self.picture.setPixmap(QPixmap())
            self.picture.setText(t("portrait.none"))
            self.picture.setToolTip("")
        else:
            pixmap = QPixmap.fromImage(image).scaled(
                FRAME,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.picture.setText("")
            self.picture.setPixmap(pixmap)
            self.picture.setToolTip(t("portrait.size", width=image.width(), height=image.height()))
        if self._pending is None:
            self.note.setText("")
        else:
            self.note.setText(
                t("portrait.pending_set" if self._pending[0] == "set" else "portrait.pending_remove")
            )
        self.note.setVisible(self._pending is not None)
        editable = not self._read_only and not self._busy
        self.choose_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and jpeg is not None)

    def retranslate(self) -> None:
        self.title.setText(t("portrait.label"))
        self.choose_button.setText(t("portrait.choose"))
        self.remove_button.setText(t("portrait.remove"))
        self.picture.setAccessibleName(t("portrait.label"))
        self._refresh()
