"""The lattice's grid in a page image: the ink image, the grid model and its first estimate.

- Ink: 0 = paper … 255 = black, measured from the paper's *local* level (the 90th percentile of
  ``PAPER_BLOCK``-px blocks, the brightest of each block's 3×3 neighbourhood, interpolated back),
  so lamp fall-off, scanner shading or a yellowed sheet do not read as ink.
- :class:`Grid`: lattice point (i, j) ↦ image point, affine or a plane homography (perspective),
  with ``project``/``unproject`` and the pitch.
- :func:`estimate`: the dots are isolated specks, so ink minus the darkest of 16 samples around
  each pixel keeps them and drops most text. In the spectrum of a central crop (≤ ``CROP`` px) a
  lattice peak k comes with its quarter-turn k⊥ and the diagonals k ± k⊥ (text lines and rules
  do not), so each frequency is scored by the weakest of the four. The strongest few peaks give
  grid hypotheses (pitch, angle, one dot position from the peaks' phases), allowing for a peak
  being a harmonic or a diagonal of the fundamental.

Must not import Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

Floats = npt.NDArray[np.float64]
CROP = 1024  # side of the crop whose spectrum finds the grid
MAX_PITCH = 24.0  # px; above this (≳ 480 dpi) the image is reduced first
PAPER_BLOCK = 32  # px: blocks over which the local paper level is taken
_RING = [(dy, dx) for r in (3, 5) for dy in (-r, 0, r) for dx in (-r, 0, r) if dy or dx]


@dataclass(slots=True)
class Grid:
    """Lattice point (i, j) is at (origin + basis·(i, j)) / (1 + persp·(i, j)) in the image: an
    affine grid when ``persp`` is zero, a plane seen in perspective (a phone photo) otherwise."""

    origin: Floats  # (x, y) of lattice point (0, 0), pixels
    basis: Floats  # 2×2, columns a (≈ rightward) and b (≈ downward), pixels per cell
    persp: Floats = field(default_factory=lambda: np.zeros(2))

    @property
    def pitch(self) -> float:
        return float(np.sqrt(abs(np.linalg.det(self.basis))))

    def project(self, ij: npt.NDArray[Any]) -> Floats:
        points: Floats = (self.origin + ij @ self.basis.T) / (1.0 + ij @ self.persp)[:, None]
        return points

    def unproject(self, points: Floats) -> Floats:
        """Lattice coordinates (fractional) of image points: (basis − x·perspᵀ)·ij = x − origin."""
        out = [np.linalg.solve(self.basis - np.outer(x, self.persp), x - self.origin) for x in points]
        return np.array(out, dtype=np.float64)


def ink_image(image: Image.Image) -> npt.NDArray[np.uint8]:
    """0 = paper … 255 = black, measured from the paper's *local* level: lamp light falling off
    across a photo, a scanner's shading or a yellowed sheet make the paper itself darker in
    places, which a single global level would read as ink."""
    grey = np.asarray(image.convert("L"))
    paper = _paper(grey)
    sample = grey[:: max(1, grey.shape[0] // 256), :: max(1, grey.shape[1] // 256)]
    black = float(np.percentile(sample, 0.5))
    span = np.maximum(paper - black, 32.0)
    out: npt.NDArray[np.uint8] = np.clip((paper - grey) * (255.0 / span), 0, 255).astype(np.uint8)
    return out


def _paper(grey: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    """The paper's brightness under every pixel: the 90th percentile of each block of ``PAPER_BLOCK``
    pixels (paper shows between the ink in nearly every block), smoothed over the neighbouring
    blocks and interpolated back to full size."""
    h, w = grey.shape
    b = PAPER_BLOCK
    rows, cols = max(1, h // b), max(1, w // b)
    blocks = (
        grey[: rows * b, : cols * b].reshape(rows, b, cols, b).transpose(0, 2, 1, 3).reshape(rows, cols, -1)
    )
    if h < b or w < b:
        blocks = grey.reshape(1, 1, -1)
    level = np.percentile(blocks, 90, axis=2).astype(np.float32)
    padded = np.pad(level, 1, mode="edge")
    level = np.max(  # the brightest of the 3×3 neighbourhood: a block under a heading is not paper
        [padded[dy : dy + rows, dx : dx + cols] for dy in range(3) for dx in range(3)], axis=0
    )
    small = Image.fromarray(level, mode="F")
    full = small.resize((w, h), Image.Resampling.BILINEAR)
    return np.asarray(full, dtype=np.float32)


def _specks(ink: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    """Ink minus the darkest of the samples 3 and 5 px around: isolated dots stay, strokes go."""
    pad = 5
    padded = np.pad(ink, pad)
    h, w = ink.shape
    around = np.zeros_like(ink)
    for dy, dx in _RING:
        np.maximum(around, padded[pad + dy : pad + dy + h, pad + dx : pad + dx + w], out=around)
    return np.subtract(ink, around, dtype=np.int16).clip(0).astype(np.float32)


def estimate(ink: npt.NDArray[np.uint8], hypotheses: int) -> list[Grid]:
    """Up to ``hypotheses`` grid hypotheses from the spectrum of the image's central crop,
    likeliest first."""
    h, w = ink.shape
    n = min(CROP, h, w) // 2 * 2
    if n < 96:
        return []
    y0, x0 = (h - n) // 2, (w - n) // 2
    crop = _specks(ink[y0 : y0 + n, x0 : x0 + n])
    crop -= crop.mean()
    window = np.hanning(n).astype(np.float32)
    crop *= window[:, None] * window[None, :]
    mag = np.abs(np.fft.rfft2(crop))
    lo, hi = n / 40.0, n / 6.0  # pitches 6–40 px: 150–600 dpi and some slack
    span = int(hi) + 2
    ky, kx = np.meshgrid(np.arange(-span, span + 1), np.arange(0, span + 1), indexing="ij")
    radius = np.hypot(kx, ky)
    # a lattice peak k has its quarter-turn k⊥ and the diagonals k ± k⊥ as peaks too (text lines
    # and rules do not): score each bin by the weakest of them
    score = np.minimum.reduce(
        [
            _folded(mag, kx, ky),
            _folded(mag, -ky, kx),
            2 * _folded(mag, kx - ky, ky + kx),
            2 * _folded(mag, kx + ky, ky - kx),
        ]
    )
    score[(radius < lo) | (radius > hi)] = 0
    top = float(score.max())
    if top <= 0:
        return []
    # local maxima of the score, strongest first; each suggests its fundamental, then itself
    peak = (score >= 0.3 * top) & (score == _max3(score))
    order = np.argsort(-score[peak], kind="stable")[:8]
    suggestions = [
        guess
        for y, x in zip(ky[peak][order], kx[peak][order], strict=True)
        for guess in _peaks(score, int(x), int(y), span, 0.6 * float(score[y + span, x]))
    ]
    centre = np.array([x0 + n / 2, y0 + n / 2])
    grids: list[Grid] = []
    for k1x, k1y in suggestions:
        freqs = np.array([_subbin(mag, k1y, k1x, n), _subbin(mag, k1x, -k1y, n)])  # rows: (fx, fy)
        if abs(np.linalg.det(freqs)) < 1e-6:
            continue
        phases = np.array([_phase(crop, k, n) for k in freqs])
        basis = np.linalg.inv(freqs)
        grid = Grid(centre + basis @ (-phases / (2 * math.pi)), _orient(basis))
        if not any(np.allclose(grid.basis, other.basis, rtol=0.02, atol=0.1) for other in grids):
            grids.append(grid)
        if len(grids) == hypotheses:
            break
    return grids


def _max3(a: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """The maximum over each element's 3×3 neighbourhood."""
    padded = np.pad(a, 1)
    h, w = a.shape
    out = a.copy()
    for dy in range(3):
        for dx in range(3):
            np.maximum(out, padded[dy : dy + h, dx : dx + w], out=out)
    return out


