"""Dossier benchmark: import rate through the real path, and search latency, encrypted and plain.

Not collected by pytest. Run from the project folder:

    .venv/bin/python tests/benchmarks/bench_dossiers.py [--sizes 10000,100000] [--batch 1000]

It makes a vault with a weak KDF through the in-process seam (the KDF is not what is measured)
and grows it to each of ``--sizes`` with synthetic dossiers (``app.dossier.synthetic``):

* **import**: each record goes through ``validate()`` (structure and rules) and the valid
  documents through ``DossierService.save_many`` in batches of ``--batch`` (one transaction each:
  sealed restricted values, history, FTS index, audit entry). Generating the records is not
  timed; validating and saving are, separately and together.
* **search**: a fixed mix of 235 realistic queries drawn from the first dossiers (present at
  every size): full names with and without diacritics, in another order, abbreviated
  ("nguyễn v an"), given names, family names, type-ahead prefixes, posts, units, text with
  filters and filters alone — each run through ``app.dossier.search.search`` (limit 50) after a
  warm-up pass, ``--repeat`` times, for p50 / p95 / max.
* **encrypted vs plain**: the same mix on a plaintext copy of the same database, made with
  ``sqlcipher_export`` into a database attached with ``KEY ''`` in a temporary folder (deleted
  afterwards), opened with the same SQLite build, the same pragmas and the same page cache.
  Queries alternate between the two so that machine load hits both alike.

Results are written after every size to ``tests/benchmarks/results/dossiers.json`` and
``dossiers.md`` (a run that is stopped keeps what it measured) and printed at the end.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

import sqlcipher3  # noqa: E402
from machine import machine, write_results  # noqa: E402  (this folder is on sys.path when run)

from app.clock import ManualClock  # noqa: E402
from app.dossier.folding import fold  # noqa: E402
from app.dossier.search import search  # noqa: E402
from app.dossier.service import DossierService  # noqa: E402
from app.dossier.synthetic import generate  # noqa: E402
from app.dossier.validate import validate  # noqa: E402
from app.vault import DB_FILE  # noqa: E402
from app.vault.create import create_vault  # noqa: E402
from app.vault.session import Vault  # noqa: E402
from app.vault.unlock import unlock  # noqa: E402
from crypto.kdf import KdfParams  # noqa: E402
from storage.connection import Database  # noqa: E402

BENCH_KDF = KdfParams(memory_kib=8192, iterations=1, lanes=1)
PASSPHRASE = "Mật khẩu đo hiệu năng hồ sơ 2026"
SEED = 2026
SAMPLE = 5000  # the queries are drawn from the first SAMPLE dossiers (present at every size)
TARGET_IMPORT = 1000.0  # dossiers/s
TARGET_P95_MS = 50.0  # at 100 000 dossiers
TARGET_RATIO = 1.3  # encrypted / plain


# -- data ------------------------------------------------------------------------------------
def records(total: int) -> Iterator[dict[str, Any]]:
    """The synthetic dossiers, deterministic: a larger size starts with a smaller one's."""
    return generate(total, seed=SEED)


def grow(
    v: Vault, source: Iterator[dict[str, Any]], count: int, batch: int, sample: list[Any]
) -> dict[str, Any]:
    """Import ``count`` more dossiers; time validation and saving."""
    svc = DossierService(v)
    gen_s = validate_s = save_s = 0.0
    done = 0
    while done < count:
        chunk = min(batch, count - done)
        start = time.perf_counter()
        raw = [next(source) for _ in range(chunk)]
        gen_s += time.perf_counter() - start
        start = time.perf_counter()
        docs = []
        for record in raw:
            checked = validate(record)
            if not checked.ok:
                raise SystemExit(f"synthetic dossier failed validation: {checked.errors[:3]}")
            docs.append(checked.document)
        validate_s += time.perf_counter() - start
        start = time.perf_counter()
        svc.save_many(docs, source="benchmark")
        save_s += time.perf_counter() - start
        if len(sample) < SAMPLE:
            sample.extend(docs[: SAMPLE - len(sample)])
        done += chunk
        print(f"  … {done}/{count} imported", end="\r", flush=True)
    v.db.checkpoint()
    print()
    total_s = validate_s + save_s
    return {
        "dossiers": count,
        "generate_s": round(gen_s, 2),
        "validate_s": round(validate_s, 2),
        "save_s": round(save_s, 2),
        "validate_per_s": round(count / validate_s, 1),
        "save_per_s": round(count / save_s, 1),
        "import_per_s": round(count / total_s, 1),
    }


