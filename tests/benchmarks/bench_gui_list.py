"""Benchmark: the dossier list of the main window with a large vault — time to first paint, scrolling,
a search keystroke, a sort, and peak memory.

Not collected by pytest. Run from the project folder:

    .venv/bin/python tests/benchmarks/bench_gui_list.py [--sizes 100000] [--runs 3] [--cache DIR] [--fresh]

The vault (synthetic dossiers from ``app.dossier.synthetic``, seed 2026, saved through
``DossierService.save_many`` with a weak KDF through the in-process seam) is built once per size
and kept in ``--cache`` (default ``~/.cache/hoso-bench``, outside the project: 100 000 dossiers
make a 1.9 GB vault) for the next runs; ``--fresh`` builds it again.

Each run is a fresh Python process on Qt's offscreen platform, so that start-up costs and peak
memory are those of the app alone: it unlocks the vault, creates ``DossierListPane`` (1200 × 800,
shown), then measures

* **first paint**: from ``set_vault(vault)`` to the end of the first paint of the table's
  viewport (the ids of every dossier listed in name order, the first block of rows read and
  painted); also from the process's start (imports, unlock with the weak KDF, the pane);
* **scroll to the end** (``scrollToBottom`` to the next paint), a hundred jumps of the scroll bar
  to random places (each to its paint), and three hundred wheel steps of three rows;
* **search keystrokes**: typing ``nguyen van`` and a full name one letter at a time, each
  re-query (the 150 ms debounce left out) to its paint; then clearing the text;
* **sort**: by birth date, then back to relevance, each to its paint;
* **memory**: peak RSS (``ru_maxrss``), and the RSS before ``set_vault``.

Figures are the median over ``--runs`` processes (peak RSS: the largest). Results go to
``results/gui_list.json`` and ``results/gui_list.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT))

from machine import machine, write_results  # noqa: E402  (this folder is on sys.path when run)

PASSPHRASE = "Mật khẩu đo hiệu năng danh sách 2026"
SEED = 2026
BATCH = 2000
TARGET_PAINT_S = 1.0
TARGET_RSS_MB = 400.0
WIDTH, HEIGHT = 1200, 800


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hoso-bench"


# -- the vault -------------------------------------------------------------------------------
def build(folder: Path, size: int) -> dict[str, Any]:
    """A vault of ``size`` synthetic dossiers in ``folder``/vault, marked ready when complete."""
    from app.clock import ManualClock
    from app.dossier.service import DossierService
    from app.dossier.synthetic import generate
    from app.vault.create import create_vault
    from app.vault.unlock import unlock
    from crypto.kdf import KdfParams

    weak = KdfParams(memory_kib=8192, iterations=1, lanes=1)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    clock = ManualClock()
    started = time.perf_counter()
    create_vault(folder / "vault", PASSPHRASE, kdf_params=weak, clock=clock)
    v = unlock(folder / "vault", PASSPHRASE, kdf_floor=weak, clock=clock)
    service = DossierService(v)
    source = generate(size, seed=SEED)
    done = 0
    while done < size:
        batch = [next(source) for _ in range(min(BATCH, size - done))]
        service.save_many(batch, source="benchmark")
        done += len(batch)
        print(f"  … {done:,}/{size:,} saved ({time.perf_counter() - started:.0f} s)", end="\r", flush=True)
    v.db.checkpoint()
    v.lock()
    print()
    info = {"size": size, "seed": SEED, "build_s": round(time.perf_counter() - started, 1)}
    (folder / "ready.json").write_text(json.dumps(info) + "\n", "utf-8")
    return info


def ensure_vault(cache: Path, size: int, fresh: bool) -> Path:
    folder = cache / f"list-{size}-seed{SEED}"
    if fresh or not (folder / "ready.json").exists():
        print(f"building a vault of {size:,} dossiers in {folder}")
        info = build(folder, size)
        print(f"  built in {info['build_s']} s")
    return folder / "vault"


# -- one measured run (a child process) ------------------------------------------------------
def child(vault_path: Path) -> dict[str, Any]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtWidgets import QApplication

    from app.clock import ManualClock
    from app.vault.unlock import unlock
    from crypto.kdf import KdfParams
    from ui.dossier_list import DossierListPane

    out: dict[str, Any] = {"import_s": round(time.perf_counter() - started, 3)}
    weak = KdfParams(memory_kib=8192, iterations=1, lanes=1)
    app = QApplication([])
    start = time.perf_counter()
    v = unlock(vault_path, PASSPHRASE, kdf_floor=weak, clock=ManualClock())
    out["unlock_s"] = round(time.perf_counter() - start, 3)

    pane = DossierListPane()
    pane.resize(WIDTH, HEIGHT)
    pane.show()
    app.processEvents()
    painted: list[float] = []

    class PaintSpy(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(time.perf_counter())
            return False

    spy = PaintSpy()
    pane.table.viewport().installEventFilter(spy)

    def until_paint(action: Any) -> float:
        """Seconds from ``action()`` to the end of the next paint of the table's viewport (the
        spy sees the paint event before the view paints: the end is when the event loop pass
        that delivered it returns)."""
        painted.clear()
        begin = time.perf_counter()
        action()
        deadline = begin + 60
        while not painted and time.perf_counter() < deadline:
            app.processEvents()
        if not painted:
            raise SystemExit("the table was never painted")
        return time.perf_counter() - begin

    out["rss_before_mb"] = round(rss_mb(), 1)
    out["first_paint_s"] = round(until_paint(lambda: pane.set_vault(v)), 3)
    out["start_to_paint_s"] = round(time.perf_counter() - started, 3)
    out["rows"] = pane.model.rowCount()
    out["blocks_at_first_paint"] = pane.model.block_loads
    out["list_ids_s"] = round(pane.model.last_list_s, 3)

    out["scroll_to_end_s"] = round(until_paint(pane.table.scrollToBottom), 3)
    bar = pane.table.verticalScrollBar()
    rng = random.Random(SEED)  # noqa: S311 - benchmark positions
    jumps = [until_paint(lambda: bar.setValue(rng.randint(0, bar.maximum()))) for _ in range(100)]
    bar.setValue(0)
    app.processEvents()
    steps = [until_paint(lambda: bar.setValue(bar.value() + 3)) for _ in range(300)]
    out["jump_ms"] = summary(jumps)
    out["wheel_step_ms"] = summary(steps)

    keystrokes: list[float] = []
    requery: dict[str, float] = {}
    for text in ("nguyen van", "Trần Thị Hương"):
        for end in range(1, len(text) + 1):
            typed = text[:end]
            if typed.endswith(" "):
                continue

            def type_it(typed: str = typed) -> None:
                pane.search_edit.setText(typed)
                pane.apply_search()

            keystrokes.append(until_paint(type_it))
            requery[typed] = round(pane.model.last_list_s * 1000, 1)
    out["keystroke_ms"] = summary(keystrokes)
    out["keystroke_query_ms"] = requery
    out["matches_last"] = pane.model.rowCount()

    def clear_text() -> None:
        pane.search_edit.clear()
        pane.apply_search()

    out["clear_search_s"] = round(until_paint(clear_text), 3)
    birth = pane.model.column_of("birth_date")
    out["sort_birth_date_s"] = round(
        until_paint(lambda: pane.table.sortByColumn(birth, Qt.SortOrder.AscendingOrder)), 3
    )
    out["sort_relevance_s"] = round(
        until_paint(lambda: pane.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)), 3
    )
    out["blocks_total"] = pane.model.block_loads
    out["cached_rows_end"] = pane.model.cached_rows
    out["rss_after_mb"] = round(rss_mb(), 1)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    pane.clear()
    v.lock()
    return out


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def summary(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {
        "p50": round(statistics.median(ms), 1),
        "p95": round(ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))], 1),
        "max": round(ms[-1], 1),
    }


def run_child(vault_path: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(vault_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"the measured run failed:\n{proc.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# -- reporting -------------------------------------------------------------------------------
MEDIAN_KEYS = (
    "import_s",
    "unlock_s",
    "rss_before_mb",
    "first_paint_s",
    "start_to_paint_s",
    "list_ids_s",
    "scroll_to_end_s",
    "clear_search_s",
    "sort_birth_date_s",
    "sort_relevance_s",
)


def combine(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {k: round(statistics.median(r[k] for r in runs), 3) for k in MEDIAN_KEYS}
    for k in ("jump_ms", "wheel_step_ms", "keystroke_ms"):
        out[k] = {q: round(statistics.median(r[k][q] for r in runs), 1) for q in ("p50", "p95", "max")}
    out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
    out["rows"] = runs[0]["rows"]
    out["blocks_at_first_paint"] = runs[0]["blocks_at_first_paint"]
    out["keystroke_query_ms"] = runs[0]["keystroke_query_ms"]
    out["first_paint_each_s"] = [r["first_paint_s"] for r in runs]
    return out


def to_markdown(res: dict[str, Any]) -> str:
    m = res["machine"]
    lines = [
        "# Dossier list benchmark (main window)",
        "",
        f"Run {res['when']} on {m['platform']}, Python {m['python']}, SQLite {m['sqlite']}, "
        f"{m['cpus']} CPUs (load average at start {m['load_average']}). Qt offscreen platform, "
        f"pane {WIDTH} × {HEIGHT}; each figure the median of {res['runs']} fresh processes "
        f"(peak RSS: the largest). Targets: first paint ≤ {TARGET_PAINT_S:.0f} s, "
        f"peak RSS ≤ {TARGET_RSS_MB:.0f} MB.",
        "",
        "| dossiers | **first paint** | list_ids | scroll to end | random jump p50 / p95 / max "
        "| wheel step p50 / max | keystroke p50 / p95 / max | sort by birth date | **peak RSS** "
        "| RSS before list |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in res["sizes"]:
        s = size["list"]
        j, w, k = s["jump_ms"], s["wheel_step_ms"], s["keystroke_ms"]
        lines.append(
            f"| {size['size']:,} | **{s['first_paint_s'] * 1000:.0f} ms** | {s['list_ids_s'] * 1000:.0f} ms "
            f"| {s['scroll_to_end_s'] * 1000:.0f} ms | {j['p50']} / {j['p95']} / {j['max']} ms "
            f"| {w['p50']} / {w['max']} ms | {k['p50']} / {k['p95']} / {k['max']} ms "
            f"| {s['sort_birth_date_s'] * 1000:.0f} ms | **{s['peak_rss_mb']:.0f} MB** "
            f"| {s['rss_before_mb']:.0f} MB |"
        )
    for size in res["sizes"]:
        s = size["list"]
        lines += [
            "",
            f"At {size['size']:,}: first paint in each run {s['first_paint_each_s']} s; "
            f"{s['blocks_at_first_paint']} block(s) of rows read for it; Python + Qt + app imports "
            f"{s['import_s']} s, unlock {s['unlock_s']} s (weak benchmark KDF), process start to first "
            f"paint {s['start_to_paint_s']} s; clearing the search "
            f"{s['clear_search_s'] * 1000:.0f} ms; back to relevance order "
            f"{s['sort_relevance_s'] * 1000:.0f} ms.",
            "",
            "Re-query time per keystroke (ms, first run): "
            + ", ".join(f"`{text}` {ms}" for text, ms in s["keystroke_query_ms"].items()),
        ]
    return "\n".join(lines) + "\n"


def write(res: dict[str, Any]) -> None:
    write_results("gui_list", res, to_markdown(res))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated vault sizes")
    parser.add_argument("--runs", type=int, default=3, help="measured processes per size")
    parser.add_argument("--cache", type=Path, default=default_cache(), help="where built vaults are kept")
    parser.add_argument("--fresh", action="store_true", help="build the vaults again")
    parser.add_argument(
        "--build-only", action="store_true", help="build (or check) the vaults, measure nothing"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()  # `dev.py bench` passes every benchmark the same options
    if args.child is not None:
        print(json.dumps(child(args.child), ensure_ascii=False))
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    res: dict[str, Any] = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "runs": args.runs,
        "sizes": [],
    }
    for size in sizes:
        vault_path = ensure_vault(args.cache, size, args.fresh)
        if args.build_only:
            continue
        runs = []
        for n in range(args.runs):
            print(f"size {size:,}: measured run {n + 1}/{args.runs}", flush=True)
            runs.append(run_child(vault_path))
            print(f"  first paint {runs[-1]['first_paint_s']} s, peak RSS {runs[-1]['peak_rss_mb']} MB")
        res["sizes"].append({"size": size, "list": combine(runs), "each": runs})
        write(res)
    if not args.build_only:
        print(to_markdown(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
