"""Importing a file of dossiers: read, validate every record, then save all or nothing.

Two steps, so that a bad file never needs the vault:

1. :func:`prepare` reads the file (interchange JSON or CSV) under the limits of
   :mod:`app.dossier.interchange` and validates each record on its own. Any problem of the file
   as a whole, and any invalid record, rejects the file: the :class:`Plan` then holds the
   problems, each naming the record (1-based index and full name) and the field.
2. :func:`apply` does what needs the vault: the field policy ("not recorded in software"), which
   personal ids already exist (an update, never a duplicate), for a CSV the merge of its columns
   into an existing dossier, and the final validation of every resulting document. Only when
   every record passes are they saved, in one transaction, by
   :meth:`~app.dossier.service.DossierService.save_many` (which records history with source
   ``import:<file name>`` and the basis, and audits the import). ``dry_run`` stops short of that.

Messages never carry a restricted value: problems at restricted fields have their value
parameters masked, and no personal id is ever echoed. Must not import Qt.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import i18n
from app.dossier import csv_layout, document, fields, interchange, sealing, structure
from app.dossier.document import MASK, Doc
from app.dossier.fields import Field, Policy, Section
from app.dossier.service import DossierService
from app.dossier.structure import Problem
from app.dossier.validate import validate
from app.errors import HosoError, InvalidInput
from app.vault.session import Vault

#: Problems kept for the report; the rest are only counted (a hostile file can hold millions).
MAX_REPORTED = 1000
MAX_BASIS_CHARS = 500
PROGRESS_EVERY = 100

Progress = Callable[[str, int, int], None]  # (phase: "validate" | "check" | "save", done, total)
Cancelled = Callable[[], bool]
Validator = Callable[[Doc, Policy], tuple[Doc, list[Problem], list[Problem]]]

_VALUE_PARAMS = ("value", "code")
_MASK_BYTES = MASK.encode("utf-8")
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_SEGMENT = re.compile(r"([^.\[\]]+)(?:\[(\d+)\])?")


def clean(text: str) -> str:
    """``text`` safe to print: no control, bidi-override or surrogate characters."""
    return _UNSAFE.sub("?", text)


# -- problems ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Issue:
    """One problem (or warning) of an import: the record (None for the file as a whole), the
    field path within it, and the problem itself (a ``structure.Problem`` or a rule's finding,
    which renders its own message)."""

    record: int | None
    full_name: str | None
    problem: Problem

    @property
    def path(self) -> str:
        return self.problem.path

    @property
    def key(self) -> str:
        return self.problem.key

    @property
    def severity(self) -> str:
        return self.problem.severity

    def message(self, lang: str | None = None) -> str:
        return clean(self.problem.message(lang))

    def line(self, file: str, lang: str | None = None) -> str:
        """One sentence naming the file, the record and the field."""
        message = self.message(lang)
        if self.record is None:
            if not self.path:
                return message
            return i18n.t(
                "import.line.file_field", lang=lang, file=file, field=self._field(lang), message=message
            )
        name = self.full_name or i18n.t("import.no_name", lang=lang)
        if not self.path:
            return i18n.t(
                "import.line.record_only",
                lang=lang,
                file=file,
                record=self.record,
                full_name=name,
                message=message,
            )
        return i18n.t(
            "import.line.record",
            lang=lang,
            file=file,
            record=self.record,
            full_name=name,
            field=self._field(lang),
            message=message,
        )

    def _field(self, lang: str | None) -> str:
        label = describe(self.path, lang)
        return f"{self.path} ({label})" if label else self.path

    def as_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "record": self.record,
            "full_name": self.full_name,
            "path": self.path,
            "message": self.message(lang),
        }


class Issues:
    """Problems as they are found: the first :data:`MAX_REPORTED` kept, all counted."""

    def __init__(self, items: Iterable[Issue] = ()) -> None:
        self.items: list[Issue] = []
        self.total = 0
        for item in items:
            self.add(item)

    def add(self, issue: Issue) -> None:
        self.total += 1
        if len(self.items) < MAX_REPORTED:
            self.items.append(issue)

    def __bool__(self) -> bool:
        return self.total > 0


def _restricted(path: str) -> bool:
    """Whether the field at ``path`` (``family[2].full_name``, ``identity.phone`` …) is class R."""
    parts = [_SEGMENT.fullmatch(p) for p in path.split(".")]
    if not parts or parts[0] is None:
        return False
    try:
        sec = fields.section(parts[0][1])
    except KeyError:
        return False
    if sec.restricted:
        return True
    spec: Field | None = sec.table
    rest = parts[1:]
    if spec is None:
        if not rest or rest[0] is None:
            return False
        spec = sec.field(rest[0][1])
        rest = rest[1:]
    while spec is not None:
        if spec.restricted:
            return True
        if not rest or rest[0] is None:
            return False
        spec = spec.column(rest[0][1])
        rest = rest[1:]
    return False


def _issue(record: int | None, name: str | None, problem: Problem, severity: str | None = None) -> Issue:
    """``problem`` for the report: its path made printable, and its value parameters masked
    when the field is restricted (a message never quotes a restricted value)."""
    changes: dict[str, Any] = {}
    if any(p in problem.params for p in _VALUE_PARAMS) and _restricted(problem.path):
        changes["params"] = {k: MASK if k in _VALUE_PARAMS else v for k, v in problem.params.items()}
    if _UNSAFE.search(problem.path):
        changes["path"] = clean(problem.path)
    if severity is not None and severity != problem.severity:
        changes["severity"] = severity
    return Issue(record, name, dataclasses.replace(problem, **changes) if changes else problem)


def printable(problem: Problem) -> Problem:
    """``problem`` as it may be shown: value parameters masked when the field is restricted."""
    return _issue(None, None, problem).problem


def _new(
    record: int | None,
    name: str | None,
    path: str,
    key: str,
    params: Mapping[str, Any] | None = None,
    severity: str = "error",
) -> Issue:
    return _issue(record, name, Problem(path, key, dict(params or {}), severity))


def describe(path: str, lang: str | None = None) -> str:
    """The form's labels for a field path: ``training[2].from`` → "Quá trình đào tạo… › dòng 2 › Từ"."""
    vi = (lang or i18n.language()) == "vi"
    labels: list[str] = []

    def label(item: Field | Section, row: str | None) -> None:
        text = item.label if vi else item.label_en
        labels.append(text + (" " + i18n.t("import.row_n", lang=lang, n=row) if row else ""))

    parts = [_SEGMENT.fullmatch(p) for p in path.split(".")] if path else []
    if not parts or parts[0] is None:
        return ""
    try:
        sec = fields.section(parts[0][1])
    except KeyError:
        return ""
    rest = parts[1:]
    spec: Field | None
    if sec.table is None:
        if not rest or rest[0] is None:
            label(sec, None)
            return " › ".join(labels)
        spec = sec.field(rest[0][1])
        if spec is None:
            return ""
        label(spec, rest[0][2])
        rest = rest[1:]
    else:
        spec = sec.table
        label(sec, parts[0][2])
    for part in rest:
        column = spec.column(part[1]) if part is not None else None
        if column is None or part is None:
            break
        label(column, part[2])
        spec = column
    return " › ".join(labels)


