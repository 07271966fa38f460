"""The terminal check (DESIGN §8): owns judging what about this workstation HoSo cannot fix
itself — swap, hibernation, full-disk encryption, network interfaces, TMPDIR, CUPS job
retention, screen-capture tools, core dumps — as green / amber / red with what to do.

It reads only files under /proc, /sys and /etc, the directories on PATH and environment
variables, and never runs a program (the air-gap guard forbids it). ``root`` and ``environ``
let tests build a fake /proc, /sys, /etc tree. A file that cannot be read gives amber
``doctor.unreadable``, never an exception. Must not import Qt.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app import i18n

Status = Literal["green", "amber", "red"]
_RANK: dict[str, int] = {"green": 0, "amber": 1, "red": 2}
_Kind = Literal["encrypted", "ram", "unverified", "plain"]

SCREEN_CAPTURE_TOOLS = (
    "scrot", "gnome-screenshot", "spectacle", "flameshot", "xfce4-screenshooter", "mate-screenshot",
    "deepin-screenshot", "ksnip", "shutter", "maim", "grim", "obs", "simplescreenrecorder", "kazam",
    "peek", "vokoscreenNG", "recordmydesktop", "wf-recorder", "gpu-screen-recorder",
)  # fmt: skip


@dataclass(frozen=True)
class Check:
    """The outcome of one check; its sentences come from the message catalog."""

    id: str
    status: Status
    title_key: str
    detail_key: str
    params: dict[str, str] = field(default_factory=dict)

    def title(self, lang: str | None = None) -> str:
        return i18n.t(self.title_key, lang=lang, **self.params)

    def detail(self, lang: str | None = None) -> str:
        return i18n.t(self.detail_key, lang=lang, **self.params)


@dataclass(frozen=True)
class _Mount:
    source: str
    point: str
    fstype: str


def _check(check_id: str, status: Status, outcome: str, **params: str) -> Check:
    return Check(check_id, status, f"doctor.{check_id}.title", f"doctor.{check_id}.{outcome}", params)


def _unreadable(check_id: str, source: str) -> Check:
    return Check(check_id, "amber", f"doctor.{check_id}.title", "doctor.unreadable", {"source": source})


def _unescape(field_text: str) -> str:
    """Undo the octal escapes (``\\040`` for a space …) of /proc/swaps and /proc/self/mounts."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field_text)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


class _Host:
    """The machine as seen through ``root`` and ``environ``."""

    def __init__(self, root: Path, environ: Mapping[str, str]) -> None:
        self.root = root
        self.environ = environ
        self._mounts: list[_Mount] | None = None

    def path(self, absolute: str) -> Path:
        return self.root / absolute.lstrip("/")

    def read(self, absolute: str) -> str | None:
        return _read(self.path(absolute))

    def mounts(self) -> list[_Mount] | None:
        if self._mounts is None:
            text = self.read("/proc/self/mounts")
            if text is None:
                return None
            rows = (line.split() for line in text.splitlines())
            self._mounts = [_Mount(_unescape(r[0]), _unescape(r[1]), r[2]) for r in rows if len(r) >= 3]
        return self._mounts

    def mount_of(self, path: str) -> _Mount | None:
        """The mount holding ``path``: the longest mount point above it, the last one mounted."""
        best: _Mount | None = None
        for mount in self.mounts() or []:
            point = mount.point.rstrip("/")
            if (path == point or path.startswith(point + "/")) and (
                best is None or len(point) >= len(best.point.rstrip("/"))
            ):
                best = mount
        return best

    def dm_crypt(self, name: str, depth: int = 0) -> bool | None:
        """Whether device-mapper device ``dm-N`` is dm-crypt or stacked on one; None if unknown."""
        uuid = self.read(f"/sys/block/{name}/dm/uuid")
        if uuid is None or depth > 8:
            return None
        if uuid.startswith("CRYPT-"):
            return True
        unknown = False
        slaves = self.path(f"/sys/block/{name}/slaves")
        for slave in sorted(slaves.iterdir()) if slaves.is_dir() else []:
            if slave.name.startswith("dm-"):
                below = self.dm_crypt(slave.name, depth + 1)
                if below:
                    return True
                unknown = unknown or below is None
        return None if unknown else False

    def dm_by_name(self, mapped: str) -> str | None:
        """The kernel name ``dm-N`` of ``/dev/mapper/<mapped>``."""
        for device in sorted(self.path("/sys/block").glob("dm-*")):
            if (_read(device / "dm" / "name") or "").strip() == mapped:
                return device.name
        return None

    def device_kind(self, source: str, fstype: str = "") -> _Kind:
        """How a block device (or filesystem source) protects what is written to it."""
        name = source.rsplit("/", 1)[-1]
        if fstype in ("ecryptfs", "tmpfs", "ramfs"):
            return "encrypted" if fstype == "ecryptfs" else "ram"
        if name.startswith("zram"):
            backing = self.read(f"/sys/block/{name}/backing_dev")
            return "ram" if backing is None or backing.strip() == "none" else "unverified"
        if source.startswith("/dev/mapper/"):
            name = self.dm_by_name(name) or ""
            if not name:
                return "unverified"
        if name.startswith("dm-"):
            state = self.dm_crypt(name)
            return "unverified" if state is None else "encrypted" if state else "plain"
        return "plain" if source.startswith("/dev/") else "unverified"


