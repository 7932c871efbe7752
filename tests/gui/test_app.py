"""Start-up: which deal the window opens first, and a bad FILE on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from leasedesk.files import load_deal, save_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.app import FileOpenForwarder, open_initial_deal
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.settings import KEY_LAST_FILE, open_settings


def _saved_sample(folder: Path, name: str) -> Path:
    path = folder / name
    save_deal(load_deal(sample_deal_path()), path)
    return path


def test_a_file_from_the_command_line_is_opened_and_remembered(window: MainWindow, tmp_path: Path) -> None:
    path = _saved_sample(tmp_path, "given.leasedeal")
    open_initial_deal(window, load_deal(path), path)
    assert window.document.path == path and not window.document.is_sample
    assert window.recent.paths() == [str(path.resolve())]


def test_without_a_file_the_last_deal_is_reopened(window: MainWindow, tmp_path: Path) -> None:
    path = _saved_sample(tmp_path, "last.leasedeal")
    open_settings().setValue(KEY_LAST_FILE, str(path))
    open_initial_deal(window, None, None)
    assert window.document.path == path


def test_the_first_time_or_when_the_last_deal_is_broken_the_sample_opens(window: MainWindow, tmp_path: Path) -> None:
    open_initial_deal(window, None, None)
    assert window.document.is_sample and window.document.path is None
    broken = tmp_path / "broken.leasedeal"
    broken.write_text("{", encoding="utf-8")
    open_settings().setValue(KEY_LAST_FILE, str(broken))
    open_initial_deal(window, None, None)
    assert window.document.is_sample
    assert "Could not reopen" in window.statusBar().currentMessage()


def test_a_bad_file_on_the_command_line_is_one_line_on_stderr_and_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.leasedeal"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    run = subprocess.run([sys.executable, "-m", "leasedesk", str(bad)], capture_output=True, text=True,
                         timeout=60, env=env, check=False)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "not a LeaseDesk deal" in lines[0]



def test_a_file_opened_by_the_desktop_opens_in_the_window(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    target = _saved_sample(tmp_path, "opened.leasedeal")
    forwarder = FileOpenForwarder(window)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(forwarder)
    try:
        QCoreApplication.sendEvent(app, QFileOpenEvent(str(target)))  # what macOS sends on a double-click
        qtbot.waitUntil(lambda: window.document.path == target)
    finally:
        app.removeEventFilter(forwarder)
