"""Saves and exports killed at random moments leave the old file or the new one, never half.

A child process saves (or exports) two deals in turn, over and over, into one file; it
is killed with SIGKILL a random moment after its first complete write. What is left must
be one of the two whole files. The temporary files the kills leave behind are removed
by a later write once they are old enough.
"""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from leasedesk.atomic import STALE_TEMP_SECONDS, TEMP_MARK, write_bytes_atomically
from leasedesk.files import load_deal, save_deal, serialize_deal
from leasedesk.resources import sample_deal_path

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

ROUNDS = 24
SAVE_LOOP = """
import sys
from leasedesk.files import load_deal, save_deal
deals = [load_deal(path) for path in sys.argv[1:3]]
target = sys.argv[3]
save_deal(deals[0], target)
print("ready", flush=True)
while True:
    for deal in deals:
        save_deal(deal, target)
"""
EXPORT_LOOP = """
import sys
from pathlib import Path
from leasedesk.excel import export_workbook
from leasedesk.files import load_deal
deals = [load_deal(path) for path in sys.argv[1:3]]
target = Path(sys.argv[3])
export_workbook(deals[0], target)
print("ready", flush=True)
while True:
    for deal in deals:
        export_workbook(deal, target)
"""


def _two_deals(folder: Path) -> tuple[Path, Path]:
    """The sample, and the sample renamed with long notes (so that a save takes a while)."""
    sample = load_deal(sample_deal_path())
    old, new = folder / "old.leasedeal", folder / "new.leasedeal"
    save_deal(dataclasses.replace(sample, name="Old terms"), old)
    long_notes = tuple(dataclasses.replace(offer, notes="o" * 600_000) for offer in sample.offers)
    save_deal(dataclasses.replace(sample, name="New terms", notes="n" * 1_000_000, offers=long_notes), new)
    return old, new


def _kill_at_random(code: str, old: Path, new: Path, target: Path, rng: random.Random) -> None:
    child = subprocess.Popen([sys.executable, "-c", code, str(old), str(new), str(target)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.08))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()


def _leftover_temporaries(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if TEMP_MARK in path.name]


def _clear_old_temporaries(folder: Path) -> None:
    """Age what the kills left, then write once more into the folder: that write removes them."""
    then = time.time() - 2 * STALE_TEMP_SECONDS
    for path in _leftover_temporaries(folder):
        os.utime(path, (then, then))
    write_bytes_atomically(folder / "another file", b"x")


def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    old, new = _two_deals(tmp_path)
    whole_files = {serialize_deal(load_deal(old)), serialize_deal(load_deal(new))}
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "deal.leasedeal"
    rng = random.Random(14)
    for _ in range(ROUNDS):
        _kill_at_random(SAVE_LOOP, old, new, target, rng)
        assert target.read_bytes() in whole_files
    _clear_old_temporaries(folder)
    assert _leftover_temporaries(folder) == []


def test_an_export_killed_at_any_moment_leaves_the_old_or_the_new_workbook(tmp_path: Path) -> None:
    old, new = _two_deals(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "deal.xlsx"
    rng = random.Random(15)
    for _ in range(ROUNDS // 2):
        _kill_at_random(EXPORT_LOOP, old, new, target, rng)
        with zipfile.ZipFile(target) as package:
            assert package.testzip() is None  # every member whole
            strings = b"".join(package.read(name) for name in package.namelist() if name.endswith(".xml"))
        assert (b"Old terms" in strings) != (b"New terms" in strings)
    _clear_old_temporaries(folder)
    assert _leftover_temporaries(folder) == []