def _swap(host: _Host) -> Check:
    text = host.read("/proc/swaps")
    if text is None:
        return _unreadable("swap", "/proc/swaps")
    kinds: dict[str, list[str]] = {"encrypted": [], "ram": [], "unverified": [], "plain": []}
    for line in text.splitlines()[1:]:
        row = line.split()
        if len(row) < 2:
            continue
        name = _unescape(row[0])
        if row[1] == "file":  # a swap file is as safe as the filesystem holding it
            mount = host.mount_of(name)
            kinds[host.device_kind(mount.source, mount.fstype) if mount else "unverified"].append(name)
        else:
            kinds[host.device_kind(name)].append(name)
    if kinds["plain"]:
        return _check("swap", "red", "plain", devices=", ".join(kinds["plain"]))
    if kinds["unverified"]:
        return _check("swap", "amber", "unverified", devices=", ".join(kinds["unverified"]))
    if kinds["encrypted"] or kinds["ram"]:
        return _check("swap", "green", "safe", devices=", ".join(kinds["encrypted"] + kinds["ram"]))
    return _check("swap", "green", "off")


def _hibernation(host: _Host) -> Check:
    state = host.read("/sys/power/state")
    if state is None:
        return _unreadable("hibernation", "/sys/power/state")
    if "disk" not in state.split() or "[disabled]" in (host.read("/sys/power/disk") or ""):
        return _check("hibernation", "green", "off")
    return _check("hibernation", "amber", "on")


def _disk_encryption(host: _Host, vault: Path | None) -> Check:
    path = os.path.realpath(vault if vault is not None else host.environ.get("HOME", "/"))
    mount = host.mount_of(path)
    if mount is None:
        return _unreadable("disk_encryption", "/proc/self/mounts")
    params = {"path": path, "device": mount.source, "fstype": mount.fstype}
    kind = host.device_kind(mount.source, mount.fstype)
    if kind == "encrypted":
        return _check("disk_encryption", "green", "encrypted", **params)
    return _check("disk_encryption", "amber", "plain" if kind == "plain" else "unverified", **params)


def _network(host: _Host) -> Check:
    folder = host.path("/sys/class/net")
    if not folder.is_dir():
        return _unreadable("network", "/sys/class/net")
    up: list[str] = []
    for interface in sorted(folder.iterdir(), key=lambda p: p.name):
        if interface.name == "lo" or (_read(interface / "type") or "").strip() == "772":  # loopback
            continue
        state = (_read(interface / "operstate") or "unknown").strip()
        flags = (_read(interface / "flags") or "").strip()
        # "unknown": the driver does not report a link (tun, ppp …); then trust the IFF_UP flag.
        admin_up = not re.fullmatch(r"0x[0-9a-fA-F]+", flags) or int(flags, 16) & 0x1
        if state == "up" or (state == "unknown" and admin_up):
            up.append(interface.name)
    if up:
        return _check("network", "red", "up", interfaces=", ".join(up))
    return _check("network", "green", "isolated")