#: What the import breakdown times, per dossier: (module, function name, label).
STAGES = (
    ("app.dossier.validate", "structure.check", "validate: structure.check"),
    ("app.dossier.validate", "rules.check", "validate: rules.check"),
    ("app.dossier.service", "document.split", "save: document.split (normal / restricted)"),
    ("app.dossier.service", "sealing.seal_value", "save: sealing.seal_value (AES-GCM)"),
    ("app.dossier.service", "_dumps", "save: JSON of the normal values"),
    ("storage.dossier_repo", "DossierRepository.put_secret", "save: repo.put_secret (one INSERT each)"),
    ("storage.dossier_repo", "DossierRepository.insert", "save: repo.insert (row and its indexes)"),
    ("storage.dossier_repo", "DossierRepository.index", "save: repo.index (FTS)"),
    ("storage.dossier_repo", "DossierRepository.add_changes", "save: repo.add_changes (history)"),
)


def import_breakdown(folder: Path, count: int) -> dict[str, Any]:
    """Where an imported dossier's time goes: the same path, with the stages timed (in a
    separate vault, after the measured runs: the timing wrappers cost a little)."""
    import importlib

    spent: dict[str, float] = {}
    restore: list[tuple[Any, str, Any]] = []
    for module_name, dotted, label in STAGES:
        owner: Any = importlib.import_module(module_name)
        *path, name = dotted.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, name)

        def timed(*args: Any, _f: Any = original, _label: str = label, **kw: Any) -> Any:
            start = time.perf_counter()
            try:
                return _f(*args, **kw)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.perf_counter() - start

        setattr(owner, name, timed)
        restore.append((owner, name, original))
    try:
        clock = ManualClock()
        create_vault(folder / "breakdown", PASSPHRASE, kdf_params=BENCH_KDF, clock=clock)
        v = unlock(folder / "breakdown", PASSPHRASE, kdf_floor=BENCH_KDF, clock=clock)
        sample: list[Any] = []
        measured = grow(v, generate(count, seed=SEED + 1), count, 1000, sample)
        v.lock()
    finally:
        for owner, name, original in restore:
            setattr(owner, name, original)
    per = {label: round(seconds / count * 1000, 3) for label, seconds in spent.items()}
    return {
        "dossiers": count,
        "validate_ms": round(measured["validate_s"] / count * 1000, 3),
        "save_ms": round(measured["save_s"] / count * 1000, 3),
        "stages_ms": dict(sorted(per.items(), key=lambda kv: -kv[1])),
    }


# -- the query mix ---------------------------------------------------------------------------
def _get(doc: dict[str, Any], section: str, key: str) -> str:
    value = doc.get(section, {}).get(key)
    return value if isinstance(value, str) else ""


def _unit_words(unit: str) -> str:
    """``Sở Nội vụ tỉnh Thái Nguyên`` → ``Sở Nội vụ`` (what an officer would type)."""
    for tail in (" tỉnh ", " huyện ", " thành phố "):
        if tail in unit:
            unit = unit.split(tail)[0]
    return unit


