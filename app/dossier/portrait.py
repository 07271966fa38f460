"""The dossier's portrait photo: checking and cleaning an image file, and keeping it in the vault.

:func:`prepare` decodes what the officer chose with Pillow under strict limits (size of the
file, pixels declared, formats recognised by content, the whole image decoded) and re-encodes
it as a clean JPEG: EXIF orientation applied, any colour mode made RGB (transparency laid on
white), scaled to fit 600×800 keeping the aspect, no EXIF, ICC, XMP or comment. The photo lives
only in the ``dossier_portraits`` table of the (encrypted) vault database, never in a file.
Setting and removing it are audited in the same transaction as the write, naming the dossier and
the start of the image's SHA-256, never its bytes. Must not import Qt.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from app.audit.actions import Action
from app.clock import iso_utc
from app.errors import InvalidInput, NotFound
from app.vault.session import Vault
from storage.dossier_repo import DossierRepository
from storage.portrait_repo import PortraitRepository, PortraitRow

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
BOX = (600, 800)  # width × height: a 3×4 photo
QUALITY = 88
#: Pillow's names of the formats accepted, recognised by content (never by the file's name).
FORMATS = ("JPEG", "PNG", "TIFF", "BMP", "WEBP")
#: What the audit keeps of the image: the first hex digits of its SHA-256.
DIGEST_PREFIX = 16
_WHITE = (255, 255, 255)


@dataclass(frozen=True, slots=True)
class Portrait:
    jpeg: bytes
    width: int
    height: int
    sha256: str  # hex

    @property
    def digest_prefix(self) -> str:
        return self.sha256[:DIGEST_PREFIX]


def _too_large(size: int) -> InvalidInput:
    return InvalidInput(
        "portrait.too_large", size_mb=f"{size / 1024 / 1024:.1f}", max_mb=MAX_FILE_BYTES // 1024 // 1024
    )


def _open(data: bytes) -> Image.Image:
    """The first frame of ``data``, fully decoded (at most what fits the box at twice its size)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidInput("portrait.too_many_pixels", max_mpx=MAX_PIXELS // 1_000_000) from None
    except UnidentifiedImageError:
        raise InvalidInput("portrait.not_image") from None
    except Exception:  # a malformed header can fail in many ways inside a decoder
        raise InvalidInput("portrait.damaged") from None
    width, height = img.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        raise InvalidInput("portrait.too_many_pixels", max_mpx=MAX_PIXELS // 1_000_000)
    try:
        # Animated images and multi-page TIFFs: the first frame only (the file opens on it).
        # A large JPEG may decode at 1/2, 1/4 or 1/8 scale, never below the box (either way up).
        side = max(BOX)
        img.draft(None, (side, side))
        img.load()
    except Exception:  # truncated or corrupt data: Pillow refuses rather than guesses
        raise InvalidInput("portrait.damaged") from None
    return img


def _rgb(img: Image.Image) -> Image.Image:
    """``img`` as 8-bit RGB: transparency laid on white, 16-bit and 32-bit grey scaled down."""
    if img.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        wide = img.convert("I") if img.mode != "F" else img
        top = wide.getextrema()[1]
        if isinstance(top, int | float) and top > 255:
            wide = wide.point(lambda v: v / 257)
        return wide.convert("L").convert("RGB")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (*_WHITE, 255))
        canvas.alpha_composite(rgba)
        return canvas.convert("RGB")
    return img.convert("RGB") if img.mode != "RGB" else img


def _is_clean(data: bytes, img: Image.Image) -> bool:
    """Whether ``data`` is already what :func:`prepare` makes: an RGB JPEG within the box
    whose only extra segment is a plain JFIF header, with nothing after its end marker."""
    if img.format != "JPEG" or img.mode != "RGB" or img.width > BOX[0] or img.height > BOX[1]:
        return False
    applist = getattr(img, "applist", None)
    if not isinstance(applist, list) or len(applist) != 1:
        return False
    marker, payload = applist[0]
    jfif = marker == "APP0" and len(payload) == 14 and payload.startswith(b"JFIF\x00")
    return jfif and payload[12:14] == b"\x00\x00" and data.endswith(b"\xff\xd9")


def prepare(data: bytes) -> Portrait:
    """Check the image file ``data`` and make the portrait kept in the vault from it.

    Raises :class:`InvalidInput` (``portrait.*``) for an empty or oversized file, a format other
    than JPEG, PNG, TIFF, BMP or WebP, too many pixels (decompression bombs) or damaged data."""
    if not data:
        raise InvalidInput("portrait.empty")
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data))
    img = _open(data)
    if _is_clean(data, img):  # made by prepare before (the editor's pending photo): keep as is
        return Portrait(data, img.width, img.height, hashlib.sha256(data).hexdigest())
    try:
        upright = ImageOps.exif_transpose(img)
    except Exception:  # unreadable EXIF: the pixels are still good, shown as stored
        upright = img
    try:
        rgb = _rgb(upright)
        rgb.thumbnail(BOX, Image.Resampling.LANCZOS)
        # A fresh image: nothing of the source's metadata (EXIF, ICC, XMP, comments) comes along.
        clean = Image.frombytes("RGB", rgb.size, rgb.tobytes())
    except Exception:
        raise InvalidInput("portrait.damaged") from None
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=QUALITY, optimize=True)
    jpeg = out.getvalue()
    return Portrait(jpeg, clean.width, clean.height, hashlib.sha256(jpeg).hexdigest())


