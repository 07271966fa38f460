"""The PDF of a statistics report: real reports of a real vault, printed, read back with pdfium.

The vault holds 150 synthetic dossiers, 100 of them saved a year and a month before the other 50,
so that a comparison with the same period last year has figures on both sides.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from app.clock import ManualClock
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.stats import definitions
from app.stats.pdf_export import committee, to_pdf
from app.stats.pdf_table import figure
from app.stats.service import Report, StatsService
from app.vault.create import create_vault
from app.vault.session import Vault
from app.vault.unlock import unlock
from tests.conftest import PASSPHRASE, WEAK

SHIPPED = sorted(d.name for d in definitions.shipped())
DOSSIERS = list(generate(150, seed=7))


@pytest.fixture(scope="module")
def stats(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StatsService]:
    clock = ManualClock()
    path = tmp_path_factory.mktemp("stats") / "vault"
    create_vault(path, PASSPHRASE, kdf_params=WEAK, clock=clock)
    vault: Vault = unlock(path, PASSPHRASE, kdf_floor=WEAK, clock=clock)
    DossierService(vault).save_many(DOSSIERS[:100], source="test")
    clock.advance(400 * 86400)
    DossierService(vault).save_many(DOSSIERS[100:], source="test")
    yield StatsService(vault)
    vault.close_quietly()


def pages(pdf: bytes) -> list[str]:
    """The text of every page, whitespace collapsed."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [" ".join(doc[n].get_textpage().get_text_range().split()) for n in range(len(doc))]
    finally:
        doc.close()


def row_texts(report: Report, columns: int | None = None) -> list[str]:
    """Each figured row as printed: its label's last word, then its figures in order."""
    out = []
    for row, values in zip(report.table.rows, report.table.values, strict=True):
        if row.heading:
            continue
        shown = []
        for c, value in enumerate(values[:columns]):
            decimal = report.table.columns[c].measure == "share" or row.measure == "average_age"
            shown.append(figure(value, decimal, report.lang))
        out.append(" ".join([row.label.split()[-1], *(x for x in shown if x)]))
    return out


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_report_prints_its_form_figures_charts_and_footer(
    stats: StatsService, name: str
) -> None:
    report = stats.run(name, lang="vi")
    pdf = to_pdf(report, organisation="Thái Nguyên")
    assert pdf.startswith(b"%PDF-")
    text = pages(pdf)
    assert 2 <= len(text) <= 6
    whole = " ".join(text)
    definition = report.definition
    assert text[0].startswith("TỈNH ỦY THÁI NGUYÊN BAN TỔ CHỨC")
    assert " ".join(definition.title.upper().split()) in text[0]
    assert "Số liệu tính đến ngày 05/02/2027" in text[0]
    assert definition.form.partition(" (")[0] in text[0]
    assert "Đvt: " + definition.unit in text[0]
    assert f"phiên bản {definition.version}" in text[0]
    for n, page in enumerate(text, start=1):
        assert f"Trang {n}/{len(text)}" in page
    for word in (
        "NGƯỜI LẬP BIỂU",
        "TRƯỞNG BAN",
        "(Ký, đóng dấu, ghi rõ họ và tên)",
        "ngày … tháng … năm 20…",
    ):
        assert word in text[-1]
    numbers = " ".join(str(n) for n in range(1, len(report.table.columns) + 2))
    assert numbers in whole  # the row of column numbers: one part, every column
    for row in row_texts(report):
        assert row in whole, row
    assert report.table.values[0][0] == report.table.population > 0
    for chart in report.charts():
        assert chart.title in whole
    assert to_pdf(report, organisation="Thái Nguyên") == pdf  # deterministic


def test_a_long_table_repeats_its_header_on_every_page(stats: StatsService) -> None:
    report = stats.run("bm02-bnv", lang="vi")
    text = pages(to_pdf(report))
    labels = [r.label for r in report.table.rows[1:] if len(r.label) < 30]
    table_pages = [p for p in text if any(f" {label} " in p for label in labels)]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "Tiêu chí" in page
        assert "Đảng viên" in page
        assert " 36 37 38 " in page


def test_a_comparison_prints_three_figures_per_column_in_parts(stats: StatsService) -> None:
    report = stats.run("9a-btctw", compare=True, lang="vi")
    assert report.before is not None
    assert report.change is not None
    assert report.before.population > 0
    assert report.table.population > report.before.population
    pdf = to_pdf(report)
    text = pages(pdf)
    whole = " ".join(text)
    assert "So sánh với cùng kỳ năm trước (số liệu tính đến ngày 05/02/2026)" in text[0]
    for word in ("Kỳ này", "Cùng kỳ năm trước", "(%)", "Phần 1/2 của bảng"):
        assert word in whole
    total, earlier, change = report.table.values[0][0], report.before.values[0][0], report.change[0][0]
    assert change is not None
    printed = (
        f"TỔNG SỐ {figure(total, False, 'vi')} {figure(earlier, False, 'vi')} {figure(change, True, 'vi')}"
    )
    assert printed in whole
    assert "," in printed
    assert whole.count("TỔNG SỐ") >= 2  # the label column repeated in the second part
    assert to_pdf(report) == pdf