def query_mix(sample: list[dict[str, Any]]) -> list[tuple[str, str, dict[str, str]]]:
    """(category, text, filters): a fixed mix of 235 queries."""
    rng = random.Random(SEED)  # noqa: S311 - benchmark data
    names = [_get(d, "identity", "full_name").split() for d in sample]
    names = [n for n in names if len(n) >= 3]
    posts = [p for d in sample if (p := _get(d, "position", "current_post"))]
    units = [_unit_words(u) for d in sample if (u := _get(d, "position", "employing_unit"))]
    mix: list[tuple[str, str, dict[str, str]]] = []

    def add(category: str, count: int, make: Any) -> None:
        for _ in range(count):
            text, filters = make()
            mix.append((category, text, filters))

    def name() -> list[str]:
        return rng.choice(names)

    add("full name, folded", 25, lambda: (fold(" ".join(name())), {}))
    add("full name, as typed", 25, lambda: (" ".join(name()), {}))
    add("given + family name", 15, lambda: ((lambda n: f"{n[-1]} {n[0]}")(name()), {}))
    add("abbreviated (nguyễn v an)", 20, lambda: ((lambda n: f"{n[0]} {n[1][0]} {n[-1]}")(name()), {}))
    add(
        "word starts (ng va an)",
        15,
        lambda: ((lambda n: " ".join(fold(w)[:2] for w in n[:-1]) + " " + fold(n[-1]))(name()), {}),
    )
    add("given name", 15, lambda: (rng.choice([name()[-1], fold(name()[-1])]), {}))
    add("family name", 10, lambda: (rng.choice([name()[0], fold(name()[0])]), {}))
    add(
        "type-ahead prefix",
        15,
        lambda: ((lambda n: fold(" ".join(n))[: rng.randint(1, 8)].strip() or "n")(name()), {}),
    )
    add("post", 20, lambda: (" ".join(rng.choice(posts).split()[: rng.randint(2, 4)]), {}))
    add(
        "unit",
        15,
        lambda: (rng.choice([_unit_words(rng.choice(units)), fold(_unit_words(rng.choice(units)))]), {}),
    )
    add("name + sex", 8, lambda: (" ".join(name()[:2]), {"sex": rng.choice(["nam", "nu"])}))
    add(
        "family name + birth years",
        8,
        lambda: (lambda y: (name()[0], {"birth_year": f"{y}..{y + 9}"}))(rng.randint(1962, 1990)),
    )
    add(
        "post + unit filter",
        8,
        lambda: (
            " ".join(rng.choice(posts).split()[:2]),
            {"employing_unit": fold(_unit_words(rng.choice(units))).split(" ", 1)[-1]},
        ),
    )
    add(
        "given name + party/theory",
        6,
        lambda: (fold(name()[-1]), {"party_member": "yes", "political_theory": "cao_cap"}),
    )
    filters_only = [
        {"sex": "nu"},
        {"birth_year": "1970..1980"},
        {"birth_year>=": "1985"},
        {"ethnicity": "tay"},
        {"ethnicity": "nung,dao"},
        {"management_tier": "btv_tinh"},
        {"political_theory": "cao_cap", "sex": "nu"},
        {"highest_degree": "thac_si", "birth_year": "1975..1985"},
        {"status": "dang_cong_tac"},
        {"academic_title": "pgs"},
        {"party_member": "no"},
        {"religion": "phat_giao"},
        {"state_management": "cvcc"},
        {"post_group": "giam_doc_so"},
        {"employing_unit": "noi vu"},
        {"employing_unit": "tai chinh", "sex": "nam"},
    ]
    for filters in filters_only:
        mix.append(("filters only", "", filters))
    for filters in filters_only[:14]:
        mix.append(("filters only", "", {**filters, "birth_year<=": "1990"}))
    return mix


