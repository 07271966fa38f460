"""SQLCipher storage: open with a raw key, asserted pragmas, migrations, repositories.

Repositories take and return plain dataclasses. This package never sees a passphrase, only the
256-bit raw key it is handed. Must not import Qt or ``crypto``.
"""


class StorageError(Exception):
    """Base of this package's errors. Messages never hold row contents or keys."""


class NotADatabase(StorageError):
    """The key does not open the file, or the file is not (or no longer) a SQLCipher database.

    SQLite reports a wrong key and a damaged first page alike; the caller, which has checked the
    key against the vault header, tells the two apart.
    """


class CorruptDatabase(StorageError):
    """Pages fail their HMAC or the integrity check reports errors."""


class CopyFailed(StorageError):
    """A copy of the database (a backup) could not be written: the disk is full or not writable."""


class SchemaTooNew(StorageError):
    """The file was written by a newer HoSo whose schema this one does not know."""

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(f"schema version {found} is newer than supported {supported}")
        self.found = found
        self.supported = supported


class PragmaMismatch(StorageError):
    """A required connection setting did not take effect."""


class AppendOnlyViolation(StorageError):
    """A write to an append-only table was refused by its trigger."""