def _peaks(
    score: npt.NDArray[np.float32], kx: int, ky: int, span: int, floor: float
) -> list[tuple[int, int]]:
    """Guesses at the lattice's fundamental from its strongest peak (kx, ky), best first: that
    peak may be a harmonic (k/2, k/3) or a diagonal ((k ± k⊥)/2) of the fundamental, which then
    scores above ``floor`` too; the shortest such is the likeliest, the peak itself the next."""

    def strongest_near(x: float, y: float) -> tuple[float, int, int]:
        found = [
            (float(score[yy + span, xx]), xx, yy)
            for xx in range(round(x) - 1, round(x) + 2)
            for yy in range(round(y) - 1, round(y) + 2)
            if 0 <= xx <= span and -span <= yy <= span
        ]
        return max(found) if found else (0.0, 0, 0)

    options = []
    for x, y in (
        (kx / 2, ky / 2),
        (kx / 3, ky / 3),
        ((kx - ky) / 2, (ky + kx) / 2),
        ((kx + ky) / 2, (ky - kx) / 2),
    ):
        if x < 0:
            x, y = -x, -y
        value, xx, yy = strongest_near(x, y)
        if value >= floor:
            options.append((xx, yy))
    options.sort(key=lambda k: k[0] ** 2 + k[1] ** 2)
    return list(dict.fromkeys([*options[:1], (kx, ky), *options[1:]]))


