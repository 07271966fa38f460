"""Dossier search: matching without diacritics, by prefix, in any order; ranking; every filter;
malformed text and filters; restricted values never indexed nor findable; not audited."""

from __future__ import annotations

import random
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import app.dossier.search as search_module
from app.dossier.search import SearchResult, parse_where, search
from app.dossier.search.filters import KEYS
from app.dossier.search.query import MAX_TEXT_CHARS, MAX_WORDS, parse
from app.dossier.service import DossierService
from app.dossier.validate import validate
from app.errors import InvalidInput
from app.vault.session import Vault
from storage.dossier_repo import ORG_MARK, Condition, DossierRepository, count_sql, rows_sql

CANARY_RELATIVE = "Quách Vĩnh Canarykin"
CANARY_ADDRESS = "Số 7 ngõ Zyxwvutsrq"


def person(
    n: int,
    full_name: str,
    sex: str,
    birth: str,
    *,
    unit: str = "Sở Nội vụ tỉnh Thái Nguyên",
    post: str = "Chuyên viên",
    other_names: str | None = None,
    ethnicity: str = "kinh",
    religion: str = "khong",
    tier: str | None = None,
    post_group: str | None = None,
    degree: str | None = "dai_hoc",
    title: str | None = None,
    theory: str | None = None,
    state: str | None = None,
    status: str = "dang_cong_tac",
    party: str | None = "2000-05-19",
) -> dict[str, Any]:
    """A small, valid dossier; restricted values (id, phone, address, family) made unique per person."""
    identity: dict[str, Any] = {
        "personal_id": f"0010{n:02d}{n:06d}",
        "full_name": full_name,
        "sex": sex,
        "birth_date": birth,
        "ethnicity": ethnicity,
        "religion": religion,
        "phone": f"09{n:02d}777{n:03d}",
        "permanent_address": f"{CANARY_ADDRESS} {n}",
    }
    if other_names:
        identity["other_names"] = other_names
    position: dict[str, Any] = {"employing_unit": unit, "current_post": post, "status": status}
    if status != "dang_cong_tac":
        position["status_date"] = "2024-01-01"
    for key, value in (("management_tier", tier), ("post_group", post_group)):
        if value:
            position[key] = value
    quals = {
        k: v
        for k, v in (
            ("highest_degree", degree),
            ("academic_title", title),
            ("political_theory", theory),
            ("state_management", state),
        )
        if v
    }
    doc: dict[str, Any] = {
        "identity": identity,
        "position": position,
        "family": [
            {"side": "ban_than", "relation": "bố", "full_name": f"{CANARY_RELATIVE} {n}", "birth_year": 1930}
        ],
    }
    if quals:
        doc["qualifications"] = quals
    if party:
        doc["career"] = {"party_join_date": party}
    return doc


PEOPLE: dict[str, dict[str, Any]] = {
    "an": person(
        1,
        "Nguyễn Văn An",
        "nam",
        "1975-03-02",
        post="Phó Giám đốc Sở Nội vụ",
        tier="btv_tinh",
        post_group="pho_giam_doc_so",
        degree="thac_si",
        theory="cao_cap",
        state="cvc",
    ),
    "an_mu": person(
        2, "Nguyễn Văn Ân", "nam", "1980", unit="Sở Tài chính tỉnh Thái Nguyên", theory="trung_cap"
    ),
    "anh": person(
        3,
        "Nguyễn Văn Anh",
        "nam",
        "1970-07",
        unit="Sở Y tế tỉnh Thái Nguyên",
        post="Giám đốc Sở Y tế",
        tier="btv_tinh",
        post_group="giam_doc_so",
        degree="tien_si",
        title="pgs",
        theory="cao_cap",
        state="cvcc",
    ),
    "anh_sac": person(
        4,
        "Trần Thị Ánh",
        "nu",
        "1985-01-15",
        unit="Ban Tổ chức Tỉnh ủy Thái Nguyên",
        post="Phó Trưởng ban Ban Tổ chức Tỉnh ủy",
        ethnicity="tay",
        religion="phat_giao",
        tier="btv_tinh",
        post_group="ban_dang_pho",
        party=None,
    ),
    "anh_le": person(
        5,
        "Lê Thị Anh",
        "nu",
        "1990-12-01",
        unit="Văn phòng Tỉnh ủy Thái Nguyên",
        ethnicity="nung",
        status="nghi_huu",
        degree="cao_dang",
    ),
    "binh": person(
        6,
        "Phạm Đức Bình",
        "nam",
        "1965",
        other_names="Ba Đức",
        unit="Ban An toàn giao thông tỉnh Thái Nguyên",
        post="Trưởng ban An toàn giao thông",
        tier="khac",
        state="cv",
    ),
    "dung": person(
        7,
        "Đặng Quốc Dũng",
        "nam",
        "1972-02-02",
        unit="Công an tỉnh Thái Nguyên",
        post="Phó Giám đốc Công an tỉnh",
        status="chuyen_di",
        degree="thac_si",
        title="gs",
    ),
    "hoa": person(
        8,
        "Hoàng Thị Hòa",
        "nu",
        "1978-09-09",
        unit="Hội Liên hiệp Phụ nữ tỉnh Thái Nguyên",
        post="Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
        theory="trung_cap",
        state="cv",
        religion="cong_giao",
    ),
}


