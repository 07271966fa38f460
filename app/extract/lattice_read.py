"""Reading the forensic dot lattice back from a page image (spec/extracts.md "Tracing"): the steps
in order, and the voting and decoding of the tile.

Steps, all in numpy on the grey image:

1. Grid (:mod:`app.extract.lattice_grid`): ink is measured from the paper's local level, so uneven
   light or a yellowed sheet does not read as ink. The dots are isolated specks, so ink minus the
   darkest of 16 samples around each pixel keeps them and drops most text; in the spectrum of a
   central crop a lattice peak comes with its quarter-turn and its diagonals (text lines and rules
   do not). The strongest few peaks give grid hypotheses (pitch, so dpi; angle; one dot position
   from the peaks' phases). Images above ~480 dpi are reduced.
2. Fit (:mod:`app.extract.lattice_fit`): lattice points are sampled with box sums from an integral
   image: the ink in a small box on the point less the background in the ring around it. On clean
   paper a point votes dot or no dot; on a uniform shade (the grey watermark) only a clear dot
   votes; near strokes and edges (text, rules, the QR) nothing votes; 12×12-cell windows where
   almost no dots show (off the sheet, a photo, a blank margin) do not vote. The centroids of the
   dots found refit the grid by least squares, outwards from the crop's centre (8, 16, 24 … 120
   cells, then all), which absorbs small rotations and a pitch first guessed a few per cent off;
   from 36 cells on, with enough dots, the fit is a plane homography (a page seen in perspective).
3. Vote: each voting point adds a soft ±1 to its tile cell, numbered as the staircase lays the
   tile out (``lattice.page_cell``) for each of the 4 quarter-turns, up to an unknown shift. A
   cell's mean vote is read as dot or empty by a cut between the cells' own means (two-means), not
   at zero: in a copy of a copy only about half of the dots survive.
4. Origin: the 144 shifts × 4 quarter-turns are tried: first those whose RS syndromes are zero,
   then RS correction, also with the least reliable bytes erased; a result counts only when the
   caller's ``verify`` (the MAC check) accepts it. A hypothesis whose points are not about half
   dots is dropped before that, and the next hypothesis is tried.

Quarter-turns only: a mirror image (a print seen through from the back) is not tried.
Must not import Qt.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image

from app.extract import lattice as code
from app.extract.lattice import PITCH_IN, TILE_CELLS
from app.extract.lattice_fit import PERSPECTIVE_REACH, REACHES, Sampler, Samples, refit, sample
from app.extract.lattice_grid import MAX_PITCH, Floats, Grid, estimate, ink_image

HYPOTHESES = 4  # grid guesses tried, likeliest first, until one decodes


@dataclass(frozen=True, slots=True)
class LatticeRead:
    """A lattice payload that decoded and passed the caller's check, with how it was read."""

    payload: bytes
    tiles_used: int  # 12×12 windows of the grid with at least a quarter of their points readable
    tiles_agreeing: int  # of those, the ones matching the decoded tile on ≥ 90 % of read points
    points_read: int  # lattice points that voted (not covered by text, rules, the QR …)
    agreement: float  # share of voting points whose dot/no-dot matches the decoded tile
    corrected: int  # code bytes Reed–Solomon had to correct in the voted tile
    dpi: float  # estimated scan resolution
    angle: float  # degrees, counter-clockwise as seen: where the page's rightward axis points


# Quarter-turn k of the page in the image: the page's rightward and downward cell steps in the
# reader's index space (i along a, j along b).
_TURNS = [((1, 0), (0, 1)), ((0, 1), (-1, 0)), ((-1, 0), (0, -1)), ((0, -1), (1, 0))]
_SHIFTS = (np.arange(code.CELLS)[None, :] - np.arange(code.CELLS)[:, None]) % code.CELLS
_BYTE_CELLS = np.arange(code.CELLS).reshape(code.CODE_BYTES, 8)


def _classes(ij: npt.NDArray[np.intp], turn: int) -> npt.NDArray[np.intp]:
    """Tile cell number of each point, up to an unknown shift, if the page is at quarter-turn ``turn``."""
    (ri, rj), (di, dj) = _TURNS[turn]
    column, row = ij[:, 0] * ri + ij[:, 1] * rj, ij[:, 0] * di + ij[:, 1] * dj
    out: npt.NDArray[np.intp] = (column + code.ROW_STEP * row) % code.CELLS
    return out


def _centre(means: Floats, counts: Floats) -> Floats:
    """One quarter-turn's cell means rescaled so dot cells sit near +1 and empty ones near −1.

    The cut between them is found from the cells themselves (two-means), not assumed at zero: in
    a photocopy of a photocopy only about half of the dots survive, so a dot cell's points vote
    "dot" less than half the time, yet far more often than an empty cell's do."""
    seen = counts > 0
    values = means[seen]
    if len(values) < 2:
        return np.zeros_like(means)
    cut = float(values.min() + values.max()) / 2
    half = 1e-6
    for _ in range(8):
        low, high = values[values <= cut], values[values > cut]
        if not len(low) or not len(high):
            break
        cut, half = float(low.mean() + high.mean()) / 2, max(float(high.mean() - low.mean()) / 2, 1e-6)
    out: Floats = np.where(seen, (means - cut) / half, 0.0)
    return out


