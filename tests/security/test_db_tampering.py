"""Damage to ``vault.db`` is an integrity violation (exit 4) naming the file: never garbage,
never a success, and never mistaken for a wrong passphrase (DESIGN §3: the header slot proves
the key right, so a file that will not open with it is damaged)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.errors import HosoError, IntegrityViolation
from app.vault import DB_FILE, HEADER_FILE, header
from crypto.kdf import FLOOR

PAGE = 4096  # SQLCipher 4 default page size
DB_REFUSALS = {"error.db_unreadable", "error.db_corrupt"}


def refusal(handle: Any) -> IntegrityViolation:
    """Unlock with the RIGHT passphrase; the integrity violation it must raise."""
    try:
        opened = handle.unlock()
    except IntegrityViolation as exc:
        return exc
    except HosoError as exc:
        pytest.fail(f"expected an integrity violation, got {type(exc).__name__}: {exc.message('en')}")
    opened.close_quietly()
    pytest.fail("the damaged vault was opened")


def check(handle: Any, exc: IntegrityViolation) -> None:
    assert exc.key in DB_REFUSALS, exc.key
    assert exc.exit_code == 4
    assert DB_FILE in exc.message("en")
    assert DB_FILE in exc.message("vi")
    # Not a wrong passphrase: nothing was counted against the officer.
    assert header.read(handle.path / HEADER_FILE).lockout.failures == 0


@pytest.fixture
def big_vault(make_vault: Callable[..., Any]) -> Any:
    """A vault whose database spans many pages (settings rows as filler)."""
    handle = make_vault()
    v = handle.unlock()
    with v.db.transaction():
        for i in range(300):
            v.settings.put(f"filler.{i:04d}", f"{i:04d}" * 80)
    v.lock()
    size = (handle.path / DB_FILE).stat().st_size
    assert size % PAGE == 0
    assert size // PAGE >= 20
    return handle


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


OFFSETS: dict[str, Callable[[int], int]] = {
    "page1_salt": lambda size: 5,
    "page1_body": lambda size: 1000,
    "page1_reserve": lambda size: PAGE - 20,  # the page's IV and HMAC
    "page2_start": lambda size: PAGE + 1,
    "middle_page": lambda size: (size // PAGE // 2) * PAGE + 2000,
    "last_page": lambda size: size - PAGE + 100,
    "last_byte": lambda size: size - 1,
}


def test_the_filled_vault_opens_before_any_damage(big_vault: Any) -> None:
    """Control: the damage below is what makes the unlocks fail."""
    v = big_vault.unlock()
    try:
        assert v.setting("filler.0299") == "0299" * 80
    finally:
        v.close_quietly()


@pytest.mark.parametrize("where", sorted(OFFSETS))
def test_flipped_byte(big_vault: Any, where: str) -> None:
    db = big_vault.path / DB_FILE
    flip(db, OFFSETS[where](db.stat().st_size))
    damaged = db.read_bytes()
    check(big_vault, refusal(big_vault))
    assert db.read_bytes() == damaged  # the refused unlock wrote nothing into the evidence


@pytest.mark.parametrize(
    "keep",
    [
        pytest.param(lambda size: size // 2 // PAGE * PAGE, id="half_on_a_page_boundary"),
        pytest.param(lambda size: size - PAGE, id="last_page_gone"),
        pytest.param(lambda size: size - 1000, id="mid_page"),
        pytest.param(lambda size: PAGE, id="first_page_only"),
        pytest.param(lambda size: 100, id="100_bytes"),
        pytest.param(lambda size: 0, id="empty"),
    ],
)
def test_truncated_database(big_vault: Any, keep: Callable[[int], int]) -> None:
    db = big_vault.path / DB_FILE
    data = db.read_bytes()
    db.write_bytes(data[: keep(len(data))])
    damaged = db.read_bytes()
    check(big_vault, refusal(big_vault))
    assert db.read_bytes() == damaged


def test_garbage_appended(big_vault: Any) -> None:
    db = big_vault.path / DB_FILE
    with db.open("ab") as handle:
        handle.write(b"\x00" * 100)
    check(big_vault, refusal(big_vault))


def test_page_swapped_with_another(big_vault: Any) -> None:
    db = big_vault.path / DB_FILE
    data = bytearray(db.read_bytes())
    a, b = 3 * PAGE, 5 * PAGE
    data[a : a + PAGE], data[b : b + PAGE] = data[b : b + PAGE], data[a : a + PAGE]
    db.write_bytes(bytes(data))
    check(big_vault, refusal(big_vault))


def test_database_of_another_vault(make_vault: Callable[..., Any]) -> None:
    mine, other = make_vault(), make_vault()  # same passphrase, different data keys
    shutil.copy(other.path / DB_FILE, mine.path / DB_FILE)
    exc = refusal(mine)
    check(mine, exc)
    assert exc.key == "error.db_unreadable"


def test_database_replaced_by_plain_sqlite(make_vault: Callable[..., Any]) -> None:
    import sqlite3

    handle = make_vault()
    (handle.path / DB_FILE).unlink()
    conn = sqlite3.connect(handle.path / DB_FILE)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB)")
    conn.commit()
    conn.close()
    check(handle, refusal(handle))


# ------------------------------------------------------------------ through the real CLI
def test_cli_reports_a_flipped_byte_in_one_line(
    make_vault: Callable[..., Any], hoso: Callable[..., Any]
) -> None:
    handle = make_vault(kdf=FLOOR)
    db = handle.path / DB_FILE
    size = db.stat().st_size
    assert size >= 4 * PAGE
    flip(db, 2 * PAGE + 700)

    ran = hoso("info", handle.path, "--json", "--lang", "en", stdin=handle.passphrase + "\n")
    assert ran.code == 4, ran.err
    assert ran.out == ""
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    assert "Traceback" not in ran.err
    assert DB_FILE in lines[0]
    assert "damaged" in lines[0]
    assert "passphrase" not in lines[0].lower()
    assert header.read(handle.path / HEADER_FILE).lockout.failures == 0