@pytest.fixture
def people(opened: Vault) -> dict[str, int]:
    docs = []
    for key, doc in PEOPLE.items():
        checked = validate(doc)
        assert checked.ok, (key, [(p.path, p.key) for p in checked.errors])
        docs.append(checked.document)
    saved = DossierService(opened).save_many(docs, source="test")
    return {key: s.id for key, s in zip(PEOPLE, saved, strict=True)}


def names(result: SearchResult) -> list[str]:
    return [h.full_name for h in result.results]


def keys(people: dict[str, int], result: SearchResult) -> list[str]:
    by_id = {v: k for k, v in people.items()}
    return [by_id[h.id] for h in result.results]


# -- matching ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "nguyen van an",
        "An Nguyễn",
        "nguyễn v an",
        "NGUYEN VAN AN",
        "Nguyễn Văn An",
        "an van nguyen",
        "ng va an",
    ],
)
def test_finds_nguyen_van_an_however_typed(opened: Vault, people: dict[str, int], text: str) -> None:
    found = search(opened, text)
    assert "an" in keys(people, found)
    assert found.total == len(found.results)
    top = found.results[0]
    assert (top.full_name, top.birth_date, top.current_post, top.employing_unit) == (
        "Nguyễn Văn An",
        "1975-03-02",
        "Phó Giám đốc Sở Nội vụ",
        "Sở Nội vụ tỉnh Thái Nguyên",
    )


def test_diacritics_insensitive_both_ways(opened: Vault, people: dict[str, int]) -> None:
    for text in ("Ánh", "Anh", "anh", "ÁNH"):
        found = keys(people, search(opened, text))
        assert {"anh", "anh_sac", "anh_le"} <= set(found), text
    assert keys(people, search(opened, "dang quoc dung")) == ["dung"]  # đ → d
    assert keys(people, search(opened, "Đặng")) == ["dung"]


def test_a_query_typed_with_diacritics_ranks_exact_matches_first(
    opened: Vault, people: dict[str, int]
) -> None:
    typed = search(opened, "Ánh")
    assert keys(people, typed)[0] == "anh_sac"
    assert typed.results[0].score > typed.results[1].score
    plain = search(opened, "Anh")  # typed without: Ánh and Anh rank alike (then by name)
    assert len({h.score for h in plain.results if h.full_name.endswith(("Anh", "Ánh"))}) == 1
    assert keys(people, search(opened, "nguyễn văn ân"))[0] == "an_mu"
    assert keys(people, search(opened, "nguyễn văn an"))[0] == "an"


def test_whole_words_rank_before_prefixes(opened: Vault, people: dict[str, int]) -> None:
    found = keys(people, search(opened, "nguyen van an"))
    assert set(found[:2]) == {"an", "an_mu"}  # whole word "an" (Ân folds to an)
    assert found[2] == "anh"  # "an" only begins Anh
    assert found[3:] == ["anh_le"]  # "nguyen", "van" only in her unit (Văn phòng … Thái Nguyên)
    assert keys(people, search(opened, "nguyễn v an"))[:1] == ["an"]  # v is an initial


