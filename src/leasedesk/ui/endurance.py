"""``leasedesk --endurance-test N``: type N keystrokes into the sample's lease fee, close, exit 0.

A self-check of the whole stack under sustained typing, for the installed and the frozen
application alike: every keystroke goes through the term-sheet form, the undo stack, the
engine, the comparison model and the charts, as a person's would. It exists because a Qt
binding that leaks a reference per signal (PySide6 6.12.0 on Python 3.11) aborts the
process after about 1,600 keystrokes; a healthy stack takes any number. Settings and data
go to a temporary folder; nothing is saved.
"""

from __future__ import annotations

import faulthandler
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from leasedesk.core.model import LeaseOffer
from leasedesk.resources import sample_deal_path
from leasedesk.ui import settings
from leasedesk.ui.prompts import Prompts, UnsavedAnswer

EXIT_OK, EXIT_FAILURE = 0, 1
SECONDS_PER_THOUSAND_KEYSTROKES = 20.0  # a generous watchdog: a healthy run types a thousand in about 2 s
FEE_TYPED = "150000000"


class EnduranceTestError(RuntimeError):
    pass


Keystroke = tuple[Qt.Key, str, Qt.KeyboardModifier]


def _press(widget: QLineEdit, key: Qt.Key, text: str, modifiers: Qt.KeyboardModifier) -> None:
    """One keystroke, delivered as the window system would: press, then release."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))


def keystrokes(count: int) -> list[Keystroke]:
    """Select all, type 150000000, then alternate Backspace and "0" (15M, 150M, ...): every keystroke is an edit."""
    none = Qt.KeyboardModifier.NoModifier
    strokes: list[Keystroke] = [(Qt.Key.Key_A, "", Qt.KeyboardModifier.ControlModifier)]
    strokes += [(Qt.Key(Qt.Key.Key_0 + int(digit)), digit, none) for digit in FEE_TYPED]
    while len(strokes) < count:
        strokes.append((Qt.Key.Key_Backspace, "", none))
        strokes.append((Qt.Key.Key_0, "0", none))
    return strokes[:count]


def fee_after(count: int) -> str | None:
    """The text the fee field holds after ``keystrokes(count)``; None when nothing was typed yet."""
    if count <= 1:
        return None
    typed = FEE_TYPED[: count - 1]
    alternating = count - 1 - len(FEE_TYPED)
    return typed[:-1] if alternating > 0 and alternating % 2 == 1 else typed


def run_endurance_test(count: int) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    faulthandler.dump_traceback_later(30 + count * SECONDS_PER_THOUSAND_KEYSTROKES / 1000, exit=True)
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="leasedesk-endurance-") as temp:
            fee = _type_into_the_fee(Path(temp), count)
    except Exception as error:  # reported as one line and a non-zero status
        print(f"leasedesk endurance test FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        faulthandler.cancel_dump_traceback_later()
    print(f"leasedesk endurance test ok: {count} keystrokes typed into the fee, last fee {fee:,.0f}; window closed; "
          f"{time.monotonic() - started:.1f} s", flush=True)
    return EXIT_OK


class _DiscardTypedWork(Prompts):
    """Closing after the typing, the keystrokes are not kept (as a person trying the field would)."""

    def unsaved_changes(self, name: str) -> UnsavedAnswer:
        return "discard"


def _type_into_the_fee(folder: Path, count: int) -> float:
    settings.isolate(folder)
    from leasedesk.ui.main_window import MainWindow
    from leasedesk.ui.startup import create_application

    errors: list[BaseException] = []
    previous_hook, sys.excepthook = sys.excepthook, lambda _kind, error, _trace: errors.append(error)
    app = create_application([sys.argv[0] if sys.argv else "leasedesk"])
    try:
        window = MainWindow(prompts=_DiscardTypedWork())
        window.show()
        window.document.load(sample_deal_path(), is_sample=True)
        window.finish_startup()
        deal = window.document.deal
        if deal is None:
            raise EnduranceTestError("the sample deal was not opened")
        lease = next(offer for offer in deal.offers if isinstance(offer, LeaseOffer))
        window.offers.select_offer(lease.id)
        app.processEvents()
        line = window.editor.forms["lease"].editors["monthly_fee"].widget
        if not isinstance(line, QLineEdit):
            raise EnduranceTestError("the fee field is not a line edit")
        for key, text, modifiers in keystrokes(count):
            _press(line, key, text, modifiers)
            app.processEvents()
            if errors:
                raise EnduranceTestError(f"{type(errors[0]).__name__}: {errors[0]}") from errors[0]
        typed = deal.offer(lease.id) if (deal := window.document.deal) is not None else None
        expected = fee_after(count)
        if not isinstance(typed, LeaseOffer) or (expected is not None and typed.monthly_fee != float(expected)):
            raise EnduranceTestError(f"after {count} keystrokes the fee is not {expected}")
        if not window.close():
            raise EnduranceTestError("the window refused to close")
        window.deleteLater()
        app.processEvents()
        return float(typed.monthly_fee)
    finally:
        sys.excepthook = previous_hook
