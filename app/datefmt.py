"""Dates and times as Vietnamese readers write them: dd/mm/yyyy, 24-hour clock, local time.

Stored times are ISO UTC (``2026-11-21T03:05:10.504Z``); stored dates may be partial ISO
(``1968``, ``1968-05``, ``1968-05-17``). Must not import Qt.
"""

from __future__ import annotations

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
