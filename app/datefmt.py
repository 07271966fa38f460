"""Dates and times as Vietnamese readers write them: dd/mm/yyyy, 24-hour clock, local time.

Stored times are ISO UTC (``2026-11-21T03:05:10.504Z``); stored dates may be partial ISO
(``1968``, ``1968-05``, ``1968-05-17``). Must not import Qt.
"""

from __future__ import annotations

from datetime import date, datetime

from app.clock import parse_iso_utc


def local_datetime(iso: str, seconds: bool = True) -> str:
    """``21/11/2026 10:05:10`` in the workstation's time zone."""
    try:
        moment = parse_iso_utc(iso).astimezone()
    except ValueError:
        return iso
    return moment.strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def partial_date(iso: str) -> str:
    """``1968`` → ``1968``; ``1968-05`` → ``05/1968``; ``1968-05-17`` → ``17/05/1968``."""
    parts = iso.split("-")
    return "/".join(reversed(parts)) if all(p.isdigit() for p in parts) else iso


def parse_day(text: str) -> date | None:
    """A whole day written ``dd/mm/yyyy`` (as officers type it) or ``yyyy-mm-dd``; None otherwise."""
    text = text.strip()
    try:
        if "/" in text:
            day, month, year = (int(p) for p in text.split("/"))
            return date(year, month, day) if len(text.split("/")[2]) == 4 else None
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def local_day(moment: datetime) -> date:
    """The calendar day of ``moment`` in the workstation's time zone."""
    return moment.astimezone().date()
