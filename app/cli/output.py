"""What a command prints: one JSON document on standard output with ``--json``, sentences for
people otherwise; messages and errors always on standard error. Must not import Qt.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from app import i18n


class Output:
    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def result(self, data: Any, *lines: str) -> None:
        """The command's result: ``data`` as JSON, or ``lines`` for people."""
        if self.as_json:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            for line in lines:
                sys.stdout.write(line + "\n")
        sys.stdout.flush()

    def say(self, key: str, **params: Any) -> None:
        """A message for people, on standard error so ``--json`` output stays clean."""
        sys.stderr.write(i18n.t(key, **params) + "\n")

    def error(self, text: str) -> None:
        sys.stderr.write(f"hoso: {text}\n")
        sys.stderr.flush()
