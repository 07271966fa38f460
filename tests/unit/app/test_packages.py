"""Sealed packages between two real vaults: the round trip (every dossier, restricted value, scan
and portrait equal), and every way a package is refused — wrong recipient, a byte altered in the
header, ciphertext or signature, another sender, a replay, a truncated file, invalid contents —
each leaving the receiving vault exactly as it was. Also the transfer (chuyen_di with the
reference), the key text, and the chunked sealing itself."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from app.audit.actions import Action
from app.audit.entry import decode_details
from app.documents.service import DocumentService
from app.dossier import document
from app.dossier.fields import is_restricted
from app.dossier.portrait import get_portrait, set_portrait
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.errors import HosoError, IntegrityViolation, InvalidInput
from app.packages import format as fmt
from app.packages import identity, payload, register
from app.packages.export import export_package
from app.packages.identity import OrgKey
from app.packages.importer import Received, check_file, receive
from app.vault.session import Vault
from crypto import DecryptionFailed, sealed
from tests.conftest import VaultHandle, fingerprint

REFERENCE = "Quyết định số 125-QĐ/TU ngày 30/12/2025"


def _png_page(seed: int) -> bytes:
    page = Image.new("L", (620, 877), 255)
    ImageDraw.Draw(page).rectangle((60, 80 + seed * 7, 560, 120 + seed * 7), fill=20)
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


def _bilevel_page(seed: int) -> bytes:
    page = Image.new("1", (640, 900), 1)
    ImageDraw.Draw(page).rectangle((40, 60 + seed, 600, 90 + seed), fill=0)
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


def _jpeg_page(seed: int) -> bytes:
    page = Image.new("RGB", (500, 700), (250, 248, 240))
    ImageDraw.Draw(page).ellipse((50 + seed, 50, 300, 400), fill=(160, 30, 30))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=90)
    return out.getvalue()


def _portrait() -> bytes:
    picture = Image.new("RGB", (300, 400), (40, 90, 170))
    ImageDraw.Draw(picture).ellipse((75, 60, 225, 260), fill=(230, 190, 160))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


@dataclass
class Three:
    alice: Vault  # the sender
    bob: Vault  # the recipient
    eve: Vault  # someone else
    ids: list[int]
    tmp: Path

    def key(self, vault: Vault) -> OrgKey:
        return OrgKey.of_vault(vault)

    def export(self, name: str = "goi.hoso", **kw: Any) -> Path:
        out = self.tmp / name
        export_package(self.alice, out, self.key(self.bob), kw.pop("ids", self.ids), **kw)
        return out


@pytest.fixture
def three(make_vault: Callable[..., VaultHandle], tmp_path: Path) -> Iterator[Three]:
    handles = [make_vault(name=n) for n in ("alice", "bob", "eve")]
    alice, bob, eve = (h.unlock() for h in handles)
    saved = DossierService(alice).save_many(list(generate(12, seed=7)), source="test")
    ids = [s.id for s in saved]
    docs = DocumentService(alice)
    docs.add(ids[0], {"kind": "phieu_bo_sung_ly_lich", "year": 2024, "title": "Phiếu 2024"},
             [("p1.png", _png_page(1)), ("p2.jpg", _jpeg_page(2))])  # fmt: skip
    docs.add(
        ids[0],
        {"kind": "qd_bo_nhiem", "number": "12-QĐ/TU", "date": "2020-05"},
        [("qd.png", _bilevel_page(3))],
    )
    docs.add(ids[3], {"kind": "so_yeu_ly_lich"}, [])
    set_portrait(alice, ids[0], _portrait())
    service = DossierService(alice)  # a change with a basis, so that there is history to carry
    first = service.get(ids[1], reveal=True, audit=False)
    changed = document.values(first.data)
    changed["position.current_post"] = "Phó Bí thư Huyện ủy"
    service.save({**document.build(changed), "secrecy": first.secrecy}, dossier_id=ids[1], basis="QĐ 7-QĐ/TU")
    try:
        yield Three(alice, bob, eve, ids[:6], tmp_path)
    finally:
        for v in (alice, bob, eve):
            v.close_quietly()


def _import(
    vault: Vault, path: Path, sender: OrgKey, basis: str | None = None, dry_run: bool = False
) -> Received:
    return receive(vault, check_file(path, sender), basis=basis, dry_run=dry_run)


def _refused(vault: Vault, path: Path, sender: OrgKey, key: str) -> IntegrityViolation:
    before = fingerprint(vault)
    with pytest.raises(IntegrityViolation) as caught:
        _import(vault, path, sender)
    assert caught.value.key == key, caught.value.key
    assert caught.value.exit_code == 4
    assert fingerprint(vault) == before
    return caught.value


def _audit(vault: Vault, action: Action) -> list[dict[str, object]]:
    return [decode_details(e.details) for e in vault.audit.repo.all() if e.action == action]


# -- keys ----------------------------------------------------------------------------------------
def test_key_text_round_trips_and_refuses_typos(three: Three) -> None:
    key = three.key(three.alice)
    text = key.text()
    assert text.startswith("hoso1")
    assert len(text) == 5 + 109
    assert identity.parse(text) == key
    assert identity.parse(" ".join(text[i : i + 8] for i in range(0, len(text), 8)).upper()) == key
    typo = text[:20] + ("a" if text[20] != "a" else "b") + text[21:]
    with pytest.raises(InvalidInput, match="gõ sai"):
        identity.parse(typo, "--sender")
    with pytest.raises(InvalidInput):
        identity.parse(text[:-3])
    card = three.tmp / "alice.key"
    card.write_text(identity.card(key, three.alice.vault_id))
    assert identity.resolve(str(card)) == key
    assert key.fingerprint.count(" ") == 7
    assert key != three.key(three.bob)


# -- the round trip ------------------------------------------------------------------------------
def test_round_trip_moves_every_dossier_scan_and_portrait(three: Three) -> None:
    path = three.export(history=True, reference=REFERENCE)
    data = path.read_bytes()
    alice_dossiers = DossierService(three.alice)
    for dossier_id in three.ids:  # nothing of a dossier is readable in the file
        name = alice_dossiers.get(dossier_id, audit=False).data["identity"]["full_name"]
        assert name.encode() not in data
    result = _import(three.bob, path, three.key(three.alice))
    report = result.report
    assert not report.rejected
    assert report.created == len(three.ids)
    bob_dossiers = DossierService(three.bob)
    restricted = 0
    for old_id, new_id in zip(three.ids, report.ids, strict=True):
        mine = alice_dossiers.get(old_id, reveal=True, audit=False)
        theirs = bob_dossiers.get(new_id, reveal=True, audit=False)
        assert theirs.data == mine.data
        assert theirs.secrecy == mine.secrecy
        restricted += sum(1 for p in document.values(theirs.data) if is_restricted(p))
        history = bob_dossiers.history(new_id)
        assert history[0].path == "*"
        assert history[0].source == f"package:{result.package_id}"
        assert history[0].basis == REFERENCE
    assert restricted > 0
    sent_docs, got_docs = DocumentService(three.alice), DocumentService(three.bob)
    mimes: set[str] = set()
    for old_id, new_id in zip(three.ids, report.ids, strict=True):
        sent_files, got_files = sent_docs.documents(old_id), got_docs.documents(new_id)
        assert [
            (f.document.kind, f.document.number, f.document.date, f.document.year) for f in sent_files
        ] == [(f.document.kind, f.document.number, f.document.date, f.document.year) for f in got_files]
        mimes.update(s.mime for f in got_files for s in f.scans)
        for a, b in zip(sent_files, got_files, strict=True):
            assert [s.sha256 for s in a.scans] == [s.sha256 for s in b.scans]
            for sa, sb in zip(a.scans, b.scans, strict=True):
                assert sent_docs.image(sa.id) == got_docs.image(sb.id)
                assert got_docs.thumbnail(sb.id)
        assert get_portrait(three.alice, old_id) == get_portrait(three.bob, new_id)
    assert mimes == {"image/png", "image/jpeg"}
    assert result.scans == 3
    assert result.documents == 3
    assert result.portraits == 1
    carried = register.carried_history(three.bob, report.ids[1])
    paths = [c["path"] for c in carried[0].changes]
    assert paths[0] == "*"
    assert "position.current_post" in paths
    exported, imported = _audit(three.alice, Action.PACKAGE_EXPORT), _audit(three.bob, Action.PACKAGE_IMPORT)
    assert exported[-1]["recipient"] == three.key(three.bob).fingerprint
    assert imported[-1]["sender"] == three.key(three.alice).fingerprint
    assert imported[-1]["package_id"] == exported[-1]["package_id"]
    assert (imported[-1]["created"], imported[-1]["scans"]) == (len(three.ids), 3)
    text = json.dumps([exported, imported], ensure_ascii=False)
    name = alice_dossiers.get(three.ids[0], audit=False).data["identity"]["full_name"]
    assert name not in text
    assert path.name not in text
    assert [r.package_id for r in register.received(three.bob)] == [result.package_id]
    assert register.sent(three.alice)[0].dossier_ids == tuple(three.ids)


def test_a_second_package_updates_and_skips_what_is_filed(three: Three) -> None:
    first = _import(three.bob, three.export("1.hoso"), three.key(three.alice))
    alice = DossierService(three.alice)
    current = alice.get(three.ids[2], reveal=True, audit=False)
    values = document.values(current.data)
    values["identity.phone"] = "0912 345 678"
    alice.save({**document.build(values), "secrecy": current.secrecy}, dossier_id=three.ids[2])
    second = _import(three.bob, three.export("2.hoso"), three.key(three.alice), basis="CV 9/BTC")
    report = second.report
    assert (report.created, report.updated, report.unchanged) == (0, 1, len(three.ids) - 1)
    assert report.ids == first.report.ids
    assert second.skipped_documents == 3
    assert second.scans == 0
    bob = DossierService(three.bob)
    changed = bob.get(report.ids[2], reveal=True, audit=False).data
    assert changed["identity"]["phone"] == "0912 345 678"
    last = bob.history(report.ids[2], reveal=True)[-1]
    assert (last.path, last.new, last.basis) == ("identity.phone", "0912 345 678", "CV 9/BTC")
    assert last.source == f"package:{second.package_id}"


def test_dry_run_checks_everything_and_writes_nothing(three: Three) -> None:
    path = three.export()
    before = fingerprint(three.bob)
    result = _import(three.bob, path, three.key(three.alice), dry_run=True)
    assert result.report.created == len(three.ids)
    assert result.scans == 3
    assert fingerprint(three.bob) == before
    assert _import(three.bob, path, three.key(three.alice)).report.created == len(three.ids)


# -- refusals --------------------------------------------------------------------------------------
def test_wrong_recipient_cannot_open(three: Three) -> None:
    path = three.export()
    error = _refused(three.eve, path, three.key(three.alice), "package.not_for_us")
    assert three.key(three.bob).fingerprint in error.message()
    # Even with the recipient check out of the way, eve's key does not derive bob's package key.
    package = fmt.read(path)
    header = package.header
    key = sealed.package_key(three.eve.keys.agreement_private(), header.ephemeral, header.ephemeral,
                             three.key(three.eve).agreement, bytes.fromhex(header.package_id))  # fmt: skip
    with pytest.raises(DecryptionFailed):
        sealed.open_chunks(key, package.ciphertext, hashlib.sha256(package.head).digest(), header.chunk)


def _flip(path: Path, where: int, to: Path) -> Path:
    data = bytearray(path.read_bytes())
    data[where] ^= 0x01
    to.write_bytes(bytes(data))
    return to


@pytest.mark.parametrize("region", ["magic", "header_length", "header", "ciphertext_start",
                                    "ciphertext_end", "signature"])  # fmt: skip
def test_one_altered_byte_is_refused(three: Three, region: str) -> None:
    path = three.export()
    package = fmt.read(path)
    head, size = len(package.head), len(package.ciphertext)
    where = {"magic": 2, "header_length": 11, "header": head - 20, "ciphertext_start": head,
             "ciphertext_end": head + size - 1, "signature": head + size + 30}[region]  # fmt: skip
    altered = _flip(path, where, three.tmp / "altered.hoso")
    before = fingerprint(three.bob)
    with pytest.raises(IntegrityViolation) as caught:
        _import(three.bob, altered, three.key(three.alice))
    assert caught.value.exit_code == 4
    if region.startswith(("ciphertext", "signature")):
        assert caught.value.key == "package.bad_signature"
    assert fingerprint(three.bob) == before


def test_header_recipient_rewritten_for_another_vault_fails_the_signature(three: Three) -> None:
    path = three.export()
    data = path.read_bytes()
    bob_fp, eve_fp = three.key(three.bob).digest.hex(), three.key(three.eve).digest.hex()
    forged = three.tmp / "forged.hoso"
    forged.write_bytes(data.replace(bob_fp.encode(), eve_fp.encode()))
    _refused(three.eve, forged, three.key(three.alice), "package.bad_signature")


def test_a_package_from_another_sender_is_refused(three: Three) -> None:
    out = three.tmp / "eve.hoso"
    eve_ids = DossierService(three.eve).save_many(list(generate(2, seed=99)), source="test")
    export_package(three.eve, out, three.key(three.bob), [s.id for s in eve_ids])
    error = _refused(three.bob, out, three.key(three.alice), "package.other_sender")
    assert three.key(three.eve).fingerprint in error.message()
    assert three.key(three.alice).fingerprint in error.message()


def test_a_package_re_signed_by_another_vault_does_not_open(three: Three) -> None:
    """Eve takes alice's package, puts her own keys in the header and signs it: whoever bob
    expects, it is refused (the header is bound into every sealed chunk)."""
    package = fmt.read(three.export())
    eve = three.key(three.eve)
    header = fmt.Header(package.header.package_id, eve, package.header.recipient, package.header.ephemeral,
                        package.header.chunk, package.header.size)  # fmt: skip
    head = header.encode()
    signature = three.eve.keys.signing_private()
    from crypto import signing

    forged = three.tmp / "resigned.hoso"
    body = head + package.ciphertext
    forged.write_bytes(body + signing.sign(signature, fmt.signed_message(head, package.ciphertext)))
    _refused(three.bob, forged, three.key(three.alice), "package.other_sender")
    _refused(three.bob, forged, eve, "package.cannot_open")


def test_the_same_package_twice_is_a_replay(three: Three) -> None:
    path = three.export()
    _import(three.bob, path, three.key(three.alice))
    error = _refused(three.bob, path, three.key(three.alice), "package.replayed")
    assert "01/01/2026" in error.message()
    copy = three.tmp / "copy-with-another-name.hoso"
    copy.write_bytes(path.read_bytes())
    _refused(three.bob, copy, three.key(three.alice), "package.replayed")


@pytest.mark.parametrize("keep", [0, 5, 12, 40, "half", "no_signature", "minus1"])
def test_a_truncated_package_is_refused(three: Three, keep: int | str) -> None:
    path = three.export()
    data = path.read_bytes()
    cut = {"half": len(data) // 2, "no_signature": len(data) - fmt.SIGNATURE_BYTES, "minus1": len(data) - 1}
    length = cut[keep] if isinstance(keep, str) else keep
    assert length < len(data)
    short = three.tmp / "short.hoso"
    short.write_bytes(data[:length])
    before = fingerprint(three.bob)
    with pytest.raises(IntegrityViolation):
        _import(three.bob, short, three.key(three.alice))
    assert fingerprint(three.bob) == before


def test_a_package_of_many_chunks_opens_and_a_cut_between_chunks_does_not(
    three: Three, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fmt, "CHUNK", sealed.MIN_CHUNK)
    path = three.export()
    package = fmt.read(path)
    assert package.header.chunk == sealed.MIN_CHUNK
    assert len(package.ciphertext) > 10 * sealed.MIN_CHUNK
    step = sealed.MIN_CHUNK + sealed.TAG_BYTES
    # Re-sign a copy cut after three whole chunks, as a sender whose file was cut would have it:
    # the signature passes, the last chunk is not marked last, so it does not open.
    header = fmt.Header(package.header.package_id, package.header.sender, package.header.recipient,
                        package.header.ephemeral, package.header.chunk, 3 * step)  # fmt: skip
    from crypto import signing

    cut = three.tmp / "cut.hoso"
    head, body = header.encode(), package.ciphertext[: 3 * step]
    key = three.alice.keys.signing_private()
    cut.write_bytes(head + body + signing.sign(key, fmt.signed_message(head, body)))
    _refused(three.bob, cut, three.key(three.alice), "package.cannot_open")
    result = _import(three.bob, path, three.key(three.alice))
    assert result.report.created == len(three.ids)


def _handmade(three: Three, dossiers: list[dict[str, Any]], blobs: dict[str, bytes] | None = None,
              listed: list[dict[str, Any]] | None = None) -> Path:  # fmt: skip
    """A package alice signs with contents made here (a buggy or malicious sender)."""
    from app.dossier import interchange

    alice, bob = three.key(three.alice), three.key(three.bob)
    package_id = fmt.new_package_id()
    listed = listed if listed is not None else [{"documents": [], "portrait": None} for _ in dossiers]
    scans = sum(len(d["scans"]) for item in listed for d in item["documents"])
    manifest = {
        "format": payload.FORMAT, "version": payload.VERSION, "package_id": package_id,
        "created_at": "2026-01-01T00:00:00.000Z", "generator": "test",
        "sender": {"signing": alice.signing.hex(), "agreement": alice.agreement.hex()},
        "recipient": bob.digest.hex(), "reference": None, "transfer": False, "history": False,
        "counts": {"dossiers": len(dossiers), "documents": sum(len(i["documents"]) for i in listed),
                   "scans": scans, "portraits": 0},
        "dossiers": listed,
    }  # fmt: skip
    records = interchange.dumps(dossiers, masked=False, exported_at="2026", generator="test")
    entries = [
        (payload.MANIFEST, payload.dumps(manifest)),
        (payload.DOSSIERS, records),
        *(blobs or {}).items(),
    ]
    data = fmt.seal(payload.pack(entries), package_id, alice, three.alice.keys.signing_private(), bob)
    out = three.tmp / f"{package_id}.hoso"
    out.write_bytes(data)
    return out


def test_an_invalid_dossier_rejects_the_whole_package(three: Three) -> None:
    good = DossierService(three.alice).get(three.ids[0], reveal=True, audit=False)
    bad = json.loads(json.dumps({"secrecy": good.secrecy, **good.data}))
    bad["identity"]["personal_id"] = "001099000001"
    bad["identity"]["birth_date"] = "1975-13-40"
    path = _handmade(three, [{"secrecy": good.secrecy, **good.data}, bad])
    before = fingerprint(three.bob)
    result = _import(three.bob, path, three.key(three.alice))
    report = result.report
    assert report.rejected
    assert report.created == 0
    (issue,) = report.errors.items
    assert (issue.record, issue.path) == (2, "identity.birth_date")
    assert "identity.birth_date" in issue.line(path.name)
    assert fingerprint(three.bob) == before
    assert not register.received(three.bob)


def test_a_scan_that_is_not_an_image_rejects_the_package(three: Three) -> None:
    good = DossierService(three.alice).get(three.ids[0], reveal=True, audit=False)
    scan = {"blob": "scan/0", "mime": "image/png", "width": 620, "height": 877, "sha256": "0" * 64, "size": 9}
    listed = [{"documents": [{"values": {"kind": "so_yeu_ly_lich"}, "scans": [scan]}], "portrait": None}]
    path = _handmade(three, [{"secrecy": good.secrecy, **good.data}], {"scan/0": b"not a png"}, listed)
    before = fingerprint(three.bob)
    result = _import(three.bob, path, three.key(three.alice))
    assert result.report.rejected
    assert result.report.errors.items[0].path == "documents.scan[1]"
    assert fingerprint(three.bob) == before


def test_malformed_contents_are_refused_with_nothing_written(three: Three) -> None:
    good = DossierService(three.alice).get(three.ids[0], reveal=True, audit=False)
    record = {"secrecy": good.secrecy, **good.data}
    path = _handmade(three, [record], {"scan/7": b"stray"})  # an entry nobody lists
    before = fingerprint(three.bob)
    with pytest.raises(InvalidInput) as caught:
        _import(three.bob, path, three.key(three.alice))
    assert caught.value.key == "package.bad_contents"
    assert caught.value.exit_code == 1
    assert fingerprint(three.bob) == before


# -- export and transfer ---------------------------------------------------------------------------
def test_transfer_marks_the_dossiers_chuyen_di_with_the_reference(three: Three) -> None:
    moved = three.ids[:2]
    path = three.export(ids=moved, transfer=True, reference=REFERENCE)
    package_id = fmt.read(path).header.package_id
    service = DossierService(three.alice)
    for dossier_id in moved:
        data = service.get(dossier_id, audit=False).data
        assert (data["position"]["status"], data["position"]["status_date"]) == ("chuyen_di", "2026-01-01")
        last = [c for c in service.history(dossier_id) if c.path == "position.status"][-1]
        assert (last.new, last.basis, last.source) == ("chuyen_di", REFERENCE, f"package:{package_id}")
    untouched = service.get(three.ids[2], audit=False).data
    assert untouched.get("position", {}).get("status") != "chuyen_di" or three.ids[2] in moved
    received = _import(three.bob, path, three.key(three.alice))
    arrived = DossierService(three.bob).get(received.report.ids[0], audit=False).data
    assert arrived["position"].get("status") != "chuyen_di"  # it is active where it arrives
    assert received.transfer
    assert received.reference == REFERENCE
    assert register.sent(three.alice)[0].transfer


def test_export_refusals_write_nothing(three: Three) -> None:
    before = fingerprint(three.alice)
    taken = three.tmp / "taken.hoso"
    taken.write_bytes(b"x")
    cases: list[tuple[Path, dict[str, Any], str]] = [
        (three.tmp / "a.hoso", {"transfer": True}, "package.transfer_needs_reference"),
        (
            three.tmp / "c.hoso",
            {"transfer": True, "reference": "x", "ids": None},
            "package.transfer_needs_ids",
        ),
        (taken, {}, "package.exists"),
        (three.tmp / "missing" / "a.hoso", {}, "package.no_folder"),
        (three.tmp / "b.hoso", {"ids": [999]}, "dossier.not_found"),
    ]
    for out, kw, key in cases:
        with pytest.raises(HosoError) as caught:
            export_package(three.alice, out, three.key(three.bob), kw.pop("ids", three.ids), **kw)
        assert caught.value.key == key
    assert fingerprint(three.alice) == before
    assert sorted(p.name for p in three.tmp.iterdir() if p.suffix == ".hoso" or ".tmp" in p.name) == [
        "taken.hoso"
    ]


# -- the pieces ----------------------------------------------------------------------------------
def test_chunks_cannot_be_reordered_dropped_or_cut() -> None:
    key, context, chunk = bytes(range(32)), b"ctx", sealed.MIN_CHUNK
    plain = bytes(range(256)) * 40  # 10,240 bytes: three chunks
    box = sealed.seal_chunks(key, plain, context, chunk)
    assert len(box) == sealed.sealed_size(len(plain), chunk)
    assert sealed.open_chunks(key, box, context, chunk) == plain
    step = chunk + sealed.TAG_BYTES
    parts = [box[i : i + step] for i in range(0, len(box), step)]
    for broken in (parts[1] + parts[0] + parts[2], parts[0] + parts[2], parts[0] + parts[1], box + parts[2]):
        with pytest.raises(DecryptionFailed):
            sealed.open_chunks(key, broken, context, chunk)
    with pytest.raises(DecryptionFailed):
        sealed.open_chunks(key, box, b"other", chunk)
    empty = sealed.seal_chunks(key, b"", context, chunk)
    assert sealed.open_chunks(key, empty, context, chunk) == b""


def test_payload_entries_are_bounded() -> None:
    with pytest.raises(InvalidInput):
        payload.unpack(payload.pack([("manifest.json", b"{}")]), "p")
    truncated = payload.pack([(payload.MANIFEST, b"{}"), (payload.DOSSIERS, b"[]")])[:-1]
    with pytest.raises(InvalidInput):
        payload.unpack(truncated, "p")
    huge = len(payload.MANIFEST).to_bytes(2, "big") + payload.MANIFEST.encode() + (2**62).to_bytes(8, "big")
    with pytest.raises(InvalidInput):
        payload.unpack(huge, "p")
