"""The degradation suite on synthetic 300-dpi pages drawn with Pillow: what each damage keeps and
loses, measured (fragment areas, bilevel copies and the dots they lose, light, perspective, JPEG),
and that every suite entry runs and is deterministic."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.tracing.degrade import (
    SUITE,
    Degradation,
    Photocopier,
    by_name,
    fragment,
    fragment_box,
    jpeg,
    noise,
    perspective,
    photocopy,
    rescale,
    rotate,
    uneven_light,
)

DPI = 300
HALF_PAGE = (1240, 1754)  # half an A4 side each way at 300 dpi: small enough to keep the tests fast
FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "DejaVuSans.ttf"
LINE = "Quá trình công tác: Phó Bí thư Huyện ủy, Chủ tịch UBND huyện (2015–2020)"


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _dot_grid(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], dot: int, pitch: int = 15) -> int:
    """Black ``dot``×``dot`` squares every ``pitch`` px inside ``box``; returns how many."""
    x0, y0, x1, y1 = box
    count = 0
    for y in range(y0, y1 - dot + 1, pitch):
        for x in range(x0, x1 - dot + 1, pitch):
            draw.rectangle((x, y, x + dot - 1, y + dot - 1), fill=0)
            count += 1
    return count


@pytest.fixture(scope="module")
def page() -> Image.Image:
    """A half-size 300-dpi page: white paper, the 2×2-px dot lattice every 15 px, lines of text."""
    img = Image.new("L", HALF_PAGE, 255)
    draw = ImageDraw.Draw(img)
    _dot_grid(draw, (0, 0, *HALF_PAGE), 2)
    font = _font(30)
    for row in range(24):
        draw.text((120, 150 + 55 * row), LINE, font=font, fill=0)
    return img


def _blobs(ink: npt.NDArray[np.bool_]) -> int:
    """Connected components (8-neighbour) of ``ink``, by propagating the smallest label."""
    height, width = ink.shape
    none = height * width + 1
    labels = np.where(ink, np.arange(1, none).reshape(height, width), none)
    while True:
        padded = np.pad(labels, 1, constant_values=none)
        steps = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
        shifted = [padded[1 + dy : height + 1 + dy, 1 + dx : width + 1 + dx] for dy, dx in steps]
        spread = np.where(ink, np.minimum.reduce(shifted), none)
        if np.array_equal(spread, labels):
            return len(np.unique(labels[ink]))
        labels = spread


# ---------------------------------------------------------------- fragments


@pytest.mark.parametrize("size", [HALF_PAGE, (2481, 3508)])
@pytest.mark.parametrize("fraction", [0.5, 0.2, 0.1, 0.05])
def test_fragment_box_area_aspect_and_position(size: tuple[int, int], fraction: float) -> None:
    width, height = size
    aspects = []
    for seed in range(40):
        x0, y0, x1, y1 = fragment_box(size, fraction, np.random.default_rng(seed))
        assert 0 <= x0 < x1 <= width
        assert 0 <= y0 < y1 <= height
        area = (x1 - x0) * (y1 - y0)
        assert area == pytest.approx(fraction * width * height, rel=0.02)
        aspects.append((x1 - x0) / (y1 - y0))
    assert min(aspects) >= 0.6 - 0.01
    assert max(aspects) <= 1.6 + 0.01
    assert max(aspects) - min(aspects) > 0.3  # the shape does vary


def test_fragment_is_the_box_drawn_from_the_same_generator(page: Image.Image) -> None:
    for seed in range(5):
        box = fragment_box(page.size, 0.1, np.random.default_rng(seed))
        piece = fragment(page, 0.1, np.random.default_rng(seed))
        assert piece.tobytes() == page.crop(box).tobytes()


def test_torn_fragment_keeps_85_percent_and_tears_an_edge() -> None:
    ink = Image.new("L", HALF_PAGE, 0)  # all ink: whatever the tear whitens is countable
    requested = 0.05 * HALF_PAGE[0] * HALF_PAGE[1]
    torn_shares = []
    for seed in range(12):
        box = fragment_box(ink.size, 0.05, np.random.default_rng(seed))
        piece = np.asarray(fragment(ink, 0.05, np.random.default_rng(seed), torn=True))
        assert piece.shape == (box[3] - box[1], box[2] - box[0])
        kept = int((piece == 0).sum())
        assert kept >= 0.85 * requested
        torn = piece == 255
        assert torn.any()
        edges = [torn[0].mean(), torn[-1].mean(), torn[:, 0].mean(), torn[:, -1].mean()]
        assert 1 <= sum(share > 0.5 for share in edges) <= 2  # a band along one or two edges
        assert not torn[piece.shape[0] // 2, piece.shape[1] // 2]  # the middle is kept
        torn_shares.append(torn.mean())
    assert max(torn_shares) - min(torn_shares) > 0.02  # the tear varies


# ---------------------------------------------------------------- photocopies


def test_photocopy_output_is_bilevel(page: Image.Image) -> None:
    for generations in (1, 2):
        out = photocopy(page, DPI, generations, np.random.default_rng(generations))
        assert out.mode == "L"
        assert out.size == page.size
        assert set(np.unique(np.asarray(out)).tolist()) <= {0, 255}


def test_photocopy_loses_2px_dots_keeps_4px_dots_and_text() -> None:
    """The physics the benchmark must show: with the default copier (σ 0.085 mm = 1 px at 300 dpi,
    threshold half way) a 2×2-px (0.17 mm) dot's blurred peak stays below the threshold, a 4×4 one
    does not. Measured over seeds 0–9: 2×2 dots 0.25–3.5 % survive one generation, 0 % two; 3×3
    100 % one, 69–84 % two; 4×4 100 % both; text keeps 94–100 % of its ink pixels. Without the
    misfeed jitter no 2×2 dot survives at all and 98–99 % of 3×3 dots survive two generations."""
    img = Image.new("L", (1200, 1200), 255)
    draw = ImageDraw.Draw(img)
    font = _font(42)
    for row in range(6):
        draw.text((60, 60 + 55 * row), LINE[:40], font=font, fill=0)
    zones = {dot: (60 + 390 * k, 500, 60 + 390 * k + 300, 800) for k, dot in enumerate((2, 3, 4))}
    counts = {dot: _dot_grid(draw, box, dot) for dot, box in zones.items()}
    windows = {dot: (x0 - 12, y0 - 12, x1 + 12, y1 + 12) for dot, (x0, y0, x1, y1) in zones.items()}
    original = np.asarray(img) < 128
    text_ink = int(original[40:420].sum())
    for dot, (x0, y0, x1, y1) in windows.items():
        assert _blobs(original[y0:y1, x0:x1]) == counts[dot] == 400

    rng = np.random.default_rng(7)
    survival: dict[int, list[float]] = {dot: [] for dot in zones}
    text: list[float] = []
    copy = img
    for _ in range(2):
        copy = photocopy(copy, DPI, 1, rng)
        ink = np.asarray(copy) < 128
        for dot, (x0, y0, x1, y1) in windows.items():
            survival[dot].append(_blobs(ink[y0:y1, x0:x1]) / counts[dot])
        text.append(float(ink[40:420].sum()) / text_ink)

    assert survival[2][0] < 0.15  # most isolated 2×2 dots vanish in one generation
    assert survival[2][1] < 0.05
    assert survival[3][0] > 0.9
    assert survival[3][1] > 0.4
    assert survival[4][0] > 0.97
    assert survival[4][1] > 0.95
    for share in text:
        assert 0.85 < share < 1.15


def test_photocopy_without_blur_keeps_the_dots() -> None:
    """The loss above is the blur's doing, not the threshold's: a sharp copier keeps 2×2 dots."""
    img = Image.new("L", (400, 400), 255)
    count = _dot_grid(ImageDraw.Draw(img), (20, 20, 380, 380), 2)
    sharp = Photocopier(blur_mm=0.0, jitter_deg=0.0, scale_jitter=0.0)
    out = photocopy(img, DPI, 2, np.random.default_rng(1), model=sharp)
    assert _blobs(np.asarray(out) < 128) == count


# ---------------------------------------------------------------- the other damages


@pytest.mark.parametrize("quality", [40, 20])
def test_jpeg_changes_pixels_but_not_the_mean(page: Image.Image, quality: int) -> None:
    before = np.asarray(page, dtype=np.float64)
    after = np.asarray(jpeg(page, quality), dtype=np.float64)
    assert after.shape == before.shape
    assert (after != before).mean() > 0.05
    # ringing clipped at 255 darkens a white page a little: measured -2.2 (q40) and -3.9 (q20) levels
    assert abs(after.mean() - before.mean()) < 5.0


def test_noise_has_the_asked_spread() -> None:
    gray = Image.new("L", (500, 500), 128)
    out = np.asarray(noise(gray, 12.0, np.random.default_rng(3)), dtype=np.float64)
    assert out.std() == pytest.approx(12.0, rel=0.05)
    assert out.mean() == pytest.approx(128.0, abs=0.5)


def test_rescale_sizes_and_keeps_the_mean(page: Image.Image) -> None:
    half = rescale(page, DPI, 150)
    double = rescale(page, DPI, 600)
    assert half.size == (620, 877)
    assert double.size == (2480, 3508)
    mean = np.asarray(page).mean()
    assert np.asarray(half).mean() == pytest.approx(mean, abs=2.0)
    assert np.asarray(double).mean() == pytest.approx(mean, abs=2.0)


def test_rotate_90_moves_the_top_left_corner_to_bottom_left() -> None:
    img = Image.new("L", (300, 500), 255)
    ImageDraw.Draw(img).rectangle((0, 0, 49, 49), fill=0)
    out = np.asarray(by_name("rotate-90").apply(img, DPI, np.random.default_rng(0)))
    assert out.shape == (300, 500)  # (rows, columns): the sheet now lies on its side
    assert (out[-50:, :50] == 0).all()
    assert (out[:250, :] == 255).all()


def test_rotate_small_is_one_to_eight_degrees() -> None:
    width, height = 400, 600
    img = Image.new("L", (width, height), 255)
    low = width * math.cos(math.radians(8)) + height * math.sin(math.radians(1)) - 2
    high = width * math.cos(math.radians(1)) + height * math.sin(math.radians(8)) + 2
    for seed in range(20):
        out = by_name("rotate-small").apply(img, DPI, np.random.default_rng(seed))
        assert low <= out.width <= high
    assert rotate(img, 0).size == img.size


def test_perspective_keeps_the_sheet_whole_on_the_desk() -> None:
    img = Image.new("L", (800, 1100), 255)
    ImageDraw.Draw(img).rectangle((200, 350, 599, 749), fill=0)
    for seed in range(4):
        out = perspective(img, 0.05, np.random.default_rng(seed))
        values = np.asarray(out)
        assert out.width > img.width
        assert out.height > img.height
        desk = values[[0, 0, -1, -1], [0, -1, 0, -1]]
        assert (desk == 96).all()
        black = values < 48
        assert black.sum() == pytest.approx(400 * 400, rel=0.25)
        rows, cols = np.nonzero(black)
        assert abs(rows.mean() - out.height / 2) < 0.1 * out.height  # the square is still mid-sheet
        assert abs(cols.mean() - out.width / 2) < 0.1 * out.width
        paper = values > 200
        assert paper.sum() == pytest.approx(800 * 1100 - 400 * 400, rel=0.25)
        assert not paper[0].any()  # the sheet does not run off the canvas
        assert not paper[-1].any()
        assert not paper[:, 0].any()
        assert not paper[:, -1].any()


@pytest.mark.parametrize("strength", [0.45, 0.2])
def test_uneven_light_darkest_factor_is_one_minus_strength(strength: float) -> None:
    white = Image.new("L", (600, 850), 255)
    for seed in range(3):
        values = np.asarray(uneven_light(white, strength, np.random.default_rng(seed)), dtype=np.float64)
        assert values.min() == pytest.approx(255 * (1 - strength), abs=1.0)
        assert values.max() <= 255
        assert values.max() - values.min() > 0.5 * 255 * strength
        steps = max(np.abs(np.diff(values, axis=0)).max(), np.abs(np.diff(values, axis=1)).max())
        assert steps <= 2  # smooth: a field, not noise
    black = Image.new("L", (100, 100), 0)
    assert not np.asarray(uneven_light(black, strength, np.random.default_rng(0))).any()


# ---------------------------------------------------------------- the suite


def test_suite_names_and_lookup() -> None:
    assert [d.name for d in SUITE] == [
        "clean",
        "rotate-90",
        "rotate-small",
        "blur-1",
        "noise-12",
        "jpeg-40",
        "jpeg-20",
        "dpi-150",
        "dpi-600",
        "uneven-light",
        "fragment-50",
        "fragment-20",
        "fragment-10",
        "fragment-5",
        "fragment-5-torn",
        "photocopy-1",
        "photocopy-2",
        "perspective",
        "phone-photo",
    ]
    fragments = [d.name for d in SUITE if d.name.startswith("fragment")]
    assert [d.name for d in SUITE if not d.keeps_qr] == fragments
    assert by_name("jpeg-20") is SUITE[6]
    with pytest.raises(KeyError, match="phone-photo"):
        by_name("fax")


@pytest.mark.parametrize("entry", SUITE, ids=lambda d: d.name)
def test_every_entry_runs_and_is_deterministic(page: Image.Image, entry: Degradation) -> None:
    before = page.tobytes()
    first = entry.apply(page, DPI, np.random.default_rng(11))
    again = entry.apply(page, DPI, np.random.default_rng(11))
    assert page.tobytes() == before  # the input is never modified
    assert first.mode == "L"
    assert first.width > 0
    assert first.height > 0
    assert first.tobytes() == again.tobytes()
    assert np.asarray(first).min() < 100  # some ink is left
    if entry.name != "clean":
        assert first.size != page.size or first.tobytes() != page.tobytes()


def test_phone_photo_puts_the_page_at_about_220_dpi(page: Image.Image) -> None:
    out = by_name("phone-photo").apply(page, DPI, np.random.default_rng(5))
    # the canvas is the page plus (0.04 + 0.03) of each side on both sides, at 220/300 scale
    assert out.width == pytest.approx(page.width * 1.14 * 220 / 300, abs=3)
    assert out.height == pytest.approx(page.height * 1.14 * 220 / 300, abs=3)