# -- validation ----------------------------------------------------------------------------------
def _structural(doc: Doc, policy: Policy) -> tuple[Doc, list[Problem], list[Problem]]:
    normalised, problems = structure.check(doc, policy)
    return (
        normalised,
        [p for p in problems if p.severity == "error"],
        [p for p in problems if p.severity != "error"],
    )


def _validate(doc: Doc, policy: Policy) -> tuple[Doc, list[Problem], list[Problem]]:
    """Structure and semantic rules (``validate.validate``): (normalised, errors, warnings)."""
    result = validate(doc, policy)
    return result.document, result.errors, result.warnings


def _full_name(raw: Any) -> str | None:
    ident = raw.get("identity") if isinstance(raw, dict) else None
    name = ident.get("full_name") if isinstance(ident, dict) else None
    if not isinstance(name, str):
        return None
    text = clean(" ".join(name[:200].split()))[:120]
    return text or None


def _pid(doc: Doc | None) -> str | None:
    value = document.get(doc, "identity.personal_id") if doc else None
    return value if isinstance(value, str) else None


# -- step 1: the file on its own -----------------------------------------------------------------
@dataclass
class Plan:
    """A file read and validated on its own, ready for :func:`apply` when :attr:`ok`."""

    file: str  # the file's name, as shown in messages and recorded as the source
    kind: str  # "json" or "csv"
    documents: list[Doc | None]  # normalised, by record (None: a blank CSV row or an invalid record)
    names: list[str | None]
    supplied: tuple[str, ...] | None  # CSV: the fields its columns give; None: whole dossiers
    errors: Issues
    warnings: Issues
    policy: Policy = field(default_factory=Policy)  # the policy the records were validated under

    @property
    def final(self) -> bool:
        """Whether the documents were fully validated (structure and rules) as they will be
        saved, so that ``apply`` under the same policy need not validate them again."""
        return self.kind == "json"

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def source(self) -> str:
        return f"import:{self.file}"

    @property
    def records(self) -> int:
        return sum(1 for d in self.documents if d is not None)


