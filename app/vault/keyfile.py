"""Reading a vault's key file: the optional second factor kept on removable media (DESIGN §3).

Its bytes are read only when a vault is created or unlocked, bounded in size, and never copied
anywhere: only their SHA-256 joins the passphrase in the KDF. Must not import Qt.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import InvalidInput

MAX_KEYFILE_BYTES = 1024 * 1024


def read_keyfile(path: Path) -> bytes:
    """The key file's bytes, or :class:`InvalidInput` naming it when unreadable or over 1 MiB."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_KEYFILE_BYTES + 1)
    except OSError:
        raise InvalidInput("error.keyfile_unreadable", file=str(path)) from None
    if len(data) > MAX_KEYFILE_BYTES:
        raise InvalidInput("error.keyfile_unreadable", file=str(path))
    return data
