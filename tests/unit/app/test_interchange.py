"""The interchange file and the CSV layout on their own: limits, the depth guard, markers for
duplicate keys and unusable numbers, top-level checks, writing, and CSV cell conversion."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.dossier import csv_layout, interchange
from app.dossier.interchange import FileRejected


def doc(dossiers: list[Any], **top: Any) -> bytes:
    return json.dumps({"format": "hoso.dossier", "version": 1, "dossiers": dossiers, **top}).encode()


# -- the depth guard ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "deep"),
    [
        ("[]", False),
        ("[" * 12 + "]" * 12, False),
        ("[" * 13 + "]" * 13, True),
        ('{"a": ' * 12 + "1" + "}" * 12, False),
        ('{"a": ' * 13 + "1" + "}" * 13, True),
        ('["' + "[" * 50 + '"]', False),  # brackets in a string do not count
        ('["\\"' + "[" * 50 + '"]', False),  # nor after an escaped quote
        ('["\\\\"' + ", [" * 13 + "]" * 13 + "]", True),  # an escaped backslash ends no string
        ("[" * 100_000, True),  # unbalanced and deep
        ("]" * 1000 + "[" * 5, False),  # unbalanced and shallow: the parser refuses it
        ("[[],[[],[]],{}]" * 1000, False),
    ],
)
def test_depth_guard(text: str, deep: bool) -> None:
    assert interchange.too_deep(text.encode(), 12) is deep


def test_depth_guard_is_linear_on_wide_input() -> None:
    wide = b"[" + b"[],{}," * 2_000_000 + b"[]]"  # 12 MB, 8 million brackets
    assert interchange.too_deep(wide) is False


def test_deep_nesting_never_reaches_the_recursive_parser() -> None:
    text = "[" * 100_000 + "]" * 100_000
    with pytest.raises(FileRejected) as caught:
        interchange.loads(text, "f.json")
    assert caught.value.key == "import.json.too_deep"
    assert "12" in caught.value.message("en")


def test_too_many_values_is_refused_before_parsing() -> None:
    many = b"[" + b",".join([b"{}"] * (interchange.MAX_CONTAINERS + 1)) + b"]"
    with pytest.raises(FileRejected) as caught:
        interchange.loads(many.decode(), "f.json", raw=many)
    assert caught.value.key == "import.json.too_many_values"


# -- markers -----------------------------------------------------------------------------------
def test_duplicate_keys_are_found_with_their_path() -> None:
    value = interchange.loads('{"a": {"b": 1, "b": 2, "c": [{"d": 1, "d": 1}]}}', "f")
    found = list(interchange.hostile(value))
    assert found == [
        ("a", "import.json.duplicate_key", {"name": "b"}),
        ("a.c[1]", "import.json.duplicate_key", {"name": "d"}),
    ]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400"])
def test_non_finite_numbers_are_marked(literal: str) -> None:
    value = interchange.loads(f'{{"x": {literal}}}', "f")
    assert [(p, k) for p, k, _ in interchange.hostile(value)] == [("x", "import.json.non_finite")]


def test_huge_numbers_are_marked_not_converted() -> None:
    digits = "9" * 100_000  # int() would refuse this (int_max_str_digits) with a ValueError
    value = interchange.loads(f'{{"x": {digits}, "y": 0.{digits}}}', "f")
    keys = {p: k for p, k, _ in interchange.hostile(value)}
    assert keys == {"x": "import.json.number_too_long", "y": "import.json.number_too_long"}


def test_lone_surrogates_are_marked() -> None:
    value = interchange.loads('{"x": "a\\ud800b", "\\udc00": 1}', "f")
    assert {k for _, k, _ in interchange.hostile(value)} == {"import.json.surrogate"}


def test_shown_key_is_short_and_printable() -> None:
    assert interchange.shown_key("a\x1b[31m" + "x" * 100) == "a?[31m" + "x" * 34


# -- reading files -------------------------------------------------------------------------------
def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(interchange.MAX_FILE_BYTES + 1)  # sparse: nothing is really written
    with pytest.raises(FileRejected) as caught:
        interchange.read_limited(big)
    assert caught.value.key == "import.file.too_big"
    message = caught.value.message("en")
    assert "32 MiB" in message
    assert "split" in message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(interchange.NotFound):
        interchange.read_limited(tmp_path / "nope.json")
    with pytest.raises(FileRejected) as caught:
        interchange.read_limited(tmp_path)
    assert caught.value.key == "import.file.not_regular"


def test_invalid_utf8_names_the_offset_and_line() -> None:
    data = b'{"a":\n "b\xc3\x28"}'
    with pytest.raises(FileRejected) as caught:
        interchange.decode(data, "f.json")
    assert caught.value.params["offset"] == 9
    assert caught.value.params["line"] == 2
    assert "9" in caught.value.message("vi")


def test_bom_is_tolerated_and_utf16_is_named() -> None:
    dossiers, masked = interchange.parse(interchange.BOM + doc([{}]), "f.json")
    assert dossiers == [{}]
    assert masked is False
    with pytest.raises(FileRejected) as caught:
        interchange.decode(b"\xff\xfe{\x00", "f.json")
    assert caught.value.key == "import.file.utf16"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"[1, 2]", "import.json.not_object"),
        (b'{"format": "other", "version": 1, "dossiers": []}', "import.json.format"),
        (b'{"version": 1, "dossiers": []}', "import.json.format"),
        (b'{"format": "hoso.dossier", "version": 2, "dossiers": []}', "import.json.version"),
        (b'{"format": "hoso.dossier", "version": "1", "dossiers": []}', "import.json.version"),
        (b'{"format": "hoso.dossier", "version": true, "dossiers": []}', "import.json.version"),
        (b'{"format": "hoso.dossier", "version": 1, "dossiers": {}}', "import.json.dossiers"),
        (b'{"format": "hoso.dossier", "version": 1, "dossiers": [], "x": 1}', "import.json.unknown_top"),
        (
            b'{"format": "hoso.dossier", "version": 1, "dossiers": [], "masked": "no"}',
            "import.json.masked_flag",
        ),
        (
            b'{"format": "hoso.dossier", "version": 1, "dossiers": [], "dossiers": []}',
            "import.json.top_duplicate",
        ),
        (b'{"format": "hoso.dossier", "version": 1, "dossiers": [}', "import.json.syntax"),
        (b"", "import.json.syntax"),
    ],
)
def test_top_level_problems(data: bytes, key: str) -> None:
    with pytest.raises(FileRejected) as caught:
        interchange.parse(data, "f.json")
    assert caught.value.key == key
    for lang in ("vi", "en"):
        message = caught.value.message(lang)
        assert "f.json" in message
        assert "{" not in message.replace('{"format"', "")  # every placeholder filled


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(FileRejected) as caught:
        interchange.parse(b'{"format": "hoso.dossier",\n "version": 1,\n "dossiers": [,]}', "f.json")
    assert caught.value.params["line"] == 3
    assert caught.value.params["column"] == 15


def test_too_many_records() -> None:
    with pytest.raises(FileRejected) as caught:
        interchange.parse(doc([{}] * (interchange.MAX_RECORDS + 1)), "f.json")
    assert caught.value.key == "import.too_many_records"
    assert caught.value.params["count"] == 20_001


def test_dumps_reads_back() -> None:
    dossiers = [{"identity": {"full_name": "Nguyễn Văn An"}}, {"training": [{"kind": "tin_hoc"}]}]
    data = interchange.dumps(dossiers, masked=True, exported_at="2026-01-01T00:00:00Z", generator="HoSo")
    back, masked = interchange.parse(data, "x.json")
    assert back == dossiers
    assert masked is True
    assert data.count(b"\n") == 4  # header line, one line per dossier, closing line
    assert "Nguyễn".encode() in data  # not \\u-escaped
    empty = interchange.dumps([], masked=False, exported_at="", generator="HoSo")
    assert json.loads(empty)["dossiers"] == []


# -- CSV ----------------------------------------------------------------------------------------
def test_csv_headers_by_path_and_diacritics_insensitive_label() -> None:
    assert csv_layout.column_path("identity.full_name") == "identity.full_name"
    assert csv_layout.column_path("Họ và tên khai sinh") == "identity.full_name"
    assert csv_layout.column_path("  HO VA TEN KHAI SINH ") == "identity.full_name"
    assert csv_layout.column_path("Quá trình đào tạo, bồi dưỡng") == "training"
    assert csv_layout.column_path("Date of birth") == "identity.birth_date"
    assert csv_layout.column_path("tên") is None


def test_csv_cells_are_converted_by_kind() -> None:
    text = (
        "identity.full_name;Sinh ngày;Giới tính;identity.home_town;salary.coefficient;salary.step;"
        "Dân tộc;training;identity.other_names\r\n"
        "Nguyễn Văn An;02/03/1975;Nam;Phú Xuyên, Đại Từ, Thái Nguyên;4,68;3;Kinh;"
        '"[{""kind"": ""tin_hoc"", ""from"": ""2001""}]";=cmd|x\r\n'
    )
    table = csv_layout.parse(text, "f.csv")
    assert table.problems == []
    assert table.records == [
        {
            "identity": {
                "full_name": "Nguyễn Văn An",
                "birth_date": "1975-03-02",
                "sex": "nam",
                "home_town": {"commune": "Phú Xuyên", "district": "Đại Từ", "province": "Thái Nguyên"},
                "ethnicity": "kinh",
                "other_names": "=cmd|x",  # formula-looking text is imported as written
            },
            "salary": {"coefficient": 4.68, "step": 3},
            "training": [{"kind": "tin_hoc", "from": "2001"}],
        }
    ]
    assert "training" in table.paths


def test_csv_blank_rows_are_skipped_but_counted() -> None:
    table = csv_layout.parse("identity.full_name,identity.sex\n\nAn,nam\n,\n", "f.csv")
    assert table.records == [None, {"identity": {"full_name": "An", "sex": "nam"}}, None]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "import.csv.no_header"),
        ("identity.full_name,tên lạ\nAn,x\n", "import.csv.unknown_column"),
        ("identity.full_name,Họ và tên khai sinh\nAn,An\n", "import.csv.duplicate_column"),
        ("identity.full_name\nAn,extra\n", "import.csv.extra_cells"),
        ('identity.full_name\n"An\n', "import.csv.syntax"),
        ("identity.full_name,\nAn,x\n", "import.csv.no_column_name"),
    ],
)
def test_csv_file_problems(text: str, key: str) -> None:
    with pytest.raises(FileRejected) as caught:
        csv_layout.parse(text, "f.csv")
    assert caught.value.key == key
    assert "f.csv" in caught.value.message("vi")


def test_csv_row_limit() -> None:
    text = "identity.full_name\n" + "An\n" * (csv_layout.MAX_ROWS + 1)
    with pytest.raises(FileRejected) as caught:
        csv_layout.parse(text, "f.csv")
    assert caught.value.key == "import.csv.too_many_rows"
    assert len(csv_layout.parse("identity.full_name\n" + "An\n" * csv_layout.MAX_ROWS, "f").records) == 20_000


@pytest.mark.parametrize(
    ("header", "cell", "key"),
    [
        ("identity.full_name", "x" * (8 * 1024 + 1), "import.csv.cell_too_big"),
        ("identity.full_name", "ữ" * 3000, "import.csv.cell_too_big"),  # 9,000 bytes in 3,000 characters
        ("identity.personal_id", "1080012345", None),  # wrong, but left to validation
        ("identity.personal_id", "10800123456", "import.csv.pid_excel"),
        ("identity.personal_id", "1.08001E+11", "import.csv.pid_excel"),
        ("identity.home_town", "Đại Từ, Thái Nguyên", "import.csv.bad_place"),
        ("training", "[{", "import.csv.bad_json"),
        ("training", "[" * 20 + "]" * 20, "import.csv.too_deep"),
    ],
)
def test_csv_cell_problems(header: str, cell: str, key: str | None) -> None:
    table = csv_layout.parse(f'{header}\n"{cell}"\n', "f.csv")
    assert [(p.record, p.path, p.key) for p in table.problems] == ([(1, header, key)] if key else [])


def test_csv_delimiter_is_chosen_from_the_header() -> None:
    for sep in (",", ";", "\t"):
        text = f"{sep.join(['Họ và tên khai sinh', 'Sinh ngày'])}\nAn{sep}1975\n"
        assert csv_layout.parse(text, "f").records == [
            {"identity": {"full_name": "An", "birth_date": "1975"}}
        ]