def detect(path: Path, data: bytes) -> str:
    """The layout of a file, ``json`` or ``csv``: by extension, else by its first character."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    head = data[:256].removeprefix(interchange.BOM).lstrip()
    return "json" if head.startswith(b"{") else "csv"


def _rejected(file: str, kind: str, issue: Issue) -> Plan:
    return Plan(file, kind, [], [], None, Issues([issue]), Issues())


def prepare(
    path: Path,
    *,
    policy: Policy | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Plan:
    """Read and validate ``path`` on its own (no vault needed). Never raises for the file's content."""
    file = clean(path.name)
    kind = "json"
    try:
        data = interchange.read_limited(path)
        kind = detect(path, data)
        supplied: tuple[str, ...] | None = None
        cell_problems: list[csv_layout.CellProblem] = []
        records: list[Any]
        masked = _MASK_BYTES in data  # then look for masked values record by record
        if kind == "json":
            records, flagged = interchange.parse(data, file)
            masked = masked or flagged
            del data
        else:
            text = interchange.decode(data, file)
            del data
            table = csv_layout.parse(text, file)
            del text
            records, supplied, cell_problems = table.records, table.paths, table.problems
            del table
    except HosoError as exc:
        return _rejected(file, kind, _new(None, None, "", exc.key, exc.params))
    if not any(r is not None for r in records):
        return _rejected(file, kind, _new(None, None, "", "import.empty", {"file": file}))
    by_record: dict[int, list[csv_layout.CellProblem]] = {}
    for cell in cell_problems:
        by_record.setdefault(cell.record, []).append(cell)
    check: Validator = _validate if kind == "json" else _structural
    chosen = policy or Policy()
    errors, warnings = Issues(), Issues()
    if masked:
        errors.add(_new(None, None, "", "import.masked_file", {"file": file}))
    documents: list[Doc | None] = []
    names: list[str | None] = []
    total = len(records)
    for n, raw in enumerate(records, 1):
        if n % PROGRESS_EVERY == 1:
            if cancelled is not None and cancelled():
                raise InvalidInput("import.cancelled", file=file)
            if progress is not None:
                progress("validate", n - 1, total)
        if raw is None and kind == "csv":  # a blank row
            documents.append(None)
            names.append(None)
            continue
        name = _full_name(raw)
        names.append(name)
        before = errors.total
        seen: set[str] = set()
        if masked and isinstance(raw, dict):
            for where in document.contains_mask(raw):
                errors.add(_new(n, name, where, "dossier.bad.masked"))
                seen.add(where)
        for where, key, params in interchange.hostile(raw):
            errors.add(_new(n, name, where, key, params))
            seen.add(where)
        for cell in by_record.get(n, ()):
            errors.add(_new(n, name, cell.path, cell.key, cell.params))
            seen.add(cell.path)
        normalised, problems, found = check(raw, chosen)
        records[n - 1] = raw = None  # the parsed record is no longer needed: free it as we go
        for problem in problems:
            if problem.path in seen:
                continue  # one problem per field: the first says it
            if supplied is not None and problem.key == "dossier.bad.required" and "[" not in problem.path:
                continue  # a CSV row may update an existing dossier that has it: decided in apply
            errors.add(_issue(n, name, problem))
            seen.add(problem.path)
        for problem in found:
            warnings.add(_issue(n, name, problem, "warning"))
        documents.append(None if errors.total > before else normalised)
    _duplicates(documents, names, errors)
    if progress is not None:
        progress("validate", total, total)
    return Plan(file, kind, documents, names, supplied, errors, warnings, chosen)


