"""The field-policy tree of the settings dialog: the form's sections and their fields with check
boxes, a checked field being "không lưu trong phần mềm" (kept only in the paper dossier).

A section of fields is a parent whose box checks or clears all its optional fields and shows
whether all, some or none are checked; a table or record section (training, family …) is one
check box, the policy naming the whole section. Required fields (full name,
personal id, sex, date of birth) carry no check box: a dossier cannot exist without them.
The tree reads and gives the policy as a set of paths (``identity.religion``, ``economy``);
paths it cannot show (an older policy's, or a required field marked from the command line)
are kept only while the officer changes nothing here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app import i18n
from app.dossier import fields
from app.dossier.fields import Field, Section
from app.i18n import t

PATH_ROLE = Qt.ItemDataRole.UserRole


def _label(item: Field | Section) -> str:
    return item.label if i18n.language() == "vi" else item.label_en


class PolicyTree(QTreeWidget):
    def __init__(self, not_kept: frozenset[str] = frozenset(), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyTree")
        self.setColumnCount(2)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(False)
        self._items: dict[str, QTreeWidgetItem] = {}  # path → item, for every item
        self._required: set[str] = set()
        self._syncing = False
        for section in fields.SECTIONS:
            self._add_section(section)
        self._unknown = frozenset(p for p in not_kept if p not in self._checkable_paths())
        self.set_not_kept(not_kept)
        self._initial = self._checked()
        self.itemChanged.connect(self._follow)
        self.retranslate()

    # -- building ------------------------------------------------------------------------------
    def _add_section(self, section: Section) -> None:
        top = QTreeWidgetItem(self)
        top.setData(0, PATH_ROLE, section.key)
        self._items[section.key] = top
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
        if section.table is not None:
            top.setFlags(flags)
            top.setCheckState(0, Qt.CheckState.Unchecked)
            return
        top.setFlags(flags)
        for spec in section.fields:
            path = f"{section.key}.{spec.key}"
            child = QTreeWidgetItem(top)
            child.setData(0, PATH_ROLE, path)
            self._items[path] = child
            if spec.required:  # no check box at all: never "not kept"
                self._required.add(path)
                child.setFlags(Qt.ItemFlag.ItemIsSelectable)
            else:
                child.setFlags(flags)
                child.setCheckState(0, Qt.CheckState.Unchecked)
        top.setCheckState(0, Qt.CheckState.Unchecked)

    def _follow(self, item: QTreeWidgetItem, column: int) -> None:
        """Keep a section and its fields in step after the officer checks either."""
        if self._syncing or column != 0:
            return
        self._syncing = True
        try:
            if item.childCount():
                cleared = item.checkState(0) == Qt.CheckState.Unchecked
                wanted = Qt.CheckState.Unchecked if cleared else Qt.CheckState.Checked
                for child in self._optional_children(item):
                    child.setCheckState(0, wanted)
                self._sum_up(item)
            else:
                parent = item.parent()
                if parent is not None:
                    self._sum_up(parent)
        finally:
            self._syncing = False

    def _optional_children(self, top: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        children = (top.child(i) for i in range(top.childCount()))
        return [c for c in children if c is not None and c.data(0, PATH_ROLE) not in self._required]

    def _sum_up(self, top: QTreeWidgetItem) -> None:
        """A section's box: checked when all its optional fields are, partly when some are."""
        states = {c.checkState(0) for c in self._optional_children(top)}
        if states == {Qt.CheckState.Checked}:
            top.setCheckState(0, Qt.CheckState.Checked)
        elif Qt.CheckState.Checked in states:
            top.setCheckState(0, Qt.CheckState.PartiallyChecked)
        else:
            top.setCheckState(0, Qt.CheckState.Unchecked)

    def _checkable_paths(self) -> list[str]:
        """The paths a check box stands for: table sections and the optional fields."""
        out = []
        for path, item in self._items.items():
            if path in self._required or item.childCount():
                continue
            out.append(path)
        return out

    # -- the policy ------------------------------------------------------------------------------
    def set_not_kept(self, not_kept: frozenset[str]) -> None:
        """Check the fields of ``not_kept``; a section of fields named whole checks its fields."""
        for path in self._checkable_paths():
            marked = path in not_kept or path.split(".", 1)[0] in not_kept
            self._items[path].setCheckState(0, Qt.CheckState.Checked if marked else Qt.CheckState.Unchecked)
        for section in fields.SECTIONS:
            top = self._items[section.key]
            if top.childCount():
                self._sum_up(top)

    def _checked(self) -> frozenset[str]:
        return frozenset(
            p for p in self._checkable_paths() if self._items[p].checkState(0) == Qt.CheckState.Checked
        )

    def marked(self) -> frozenset[str]:
        """The paths checked now."""
        return self._checked()

    def changed(self) -> bool:
        return self._checked() != self._initial

    def not_kept(self) -> frozenset[str]:
        """The policy as shown: the checked paths, plus what the tree cannot show as long as
        nothing was changed here."""
        checked = self._checked()
        return checked if checked != self._initial else checked | self._unknown

    def item_for(self, path: str) -> QTreeWidgetItem:
        """The row of a field path or section key (for tests and keyboard navigation)."""
        return self._items[path]

    def is_required(self, path: str) -> bool:
        return path in self._required

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setHeaderLabels([t("ui.settings.policy.field"), t("ui.settings.policy.path")])
        required = t("ui.settings.policy.required")
        syncing, self._syncing = self._syncing, True  # new texts are not the officer's check
        try:
            self._set_texts(required)
        finally:
            self._syncing = syncing

    def _set_texts(self, required: str) -> None:
        for path, item in self._items.items():
            head, _, rest = path.partition(".")
            section = fields.section(head)
            if not rest:
                prefix = f"{section.number}. " if section.number else ""
                item.setText(0, prefix + _label(section))
            else:
                spec = fields.field_at(path)
                item.setText(0, f"{_label(spec)} ({required})" if spec.required else _label(spec))
            item.setText(1, path)
            tip = "ui.settings.policy.required_tip" if path in self._required else "ui.settings.policy.tip"
            item.setToolTip(0, t(tip))
