"""The forensic dot lattice's code (spec/extracts.md "Per-copy watermark", layer 3; DESIGN §5):
a 12-byte payload ⇄ the 12×12 cells of one tile, and the tile's printed geometry.

The payload (the caller's 8-byte copy serial + 4-byte MAC) is opaque here. It is Reed–Solomon
coded over GF(256) (``reedsolo``, 6 parity bytes: 3 byte errors or 6 byte erasures), giving
18 bytes = 144 bits = exactly the 12×12 cells, in reading order: code byte k is cells 8k … 8k+7
of the tile read row by row, MSB first. The bits are XORed with a fixed whitening mask so that
any payload gives about half the cells a dot, which keeps the grid visible and the tint even.

The tile repeats in a staircase: the copy to the right of a tile sits one row higher, so the page
cell in column i, row j (cells from the page's top-left) shows tile cell number (i + 12·j) mod 144
— every row of the page runs through the whole code. A band of text lines then hides different
cells in each copy of the tile, where a plain grid repeat would hide the same rows of every copy of
a fragment (line spacing is close to a third of a tile), and a hidden run of cells stays a run of
whole bytes for Reed–Solomon erasures.

There are no sync cells: all 144 cells carry code. A reader finds the code's start and the page's
quarter-turn by trying the 144 cyclic shifts × 4 quarter-turns of the sequence it voted from many
repeats, checking the RS syndromes and the caller's MAC (``lattice_read``). With 6 parity bytes a
wrong shift passes RS by chance ~5·10⁻⁵ of the time and the 32-bit MAC rejects those.

Geometry (one raster pixel = 1/300 in): pitch 15 px = 0.05 in = 1.27 mm, so a tile is
0.6 in = 15.24 mm and 5 % of an A4 page still holds ~13 tiles to vote across. A dot is a solid
black 2×2 px square = 0.169 mm: solid black because faint grey dots vanish in a bilevel
photocopy, ≥ 0.15 mm because smaller ones do not survive one generation, ≤ 0.2 mm to keep the
page light (about 0.9 % ink). 300 dpi divides into 600/1200 dpi printers without resampling.
Must not import Qt.
"""

from __future__ import annotations

import hashlib
from typing import Final

import numpy as np
import numpy.typing as npt
import reedsolo

RASTER_DPI: Final = 300  # pixels per inch of the page raster
PITCH_PX: Final = 15  # cell pitch in raster pixels: 0.05 in = 1.27 mm
DOT_PX: Final = 3  # dot side in raster pixels: 0.254 mm
PITCH_IN: Final = PITCH_PX / RASTER_DPI
TILE_CELLS: Final = 12  # the tile is TILE_CELLS × TILE_CELLS cells
PAYLOAD_BYTES: Final = 12
PARITY_BYTES: Final = 6
CODE_BYTES: Final = PAYLOAD_BYTES + PARITY_BYTES
CELLS: Final = TILE_CELLS * TILE_CELLS
ROW_STEP: Final = TILE_CELLS  # sequence steps from one page row to the next (the staircase)

Bits = npt.NDArray[np.bool_]

_RS = reedsolo.RSCodec(PARITY_BYTES)

WHITEN: Final[Bits] = (
    np.unpackbits(np.frombuffer(hashlib.sha256(b"HoSo dot lattice whitening v1").digest(), np.uint8))[:CELLS]
    .astype(bool)
    .reshape(TILE_CELLS, TILE_CELLS)
)
BYTE_OF: Final = (np.arange(CELLS) // 8).reshape(TILE_CELLS, TILE_CELLS)  # the code byte of each cell


def page_cell(column: int, row: int) -> int:
    """The tile cell number (row-major) shown by the page cell at ``column``, ``row``."""
    return (column + ROW_STEP * row) % CELLS


def encode_tile(payload: bytes) -> Bits:
    """The 12×12 tile for ``payload``: True = a dot; row 0 is the top of the page."""
    if len(payload) != PAYLOAD_BYTES:
        raise ValueError(f"the lattice payload is {PAYLOAD_BYTES} bytes, not {len(payload)}")
    code = np.frombuffer(bytes(_RS.encode(payload)), dtype=np.uint8)
    bits: Bits = np.unpackbits(code).astype(bool).reshape(TILE_CELLS, TILE_CELLS)
    return bits ^ WHITEN


def tile_to_code(tiles: Bits) -> npt.NDArray[np.uint8]:
    """The code bytes of one tile (12×12, or 144 cells in row-major order) or of a stack of
    candidate tiles (…×12×12 or …×144)."""
    square = tiles.shape[-2:] == (TILE_CELLS, TILE_CELLS)
    flat = tiles.reshape(*tiles.shape[: -2 if square else -1], CELLS)
    return np.packbits(flat ^ WHITEN.ravel(), axis=-1)


def decode_code(code: bytes, erased: list[int] | None = None) -> tuple[bytes, int] | None:
    """RS-decode 18 code bytes, ``erased`` listing byte positions known to be unreadable.

    Returns the payload and the number of bytes corrected, or None when beyond 2·errors +
    erasures ≤ 6."""
    try:
        message, _full, errata = _RS.decode(code, erase_pos=erased or None)
    except reedsolo.ReedSolomonError:
        return None
    return bytes(message), len(errata)


def syndromes_clean(code: bytes) -> bool:
    """True when ``code`` is a codeword as it stands (all RS syndromes zero): the cheap test
    a reader runs on every candidate origin before trying to correct any."""
    return not any(reedsolo.rs_calc_syndromes(bytearray(code), PARITY_BYTES)[1:])


def decode_tile(tile: Bits, erased: Bits | None = None) -> bytes | None:
    """The payload of a 12×12 tile read in the right orientation; ``erased`` marks unreadable
    cells (their bytes are treated as erasures). None when the damage is beyond the code."""
    code = bytes(tile_to_code(np.asarray(tile, dtype=bool).reshape(TILE_CELLS, TILE_CELLS)))
    positions = sorted({int(b) for b in BYTE_OF[erased]}) if erased is not None else []
    if len(positions) > PARITY_BYTES:
        return None
    result = decode_code(code, positions)
    return None if result is None else result[0]
