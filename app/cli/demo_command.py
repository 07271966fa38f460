"""``hoso demo VAULT [--dossiers N] [--seed S]``: a new vault full of synthetic dossiers.

Creates the vault exactly as ``hoso init`` does (a new passphrase from the terminal or one line
of standard input, the KDF calibrated on this machine, the recovery code and the audit key shown
once), then fills it with N dossiers from :mod:`app.dossier.synthetic` (seeded: the same seed and
day give the same dossiers), saved through ``DossierService.save_many`` in batches, one
transaction each, with progress on standard error. The dossiers are as they stood today. A
sample of them is validated on the way (the generator's tests check every one); a vault whose
filling fails or is interrupted is removed, since its recovery code was never shown.
``--json`` prints ``{"vault", "recovery_code", "audit_key", "dossiers", …}``.
Must not import Qt.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from itertools import islice
from pathlib import Path
from typing import Any

from app import i18n
from app.cli.context import Context, cli_actor
from app.cli.vault_commands import report_created
from app.dossier.service import DossierService
from app.dossier.synthetic import Generator
from app.dossier.validate import validate
from app.errors import HosoError
from app.vault import DB_FILE, HEADER_FILE
from app.vault.create import Created, create_vault
from app.vault.unlock import unlock

DEFAULT_DOSSIERS = 200
MAX_DOSSIERS = 1_000_000
BATCH = 2_000
CHECK_EVERY = 500  # validate one dossier in this many (and the first)
SOURCE = "demo"

# The demo's own sentences; the vault lines reuse ``hoso init``'s catalog messages.
MESSAGES = {
    "vi": {
        "progress": "Đã ghi {done}/{total} hồ sơ mẫu ({seconds} giây).",
        "filled": "Đã ghi {count} hồ sơ mẫu (hạt giống {seed}) trong {seconds} giây.",
        "removed": "Chưa ghi xong hồ sơ mẫu: đã xóa kho {vault} vừa tạo.",
        "invalid": "Hồ sơ mẫu số {index} không hợp lệ ({path}: {problem}); đây là lỗi của bộ sinh dữ liệu.",
    },
    "en": {
        "progress": "Saved {done}/{total} synthetic dossiers ({seconds} s).",
        "filled": "Saved {count} synthetic dossiers (seed {seed}) in {seconds} s.",
        "removed": "The synthetic dossiers were not all saved: the new vault {vault} was removed.",
        "invalid": "Synthetic dossier {index} is invalid ({path}: {problem}); this is a generator bug.",
    },
}


def _text(key: str, **params: Any) -> str:
    return MESSAGES.get(i18n.language(), MESSAGES["vi"])[key].format(**params)


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of dossiers: {text!r}") from None
    if not 0 <= value <= MAX_DOSSIERS:
        raise argparse.ArgumentTypeError(f"the number of dossiers must be 0–{MAX_DOSSIERS}")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a seed (an integer): {text!r}") from None


def _fill(ctx: Context, created: Created, passphrase: str, total: int, seed: int) -> float:
    """Save ``total`` synthetic dossiers into the new vault; the seconds it took."""
    started = time.monotonic()
    vault = unlock(created.path, passphrase, keyfile=ctx.keyfile(), actor=cli_actor())
    try:
        generator = Generator(today=vault.clock.now().date())
        rng = generator.rng(seed)
        service = DossierService(vault)
        docs = (generator.dossier(rng, index) for index in range(total))
        done = 0
        while done < total:
            batch = list(islice(docs, BATCH))
            for offset in range(-done % CHECK_EVERY, len(batch), CHECK_EVERY):
                _check(batch[offset], done + offset)
            service.save_many(batch, source=SOURCE)
            done += len(batch)
            elapsed = round(time.monotonic() - started, 1)
            sys.stderr.write(_text("progress", done=done, total=total, seconds=elapsed) + "\n")
            sys.stderr.flush()
    finally:
        vault.lock(reason="command_done")
    return time.monotonic() - started


class GeneratorBug(HosoError):
    """A synthetic dossier failed validation: the generator, not the user, is at fault (exit 1)."""

    def __init__(self, index: int, path: str, problem: str) -> None:
        super().__init__("demo.invalid", index=index, path=path, problem=problem)

    def message(self, lang: str | None = None) -> str:
        return _text("invalid", **self.params)


def _check(doc: dict[str, Any], index: int) -> None:
    result = validate(doc)
    if result.errors:
        problem = result.errors[0]
        raise GeneratorBug(index + 1, problem.path, problem.message())


def _remove(path: Path, made_dir: bool) -> None:
    for name in (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", HEADER_FILE):
        (path / name).unlink(missing_ok=True)
    if made_dir:
        shutil.rmtree(path, ignore_errors=True)


def cmd_demo(ctx: Context) -> int:
    total, seed = ctx.args.dossiers, ctx.args.seed
    passphrase = ctx.secrets.new_passphrase()
    path = ctx.vault_path
    made_dir = not path.exists()
    created = create_vault(path, passphrase, keyfile=ctx.keyfile(), actor=cli_actor())
    try:
        seconds = _fill(ctx, created, passphrase, total, seed)
    except BaseException:
        _remove(created.path, made_dir)
        sys.stderr.write(_text("removed", vault=created.path) + "\n")
        raise
    fill_seconds = round(seconds, 1)
    report_created(
        ctx,
        created,
        {"dossiers": total, "seed": seed, "fill_seconds": fill_seconds},
        (_text("filled", count=total, seed=seed, seconds=fill_seconds),),
    )
    return 0


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    demo = sub.add_parser(
        "demo", parents=[common], help="create a vault filled with synthetic dossiers (demo, benchmarks)"
    )
    demo.add_argument("vault", metavar="VAULT", help="vault directory (absent or empty)")
    demo.add_argument(
        "--dossiers",
        type=_count,
        default=DEFAULT_DOSSIERS,
        metavar="N",
        help=f"how many synthetic dossiers (default {DEFAULT_DOSSIERS})",
    )
    demo.add_argument("--seed", type=_seed, default=0, metavar="S", help="random seed (default 0)")
    demo.set_defaults(func=cmd_demo)
