"""The page view of the documents window: one scanned page, decoded from the bytes in memory
(``QImage.fromData``; never a file), with zoom in and out, actual size, fit to the width or to
the whole page, and rotation by quarter turns.

The view keeps a mode from page to page: "page" and "width" refit whenever the view is resized,
the page turned or another page shown; a zoom by hand leaves them for a fixed scale. Rotation
turns the view (the stored image is never changed); :meth:`PageViewer.shown_image` is the page as
shown, for the portrait. With no page, a note (why there is none) is written in the middle of
the view. Signal:
``changed()`` after the image, the scale or the rotation changed.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QResizeEvent, QTransform
from PySide6.QtWidgets import QFrame, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QWidget

ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.05, 8.0
MARGIN = 8  # pixels kept free around a fitted page
BACKDROP = QColor("#6b6f75")


class PageViewer(QGraphicsView):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsPageView")
        self.setProperty("restricted", True)
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self._image = QImage()
        self.rotation = 0  # degrees clockwise: 0, 90, 180, 270
        self.scale_factor = 1.0
        self.mode = "page"  # "page", "width" or "free"
        self._note = ""  # said in the middle of the view when no page is shown
        self.setBackgroundBrush(BACKDROP)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- the page ----------------------------------------------------------------------------
    def set_image(self, data: bytes | None) -> bool:
        """Show the image in ``data`` (None: nothing), upright, fitted as the last page was (or at
        its scale); False when Qt cannot decode it."""
        image = QImage.fromData(data) if data else QImage()
        self._image = image
        self._item.setPixmap(QPixmap.fromImage(image) if not image.isNull() else QPixmap())
        self._scene.setSceneRect(QRectF(self._item.boundingRect()))
        self.rotation = 0
        self._refit()
        return not image.isNull()

    def clear(self) -> None:
        self.set_image(None)

    def set_note(self, text: str) -> None:
        self._note = text
        self.viewport().update()

    def note(self) -> str:
        return self._note

    def drawForeground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        if self._note and self._image.isNull():
            painter.save()
            painter.resetTransform()
            area = self.viewport().rect().adjusted(24, 24, -24, -24)
            painter.setPen(QColor("#ffffff"))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(area, int(flags), self._note)
            painter.restore()

    def has_image(self) -> bool:
        return not self._image.isNull()

    def image_size(self) -> tuple[int, int]:
        return self._image.width(), self._image.height()

    def shown_image(self) -> QImage:
        """The page as shown: the stored image turned by the view's rotation."""
        if self.rotation == 0 or self._image.isNull():
            return QImage(self._image)
        return self._image.transformed(QTransform().rotate(self.rotation))

    # -- zoom and rotation ---------------------------------------------------------------------
    def zoom_in(self) -> None:
        self._set_scale(self.scale_factor * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_scale(self.scale_factor / ZOOM_STEP)

    def actual_size(self) -> None:
        self._set_scale(1.0)

    def fit_page(self) -> None:
        self.mode = "page"
        self._refit()

    def fit_width(self) -> None:
        self.mode = "width"
        self._refit()

    def rotate_left(self) -> None:
        self._rotate(-90)

    def rotate_right(self) -> None:
        self._rotate(90)

    def _rotate(self, degrees: int) -> None:
        if not self.has_image():
            return
        self.rotation = (self.rotation + degrees) % 360
        self._refit()

    def _set_scale(self, scale: float) -> None:
        if not self.has_image():
            return
        self.mode = "free"
        self._apply(scale)

    def _turned_size(self) -> tuple[float, float]:
        width, height = float(self._image.width()), float(self._image.height())
        return (height, width) if self.rotation in (90, 270) else (width, height)

    def _refit(self) -> None:
        if self.mode == "free" or self._image.isNull():
            self._apply(self.scale_factor)
            return
        width, height = self._turned_size()
        room = self.viewport().size()
        if self.verticalScrollBar().isVisible():  # measured without the bars: they may go away
            room.setWidth(room.width() + self.verticalScrollBar().width())
        if self.horizontalScrollBar().isVisible():
            room.setHeight(room.height() + self.horizontalScrollBar().height())
        across = max(room.width() - 2 * MARGIN, 1)
        down = max(room.height() - 2 * MARGIN, 1)
        if self.mode == "width":
            scale = across / width
            if height * scale > down:  # taller than the view: the vertical scroll bar takes its room
                scale = max(across - self.verticalScrollBar().sizeHint().width(), 1) / width
        else:
            scale = min(across / width, down / height)
        self._apply(scale)
        if self.mode == "width":  # the top of the page first
            self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())

    def _apply(self, scale: float) -> None:
        self.scale_factor = min(max(scale, MIN_SCALE), MAX_SCALE)
        self.setTransform(QTransform().rotate(self.rotation).scale(self.scale_factor, self.scale_factor))
        self.changed.emit()

    def zoom_percent(self) -> int:
        return round(self.scale_factor * 100)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.mode != "free":
            self._refit()
