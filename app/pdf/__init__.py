"""PDF building with ReportLab, in memory only (DESIGN §6): fonts, QR codes, page furniture.

Must not import Qt.
"""
