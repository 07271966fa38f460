"""An organisation's public keys as they travel between authorities: a key text to pass on the
command line (or in a small file on the removable medium), and a fingerprint to compare aloud.

The key text is ``hoso1`` followed by the base32 (RFC 4648, lower case, no padding) of the Ed25519
signing key, the X25519 receiving key and 4 check bytes (SHA-256 of a label and both keys), so
that a mistyped or truncated key is refused instead of naming another organisation. Dashes and
spaces are ignored when reading. The fingerprint is SHA-256 over both keys
(``crypto.signing.fingerprint``); its first 16 bytes are shown in 8 groups of 4 hex digits.
Must not import Qt.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import InvalidInput
from app.vault.session import Vault
from crypto import signing

PREFIX = "hoso1"
KEY_BYTES = 32
CHECK_BYTES = 4
SHOWN_BYTES = 16
#: A key file on the medium is small; anything bigger is not one.
MAX_KEY_FILE = 4096
_CHECK_LABEL = b"hoso/v1/organisation-key-text"


def _check(signing_key: bytes, agreement_key: bytes) -> bytes:
    return hashlib.sha256(_CHECK_LABEL + signing_key + agreement_key).digest()[:CHECK_BYTES]


def grouped(digest: bytes) -> str:
    """``digest``'s first 16 bytes as ``ABCD EF01 …`` (8 groups of 4 hex digits)."""
    text = digest[:SHOWN_BYTES].hex().upper()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@dataclass(frozen=True, slots=True)
class OrgKey:
    """The two public keys of one organisation's vault."""

    signing: bytes  # Ed25519
    agreement: bytes  # X25519

    @classmethod
    def of_vault(cls, vault: Vault) -> OrgKey:
        return cls(vault.keys.signing_public(), vault.keys.agreement_public())

    @property
    def digest(self) -> bytes:
        return signing.fingerprint(self.signing, self.agreement)

    @property
    def fingerprint(self) -> str:
        return grouped(self.digest)

    def text(self) -> str:
        raw = self.signing + self.agreement + _check(self.signing, self.agreement)
        return PREFIX + base64.b32encode(raw).decode("ascii").rstrip("=").lower()

    def as_json(self) -> dict[str, Any]:
        return {
            "signing": self.signing.hex(),
            "agreement": self.agreement.hex(),
            "fingerprint": self.fingerprint,
            "fingerprint_sha256": self.digest.hex(),
            "key": self.text(),
        }


def parse(text: str, what: str = "key") -> OrgKey:
    """The key named by ``text`` (see the module's note); :class:`InvalidInput` naming ``what``
    (``recipient`` / ``sender``) when it is not a whole, correct key text."""
    compact = "".join(text.split()).replace("-", "").lower()
    if not compact.startswith(PREFIX):
        raise InvalidInput("package.key.not_key", what=what)
    body = compact[len(PREFIX) :].upper()
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except ValueError:
        raise InvalidInput("package.key.bad", what=what) from None
    if len(raw) != 2 * KEY_BYTES + CHECK_BYTES:
        raise InvalidInput("package.key.bad", what=what)
    sig, agr, check = raw[:KEY_BYTES], raw[KEY_BYTES : 2 * KEY_BYTES], raw[2 * KEY_BYTES :]
    if _check(sig, agr) != check:
        raise InvalidInput("package.key.bad", what=what)
    return OrgKey(sig, agr)


def resolve(argument: str, what: str = "key") -> OrgKey:
    """A key given as its text, or as the path of a small file holding it (the first ``hoso1…``
    word of the file, e.g. the file ``hoso keys show --out`` writes)."""
    if argument.strip().lower().startswith(PREFIX):
        return parse(argument, what)
    path = Path(argument)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEY_FILE + 1)
    except OSError:
        raise InvalidInput("package.key.not_key", what=what) from None
    if len(data) > MAX_KEY_FILE:
        raise InvalidInput("package.key.not_key", what=what)
    words = data.decode("utf-8", "replace").split()
    found = next((w for w in words if w.lower().startswith(PREFIX)), None)
    if found is None:
        raise InvalidInput("package.key.not_key", what=what)
    return parse(found, what)


def card(key: OrgKey, vault_id: str) -> str:
    """The text ``keys show --out`` writes: the key text first, then what a person compares."""
    return f"{key.text()}\n# HoSo vault {vault_id}\n# fingerprint {key.fingerprint}\n"