def prepare_file(path: Path) -> Portrait:
    """:func:`prepare` the image file at ``path``: refused by its size before it is read, and
    read into memory only (never copied anywhere)."""
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _too_large(size)
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError:
        raise InvalidInput("portrait.unreadable", name=path.name) from None
    return prepare(data)


# -- in the vault ------------------------------------------------------------------------------
def get_portrait(vault: Vault, dossier_id: int) -> bytes | None:
    """The dossier's stored portrait (JPEG), or None."""
    row = PortraitRepository(vault.db).get(dossier_id)
    return row.image if row else None


def set_portrait(vault: Vault, dossier_id: int, data: bytes, source: str = "editor") -> Portrait:
    """Check ``data`` (see :func:`prepare`) and store it as the dossier's portrait, audited.
    Storing the image already kept changes nothing and records nothing."""
    portrait = prepare(data)
    if DossierRepository(vault.db).get(dossier_id) is None:
        raise NotFound("dossier.not_found", id=dossier_id)
    repo = PortraitRepository(vault.db)
    current = repo.info(dossier_id)
    if current is not None and current.sha256 == portrait.sha256:
        return portrait
    now = iso_utc(vault.clock.now())
    row = PortraitRow(dossier_id, portrait.jpeg, portrait.sha256, portrait.width, portrait.height, now)
    details = {
        "sha256": portrait.digest_prefix,
        "width": portrait.width,
        "height": portrait.height,
        "source": source,
    }
    with vault.db.transaction() as tx:
        repo.put(tx, row)
        vault.audit.record(Action.DOSSIER_PORTRAIT_SET, str(dossier_id), details, tx=tx)
    return portrait


def remove_portrait(vault: Vault, dossier_id: int, source: str = "editor") -> bool:
    """Remove the dossier's portrait, audited; False (and nothing recorded) when it had none."""
    repo = PortraitRepository(vault.db)
    current = repo.info(dossier_id)
    if current is None:
        return False
    details = {"sha256": current.sha256[:DIGEST_PREFIX], "source": source}
    with vault.db.transaction() as tx:
        repo.delete(tx, dossier_id)
        vault.audit.record(Action.DOSSIER_PORTRAIT_REMOVE, str(dossier_id), details, tx=tx)
    return True
