"""Crashed sessions: every one's work is offered back, nothing is deleted unseen, and work is autosaved
a moment after each edit.

The crashes are real: a LeaseDesk window runs in a child process, autosaves, and is killed
with SIGKILL, so its lock file stays behind with the id of a dead process.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from gui_helpers import ScriptedPrompts
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from leasedesk.files import load_deal, save_deal
from leasedesk.files.recovery import UNREADABLE_SUFFIX, Recovery
from leasedesk.resources import sample_deal_path
from leasedesk.ui.app import open_initial_deal
from leasedesk.ui.autosave import LOCK_SUFFIX, PREFIX, SUFFIX
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.settings import data_dir

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

# A window with a deal; with a name given, the Memphis lease is renamed and the work autosaved.
WINDOW_THAT_CRASHES = """
import sys
from PySide6.QtWidgets import QApplication
from leasedesk.ui.main_window import MainWindow
app = QApplication([])
window = MainWindow()
window.document.load(sys.argv[1])
if len(sys.argv) > 2:
    window.document.rename_offer("memphis", sys.argv[2])
    assert window.autosave.save_now()
print("ready", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def deal_file(tmp_path: Path) -> Path:
    path = tmp_path / "deals" / "memphis.leasedeal"
    path.parent.mkdir()
    save_deal(load_deal(sample_deal_path()), path)
    return path


def _crash_windows(deal_file: Path, *names: str | None) -> None:
    """Run one window per name in child processes (at once), then kill them all with SIGKILL."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    children = [
        subprocess.Popen([sys.executable, "-c", WINDOW_THAT_CRASHES, str(deal_file), *([name] if name else [])],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        for name in names
    ]
    try:
        for child in children:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    finally:
        for child in children:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            for stream in (child.stdin, child.stdout):
                if stream is not None:
                    stream.close()


def _autosaves() -> list[Path]:
    return sorted(data_dir().glob(f"{PREFIX}*{SUFFIX}"))


def _locks() -> list[Path]:
    return sorted(data_dir().glob(f"{PREFIX}*{LOCK_SUFFIX}"))


def _memphis_name(window: MainWindow) -> str:
    assert window.document.deal is not None
    return window.document.deal.offer("memphis").name


class Windows:
    """Opens the windows a test needs; ``answer`` answers the recovery question (yes by default)."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.answer: Callable[[Recovery], bool] = lambda _recovery: True
        self.asked: list[Recovery] = []
        self.opened: list[MainWindow] = []

    def new(self) -> MainWindow:
        window = MainWindow(prompts=_RecoveryAnswers(self))
        self.qtbot.addWidget(window)
        self.opened.append(window)
        return window


class _RecoveryAnswers(ScriptedPrompts):
    """A window's prompts: unsaved changes are discarded, recovery questions go to ``Windows.answer``."""

    def __init__(self, windows: Windows) -> None:
        super().__init__("discard")
        self.windows = windows

    def recover(self, recovery: Recovery) -> bool:
        self.windows.asked.append(recovery)
        return self.windows.answer(recovery)


@pytest.fixture
def windows(qtbot: QtBot, message_boxes: list[tuple[str, str, str]]) -> Iterator[Windows]:
    opened = Windows(qtbot)
    yield opened
    for window in opened.opened:
        window.document.undo_stack.setClean()


def test_two_crashed_windows_are_both_offered_and_both_come_back(windows: Windows, deal_file: Path) -> None:
    _crash_windows(deal_file, "Memphis (first window)", "Memphis (second window)")
    crashed = _autosaves()
    assert len(crashed) == 2 and len(_locks()) == 2

    first = windows.new()
    open_initial_deal(first, None, None, open_window=windows.new)

    assert len(windows.asked) == 2
    assert len(windows.opened) == 2  # the second session's work opened in a window of its own
    assert sorted(_memphis_name(w) for w in windows.opened) == ["Memphis (first window)", "Memphis (second window)"]
    for window in windows.opened:
        assert window.document.path == deal_file and window.document.is_modified
        assert window.autosave.store.path.is_file()  # the work is safe in this session's autosave...
    assert not any(path.exists() for path in crashed)  # ...before the crashed sessions' autosaves go
    assert sorted(_autosaves()) == sorted(w.autosave.store.path for w in windows.opened)


def test_declined_work_is_deleted_with_the_work_taken_back_safe(windows: Windows, deal_file: Path) -> None:
    _crash_windows(deal_file, "Memphis (taken back)", "Memphis (declined)")
    crashed = _autosaves()
    windows.answer = lambda recovery: recovery.deal.offer("memphis").name == "Memphis (taken back)"
    first = windows.new()
    open_initial_deal(first, None, None, open_window=windows.new)
    assert len(windows.asked) == 2
    assert windows.asked[0].saved_at >= windows.asked[1].saved_at  # newest first
    assert windows.opened == [first] and _memphis_name(first) == "Memphis (taken back)"
    assert not any(path.exists() for path in crashed)
    assert _autosaves() == [first.autosave.store.path]


def test_work_is_not_deleted_when_this_window_cannot_autosave_it(
    windows: Windows, deal_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_windows(deal_file, "Memphis (crashed)")
    [crashed] = _autosaves()
    first = windows.new()
    monkeypatch.setattr(first.autosave.store, "save", _failing_save)
    open_initial_deal(first, None, None, open_window=windows.new)
    assert _memphis_name(first) == "Memphis (crashed)"
    assert crashed.is_file()  # the only copy of the work on disk stays


def test_a_crashed_session_whose_process_id_now_belongs_to_another_python_is_still_offered(
    windows: Windows, deal_file: Path
) -> None:
    _crash_windows(deal_file, "Memphis (crashed)")
    [lock] = _locks()
    # The dead session's process id goes to another Python program, still running.
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        lines = lock.read_text().split("\n")
        lock.write_text("\n".join([str(other.pid), *lines[1:]]))
        first = windows.new()
        open_initial_deal(first, None, None, open_window=windows.new)
        assert len(windows.asked) == 1 and _memphis_name(first) == "Memphis (crashed)"
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=30)


def test_the_lock_of_a_session_that_crashed_before_its_first_autosave_is_removed(
    windows: Windows, deal_file: Path
) -> None:
    _crash_windows(deal_file, None)
    assert _autosaves() == [] and len(_locks()) == 1
    first = windows.new()
    open_initial_deal(first, None, None, open_window=windows.new)
    assert windows.asked == []
    assert _locks() == [first.autosave.store.path.with_suffix(LOCK_SUFFIX)]


def test_an_autosave_that_cannot_be_read_is_kept_aside_not_deleted(windows: Windows) -> None:
    unreadable = data_dir() / f"{PREFIX}4242-deadbeef{SUFFIX}"
    unreadable.write_bytes(b'{"format": "leasedesk-recovery", "deal": {"format": "leasedesk-deal"')
    first = windows.new()
    open_initial_deal(first, None, None, open_window=windows.new)
    assert windows.asked == []
    kept = unreadable.with_name(unreadable.name + UNREADABLE_SUFFIX)
    assert kept.read_bytes().startswith(b'{"format": "leasedesk-recovery"') and not unreadable.exists()


def test_the_lock_of_a_window_still_open_is_left_alone(windows: Windows, deal_file: Path) -> None:
    running = windows.new()
    running.document.load(deal_file)
    second = windows.new()
    open_initial_deal(second, None, None, open_window=windows.new)
    assert running.autosave.store.path.with_suffix(LOCK_SUFFIX) in _locks()
    assert running.autosave.lock.isLocked()


# --- autosave a moment after each edit ---------------------------------------------------------------------------


def _type(qtbot: QtBot, window: MainWindow, key: str, text: str) -> None:
    line = window.editor.forms["lease"].editors[key].widget
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def test_typing_is_autosaved_a_moment_after_it_stops(window: MainWindow, qtbot: QtBot) -> None:
    window.autosave.settle_timer.setInterval(5)  # 2 s in the application
    window.autosave.timer.stop()  # only the autosave after an edit may save here
    window.offers.select_offer("memphis")
    _type(qtbot, window, "name", "Memphis, as typed")
    _type(qtbot, window, "term_months", "4O")  # does not validate: kept as typed
    store = window.autosave.store
    qtbot.waitUntil(lambda: (r := store.load()) is not None and "offers[memphis].term_months" in r.pending_text)
    recovery = store.load()
    assert recovery is not None
    assert recovery.deal.offer("memphis").name == "Memphis, as typed"
    assert recovery.pending_text == {"offers[memphis].term_months": "4O"}


def test_each_keystroke_restarts_the_wait(window: MainWindow, qtbot: QtBot) -> None:
    window.autosave.settle_timer.setInterval(60_000)
    window.offers.select_offer("memphis")
    _type(qtbot, window, "name", "Memphis")
    assert window.autosave.settle_timer.isActive()
    assert not window.autosave.store.path.exists()  # not yet: the typing has not stopped long enough


# --- errors in an autosave or a save stay in the window ------------------------------------------------------------


def _failing_save(*_args: object) -> None:
    raise ValueError("the autosave cannot hold this value")


def test_a_failing_autosave_is_reported_and_the_work_kept(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    monkeypatch.setattr(window.autosave.store, "save", _failing_save)
    window.offers.select_offer("memphis")
    window.document.rename_offer("memphis", "Renamed")
    with qtbot.waitSignal(window.autosave.failed) as failed:
        assert window.autosave.save_now() is False
    assert failed.args == ["Autosave failed: the autosave cannot hold this value"]
    assert "Autosave failed" in window.statusBar().currentMessage()
    assert _memphis_name(window) == "Renamed" and window.document.is_modified


def test_an_unexpected_error_while_saving_is_reported_and_the_work_kept(
    window: MainWindow, deal_file: Path, message_boxes: list[tuple[str, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_save(*_args: object) -> None:
        raise RuntimeError("the disk driver misbehaved")

    monkeypatch.setattr("leasedesk.ui.document.save_deal", broken_save)
    window.open_file(deal_file)
    window.document.rename_offer("memphis", "Renamed")
    assert window.files.save() is False
    assert message_boxes[-1][1] == "Cannot Save Deal" and "the disk driver misbehaved" in message_boxes[-1][2]
    assert window.document.is_modified and _memphis_name(window) == "Renamed"


# --- recovered work is saved to the file it came from, whatever the folder ------------------------------------------


def test_recovered_work_is_saved_to_its_own_file_after_a_start_from_another_folder(
    windows: Windows, deal_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(deal_file.parent)
    crashed = windows.new()
    crashed.open_file(deal_file.name)  # opened by a relative path, as typed on a command line
    crashed.document.rename_offer("memphis", "Memphis, recovered")
    assert crashed.autosave.save_now()
    crashed.autosave.lock.unlock()  # the process dies: its lock goes with it
    crashed.autosave.clean_exit = lambda: None  # type: ignore[method-assign]

    unrelated = tmp_path / "elsewhere" / "memphis.leasedeal"  # a different deal with the same name
    unrelated.parent.mkdir()
    save_deal(dataclasses.replace(load_deal(deal_file), name="Unrelated"), unrelated)
    monkeypatch.chdir(unrelated.parent)
    revived = windows.new()
    open_initial_deal(revived, None, None)
    assert revived.document.path == deal_file
    assert revived.files.save()
    assert load_deal(unrelated).name == "Unrelated"
    assert load_deal(deal_file).offer("memphis").name == "Memphis, recovered"

