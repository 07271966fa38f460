"""AES-256-GCM sealing with associated data (crypto.aead): any change to the key, the blob or
the associated data makes opening fail."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto import DecryptionFailed
from crypto.aead import NONCE_BYTES, TAG_BYTES, open_sealed, seal

KEY = bytes(range(32))
AD = b'{"slot":"passphrase","vault_id":"0123"}'
PLAINTEXT = b"the 256-bit data key, or a restricted field"


@settings(max_examples=200)
@given(st.binary(min_size=32, max_size=32), st.binary(max_size=2048), st.binary(max_size=256))
def test_round_trip(key: bytes, plaintext: bytes, ad: bytes) -> None:
    blob = seal(key, plaintext, ad)
    assert len(blob) == NONCE_BYTES + len(plaintext) + TAG_BYTES
    assert open_sealed(key, blob, ad) == plaintext


def test_the_plaintext_is_not_in_the_blob() -> None:
    assert PLAINTEXT not in seal(KEY, PLAINTEXT, AD)


def test_every_seal_uses_a_fresh_nonce() -> None:
    blobs = {seal(KEY, PLAINTEXT, AD) for _ in range(50)}
    assert len(blobs) == 50
    assert len({b[:NONCE_BYTES] for b in blobs}) == 50


def test_changed_associated_data_fails() -> None:
    blob = seal(KEY, PLAINTEXT, AD)
    for changed in (AD + b" ", AD[:-1], b"", AD.replace(b"passphrase", b"recovery")):
        with pytest.raises(DecryptionFailed):
            open_sealed(KEY, blob, changed)


@settings(max_examples=100)
@given(st.binary(max_size=64), st.binary(max_size=64))
def test_any_other_associated_data_fails(ad: bytes, other: bytes) -> None:
    blob = seal(KEY, b"x", ad)
    if other == ad:
        assert open_sealed(KEY, blob, other) == b"x"
    else:
        with pytest.raises(DecryptionFailed):
            open_sealed(KEY, blob, other)


def test_every_flipped_bit_of_the_blob_fails() -> None:
    blob = seal(KEY, b"32 bytes of key material here!!!", AD)
    for i in range(len(blob)):
        for bit in (0x01, 0x80):
            changed = bytearray(blob)
            changed[i] ^= bit
            with pytest.raises(DecryptionFailed):
                open_sealed(KEY, bytes(changed), AD)


@pytest.mark.parametrize("size", [0, 1, NONCE_BYTES, NONCE_BYTES + TAG_BYTES - 1])
def test_too_short_blob_fails(size: int) -> None:
    with pytest.raises(DecryptionFailed):
        open_sealed(KEY, bytes(size), AD)


def test_truncated_or_extended_blob_fails() -> None:
    blob = seal(KEY, PLAINTEXT, AD)
    for changed in (blob[:-1], blob + b"\x00", blob[1:]):
        with pytest.raises(DecryptionFailed):
            open_sealed(KEY, changed, AD)


def test_changed_key_fails() -> None:
    blob = seal(KEY, PLAINTEXT, AD)
    for i in (0, 15, 31):
        other = bytearray(KEY)
        other[i] ^= 1
        with pytest.raises(DecryptionFailed):
            open_sealed(bytes(other), blob, AD)
    with pytest.raises(DecryptionFailed):
        open_sealed(os.urandom(32), blob, AD)


def test_error_message_holds_no_key_material() -> None:
    blob = seal(KEY, PLAINTEXT, AD)
    with pytest.raises(DecryptionFailed) as info:
        open_sealed(os.urandom(32), blob, AD)
    text = str(info.value)
    assert KEY.hex() not in text
    assert blob.hex() not in text
    assert "tag" in text
