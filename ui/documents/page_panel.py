"""The right half of the documents window: the selected document's page thumbnails beside the
page view, the view's buttons (zoom out and in, actual size, fit page, fit width, rotate left and
right) and, under the thumbnails, which page is shown, its size and the zoom.

The shortcuts live on the whole window (``owner``): Ctrl++ / Ctrl+= and Ctrl+- zoom, Ctrl+0
fits the page, Ctrl+1 shows the actual size, Ctrl+2 fits the width, Ctrl+[ and Ctrl+] turn the
page (Ctrl+L stays the vault's lock), Page Up and Page Down go from page to page.
The window tells the panel what to show; the panel never calls the vault.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from app.i18n import t
from ui.documents.page_viewer import PageViewer
from ui.documents.thumbnails import ThumbnailStrip
from ui.extract.widgets import button

#: (object name, text key, shortcuts) of the view's buttons, left to right.
VIEW_BUTTONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("documentsZoomOut", "zoom_out", ("Ctrl+-",)),
    ("documentsZoomIn", "zoom_in", ("Ctrl++", "Ctrl+=")),
    ("documentsActualSize", "actual_size", ("Ctrl+1",)),
    ("documentsFitPage", "fit_page", ("Ctrl+0",)),
    ("documentsFitWidth", "fit_width", ("Ctrl+2",)),
    ("documentsRotateLeft", "rotate_left", ("Ctrl+[",)),
    ("documentsRotateRight", "rotate_right", ("Ctrl+]",)),
)


class PagePanel(QWidget):
    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self.setProperty("restricted", True)
        self.label = QLabel(self)
        self.thumbs = ThumbnailStrip(self)
        self.label.setBuddy(self.thumbs)
        self.viewer = PageViewer(self)
        self.viewer.changed.connect(self.show_info)
        self.info = QLabel(self)
        self.info.setObjectName("documentsPageInfo")
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setWordWrap(True)
        self.info.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.info.setFixedWidth(self.thumbs.width())
        self.info.setMinimumHeight(self.info.fontMetrics().lineSpacing() * 3 + 4)
        viewer = self.viewer
        slots: dict[str, Callable[[], None]] = {
            "zoom_out": viewer.zoom_out, "zoom_in": viewer.zoom_in, "actual_size": viewer.actual_size,
            "fit_page": viewer.fit_page, "fit_width": viewer.fit_width,
            "rotate_left": viewer.rotate_left, "rotate_right": viewer.rotate_right,
        }  # fmt: skip
        self.buttons: dict[str, QToolButton] = {}
        for name, key, keys in VIEW_BUTTONS:
            widget = QToolButton(self)  # no 80-pixel minimum width, unlike a push button
            widget.setObjectName(name)
            widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            widget.clicked.connect(slots[key])
            self.buttons[key] = widget
            for sequence in keys:
                QShortcut(QKeySequence(sequence), owner, slots[key])
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), owner, lambda: self.thumbs.step(-1))
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), owner, lambda: self.thumbs.step(1))
        self.remove_button = button(self, "documentsRemoveScanButton")
        self.portrait_button = button(self, "documentsPortraitButton")
        self._lay_out()

    def _lay_out(self) -> None:
        tools = QHBoxLayout()
        for key in ("zoom_out", "zoom_in", "actual_size", "fit_page", "fit_width"):
            tools.addWidget(self.buttons[key])
        tools.addSpacing(8)
        tools.addWidget(self.buttons["rotate_left"])
        tools.addWidget(self.buttons["rotate_right"])
        tools.addStretch(1)
        acts = QHBoxLayout()
        acts.addStretch(1)
        acts.addWidget(self.remove_button)
        acts.addWidget(self.portrait_button)
        page = QVBoxLayout()
        page.setContentsMargins(0, 0, 0, 0)
        page.addLayout(tools)
        page.addWidget(self.viewer, 1)
        page.addLayout(acts)
        strip = QVBoxLayout()
        strip.setContentsMargins(0, 0, 0, 0)
        strip.addWidget(self.label)
        strip.addWidget(self.thumbs, 1)
        strip.addWidget(self.info)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(strip)
        layout.addLayout(page, 1)

    def focus_order(self) -> list[QWidget]:
        return [self.thumbs, self.viewer, *self.buttons.values(), self.remove_button, self.portrait_button]

    @property
    def note(self) -> str:
        """What the view says when no page is shown."""
        return self.viewer.note()

    @note.setter
    def note(self, text: str) -> None:
        self.viewer.set_note(text)

    def show_info(self) -> None:
        if not self.viewer.has_image():
            self.info.clear()
        else:
            width, height = self.viewer.image_size()
            self.info.setText(t("ui.documents.page_info", n=self.thumbs.current_number(),
                                total=self.thumbs.pages.rowCount(), width=width, height=height,
                                zoom=self.viewer.zoom_percent()))  # fmt: skip
        has_page = self.viewer.has_image()
        for widget in self.buttons.values():
            widget.setEnabled(has_page)
        self.portrait_button.setEnabled(has_page)
        self.remove_button.setEnabled(self.thumbs.current_scan() != 0)

    def retranslate(self) -> None:
        self.label.setText(t("ui.documents.pages_label"))
        self.thumbs.retranslate()
        for _name, key, keys in VIEW_BUTTONS:
            tip = t(f"ui.documents.view_tip.{key}")
            self.buttons[key].setText(t(f"ui.documents.view.{key}"))
            self.buttons[key].setToolTip(f"{tip} ({keys[0]})")
            self.buttons[key].setAccessibleName(tip)
        self.remove_button.setText(t("ui.documents.remove_scan"))
        self.portrait_button.setText(t("ui.documents.portrait"))
        self.show_info()
