"""Shared fixtures: the offscreen Qt platform, fast-KDF vaults through the in-process seam,
and a runner for the real ``hoso`` command in a subprocess.

The KDF seam: ``WEAK`` parameters make vault creation and unlock fast in process; such a vault
is refused by a normal (floor-checking) unlock, which is itself tested. CLI tests use vaults
made at the real floor, because the CLI has no seam.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.clock import ManualClock
from app.vault.create import Created, create_vault
from app.vault.session import Vault
from app.vault.unlock import unlock
from crypto.kdf import FLOOR, KdfParams

PROJECT = Path(__file__).resolve().parents[1]
WEAK = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
PASSPHRASE = "Mật khẩu thử nghiệm dài 2026"


@dataclass
class VaultHandle:
    path: Path
    created: Created
    passphrase: str
    kdf_floor: KdfParams
    clock: ManualClock

    def unlock(self, passphrase: str | None = None, **kw: object) -> Vault:
        return unlock(
            self.path, passphrase or self.passphrase, kdf_floor=self.kdf_floor, clock=self.clock, **kw
        )  # type: ignore[arg-type]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def make_vault(tmp_path: Path, clock: ManualClock) -> Callable[..., VaultHandle]:
    """Create a vault with the fast test KDF (or ``kdf=FLOOR`` for CLI tests)."""
    counter = iter(range(1000))

    def make(
        kdf: KdfParams = WEAK,
        passphrase: str = PASSPHRASE,
        keyfile: bytes | None = None,
        name: str | None = None,
    ) -> VaultHandle:
        path = tmp_path / (name or f"vault{next(counter)}")
        created = create_vault(path, passphrase, keyfile=keyfile, kdf_params=kdf, clock=clock)
        return VaultHandle(path, created, passphrase, WEAK if kdf == WEAK else FLOOR, clock)

    return make


@pytest.fixture
def vault(make_vault: Callable[..., VaultHandle]) -> VaultHandle:
    return make_vault()


@pytest.fixture
def opened(vault: VaultHandle) -> Iterator[Vault]:
    v = vault.unlock()
    yield v
    v.close_quietly()


@dataclass
class Ran:
    code: int
    out: str
    err: str


@pytest.fixture
def hoso(tmp_path: Path) -> Callable[..., Ran]:
    """Run ``python -m app.cli ARGS`` as a real subprocess; ``stdin`` lines feed the secrets."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)

    def run(*args: str | Path, stdin: str = "", timeout: float = 120) -> Ran:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "PYTEST"))}
        env.update(HOME=str(home), LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli", *map(str, args)],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=PROJECT,
            env=env,
            timeout=timeout,
            check=False,
        )
        return Ran(proc.returncode, proc.stdout, proc.stderr)

    return run


def fingerprint(vault: Vault) -> tuple[int, int, str]:
    """(dossiers, audit entries, hash of the database and its WAL): equal means nothing written."""
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        file = Path(str(vault.db.path) + suffix)
        if file.exists():
            digest.update(file.read_bytes())
    counts = vault.info()
    return counts["dossiers"], counts["audit_entries"], digest.hexdigest()