def test_names_rank_before_posts_and_units(opened: Vault, people: dict[str, int]) -> None:
    found = search(opened, "an")
    order = keys(people, found)
    # whole-word name (An, Ân), then name prefix (Anh, Ánh), then a unit / post ("An toàn")
    assert set(order[:2]) == {"an", "an_mu"}
    assert set(order[2:5]) == {"anh", "anh_sac", "anh_le"}
    assert set(order[5:]) == {"binh", "dung"}  # "Ban An toàn giao thông", "Công an tỉnh"
    assert [h.score for h in found.results] == sorted((h.score for h in found.results), reverse=True)


def test_other_names_posts_and_units_are_searched(opened: Vault, people: dict[str, int]) -> None:
    assert keys(people, search(opened, "ba duc")) == ["binh"]  # other names
    assert keys(people, search(opened, "giám đốc sở y tế")) == ["anh"]  # post
    assert set(keys(people, search(opened, "so noi vu"))) == {"an"}  # unit (and post)
    assert set(keys(people, search(opened, "phụ nữ"))) == {"hoa"}
    assert keys(people, search(opened, "cong an tinh dang")) == ["dung"]  # unit + name


def test_no_text_lists_everyone_by_name(opened: Vault, people: dict[str, int]) -> None:
    found = search(opened)
    assert found.total == len(PEOPLE)
    assert names(found) == sorted(names(found))
    assert {h.score for h in found.results} == {0}
    assert search(opened, "  !!! ** () ").total == len(PEOPLE)  # nothing searchable in the text


def test_total_counts_every_match_and_pages_are_consistent(opened: Vault, people: dict[str, int]) -> None:
    whole = search(opened, "n", limit=100)  # every tier takes part: names, posts, units
    assert whole.total == len(whole.results) > 4
    assert len({h.score for h in whole.results}) > 1
    for size in (1, 2, 3):
        pages: list[int] = []
        for offset in range(0, whole.total + 2, size):
            page = search(opened, "n", limit=size, offset=offset)
            assert page.total == whole.total
            pages.extend(h.id for h in page.results)
        assert pages == [h.id for h in whole.results]
    assert search(opened, limit=2).total == len(PEOPLE)
    assert len(search(opened, limit=2, offset=7).results) == 1


@pytest.mark.parametrize("text", ["an", "Ánh", "nguyễn v an", "n", "tỉnh", "phó", "thai nguyen"])
@pytest.mark.parametrize("filters", [{}, {"sex": "nu"}, {"birth_year": "1970..1980"}])
def test_walking_the_name_index_gives_the_same_pages(
    opened: Vault, people: dict[str, int], monkeypatch: pytest.MonkeyPatch, text: str, filters: dict[str, str]
) -> None:
    def pages(walk_from: int) -> list[list[tuple[int, int]]]:
        monkeypatch.setattr(search_module, "WALK_FROM", walk_from)
        return [
            [(h.id, h.score) for h in search(opened, text, filters, limit=3, offset=o).results]
            for o in range(0, 10, 3)
        ]

    assert pages(1) == pages(10**9)  # every tier walked by name == every tier looked up and sorted


def test_tiers_partition_the_matches(opened: Vault, people: dict[str, int]) -> None:
    repo = DossierRepository(opened.db)
    for text in ("an", "Ánh", "nguyễn v an", "n", "giam doc", "tỉnh", "phó"):
        query = parse(text)
        sizes = [repo.search_count(t.match) for t in query.tiers()]
        ids = [r.id for t in query.tiers() for r in repo.search_rows(t.match, limit=100)]
        assert sum(sizes) == repo.search_count(query.base()) == len(set(ids)) == len(ids), text


