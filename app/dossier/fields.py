"""The dossier's fields, described once (spec/dossier.md §1–8).

Every section, field and repeating table, with its key, Vietnamese and English label, kind,
access class (N normal, R restricted) and catalog. Validation, storage, import/export, search,
the editor and the printed extracts all read this registry instead of repeating the form.
A dossier travels as a plain JSON-like ``dict`` shaped like the interchange format (§9).
Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache


class Kind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"  # partial ISO: YYYY, YYYY-MM or YYYY-MM-DD
    YEAR = "year"
    INT = "int"
    DECIMAL = "decimal"
    CATALOG = "catalog"
    PERSONAL_ID = "personal_id"  # 12 digits
    PLACE = "place"  # {"commune", "district", "province"}
    RECORD = "record"  # a fixed set of sub-fields (``columns``)
    TABLE = "table"  # a list of rows with ``columns``


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    label_en: str
    kind: Kind = Kind.TEXT
    access: str = "N"
    catalog: str | None = None
    required: bool = False
    max_len: int = 500
    columns: tuple[Field, ...] = ()

    @property
    def restricted(self) -> bool:
        return self.access == "R"

    def column(self, key: str) -> Field | None:
        return _columns_of(self).get(key)


_COLUMN_MAPS: dict[int, tuple[tuple[Field, ...], dict[str, Field]]] = {}


def _columns_of(spec: Field) -> dict[str, Field]:
    """The columns of a field by key, built once per columns tuple (validation asks millions of
    times during an import; a linear scan was a visible cost)."""
    entry = _COLUMN_MAPS.get(id(spec.columns))
    if entry is None or entry[0] is not spec.columns:
        entry = _COLUMN_MAPS[id(spec.columns)] = (spec.columns, {c.key: c for c in spec.columns})
    return entry[1]


@dataclass(frozen=True, slots=True)
class Section:
    """A top-level key of the interchange document: a group of fields, or one table/record."""

    key: str
    label: str
    label_en: str
    fields: tuple[Field, ...] = ()
    table: Field | None = None  # set when the section *is* a table, record or long text
    access: str = "N"
    number: str = ""  # the item number on the TT 06/2023 form, for extracts and the editor

    @property
    def restricted(self) -> bool:
        return self.access == "R"

    def field(self, key: str) -> Field | None:
        return _fields_by_key(self.key).get(key)


T, LT, D, Y, INT, DEC, C, RQ = (
    Kind.TEXT,
    Kind.LONG_TEXT,
    Kind.DATE,
    Kind.YEAR,
    Kind.INT,
    Kind.DECIMAL,
    Kind.CATALOG,
    True,
)


def f(
    key: str,
    label: str,
    label_en: str,
    kind: Kind = T,
    access: str = "N",
    catalog: str | None = None,
    required: bool = False,
    max_len: int = 500,
    columns: tuple[Field, ...] = (),
) -> Field:
    return Field(key, label, label_en, kind, access, catalog, required, max_len, columns)


FROM_TO = (f("from", "Từ", "From", D), f("to", "Đến", "To", D))
PLACE_COLUMNS = (
    f("commune", "Xã, phường", "Commune", max_len=200),
    f("district", "Huyện, quận", "District", max_len=200),
    f("province", "Tỉnh, thành phố", "Province", max_len=200),
)

IDENTITY = Section(
    "identity",
    "Thông tin cá nhân",
    "Identity",
    access="N",
    number="1–12",
    fields=(
        f(
            "personal_id",
            "Số định danh cá nhân (CCCD)",
            "Personal identification number",
            Kind.PERSONAL_ID,
            "R",
            required=RQ,
            max_len=12,
        ),
        f("staff_code", "Số hiệu cán bộ, công chức", "Staff number", max_len=50),
        f("full_name", "Họ và tên khai sinh", "Full name at birth", required=RQ, max_len=120),
        f("other_names", "Các tên gọi khác", "Other names", max_len=200),
        f("sex", "Giới tính", "Sex", C, catalog="sex", required=RQ),
        f("birth_date", "Sinh ngày", "Date of birth", D, required=RQ),
        f("birth_place", "Nơi sinh", "Place of birth", Kind.PLACE, columns=PLACE_COLUMNS),
        f("home_town", "Quê quán", "Home town", Kind.PLACE, columns=PLACE_COLUMNS),
        f("ethnicity", "Dân tộc", "Ethnicity", C, catalog="ethnicity"),
        f("religion", "Tôn giáo", "Religion", C, catalog="religion"),
        f("id_issue_date", "Ngày cấp CCCD", "ID issue date", D, "R"),
        f("id_issue_place", "Nơi cấp CCCD", "ID issue place", T, "R", max_len=200),
        f("phone", "Số điện thoại liên hệ", "Phone", T, "R", max_len=50),
        f("social_insurance_no", "Số sổ BHXH", "Social insurance no.", T, "R", max_len=50),
        f("health_insurance_no", "Số thẻ BHYT", "Health insurance no.", T, "R", max_len=50),
        f("permanent_address", "Nơi đăng ký thường trú", "Permanent residence", T, "R"),
        f("current_address", "Nơi ở hiện nay", "Current address", T, "R"),
        f("family_background", "Thành phần gia đình xuất thân", "Family background", max_len=200),
        f(
            "occupation_before_recruitment",
            "Nghề nghiệp trước khi được tuyển dụng",
            "Occupation before recruitment",
            max_len=200,
        ),
    ),
)

CAREER = Section(
    "career",
    "Tuyển dụng, Đảng, đoàn thể, quân ngũ",
    "Career and memberships",
    number="13–18",
    fields=(
        f("recruitment_date", "Ngày được tuyển dụng lần đầu", "First recruited on", D),
        f("recruiting_agency", "Cơ quan tuyển dụng", "Recruiting agency"),
        f("current_agency_date", "Ngày vào cơ quan hiện đang công tác", "Joined current agency on", D),
        f("revolution_date", "Ngày tham gia cách mạng", "Joined the revolution on", D),
        f("party_join_date", "Ngày vào Đảng Cộng sản Việt Nam", "Joined the Party on", D),
        f("party_official_date", "Ngày chính thức", "Full Party member since", D),
        f(
            "mass_org_date",
            "Ngày tham gia tổ chức chính trị - xã hội đầu tiên",
            "Joined first socio-political organisation on",
            D,
        ),
        f(
            "mass_org_name",
            "Tên tổ chức chính trị - xã hội đầu tiên",
            "First socio-political organisation",
            max_len=200,
        ),
        f("army_enlist_date", "Ngày nhập ngũ", "Enlisted on", D),
        f("army_discharge_date", "Ngày xuất ngũ", "Discharged on", D),
        f("army_highest_rank", "Quân hàm cao nhất", "Highest military rank", max_len=100),
        f("policy_group", "Đối tượng chính sách", "Policy group", max_len=200),
    ),
)

POSITION = Section(
    "position",
    "Chức vụ, quản lý",
    "Position and management",
    number="23–29",
    fields=(
        f("managing_body", "Cơ quan quản lý", "Managing body"),
        f("employing_unit", "Cơ quan, đơn vị sử dụng", "Employing unit"),
        f("management_tier", "Diện quản lý", "Management tier", C, catalog="management_tier"),
        f("committee", "Cấp ủy hiện tại", "Current Party committee", C, catalog="committee"),
        f("committee_level", "Cấp ủy hiện tại (cấp)", "Current committee level", max_len=200),
        f("committee_concurrent", "Cấp ủy kiêm", "Concurrent committee", C, catalog="committee"),
        f("committee_concurrent_level", "Cấp ủy kiêm (cấp)", "Concurrent committee level", max_len=200),
        f("current_post", "Chức vụ hiện tại", "Current post"),
        f("post_group", "Nhóm chức danh (thống kê)", "Post group (statistics)", C, catalog="post_group"),
        f("appointed_on", "Ngày bổ nhiệm / phê chuẩn", "Appointed on", D),
        f("reappointed_on", "Ngày bổ nhiệm lại / phê chuẩn nhiệm kỳ tiếp theo", "Reappointed on", D),
        f("concurrent_posts", "Chức vụ kiêm nhiệm", "Concurrent posts"),
        f("party_post", "Chức vụ Đảng hiện tại", "Current Party post"),
        f("party_post_concurrent", "Chức vụ Đảng kiêm nhiệm", "Concurrent Party post"),
        f(
            "planned_posts",
            "Được quy hoạch chức danh",
            "Planned for posts",
            Kind.TABLE,
            columns=(f("post", "Chức danh", "Post"), f("term", "Nhiệm kỳ", "Term", max_len=50)),
        ),
        f("main_duties", "Công việc chính được giao", "Main duties", LT, max_len=2000),
        f("strengths", "Sở trường công tác", "Strengths", max_len=1000),
        f("longest_job", "Công việc làm lâu nhất", "Longest-held job", max_len=1000),
        f("status", "Tình trạng", "Status", C, catalog="status"),
        f("status_date", "Ngày chuyển tình trạng", "Status since", D),
    ),
)

QUALIFICATIONS = Section(
    "qualifications",
    "Trình độ",
    "Qualifications",
    number="19–22",
    fields=(
        f("general_education", "Giáo dục phổ thông", "General education", max_len=50),
        f("highest_degree", "Trình độ chuyên môn cao nhất", "Highest degree", C, catalog="degree"),
        f("highest_degree_major", "Chuyên ngành", "Major", max_len=200),
        f("academic_title", "Học hàm", "Academic title", C, catalog="academic_title"),
        f("political_theory", "Lý luận chính trị", "Political theory", C, catalog="political_theory"),
        f("state_management", "Quản lý nhà nước", "State management", C, catalog="state_management"),
        f(
            "foreign_languages",
            "Ngoại ngữ",
            "Foreign languages",
            Kind.TABLE,
            columns=(
                f("language", "Ngoại ngữ", "Language", max_len=100),
                f("level", "Trình độ", "Level", max_len=100),
            ),
        ),
        f("it_level", "Tin học", "IT", max_len=200),
        f("ethnic_language", "Tiếng dân tộc", "Ethnic language", max_len=200),
        f("state_honours", "Danh hiệu nhà nước phong tặng", "State honours"),
    ),
)

SALARY = Section(
    "salary",
    "Tiền lương",
    "Salary",
    number="30",
    fields=(
        f("grade_title", "Ngạch / chức danh nghề nghiệp", "Grade / professional title", max_len=200),
        f("grade_code", "Mã số", "Grade code", max_len=50),
        f("grade_appointed_on", "Ngày bổ nhiệm ngạch", "Grade appointed on", D),
        f("step", "Bậc lương", "Step", INT),
        f("coefficient", "Hệ số", "Coefficient", DEC),
        f("since", "Ngày hưởng", "Since", D),
        f("percent", "Phần trăm hưởng (%)", "Percent", DEC),
        f("seniority_extra_pct", "Phụ cấp thâm niên vượt khung (%)", "Seniority extra (%)", DEC),
        f("seniority_extra_since", "Ngày hưởng PCTNVK", "Seniority extra since", D),
        f(
            "allowances",
            "Phụ cấp",
            "Allowances",
            Kind.RECORD,
            columns=(
                f("position", "Phụ cấp chức vụ", "Position", DEC),
                f("concurrent", "Phụ cấp kiêm nhiệm", "Concurrent", DEC),
                f("other", "Phụ cấp khác", "Other", DEC),
            ),
        ),
        f("job_position", "Vị trí việc làm", "Job position", max_len=200),
        f("job_position_code", "Mã số vị trí việc làm", "Job position code", max_len=50),
        f("salary_amount", "Lương theo mức tiền (VNĐ)", "Salary amount (VND)", INT),
    ),
)

HEALTH = Section(
    "health",
    "Sức khỏe",
    "Health",
    access="R",
    number="31",
    fields=(
        f("status", "Tình trạng sức khỏe", "Health status", T, "R", max_len=200),
        f("height_cm", "Chiều cao (cm)", "Height (cm)", INT, "R"),
        f("weight_kg", "Cân nặng (kg)", "Weight (kg)", DEC, "R"),
        f("blood_type", "Nhóm máu", "Blood type", C, "R", catalog="blood_type"),
    ),
)


def table(
    key: str,
    label: str,
    label_en: str,
    columns: tuple[Field, ...],
    access: str = "N",
    number: str = "",
    kind: Kind = Kind.TABLE,
    max_len: int = 500,
) -> Section:
    spec = Field(key, label, label_en, kind, access, None, False, max_len, columns)
    return Section(key, label, label_en, table=spec, access=access, number=number)


TABLES = (
    table(
        "training",
        "Quá trình đào tạo, bồi dưỡng",
        "Training",
        (
            f("kind", "Loại", "Kind", C, catalog="training_kind", required=RQ),
            *FROM_TO,
            f("institution", "Tên cơ sở đào tạo", "Institution"),
            f("major", "Chuyên ngành", "Major"),
            f("mode", "Hình thức", "Mode", max_len=100),
            f("credential", "Văn bằng, chứng chỉ", "Credential"),
            f("language", "Ngoại ngữ / tiếng dân tộc", "Language", max_len=100),
            f("score", "Điểm số", "Score", max_len=50),
        ),
        number="32",
    ),
    table(
        "work_history",
        "Tóm tắt quá trình công tác",
        "Work history",
        (*FROM_TO, f("unit", "Đơn vị công tác", "Unit"), f("title", "Chức danh, chức vụ", "Title")),
        number="33",
    ),
    table(
        "self_history",
        "Đặc điểm lịch sử bản thân",
        "Personal history",
        (
            f("arrests", "Bị bắt, bị tù", "Arrests, imprisonment", LT, "R", max_len=4000),
            f(
                "old_regime",
                "Làm việc cho chế độ cũ",
                "Worked for the old regime",
                Kind.TABLE,
                "R",
                columns=(
                    *FROM_TO,
                    f("detail", "Chức danh, chức vụ, đơn vị, địa điểm", "Detail", max_len=1000),
                ),
            ),
            f(
                "foreign_orgs",
                "Quan hệ với tổ chức ở nước ngoài",
                "Foreign organisations",
                Kind.TABLE,
                "R",
                columns=(*FROM_TO, f("detail", "Tên tổ chức, trụ sở, công việc", "Detail", max_len=1000)),
            ),
        ),
        access="R",
        number="34",
        kind=Kind.RECORD,
    ),
    table(
        "foreign_relatives",
        "Thân nhân ở nước ngoài",
        "Relatives abroad",
        (),
        access="R",
        kind=LT,
        max_len=4000,
    ),
    table(
        "family",
        "Quan hệ gia đình",
        "Family",
        (
            f("side", "Bên", "Side", C, "R", catalog="family_side", required=RQ),
            f("relation", "Mối quan hệ", "Relation", T, "R", required=RQ, max_len=50),
            f("full_name", "Họ và tên", "Full name", T, "R", max_len=120),
            f("birth_year", "Năm sinh", "Year of birth", Y, "R"),
            f("details", "Quê quán, nghề nghiệp, chức vụ, nơi ở…", "Details", LT, "R", max_len=2000),
        ),
        access="R",
        number="36",
    ),
    table(
        "yearly_ratings",
        "Xếp loại, khen thưởng theo năm",
        "Yearly ratings",
        (
            f("year", "Năm", "Year", Y, required=RQ),
            f("professional_rating", "Xếp loại chuyên môn", "Professional rating", max_len=100),
            f("emulation_rating", "Xếp loại thi đua", "Emulation rating", max_len=100),
            f("award", "Hình thức khen thưởng", "Award"),
        ),
        number="35.1",
    ),
    table(
        "awards",
        "Khen thưởng",
        "Awards",
        (
            f("year", "Năm", "Year", Y),
            f("form", "Hình thức", "Form"),
            f("deciding_body", "Cơ quan quyết định", "Deciding body"),
        ),
        number="35",
    ),
    table(
        "discipline",
        "Kỷ luật",
        "Discipline",
        (
            f("from", "Từ", "From", D, "R"),
            f("to", "Đến", "To", D, "R"),
            f("form", "Hình thức", "Form", T, "R"),
            f("violation", "Hành vi vi phạm chính", "Violation", LT, "R", max_len=2000),
            f("deciding_body", "Cơ quan quyết định", "Deciding body", T, "R"),
        ),
        access="R",
        number="35.2",
    ),
    table(
        "salary_history",
        "Diễn biến quá trình lương",
        "Salary history",
        (
            *FROM_TO,
            f("grade_code", "Mã số", "Grade code", max_len=50),
            f("step", "Bậc", "Step", INT),
            f("coefficient", "Hệ số", "Coefficient", DEC),
            f("amount", "Lương theo vị trí việc làm", "Amount", INT),
        ),
        number="37.1",
    ),
    table(
        "allowance_history",
        "Các loại phụ cấp khác",
        "Allowance history",
        (
            *FROM_TO,
            f("kind", "Loại phụ cấp", "Kind"),
            f("percent", "Phần trăm hưởng", "Percent", DEC),
            f("coefficient", "Hệ số", "Coefficient", DEC),
            f("mode", "Hình thức hưởng", "Mode", max_len=100),
            f("amount", "Giá trị (đồng)", "Amount (VND)", INT),
        ),
        number="37.2",
    ),
    table(
        "economy",
        "Hoàn cảnh kinh tế gia đình",
        "Economic situation",
        (
            f("salary_income", "Tiền lương", "Salary income", INT, "R"),
            f("other_income", "Các nguồn khác", "Other income", INT, "R"),
            f(
                "housing",
                "Nhà ở",
                "Housing",
                Kind.TABLE,
                "R",
                columns=(
                    f("acquisition", "Được cấp, thuê / tự mua, tự xây", "Acquisition", max_len=100),
                    f("house_type", "Loại nhà", "House type", max_len=100),
                    f("area_m2", "Diện tích (m²)", "Area (m²)", DEC),
                    f("certificate", "Giấy chứng nhận quyền sở hữu", "Certificate", max_len=200),
                ),
            ),
            f(
                "land",
                "Đất ở, đất sản xuất kinh doanh",
                "Land",
                Kind.TABLE,
                "R",
                columns=(
                    f("acquisition", "Được cấp / tự mua", "Acquisition", max_len=100),
                    f("purpose", "Loại đất", "Purpose", max_len=100),
                    f("area_m2", "Diện tích (m²)", "Area (m²)", DEC),
                    f("certificate", "Giấy chứng nhận quyền sử dụng", "Certificate", max_len=200),
                ),
            ),
        ),
        access="R",
        number="37.3",
        kind=Kind.RECORD,
    ),
    table(
        "assessment",
        "Nhận xét, đánh giá của cơ quan, đơn vị sử dụng",
        "Assessment",
        (
            f("date", "Ngày", "Date", D, "R"),
            f("author", "Người, cơ quan nhận xét", "Author", T, "R"),
            f("text", "Nội dung", "Text", LT, "R", max_len=8000),
        ),
        access="R",
        number="38",
    ),
)

SECTIONS: tuple[Section, ...] = (IDENTITY, CAREER, POSITION, QUALIFICATIONS, SALARY, HEALTH, *TABLES)
SECTION_KEYS = tuple(s.key for s in SECTIONS)
MAX_TABLE_ROWS = 500


@cache
def _fields_by_key(section_key: str) -> dict[str, Field]:
    return {f.key: f for f in section(section_key).fields}


@cache
def section(key: str) -> Section:
    for s in SECTIONS:
        if s.key == key:
            return s
    raise KeyError(key)


@cache
def field_at(path: str) -> Field:
    """The field named by ``section.key`` (or the table/record spec named by a section key)."""
    head, _, rest = path.partition(".")
    sec = section(head)
    if not rest:
        if sec.table is None:
            raise KeyError(path)
        return sec.table
    found = sec.field(rest)
    if found is None:
        raise KeyError(path)
    return found


def paths() -> list[str]:
    """Every storable path: ``section.field`` for sections of fields, ``section`` for tables."""
    out: list[str] = []
    for s in SECTIONS:
        if s.table is not None:
            out.append(s.key)
        else:
            out.extend(f"{s.key}.{x.key}" for x in s.fields)
    return out


def is_restricted(path: str) -> bool:
    """Whether ``path`` (a field, a table, or a column/sub-table of one) holds restricted values."""
    head, _, rest = path.partition(".")
    sec = section(head)
    if sec.restricted:
        return True
    if sec.table is not None and rest:
        column = sec.table.column(rest.split(".", 1)[0])
        if column is None:
            raise KeyError(path)
        return column.restricted
    return field_at(path).restricted


@dataclass(frozen=True, slots=True)
class Policy:
    """The officer's field policy: paths "not recorded in software" (the paper dossier keeps them)."""

    not_kept: frozenset[str] = field(default_factory=frozenset)

    def kept(self, path: str) -> bool:
        return path not in self.not_kept and path.split(".", 1)[0] not in self.not_kept
