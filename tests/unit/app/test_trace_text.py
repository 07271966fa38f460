"""Matching a (retyped) text against the register by its text variants: the copy whose wordings
all appear is named only when it is the one copy left; a contradiction rules a copy out; too
little text or several fitting copies give a shortlist, never a match."""

from __future__ import annotations

import hashlib

from app.extract.variants import POINTS, Variants, markers
from app.trace.text_match import MIN_AGREEING, match_text
from storage.copy_repo import CopyRow


def _row(serial: str, variants: Variants, dossier: int = 1, layout: str = "tt06") -> CopyRow:
    return CopyRow(serial, 1, 1, dossier, 1, 3, ("identity",), layout, 2, "0" * 64, "2026-11-21T03:00:00Z",
                   "officer", "nd63-2026@1", variants.record())  # fmt: skip


def _drawn(label: str) -> Variants:
    return Variants.draw(hashlib.sha256(label.encode()).digest())


def _text(v: Variants, layout: str = "tt06", name: str = "NGUYỄN THỊ HƯỜNG") -> str:
    return "\n".join([*markers(v, layout).values(), f"Họ và tên khai sinh: {name}"])


def _differing(base: Variants) -> Variants:
    """A draw that differs from ``base`` at some point that fires in every extract."""
    for n in range(1000):
        other = _drawn(f"other-{n}")
        if markers(other, "tt06") != markers(base, "tt06"):
            return other
    raise AssertionError("no differing draw")


def test_the_copy_whose_wordings_all_appear_is_named() -> None:
    mine = _drawn("mine")
    rows = [_row("AAAAAAAAAAAAA", mine), _row("BBBBBBBBBBBBB", _differing(mine))]
    found = match_text(_text(mine), rows, {1: "Nguyễn Thị Hường"})
    assert found.serial == "AAAAAAAAAAAAA"
    assert found.shortlist[0].agreeing >= MIN_AGREEING
    assert found.shortlist[0].contradicting == 0


def test_the_same_wordings_in_two_copies_give_a_shortlist_but_the_cadre_name_decides() -> None:
    mine = _drawn("mine")
    rows = [_row("AAAAAAAAAAAAA", mine, dossier=1), _row("CCCCCCCCCCCCC", mine, dossier=2)]
    both = match_text(_text(mine, name="XXX"), rows, {1: "Nguyễn Thị Hường", 2: "Trần Văn Nam"})
    assert both.serial is None
    assert {e.serial for e in both.shortlist} == {"AAAAAAAAAAAAA", "CCCCCCCCCCCCC"}
    named = match_text(_text(mine, name="TRẦN VĂN NAM"), rows, {1: "Nguyễn Thị Hường", 2: "Trần Văn Nam"})
    assert named.serial == "CCCCCCCCCCCCC"


def test_a_fragment_with_few_wordings_is_not_a_match() -> None:
    mine = _drawn("mine")
    few = "\n".join(list(markers(mine, "tt06").values())[: MIN_AGREEING - 2])
    found = match_text(few, [_row("AAAAAAAAAAAAA", mine)], {})
    assert found.serial is None


def test_text_of_no_registered_copy_matches_nothing() -> None:
    mine = _drawn("mine")
    other = _differing(mine)
    found = match_text(_text(other), [_row("AAAAAAAAAAAAA", mine)], {})
    assert found.serial is None
    assert found.shortlist == ()
    assert len(POINTS) == 32
