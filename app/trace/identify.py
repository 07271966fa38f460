"""What one page says about the copy it came from: the QR, then the dot lattice, then the text.

Each layer stops the search when it identifies a copy:

1. **QR** (``qr_read``): every HoSo token on the page is checked against the vault's Ed25519
   key. An authentic token names the serial and the copy's page; a token whose signature fails
   is a *forgery* (or another vault's copy) and is reported as such, and the search goes on to
   the lattice, since a forged label can be pasted on a genuine page.
2. **Lattice** (``lattice_read``): the payload must pass Reed–Solomon and the vault's copy MAC.
3. **Text variants** (:mod:`app.trace.text_match`), for pages with text: a PDF's text layer or
   a retyped copy. Evidence only: never ``authentic``.

The register lookup (is the serial a registered copy?) is the service's. Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.extract import tokens
from app.extract.lattice_read import read_lattice
from app.extract.qr_read import read_qr
from app.trace.sources import Page
from app.trace.text_match import TextMatch

LAYERS = ("qr", "lattice", "text")


@dataclass(frozen=True, slots=True)
class Finding:
    """One layer's answer for a page. ``outcome``: ``match`` (a serial, to be looked up),
    ``forged`` (a token whose signature fails) or ``ambiguous`` (text fits several copies)."""

    layer: str
    outcome: str
    serial: str | None = None
    page: int | None = None  # the copy's page number, when the layer carries it (the QR)
    authentic: bool = False
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Keys:
    """What checking a copy's marks needs from the vault."""

    vault_id: str
    signing_public: bytes
    copy_mac: bytes


TextMatcher = Callable[[str], TextMatch]


def _qr(image: Any, keys: Keys) -> list[Finding]:
    found = []
    for text in read_qr(image):
        token = tokens.read_token(text, keys.signing_public, keys.vault_id)
        if token is None:
            continue
        outcome = "match" if token.authentic else "forged"
        found.append(Finding("qr", outcome, token.serial, token.page, token.authentic))
    return found


def _lattice(image: Any, keys: Keys) -> Finding | None:
    def verify(payload: bytes) -> bool:
        return tokens.lattice_serial(keys.copy_mac, payload) is not None

    read = read_lattice(image, verify)
    if read is None:
        return None
    detail = {
        "tiles_used": read.tiles_used, "tiles_agreeing": read.tiles_agreeing,
        "agreement": round(read.agreement, 3), "corrected": read.corrected,
        "dpi": round(read.dpi), "angle": round(read.angle, 1),
    }  # fmt: skip
    return Finding("lattice", "match", tokens.lattice_serial(keys.copy_mac, read.payload), None, True, detail)


def _text(text: str, matcher: TextMatcher) -> Finding | None:
    result = matcher(text)
    if not result.shortlist:
        return None
    detail = {"candidates": [e.serial for e in result.shortlist], "agreeing": result.shortlist[0].agreeing}
    if result.serial is None:
        return Finding("text", "ambiguous", None, None, False, detail)
    return Finding("text", "match", result.serial, None, False, detail)


def identify(page: Page, keys: Keys, matcher: TextMatcher, layers: tuple[str, ...] = LAYERS) -> list[Finding]:
    """The findings for ``page``, layer by layer until one identifies a copy."""
    found: list[Finding] = []
    if page.image is not None and "qr" in layers:
        found += _qr(page.image, keys)
        if any(f.outcome == "match" for f in found):
            return found
    if page.image is not None and "lattice" in layers:
        dots = _lattice(page.image, keys)
        if dots is not None:
            return [*found, dots]
    if page.text.strip() and "text" in layers:
        words = _text(page.text, matcher)
        if words is not None:
            found.append(words)
    return found
