"""Measuring the trace layers over the degradation suite: shared by the CI robustness tests and
the benchmark (``tests/benchmarks/bench_trace.py``).

A *case* is one page of one real copy built by ``build_copy`` with all four layers under fresh
keys (no vault: decoding robustness does not depend on the register; the service's lookup is
tested end to end elsewhere). :func:`evaluate` renders the page with QtPdf at 300 dpi, applies
each degradation, and asks the QR reader and the lattice reader separately, so one run gives the
rate of each layer and of the pipeline (QR, then lattice when the QR did not identify).

An answer is ``hit`` (the copy's serial), ``wrong`` (another serial that passed the checks: a
false identification), ``forged`` (a token whose signature failed) or ``miss``.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from app.dossier.synthetic import generate
from app.extract import marking, serials, tokens
from app.extract.compose import CopyFacts, build_copy
from app.extract.scope import SCOPE_SECTIONS, dossier_sections
from app.extract.variants import Variants
from app.trace.identify import Keys, identify
from app.trace.sources import Page
from crypto import keys, signing
from tests.tracing.corpus import render
from tests.tracing.degrade import SUITE, Degradation

DPI = 300
LAYOUTS = ("tt06", "2c-tctw", "2c-bnv")


@dataclass(frozen=True)
class Case:
    serial: str
    pdf: bytes
    page: int  # 0-based page of the copy used


@dataclass(frozen=True)
class Outcome:
    degradation: str
    serial: str
    qr: str
    lattice: str
    qr_seconds: float
    lattice_seconds: float

    @property
    def pipeline(self) -> str:
        return self.qr if self.qr in ("hit", "wrong") else self.lattice


def new_keys(seed: int | None = None) -> tuple[bytes, Keys]:
    """A signing private key and the checking keys of a throwaway 'vault'; fixed by ``seed``
    (for the CI tests, so that a failure reproduces), random without one."""
    if seed is None:
        private, mac_key = signing.new_signing_key(), keys.random_key()
    else:
        private, mac_key = _bytes(seed, "signing"), _bytes(seed, "mac")
    return private, Keys("evaluation", signing.signing_public(private), mac_key)


def _bytes(seed: int, label: str, size: int = 32) -> bytes:
    return hashlib.sha256(f"hoso-evaluation/{seed}/{label}".encode()).digest()[:size]


def _facts(serial: str, number: int) -> CopyFacts:
    return CopyFacts(
        serial, number, 3, "mat", "Phạm Thị Ngọc Ánh", "Chuyên viên", "Ủy ban Kiểm tra Tỉnh ủy",
        "7-QĐ/TU", "20/12/2025", "Hoàng Văn Ký", "Phó Bí thư", "officer",
        datetime(2026, 11, 21, 3, tzinfo=UTC),
    )  # fmt: skip


def make_cases(count: int, private: bytes, checking: Keys, seed: int = 7, fixed: bool = False) -> list[Case]:
    """``count`` copies of generated dossiers (three copies a dossier, layouts in turn), one page
    each: the copy's page ``index mod pages``, so headings, tables and closing pages all occur.
    With ``fixed`` the serials and text variants follow from ``seed`` too."""
    cases = []
    docs = list(generate(-(-count // 3), seed=seed))
    for index in range(count):
        serial = serials.encode(_bytes(seed, f"serial/{index}", 8)) if fixed else serials.new_serial()
        drawn = _bytes(seed, f"variants/{index}") if fixed else os.urandom(32)
        built = build_copy(
            docs[index // 3], dossier_sections(SCOPE_SECTIONS), LAYOUTS[(index // 3) % 3],
            _facts(serial, index % 3 + 1), marking.in_force(datetime(2026, 11, 21).date()),
            variants=Variants.draw(drawn),
            qr_token=lambda page, s=serial: tokens.qr_token(private, checking.vault_id, s, page),
            lattice_payload=tokens.lattice_payload(checking.copy_mac, serial),
        )  # fmt: skip
        cases.append(Case(serial, built.pdf, index % built.pages))
    return cases


def _answer(found: Iterable[str | None], serial: str) -> str:
    answers = [a for a in found if a is not None]
    if not answers:
        return "miss"
    if any(a not in (serial, "forged") for a in answers):
        return "wrong"
    return "hit" if serial in answers else "forged"


def evaluate(
    case: Case,
    checking: Keys,
    degradations: Sequence[Degradation] = SUITE,
    seed: int = 0,
    lattice: Callable[[str], bool] = lambda name: True,
) -> list[Outcome]:
    """Every degradation of the case's page, read by the QR and the lattice layer separately; the
    lattice only for the degradations ``lattice`` names (its answer is ``skip`` for the others)."""
    page = render(case.pdf, case.page, DPI)
    out = []
    for number, degradation in enumerate(degradations):
        rng = np.random.default_rng([seed, number])
        image = degradation.apply(page, DPI, rng)
        start = time.perf_counter()
        qr = identify(Page(None, image), checking, _no_text, ("qr",))
        middle = time.perf_counter()
        dots = (
            identify(Page(None, image), checking, _no_text, ("lattice",))
            if lattice(degradation.name)
            else None
        )
        end = time.perf_counter()
        out.append(
            Outcome(
                degradation.name, case.serial,
                _answer(("forged" if f.outcome == "forged" else f.serial for f in qr), case.serial),
                "skip" if dots is None else _answer((f.serial for f in dots), case.serial), middle - start,
                end - middle,
            )
        )  # fmt: skip
    return out


def _no_text(text: str) -> Any:
    raise AssertionError("images carry no text layer")


@dataclass(frozen=True)
class Row:
    degradation: str
    cases: int
    qr: float  # identification rates, 0..1
    lattice: float  # over the pages whose lattice was read
    lattice_cases: int
    pipeline: float
    false_ids: int
    median_seconds: float  # the pipeline's time per page: QR, then the lattice if needed
    p95_seconds: float


def summarise(outcomes: Sequence[Outcome]) -> list[Row]:
    rows = []
    for name in dict.fromkeys(o.degradation for o in outcomes):
        group = [o for o in outcomes if o.degradation == name]
        n = len(group)
        times = sorted(o.qr_seconds + (o.lattice_seconds if o.qr != "hit" else 0.0) for o in group)
        if any(o.qr != "hit" and o.lattice == "skip" for o in group):
            raise ValueError(f"{name}: the pipeline needs the lattice where the QR missed; read it")
        read = [o for o in group if o.lattice != "skip"]
        rows.append(
            Row(
                name, n, sum(o.qr == "hit" for o in group) / n,
                sum(o.lattice == "hit" for o in read) / max(1, len(read)), len(read),
                sum(o.pipeline == "hit" for o in group) / n,
                sum(o.qr == "wrong" or o.lattice == "wrong" for o in group),
                statistics.median(times), times[min(n - 1, int(0.95 * n))],
            )
        )  # fmt: skip
    return rows
