"""Readers, written approvals, reading sessions, printed extracts and the copy register
(spec/extracts.md). Must not import Qt.
"""