def test_searches_never_read_the_table_rows(opened: Vault, people: dict[str, int]) -> None:
    """Every plan reads dossiers through a covering index: the rows themselves (the large
    ``normal`` JSON, with the facts after it in overflow pages) would make searches slow."""
    match = parse("nguyen van").base()
    some = [Condition("sex", "in", ("nu",)), Condition("birth_year", ">=", (1970,))]
    cases = [
        count_sql(None, []),
        count_sql(None, some[:1]),
        count_sql(None, [Condition("birth_year", ">=", (1970,)), Condition("birth_year", "<=", (1980,))]),
        count_sql(None, [*some, Condition("party_join_date", "not_null")]),
        count_sql(None, [Condition("religion", "in", ("khong",))]),
        count_sql(match, some),
        count_sql(match, some, cap=10),
        rows_sql(None, some),
        rows_sql(match, some),
        rows_sql(match, some, by_name=True),
    ]
    for sql, params in cases:
        plan = [
            str(r[3])
            for r in opened.db.execute("EXPLAIN QUERY PLAN " + sql, (*params, 1, 0)[: sql.count("?")])
        ]
        for step in plan:
            if step.split(" ")[:2] in (["SCAN", "d"], ["SEARCH", "d"]):
                assert "COVERING INDEX" in step, (sql, plan)


def test_the_index_follows_edits(opened: Vault, people: dict[str, int]) -> None:
    svc = DossierService(opened)
    doc = validate(PEOPLE["hoa"]).document
    doc["identity"]["full_name"] = "Hoàng Thị Hoà Bình"
    svc.save(doc, dossier_id=people["hoa"])
    assert keys(people, search(opened, "hoa binh")) == ["hoa"]
    doc["identity"]["full_name"] = "Hoàng Thị Mai"
    svc.save(doc, dossier_id=people["hoa"])
    assert search(opened, "hoa binh").total == 0
    assert keys(people, search(opened, "hoang mai")) == ["hoa"]


# -- filters ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"sex": "nu"}, {"anh_sac", "anh_le", "hoa"}),
        ({"sex": "Nữ"}, {"anh_sac", "anh_le", "hoa"}),
        ({"birth_year": "1975"}, {"an"}),
        ({"birth_year": "1970..1980"}, {"an", "an_mu", "anh", "dung", "hoa"}),
        ({"birth_year": "1980.."}, {"an_mu", "anh_sac", "anh_le"}),
        ({"birth_year": "..1970"}, {"anh", "binh"}),
        ({"birth_year>=": "1978", "birth_year<=": "1985"}, {"an_mu", "anh_sac", "hoa"}),
        ({"ethnicity": "tay"}, {"anh_sac"}),
        ({"ethnicity": "Tày,nung"}, {"anh_sac", "anh_le"}),
        ({"religion": "phat_giao"}, {"anh_sac"}),
        ({"religion": "Công giáo"}, {"hoa"}),
        ({"management_tier": "btv_tinh"}, {"an", "anh", "anh_sac"}),
        ({"management_tier": "none"}, {"an_mu", "anh_le", "dung", "hoa"}),
        ({"employing_unit": "noi vu"}, {"an"}),
        ({"employing_unit": "TỈNH ỦY"}, {"anh_sac", "anh_le"}),
        ({"employing_unit": "thai nguyen"}, set(PEOPLE)),
        ({"employing_unit": "khong co don vi nay"}, set()),
        ({"highest_degree": "thac_si"}, {"an", "dung"}),
        ({"highest_degree": "tien si"}, {"anh"}),
        ({"political_theory": "cao_cap"}, {"an", "anh"}),
        ({"political_theory": "none"}, {"anh_sac", "anh_le", "binh", "dung"}),
        ({"academic_title": "pgs,gs"}, {"anh", "dung"}),
        ({"state_management": "cv"}, {"binh", "hoa"}),
        ({"status": "dang_cong_tac"}, {"an", "an_mu", "anh", "anh_sac", "binh", "hoa"}),
        ({"status": "nghi huu"}, {"anh_le"}),
        ({"party_member": "yes"}, set(PEOPLE) - {"anh_sac"}),
        ({"party_member": "không"}, {"anh_sac"}),
        ({"post_group": "giam_doc_so,pho_giam_doc_so"}, {"an", "anh"}),
        ({"sex": "nam", "birth_year": "1970..1979", "party_member": "yes"}, {"an", "anh", "dung"}),
        ({"sex": "nam", "political_theory": "cao_cap", "employing_unit": "y te"}, {"anh"}),
    ],
)
def test_every_filter(
    opened: Vault, people: dict[str, int], filters: dict[str, str], expected: set[str]
) -> None:
    found = search(opened, "", filters)
    assert set(keys(people, found)) == expected
    assert found.total == len(expected)


