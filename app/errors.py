"""The one error hierarchy of HoSo.

Every error a user can see is a :class:`HosoError` carrying a message key from the catalog
(:mod:`app.i18n`) and its parameters, plus the CLI exit status (spec/cli.md). Parameters never
hold restricted values, passphrases or keys: messages name files, records and fields only.
Must not import Qt.
"""

from __future__ import annotations

from typing import Any, ClassVar

from app import i18n


class HosoError(Exception):
    """A failure HoSo explains to its user in one sentence."""

    exit_code: ClassVar[int] = 1

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def message(self, lang: str | None = None) -> str:
        return i18n.t(self.key, lang=lang, **self.params)

    def __str__(self) -> str:
        return self.message()


class UsageError(HosoError):
    """The command or call was given wrong words (exit 2)."""

    exit_code = 2


class InvalidInput(HosoError):
    """Input that fails validation; nothing was changed (exit 1)."""


class NotFound(HosoError):
    """A named vault, record or file does not exist (exit 1)."""


class PolicyRefusal(HosoError):
    """Refused by policy: approval scope, copy count, field policy (exit 1)."""


class AuthenticationFailed(HosoError):
    """Wrong passphrase, key file or recovery code, or locked out (exit 3)."""

    exit_code = 3


class LockedOut(AuthenticationFailed):
    """Too many failed unlocks: the caller must wait before the next try (exit 3)."""

    def __init__(self, seconds: float) -> None:
        super().__init__("error.locked_out", seconds=max(1, round(seconds)))
        self.seconds = seconds


class IntegrityViolation(HosoError):
    """Tampering or corruption found in a vault, header, audit log, backup or token (exit 4)."""

    exit_code = 4


class EnvironmentFault(HosoError):
    """The machine, not HoSo, is at fault: disk full, permissions, missing device (exit 1)."""
