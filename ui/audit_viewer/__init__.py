"""The audit log viewer (issue 3): a lazy table over the log, filters, and the signed PDF report."""

from ui.audit_viewer.window import AuditViewer

__all__ = ["AuditViewer"]
