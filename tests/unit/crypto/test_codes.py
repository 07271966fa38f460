"""Typable codes for the recovery code and the audit key (crypto.codes): Crockford base32 with a
check group, so that a typo is reported as a typo and lookalike letters are forgiven."""

from __future__ import annotations

import hashlib
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crypto import BadCode
from crypto.codes import ALPHABET, CHECK_CHARS, b32decode, b32encode, format_code, parse_code

RECOVERY_BYTES = 16
AUDIT_KEY_BYTES = 32

data_bytes = st.binary(min_size=1, max_size=48)


def sample(seed: int, nbytes: int) -> bytes:
    """Fixed pseudo-random bytes for a seed (reproducible test data, not a key)."""
    return hashlib.shake_256(f"hoso-test-{seed}".encode()).digest(nbytes)


@settings(max_examples=300)
@given(data_bytes)
def test_b32_round_trip(data: bytes) -> None:
    text = b32encode(data)
    assert set(text) <= set(ALPHABET)
    assert len(text) == -(-len(data) * 8 // 5)
    assert b32decode(text, len(data)) == data


@settings(max_examples=300)
@given(data_bytes)
def test_code_round_trip(data: bytes) -> None:
    code = format_code(data)
    groups = code.split("-")
    assert all(1 <= len(g) <= 4 for g in groups)
    assert all(len(g) == 4 for g in groups[:-1])
    assert parse_code(code, len(data)) == data


def test_recovery_code_shape() -> None:
    code = format_code(bytes(range(RECOVERY_BYTES)))
    # 128 bits -> 26 characters, plus 4 check characters: 30, in groups of four.
    assert len(code.replace("-", "")) == 26 + CHECK_CHARS
    assert code.count("-") == 7


def _substitutions(code: str) -> list[str]:
    """Every code that differs from ``code`` in exactly one character, by a different symbol."""
    variants = []
    for i, ch in enumerate(code):
        if ch == "-":
            continue
        for other in ALPHABET:
            if other != ch:
                variants.append(code[:i] + other + code[i + 1 :])
    return variants


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("nbytes", [RECOVERY_BYTES, AUDIT_KEY_BYTES])
def test_every_single_mistyped_character_is_detected(seed: int, nbytes: int) -> None:
    data = sample(seed, nbytes)
    code = format_code(data)
    variants = _substitutions(code)
    assert len(variants) == len(code.replace("-", "")) * (len(ALPHABET) - 1)
    for variant in variants:
        with pytest.raises(BadCode):
            parse_code(variant, nbytes)


@settings(max_examples=200, derandomize=True)
@given(st.binary(min_size=16, max_size=32), st.data())
def test_a_random_mistyped_character_is_detected(data: bytes, draw: st.DataObject) -> None:
    code = format_code(data).replace("-", "")
    i = draw.draw(st.integers(0, len(code) - 1))
    other = draw.draw(st.sampled_from(ALPHABET))
    assume(other != code[i])
    with pytest.raises(BadCode):
        parse_code(code[:i] + other + code[i + 1 :], len(data))


@pytest.mark.parametrize("seed", [4, 5])
def test_swapped_neighbours_are_detected(seed: int) -> None:
    code = format_code(sample(seed, RECOVERY_BYTES)).replace("-", "")
    swaps = 0
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swaps += 1
            with pytest.raises(BadCode):
                parse_code(code[:i] + code[i + 1] + code[i] + code[i + 2 :], RECOVERY_BYTES)
    assert swaps > 10


#: Data whose code is full of 1 and 0 (the body "1010…10" has its two spare bits zero).
ONES_AND_ZEROS = b32decode("10" * 13, RECOVERY_BYTES)


@pytest.mark.parametrize(
    ("one", "zero"), [("I", "O"), ("L", "O"), ("i", "o"), ("l", "o"), ("I", "0"), ("1", "O")]
)
def test_lookalike_letters_read_as_digits(one: str, zero: str) -> None:
    code = format_code(ONES_AND_ZEROS)
    assert code.count("1") >= 13
    assert code.count("0") >= 13
    typed = code.replace("1", one).replace("0", zero)
    assert typed != code or (one, zero) == ("1", "0")
    assert parse_code(typed, RECOVERY_BYTES) == ONES_AND_ZEROS


@settings(max_examples=200)
@given(st.binary(min_size=1, max_size=32), st.randoms(use_true_random=False))
def test_lookalikes_anywhere_round_trip(data: bytes, rnd: random.Random) -> None:
    code = format_code(data)
    typed = "".join(rnd.choice("IiLl") if c == "1" else rnd.choice("Oo") if c == "0" else c for c in code)
    assert parse_code(typed, len(data)) == data


@settings(max_examples=200)
@given(st.binary(min_size=16, max_size=32), st.randoms(use_true_random=False))
def test_spaces_dashes_and_case_are_ignored(data: bytes, rnd: random.Random) -> None:
    body = format_code(data).replace("-", "")
    typed = []
    for ch in body:
        typed.append(ch.lower() if rnd.random() < 0.5 else ch)
        if rnd.random() < 0.3:
            typed.append(rnd.choice([" ", "-", "  ", "\t", " - "]))
    text = " " + "".join(typed) + "\n"
    assert parse_code(text, len(data)) == data


def test_typical_person_typing() -> None:
    data = sample(7, RECOVERY_BYTES)
    code = format_code(data)
    assert parse_code(code.lower(), RECOVERY_BYTES) == data
    assert parse_code(code.replace("-", " "), RECOVERY_BYTES) == data
    assert parse_code(code.replace("-", ""), RECOVERY_BYTES) == data
    assert parse_code(f"  {code}\r\n", RECOVERY_BYTES) == data


@pytest.mark.parametrize(
    "mangle",
    [
        lambda c: c[:-1],  # one character short
        lambda c: c + "0",  # one character long
        lambda c: "U" + c[1:],  # U is not in the alphabet
        lambda c: "*" + c[1:],
        lambda c: "",
    ],
    ids=["short", "long", "letter_u", "symbol", "empty"],
)
def test_malformed_codes_are_refused(mangle: object) -> None:
    code = format_code(sample(8, RECOVERY_BYTES))
    with pytest.raises(BadCode):
        parse_code(mangle(code), RECOVERY_BYTES)  # type: ignore[operator]


def test_nonzero_spare_bits_are_refused() -> None:
    # 16 bytes use 128 of the 130 bits of 26 characters: the last character must be a multiple of 4.
    with pytest.raises(BadCode, match="trailing bits"):
        b32decode("0" * 25 + "1", RECOVERY_BYTES)


def test_wrong_length_for_the_kind_of_code() -> None:
    audit_key = format_code(sample(9, AUDIT_KEY_BYTES))
    with pytest.raises(BadCode):
        parse_code(audit_key, RECOVERY_BYTES)
