"""The three official résumé forms an extract follows: their titles, codes, issuing lines, and the
item numbers each dossier section prints under (for the scope line of the extract heading).

Texts from ``reference/forms/official-forms-text.txt`` and ``reference/domain-research.md`` §1.
The issuing instrument of Mẫu 2C/TCTW-98 was not found, so that form prints no issuing line.
Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Form:
    layout: str
    title: str  # the big title
    banner: str  # a line above everything (TT 06: "MẪU SƠ YẾU LÝ LỊCH"), or ""
    code: str  # the form code printed as "Mẫu …", or ""
    basis: str  # the issuing line after "Ban hành kèm theo", with {date}; or ""
    basis_date: tuple[int, int, int]  # day, month, year of the issuing instrument
    numbers: Mapping[str, str]  # section key → item numbers on this form ("" = not on the form)


TT06 = Form(
    "tt06",
    "SƠ YẾU LÝ LỊCH",
    "MẪU SƠ YẾU LÝ LỊCH",
    "",
    "Thông tư số 06/2023/TT-BNV ngày {date} của Bộ trưởng Bộ Nội vụ",
    (4, 5, 2023),
    MappingProxyType(
        {
            "identity": "2–12",
            "career": "13–18",
            "qualifications": "19–22",
            "position": "23–29",
            "salary": "30",
            "health": "31",
            "training": "32",
            "work_history": "33",
            "self_history": "34",
            "yearly_ratings": "35.1",
            "awards": "35",
            "discipline": "35.2",
            "family": "36",
            "foreign_relatives": "36",
            "salary_history": "37.1",
            "allowance_history": "37.2",
            "economy": "37.3",
            "assessment": "38",
        }
    ),
)

TCTW = Form(
    "2c-tctw",
    "SƠ YẾU LÝ LỊCH",
    "",
    "2C/TCTW-98",
    "",
    (0, 0, 0),
    MappingProxyType(
        {
            "identity": "2, 4–11, 25",
            "career": "12–16, 25",
            "position": "3, 18, 21",
            "qualifications": "17, 20",
            "salary": "3, 19",
            "health": "24",
            "awards": "22",
            "yearly_ratings": "22",
            "discipline": "23",
            "training": "26",
            "work_history": "27",
            "self_history": "28, 29",
            "foreign_relatives": "29",
            "family": "30",
            "salary_history": "31",
            "allowance_history": "31",
            "economy": "31",
            "assessment": "",
        }
    ),
)

BNV = Form(
    "2c-bnv",
    "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC",
    "",
    "2C-BNV/2008",
    "Quyết định số 02/2008/QĐ-BNV ngày {date} của Bộ trưởng Bộ Nội vụ",
    (6, 10, 2008),
    MappingProxyType(
        {
            "identity": "2–10, 25, 26",
            "career": "11, 16–18, 24",
            "position": "12, 13, 20",
            "salary": "14",
            "qualifications": "15, 19",
            "awards": "21",
            "discipline": "22",
            "health": "23",
            "training": "27",
            "work_history": "28",
            "self_history": "29",
            "foreign_relatives": "29",
            "family": "30",
            "salary_history": "31",
            "assessment": "32",
            "yearly_ratings": "",
            "allowance_history": "",
            "economy": "",
        }
    ),
)

FORMS: Mapping[str, Form] = MappingProxyType({f.layout: f for f in (TT06, TCTW, BNV)})
