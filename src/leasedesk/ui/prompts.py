"""Every question the window asks a person, and every error it shows, as one collaborator.

The window, its file commands and its offer list ask through ``Prompts`` (real dialogs); tests
and the self-checks pass an object of their own that answers at once, so no dialog blocks.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Literal

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from leasedesk.files.recovery import Recovery
from leasedesk.messages import shorten_values

UnsavedAnswer = Literal["save", "discard", "cancel"]
DEAL_FILTER = "LeaseDesk deals (*.leasedeal);;All files (*)"
WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
IMPORT_FILTER = "Excel workbooks (*.xlsx);;All files (*)"
DEAL_SUFFIX = ".leasedeal"


def _local_time(saved_at: str) -> str:
    """An autosave's UTC time stamp as the local date and time, to the minute."""
    try:
        return dt.datetime.fromisoformat(saved_at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return "recently"


class Prompts:
    """Dialogs over ``parent``: each method asks one question and returns the answer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def unsaved_changes(self, name: str) -> UnsavedAnswer:
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved Changes")
        box.setText(f"Save the changes to {name}?")
        box.setInformativeText("Your changes are lost if you don't save them.")
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        answer = box.exec()
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(buttons(answer), "cancel")  # type: ignore[return-value]

    def open_path(self, folder: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open Deal", folder, DEAL_FILTER)
        return path or None

    def save_path(self, start: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, "Save Deal As", start, DEAL_FILTER)
        if path and not os.path.splitext(path)[1]:
            path += DEAL_SUFFIX
        return path or None

    def export_path(self, start: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, "Export to Excel", start, WORKBOOK_FILTER)
        if path and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        return path or None

    def workbook_path(self) -> str | None:
        """The counterparty's workbook to import, or None when cancelled."""
        path, _ = QFileDialog.getOpenFileName(self.parent, "Import Workbook", "", IMPORT_FILTER)
        return path or None

    def import_preview(self, preview: QDialog) -> bool:
        """Whether the person pressed Import in the workbook's preview (its choices are read from it after)."""
        return preview.exec() == QDialog.DialogCode.Accepted

    def save_elsewhere(self, reason: str) -> bool:
        """The file is read-only: whether to save the deal under another name."""
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Cannot Save Deal")
        box.setText(shorten_values(reason))
        box.setInformativeText("LeaseDesk does not replace a read-only file. Save the deal under another name?")
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Cancel)
        box.button(buttons.Save).setText("Save &As…")
        box.setDefaultButton(buttons.Save)
        return buttons(box.exec()) == buttons.Save

    def error(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent, title, message)

    def offer_name(self, current: str) -> str | None:
        """The new name typed for an offer, or None when cancelled."""
        text, ok = QInputDialog.getText(self.parent, "Rename Offer", "&Name:", QLineEdit.EchoMode.Normal, current)
        return text if ok else None

    def recover(self, recovery: Recovery) -> bool:
        """Whether to recover unsaved work found at start-up."""
        where = recovery.source_path.name if recovery.source_path else recovery.deal.name
        answer = QMessageBox.question(
            self.parent,
            "Recover Unsaved Work?",
            f"LeaseDesk did not close cleanly last time. Recover the unsaved work on \u201c{where}\u201d"
            f" (autosaved {_local_time(recovery.saved_at)})?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes
