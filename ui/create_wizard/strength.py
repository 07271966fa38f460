"""A passphrase strength hint: a rough estimate of guessing effort from length and the kinds of
characters used, in five levels. Only a hint: the rule that counts is the 12-character minimum
of :func:`app.vault.create.check_new_passphrase`; the KDF does the rest."""

from __future__ import annotations

import math
import string

from app.vault.create import MIN_PASSPHRASE_CHARS

LEVEL_KEYS = ("too_short", "weak", "fair", "good", "strong")


def estimate_bits(passphrase: str) -> float:
    pool = 0
    if any(c in string.ascii_lowercase for c in passphrase):
        pool += 26
    if any(c in string.ascii_uppercase for c in passphrase):
        pool += 26
    if any(c in string.digits for c in passphrase):
        pool += 10
    if any(c in string.punctuation or c == " " for c in passphrase):
        pool += 33
    if any(ord(c) > 127 for c in passphrase):
        pool += 60  # Vietnamese letters with diacritics
    distinct = len(set(passphrase))
    effective = min(len(passphrase), distinct * 2)  # "aaaaaaaaaaaa" is not twelve characters of effort
    return effective * math.log2(pool) if pool else 0.0


def level(passphrase: str) -> int:
    """0 (too short) to 4 (strong)."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        return 0
    bits = estimate_bits(passphrase)
    if bits < 60:
        return 1
    if bits < 80:
        return 2
    if bits < 100:
        return 3
    return 4
