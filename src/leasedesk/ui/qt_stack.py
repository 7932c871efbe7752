"""A start-up check that the Qt binding does not leak references to ``True`` and ``None``.

PySide6 6.12.0 on Python 3.11 drops a reference to ``True`` (and to ``None``) on every signal
delivered to a Python slot. Neither is immortal before Python 3.12, so after about 1,600
keystrokes the count reaches zero and the interpreter aborts ("Fatal Python error:
bool_dealloc") with the user's work open. A couple of dozen emits show the leak at once;
a few hundred would themselves bring ``True`` close to zero (its count is only about 590
once PySide6 is imported), so the probe stays small.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

import PySide6
from PySide6.QtCore import QObject, Signal

PROBE_EMITS = 20
FIX = "pip install 'PySide6-Essentials!=6.12.0' 'PySide6-Addons!=6.12.0' (6.11.3 is known good)"


class _Probe(QObject):
    flag = Signal(bool)
    bare = Signal()


def _ignore(*_args: object) -> None:
    """A Python slot that keeps no reference to what it receives."""


@dataclass(frozen=True)
class ReferenceDrift:
    """How much the reference counts of True and None moved over ``operations`` emits."""

    operations: int
    true: int
    none: int

    @property
    def leaks(self) -> bool:
        """True when either count fell by half the emits or more: one reference lost per emit."""
        return min(self.true, self.none) <= -self.operations / 2


def measure_reference_drift(emits: int = PROBE_EMITS) -> ReferenceDrift:
    """Deliver ``emits`` signals with a bool, and as many with no argument, to a Python slot."""
    probe = _Probe()
    probe.flag.connect(_ignore)
    probe.bare.connect(_ignore)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(emits):
        probe.flag.emit(True)
        probe.bare.emit()
    true_after, none_after = sys.getrefcount(True), sys.getrefcount(None)
    probe.deleteLater()
    return ReferenceDrift(2 * emits, true_after - true_before, none_after - none_before)


def exit_if_qt_leaks_references(
    measure: Callable[[], ReferenceDrift] = measure_reference_drift, leave: Callable[[int], object] = os._exit
) -> None:
    """On a leaking stack, say so in one line and leave at once, before any work can be lost.

    ``os._exit`` and not ``sys.exit``: a normal exit runs the interpreter's teardown, which may
    itself drop the last reference to True and abort.
    """
    drift = measure()
    if drift.leaks:
        print(
            f"leasedesk: PySide6 {PySide6.__version__} leaks a reference to True on every signal and would crash "
            f"after about 1,600 keystrokes on Python {sys.version_info.major}.{sys.version_info.minor}; "
            f"install another version: {FIX}",
            file=sys.stderr,
            flush=True,
        )
        leave(2)
