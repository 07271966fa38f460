"""The extract windows (issue 6): readers and written approvals, the print wizard and the copies
it issues, the copy register and the reading register. :class:`ExtractCommands` wires them to
the "Khai thác" menu."""

from ui.extract.commands import ExtractCommands

__all__ = ["ExtractCommands"]
