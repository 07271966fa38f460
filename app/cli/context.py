"""What every command gets: output, secrets, and a way to open the vault named by ``VAULT``.

Must not import Qt.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app import i18n
from app.cli.output import Output
from app.cli.secrets_input import SecretSource, read_keyfile
from app.vault.session import Vault
from app.vault.unlock import unlock


def cli_actor() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return f"{user} (cli)"


@dataclass
class Context:
    args: argparse.Namespace
    out: Output
    secrets: SecretSource
    last_passphrase: str = ""

    @property
    def vault_path(self) -> Path:
        return Path(self.args.vault)

    def keyfile(self) -> bytes | None:
        return read_keyfile(getattr(self.args, "keyfile", None))

    @contextmanager
    def unlocked(self) -> Iterator[Vault]:
        """The vault, unlocked with the passphrase from the terminal, stdin or file; locked
        again however the command ends."""
        passphrase = self.secrets.passphrase()
        self.last_passphrase = passphrase  # acts on the key slots ask for it again
        vault = unlock(self.vault_path, passphrase, keyfile=self.keyfile(), actor=cli_actor())
        try:
            if vault.recovery_code_needed:
                self.out.say("vault.recovery_needed")
            if vault.audit_warning is not None and vault.audit_warning.problem is not None:
                problem = vault.audit_warning.problem
                reason = i18n.t(problem.reason_key, seq=problem.seq, **problem.params)
                self.out.say("audit.warning_on_unlock", reason=reason)
            yield vault
        finally:
            vault.lock(reason="command_done")
