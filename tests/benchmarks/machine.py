"""What every benchmark records about the machine it ran on (imported by the bench_*.py scripts,
which run as standalone scripts with this folder on sys.path)."""

from __future__ import annotations

import os
import platform
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
