"""Every question the window asks a person, and every error it shows, as one collaborator.

The window, its file commands and its offer list ask through ``Prompts`` (real dialogs); tests
and the self-checks pass an object of their own that answers at once, so no dialog blocks.
"""

from __future__ import annotations

import os
from typing import Literal

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from leasedesk.files.recovery import Recovery

UnsavedAnswer = Literal["save", "discard", "cancel"]
DEAL_FILTER = "LeaseDesk deals (*.leasedeal);;All files (*)"
WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
DEAL_SUFFIX = ".leasedeal"


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
            f" (autosaved {recovery.saved_at or 'recently'})?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes
