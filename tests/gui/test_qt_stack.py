"""The Qt binding keeps its references to True and None, and the window takes sustained typing.

PySide6 6.12.0 on Python 3.11 dropped a reference to True (and None) on every signal delivered
to a Python slot, every model data() returning None and every undo push: the window aborted
after about 1,600 keystrokes. Each check runs in a subprocess so that a leaking stack fails the
test instead of killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from leasedesk.ui.qt_stack import ReferenceDrift, exit_if_qt_leaks_references, measure_reference_drift

OPERATIONS = 100  # of each kind: together they stay well below True's count (about 590) on a leaking stack

# Prints "<operation> <operations> <change of True's count> <change of None's count>" after each kind,
# flushed, so the numbers measured before a crash still reach the test.
REFERENCE_PROBE = textwrap.dedent(
    f"""
    import os, sys
    from PySide6.QtCore import QIdentityProxyModel, QAbstractTableModel, QModelIndex, QObject, Qt, Signal
    from PySide6.QtGui import QUndoCommand, QUndoStack
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    N = {OPERATIONS}

    class Emitter(QObject):
        flag = Signal(bool)
        bare = Signal()

    def ignore(*_args):
        pass

    class EmptyModel(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):
            return 1
        def columnCount(self, parent=QModelIndex()):
            return 1
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            return None

    class Edit(QUndoCommand):
        def redo(self):
            pass
        def undo(self):
            pass
        def id(self):
            return 1
        def mergeWith(self, other):
            return False

    emitter = Emitter()
    emitter.flag.connect(ignore)
    emitter.bare.connect(ignore)
    proxy = QIdentityProxyModel()
    proxy.setSourceModel(EmptyModel())
    cell = proxy.index(0, 0)
    stack = QUndoStack()
    stack.setUndoLimit(10)

    def measure(name, operation):
        true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
        for _ in range(N):
            operation()
        print(name, N, sys.getrefcount(True) - true_before, sys.getrefcount(None) - none_before, flush=True)

    measure("signal-with-bool", lambda: emitter.flag.emit(True))
    measure("signal-without-argument", lambda: emitter.bare.emit())
    measure("data-returning-none", lambda: proxy.data(cell))  # called from C++: the Python override runs
    measure("undo-push", lambda: stack.push(Edit("edit")))
    os._exit(0)  # no interpreter teardown: on a leaking stack it could abort after the numbers are out
    """
)


def _run(arguments: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(arguments, capture_output=True, text=True, timeout=timeout, env=environment, check=False)


def test_signals_model_data_and_undo_pushes_keep_true_and_none_referenced() -> None:
    result = _run([sys.executable, "-c", REFERENCE_PROBE], timeout=120)
    measured: dict[str, tuple[int, int, int]] = {}
    for line in result.stdout.splitlines():
        probe, operations_text, true_text, none_text = line.split()
        measured[probe] = (int(operations_text), int(true_text), int(none_text))
    expected = {"signal-with-bool", "signal-without-argument", "data-returning-none", "undo-push"}
    assert set(measured) == expected, f"the probe stopped early: {result.stdout!r} {result.stderr[-2000:]!r}"
    for name, (operations, true_change, none_change) in measured.items():
        # None's count moves with unrelated activity (the undo stack keeps commands), so not "exactly unchanged".
        assert true_change > -operations / 10, f"{name}: True lost {-true_change} references in {operations}"
        assert none_change > -operations / 10, f"{name}: None lost {-none_change} references in {operations}"


def test_the_start_up_probe_finds_no_leak_on_this_stack() -> None:
    drift = measure_reference_drift()
    assert drift.operations == 40
    assert not drift.leaks, drift


@pytest.mark.parametrize(
    ("drift", "leaks"),
    [
        (ReferenceDrift(operations=40, true=-40, none=0), True),  # PySide6 6.12.0 on Python 3.11
        (ReferenceDrift(operations=40, true=0, none=-40), True),
        (ReferenceDrift(operations=40, true=-19, none=3), False),
        (ReferenceDrift(operations=40, true=0, none=40), False),
    ],
)
def test_a_reference_lost_per_emit_counts_as_a_leak(drift: ReferenceDrift, leaks: bool) -> None:
    assert drift.leaks is leaks


def test_a_leaking_stack_stops_the_start_with_one_line_naming_the_fix(capsys: pytest.CaptureFixture[str]) -> None:
    exits: list[int] = []
    exit_if_qt_leaks_references(measure=lambda: ReferenceDrift(40, -40, 0), leave=exits.append)
    assert exits == [2]
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1
    assert "leaks a reference to True" in message and "PySide6-Essentials!=6.12.0" in message


def test_a_healthy_stack_starts(capsys: pytest.CaptureFixture[str]) -> None:
    exits: list[int] = []
    exit_if_qt_leaks_references(measure=lambda: ReferenceDrift(40, 0, 2), leave=exits.append)
    assert exits == [] and capsys.readouterr().err == ""


def test_the_window_takes_4000_keystrokes_in_the_fee_and_closes_cleanly(tmp_path: Path) -> None:
    """The real window, as installed: ``leasedesk --endurance-test 4000`` in its own process."""
    result = _run([sys.executable, "-m", "leasedesk", "--endurance-test", "4000"], timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "endurance test ok: 4000 keystrokes" in result.stdout
    assert "last fee 150,000,000" in result.stdout
