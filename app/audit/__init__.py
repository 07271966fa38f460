"""The audit log: append-only, hash-chained, forward-secure (DESIGN §4).

``AuditLog.record(action, target, details)`` is the one call every service makes for a
security-relevant act. Must not import Qt.
"""