def _search(centred: Floats, verify: Callable[[bytes], bool]) -> tuple[bytes, int, int] | None:
    """(payload, candidate, bytes corrected) for the first verified (turn, shift) candidate;
    candidate = turn · 144 + shift, where tile cell c was voted as class (c − shift) mod 144."""
    tiles = (centred[:, _SHIFTS] > 0).reshape(-1, code.CELLS)
    codes = code.tile_to_code(tiles)
    for c in range(len(codes)):
        word = bytes(codes[c])
        if code.syndromes_clean(word) and verify(word[: code.PAYLOAD_BYTES]):
            return word[: code.PAYLOAD_BYTES], c, 0
    reliability = np.abs(centred)[:, _SHIFTS].reshape(-1, code.CELLS)
    per_byte = reliability[:, _BYTE_CELLS].min(axis=2)
    found: list[tuple[int, int, bytes]] = []
    for c in range(len(codes)):
        word = bytes(codes[c])
        order = np.argsort(per_byte[c], kind="stable")
        weak = [int(b) for b in order[:4] if per_byte[c, b] < 0.35]
        for erased in ([], weak) if weak else ([],):
            result = code.decode_code(word, erased)
            if result is not None and verify(result[0]):
                found.append((result[1], c, result[0]))
                break
    if not found:
        return None
    corrected, c, payload = min(found)
    return payload, c, corrected


def read_lattice(image: Image.Image, verify: Callable[[bytes], bool]) -> LatticeRead | None:
    """The lattice payload in a page image (or a piece of one), if one decodes and ``verify``
    accepts it; None otherwise. Any quarter-turn, small rotations, 150–600 dpi. ``verify`` sees
    every candidate that Reed–Solomon accepts (usually only the right one), so it must be the
    MAC check itself and have no side effects."""
    ink = ink_image(image)
    grids = estimate(ink, HYPOTHESES)
    attempts = [(ink, [g for g in grids if g.pitch <= MAX_PITCH], 1)]
    if grids and grids[0].pitch > MAX_PITCH:  # likely a high-resolution scan: reduce it first
        scale = max(2, round(grids[0].pitch / code.PITCH_PX))
        small = ink_image(image.convert("L").reduce(scale))
        attempts.insert(0, (small, [g for g in estimate(small, HYPOTHESES) if g.pitch <= MAX_PITCH], scale))
    for pixels, hypotheses, scale in attempts:
        if not hypotheses:
            continue
        table = Sampler.integral(pixels)
        for grid in hypotheses:
            found = _read(Sampler(pixels, table, grid.pitch), grid, verify, scale)
            if found is not None:
                return found
    return None


def _read(sampler: Sampler, grid: Grid, verify: Callable[[bytes], bool], scale: int) -> LatticeRead | None:
    # fit outwards from the origin (the spectrum's phase reference): the estimated pitch may be
    # off by a few per cent, which only the points near the origin tolerate; perspective (a
    # phone photo) is fitted once the points reach far enough to show it
    for reach in REACHES:
        inner = sampler.coarse if reach < 72 else sampler.fine
        samples = sample(grid, sampler, inner, reach)
        if samples is None:
            return None
        grid = refit(grid, sampler, samples, inner, perspective=reach >= PERSPECTIVE_REACH)
    samples = sample(grid, sampler, sampler.fine)
    if (
        samples is None or not 0.15 <= samples.dot_share <= 0.7
    ):  # whitened: about half are dots (fewer once copied)
        return None
    return _decode(grid, samples, verify, scale)


def _decode(grid: Grid, samples: Samples, verify: Callable[[bytes], bool], scale: int) -> LatticeRead | None:
    ij = samples.ij[samples.readable]
    strength = samples.strength[samples.readable]
    soft = np.clip((strength - samples.threshold) / samples.spread, -1.0, 1.0)
    classes = np.stack([_classes(ij, turn) for turn in range(4)])
    votes = np.stack([np.bincount(c, weights=soft, minlength=code.CELLS) for c in classes]).astype(np.float64)
    counts = np.stack([np.bincount(c, minlength=code.CELLS) for c in classes]).astype(np.float64)
    means = votes / np.maximum(counts, 1)
    found = _search(np.stack([_centre(m, c) for m, c in zip(means, counts, strict=True)]), verify)
    if found is None:
        return None
    payload, candidate, corrected = found
    turn, shift = divmod(candidate, code.CELLS)
    expected = code.encode_tile(payload).ravel()[(classes[turn] + shift) % code.CELLS]
    agrees = expected == (strength > samples.threshold)
    # every 12×12 window of the grid holds each tile cell once: count how many read and agree
    windows = np.column_stack([ij[:, 1] // TILE_CELLS, ij[:, 0] // TILE_CELLS])
    _ids, which, read = np.unique(windows, axis=0, return_inverse=True, return_counts=True)
    agreeing = np.bincount(which.ravel(), weights=agrees)
    used = read >= code.CELLS // 4
    right = [grid.basis[:, 0], grid.basis[:, 1], -grid.basis[:, 0], -grid.basis[:, 1]][turn]
    return LatticeRead(
        payload=payload,
        tiles_used=int(used.sum()),
        tiles_agreeing=int((agreeing[used] >= 0.9 * read[used]).sum()),
        points_read=len(strength),
        agreement=float(agrees.mean()),
        corrected=corrected,
        dpi=grid.pitch * scale / PITCH_IN,
        angle=math.degrees(math.atan2(-right[1], right[0])),
    )
