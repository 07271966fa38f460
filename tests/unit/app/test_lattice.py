"""The dot lattice's code: payload ⇄ tile, Reed–Solomon with erasures and errors, the staircase."""

from __future__ import annotations

import random

import numpy as np
import pytest

from app.extract import lattice
from app.extract.lattice import BYTE_OF, CELLS, PAYLOAD_BYTES, TILE_CELLS, decode_tile, encode_tile

PAYLOAD = bytes.fromhex("0123456789abcdef") + bytes.fromhex("c0ffee42")  # serial + MAC


def _cells_of(byte: int) -> np.ndarray:
    return np.equal(BYTE_OF, byte)


def _damage(tile: np.ndarray, bytes_hit: list[int], rng: random.Random) -> np.ndarray:
    """Flip a random non-empty set of the bits of each code byte in ``bytes_hit``."""
    out = tile.copy()
    for b in bytes_hit:
        cells = np.argwhere(_cells_of(b))
        flips = rng.sample(range(8), rng.randint(1, 8))
        for k in flips:
            r, c = cells[k]
            out[r, c] = not out[r, c]
    return out


def test_round_trip_of_random_payloads() -> None:
    rng = random.Random(6)  # noqa: S311 - test data
    for _ in range(200):
        payload = rng.randbytes(PAYLOAD_BYTES)
        tile = encode_tile(payload)
        assert tile.shape == (TILE_CELLS, TILE_CELLS)
        assert tile.dtype == bool
        assert decode_tile(tile) == payload


def test_tile_is_systematic_rs_code_whitened() -> None:
    code = lattice.tile_to_code(encode_tile(PAYLOAD))
    assert bytes(code[:PAYLOAD_BYTES]) == PAYLOAD
    assert len(code) == lattice.CODE_BYTES
    assert lattice.syndromes_clean(bytes(code))
    assert not lattice.syndromes_clean(bytes(code[:-1]) + bytes([code[-1] ^ 1]))


def test_any_payload_gives_about_half_the_cells_a_dot() -> None:
    for payload in (bytes(12), b"\xff" * 12, PAYLOAD):
        assert 40 <= int(encode_tile(payload).sum()) <= 104


def test_one_bit_of_payload_changes_the_tile() -> None:
    rng = random.Random(7)  # noqa: S311 - test data
    base = encode_tile(PAYLOAD)
    for _ in range(20):
        bit = rng.randrange(PAYLOAD_BYTES * 8)
        flipped = bytearray(PAYLOAD)
        flipped[bit // 8] ^= 0x80 >> (bit % 8)
        other = encode_tile(bytes(flipped))
        # the data bit itself plus the parity bytes it feeds
        assert int((other != base).sum()) >= 2
        assert decode_tile(other) == bytes(flipped)


def test_six_erased_bytes_decode_seven_do_not() -> None:
    rng = random.Random(8)  # noqa: S311 - test data
    for _ in range(30):
        payload = rng.randbytes(PAYLOAD_BYTES)
        tile = encode_tile(payload)
        hit = rng.sample(range(lattice.CODE_BYTES), 7)
        damaged = _damage(tile, hit, rng)
        six = np.isin(BYTE_OF, hit[:6])
        assert decode_tile(_damage(tile, hit[:6], rng), six) == payload
        assert decode_tile(damaged, np.isin(BYTE_OF, hit)) is None


def test_three_byte_errors_decode_four_do_not_give_the_payload() -> None:
    rng = random.Random(9)  # noqa: S311 - test data
    for _ in range(30):
        payload = rng.randbytes(PAYLOAD_BYTES)
        tile = encode_tile(payload)
        hit = rng.sample(range(lattice.CODE_BYTES), 4)
        assert decode_tile(_damage(tile, hit[:3], rng)) == payload
        assert decode_tile(_damage(tile, hit, rng)) != payload


def test_errors_and_erasures_together_up_to_the_limit() -> None:
    rng = random.Random(10)  # noqa: S311 - test data
    for _ in range(30):
        payload = rng.randbytes(PAYLOAD_BYTES)
        tile = encode_tile(payload)
        hit = rng.sample(range(lattice.CODE_BYTES), 4)  # 2 erasures + 2 errors: 2·2 + 2 = 6
        damaged = _damage(tile, hit, rng)
        assert decode_tile(damaged, np.isin(BYTE_OF, hit[:2])) == payload


def test_a_cell_erased_erases_its_whole_byte() -> None:
    tile = encode_tile(PAYLOAD)
    erased = np.zeros_like(tile)
    erased.flat[[0, 9, 18, 27, 36, 45, 54]] = True  # one cell in each of 7 different bytes
    assert decode_tile(tile, erased) is None
    erased.flat[54] = False
    assert decode_tile(tile, erased) == PAYLOAD


def test_wrong_payload_length_is_refused() -> None:
    with pytest.raises(ValueError, match="12 bytes"):
        encode_tile(b"short")


def test_staircase_every_page_row_runs_through_the_whole_code() -> None:
    assert lattice.page_cell(0, 0) == 0
    assert lattice.page_cell(12, 0) == lattice.page_cell(0, 1) == 12
    assert lattice.page_cell(0, 12) == 0
    for row in (0, 5, 11):
        assert sorted(lattice.page_cell(i, row) for i in range(CELLS)) == list(range(CELLS))
    # any 12 × 12 window of the page holds every tile cell once
    window = {lattice.page_cell(i, j) for i in range(7, 19) for j in range(3, 15)}
    assert window == set(range(CELLS))


def test_candidate_stacks_decode_like_single_tiles() -> None:
    tiles = np.stack([encode_tile(PAYLOAD), encode_tile(bytes(12))])
    codes = lattice.tile_to_code(tiles)
    assert codes.shape == (2, lattice.CODE_BYTES)
    flat = lattice.tile_to_code(tiles.reshape(2, CELLS))
    assert np.array_equal(codes, flat)
    assert lattice.decode_code(bytes(codes[1])) == (bytes(12), 0)
