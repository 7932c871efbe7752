"""The window's progress for a workbook export: a dialog once the export has run a second, with Cancel.

``ExportProgress`` is the ``progress`` callback of ``export_workbook``: told of each step, it shows
the dialog when the export is still running after ``SHOW_AFTER_SECONDS``, lets the window handle the
Cancel button between steps, and answers False once Cancel was pressed (the export then stops and
leaves the target as it was).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

SHOW_AFTER_SECONDS = 1.0


class ExportProgress:
    def __init__(self, parent: QWidget, target: Path) -> None:
        self.dialog = QProgressDialog(f"Exporting {target.name}…", "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle("Export to Excel")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(int(SHOW_AFTER_SECONDS * 1000))
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.started = time.monotonic()
        self.cancelled = False

    def __call__(self, done: int, total: int) -> bool:
        """Go on with the export (True) unless Cancel was pressed."""
        if not self.dialog.isVisible() and done < total and time.monotonic() - self.started >= SHOW_AFTER_SECONDS:
            self.dialog.show()
        if self.dialog.isVisible():
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)
            QCoreApplication.processEvents()  # the Cancel button
        self.cancelled = self.dialog.wasCanceled()
        return not self.cancelled

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()
