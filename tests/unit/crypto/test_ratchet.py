"""The forward-secure MAC ratchet of the audit log (crypto.ratchet)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto import ratchet
from crypto.keys import Purpose, subkey

K0 = bytes(range(32))
ENTRY = hashlib.sha256(b"entry 1").digest()


def test_advance_is_deterministic_and_moves_on() -> None:
    k1 = ratchet.advance(K0)
    assert len(k1) == 32
    assert k1 != K0
    assert ratchet.advance(K0) == k1


def test_advance_is_separated_from_other_subkeys() -> None:
    k1 = ratchet.advance(K0)
    for purpose in Purpose:
        if purpose is not Purpose.AUDIT_RATCHET:
            assert subkey(K0, purpose) != k1


def test_key_at_walks_the_chain() -> None:
    assert ratchet.key_at(K0, 0) == K0
    key = K0
    for i in range(1, 20):
        key = ratchet.advance(key)
        assert ratchet.key_at(K0, i) == key


def test_the_chain_does_not_repeat() -> None:
    chain = [ratchet.key_at(K0, 0)]
    for _ in range(500):
        chain.append(ratchet.advance(chain[-1]))
    assert len(set(chain)) == len(chain)


@settings(max_examples=50)
@given(st.binary(min_size=32, max_size=32), st.integers(0, 30))
def test_key_at_composes(k0: bytes, n: int) -> None:
    assert ratchet.key_at(ratchet.key_at(k0, n), 3) == ratchet.key_at(k0, n + 3)


def test_entry_mac_checks_with_its_own_key_only() -> None:
    k5 = ratchet.key_at(K0, 5)
    tag = ratchet.entry_mac(k5, ENTRY)
    assert len(tag) == 32
    assert ratchet.check_entry(k5, ENTRY, tag)
    # The key after it (what an insider holds once the entry is written) gives another MAC.
    assert not ratchet.check_entry(ratchet.advance(k5), ENTRY, tag)
    assert not ratchet.check_entry(ratchet.key_at(K0, 4), ENTRY, tag)
    assert ratchet.entry_mac(ratchet.advance(k5), ENTRY) != tag


def test_entry_mac_covers_the_entry_hash() -> None:
    tag = ratchet.entry_mac(K0, ENTRY)
    other = bytearray(ENTRY)
    other[0] ^= 1
    assert not ratchet.check_entry(K0, bytes(other), tag)
    changed_tag = bytearray(tag)
    changed_tag[-1] ^= 1
    assert not ratchet.check_entry(K0, ENTRY, bytes(changed_tag))


def test_entry_mac_is_domain_separated_from_a_plain_hmac() -> None:
    import hmac

    assert ratchet.entry_mac(K0, ENTRY) != hmac.new(K0, ENTRY, "sha256").digest()


@pytest.mark.parametrize("size", [0, 1, 32, 100])
def test_wipe_zeroes_the_buffer_in_place(size: int) -> None:
    buffer = bytearray(b"\xa5" * size)
    alias = buffer
    ratchet.wipe(buffer)
    assert alias is buffer
    assert buffer == bytearray(size)
