"""Setting up the window's process: the QApplication, logging, and the window shown before its work.

Shared by ``leasedesk [FILE]`` (``ui.app``) and the self-checks (``ui.smoke``, ``ui.endurance``).
The window is shown first; the deal is opened (and the comparison computed, with pandas
behind it) and the charts are created once the window has painted its first frame.
"""

from __future__ import annotations

import atexit
import logging
import logging.handlers
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from leasedesk import __version__
from leasedesk.ui import theme
from leasedesk.ui.icons import app_icon
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.paint_probe import PaintProbe
from leasedesk.ui.settings import APPLICATION, KEY_APPEARANCE, ORGANIZATION, open_settings

log = logging.getLogger(__name__)
qt_log = logging.getLogger("leasedesk.qt")
LOG_LEVEL_VARIABLE = "LEASEDESK_LOG_LEVEL"
# Messages of the offscreen platform plugin about window-manager hints it cannot honour.
_HARMLESS_QT = ("This plugin does not support",)


def create_application(argv: Sequence[str]) -> QApplication:
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("leasedesk")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    theme.apply_appearance(app, theme.chosen_appearance(str(open_settings().value(KEY_APPEARANCE, "system"))))
    app.setWindowIcon(app_icon())
    return app


def configure_logging(folder: Path) -> None:
    """Warnings to stderr (or $LEASEDESK_LOG_LEVEL), everything from INFO to leasedesk.log in ``folder``."""
    root = logging.getLogger()
    stderr_level = getattr(logging, os.environ.get(LOG_LEVEL_VARIABLE, "WARNING").upper(), logging.WARNING)
    if not root.handlers:
        root.addHandler(logging.StreamHandler(sys.stderr))
    for handler in root.handlers:
        if handler.level == logging.NOTSET:
            handler.setLevel(stderr_level)
    root.setLevel(min(logging.INFO, stderr_level))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.RotatingFileHandler(
            folder / "leasedesk.log", maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )
    except OSError as error:
        log.warning("no log file in %s: %s", folder, error)
    else:
        file_handler.setLevel(logging.INFO)
        file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(file_handler)
    qInstallMessageHandler(_qt_message)
    # Qt may still log while the interpreter shuts down (plugin loading with QT_DEBUG_PLUGINS=1);
    # a Python handler called then crashes the process, so Qt's own handler takes over at exit.
    atexit.register(qInstallMessageHandler, None)


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if any(message.startswith(text) for text in _HARMLESS_QT):
        qt_log.debug("%s", message)
    elif kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        qt_log.error("%s", message)
    elif kind == QtMsgType.QtWarningMsg:
        qt_log.warning("%s", message)
    else:
        qt_log.debug("%s", message)


def start_window(open_deal: Callable[[MainWindow], None]) -> tuple[MainWindow, PaintProbe]:
    """Show the window, then (once its first frame is painted) open the deal and create the charts."""
    window = MainWindow(icon=QApplication.windowIcon())
    probe = PaintProbe(window)
    probe.watch(window)

    def finish() -> None:
        open_deal(window)
        window.finish_startup()

    def first_frame(widget: object) -> None:
        if widget is window:
            probe.painted.disconnect(first_frame)
            QTimer.singleShot(0, finish)  # not inside the paint event itself

    probe.painted.connect(first_frame)
    window.show()
    return window, probe
