"""The degradation suite: pure functions that damage a rendered page image the way a leak damages
paper (issue 7; spec/extracts.md "Tracing", DESIGN §5). Used by the tracing tests and benchmark.

Every function takes and returns a grayscale PIL image (mode "L": 0 black ink, 255 white paper),
never modifies its input, writes no file, and draws all randomness from the ``numpy.random.Generator``
it is given, so the same seed gives the same bytes. No Qt.

Units. Pixel quantities are in pixels of the image given. Physical sizes are in millimetres and are
converted with the image's resolution in dots per inch, always passed explicitly (``dpi``; 300 dpi
makes A4 2481×3508 px and 1 mm = 11.81 px). Grey levels and noise are in 8-bit levels (0–255).
Strengths and fractions are dimensionless (0–1); angles are degrees, counter-clockwise.

The physical models:

- ``rotate`` / ``blur`` / ``noise`` / ``jpeg`` / ``rescale``: a crooked scan, defocus, sensor noise,
  lossy compression and a scan at another resolution (Lanczos, i.e. area-weighted, when reducing).
- ``fragment``: a torn-off piece: an axis-aligned rectangle holding ``fraction`` of the page area
  (±2 %), aspect ratio width/height uniform in [0.6, 1.6] (narrowed where the page forbids it), placed
  uniformly inside the page. ``torn`` also whitens a jagged band along one or two of its edges (paper
  fibres torn away; a scanner lid behind is white), removing at most 12 % of the rectangle so at least
  85 % of the requested area keeps its content. ``fragment`` draws its rectangle with ``fragment_box``
  before anything else, so a generator in the same state tells a test which region the piece holds.
- ``photocopy``: per generation a tiny misfeed (rotation ±``jitter_deg``, scale ±``scale_jitter``),
  the optics' Gaussian blur of ``blur_mm`` (σ, in mm on paper), drum/sensor noise (σ in levels), then
  the copier's binarisation: ink where the darkening reaches ``threshold`` of the way from the input's
  own paper level to its ink level. Every generation's output is bilevel (0/255). A small dot whose
  blurred peak stays short of the threshold vanishes — the effect the benchmark has to show, so
  nothing here helps the dots.
- ``uneven_light``: lamp light falling off across a desk: the image times a smooth field made of a
  random linear gradient and a radial vignette; the darkest factor is exactly ``1 - strength``.
- ``perspective``: a phone held not quite parallel to a sheet on a desk: the four corners move by up
  to ``strength`` × the page side, inward or outward; the sheet lands whole on a larger grey "desk".
- ``phone_photo``: perspective, uneven light, a 12-MP photo of A4 (about 220 dpi on the page), lens
  blur, sensor noise and the phone's JPEG.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageFilter

MM_PER_INCH = 25.4
PHONE_DPI = 220  # a 12-MP photo (4000×3000) framing an A4 sheet puts about 220 px on each inch of paper
TEAR_SHARE = 0.12  # the torn band removes at most this share of the fragment's rectangle


def _check(img: Image.Image) -> None:
    if img.mode != "L":
        raise ValueError(f"expected a grayscale 'L' image, got mode {img.mode!r}")


def _to_image(values: npt.ArrayLike) -> Image.Image:
    return Image.fromarray(np.clip(np.rint(values), 0, 255).astype(np.uint8), mode="L")


def mm_to_px(mm: float, dpi: float) -> float:
    """A length on paper in millimetres as pixels at ``dpi``."""
    return mm * dpi / MM_PER_INCH


def rotate(img: Image.Image, degrees: float) -> Image.Image:
    """Rotate counter-clockwise by ``degrees``, bicubic, canvas grown to hold it all, corners white."""
    _check(img)
    return img.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def blur(img: Image.Image, sigma_px: float) -> Image.Image:
    """Gaussian blur with standard deviation ``sigma_px`` pixels."""
    _check(img)
    return img.filter(ImageFilter.GaussianBlur(radius=sigma_px))


def noise(img: Image.Image, sigma: float, rng: np.random.Generator) -> Image.Image:
    """Add Gaussian noise of standard deviation ``sigma`` levels, clipped to 0–255."""
    _check(img)
    values = np.asarray(img, dtype=np.float32)
    values = values + rng.standard_normal(values.shape, dtype=np.float32) * np.float32(sigma)
    return _to_image(values)


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    """Round-trip through JPEG at ``quality`` (1–95), in memory."""
    _check(img)
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("L")


def rescale(img: Image.Image, dpi_from: float, dpi_to: float) -> Image.Image:
    """Resample a page scanned at ``dpi_from`` to ``dpi_to``: Lanczos (area-weighted) when reducing."""
    _check(img)
    factor = dpi_to / dpi_from
    size = (max(1, round(img.width * factor)), max(1, round(img.height * factor)))
    if size == img.size:
        return img.copy()
    resample = Image.Resampling.LANCZOS if factor < 1 else Image.Resampling.BICUBIC
    return img.resize(size, resample=resample)


def fragment_box(
    size: tuple[int, int], fraction: float, rng: np.random.Generator
) -> tuple[int, int, int, int]:
    """The rectangle ``(x0, y0, x1, y1)`` (x1, y1 exclusive, as PIL's crop) of a fragment holding
    ``fraction`` of a page of ``size`` = (width, height), aspect width/height uniform in [0.6, 1.6]."""
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    width, height = size
    area = fraction * width * height
    low, high = max(0.6, area / height**2), min(1.6, width**2 / area)
    aspect = rng.uniform(low, high) if low < high else width / height
    box_w = min(width, max(1, round(math.sqrt(area * aspect))))
    box_h = min(height, max(1, round(area / box_w)))
    x0 = int(rng.integers(0, width - box_w + 1))
    y0 = int(rng.integers(0, height - box_h + 1))
    return x0, y0, x0 + box_w, y0 + box_h


def _jagged_depths(length: int, area: float, limit: int, rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """Depths (px) of a torn band along an edge of ``length`` px, summing to at most ``area``."""
    knots = rng.uniform(0.2, 1.8, size=max(3, length // 60) + 1)  # the tear's slow wander
    coarse = np.interp(np.arange(length), np.linspace(0, length - 1, knots.size), knots)
    walk = np.cumsum(rng.normal(0.0, 0.08, length))  # a Brownian bridge: the fibres' ragged line
    walk -= np.linspace(walk[0], walk[-1], length)
    teeth = rng.uniform(0.0, 0.3, length)  # single fibres sticking out
    profile = np.clip(coarse + walk + teeth, 0.0, None)
    profile *= (area / length) * rng.uniform(0.5, 1.0) / max(float(profile.mean()), 1e-9)
    return np.minimum(np.floor(profile), limit).astype(np.int64)


def _tear(piece: npt.NDArray[np.uint8], budget: float, rng: np.random.Generator) -> None:
    height, width = piece.shape
    edges = rng.choice(4, size=int(rng.integers(1, 3)), replace=False)  # 0 top, 1 right, 2 bottom, 3 left
    for edge in edges:
        along = width if edge in (0, 2) else height
        across = height if edge in (0, 2) else width
        depth = _jagged_depths(along, budget / len(edges), across // 2, rng)
        if edge == 0:
            mask = np.arange(height)[:, None] < depth[None, :]
        elif edge == 2:
            mask = np.arange(height)[::-1, None] < depth[None, :]
        elif edge == 3:
            mask = np.arange(width)[None, :] < depth[:, None]
        else:
            mask = np.arange(width)[None, ::-1] < depth[:, None]
        piece[mask] = 255


def fragment(img: Image.Image, fraction: float, rng: np.random.Generator, torn: bool = False) -> Image.Image:
    """The piece of the page inside ``fragment_box(img.size, fraction, rng)``; ``torn`` whitens a
    jagged band along one or two of its edges, keeping at least 85 % of the requested area."""
    _check(img)
    box = fragment_box(img.size, fraction, rng)
    piece = img.crop(box)
    if not torn:
        return piece
    values = np.array(piece, dtype=np.uint8)
    box_area = piece.width * piece.height
    budget = min(TEAR_SHARE * box_area, box_area - 0.86 * fraction * img.width * img.height)
    _tear(values, max(0.0, budget), rng)
    return Image.fromarray(values, mode="L")


@dataclass(frozen=True)
class Photocopier:
    """A bilevel copier. ``blur_mm``: the optics' Gaussian σ on paper (mm); ``threshold``: where between
    paper (0) and ink (1) a pixel turns black; ``noise``: σ in levels; ``jitter_deg``: misfeed rotation
    bound (degrees); ``scale_jitter``: magnification error bound (fraction)."""

    blur_mm: float = 0.085
    threshold: float = 0.5
    noise: float = 6.0
    jitter_deg: float = 0.4
    scale_jitter: float = 0.01


DEFAULT_COPIER = Photocopier()


def _levels(img: Image.Image) -> tuple[float, float]:
    """The image's own paper and ink levels: its 90th and 0.5th percentiles (ink assumed black when
    the image holds too little ink to tell)."""
    cumulative = np.cumsum(img.histogram())
    total = float(cumulative[-1])
    paper = float(np.searchsorted(cumulative, 0.90 * total))
    ink = float(np.searchsorted(cumulative, 0.005 * total))
    return paper, (ink if paper - ink >= 64 else 0.0)


def _misfeed(img: Image.Image, degrees: float, scale: float) -> Image.Image:
    """Rotate by ``degrees`` and magnify by ``scale`` about the centre, on the same sheet (white)."""
    theta = math.radians(degrees)
    cos, sin = math.cos(theta) / scale, math.sin(theta) / scale
    cx, cy = img.width / 2, img.height / 2
    coeffs = (cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy)
    return img.transform(img.size, Image.Transform.AFFINE, coeffs, Image.Resampling.BICUBIC, fillcolor=255)


def photocopy(
    img: Image.Image,
    dpi: int,
    generations: int,
    rng: np.random.Generator,
    model: Photocopier = DEFAULT_COPIER,
) -> Image.Image:
    """``generations`` successive bilevel copies of ``img`` (a page at ``dpi``) through ``model``."""
    _check(img)
    out = img
    for _ in range(generations):
        paper, ink = _levels(out)
        degrees = rng.uniform(-model.jitter_deg, model.jitter_deg) if model.jitter_deg else 0.0
        scale = 1.0 + (rng.uniform(-model.scale_jitter, model.scale_jitter) if model.scale_jitter else 0.0)
        if degrees or scale != 1.0:
            out = _misfeed(out, degrees, scale)
        out = noise(blur(out, mm_to_px(model.blur_mm, dpi)), model.noise, rng)
        level = paper - model.threshold * (paper - ink)
        out = Image.fromarray(np.where(np.asarray(out) < level, 0, 255).astype(np.uint8), mode="L")
    return out if out is not img else img.copy()


def uneven_light(img: Image.Image, strength: float, rng: np.random.Generator) -> Image.Image:
    """Multiply by a smooth illumination field (a random linear gradient plus a radial vignette
    around a point near the centre) whose darkest factor is ``1 - strength`` and brightest is 1 or less."""
    _check(img)
    width, height = img.size
    x = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    angle = rng.uniform(0.0, 2 * math.pi)
    ux, uy = math.cos(angle), math.sin(angle)
    g_low = min(0.0, ux) + min(0.0, uy)
    g_high = max(0.0, ux) + max(0.0, uy)
    gradient = (ux * x + uy * y - g_low) / (g_high - g_low)
    cx, cy = (float(v) for v in rng.uniform(0.35, 0.65, size=2))  # Python floats keep the field float32
    aspect = height / width
    radial = (x - cx) ** 2 + ((y - cy) * aspect) ** 2
    corner = max((px - cx) ** 2 + ((py - cy) * aspect) ** 2 for px in (0, 1) for py in (0, 1))
    mix = np.float32(rng.uniform(0.3, 0.7))
    shade = mix * gradient + (1 - mix) * radial / np.float32(corner)
    factor = 1.0 - np.float32(strength) * shade / shade.max()
    return _to_image(np.asarray(img, dtype=np.float32) * factor)


def perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> tuple[float, ...]:
    """PIL's 8 PERSPECTIVE coefficients mapping output points ``dst`` to input points ``src``:
    u = (aX + bY + c) / (gX + hY + 1), v = (dX + eY + f) / (gX + hY + 1)."""
    rows: list[list[float]] = []
    rhs: list[float] = []
    for (big_x, big_y), (u, v) in zip(dst, src, strict=True):
        rows.append([big_x, big_y, 1, 0, 0, 0, -big_x * u, -big_y * u])
        rows.append([0, 0, 0, big_x, big_y, 1, -big_x * v, -big_y * v])
        rhs += [u, v]
    solution = np.linalg.solve(np.array(rows, dtype=np.float64), np.array(rhs, dtype=np.float64))
    return tuple(float(c) for c in solution)


def perspective(
    img: Image.Image, strength: float, rng: np.random.Generator, background: int = 96
) -> Image.Image:
    """The sheet photographed on a desk of grey ``background``: each corner moved by up to
    ``strength`` × the page side, on a canvas with room for the whole sheet."""
    _check(img)
    width, height = img.size
    margin_x = math.ceil((strength + 0.03) * width)
    margin_y = math.ceil((strength + 0.03) * height)
    src = [(0.0, 0.0), (float(width), 0.0), (float(width), float(height)), (0.0, float(height))]
    dst = [
        (
            margin_x + sx + rng.uniform(-strength, strength) * width,
            margin_y + sy + rng.uniform(-strength, strength) * height,
        )
        for sx, sy in src
    ]
    size = (width + 2 * margin_x, height + 2 * margin_y)
    coeffs = perspective_coeffs(dst, src)
    return img.transform(
        size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC, fillcolor=background
    )


def phone_photo(img: Image.Image, dpi: int, rng: np.random.Generator) -> Image.Image:
    """A phone photo of the sheet on a desk: perspective 0.04, uneven light 0.35, the page at about
    220 dpi, lens blur σ 0.7 px, sensor noise σ 3 levels, JPEG quality 85."""
    out = uneven_light(perspective(img, 0.04, rng), 0.35, rng)
    out = blur(rescale(out, dpi, PHONE_DPI), 0.7)
    return jpeg(noise(out, 3.0, rng), 85)


Apply = Callable[[Image.Image, int, np.random.Generator], Image.Image]


@dataclass(frozen=True)
class Degradation:
    """One named condition: ``apply(image, dpi, rng)``; ``keeps_qr`` is False where the footer QR is
    likely lost (fragments may or may not hold it)."""

    name: str
    apply: Apply
    keeps_qr: bool
    note: str


def _rotate_small(img: Image.Image, dpi: int, rng: np.random.Generator) -> Image.Image:
    angle = rng.uniform(1.0, 8.0) * (1.0 if rng.random() < 0.5 else -1.0)
    return rotate(img, angle)


def _fragment(fraction: float, torn: bool = False) -> Apply:
    return lambda img, dpi, rng: fragment(img, fraction, rng, torn=torn)


def _fragment_note(fraction: float) -> str:
    return f"a torn-off piece holding {fraction:.0%} of the page; may or may not hold the QR"


SUITE: tuple[Degradation, ...] = (
    Degradation("clean", lambda img, dpi, rng: img.copy(), True, "the rendered page untouched"),
    Degradation("rotate-90", lambda img, dpi, rng: rotate(img, 90), True, "scanned sideways (90° ccw)"),
    Degradation("rotate-small", _rotate_small, True, "a crooked scan: 1–8° either way"),
    Degradation(
        "blur-1", lambda img, dpi, rng: blur(img, dpi / 300), True, "defocus: σ 1 px at 300 dpi (0.085 mm)"
    ),
    Degradation("noise-12", lambda img, dpi, rng: noise(img, 12.0, rng), True, "sensor noise σ 12 levels"),
    Degradation("jpeg-40", lambda img, dpi, rng: jpeg(img, 40), True, "JPEG quality 40"),
    Degradation("jpeg-20", lambda img, dpi, rng: jpeg(img, 20), True, "JPEG quality 20"),
    Degradation("dpi-150", lambda img, dpi, rng: rescale(img, dpi, 150), True, "scanned at 150 dpi"),
    Degradation("dpi-600", lambda img, dpi, rng: rescale(img, dpi, 600), True, "scanned at 600 dpi"),
    Degradation(
        "uneven-light",
        lambda img, dpi, rng: uneven_light(img, 0.45, rng),
        True,
        "lamp light: gradient plus vignette, darkest factor 0.55",
    ),
    Degradation("fragment-50", _fragment(0.50), False, _fragment_note(0.50)),
    Degradation("fragment-20", _fragment(0.20), False, _fragment_note(0.20)),
    Degradation("fragment-10", _fragment(0.10), False, _fragment_note(0.10)),
    Degradation("fragment-5", _fragment(0.05), False, _fragment_note(0.05)),
    Degradation(
        "fragment-5-torn", _fragment(0.05, torn=True), False, _fragment_note(0.05) + ", with a ragged edge"
    ),
    Degradation(
        "photocopy-1",
        lambda img, dpi, rng: photocopy(img, dpi, 1, rng),
        True,
        "one bilevel photocopy (default copier)",
    ),
    Degradation(
        "photocopy-2",
        lambda img, dpi, rng: photocopy(img, dpi, 2, rng),
        True,
        "a copy of a copy (default copier)",
    ),
    Degradation(
        "perspective",
        lambda img, dpi, rng: perspective(img, 0.05, rng),
        True,
        "the sheet seen at an angle on a grey desk, corners moved up to 5 %, no other damage",
    ),
    Degradation("phone-photo", phone_photo, True, "a 12-MP phone photo on a desk, saved as JPEG 85"),
)


def by_name(name: str) -> Degradation:
    """The suite entry called ``name``; KeyError naming the known ones otherwise."""
    for entry in SUITE:
        if entry.name == name:
            return entry
    raise KeyError(f"unknown degradation {name!r}; known: {', '.join(d.name for d in SUITE)}")