def _tmpdir(host: _Host) -> Check:
    path = os.path.realpath(host.environ.get("TMPDIR") or "/tmp")  # noqa: S108 - the default, named
    mount = host.mount_of(path)
    if mount is None:
        return _unreadable("tmpdir", "/proc/self/mounts")
    if mount.fstype in ("tmpfs", "ramfs"):
        return _check("tmpdir", "green", "ram", path=path, fstype=mount.fstype)
    return _check("tmpdir", "amber", "disk", path=path, fstype=mount.fstype)


def _cups(host: _Host) -> Check:
    conf = "/etc/cups/cupsd.conf"
    if not host.path(conf).exists():
        return _check("cups", "green", "not_installed")
    text = host.read(conf)
    if text is None:  # often 0640 root:lp
        return _unreadable("cups", conf)
    value: str | None = None
    for line in text.splitlines():
        words = line.strip().split(None, 1)
        if words and words[0].lower() == "preservejobfiles":
            value = words[1].strip() if len(words) > 1 else ""
    if value is None:
        return _check("cups", "amber", "default")
    if value.lower() in ("no", "off", "false"):
        return _check("cups", "green", "discarded")
    return _check("cups", "amber", "kept", value=value)


def _screen_capture(host: _Host) -> Check:
    folders = [f for f in host.environ.get("PATH", os.defpath).split(os.pathsep) if f]
    found = [
        tool
        for tool in SCREEN_CAPTURE_TOOLS
        if any((host.path(f) / tool).is_file() and os.access(host.path(f) / tool, os.X_OK) for f in folders)
    ]
    if found:
        return _check("screen_capture", "amber", "found", tools=", ".join(found))
    return _check("screen_capture", "green", "none")


def _coredump_storage(host: _Host) -> str:
    """systemd-coredump's ``Storage=`` setting (default ``external``), last file winning."""
    storage = "external"
    drop_ins = sorted(host.path("/etc/systemd/coredump.conf.d").glob("*.conf"))
    for text in [host.read("/etc/systemd/coredump.conf")] + [_read(p) for p in drop_ins]:
        for line in (text or "").splitlines():
            key, _, value = line.partition("=")
            if key.strip() == "Storage":
                storage = value.strip().lower()
    return storage


def _core_dumps(host: _Host) -> Check:
    pattern = host.read("/proc/sys/kernel/core_pattern")
    if pattern is None:
        return _unreadable("core_dumps", "/proc/sys/kernel/core_pattern")
    pattern = pattern.strip()
    if not pattern.startswith("|"):
        return _check("core_dumps", "green", "file")
    program = (pattern[1:].split() or [""])[0]
    if program.endswith("systemd-coredump") and _coredump_storage(host) == "none":
        return _check("core_dumps", "green", "discarded", program=program)
    return _check("core_dumps", "amber", "piped", program=program)


def run_checks(
    vault: Path | None = None, *, root: Path = Path("/"), environ: Mapping[str, str] | None = None
) -> list[Check]:
    """Every check, in the order the page and ``hoso doctor`` show them."""
    host = _Host(root, os.environ if environ is None else environ)
    return [
        _swap(host),
        _hibernation(host),
        _disk_encryption(host, vault),
        _network(host),
        _tmpdir(host),
        _cups(host),
        _screen_capture(host),
        _core_dumps(host),
    ]


def overall(checks: Iterable[Check]) -> Status:
    """The worst status among ``checks`` (green when there are none)."""
    worst: Status = "green"
    for check in checks:
        if _RANK[check.status] > _RANK[worst]:
            worst = check.status
    return worst
