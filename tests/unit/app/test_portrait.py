"""The portrait photo: real images made with Pillow here, cleaned into a plain JPEG (orientation
applied, metadata gone, RGB, within 600×800), hostile or broken files refused without touching
the vault, and setting / removing audited with the image's digest, never its bytes."""

from __future__ import annotations

import io
import json
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms

from app.audit.actions import Action
from app.dossier.portrait import (
    DIGEST_PREFIX,
    MAX_FILE_BYTES,
    get_portrait,
    prepare,
    prepare_file,
    remove_portrait,
    set_portrait,
)
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.errors import InvalidInput, NotFound
from app.vault.session import Vault
from tests.conftest import fingerprint

RED, GREEN, BLUE = (220, 20, 20), (20, 200, 20), (20, 20, 220)


def encode(img: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **params)
    return out.getvalue()


def reopen(jpeg: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(jpeg))
    img.load()
    assert img.format == "JPEG"
    assert img.mode == "RGB"
    return img


def near(pixel: object, colour: tuple[int, int, int], slack: int = 24) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(int(a) - b) <= slack for a, b in zip(pixel, colour, strict=False))


def halves(size: tuple[int, int], first: tuple[int, int, int], second: tuple[int, int, int]) -> Image.Image:
    """Left half ``first``, right half ``second``."""
    img = Image.new("RGB", size, second)
    img.paste(first, (0, 0, size[0] // 2, size[1]))
    return img


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` (a decompression bomb's shape)."""
    data = bytearray(encode(Image.new("L", (8, 8)), "PNG"))
    ihdr = bytearray(data[16:29])
    ihdr[0:8] = struct.pack(">II", width, height)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)))
    return bytes(data)


def noisy_jpeg(size: tuple[int, int] = (600, 800)) -> bytes:
    return encode(Image.effect_noise(size, 60).convert("RGB"), "JPEG", quality=95)


@pytest.fixture
def dossier_id(opened: Vault) -> int:
    return DossierService(opened).save_many(list(generate(1, seed=5)), source="test")[0].id


def audit_tail(vault: Vault, n: int) -> list[tuple[str, str, dict[str, object]]]:
    return [(r.action, r.target, json.loads(r.details)) for r in vault.audit.repo.tail(n)]


# -- cleaning ----------------------------------------------------------------------------------
def test_exif_orientation_applied_and_every_metadata_dropped() -> None:
    source = halves((400, 300), RED, BLUE)  # as the sensor saw it: lying on its side
    exif = source.getexif()
    exif[ExifTags.Base.Orientation] = 6  # shown turned 90° clockwise
    exif[ExifTags.Base.Artist] = "Nguyễn Văn A"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (21.0, 35.0, 12.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Toa do GPS 21.58</x:xmpmeta>'
    data = encode(source, "JPEG", exif=exif, icc_profile=icc, comment=b"Ho so mat", xmp=xmp)
    before = Image.open(io.BytesIO(data))
    assert before.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "icc_profile" in before.info
    assert "comment" in before.info

    portrait = prepare(data)
    img = reopen(portrait.jpeg)
    assert (portrait.width, portrait.height) == img.size == (300, 400)  # upright: portrait shape
    assert near(img.getpixel((150, 40)), RED)  # the left half turned to the top
    assert near(img.getpixel((150, 360)), BLUE)
    assert len(img.getexif()) == 0
    for key in ("exif", "icc_profile", "comment", "xmp", "XML:com.adobe.xmp", "photoshop"):
        assert key not in img.info
    assert [marker for marker, _ in getattr(img, "applist", [])] == ["APP0"]  # the JFIF header, nothing else
    for trace in (b"GPS", b"Exif", b"Ho so mat", b"xmpmeta", "Nguyễn".encode()):
        assert trace not in portrait.jpeg


def test_png_with_alpha_is_laid_on_white() -> None:
    img = Image.new("RGBA", (300, 400), (0, 0, 0, 0))
    img.paste((200, 0, 0, 255), (0, 0, 300, 200))
    out = reopen(prepare(encode(img, "PNG")).jpeg)
    assert near(out.getpixel((150, 50)), (200, 0, 0))
    assert near(out.getpixel((150, 350)), (255, 255, 255))


def test_palette_with_transparency() -> None:
    img = Image.new("P", (60, 80), 0)
    img.putpalette([0, 0, 0, 0, 0, 200] + [0] * 762)
    img.paste(1, (0, 40, 60, 80))
    out = reopen(prepare(encode(img, "PNG", transparency=0)).jpeg)
    assert near(out.getpixel((30, 10)), (255, 255, 255))
    assert near(out.getpixel((30, 70)), (0, 0, 200))


def test_cmyk_jpeg_becomes_rgb() -> None:
    data = encode(Image.new("CMYK", (300, 400), (0, 255, 255, 0)), "JPEG")
    assert Image.open(io.BytesIO(data)).mode == "CMYK"
    out = reopen(prepare(data).jpeg)
    assert near(out.getpixel((150, 200)), (255, 0, 0))


def test_16_bit_grey_png_is_scaled_not_clipped() -> None:
    data = encode(Image.new("I;16", (60, 80), 32768), "PNG")
    assert Image.open(io.BytesIO(data)).mode == "I;16"
    out = reopen(prepare(data).jpeg)
    assert near(out.getpixel((30, 40)), (128, 128, 128), slack=3)


def test_16_bit_tiff_and_bmp_are_accepted() -> None:
    tiff = encode(Image.new("I;16", (60, 80), 65535), "TIFF")
    assert near(reopen(prepare(tiff).jpeg).getpixel((30, 40)), (255, 255, 255), slack=3)
    bmp = encode(Image.new("RGB", (60, 80), GREEN), "BMP")
    assert near(reopen(prepare(bmp).jpeg).getpixel((30, 40)), GREEN)


@pytest.mark.parametrize("fmt", ["WEBP", "PNG", "TIFF"])
def test_animated_or_multi_page_keeps_the_first_frame(fmt: str) -> None:
    frames = [Image.new("RGB", (120, 160), c) for c in (RED, GREEN, BLUE)]
    params: dict[str, object] = {"save_all": True, "append_images": frames[1:]}
    if fmt != "TIFF":
        params.update(duration=100, loop=0)
    if fmt == "WEBP":
        params["lossless"] = True
    data = encode(frames[0], fmt, **params)
    assert getattr(Image.open(io.BytesIO(data)), "n_frames", 1) == 3
    out = reopen(prepare(data).jpeg)
    assert out.size == (120, 160)
    assert near(out.getpixel((60, 80)), RED)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((1200, 1600), (600, 800)),
        ((2000, 1000), (600, 300)),
        ((900, 3000), (240, 800)),
        ((120, 160), (120, 160)),
    ],
)
def test_scaled_to_fit_600_by_800_keeping_the_aspect(
    size: tuple[int, int], expected: tuple[int, int]
) -> None:
    portrait = prepare(encode(halves(size, RED, BLUE), "PNG"))
    assert (portrait.width, portrait.height) == reopen(portrait.jpeg).size == expected


def test_a_large_photo_is_decoded_quickly() -> None:
    gradient = Image.linear_gradient("L").resize((4000, 6000)).convert("RGB")
    data = encode(gradient, "JPEG", quality=90)  # 24 Mpx, as a phone takes it
    started = time.perf_counter()
    portrait = prepare(data)
    assert (portrait.width, portrait.height) == (533, 800)
    assert time.perf_counter() - started < 10


def test_preparing_twice_gives_the_same_bytes() -> None:
    once = prepare(noisy_jpeg((900, 1200)))
    assert prepare(once.jpeg) == once
    commented = encode(reopen(once.jpeg), "JPEG", quality=88, comment=b"hidden")
    assert b"hidden" not in prepare(commented).jpeg


# -- refusals ------------------------------------------------------------------------------------
def refused(data: bytes) -> str:
    with pytest.raises(InvalidInput) as caught:
        prepare(data)
    assert caught.value.key.startswith("portrait.")
    assert caught.value.message(lang="vi") != caught.value.key  # a real sentence
    return caught.value.key


def test_truncated_jpeg_is_refused() -> None:
    data = noisy_jpeg()
    assert refused(data[: len(data) // 2]) == "portrait.damaged"
    large = encode(Image.linear_gradient("L").resize((4000, 6000)), "JPEG")  # decoded at 1/4 scale
    assert refused(large[: len(large) // 2]) == "portrait.damaged"


def test_damaged_png_is_refused() -> None:
    data = bytearray(encode(Image.effect_noise((300, 400), 50), "PNG"))
    data[200:260] = bytes(60)  # inside the compressed pixels: the chunk's CRC no longer matches
    assert refused(bytes(data)) == "portrait.damaged"


@pytest.mark.parametrize("size", [(30000, 30000), (10000, 10000), (7000, 7000)])
def test_decompression_bombs_are_refused_quickly(size: tuple[int, int]) -> None:
    started = time.perf_counter()
    assert refused(png_declaring(*size)) == "portrait.too_many_pixels"
    assert time.perf_counter() - started < 1


def test_what_is_not_a_supported_image_is_refused() -> None:
    assert refused(b"") == "portrait.empty"
    assert refused("Họ và tên: Nguyễn Văn A\n".encode()) == "portrait.not_image"
    gif = encode(Image.new("RGB", (30, 40), RED), "GIF")
    assert refused(gif) == "portrait.not_image"  # only JPEG, PNG, TIFF, BMP, WebP
    assert refused(b"\xff\xd8\xff\xe0" + bytes(100)) in ("portrait.not_image", "portrait.damaged")


def test_oversized_data_is_refused() -> None:
    assert refused(bytes(MAX_FILE_BYTES + 1)) == "portrait.too_large"


def test_files_are_judged_by_content_not_name(tmp_path: Path) -> None:
    text = tmp_path / "chan_dung.jpg"
    text.write_text("không phải ảnh", encoding="utf-8")
    with pytest.raises(InvalidInput, match="không phải ảnh JPEG"):
        prepare_file(text)
    png = tmp_path / "anh.txt"
    png.write_bytes(encode(Image.new("RGB", (30, 40), RED), "PNG"))
    assert prepare_file(png).width == 30


def test_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.jpg"
    with big.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: 20 MB of nothing
    with pytest.raises(InvalidInput) as caught:
        prepare_file(big)
    assert caught.value.key == "portrait.too_large"
    assert caught.value.params["max_mb"] == 20
    with pytest.raises(InvalidInput) as missing:
        prepare_file(tmp_path / "absent.png")
    assert missing.value.key == "portrait.unreadable"


# -- in the vault --------------------------------------------------------------------------------
def test_set_get_remove_audited_in_the_vault(opened: Vault, dossier_id: int) -> None:
    assert get_portrait(opened, dossier_id) is None
    portrait = set_portrait(opened, dossier_id, encode(halves((300, 400), RED, BLUE), "PNG"), "editor")
    assert get_portrait(opened, dossier_id) == portrait.jpeg
    action, target, details = audit_tail(opened, 1)[0]
    assert (action, target) == (Action.DOSSIER_PORTRAIT_SET, str(dossier_id))
    assert details == {
        "sha256": portrait.sha256[:DIGEST_PREFIX],
        "width": 300,
        "height": 400,
        "source": "editor",
    }

    entries = opened.audit.repo.count()
    assert set_portrait(opened, dossier_id, portrait.jpeg) == portrait  # the same photo again
    assert opened.audit.repo.count() == entries

    replaced = set_portrait(opened, dossier_id, encode(Image.new("RGB", (60, 80), GREEN), "BMP"))
    assert get_portrait(opened, dossier_id) == replaced.jpeg
    assert audit_tail(opened, 1)[0][2]["sha256"] == replaced.sha256[:DIGEST_PREFIX]

    assert remove_portrait(opened, dossier_id)
    assert get_portrait(opened, dossier_id) is None
    action, target, details = audit_tail(opened, 1)[0]
    assert (action, target) == (Action.DOSSIER_PORTRAIT_REMOVE, str(dossier_id))
    assert details == {"sha256": replaced.sha256[:DIGEST_PREFIX], "source": "editor"}
    entries = opened.audit.repo.count()
    assert not remove_portrait(opened, dossier_id)  # nothing to remove: nothing recorded
    assert opened.audit.repo.count() == entries


def test_audit_log_still_verifies(opened: Vault, dossier_id: int) -> None:
    set_portrait(opened, dossier_id, noisy_jpeg((300, 400)))
    remove_portrait(opened, dossier_id)
    report = opened.verify_audit(None, [])
    assert report.ok, report.problem


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"plain text, not an image",
        noisy_jpeg()[:5000],
        png_declaring(30000, 30000),
        bytes(MAX_FILE_BYTES + 1),
    ],
    ids=["empty", "text", "truncated", "bomb", "oversized"],
)
def test_each_refusal_changes_nothing_in_the_vault(opened: Vault, dossier_id: int, data: bytes) -> None:
    kept = set_portrait(opened, dossier_id, noisy_jpeg((300, 400)))
    before = fingerprint(opened)
    with pytest.raises(InvalidInput):
        set_portrait(opened, dossier_id, data)
    assert fingerprint(opened) == before
    assert get_portrait(opened, dossier_id) == kept.jpeg


def test_a_dossier_that_does_not_exist(opened: Vault, dossier_id: int) -> None:
    before = fingerprint(opened)
    with pytest.raises(NotFound):
        set_portrait(opened, dossier_id + 99, noisy_jpeg((300, 400)))
    assert fingerprint(opened) == before
    assert not remove_portrait(opened, dossier_id + 99)