def _duplicates(documents: list[Doc | None], names: list[str | None], errors: Issues) -> None:
    first: dict[str, int] = {}
    for n, doc in enumerate(documents, 1):
        pid = _pid(doc)
        if pid is None:
            continue
        if pid in first:
            other = first[pid]
            errors.add(
                _new(
                    n,
                    names[n - 1],
                    "identity.personal_id",
                    "import.duplicate_pid",
                    {"other": other, "other_name": names[other - 1] or i18n.t("import.no_name")},
                )
            )
        else:
            first[pid] = n


# -- step 2: against the vault -------------------------------------------------------------------
@dataclass
class Report:
    file: str
    dry_run: bool
    records: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ids: list[int] = field(default_factory=list)
    errors: Issues = field(default_factory=Issues)
    warnings: Issues = field(default_factory=Issues)

    @property
    def rejected(self) -> bool:
        return bool(self.errors)

    def as_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "file": self.file,
            "dry_run": self.dry_run,
            "rejected": self.rejected,
            "records": self.records,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "ids": self.ids,
            "errors": [e.as_json(lang) for e in self.errors.items],
            "errors_total": self.errors.total,
            "warnings": [w.as_json(lang) for w in self.warnings.items],
            "warnings_total": self.warnings.total,
        }

    @classmethod
    def of_plan(cls, plan: Plan, *, dry_run: bool = False) -> Report:
        """The report of a plan before the vault is consulted (its problems, nothing done)."""
        return cls(plan.file, dry_run, plan.records, errors=plan.errors, warnings=Issues(plan.warnings.items))

    def omitted_lines(self, lang: str | None = None) -> list[str]:
        """How many errors and warnings were found beyond those kept in the report."""
        lines = []
        for issues in (self.errors, self.warnings):
            if issues.total > len(issues.items):
                lines.append(i18n.t("import.more", lang=lang, count=issues.total - len(issues.items)))
        return lines

    def problem_lines(self, lang: str | None = None) -> list[str]:
        """Every error, then every warning, one sentence each, then what was left out."""
        return [
            *(e.line(self.file, lang) for e in self.errors.items),
            *(i18n.t("import.warning", lang=lang, line=w.line(self.file, lang)) for w in self.warnings.items),
            *self.omitted_lines(lang),
        ]

    def summary(self, lang: str | None = None) -> str:
        if self.rejected:
            return i18n.t("import.rejected", lang=lang, file=self.file, count=self.errors.total)
        key = "import.dry_run_summary" if self.dry_run else "import.summary"
        return i18n.t(
            key,
            lang=lang,
            file=self.file,
            records=self.records,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )


def check_basis(basis: str | None) -> str | None:
    """The reference of the decision behind the changes (spec §10), one line of text."""
    if basis is None or not basis.strip():
        return None
    text = basis.strip()
    if len(text) > MAX_BASIS_CHARS or _UNSAFE.search(text):
        raise InvalidInput("import.bad_basis", max=MAX_BASIS_CHARS)
    return text


def _merge(current: Doc, doc: Doc, supplied: tuple[str, ...]) -> Doc:
    """``current`` with the fields a CSV supplies replaced by the row's (empty cells clear)."""
    by_path = document.values(current)
    for path in supplied:
        by_path.pop(path, None)
    by_path.update(document.values(doc))
    merged = document.build(by_path)
    if "secrecy" in doc:
        merged["secrecy"] = doc["secrecy"]
    return merged


