"""The forensic dot lattice's code (spec/extracts.md "Per-copy watermark", layer 3; DESIGN §5):
a 12-byte payload ⇄ the 12×12 cells of one tile, and the tile's printed geometry.

The payload (the caller's 8-byte copy serial + 4-byte MAC) is opaque here. It is Reed–Solomon
coded over GF(256) (``reedsolo``, 6 parity bytes: 3 byte errors or 6 byte erasures), giving
18 bytes = 144 bits = exactly the 12×12 cells. Byte k fills a block of 2 rows × 4 columns
(block row k // 3, block column k % 3), bits MSB first, row by row: a local defect (a glyph, a
rule) spoils few bytes. The bits are XORed with a fixed whitening mask so that any payload gives
about half the cells a dot, which keeps the grid visible to the reader and the tint even.

There are no sync cells: all 144 cells carry code. A reader finds the tile's origin and its
quarter-turn by trying the 144 cyclic shifts × 4 rotations of the tile it voted from many
repeats, checking the RS syndromes and the caller's MAC (``lattice_read``). With 6 parity bytes
a wrong shift passes RS by chance ~5·10⁻⁵ of the time and the 32-bit MAC rejects those.

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
DOT_PX: Final = 2  # dot side in raster pixels: 0.169 mm
PITCH_IN: Final = PITCH_PX / RASTER_DPI
TILE_CELLS: Final = 12  # the tile is TILE_CELLS × TILE_CELLS cells
PAYLOAD_BYTES: Final = 12
PARITY_BYTES: Final = 6
CODE_BYTES: Final = PAYLOAD_BYTES + PARITY_BYTES
BLOCK_ROWS, BLOCK_COLS = 2, 4  # the cells of one code byte

Bits = npt.NDArray[np.bool_]

_RS = reedsolo.RSCodec(PARITY_BYTES)


def _byte_map() -> npt.NDArray[np.intp]:
    """``BYTE_OF[r, c]`` is the code byte of cell (r, c), ``BIT_OF[r, c]`` its bit (7 = MSB)."""
    per_row = TILE_CELLS // BLOCK_COLS
    byte = np.empty((TILE_CELLS, TILE_CELLS), dtype=np.intp)
    bit = np.empty((TILE_CELLS, TILE_CELLS), dtype=np.intp)
    for r in range(TILE_CELLS):
        for c in range(TILE_CELLS):
            byte[r, c] = (r // BLOCK_ROWS) * per_row + c // BLOCK_COLS
            bit[r, c] = 7 - ((r % BLOCK_ROWS) * BLOCK_COLS + c % BLOCK_COLS)
    return np.stack([byte, bit])


BYTE_OF, BIT_OF = _byte_map()
# Cell order that lists the bits of byte 0 MSB first, then byte 1 …: flat index into a tile.
CELL_ORDER: Final = np.lexsort((-BIT_OF.ravel(), BYTE_OF.ravel()))
WHITEN: Final[Bits] = (
    np.unpackbits(np.frombuffer(hashlib.sha256(b"HoSo dot lattice whitening v1").digest(), np.uint8))[
        : TILE_CELLS * TILE_CELLS
    ]
    .astype(bool)
    .reshape(TILE_CELLS, TILE_CELLS)
)


def encode_tile(payload: bytes) -> Bits:
    """The 12×12 tile for ``payload``: True = a dot; row 0 is the top of the page."""
    if len(payload) != PAYLOAD_BYTES:
        raise ValueError(f"the lattice payload is {PAYLOAD_BYTES} bytes, not {len(payload)}")
    code = np.frombuffer(bytes(_RS.encode(payload)), dtype=np.uint8)
    return code_to_tile(code)


def code_to_tile(code: npt.NDArray[np.uint8]) -> Bits:
    """Lay 18 code bytes out as tile cells (whitened)."""
    bits = ((code[BYTE_OF] >> BIT_OF) & 1).astype(bool)
    return bits ^ WHITEN


def tile_to_code(tiles: Bits) -> npt.NDArray[np.uint8]:
    """The code bytes of one tile (12×12) or of a stack of candidate tiles (…×12×12)."""
    flat = (tiles ^ WHITEN).reshape(*tiles.shape[:-2], TILE_CELLS * TILE_CELLS)[..., CELL_ORDER]
    return np.packbits(flat, axis=-1)


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
    code = bytes(tile_to_code(np.asarray(tile, dtype=bool)))
    positions = sorted({int(b) for b in BYTE_OF[erased]}) if erased is not None else []
    if len(positions) > PARITY_BYTES:
        return None
    result = decode_code(code, positions)
    return None if result is None else result[0]
