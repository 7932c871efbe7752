"""The window's Open takes the drill's broken files: what the command line refuses, the window refuses
with the same message, and what it accepts opens; never an uncaught exception (issue: 3 uncaught
exceptions and 4 process deaths in 422 fuzzed files)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from drill_files import broken_files

from leasedesk.cli import main
from leasedesk.ui.main_window import MainWindow


def _command_line_verdict(path: Path) -> tuple[int, str]:
    """compare's exit status and its error line without the program's name."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = main(["compare", str(path), "--json"])
    return status, err.getvalue().strip().removeprefix("leasedesk: ")


@settings(
    max_examples=int(os.environ.get("LEASEDESK_DRILL_EXAMPLES", "200")) // 5,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(content=broken_files())
def test_the_window_refuses_what_the_command_line_refuses_with_the_same_message(
    content: bytes,
    window: MainWindow,
    tmp_path: Path,
    message_boxes: list[tuple[str, str, str]],
    qtbot: QtBot,
) -> None:
    path = tmp_path / "broken.leasedeal"
    path.write_bytes(content)
    status, line = _command_line_verdict(path)
    message_boxes.clear()
    opened = window.open_file(path)
    window.document.undo_stack.setClean()
    if status == 0:
        assert opened and window.document.path == path.resolve(), message_boxes
    else:
        assert not opened
        (_kind, _title, text), *_ = message_boxes
        assert " ".join(text.split()) == line


@pytest.fixture(autouse=True)
def _reset_between_examples(window: MainWindow) -> None:
    """Each example opens into the same window; what it opened needs no saving."""
    window.document.undo_stack.setClean()
