"""Reading the forensic dot lattice back from a page image (spec/extracts.md "Tracing").

Steps, all in numpy on the grey image:

1. Grid: the dots are isolated specks, so ink minus the darkest of 16 samples around each pixel
   keeps them and drops most text. In the spectrum of a central crop (≤ 1024 px) a lattice peak
   k comes with its quarter-turn k⊥ and the diagonals k ± k⊥ (text lines and rules do not), so
   each frequency is scored by the weakest of the four. The strongest few peaks give grid
   hypotheses (pitch, so dpi; angle; one dot position from the peaks' phases), allowing for a
   peak being a harmonic or a diagonal of the fundamental. Images above ~480 dpi are reduced.
2. Fit: lattice points are sampled with box sums from an integral image: the ink in a small box
   on the point less the background in the ring around it. On clean paper a point votes dot or
   no dot; on a uniform shade (the grey watermark) only a clear dot votes; near strokes and
   edges (text, rules, the QR) nothing votes. The centroids of the dots found refit the affine
   grid by least squares, outwards from the crop's centre (8, 24, 72 cells, then all), which
   absorbs small rotations and a pitch first guessed a few per cent off.
3. Vote: each voting point adds a soft ±1 to its tile cell, numbered as the staircase lays the
   tile out (``lattice.page_cell``) for each of the 4 quarter-turns, up to an unknown shift.
4. Origin: the 144 shifts × 4 quarter-turns are tried: first those whose RS syndromes are zero,
   then RS correction, also with the least reliable bytes erased; a result counts only when the
   caller's ``verify`` (the MAC check) accepts it. A hypothesis whose points are not about half
   dots is dropped before that, and the next hypothesis is tried.

Issue 7 hardens this (perspective, blur, JPEG, photos, mirror images); the tile needs no change.
Must not import Qt.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

from app.extract import lattice as code
from app.extract.lattice import PITCH_IN, TILE_CELLS

Floats = npt.NDArray[np.float64]
CROP = 1024  # side of the crop whose spectrum finds the grid
FINE, OUTER = 0.1, 0.25  # dot box and ring half-sides per pitch (tuned on rendered pages)
HYPOTHESES = 4  # grid guesses tried, likeliest first, until one decodes
MAX_PITCH = 24.0  # px; above this (≳ 480 dpi) the image is reduced first
PAPER_BLOCK = 32  # px: blocks over which the local paper level is taken
REACHES = (8, 16, 24, 36, 54, 81, 120, math.inf)  # cells from the origin fitted, in turn
PERSPECTIVE_REACH = 36  # from this reach on the fit is a homography …
PERSPECTIVE_DOTS = 300  # … when this many dots support it
LIVE_SHARE = 0.08  # a window whose readable points are fewer dots than this shows no lattice
_RING = [(dy, dx) for r in (3, 5) for dy in (-r, 0, r) for dx in (-r, 0, r) if dy or dx]


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


@dataclass(slots=True)
class _Grid:
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


def _ink(image: Image.Image) -> npt.NDArray[np.uint8]:
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


def _estimate(ink: npt.NDArray[np.uint8]) -> list[_Grid]:
    """Grid hypotheses from the spectrum of the image's central crop, likeliest first."""
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
    grids: list[_Grid] = []
    for k1x, k1y in suggestions:
        freqs = np.array([_subbin(mag, k1y, k1x, n), _subbin(mag, k1x, -k1y, n)])  # rows: (fx, fy)
        if abs(np.linalg.det(freqs)) < 1e-6:
            continue
        phases = np.array([_phase(crop, k, n) for k in freqs])
        basis = np.linalg.inv(freqs)
        grid = _Grid(centre + basis @ (-phases / (2 * math.pi)), _orient(basis))
        if not any(np.allclose(grid.basis, other.basis, rtol=0.02, atol=0.1) for other in grids):
            grids.append(grid)
        if len(grids) == HYPOTHESES:
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


class _Sampler:
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
class _Samples:
    ij: npt.NDArray[np.intp]  # lattice indices (i along a, j along b)
    points: Floats
    strength: Floats
    readable: npt.NDArray[np.bool_]
    threshold: float
    spread: float
    dot_share: float  # of the points on clean paper
    clean: npt.NDArray[np.bool_]  # on clean paper (no stroke, edge or shade nearby): fit the grid on these


