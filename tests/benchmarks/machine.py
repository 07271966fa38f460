"""What every benchmark records about the machine it ran on, and where it writes its figures
(imported by the bench_*.py scripts, which run as standalone scripts with this folder on
sys.path)."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

import sqlcipher3


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "sqlite": sqlcipher3.sqlite_version,
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


RESULTS = Path(__file__).resolve().parent / "results"


def write_results(name: str, res: dict[str, Any], markdown: str) -> None:
    """``results/<name>.json`` (the figures) and ``results/<name>.md`` (the table)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", "utf-8")
    (RESULTS / f"{name}.md").write_text(markdown, "utf-8")
