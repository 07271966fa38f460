"""Sampling a lattice grid in the ink image and fitting the grid to the dots found.

- :class:`Sampler`: box sums on the ink through an integral image: the ink in a small box on a
  lattice point less the background in the ring around it, and ink-weighted dot centroids.
- :func:`sample`: every lattice point within a reach of the grid's origin. On clean paper a point
  votes dot or no dot (cut between the two groups of strengths, so faded dots still count); on a
  uniform shade only a clear dot votes; near strokes and edges nothing votes; 12×12-cell windows
  that show (almost) no dots — off the sheet, a photo, a blank margin — do not vote at all.
- :func:`refit`: least squares through the dots' centroids, affine or (with enough dots) the
  plane homography of a page seen in perspective, dropping centroids that missed.

Must not import Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.extract import lattice as code
from app.extract.lattice import TILE_CELLS
from app.extract.lattice_grid import Floats, Grid

FINE, OUTER = 0.1, 0.25  # dot box and ring half-sides per pitch (tuned on rendered pages)
REACHES = (8, 16, 24, 36, 54, 81, 120, math.inf)  # cells from the origin fitted, in turn
PERSPECTIVE_REACH = 36  # from this reach on the fit is a homography …
PERSPECTIVE_DOTS = 300  # … when this many dots support it
LIVE_SHARE = 0.08  # a window whose readable points are fewer dots than this shows no lattice


class Sampler:
    """Box sums on the ink through an integral image, at lattice points."""

    def __init__(self, ink: npt.NDArray[np.uint8], table: npt.NDArray[np.uint32], pitch: float) -> None:
        self.ink, self.table = ink, table
        dot = pitch * code.DOT_PX / code.PITCH_PX
        self.dot_ink = 255.0 * max(dot, 1.0) ** 2
        self.coarse = max(1, int(0.15 * pitch + 0.5 * dot + 0.5))  # half-sides of the dot box
        self.fine = max(1, int(FINE * pitch + 0.5 * dot + 0.5))
        self.outer = max(self.coarse + 1, int(OUTER * pitch + 0.5))  # … and of the box with its ring

    @staticmethod
    def integral(ink: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint32]:
        """Summed-area table, modulo 2³²: differences of it are exact for any box of < 16 M px."""
        table = np.zeros((ink.shape[0] + 1, ink.shape[1] + 1), dtype=np.uint32)
        np.cumsum(np.cumsum(ink, axis=0, dtype=np.uint32), axis=1, out=table[1:, 1:])
        return table

    def inside(self, points: Floats) -> npt.NDArray[np.bool_]:
        h, w = self.ink.shape
        x, y = np.rint(points[:, 0]), np.rint(points[:, 1])
        r = self.outer
        ok: npt.NDArray[np.bool_] = (x >= r) & (y >= r) & (x < w - r) & (y < h - r)
        return ok

    def _box(
        self, x: npt.NDArray[np.intp], y: npt.NDArray[np.intp], dx: tuple[int, int], dy: tuple[int, int]
    ) -> Floats:
        t = self.table
        x0, x1, y0, y1 = x + dx[0], x + dx[1] + 1, y + dy[0], y + dy[1] + 1
        return (t[y1, x1] - t[y0, x1] - t[y1, x0] + t[y0, x0]).astype(np.float64)  # wraps back exactly

    def sample(self, points: Floats, inner: int) -> tuple[Floats, Floats, Floats]:
        """Per point: the ink in the dot box above the background (≈ 1 for a clean dot, ≈ 0 for
        none), the background's ink share in the ring around it (0 on clean paper) and how
        uneven the ring is (the spread of its four sides: a stroke or an edge nearby)."""
        x, y = np.rint(points[:, 0]).astype(np.intp), np.rint(points[:, 1]).astype(np.intp)
        r, o = inner, self.outer
        dot = self._box(x, y, (-r, r), (-r, r))
        sides = [
            (self._box(x, y, (-o, o), (-o, -r - 1)), (2 * o + 1) * (o - r)),
            (self._box(x, y, (-o, o), (r + 1, o)), (2 * o + 1) * (o - r)),
            (self._box(x, y, (-o, -r - 1), (-r, r)), (2 * r + 1) * (o - r)),
            (self._box(x, y, (r + 1, o), (-r, r)), (2 * r + 1) * (o - r)),
        ]
        ring: Floats = np.sum([s for s, _ in sides], axis=0) / sum(a for _, a in sides) / 255.0
        means = np.stack([s / a for s, a in sides]) / 255.0
        uneven = means.max(axis=0) - means.min(axis=0)
        strength = (dot - ring * 255.0 * (2 * r + 1) ** 2) / self.dot_ink
        return strength, ring, uneven

    def centroids(self, points: Floats, inner: int) -> Floats:
        """Ink-weighted centres of the dots near ``points``, over a window wide enough (± ``outer``)
        that a dot a few pixels off its predicted place is measured whole: a window clipped to
        the dot box would pull every centre towards the prediction and the fit could never move."""
        x, y = np.rint(points[:, 0]).astype(np.intp), np.rint(points[:, 1]).astype(np.intp)
        offs = np.arange(-self.outer, self.outer + 1)
        patch = self.ink[y[:, None, None] + offs[None, :, None], x[:, None, None] + offs[None, None, :]]
        weight = patch.astype(np.float64)
        weight -= np.median(weight, axis=(1, 2), keepdims=True)
        np.maximum(weight, 0, out=weight)
        mass = weight.sum(axis=(1, 2)) + 1e-9
        cx = (weight.sum(axis=1) * offs).sum(axis=1) / mass
        cy = (weight.sum(axis=2) * offs).sum(axis=1) / mass
        return np.column_stack([x + cx, y + cy])


@dataclass(slots=True)
class Samples:
    ij: npt.NDArray[np.intp]  # lattice indices (i along a, j along b)
    points: Floats
    strength: Floats
    readable: npt.NDArray[np.bool_]
    threshold: float
    spread: float
    dot_share: float  # of the points on clean paper
    clean: npt.NDArray[np.bool_]  # on clean paper (no stroke, edge or shade nearby): fit the grid on these


CLEAN, SHADED, UNEVEN = 0.03, 0.5, 0.12  # ring ink share / unevenness limits


def sample(grid: Grid, sampler: Sampler, inner: int, reach: float = math.inf) -> Samples | None:
    """Sample every lattice point in the image. On clean paper a point votes dot or no dot; on a
    uniform shade (the grey watermark) only a clear dot votes, since a dot under an opaque glyph is
    hidden; near strokes and edges nothing votes. Only points within ``reach`` cells of the grid's
    origin are taken."""
    h, w = sampler.ink.shape
    corners = np.array([[0, 0], [w, 0], [0, h], [w, h]], dtype=np.float64)
    lat = grid.unproject(corners).T
    bound = min(2 * max(h, w) / max(grid.pitch, 1.0), reach)  # a horizon in the image must not explode it
    lo = np.floor(lat.min(axis=1)).clip(-bound, bound).astype(int)
    hi = np.ceil(lat.max(axis=1)).clip(-bound, bound).astype(int)
    ii, jj = np.meshgrid(np.arange(lo[0], hi[0] + 1), np.arange(lo[1], hi[1] + 1))
    ij = np.column_stack([ii.ravel(), jj.ravel()])
    points = grid.project(ij)
    keep = sampler.inside(points) & (np.abs(ij).max(axis=1) <= reach)
    ij, points = ij[keep], points[keep]
    strength, ring, uneven = sampler.sample(points, inner)
    plausible = (strength > -0.5) & (strength < 3.0) & (uneven < UNEVEN)
    clean = plausible & (ring < CLEAN)
    values = strength[clean]
    if len(values) < (TILE_CELLS * TILE_CELLS if math.isinf(reach) else 24):
        return None
    low_end, high_end = np.percentile(values, [5, 95])
    cut = float(low_end + high_end) / 2  # faded dots (a photocopy's) sit well below 0.5
    for _ in range(8):
        low, high = values[values < cut], values[values >= cut]
        if not len(low) or not len(high):
            return None
        cut = float(low.mean() + high.mean()) / 2
    spread = max(float(high.mean() - low.mean()) / 2, 1e-3)
    readable = clean | (plausible & (ring < SHADED) & (strength > cut + spread / 2))
    readable &= _live(ij, readable, strength > cut)
    live_clean = clean & readable
    if not live_clean.any():
        return None
    share = float((strength[live_clean] > cut).mean())
    return Samples(ij, points, strength, readable, cut, spread, share, live_clean)


def _live(
    ij: npt.NDArray[np.intp], readable: npt.NDArray[np.bool_], dot: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """The points in 12×12-cell windows that show the lattice at all. Off the sheet (the desk
    around a photographed page), in a photo or a blank margin a scanner cut, no dots show; such
    points would vote "no dot" for every cell and drown the tile, so they do not vote."""
    block = ij // TILE_CELLS
    block -= block.min(axis=0)
    window = block[:, 0] * (int(block[:, 1].max()) + 1) + block[:, 1]
    read = np.bincount(window, weights=readable)
    dots = np.bincount(window, weights=readable & dot)
    live: npt.NDArray[np.bool_] = (dots >= np.maximum(3, LIVE_SHARE * read))[window]
    return live


def refit(grid: Grid, sampler: Sampler, samples: Samples, inner: int, perspective: bool) -> Grid:
    """Least-squares grid through the centroids of the dots found: affine, or with ``perspective``
    the plane homography (linear in its 8 unknowns once multiplied out), twice, dropping the
    centroids that missed by more than a quarter pitch the first time."""
    dots = samples.clean & (samples.strength > samples.threshold)
    if dots.sum() < (PERSPECTIVE_DOTS if perspective else 12):
        return grid if not perspective else refit(grid, sampler, samples, inner, False)
    measured = sampler.centroids(samples.points[dots], inner)
    ij = samples.ij[dots].astype(np.float64)
    fitted = grid
    for _ in range(2):
        if len(ij) < 12:
            break
        fitted = _homography(ij, measured) if perspective else _affine(ij, measured)
        residual = np.hypot(*(fitted.project(ij) - measured).T)
        good = residual < max(0.25 * grid.pitch, 1.0)
        ij, measured = ij[good], measured[good]
    return fitted


def _affine(ij: Floats, xy: Floats) -> Grid:
    design = np.column_stack([np.ones(len(ij)), ij])
    fit = np.linalg.lstsq(design, xy, rcond=None)[0].astype(np.float64)
    return Grid(fit[0], fit[1:].T.copy())


def _homography(ij: Floats, xy: Floats) -> Grid:
    """x·(1 + p·ij) = o + A·ij for both image axes: unknowns (oₓ, a₁₁, a₁₂, o_y, a₂₁, a₂₂, p₁, p₂)."""
    n = len(ij)
    ones, zeros = np.ones(n), np.zeros((n, 3))
    rows_x = np.column_stack([ones, ij, zeros, -xy[:, :1] * ij])
    rows_y = np.column_stack([zeros, ones, ij, -xy[:, 1:] * ij])
    design = np.vstack([rows_x, rows_y])
    scale = np.abs(design).max(axis=0) + 1e-12  # columns of very different sizes: balance them
    fit = np.linalg.lstsq(design / scale, np.concatenate([xy[:, 0], xy[:, 1]]), rcond=None)[0] / scale
    return Grid(fit[[0, 3]], np.array([fit[1:3], fit[4:6]]), fit[6:8].astype(np.float64))