# -- measuring -------------------------------------------------------------------------------
class PlainDatabase(Database):
    """The plaintext copy, opened by the same SQLite build with the same pragmas, no key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._apply_pragmas()


def plain_copy(v: Vault, folder: Path) -> Path:
    target = folder / "plain.db"
    conn = v.db._conn  # benchmark only: the export needs the open connection
    with v.db._lock:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')").fetchall()
        conn.execute("DETACH DATABASE plain")
    return target


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary(times_ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(times_ms, 50), 2),
        "p95_ms": round(percentile(times_ms, 95), 2),
        "max_ms": round(max(times_ms), 2),
        "mean_ms": round(statistics.fmean(times_ms), 2),
    }


def run_mix(
    targets: dict[str, Any], mix: list[tuple[str, str, dict[str, str]]], repeat: int
) -> dict[str, Any]:
    """Every query on every target, alternating targets; a warm-up pass first."""
    for target in targets.values():
        for _, text, filters in mix:
            search(target, text, filters, limit=50)
    times: dict[str, list[float]] = {name: [] for name in targets}
    by_category: dict[str, dict[str, list[float]]] = {name: {} for name in targets}
    totals: dict[str, list[int]] = {name: [] for name in targets}
    slowest: list[tuple[float, str, str, dict[str, str]]] = []
    for _ in range(repeat):
        for category, text, filters in mix:
            for name, target in targets.items():
                start = time.perf_counter()
                found = search(target, text, filters, limit=50)
                ms = (time.perf_counter() - start) * 1000
                times[name].append(ms)
                by_category[name].setdefault(category, []).append(ms)
                totals[name].append(found.total)
                if name == "encrypted":
                    slowest.append((ms, category, text, filters))
    if "plain" in totals and totals["plain"] != totals["encrypted"]:
        raise SystemExit("the plain copy found different totals: the comparison is void")
    slowest.sort(key=lambda s: -s[0])
    out: dict[str, Any] = {name: summary(t) for name, t in times.items()}
    out["categories"] = {
        category: {name: summary(by_category[name][category]) for name in targets}
        for category in by_category["encrypted"]
    }
    out["median_total"] = statistics.median(totals["encrypted"])
    out["slowest"] = [
        {"ms": round(ms, 1), "category": c, "text": t, "filters": f} for ms, c, t, f in slowest[:8]
    ]
    if "plain" in out:
        out["ratio_p50"] = round(out["encrypted"]["p50_ms"] / out["plain"]["p50_ms"], 2)
        out["ratio_p95"] = round(out["encrypted"]["p95_ms"] / out["plain"]["p95_ms"], 2)
    return out


# -- reporting -------------------------------------------------------------------------------
NOTES = [
    "Notes. Every search runs through `app.dossier.search.search` (limit 50), counting every match.",
    "The plaintext copy is made with `sqlcipher_export`, opened by the same SQLite build with the",
    "same pragmas; both get the page cache `search` asks for (`SEARCH_CACHE_KIB`), so after the",
    "warm-up pass the encrypted vault decrypts few pages and the ratio measures what remains.",
    "A text with filters costs in proportion to the dossiers the text alone matches (each is",
    "looked up in a covering index to apply the filters, about 0.5 µs): a word of the province's",
    "name, in every unit, makes that every dossier.",
]


def to_markdown(res: dict[str, Any]) -> str:
    m = res["machine"]
    lines = [
        "# Dossier benchmark: import and search",
        "",
        f"Run {res['when']} on {m['platform']}, Python {m['python']}, SQLite {m['sqlite']}, "
        f"{m['cpus']} CPUs (load average at start {m['load_average']}). Synthetic dossiers from "
        f"`app.dossier.synthetic` (seed {SEED}); {res['queries']} queries × {res['repeat']} runs per size.",
        "",
        "## Import (validate() + DossierService.save_many, batches of "
        f"{res['batch']}) — target ≥ {TARGET_IMPORT:.0f} dossiers/s",
        "",
        "| size | dossiers added | validate /s | save /s | **import /s** | vault.db MB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for size in res["sizes"]:
        imp = size["import"]
        lines.append(
            f"| {size['size']:,} | {imp['dossiers']:,} | {imp['validate_per_s']:,.0f} | "
            f"{imp['save_per_s']:,.0f} | **{imp['import_per_s']:,.0f}** | {size['db_mb']:,.0f} |"
        )
    lines += [
        "",
        f"## Search latency (limit 50) — target p95 ≤ {TARGET_P95_MS:.0f} ms at 100 000, "
        f"encrypted/plain ≤ {TARGET_RATIO}",
        "",
        "| size | encrypted p50 | encrypted p95 | max | plain p50 | plain p95 | ratio p50 | ratio p95 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in res["sizes"]:
        s = size["search"]
        lines.append(
            f"| {size['size']:,} | {s['encrypted']['p50_ms']} ms | **{s['encrypted']['p95_ms']} ms** | "
            f"{s['encrypted']['max_ms']} ms | {s['plain']['p50_ms']} ms | {s['plain']['p95_ms']} ms | "
            f"{s['ratio_p50']} | **{s['ratio_p95']}** |"
        )
    for size in res["sizes"]:
        s = size["search"]
        lines += [
            "",
            f"### By kind of query at {size['size']:,} (encrypted p50 / p95, plain p50 / p95, ms)",
            "",
            "| kind | encrypted | plain |",
            "|---|---:|---:|",
        ]
        for category, per in s["categories"].items():
            lines.append(
                f"| {category} | {per['encrypted']['p50_ms']} / {per['encrypted']['p95_ms']} | "
                f"{per['plain']['p50_ms']} / {per['plain']['p95_ms']} |"
            )
        lines += [
            "",
            "Slowest (encrypted): "
            + "; ".join(f"`{q['text'] or '—'}` {q['filters'] or ''} {q['ms']} ms" for q in s["slowest"][:5]),
        ]
    if "import_breakdown" in res:
        b = res["import_breakdown"]
        lines += [
            "",
            f"## Where an imported dossier's time goes ({b['dossiers']:,} dossiers, timed stages; "
            f"validate {b['validate_ms']} ms + save {b['save_ms']} ms per dossier)",
            "",
            "| stage | ms per dossier |",
            "|---|---:|",
            *(f"| {label} | {ms} |" for label, ms in b["stages_ms"].items()),
        ]
    lines += ["", *NOTES]
    return "\n".join(lines) + "\n"


def write(res: dict[str, Any]) -> None:
    write_results("dossiers", res, to_markdown(res))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated vault sizes")
    parser.add_argument("--batch", type=int, default=1000, help="dossiers per save_many transaction")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the query mix per size")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    res: dict[str, Any] = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "batch": args.batch,
        "repeat": args.repeat,
        "sizes": [],
    }
    work = Path(tempfile.mkdtemp(prefix="hoso-bench-dossiers-"))
    try:
        clock = ManualClock()
        path = work / "vault"
        create_vault(path, PASSPHRASE, kdf_params=BENCH_KDF, clock=clock)
        v = unlock(path, PASSPHRASE, kdf_floor=BENCH_KDF, clock=clock)
        source = records(sizes[-1])
        sample: list[dict[str, Any]] = []
        have = 0
        mix: list[tuple[str, str, dict[str, str]]] = []
        for size in sizes:
            print(f"size {size:,}: importing {size - have:,} dossiers")
            imported = grow(v, source, size - have, args.batch, sample)
            have = size
            mix = mix or query_mix(sample)
            res["queries"] = len(mix)
            print(f"  import {imported['import_per_s']:,.0f}/s; copying to plaintext")
            copy_dir = Path(tempfile.mkdtemp(prefix="plain-", dir=work))
            plain_path = plain_copy(v, copy_dir)
            plain = PlainDatabase(plain_path)
            targets = {"encrypted": v, "plain": SimpleNamespace(db=plain)}
            print(f"  searching ({len(mix)} queries × {args.repeat})")
            searched = run_mix(targets, mix, args.repeat)
            plain.close()
            shutil.rmtree(copy_dir)
            res["sizes"].append(
                {
                    "size": size,
                    "import": imported,
                    "db_mb": round((path / DB_FILE).stat().st_size / 1e6, 1),
                    "search": searched,
                }
            )
            write(res)
            e, p = searched["encrypted"], searched["plain"]
            print(
                f"  search p50 {e['p50_ms']} ms, p95 {e['p95_ms']} ms (plain {p['p50_ms']} / "
                f"{p['p95_ms']} ms; ratio {searched['ratio_p95']})"
            )
        v.lock()
        print("timing the stages of an import")
        res["import_breakdown"] = import_breakdown(work, min(2000, sizes[0]))
        write(res)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(to_markdown(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