def _folded(
    mag: npt.NDArray[np.float32], kx: npt.NDArray[np.int_], ky: npt.NDArray[np.int_]
) -> npt.NDArray[np.float32]:
    """|spectrum| at integer frequencies (kx, ky) of any sign, from the half-plane rfft2 keeps."""
    n = mag.shape[0]
    flip = kx < 0
    out: npt.NDArray[np.float32] = mag[np.where(flip, -ky, ky) % n, np.abs(kx)]
    return out


def _subbin(mag: npt.NDArray[np.float32], ky: int, kx: int, n: int) -> tuple[float, float]:
    """The peak near bin (kx, ky) to a fraction of a bin (parabola on log magnitude)."""

    def at(y: int, x: int) -> float:
        if x < 0:
            x, y = -x, -y
        return math.log(float(mag[y % n, x]) + 1e-6)

    for _ in range(3):  # climb to the magnitude's own maximum first
        ky, kx = max(((ky + dy, kx + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)), key=lambda p: at(*p))

    def offset(m: float, c: float, p: float) -> float:
        d = m - 2 * c + p
        return 0.0 if d >= 0 else max(-0.5, min(0.5, 0.5 * (m - p) / d))

    c = at(ky, kx)
    fx = kx + offset(at(ky, kx - 1), c, at(ky, kx + 1))
    fy = ky + offset(at(ky - 1, kx), c, at(ky + 1, kx))
    return fx / n, fy / n


def _phase(crop: npt.NDArray[np.float32], k: Floats, n: int) -> float:
    """Phase of the crop's spectrum at frequency ``k`` (cycles/px), taken about the crop's centre."""
    pos = np.arange(n) - n / 2
    ex = np.exp(-2j * math.pi * k[0] * pos)
    ey = np.exp(-2j * math.pi * k[1] * pos)
    rows = crop @ ex.real.astype(np.float32) + 1j * (crop @ ex.imag.astype(np.float32))  # real BLAS
    return float(np.angle(ey @ rows))


def _orient(basis: Floats) -> Floats:
    """Columns a ≈ rightward, b the quarter-turn of a ≈ downward (a right-handed image frame)."""
    options = [basis[:, 0], basis[:, 1], -basis[:, 0], -basis[:, 1]]
    a = max(options, key=lambda v: v[0] / np.hypot(*v))
    b = max(options, key=lambda v: (a[0] * v[1] - a[1] * v[0]) / np.hypot(*v))
    return np.column_stack([a, b])
