"""HoSo's domain layer: vault, audit log, services and the command line.

Owns everything that is not drawing pixels. Must not import Qt (PySide6): the GUI in ``ui/``
calls into this package, never the other way round (DESIGN §2).
"""