def test_filters_combine_with_text(opened: Vault, people: dict[str, int]) -> None:
    assert set(keys(people, search(opened, "anh", {"sex": "nu"}))) == {"anh_sac", "anh_le"}
    assert keys(people, search(opened, "Ánh", {"sex": "nu", "birth_year": "1986.."})) == ["anh_le"]
    assert keys(people, search(opened, "nguyen", {"academic_title": "pgs"})) == ["anh"]
    found = search(opened, "nguyen", {"employing_unit": "thai nguyen"}, limit=1)
    assert found.total == len(PEOPLE)  # every unit is "… tỉnh Thái Nguyên"
    assert len(found.results) == 1
    assert search(opened, "nguyen", {"employing_unit": "no such unit"}).total == 0


@pytest.mark.parametrize(
    ("filters", "fragment"),
    [
        ({"nationality": "vn"}, "party_member"),
        ({"personal_id": "001001000001"}, "sex, birth_year"),
        ({"phone": "0901"}, "employing_unit"),
        ({"sex": "x"}, "nam, nu"),
        ({"ethnicity": "martian"}, "kinh, tay"),
        ({"birth_year": "abc"}, "1850"),
        ({"birth_year": "1980..1970"}, "1980..1970"),
        ({"birth_year": ".."}, "1970..1980"),
        ({"birth_year": "1970..19x"}, "2100"),
        ({"birth_year>=": "20000"}, "20000"),
        ({"party_member": "maybe"}, "yes"),
        ({"employing_unit": "!!!"}, "employing_unit"),
        ({"sex": ""}, "sex"),
        ({"ethnicity": "x" * 300}, "ethnicity"),
    ],
)
def test_bad_filters_are_explained(
    opened: Vault, people: dict[str, int], filters: dict[str, str], fragment: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        search(opened, "an", filters)
    assert fragment in caught.value.message("en")
    assert caught.value.message("vi") != caught.value.key


def test_unknown_key_message_lists_every_valid_key(opened: Vault) -> None:
    with pytest.raises(InvalidInput) as caught:
        search(opened, "", {"colour": "red"})
    message = caught.value.message("en")
    assert "colour" in message
    for key in KEYS:
        assert key in message


def test_parse_where() -> None:
    assert parse_where("sex=nu") == ("sex", "nu")
    assert parse_where("birth_year>=1970") == ("birth_year>=", "1970")
    assert parse_where(" birth_year <= 1980") == ("birth_year<=", "1980")
    assert parse_where("birth_year=1970..1980") == ("birth_year", "1970..1980")
    assert parse_where("employing_unit=Sở Nội vụ = x") == ("employing_unit", "Sở Nội vụ = x")
    for bad in ("sex", "=nu", "", "sex:nu", "1=2"):
        with pytest.raises(InvalidInput):
            parse_where(bad)


def test_limit_and_offset_are_checked(opened: Vault) -> None:
    for kwargs in ({"limit": 0}, {"limit": 1001}, {"offset": -1}, {"limit": True}):
        with pytest.raises(InvalidInput):
            search(opened, "an", **kwargs)  # type: ignore[arg-type]


# -- malformed text ------------------------------------------------------------------------------
MALFORMED = [
    '"',
    '"an',
    "an\"'",
    "(",
    "((an",
    "an)",
    "*",
    "an*",
    "* an",
    "NEAR(an van)",
    "NEAR",
    "an AND",
    "AND OR NOT",
    "an NOT van",
    "-an",
    "an -van",
    "^an",
    "an:van",
    "names : an",
    "{names posts}: an",
    "an + van",
    "\x00",
    "a\x00n",
    "nguyen\x00van",
    "\ud800an",
    "🙂 an",
    "\u202eAn\u202c",
    "a\u0301n",
    "Nguye\u0302\u0303n Va\u0306n An",  # decomposed (NFD) Vietnamese
    "_",
    "an_van",
    "'; DROP TABLE dossiers; --",
    "\\",
    "%_",
    "a" * MAX_TEXT_CHARS,
    " ".join(["an"] * MAX_WORDS),
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_text_returns_normally(opened: Vault, people: dict[str, int], text: str) -> None:
    found = search(opened, text)
    assert found.total == len(found.results)


def test_operators_are_words_not_syntax(opened: Vault, people: dict[str, int]) -> None:
    assert keys(people, search(opened, "an*"))[:2] == keys(people, search(opened, "an"))[:2]
    assert "an" in keys(people, search(opened, '"nguyen" (van) an'))
    assert search(opened, "an NOT van").total == 0  # "not" is a word no one has
    assert keys(people, search(opened, "Nguye\u0302\u0303n Va\u0306n An"))[0] == "an"


def test_too_long_or_too_many_words_is_invalid_input(opened: Vault) -> None:
    for text in ("x" * 10_000, "a" * (MAX_TEXT_CHARS + 1), " ".join(["an"] * (MAX_WORDS + 1))):
        with pytest.raises(InvalidInput):
            search(opened, text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=700))
def test_any_text_returns_or_is_invalid_input(opened: Vault, text: str) -> None:
    try:
        found = search(opened, text, limit=5)
    except InvalidInput:
        assert len(text) > MAX_TEXT_CHARS or len(parse_words(text)) > MAX_WORDS
        return
    assert found.total >= len(found.results)


def parse_words(text: str) -> list[str]:
    try:
        return list(parse(text[:MAX_TEXT_CHARS]).folded)
    except InvalidInput:
        return ["?"] * (MAX_WORDS + 1)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    filters=st.dictionaries(
        st.one_of(st.sampled_from(KEYS), st.text(max_size=20)), st.text(max_size=30), max_size=4
    )
)
def test_any_filters_return_or_are_invalid_input(opened: Vault, filters: dict[str, str]) -> None:
    try:
        search(opened, "an", filters, limit=5)
    except InvalidInput as exc:
        explained = exc.message("en") != exc.key
    else:
        explained = True
    assert explained