def _narrowed(policy: Policy, supplied: tuple[str, ...]) -> Policy:
    """``policy`` reduced to the fields a CSV supplies: values carried over from the dossier are
    neither refused nor dropped (the officer may have changed the policy since they were saved)."""
    return Policy(
        frozenset(e for e in policy.not_kept if any(p == e or p.startswith(e + ".") for p in supplied))
    )


def apply(
    vault: Vault,
    plan: Plan,
    *,
    basis: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Report:
    """Check the plan against the vault and save it all or nothing (nothing at all when
    ``dry_run`` or when any record fails)."""
    report = Report.of_plan(plan, dry_run=dry_run)
    if not plan.ok:
        return report
    basis = check_basis(basis)
    service = DossierService(vault)
    policy = service.policy()
    reuse = plan.final and plan.policy == policy
    if not reuse:
        report.warnings = Issues()  # found again below, on the documents as they will be saved
    key = vault.keys.field_key()
    live = [(n, doc) for n, doc in enumerate(plan.documents, 1) if doc is not None]
    indexes = [sealing.pid_index(key, _pid(doc) or "") for _, doc in live]
    existing = service.repo.ids_for_pids(indexes)
    finals: list[Doc] = []
    statuses: list[str] = []
    total = len(live)
    for count, ((n, doc), index) in enumerate(zip(live, indexes, strict=True)):
        if count % PROGRESS_EVERY == 0:
            if cancelled is not None and cancelled():
                raise InvalidInput("import.cancelled", file=plan.file)
            if progress is not None:
                progress("check", count, total)
        name = plan.names[n - 1]
        dossier_id = existing.get(index)
        current = service.get(dossier_id, reveal=True, audit=False) if dossier_id is not None else None
        if current is None or plan.supplied is None:
            final, rules = doc, policy
        else:  # a CSV row merged into the dossier: the policy judges only what the file brings
            final, rules = _merge(current.data, doc, plan.supplied), _narrowed(policy, plan.supplied)
        normalised, errors, warnings = (final, [], []) if reuse else _validate(final, rules)
        seen: set[str] = set()
        for problem in errors:
            if problem.path not in seen:
                report.errors.add(_issue(n, name, problem))
                seen.add(problem.path)
        for problem in warnings:
            report.warnings.add(_issue(n, name, problem, "warning"))
        if current is None:
            statuses.append("created")
        else:
            changes = document.diff(current.data, normalised)
            secrecy = "secrecy" in normalised and normalised["secrecy"] != current.secrecy
            statuses.append("updated" if changes or secrecy else "unchanged")
            removed = [p for p, _, new in changes if new is None]
            if removed:
                report.warnings.add(
                    _new(
                        n,
                        name,
                        "",
                        "import.update_removes" if plan.supplied is None else "import.update_clears",
                        {"count": len(removed), "paths": ", ".join(removed)},
                        "warning",
                    )
                )
        finals.append(normalised)
    if report.errors:
        return report
    updates = statuses.count("updated")
    if updates and basis is None:
        report.warnings.add(_new(None, None, "", "import.no_basis", {"count": updates}, "warning"))
    if dry_run:
        report.created = statuses.count("created")
        report.updated = updates
        report.unchanged = statuses.count("unchanged")
        return report

    def saving(done: int) -> None:
        if progress is not None:
            progress("save", done, total)

    try:
        saved = service.save_many(
            finals, source=plan.source, basis=basis, progress=saving, cancelled=cancelled
        )
    except InterruptedError:
        raise InvalidInput("import.cancelled", file=plan.file) from None
    report.created = sum(1 for s in saved if s.created)
    report.updated = sum(1 for s in saved if not s.created and s.changed)
    report.unchanged = sum(1 for s in saved if not s.created and not s.changed)
    report.ids = [s.id for s in saved]
    if progress is not None:
        progress("save", total, total)
    return report


def import_file(
    vault: Vault,
    path: Path,
    *,
    basis: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Report:
    """:func:`prepare` then :func:`apply`, for callers that hold an unlocked vault (the GUI)."""
    plan = prepare(path, policy=DossierService(vault).policy(), progress=progress, cancelled=cancelled)
    return apply(vault, plan, basis=basis, dry_run=dry_run, progress=progress, cancelled=cancelled)
