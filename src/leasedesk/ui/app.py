"""``leasedesk [FILE]``: which deal the window opens first, files the desktop sends, and the
self-checks (``--smoke-test``, ``--endurance-test``).

``run_application`` is what ``leasedesk [FILE]`` calls. The QApplication, logging and the
window's first frame are set up by ``ui.startup``, which the self-checks share.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from leasedesk import __version__
from leasedesk.core.model import Deal
from leasedesk.files import DealFileError, load_deal
from leasedesk.messages import one_line, shorten_values
from leasedesk.resources import sample_deal_path
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.qt_stack import exit_if_qt_leaks_references
from leasedesk.ui.settings import KEY_LAST_FILE, data_dir, open_settings
from leasedesk.ui.startup import configure_logging, create_application, start_window

log = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


class FileOpenForwarder(QObject):
    """macOS sends a double-clicked .leasedeal as a QFileOpenEvent to the application, not as an
    argument: open it in the window like a file dropped on it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            path = event.file()
            QTimer.singleShot(0, lambda: self.window.open_file(path))
            return True
        return super().eventFilter(watched, event)


def open_initial_deal(
    window: MainWindow, deal: Deal | None, path: Path | None, open_window: Callable[[], MainWindow] | None = None
) -> None:
    """Unsaved work left by crashes (what the person wants back), else the deal given on the
    command line, else the last one, else the bundled sample."""
    document = window.document
    if recover_crashed_work(window, open_window or open_another_window):
        return
    if deal is not None and path is not None:
        document.reset(deal, path)
        window.files.remember(path)
        return
    last = str(open_settings().value(KEY_LAST_FILE, "") or "")
    if last and Path(last).is_file():
        try:
            document.load(last)
        except DealFileError as error:
            log.warning("could not reopen the last deal: %s", error)
            window.statusBar().showMessage(f"Could not reopen {last}: opened the sample instead", 10000)
        else:
            window.recent.add(last)
            return
    document.load(sample_deal_path(), is_sample=True)


def recover_crashed_work(window: MainWindow, open_window: Callable[[], MainWindow]) -> bool:
    """Offer the work of every session that did not exit cleanly, newest first. The first taken back
    shows in ``window``, each further one in a window of its own (``open_window``). True when
    ``window`` shows recovered work."""
    shown_here = False
    for session in window.autosave.crashed_sessions():
        if not window.ask_recover(session.recovery):
            window.autosave.declined(session)
            continue
        host = open_window() if shown_here else window
        host.recover_from(session.recovery)
        if not host.autosave.recovered(session):
            log.warning("kept the autosave of the recovered session %s: this window could not autosave",
                        session.store.path)
        shown_here = True
    return shown_here


_more_windows: list[MainWindow] = []  # windows opened for recovered work, kept alive until they close


def open_another_window() -> MainWindow:
    """A further main window, shown and finished (its charts made), for another crashed session's work."""
    window = MainWindow(icon=QApplication.windowIcon())
    _more_windows.append(window)
    window.show()
    window.finish_startup()
    return window


def _excepthook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    log.error("unexpected error", exc_info=(kind, error, trace))
    app = QApplication.instance()
    if isinstance(app, QApplication) and QGuiApplication.platformName() != "offscreen":
        QMessageBox.critical(
            app.activeWindow(),
            "Unexpected Error",
            f"LeaseDesk ran into an unexpected error: {error}\n\nDetails are in {data_dir() / 'leasedesk.log'}.",
        )


def run_application(file: str | None, smoke_test: bool, endurance_keystrokes: int | None = None) -> int:
    exit_if_qt_leaks_references()
    if endurance_keystrokes is not None:
        from leasedesk.ui.endurance import run_endurance_test

        return run_endurance_test(endurance_keystrokes)
    if smoke_test:
        from leasedesk.ui.smoke import run_smoke_test

        return run_smoke_test()
    deal: Deal | None = None
    path = Path(file) if file else None
    if path is not None:
        try:
            deal = load_deal(path)
        except DealFileError as error:
            print(f"leasedesk: {one_line(str(error))}", file=sys.stderr)
            create_application(sys.argv[:1])
            if QGuiApplication.platformName() != "offscreen":
                QMessageBox.critical(None, "Cannot Open Deal", shorten_values(str(error)))
            return EXIT_USAGE
    app = create_application(sys.argv[:1])
    configure_logging(data_dir())
    sys.excepthook = _excepthook
    window, _probe = start_window(lambda w: open_initial_deal(w, deal, path))
    app.installEventFilter(FileOpenForwarder(window))
    log.info("LeaseDesk %s started", __version__)
    status = app.exec()
    for each in (window, *_more_windows):
        each.deleteLater()  # destroyed now, in order, rather than during interpreter shutdown
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return status