def test_random_typing_usually_returns_normally(opened: Vault, people: dict[str, int]) -> None:
    rng = random.Random(7)  # noqa: S311 - test data
    alphabet = string.ascii_letters + string.punctuation + " ăâđêôơưáàảãạếềểễệ\x00\t\n"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        found = search(opened, text, limit=3)  # ≤ 24 characters, so ≤ 12 words: never refused
        assert found.total >= len(found.results)


# -- restricted values ----------------------------------------------------------------------------
def _vocabulary(vault: Vault) -> set[str]:
    """Every word in the search index (posts and units words without their ORG_MARK)."""
    vault.db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, dossier_fts, row)"
    )
    return {str(r[0]).removeprefix(ORG_MARK) for r in vault.db.execute("SELECT term FROM temp.search_vocab")}


def test_restricted_values_are_not_in_the_index(opened: Vault, people: dict[str, int]) -> None:
    vocabulary = _vocabulary(opened)
    assert {"nguyen", "nguyễn", "an", "giam", "noi", "vu"} <= vocabulary  # the control: it is the index
    for doc in PEOPLE.values():
        ident = doc["identity"]
        restricted = [
            ident["personal_id"],
            ident["phone"],
            *ident["permanent_address"].lower().split(),
            *doc["family"][0]["full_name"].lower().split()[-2:],
        ]
        leaked = [w for w in restricted if w in vocabulary]
        assert leaked == []
    assert not any("canary" in term or "zyxw" in term or "777" in term for term in vocabulary)


def test_restricted_values_are_not_findable(opened: Vault, people: dict[str, int]) -> None:
    an = PEOPLE["an"]
    for text in (
        an["identity"]["personal_id"],
        an["identity"]["personal_id"][:6],
        an["identity"]["phone"],
        CANARY_RELATIVE,
        "canarykin",
        "Zyxwvutsrq",
        "quach vinh",
    ):
        assert search(opened, text).total == 0, text


def test_searching_is_not_audited(opened: Vault, people: dict[str, int]) -> None:
    before = len(list(opened.audit.repo.all()))
    search(opened, "nguyen van an")
    search(opened, "", {"sex": "nu"})
    search(opened, "Ánh", {"party_member": "no"}, limit=1, offset=1)
    assert len(list(opened.audit.repo.all())) == before


def test_words_keeps_a_decomposed_vietnamese_word_whole() -> None:
    from app.dossier.folding import words

    assert words("Nguye\u0302\u0303n Va\u0306n") == ["Nguyễn", "Văn"]
