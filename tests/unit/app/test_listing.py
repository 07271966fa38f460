"""The full dossier list (app.dossier.listing): the same matches in the same order as search(),
every sort (blanks last, ties by name then id), filters, refused queries, and rows by id —
on a real vault of a few hundred synthetic dossiers."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.clock import ManualClock
from app.dossier import listing
from app.dossier.search import Hit, search
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.dossier.validate import validate
from app.errors import InvalidInput
from app.vault.create import create_vault
from app.vault.session import Vault
from app.vault.unlock import unlock
from storage.dossier_repo import list_sql
from tests.conftest import PASSPHRASE, WEAK

SIZE = 320
TUYET = "Nguyễn Thị Ánh Tuyết"


def sample_docs() -> list[dict[str, Any]]:
    """Synthetic dossiers, with a partial birth date, a missing post and a known name."""
    docs = list(generate(SIZE, seed=11))
    docs[0]["identity"]["birth_date"] = "1970"
    docs[1]["identity"]["birth_date"] = "1968-05"
    docs[2]["position"].pop("current_post", None)
    docs[3]["identity"]["full_name"] = TUYET
    docs[4]["identity"]["full_name"] = docs[5]["identity"]["full_name"]  # a tie on the name
    out = []
    for doc in docs:
        checked = validate(doc)
        assert checked.ok, [(p.path, p.key) for p in checked.errors]
        out.append(checked.document)
    return out


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, list[int]]]:
    path: Path = tmp_path_factory.mktemp("listing") / "vault"
    clock = ManualClock()
    create_vault(path, PASSPHRASE, kdf_params=WEAK, clock=clock)
    v = unlock(path, PASSPHRASE, kdf_floor=WEAK, clock=clock)
    saved = DossierService(v).save_many(sample_docs(), source="test")
    yield v, [s.id for s in saved]
    v.close_quietly()


@pytest.fixture
def v(listed: tuple[Vault, list[int]]) -> Vault:
    return listed[0]


def searched(v: Vault, text: str = "", filters: dict[str, str] | None = None) -> list[int]:
    result = search(v, text, filters or {}, limit=1000)
    assert result.total == len(result.results) < 1000
    return [h.id for h in result.results]


def all_rows(v: Vault, ids: list[int]) -> list[Hit]:
    found = listing.rows(v, ids)
    return [found[i] for i in ids]


# -- relevance: exactly search()'s order -----------------------------------------------------------
TEXTS = [
    "",
    "nguyen",
    "Nguyễn",
    "nguyen thi",
    "tuyet nguyen",
    "Nguyễn Thị Ánh",
    "ng t a",
    "n",
    "thai nguyen",
    "truong ban",
    "Sở",
    "pho giam doc so",
]


@pytest.mark.parametrize("text", TEXTS)
def test_relevance_is_the_search_order(v: Vault, text: str) -> None:
    ids = listing.list_ids(v, text)
    assert ids == searched(v, text)
    assert listing.list_ids(v, text, descending=True) == ids[::-1]


@pytest.mark.parametrize("text", ["nguyen", "thi", "truong ban", "Nguyễn Thị"])
def test_large_tiers_walked_by_name_give_the_same_order(
    v: Vault, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = {s: listing.list_ids(v, text, {"sex": "nu"}, sort=s) for s in listing.SORTS}
    monkeypatch.setattr(listing, "WALK_FROM", 1)  # every tier is "large": the name index is walked
    for sort, ids in slow.items():
        assert listing.list_ids(v, text, {"sex": "nu"}, sort=sort) == ids
    assert slow["relevance"] == searched(v, text, {"sex": "nu"})


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("", {"sex": "nu"}),
        ("nguyen", {"sex": "nam", "birth_year": "1960..1980"}),
        ("", {"birth_year>=": "1975", "party_member": "yes"}),
        ("truong", {"employing_unit": "thai nguyen"}),
        ("", {"ethnicity": "kinh,tay", "political_theory": "cao_cap"}),
    ],
)
def test_filters_give_the_search_matches(v: Vault, text: str, filters: dict[str, str]) -> None:
    ids = listing.list_ids(v, text, filters)
    assert ids == searched(v, text, filters)
    assert 0 < len(ids) < SIZE


def test_no_text_lists_every_dossier_by_name(listed: tuple[Vault, list[int]]) -> None:
    v, saved = listed
    ids = listing.list_ids(v)
    assert sorted(ids) == sorted(saved)
    assert ids == listing.list_ids(v, sort="name")
    hits = all_rows(v, ids)
    assert [(h.full_name, h.birth_date or "", h.id) for h in hits] == sorted(
        (h.full_name, h.birth_date or "", h.id) for h in hits
    )
    assert listing.count_all(v) == SIZE


def test_without_diacritics_finds_the_same_dossier(v: Vault) -> None:
    typed, plain = listing.list_ids(v, TUYET), listing.list_ids(v, "nguyen thi anh tuyet")
    assert set(typed) == set(plain)
    assert listing.rows(v, typed[:1])[typed[0]].full_name == TUYET


# -- sorts ---------------------------------------------------------------------------------------
def _key(hit: Hit, column: str) -> tuple[Any, ...]:
    value = getattr(hit, column)
    return (value is None, value or "")


@pytest.mark.parametrize("sort", ["birth_date", "current_post", "employing_unit"])
@pytest.mark.parametrize("text", ["", "nguyen"])
def test_column_sorts_put_blanks_last_and_break_ties_by_name(v: Vault, sort: str, text: str) -> None:
    for descending in (False, True):
        ids = listing.list_ids(v, text, sort=sort, descending=descending)
        assert sorted(ids) == sorted(listing.list_ids(v, text))  # the same matches
        hits = all_rows(v, ids)
        keys = [_key(h, sort) for h in hits]
        blanks = [k[0] for k in keys]
        assert blanks == sorted(blanks)  # blanks last, whatever the direction
        values = [k[1] for k in keys if not k[0]]
        assert values == sorted(values, reverse=descending)
        for a, b in itertools.pairwise(hits):
            if _key(a, sort) == _key(b, sort):
                assert (a.full_name, a.birth_date or "", a.id) < (b.full_name, b.birth_date or "", b.id)


def test_name_sort_descending_is_the_reverse(v: Vault) -> None:
    assert listing.list_ids(v, sort="name", descending=True) == listing.list_ids(v)[::-1]
    with_text = listing.list_ids(v, "thi", sort="name")
    assert sorted(with_text) == sorted(listing.list_ids(v, "thi"))
    hits = all_rows(v, with_text)
    assert [h.full_name for h in hits] == sorted(h.full_name for h in hits)


def test_the_blank_post_comes_last(listed: tuple[Vault, list[int]]) -> None:
    v, saved = listed
    assert listing.list_ids(v, sort="current_post")[-1] == saved[2]
    assert listing.list_ids(v, sort="current_post", descending=True)[-1] == saved[2]


def test_sorts_are_the_known_ones() -> None:
    assert listing.SORTS == ("relevance", "name", "birth_date", "current_post", "employing_unit")
    with pytest.raises(ValueError, match="not a list order"):
        list_sql(None, [], order="full_name; DROP TABLE dossiers")


# -- refused queries -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "filters", "key"),
    [
        ("", {"colour": "blue"}, "search.bad.key"),
        ("", {"sex": "x"}, "search.bad.code"),
        ("", {"birth_year": "1700"}, "search.bad.year"),
        ("", {"birth_year": "1990..1970"}, "search.bad.year_order"),
        ("", {"party_member": "maybe"}, "search.bad.yes_no"),
        ("a " * 13, {}, "search.bad.too_many_words"),
        ("x" * 501, {}, "search.bad.too_long"),
    ],
)
def test_bad_queries_are_refused_like_search(v: Vault, text: str, filters: dict[str, str], key: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        listing.list_ids(v, text, filters)
    assert caught.value.key == key
    with pytest.raises(InvalidInput):
        search(v, text, filters)


def test_unknown_sort_and_unknown_unit(v: Vault) -> None:
    with pytest.raises(ValueError, match="not a sort"):
        listing.list_ids(v, sort="personal_id")
    assert listing.list_ids(v, "", {"employing_unit": "khong co don vi nao nhu the"}) == []


def test_malformed_text_is_only_words(v: Vault) -> None:
    for text in ('"', "NEAR(", "AND OR NOT", "*", "^-:"):
        assert listing.list_ids(v, text) == searched(v, text)


# -- rows ----------------------------------------------------------------------------------------
def test_rows_are_the_search_hits(v: Vault) -> None:
    page = search(v, "nguyen", limit=50).results
    found = listing.rows(v, [h.id for h in page])
    assert [found[h.id] for h in page] == [
        Hit(h.id, h.full_name, h.birth_date, h.current_post, h.employing_unit, 0) for h in page
    ]


def test_rows_skip_missing_ids_and_take_large_batches(listed: tuple[Vault, list[int]]) -> None:
    v, saved = listed
    wanted = [*saved, *range(10**6, 10**6 + 300)]  # more than one query's batch
    found = listing.rows(v, wanted)
    assert sorted(found) == sorted(saved)
    assert listing.rows(v, []) == {}
    partial = {found[saved[0]].birth_date, found[saved[1]].birth_date}
    assert partial == {"1970", "1968-05"}
