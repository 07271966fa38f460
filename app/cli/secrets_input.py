"""Reading secrets for the command line, never from its arguments.

On a terminal each secret is prompted without echo (a new passphrase twice). Otherwise each
needed secret is one line of standard input, in the order the command documents;
``--passphrase-file`` supplies the unlock passphrase from a file instead. Must not import Qt.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import TextIO

from app import i18n
from app.errors import InvalidInput, UsageError
from app.vault import keyfile

MAX_SECRET_CHARS = 1024


class SecretSource:
    def __init__(self, passphrase_file: Path | None = None, stdin: TextIO | None = None) -> None:
        self._file = passphrase_file
        self._stdin = stdin or sys.stdin
        self._file_used = False

    def _interactive(self) -> bool:
        return self._stdin.isatty()

    def _line(self, what: str) -> str:
        line = self._stdin.readline()
        if not line:
            raise UsageError("error.no_secret", what=i18n.t(f"what.{what}"))
        line = line.rstrip("\r\n")
        if len(line) > MAX_SECRET_CHARS:
            raise InvalidInput("error.no_secret", what=i18n.t(f"what.{what}"))
        return line

    def passphrase(self, prompt_key: str = "prompt.passphrase") -> str:
        """The unlock passphrase (or the current one, for ``passwd``)."""
        if self._file is not None and not self._file_used:
            self._file_used = True
            try:
                text = self._file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise InvalidInput("error.file_unreadable", file=str(self._file)) from None
            return text.splitlines()[0] if text else ""
        if self._interactive():
            return getpass.getpass(i18n.t(prompt_key))
        return self._line("passphrase")

    def new_passphrase(self) -> str:
        if self._interactive():
            first = getpass.getpass(i18n.t("prompt.new_passphrase"))
            if getpass.getpass(i18n.t("prompt.repeat_passphrase")) != first:
                raise InvalidInput("error.passphrases_differ")
            return first
        return self._line("new_passphrase")

    def recovery_code(self) -> str:
        if self._interactive():
            return getpass.getpass(i18n.t("prompt.recovery_code"))
        return self._line("recovery_code")


def read_keyfile(path: Path | None) -> bytes | None:
    return None if path is None else keyfile.read_keyfile(path)