CLEAN, SHADED, UNEVEN = 0.03, 0.5, 0.12  # ring ink share / unevenness limits


def _sample(grid: _Grid, sampler: _Sampler, inner: int, reach: float = math.inf) -> _Samples | None:
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
    return _Samples(ij, points, strength, readable, cut, spread, share, live_clean)


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


def _refit(grid: _Grid, sampler: _Sampler, samples: _Samples, inner: int, perspective: bool) -> _Grid:
    """Least-squares grid through the centroids of the dots found: affine, or with ``perspective``
    the plane homography (linear in its 8 unknowns once multiplied out), twice, dropping the
    centroids that missed by more than a quarter pitch the first time."""
    dots = samples.clean & (samples.strength > samples.threshold)
    if dots.sum() < (PERSPECTIVE_DOTS if perspective else 12):
        return grid if not perspective else _refit(grid, sampler, samples, inner, False)
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


def _affine(ij: Floats, xy: Floats) -> _Grid:
    design = np.column_stack([np.ones(len(ij)), ij])
    fit = np.linalg.lstsq(design, xy, rcond=None)[0].astype(np.float64)
    return _Grid(fit[0], fit[1:].T.copy())


def _homography(ij: Floats, xy: Floats) -> _Grid:
    """x·(1 + p·ij) = o + A·ij for both image axes: unknowns (oₓ, a₁₁, a₁₂, o_y, a₂₁, a₂₂, p₁, p₂)."""
    n = len(ij)
    ones, zeros = np.ones(n), np.zeros((n, 3))
    rows_x = np.column_stack([ones, ij, zeros, -xy[:, :1] * ij])
    rows_y = np.column_stack([zeros, ones, ij, -xy[:, 1:] * ij])
    design = np.vstack([rows_x, rows_y])
    scale = np.abs(design).max(axis=0) + 1e-12  # columns of very different sizes: balance them
    fit = np.linalg.lstsq(design / scale, np.concatenate([xy[:, 0], xy[:, 1]]), rcond=None)[0] / scale
    return _Grid(fit[[0, 3]], np.array([fit[1:3], fit[4:6]]), fit[6:8].astype(np.float64))


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
    ink = _ink(image)
    grids = _estimate(ink)
    attempts = [(ink, [g for g in grids if g.pitch <= MAX_PITCH], 1)]
    if grids and grids[0].pitch > MAX_PITCH:  # likely a high-resolution scan: reduce it first
        scale = max(2, round(grids[0].pitch / code.PITCH_PX))
        small = _ink(image.convert("L").reduce(scale))
        attempts.insert(0, (small, [g for g in _estimate(small) if g.pitch <= MAX_PITCH], scale))
    for pixels, hypotheses, scale in attempts:
        if not hypotheses:
            continue
        table = _Sampler.integral(pixels)
        for grid in hypotheses:
            found = _read(_Sampler(pixels, table, grid.pitch), grid, verify, scale)
            if found is not None:
                return found
    return None


def _read(sampler: _Sampler, grid: _Grid, verify: Callable[[bytes], bool], scale: int) -> LatticeRead | None:
    # fit outwards from the origin (the spectrum's phase reference): the estimated pitch may be
    # off by a few per cent, which only the points near the origin tolerate; perspective (a
    # phone photo) is fitted once the points reach far enough to show it
    for reach in REACHES:
        inner = sampler.coarse if reach < 72 else sampler.fine
        samples = _sample(grid, sampler, inner, reach)
        if samples is None:
            return None
        grid = _refit(grid, sampler, samples, inner, perspective=reach >= PERSPECTIVE_REACH)
    samples = _sample(grid, sampler, sampler.fine)
    if (
        samples is None or not 0.15 <= samples.dot_share <= 0.7
    ):  # whitened: about half are dots (fewer once copied)
        return None
    return _decode(grid, samples, verify, scale)


def _decode(
    grid: _Grid, samples: _Samples, verify: Callable[[bytes], bool], scale: int
) -> LatticeRead | None:
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
