"""The ``hoso`` entry point: hardening and the air-gap guard first, then parsing and dispatch.

Exit status (spec/cli.md): 0 success; 1 failed for an explained reason; 2 usage; 3
authentication; 4 integrity violation. One sentence per error, no traceback unless ``--debug``.
Must not import Qt.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app import airgap, hardening, i18n
from app.cli.context import Context
from app.cli.output import Output
from app.cli.secrets_input import SecretSource
from app.errors import HosoError

#: Each module registers its commands with ``register(subparsers, common_options)``.
COMMAND_MODULES = (
    "vault_commands",
    "audit_commands",
    "dossier_commands",
    "import_command",
    "demo_command",
    "search_command",
    "reader_commands",
    "extract_commands",
    "trace_command",
    "stats_command",
    "document_commands",
    "backup_commands",
    "package_commands",
)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No abbreviated options: "--passphrase SECRET" must be refused, not taken for
        # "--passphrase-file SECRET" (which would then echo the secret in its error).
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"hoso: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    common.add_argument("--lang", choices=i18n.LANGUAGES, help="language of messages (default vi)")
    common.add_argument("--debug", action="store_true", help="show tracebacks")
    common.add_argument("--passphrase-file", type=Path, metavar="FILE", help="read the passphrase from FILE")
    common.add_argument("--keyfile", type=Path, metavar="F", help="the vault's key file")
    parser = _Parser(prog="hoso", description="HoSo — hồ sơ cán bộ, kho mã hóa ngoại tuyến.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"app.cli.{name}").register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    hardening.harden()
    airgap.install()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        i18n.set_language(args.lang)
    out = Output(args.json)
    ctx = Context(args, out, SecretSource(args.passphrase_file))
    try:
        return int(args.func(ctx))
    except HosoError as exc:
        if args.debug:
            traceback.print_exc()
        out.error(exc.message())
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``hoso search … | head``): not an error of ours. Point stdout at
        # /dev/null so the interpreter's final flush does not complain again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        out.error(i18n.t("error.unexpected", kind=type(exc).__name__))
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
