"""Every figure of every shipped report equals an independent count over the interchange JSON.

The expectations are written here from the forms (tests/stats/oracle.py), never read from the
definitions: a wrong band, a column pointing at the wrong post group, a stats row not written
on save or a mask and-ed wrongly each changes some cell.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from app.stats.service import StatsService
from app.stats.tables import NOT_RECORDED, Table
from tests.stats import oracle as o
from tests.stats.conftest import StatsVault

Doc = dict[str, Any]
ON = date(2026, 1, 1)


def _between(day: Callable[[Doc], Any], low: tuple[int, ...], high: tuple[int, ...]) -> o.Pred:
    return lambda d: day(d) is not None and low <= day(d) <= high


def _gap(path: str) -> o.Pred:
    return lambda d: o.missing(d, path)


def _absent(path: str) -> o.Pred:
    return lambda d: o.val(d, path) is None


def in_service(d: Doc) -> bool:
    return o.val(d, "position.status") == "dang_cong_tac"


def check_counts(table: Table, docs: list[Doc], columns: dict[str, o.Pred], rows: dict[str, o.Pred]) -> int:
    """Compare every (row, column) the expectations name; returns how many cells were checked."""
    checked = 0
    for row_key, row_pred in rows.items():
        for col_key, col_pred in columns.items():
            expected = o.count(docs, row_pred, col_pred)
            assert table.cell(row_key, col_key) == expected, (row_key, col_key)
            checked += 1
    return checked


def run(stats_vault: StatsVault, name: str) -> Table:
    return StatsService(stats_vault.vault).run(name).table


def test_9a_btctw_every_cell(stats_vault: StatsVault) -> None:
    docs = [
        d
        for d in stats_vault.docs
        if in_service(d)
        and (
            o.val(d, "position.post_group") in o.PROVINCIAL
            or o.val(d, "position.committee") in ("bch", "btv", "thuong_truc")
        )
    ]
    table = run(stats_vault, "9a-btctw")
    assert table.population == len(docs) > 100
    pg = lambda *c: o.is_("position.post_group", *c)  # noqa: E731
    columns: dict[str, o.Pred] = {
        "total": lambda d: True,
        "bch": lambda d: o.committee("bch", "btv", "thuong_truc")(d) or pg("bch_tinh", "btv_tinh")(d),
        "btv": lambda d: o.committee("btv", "thuong_truc")(d) or pg("btv_tinh")(d),
        "bi_thu": pg("bi_thu"),
        "pho_bi_thu": pg("pho_bi_thu"),
        "hdnd_ct": pg("hdnd_ct"),
        "hdnd_pct": pg("hdnd_pct"),
        "ubnd_ct": pg("ubnd_ct"),
        "ubnd_pct": pg("ubnd_pct"),
        "dbqh_truong": pg("doan_dbqh_truong"),
        "dbqh_pho": pg("doan_dbqh_pho"),
        "ban_truong": pg("ban_dang_truong", "mttq_doan_the_truong"),
        "ban_pho": pg("ban_dang_pho", "mttq_doan_the_pho"),
        "so_truong": pg("giam_doc_so"),
        "so_pho": pg("pho_giam_doc_so"),
        "dvsn_truong": pg("dvsn_truong"),
        "dvsn_pho": pg("dvsn_pho"),
    }
    deg = lambda *c: o.is_("qualifications.highest_degree", *c)  # noqa: E731
    rows: dict[str, o.Pred] = {
        "total": lambda d: True,
        "women": o.is_("identity.sex", "nu"),
        "minority": o.minority,
        "age.0": o.age_in(None, 40, ON),
        "age.1": o.age_in(41, 50, ON),
        "age.2": o.age_in(51, None, ON),
        "cao_dang": deg("cao_dang"),
        "dai_hoc": deg("dai_hoc"),
        "tren_dai_hoc": deg("thac_si", "tien_si", "tien_si_khoa_hoc"),
        "pgs": o.is_("qualifications.academic_title", "pgs"),
        "gs": o.is_("qualifications.academic_title", "gs"),
        "llct_trung_cap": o.is_("qualifications.political_theory", "trung_cap"),
        "llct_cao_cap": o.is_("qualifications.political_theory", "cao_cap", "cu_nhan"),
    }
    assert check_counts(table, docs, columns, rows) == 17 * 13  # every counted cell of the form
    assert [r.key for r in table.rows if r.heading] == ["h_age", "h_degree", "h_title", "h_theory"]
    assert all(v is None for r, vs in zip(table.rows, table.values, strict=True) if r.heading for v in vs)


def test_bm02_bnv_every_cell(stats_vault: StatsVault) -> None:
    docs = [d for d in stats_vault.docs if in_service(d)]
    table = run(stats_vault, "bm02-bnv")
    assert table.population == len(docs)
    deg = lambda *c: o.is_("qualifications.highest_degree", *c)  # noqa: E731
    th = lambda *c: o.is_("qualifications.political_theory", *c)  # noqa: E731
    ql = lambda c: o.is_("qualifications.state_management", c)  # noqa: E731
    grade = lambda g: lambda d: o.GRADES.get(o.val(d, "salary.grade_code") or "") == g  # noqa: E731
    columns: dict[str, o.Pred] = {
        "total": lambda d: True,
        "dang_vien": lambda d: o.party(d, ON) != "khong",
        "nu": o.is_("identity.sex", "nu"),
        "dtts": o.minority,
        "ton_giao": o.religious,
        **{g: grade(g) for g in ("cvcc", "cvc", "cv", "can_su", "nhan_vien")},
        "ts": deg("tien_si", "tien_si_khoa_hoc"),
        "ths": deg("thac_si"),
        "dh": deg("dai_hoc"),
        "cd": deg("cao_dang"),
        "tc": deg("trung_cap"),
        "sc": deg("so_cap"),
        "cu_nhan": th("cu_nhan"),
        "cao_cap": th("cao_cap"),
        "trung_cap": th("trung_cap"),
        "so_cap": th("so_cap"),
        "tin_tc": lambda d: o.it_high(d) is True,
        "tin_cc": lambda d: o.it_high(d) is False,
        "anh_dh": lambda d: o.language(d, True) == "dh",
        "anh_cc": lambda d: o.language(d, True) == "cc",
        "nn_khac_dh": lambda d: o.language(d, False) == "dh",
        "nn_khac_cc": lambda d: o.language(d, False) == "cc",
        "tieng_dt": lambda d: o.val(d, "qualifications.ethnic_language") is not None,
        "ql_cvcc": ql("cvcc"),
        "ql_cvc": ql("cvc"),
        "ql_cv": ql("cv"),
        "tuoi_30": o.age_in(None, 30, ON),
        "tuoi_31_40": o.age_in(31, 40, ON),
        "tuoi_41_50": o.age_in(41, 50, ON),
        "tuoi_51_60": o.age_in(51, 60, ON),
        "nu_51_55": lambda d: o.is_("identity.sex", "nu")(d) and o.age_in(51, 55, ON)(d),
        "nam_56_60": lambda d: o.is_("identity.sex", "nam")(d) and o.age_in(56, 60, ON)(d),
        "qua_tuoi": lambda d: o.over_retirement(d, ON),
    }
    assert [c.key for c in table.columns] == list(columns)
    units = sorted({o.val(d, "position.employing_unit") for d in docs} - {None})
    rows: dict[str, o.Pred] = {"total": lambda d: True}
    for unit in units:
        rows[f"unit.{unit}"] = o.is_("position.employing_unit", unit)
    rows[f"unit.{NOT_RECORDED}"] = lambda d: o.val(d, "position.employing_unit") is None
    assert {r.key for r in table.rows} == set(rows)
    assert check_counts(table, docs, columns, rows) == len(columns) * len(rows)
    for key in ("tin_tc", "nn_khac_dh", "qua_tuoi"):
        assert table.cell("total", key), key


def test_3_btctw_every_cell_and_average_age(stats_vault: StatsVault) -> None:
    docs = [
        d
        for d in stats_vault.docs
        if o.party(d, ON) != "khong" and o.val(d, "position.status") in ("dang_cong_tac", "nghi_huu")
    ]
    table = run(stats_vault, "3-btctw")
    assert table.population == len(docs)
    deg = lambda *c: o.is_("qualifications.highest_degree", *c)  # noqa: E731
    joined = lambda d: o._day(o.val(d, "career.party_join_date"))  # noqa: E731
    bands = [(18, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55), (56, 60), (61, None)]
    eras = [
        ((0, 0, 0), (1945, 8, 18)),
        ((1945, 8, 19), (1954, 7, 20)),
        ((1954, 7, 21), (1975, 4, 30)),
        ((1975, 5, 1), (9999, 1, 1)),
    ]
    rows: dict[str, o.Pred] = {
        "total": lambda d: True,
        "women": o.is_("identity.sex", "nu"),
        "du_bi": lambda d: o.party(d, ON) == "du_bi",
        "minority": o.minority,
        "religious": o.religious,
        "working": o.is_("position.status", "dang_cong_tac"),
        "retired": o.is_("position.status", "nghi_huu"),
        **{f"age.{n}": o.age_in(lo, hi, ON) for n, (lo, hi) in enumerate(bands)},
        **{f"era.{n}": _between(joined, lo, hi) for n, (lo, hi) in enumerate(eras)},
        "so_cap": deg("so_cap"),
        "trung_cap": deg("trung_cap"),
        "cao_dang": deg("cao_dang"),
        "dai_hoc": deg("dai_hoc"),
        "thac_si": deg("thac_si"),
        "tien_si": deg("tien_si", "tien_si_khoa_hoc"),
        "pgs": o.is_("qualifications.academic_title", "pgs"),
        "gs": o.is_("qualifications.academic_title", "gs"),
        "llct_so_cap": o.is_("qualifications.political_theory", "so_cap"),
        "llct_trung_cap": o.is_("qualifications.political_theory", "trung_cap"),
        "llct_cao_cap": o.is_("qualifications.political_theory", "cao_cap", "cu_nhan"),
    }
    check_counts(table, docs, {"total": lambda d: True}, rows)
    for key in ("du_bi", "era.0", "era.2"):
        assert table.cell(key, "total"), key
    for key, pred in rows.items():  # the share column: the row's percentage of the total
        assert table.cell(key, "share") == round(o.count(docs, pred) * 100 / len(docs), 1)
    ages = [a for d in docs if (a := o.age(d, ON)) is not None]
    assert table.cell("avg_age", "total") == round(sum(ages) / len(ages), 1)


def test_completeness_every_cell(stats_vault: StatsVault) -> None:
    docs = [d for d in stats_vault.docs if in_service(d)]
    table = run(stats_vault, "completeness")
    tiers = ("tw", "btv_tinh", "btv_huyen", "khac")
    columns: dict[str, o.Pred] = {"total": lambda d: True}
    columns.update({f"tier_{t}": o.is_("position.management_tier", t) for t in tiers})
    rows: dict[str, o.Pred] = {
        "total": lambda d: True,
        "complete": lambda d: not any(o.missing(d, p) for p in o.REQUIRED),
        "incomplete": lambda d: any(o.missing(d, p) for p in o.REQUIRED),
        "stale": lambda d: False,  # every dossier was saved today
    }
    rows.update({"gap_" + p.replace(".", "_"): _gap(p) for p in o.REQUIRED})
    check_counts(table, docs, columns, rows)
    assert 0 < table.cell("incomplete", "total") < len(docs)  # type: ignore[operator]
    assert table.cell("gap_training", "total")
    assert table.cell("gap_identity_current_address", "total")


@pytest.mark.parametrize(
    ("row", "path"),
    [
        ("ethnicity", "identity.ethnicity"),
        ("religion", "identity.religion"),
        ("tier", "position.management_tier"),
        ("degree", "qualifications.highest_degree"),
        ("theory", "qualifications.political_theory"),
    ],
)
def test_structure_each_value_by_sex(stats_vault: StatsVault, row: str, path: str) -> None:
    docs = [d for d in stats_vault.docs if in_service(d)]
    table = run(stats_vault, "structure")
    values = {o.val(d, path) for d in docs}
    rows: dict[str, o.Pred] = {
        f"{row}.{v if v is not None else NOT_RECORDED}": o.is_(path, v) if v is not None else _absent(path)
        for v in values
    }
    assert {r.key for r in table.rows if r.group == row} == set(rows)
    sexes: dict[str, Callable[[Doc], bool]] = {
        "total": lambda d: True,
        "nam": o.is_("identity.sex", "nam"),
        "nu": o.is_("identity.sex", "nu"),
    }
    check_counts(table, docs, sexes, rows)


def test_structure_age_pyramid_matches_the_rows(stats_vault: StatsVault) -> None:
    report = StatsService(stats_vault.vault).run("structure")
    pyramid = next(s for s in report.charts() if s.kind == "pyramid")
    docs = [d for d in stats_vault.docs if in_service(d)]
    bands = [(None, 30), (31, 40), (41, 50), (51, 60), (61, None)]
    for (name, values), sex in zip(pyramid.series, ("nam", "nu"), strict=True):
        expected = [o.count(docs, o.is_("identity.sex", sex), o.age_in(lo, hi, ON)) for lo, hi in bands]
        assert list(values) == expected, name
