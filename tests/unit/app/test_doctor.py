"""The terminal check (DESIGN §8) against fake /proc, /sys and /etc trees: every check, each outcome."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app import doctor, i18n
from app.doctor import Check

CRYPT_UUID = "CRYPT-LUKS2-0123456789abcdef0123456789abcdef-luks\n"
LVM_UUID = "LVM-abcdefabcdefabcdefabcdefabcdefab\n"
ROOT_PLAIN = "/dev/sda1 / ext4 rw,relatime 0 0\n"


def write(root: Path, absolute: str, text: str) -> Path:
    path = root / absolute.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def dm(root: Path, kernel: str, name: str, uuid: str, slaves: tuple[str, ...] = ()) -> None:
    write(root, f"/sys/block/{kernel}/dm/name", name + "\n")
    write(root, f"/sys/block/{kernel}/dm/uuid", uuid)
    (root / "sys/block" / kernel / "slaves").mkdir(parents=True, exist_ok=True)
    for slave in slaves:
        (root / "sys/block" / kernel / "slaves" / slave).mkdir()


def run(root: Path, check_id: str, vault: Path | None = None, **environ: str) -> Check:
    checks = doctor.run_checks(vault, root=root, environ={"HOME": "/home/officer", **environ})
    assert [c.id for c in checks] == [
        "swap", "hibernation", "disk_encryption", "network", "tmpdir", "cups", "screen_capture", "core_dumps",
    ]  # fmt: skip
    (check,) = [c for c in checks if c.id == check_id]
    for lang in i18n.LANGUAGES:  # every key a check uses exists, and every parameter is filled
        assert check.title_key in i18n.catalog(lang)
        assert check.detail_key in i18n.catalog(lang)
        assert "{" not in check.title(lang) + check.detail(lang)
    return check


def swaps(root: Path, *rows: str) -> None:
    write(root, "/proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n" + "".join(rows))


# ---------------------------------------------------------------- swap


def test_swap_off_is_green(tmp_path: Path) -> None:
    swaps(tmp_path)
    check = run(tmp_path, "swap")
    assert (check.status, check.detail_key) == ("green", "doctor.swap.off")


def test_plain_swap_partition_is_red(tmp_path: Path) -> None:
    swaps(tmp_path, "/dev/sda2                               partition\t8388604\t\t0\t\t-2\n")
    check = run(tmp_path, "swap")
    assert (check.status, check.detail_key) == ("red", "doctor.swap.plain")
    assert check.params["devices"] == "/dev/sda2"
    assert "/dev/sda2" in check.detail("vi")


def test_swap_file_on_plain_disk_is_red_with_escaped_name(tmp_path: Path) -> None:
    swaps(tmp_path, "/swap\\040file                          file\t\t2097148\t\t0\t\t-2\n")
    write(tmp_path, "/proc/self/mounts", ROOT_PLAIN)
    check = run(tmp_path, "swap")
    assert (check.status, check.params["devices"]) == ("red", "/swap file")


def test_swap_file_on_encrypted_root_is_green(tmp_path: Path) -> None:
    swaps(tmp_path, "/swapfile                               file\t\t2097148\t\t0\t\t-2\n")
    write(tmp_path, "/proc/self/mounts", "/dev/mapper/luks-root / ext4 rw 0 0\n")
    dm(tmp_path, "dm-0", "luks-root", CRYPT_UUID)
    check = run(tmp_path, "swap")
    assert (check.status, check.detail_key) == ("green", "doctor.swap.safe")


def test_swap_on_dm_crypt_is_green(tmp_path: Path) -> None:
    swaps(tmp_path, "/dev/dm-1                               partition\t8388604\t\t0\t\t-2\n")
    dm(tmp_path, "dm-1", "cryptswap", CRYPT_UUID, ("sda2",))
    assert run(tmp_path, "swap").status == "green"


def test_swap_on_lvm_over_luks_is_green(tmp_path: Path) -> None:
    swaps(tmp_path, "/dev/dm-2                               partition\t8388604\t\t0\t\t-2\n")
    dm(tmp_path, "dm-0", "luks-pv", CRYPT_UUID, ("sda3",))
    dm(tmp_path, "dm-2", "vg-swap", LVM_UUID, ("dm-0",))
    assert run(tmp_path, "swap").status == "green"


def test_swap_on_plain_lvm_is_red(tmp_path: Path) -> None:
    swaps(tmp_path, "/dev/mapper/vg-swap                     partition\t8388604\t\t0\t\t-2\n")
    dm(tmp_path, "dm-2", "vg-swap", LVM_UUID, ("sda3",))
    check = run(tmp_path, "swap")
    assert (check.status, check.params["devices"]) == ("red", "/dev/mapper/vg-swap")


def test_swap_on_unverifiable_mapped_device_is_amber(tmp_path: Path) -> None:
    swaps(tmp_path, "/dev/dm-1                               partition\t8388604\t\t0\t\t-2\n")
    check = run(tmp_path, "swap")
    assert (check.status, check.detail_key) == ("amber", "doctor.swap.unverified")


def test_zram_swap_is_green_unless_it_writes_back_to_disk(tmp_path: Path) -> None:
    swaps(tmp_path, "/dev/zram0                              partition\t4194300\t\t0\t\t100\n")
    write(tmp_path, "/sys/block/zram0/backing_dev", "none\n")
    assert run(tmp_path, "swap").status == "green"
    write(tmp_path, "/sys/block/zram0/backing_dev", "/dev/sda4\n")
    assert run(tmp_path, "swap").status == "amber"


def test_swap_unreadable_is_amber(tmp_path: Path) -> None:
    check = run(tmp_path, "swap")
    assert (check.status, check.detail_key) == ("amber", "doctor.unreadable")
    assert check.params["source"] == "/proc/swaps"


# ---------------------------------------------------------------- hibernation


def test_hibernation_available_is_amber(tmp_path: Path) -> None:
    write(tmp_path, "/sys/power/state", "freeze mem disk\n")
    write(tmp_path, "/sys/power/disk", "[platform] shutdown reboot suspend test_resume\n")
    check = run(tmp_path, "hibernation")
    assert (check.status, check.detail_key) == ("amber", "doctor.hibernation.on")


def test_hibernation_disabled_is_green(tmp_path: Path) -> None:
    write(tmp_path, "/sys/power/state", "freeze mem disk\n")
    write(tmp_path, "/sys/power/disk", "[disabled]\n")
    assert run(tmp_path, "hibernation").status == "green"


def test_no_disk_state_is_green(tmp_path: Path) -> None:
    write(tmp_path, "/sys/power/state", "freeze mem\n")
    assert run(tmp_path, "hibernation").status == "green"


def test_hibernation_unreadable_is_amber(tmp_path: Path) -> None:
    assert run(tmp_path, "hibernation").detail_key == "doctor.unreadable"


# ---------------------------------------------------------------- full-disk encryption


def test_vault_on_luks_is_green(tmp_path: Path) -> None:
    vault = tmp_path / "data" / "vault"
    write(
        tmp_path, "/proc/self/mounts", f"{ROOT_PLAIN}/dev/mapper/luks-data {tmp_path.resolve()} ext4 rw 0 0\n"
    )
    dm(tmp_path, "dm-0", "luks-data", CRYPT_UUID)
    check = run(tmp_path, "disk_encryption", vault)
    assert (check.status, check.params["device"]) == ("green", "/dev/mapper/luks-data")
    assert check.params["path"] == str(vault.resolve())


def test_vault_on_plain_partition_is_amber(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    mounts = f"/dev/mapper/luks-root / ext4 rw 0 0\n/dev/sdb1 {tmp_path.resolve()} ext4 rw 0 0\n"
    write(tmp_path, "/proc/self/mounts", mounts)
    dm(tmp_path, "dm-0", "luks-root", CRYPT_UUID)
    check = run(tmp_path, "disk_encryption", vault)  # the longest mount point wins over /
    assert (check.status, check.detail_key) == ("amber", "doctor.disk_encryption.plain")


def test_home_is_checked_without_a_vault(tmp_path: Path) -> None:
    home = tmp_path / "home with space"
    home.mkdir()
    escaped = str(home.resolve()).replace(" ", "\\040")
    write(tmp_path, "/proc/self/mounts", f"{ROOT_PLAIN}/dev/dm-3 {escaped} xfs rw 0 0\n")
    dm(tmp_path, "dm-3", "luks-home", CRYPT_UUID)
    check = run(tmp_path, "disk_encryption", None, HOME=str(home))
    assert (check.status, check.params["device"]) == ("green", "/dev/dm-3")


def test_unknown_filesystem_source_is_amber(tmp_path: Path) -> None:
    write(tmp_path, "/proc/self/mounts", "overlay / overlay rw 0 0\n")
    check = run(tmp_path, "disk_encryption", tmp_path / "vault")
    assert (check.status, check.detail_key) == ("amber", "doctor.disk_encryption.unverified")


def test_disk_encryption_without_mounts_is_amber(tmp_path: Path) -> None:
    assert run(tmp_path, "disk_encryption", tmp_path).detail_key == "doctor.unreadable"


# ---------------------------------------------------------------- network


def interface(root: Path, name: str, state: str, flags: str = "0x1003", kind: str = "1") -> None:
    write(root, f"/sys/class/net/{name}/operstate", state + "\n")
    write(root, f"/sys/class/net/{name}/flags", flags + "\n")
    write(root, f"/sys/class/net/{name}/type", kind + "\n")


def test_interface_up_is_red(tmp_path: Path) -> None:
    interface(tmp_path, "lo", "unknown", "0x9", "772")
    interface(tmp_path, "enp3s0", "up")
    interface(tmp_path, "wlp2s0", "down", "0x1002")
    check = run(tmp_path, "network")
    assert (check.status, check.params["interfaces"]) == ("red", "enp3s0")


def test_only_loopback_and_down_interfaces_is_green(tmp_path: Path) -> None:
    interface(tmp_path, "lo", "unknown", "0x9", "772")
    interface(tmp_path, "enp3s0", "down", "0x1002")
    interface(tmp_path, "tun0", "unknown", "0x1090", "65534")  # IFF_UP clear
    assert run(tmp_path, "network").status == "green"


def test_link_state_unknown_but_administratively_up_is_red(tmp_path: Path) -> None:
    interface(tmp_path, "tun0", "unknown", "0x1091", "65534")
    assert run(tmp_path, "network").params["interfaces"] == "tun0"


def test_network_unreadable_is_amber(tmp_path: Path) -> None:
    assert run(tmp_path, "network").detail_key == "doctor.unreadable"


# ---------------------------------------------------------------- TMPDIR


def test_tmpdir_on_tmpfs_is_green(tmp_path: Path) -> None:
    write(tmp_path, "/proc/self/mounts", f"{ROOT_PLAIN}tmpfs {tmp_path.resolve()} tmpfs rw 0 0\n")
    check = run(tmp_path, "tmpdir", TMPDIR=str(tmp_path / "spool"))
    assert (check.status, check.params["fstype"]) == ("green", "tmpfs")


def test_tmpdir_on_disk_is_amber(tmp_path: Path) -> None:
    write(tmp_path, "/proc/self/mounts", f"tmpfs /dev/shm tmpfs rw 0 0\n{ROOT_PLAIN}")
    check = run(tmp_path, "tmpdir", TMPDIR=str(tmp_path))
    assert (check.status, check.detail_key) == ("amber", "doctor.tmpdir.disk")


def test_default_tmp_is_checked_when_tmpdir_unset(tmp_path: Path) -> None:
    tmp = os.path.realpath("/tmp")
    write(tmp_path, "/proc/self/mounts", f"{ROOT_PLAIN}tmpfs {tmp} tmpfs rw 0 0\n")
    check = run(tmp_path, "tmpdir")
    assert (check.status, check.params["path"]) == ("green", tmp)


# ---------------------------------------------------------------- CUPS


def test_cups_not_installed_is_green(tmp_path: Path) -> None:
    check = run(tmp_path, "cups")
    assert (check.status, check.detail_key) == ("green", "doctor.cups.not_installed")


def test_cups_preserving_no_job_files_is_green(tmp_path: Path) -> None:
    write(tmp_path, "/etc/cups/cupsd.conf", "LogLevel warn\n  PreserveJobFiles No\n")
    assert run(tmp_path, "cups").detail_key == "doctor.cups.discarded"


def test_cups_default_retention_is_amber(tmp_path: Path) -> None:
    write(tmp_path, "/etc/cups/cupsd.conf", "LogLevel warn\n#PreserveJobFiles No\n")
    check = run(tmp_path, "cups")
    assert (check.status, check.detail_key) == ("amber", "doctor.cups.default")


@pytest.mark.parametrize("value", ["Yes", "86400", "1d"])
def test_cups_keeping_job_files_is_amber(tmp_path: Path, value: str) -> None:
    write(tmp_path, "/etc/cups/cupsd.conf", f"PreserveJobFiles No\nPreserveJobFiles {value}\n")
    check = run(tmp_path, "cups")
    assert (check.status, check.params["value"]) == ("amber", value)


def test_cups_config_unreadable_is_amber(tmp_path: Path) -> None:
    (tmp_path / "etc/cups/cupsd.conf").mkdir(parents=True)  # exists, cannot be read as a file
    assert run(tmp_path, "cups").detail_key == "doctor.unreadable"


# ---------------------------------------------------------------- screen capture


def test_screen_capture_tools_on_path_are_amber(tmp_path: Path) -> None:
    for tool in ("flameshot", "obs"):
        write(tmp_path, f"/opt/bin/{tool}", "#!/bin/sh\n").chmod(0o755)
    write(tmp_path, "/usr/bin/ls", "").chmod(0o755)
    check = run(tmp_path, "screen_capture", PATH="/usr/bin:/opt/bin")
    assert (check.status, check.params["tools"]) == ("amber", "flameshot, obs")


def test_no_executable_screen_capture_tool_is_green(tmp_path: Path) -> None:
    write(tmp_path, "/usr/bin/scrot", "").chmod(0o644)  # not executable
    (tmp_path / "usr/bin/spectacle").mkdir()  # not a file
    write(tmp_path, "/elsewhere/grim", "").chmod(0o755)  # not on PATH
    check = run(tmp_path, "screen_capture", PATH="/usr/bin")
    assert (check.status, check.detail_key) == ("green", "doctor.screen_capture.none")


# ---------------------------------------------------------------- core dumps

COREDUMP = "|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h\n"


def test_core_dumps_to_file_are_green(tmp_path: Path) -> None:
    write(tmp_path, "/proc/sys/kernel/core_pattern", "core\n")
    assert run(tmp_path, "core_dumps").detail_key == "doctor.core_dumps.file"


def test_core_dumps_piped_to_a_program_are_amber(tmp_path: Path) -> None:
    write(tmp_path, "/proc/sys/kernel/core_pattern", COREDUMP)
    check = run(tmp_path, "core_dumps")
    assert (check.status, check.params["program"]) == ("amber", "/usr/lib/systemd/systemd-coredump")


def test_systemd_coredump_storing_nothing_is_green(tmp_path: Path) -> None:
    write(tmp_path, "/proc/sys/kernel/core_pattern", COREDUMP)
    write(tmp_path, "/etc/systemd/coredump.conf", "[Coredump]\n#Storage=external\n")
    write(tmp_path, "/etc/systemd/coredump.conf.d/50-hoso.conf", "[Coredump]\nStorage=none\n")
    assert run(tmp_path, "core_dumps").status == "green"
    write(tmp_path, "/etc/systemd/coredump.conf.d/60-later.conf", "[Coredump]\nStorage=external\n")
    assert run(tmp_path, "core_dumps").status == "amber"


def test_core_pattern_unreadable_is_amber(tmp_path: Path) -> None:
    assert run(tmp_path, "core_dumps").detail_key == "doctor.unreadable"


# ---------------------------------------------------------------- overall and catalogs


def make(status: doctor.Status) -> Check:
    return Check("x", status, "doctor.swap.title", "doctor.swap.off", {})


def test_overall_is_the_worst_status() -> None:
    assert doctor.overall([]) == "green"
    assert doctor.overall([make("green"), make("green")]) == "green"
    assert doctor.overall([make("green"), make("amber")]) == "amber"
    assert doctor.overall([make("red"), make("amber"), make("green")]) == "red"


def test_catalogs_hold_the_same_doctor_keys_and_vietnamese_is_translated() -> None:
    vi, en = i18n.catalog("vi"), i18n.catalog("en")
    keys = {k for k in vi if k.startswith(("doctor.", "airgap."))}
    assert keys == {k for k in en if k.startswith(("doctor.", "airgap."))}
    assert len(keys) > 30
    assert vi["doctor.swap.title"] == "Bộ nhớ hoán đổi (swap)"
    assert all(vi[k] != en[k] for k in keys)


def test_check_renders_in_both_languages() -> None:
    check = Check("network", "red", "doctor.network.title", "doctor.network.up", {"interfaces": "eth0"})
    assert check.title("vi") == "Cách ly mạng"
    assert check.title("en") == "Network isolation"
    assert "eth0" in check.detail("vi")
    assert "eth0" in check.detail("en")
