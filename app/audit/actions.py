"""The names of audited acts, in one place so that the viewer, filters and reports agree.

Later capabilities add their acts here. Must not import Qt.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    VAULT_CREATE = "vault.create"
    UNLOCK = "vault.unlock"
    UNLOCK_FAILED = "vault.unlock_failed"
    LOCK = "vault.lock"
    PASSPHRASE_CHANGE = "vault.passphrase_change"
    RECOVER = "vault.recover"
    RECOVERY_CODE_REISSUE = "vault.recovery_code_reissue"
    REKEY = "vault.rekey"
    SETTINGS_CHANGE = "settings.change"
    AUDIT_CHECKPOINT = "audit.checkpoint"
    AUDIT_VERIFY = "audit.verify"
    AUDIT_EXPORT = "audit.export"
    AUDIT_WARNING = "audit.warning"
    DOSSIER_CREATE = "dossier.create"
    DOSSIER_CHANGE = "dossier.change"
    DOSSIER_VIEW = "dossier.view"
    DOSSIER_REVEAL = "dossier.reveal"
    DOSSIER_HISTORY = "dossier.history"
    DOSSIER_IMPORT = "dossier.import"
    DOSSIER_EXPORT = "dossier.export"
    DOSSIER_PORTRAIT_SET = "dossier.portrait_set"
    DOSSIER_PORTRAIT_REMOVE = "dossier.portrait_remove"
    READER_ADD = "reader.add"
    READER_DEACTIVATE = "reader.deactivate"
    READER_REVEAL = "reader.reveal"
    APPROVAL_ADD = "approval.add"
    APPROVAL_REVOKE = "approval.revoke"
    APPROVAL_REFUSED = "approval.refused"
    READING_OPEN = "reading.open"
    READING_CLOSE = "reading.close"
    EXTRACT_ISSUE = "extract.issue"
    EXTRACT_SAVE = "extract.save"
    EXTRACT_PRINT = "extract.print"
    COPY_EVENT = "copy.event"
    REGISTER_PRINT = "register.print"
    COPY_TRACE = "copy.trace"
    STATS_RUN = "stats.run"
    STATS_EXPORT = "stats.export"
    STATS_DRILL = "stats.drill"
    STATS_DEFINITION_INSTALL = "stats.definition_install"
