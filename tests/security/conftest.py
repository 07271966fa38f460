"""Fixtures for the security tests, on top of the shared ones in ``tests/conftest.py``.

``tests.conftest`` is not importable as a module here (``tests`` is not a package), so its
constants are reached through its fixtures: ``weak_kdf`` is the default KDF of ``make_vault``
(the shared ``WEAK``), ``project`` the project folder.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crypto.kdf import FLOOR, KdfParams


@pytest.fixture
def weak_kdf(make_vault: Callable[..., Any]) -> KdfParams:
    """The fast test KDF that ``make_vault`` uses by default."""
    default = inspect.signature(make_vault).parameters["kdf"].default
    assert isinstance(default, KdfParams)
    assert not default.at_least(FLOOR)
    return default


@pytest.fixture(scope="session")
def project() -> Path:
    return Path(__file__).resolve().parents[2]
