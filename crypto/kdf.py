"""Argon2id key derivation for passphrases, with the cost floor and calibration.

The floor (256 MiB, 3 passes) is the weakest setting a shipped build accepts (DESIGN §3). Tests
may pass weaker parameters *in process* to the vault-creation API; a vault made that way is still
refused by a normal open, because the floor is checked against the header at every unlock.
Must not import Qt.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost: memory in KiB, passes (time cost) and lanes (parallelism)."""

    memory_kib: int
    iterations: int
    lanes: int

    def at_least(self, floor: KdfParams) -> bool:
        return self.memory_kib >= floor.memory_kib and self.iterations >= floor.iterations

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


FLOOR = KdfParams(memory_kib=256 * 1024, iterations=3, lanes=4)
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 64


def normalize_passphrase(passphrase: str) -> bytes:
    """NFC-normalise so that the same Vietnamese passphrase typed with a composing input method
    (NFD: base letter + combining marks) or a precomposed one unlocks the same vault."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def passphrase_secret(passphrase: str, keyfile_digest: bytes | None) -> bytes:
    """The bytes fed to Argon2id: the passphrase, plus the key file's SHA-256 when one is used."""
    secret = b"hoso-passphrase-v1\x00" + normalize_passphrase(passphrase)
    if keyfile_digest is not None:
        secret += b"\x00keyfile\x00" + keyfile_digest
    return secret


def keyfile_digest(content: bytes) -> bytes:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(content)
    return digest.finalize()


def derive(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    """A 256-bit key from ``secret`` under ``params``."""
    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(secret)


def calibrate(
    target_seconds: float = 1.0,
    floor: KdfParams = FLOOR,
    timer: Callable[[], float] = time.perf_counter,
) -> tuple[KdfParams, float]:
    """Choose parameters that take about ``target_seconds`` here, never below ``floor``.

    Memory grows first (it is what hurts GPU and ASIC attackers most) while one run is under half
    the target, up to 1 GiB; then the pass count is scaled to the target. Returns the parameters
    and the measured time of one derivation with them.
    """
    salt = b"\x00" * SALT_BYTES
    params = floor

    def measure(p: KdfParams) -> float:
        start = timer()
        derive(b"calibration", salt, p)
        return timer() - start

    elapsed = measure(params)
    while elapsed < target_seconds / 2 and params.memory_kib * 2 <= MAX_MEMORY_KIB:
        params = KdfParams(params.memory_kib * 2, params.iterations, params.lanes)
        elapsed = measure(params)
    per_pass = elapsed / params.iterations
    iterations = max(floor.iterations, min(MAX_ITERATIONS, round(target_seconds / per_pass)))
    if iterations != params.iterations:
        params = KdfParams(params.memory_kib, iterations, params.lanes)
        elapsed = measure(params)
    return params, elapsed
