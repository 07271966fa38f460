"""Argon2id derivation, passphrase normalisation, the cost floor and calibration (crypto.kdf)."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto import kdf
from crypto.kdf import FLOOR, KdfParams

#: Cheap parameters for derivations in this file (the floor costs about a second).
TINY = KdfParams(memory_kib=8, iterations=1, lanes=1)
SALT = bytes(range(16))

NFC_PASSPHRASE = unicodedata.normalize("NFC", "Mật khẩu hồ sơ cán bộ Tỉnh ủy 2026")
NFD_PASSPHRASE = unicodedata.normalize("NFD", NFC_PASSPHRASE)


def test_floor_is_the_design_minimum() -> None:
    # DESIGN §3: never below 256 MiB of memory and 3 passes.
    assert FLOOR.memory_kib == 256 * 1024
    assert FLOOR.iterations == 3


def test_derive_is_deterministic_and_256_bits() -> None:
    first = kdf.derive(b"secret", SALT, TINY)
    assert len(first) == kdf.KEY_BYTES == 32
    assert kdf.derive(b"secret", SALT, TINY) == first


@pytest.mark.parametrize(
    ("secret", "salt", "params"),
    [
        (b"secreT", SALT, TINY),
        (b"secret", bytes(16), TINY),
        (b"secret", SALT, KdfParams(16, 1, 1)),
        (b"secret", SALT, KdfParams(8, 2, 1)),
        (b"secret", SALT, KdfParams(16, 1, 2)),
    ],
    ids=["secret", "salt", "memory", "iterations", "lanes"],
)
def test_every_input_changes_the_key(secret: bytes, salt: bytes, params: KdfParams) -> None:
    assert kdf.derive(secret, salt, params) != kdf.derive(b"secret", SALT, TINY)


def test_nfc_and_nfd_passphrases_give_the_same_secret() -> None:
    assert NFC_PASSPHRASE != NFD_PASSPHRASE  # the two typings really differ as strings
    assert kdf.normalize_passphrase(NFD_PASSPHRASE) == kdf.normalize_passphrase(NFC_PASSPHRASE)
    assert kdf.passphrase_secret(NFD_PASSPHRASE, None) == kdf.passphrase_secret(NFC_PASSPHRASE, None)


@settings(max_examples=200)
@given(st.text())
def test_normalisation_ignores_the_unicode_form(text: str) -> None:
    nfc = kdf.normalize_passphrase(unicodedata.normalize("NFC", text))
    assert kdf.normalize_passphrase(unicodedata.normalize("NFD", text)) == nfc
    assert kdf.normalize_passphrase(text) == nfc
    assert nfc.decode("utf-8") == unicodedata.normalize("NFC", text)


def test_keyfile_changes_the_secret() -> None:
    plain = kdf.passphrase_secret("passphrase", None)
    one = kdf.passphrase_secret("passphrase", kdf.keyfile_digest(b"a" * 64))
    other = kdf.passphrase_secret("passphrase", kdf.keyfile_digest(b"b" * 64))
    assert len({plain, one, other}) == 3


def test_passphrase_and_keyfile_cannot_be_shifted_into_each_other() -> None:
    # A passphrase that ends in what a key file would add must not collide with passphrase+keyfile.
    digest = kdf.keyfile_digest(b"k" * 40)
    with_file = kdf.passphrase_secret("abc", digest)
    assert kdf.passphrase_secret("abc" + "\x00keyfile\x00", None) != with_file


def test_keyfile_digest_is_sha256() -> None:
    content = b"removable media key file" * 10
    assert kdf.keyfile_digest(content) == hashlib.sha256(content).digest()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (FLOOR, True),
        (KdfParams(FLOOR.memory_kib * 2, FLOOR.iterations, 1), True),
        (KdfParams(FLOOR.memory_kib, FLOOR.iterations + 5, 8), True),
        (KdfParams(FLOOR.memory_kib - 1, FLOOR.iterations, FLOOR.lanes), False),
        (KdfParams(FLOOR.memory_kib, FLOOR.iterations - 1, FLOOR.lanes), False),
        (KdfParams(8 * 1024, 1, 1), False),
    ],
)
def test_at_least_the_floor(params: KdfParams, expected: bool) -> None:
    assert params.at_least(FLOOR) is expected


def test_as_dict_names_the_three_costs() -> None:
    assert FLOOR.as_dict() == {"memory_kib": 262144, "iterations": 3, "lanes": 4}


def scripted_timer(durations: list[float]) -> Callable[[], float]:
    """A timer whose successive start/stop pairs measure ``durations``."""

    def ticks() -> Iterator[float]:
        now = 0.0
        for duration in durations:
            yield now
            now += duration
            yield now
            now += 1.0
        raise AssertionError("calibrate measured more often than expected")

    it = ticks()
    return lambda: next(it)


def test_calibrate_grows_memory_first_then_passes() -> None:
    floor = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
    # 8 MiB: 0.1 s (< half of 1 s: double), 16 MiB: 0.3 s (double), 32 MiB: 0.6 s (stop);
    # 0.6 s per pass -> round(1 / 0.6) = 2 passes, measured once more at 0.95 s.
    timer = scripted_timer([0.1, 0.3, 0.6, 0.95])
    params, seconds = kdf.calibrate(target_seconds=1.0, floor=floor, timer=timer)
    assert params == KdfParams(memory_kib=32 * 1024, iterations=2, lanes=1)
    assert seconds == pytest.approx(0.95)


def test_calibrate_never_goes_below_the_floor_on_a_slow_machine() -> None:
    floor = KdfParams(memory_kib=8 * 1024, iterations=3, lanes=1)
    params, seconds = kdf.calibrate(target_seconds=1.0, floor=floor, timer=scripted_timer([10.0]))
    assert params == floor
    assert seconds == pytest.approx(10.0)


def test_calibrate_caps_the_pass_count() -> None:
    floor = KdfParams(memory_kib=1024, iterations=40, lanes=1)
    # Exactly half the target: memory stays; 40 passes in 0.5 s ask for 80 passes, capped at 64.
    params, _ = kdf.calibrate(target_seconds=1.0, floor=floor, timer=scripted_timer([0.5, 1.0]))
    assert params == KdfParams(memory_kib=1024, iterations=kdf.MAX_ITERATIONS, lanes=1)