def test_the_widest_comparison_is_split_and_keeps_every_column(stats: StatsService) -> None:
    report = stats.run("bm02-bnv", compare=True, lang="vi")
    text = pages(to_pdf(report))
    whole = " ".join(text)
    parts = int(re.search(r"Phần 1/(\d+) của bảng", whole).group(1))  # type: ignore[union-attr]
    assert 3 <= parts <= 6
    assert len(text) <= 14
    spans = [(int(a), int(b)) for a, b in re.findall(r"của bảng: cột (\d+)–(\d+)", whole)]
    assert len(spans) == parts
    assert [n for a, b in spans for n in range(a, b + 1)] == list(range(2, 3 * 37 + 2))
    for a, b in spans:  # each part numbers its own columns after the repeated criterion column
        assert " 1 " + " ".join(str(n) for n in range(a, b + 1)) + " Tổng số " in whole
    assert all(doc_size == (842, 595) for doc_size in _sizes(to_pdf(report)))


def _sizes(pdf: bytes) -> list[tuple[int, int]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [tuple(round(x) for x in doc[n].get_size()) for n in range(len(doc))]
    finally:
        doc.close()


def test_english_labels(stats: StatsService) -> None:
    report = stats.run("structure", lang="en")
    text = pages(to_pdf(report))
    whole = " ".join(text)
    assert text[0].startswith("…… PROVINCIAL PARTY COMMITTEE ORGANISATION COMMISSION")
    assert "STRUCTURE OF THE CADRE CORPS" in text[0]
    assert "Figures as of 05/02/2027" in text[0]
    assert "Unit: persons" in text[0]
    assert "Criterion" in whole
    assert "PREPARED BY" in text[-1]
    assert "HEAD OF THE COMMISSION" in text[-1]
    assert f"Page 1/{len(text)}" in text[0]
    for row in row_texts(report):
        assert row in whole, row
    for vietnamese in ("NGƯỜI LẬP BIỂU", "Trang ", "Tiêu chí", "Số liệu tính đến"):
        assert vietnamese not in whole


def test_no_restricted_value_reaches_the_pdf(stats: StatsService) -> None:
    whole = " ".join(" ".join(pages(to_pdf(stats.run(name, lang="vi")))) for name in SHIPPED)
    secrets = [d["identity"][k] for d in DOSSIERS for k in ("personal_id", "phone", "social_insurance_no")]
    assert len(secrets) == 450
    assert [s for s in secrets if s in whole or s in whole.replace(" ", "")] == []


def test_an_officers_definition_with_markup_and_no_form_prints(stats: StatsService) -> None:
    raw = {
        "format": "hoso.report",
        "name": "thu",
        "version": "1",
        "effective": "2020-01-01",
        "title": "Nam & nữ <thử>",
        "columns": [{"key": "total", "label": "Tổng <số> & cộng"}],
        "rows": [
            {"key": "all", "label": "Tất cả & <mọi người>"},
            {"key": "nu", "label": "Nữ", "indent": 1, "where": {"dim": "sex", "in": ["nu"]}},
        ],
        "charts": [{"kind": "pie", "title": "Bánh & <rỗng>", "rows": "all"}],
    }
    report = stats.run(definitions.parse(json.dumps(raw), origin="test"), lang="vi")
    text = pages(to_pdf(report, organisation="Tỉnh ủy Bắc Kạn"))
    whole = " ".join(text)
    assert text[0].startswith("TỈNH ỦY BẮC KẠN BAN TỔ CHỨC")
    assert "NAM & NỮ <THỬ>" in whole
    assert "Tổng <số> & cộng" in whole
    assert "Bánh & <rỗng>" in whole
    women = sum(1 for d in DOSSIERS if d["identity"]["sex"] == "nu")
    assert f"Tất cả & <mọi người> 150 Nữ {women}" in whole


def test_an_empty_vault_prints_empty_charts(stats: StatsService, tmp_path: Path) -> None:
    clock = ManualClock()
    create_vault(tmp_path / "v", PASSPHRASE, kdf_params=WEAK, clock=clock)
    vault = unlock(tmp_path / "v", PASSPHRASE, kdf_floor=WEAK, clock=clock)
    try:
        report = StatsService(vault).run("structure", lang="vi")
        text = pages(to_pdf(report))
    finally:
        vault.close_quietly()
    whole = " ".join(text)
    assert report.table.population == 0
    assert "Tổng số 0 0 0" in whole
    assert whole.count("Không có số liệu") == len(report.charts()) == 5
    assert len(text) == 2  # a chart without figures takes little room


def test_committee_and_figures() -> None:
    assert committee("", "vi") == "TỈNH ỦY ……"
    assert committee("  Thái   Nguyên ", "vi") == "TỈNH ỦY THÁI NGUYÊN"
    assert committee("Đảng ủy Khối cơ quan", "vi") == "ĐẢNG ỦY KHỐI CƠ QUAN"
    assert committee("Thái Nguyên", "en") == "THÁI NGUYÊN PROVINCIAL PARTY COMMITTEE"
    assert [figure(1234, False, "vi"), figure(1234, False, "en")] == ["1.234", "1,234"]
    assert [figure(12.46, True, "vi"), figure(12.0, True, "en"), figure(None, True, "vi")] == [
        "12,5",
        "12.0",
        "",
    ]
    assert figure(7.0, False, "vi") == "7"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils via scripts/dev.py")
def test_pages_render(stats: StatsService, tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(to_pdf(stats.run("bm02-bnv", lang="vi")))
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == len(pages(pdf.read_bytes()))
