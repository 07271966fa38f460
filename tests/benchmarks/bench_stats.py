"""Benchmark: every shipped statistics report at 10 000 and 100 000 dossiers, for today and as of
a past date with a tenth of the dossiers edited since.

Not collected by pytest. Run from the project folder:

    .venv/bin/python tests/benchmarks/bench_stats.py [--sizes 10000,100000] [--runs 3] [--cache DIR]

The vault of each size holds the synthetic dossiers of ``app.dossier.synthetic`` (seed 2026) saved
on 01/01/2026 (the 100 000 one is a copy of ``bench_gui_list.py``'s cached vault, upgraded to the
current schema, which backfills the statistics table; the upgrade time is recorded), then on
01/03/2026 one dossier in ten is edited (status, degree, unit, sex or Party dates: real saves,
with history) and on 01/04/2026 one in a hundred new dossiers arrives. The clock then stands at
01/06/2026 and each report is run (``StatsService.run``: load, rewind, derive, count, audit):

* **today**: the current state;
* **as of 15/02/2026**: before every edit and newcomer, so every edit is rewound;
* **with comparison**: today and the same day last year (which counts nobody: the vault did not
  exist), to show what the comparison costs.

Each run starts with nothing kept in memory (the service keeps the last populations until the next
save), so it reads the vault; "again" is the same report straight after, from memory. Figures are
the median of ``--runs`` runs.
Targets (issue 8): ≤ 1 s at 100 000 for today, ≤ 5 s as of a past date. Results go to
``results/stats.json`` and ``results/stats.md``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from machine import machine, write_results  # noqa: E402  (this folder is on sys.path when run)

PASSPHRASE = "Mật khẩu đo hiệu năng danh sách 2026"  # the list benchmark's cached vault
SEED = 2026
DAY = 86400
REPORTS = ("9a-btctw", "bm02-bnv", "3-btctw", "completeness", "structure")
TARGET_TODAY_S, TARGET_PAST_S = 1.0, 5.0


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hoso-bench"


def _weak() -> Any:
    from crypto.kdf import KdfParams

    return KdfParams(memory_kib=8192, iterations=1, lanes=1)


def _edit(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    position, quals = doc.setdefault("position", {}), doc.setdefault("qualifications", {})
    choice = rng.randrange(5)
    if choice == 0:
        position["status"] = "nghi_huu"
    elif choice == 1:
        quals["highest_degree"] = "tien_si"
    elif choice == 2:
        position["employing_unit"] = "Ban Tổ chức Tỉnh ủy Thái Nguyên"
    elif choice == 3:
        doc["identity"]["sex"] = "nu" if doc["identity"].get("sex") == "nam" else "nam"
    else:
        doc.setdefault("career", {})["party_official_date"] = "2026-02-28"
    return doc


def prepare(cache: Path, size: int) -> tuple[Path, dict[str, Any]]:
    """The benchmark vault of ``size`` dossiers with its edits, built once and kept in ``cache``."""
    from app.clock import ManualClock
    from app.dossier.service import DossierService
    from app.dossier.synthetic import generate
    from app.vault.create import create_vault
    from app.vault.unlock import unlock

    folder = cache / f"stats-{size}-seed{SEED}"
    if (folder / "ready.json").exists():
        return folder / "vault", json.loads((folder / "ready.json").read_text("utf-8"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    info: dict[str, Any] = {"size": size}
    clock = ManualClock()
    listed = cache / f"list-{size}-seed{SEED}" / "vault"
    started = time.perf_counter()
    if (listed.parent / "ready.json").exists():
        shutil.copytree(listed, folder / "vault")
        info["copied_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        vault = unlock(folder / "vault", PASSPHRASE, kdf_floor=_weak(), clock=clock)
        info["upgrade_s"] = round(time.perf_counter() - started, 1)  # schema 5 backfill
    else:
        create_vault(folder / "vault", PASSPHRASE, kdf_params=_weak(), clock=clock)
        vault = unlock(folder / "vault", PASSPHRASE, kdf_floor=_weak(), clock=clock)
        source = generate(size, seed=SEED)
        for _ in range(0, size, 2000):
            DossierService(vault).save_many(list(itertools.islice(source, 2000)), source="benchmark")
        info["built_s"] = round(time.perf_counter() - started, 1)
    service = DossierService(vault)
    rng = random.Random(SEED)  # noqa: S311 - benchmark data
    clock.advance(59 * DAY)  # 01/03/2026
    started = time.perf_counter()
    edited = [_edit(d, rng) for d in itertools.islice(generate(size, seed=SEED), 0, size, 10)]
    for n in range(0, len(edited), 2000):
        service.save_many(edited[n : n + 2000], source="benchmark-edit")
    clock.advance(31 * DAY)  # 01/04/2026
    service.save_many(list(generate(size // 100, seed=SEED + 1)), source="benchmark-new")
    info.update(edited=len(edited), newcomers=size // 100, edit_s=round(time.perf_counter() - started, 1))
    vault.db.checkpoint()
    vault.lock()
    (folder / "ready.json").write_text(json.dumps(info) + "\n", "utf-8")
    return folder / "vault", info


def measure(vault_path: Path, runs: int) -> dict[str, Any]:
    from app.clock import ManualClock
    from app.stats import service as stats_service
    from app.stats.service import StatsService
    from app.vault.unlock import unlock

    clock = ManualClock(datetime(2026, 6, 1, 8, tzinfo=UTC))
    vault = unlock(vault_path, PASSPHRASE, kdf_floor=_weak(), clock=clock)
    stats = StatsService(vault)
    out: dict[str, Any] = {"reports": {}}
    try:
        started = time.perf_counter()
        out["counted"] = len(stats.population(None))
        out["load_all_today_s"] = round(time.perf_counter() - started, 3)
        for name in REPORTS:
            figures: dict[str, Any] = {}
            for mode, kwargs in (
                ("today", {}),
                ("past", {"as_of": "2026-02-15"}),
                ("compare", {"compare": True}),
            ):
                cold, warm = [], []
                for _ in range(runs):
                    stats_service._CACHE.clear()  # nothing kept from an earlier run: read the vault
                    started = time.perf_counter()
                    report = stats.run(name, **kwargs)  # type: ignore[arg-type]
                    cold.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    stats.run(name, **kwargs)  # type: ignore[arg-type]
                    warm.append(time.perf_counter() - started)
                figures[mode] = {
                    "median_s": round(statistics.median(cold), 3),
                    "max_s": round(max(cold), 3),
                    "again_s": round(statistics.median(warm), 3),
                    "counted": report.table.population,
                }
            figures["cells"] = len(report.table.rows) * len(report.table.columns)
            out["reports"][name] = figures
            print(f"  {name}: today {figures['today']['median_s']} s, as of {figures['past']['median_s']} s")
    finally:
        vault.lock()
    return out


def to_markdown(res: dict[str, Any]) -> str:
    lines = [
        f"# Statistics reports ({res['when']})",
        "",
        f"Machine: {res['machine']['cpus']} CPUs, Python {res['machine']['python']}, "
        f"SQLite {res['machine']['sqlite']}. Each figure is the median of {res['runs']} runs that read the "
        'vault (nothing kept from an earlier run); "again" is the same report run straight after, '
        "from the population kept in memory (what switching reports in the window costs).",
        "",
        "| dossiers | report | cells | today (s) | as of 15/02/2026 (s) | with comparison (s) "
        "| again, today (s) | targets |",
        "|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for size in res["sizes"]:
        for name, f in size["measured"]["reports"].items():
            today, past = f["today"]["median_s"], f["past"]["median_s"]
            verdict = ""
            if size["size"] >= 100_000:
                ok = today <= TARGET_TODAY_S and past <= TARGET_PAST_S
                verdict = "met" if ok else "NOT met"
            lines.append(
                f"| {size['size']:,} | {name} | {f['cells']} | {today} | {past} | "
                f"{f['compare']['median_s']} | {f['today']['again_s']} | {verdict} |"
            )
    lines.append("")
    for size in res["sizes"]:
        m, info = size["measured"], size["vault"]
        lines.append(
            f"At {size['size']:,}: {m['counted']:,} dossiers; every dimension of all of them loaded in "
            f"{m['load_all_today_s']} s; as of 15/02/2026, {info['edited']:,} edited dossiers and "
            f"{info['newcomers']:,} newcomers are rewound"
            + (f"; schema 5 upgrade (backfill) {info['upgrade_s']} s" if "upgrade_s" in info else "")
            + "."
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated vault sizes")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per report and mode")
    parser.add_argument("--cache", type=Path, default=default_cache(), help="where built vaults are kept")
    args, _ = parser.parse_known_args()  # `dev.py bench` passes every benchmark the same options
    res: dict[str, Any] = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "runs": args.runs,
        "sizes": [],
    }
    for size in sorted(int(s) for s in args.sizes.split(",") if s.strip()):
        print(f"size {size:,}: preparing the vault", flush=True)
        vault_path, info = prepare(args.cache, size)
        res["sizes"].append({"size": size, "vault": info, "measured": measure(vault_path, args.runs)})
        write_results("stats", res, to_markdown(res))
    print(to_markdown(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
