"""Helpers shared by the GUI tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog

from leasedesk.files.recovery import Recovery
from leasedesk.ui.import_preview import ImportPreview
from leasedesk.ui.prompts import Prompts, UnsavedAnswer


class ScriptedPrompts(Prompts):
    """Answers the window's questions at once, as set on it, and records what was asked.

    Errors still go through ``QMessageBox.warning`` (the ``message_boxes`` fixture records them)."""

    def __init__(self, unsaved: UnsavedAnswer = "discard") -> None:
        super().__init__(None)
        self.unsaved: UnsavedAnswer = unsaved
        self.asked = 0  # how often the unsaved-changes question came
        self.save_to: str | None = None
        self.export_to: str | None = None  # File > Export to Excel…: the path "chosen" in its dialog
        self.new_name: str | None = None
        self.recover_answer = True
        self.recoveries: list[Recovery] = []
        self.save_elsewhere_answer = False
        self.save_elsewhere_reasons: list[str] = []  # why saving elsewhere was offered
        # The workbook import's preview: looked at (and its choices set) by the test, then Import or Cancel.
        self.preview: Callable[[ImportPreview], bool] = lambda _preview: True

    def unsaved_changes(self, name: str) -> UnsavedAnswer:
        self.asked += 1
        return self.unsaved

    def save_path(self, start: str) -> str | None:
        return self.save_to

    def export_path(self, start: str) -> str | None:
        return self.export_to

    def save_elsewhere(self, reason: str) -> bool:
        self.save_elsewhere_reasons.append(reason)
        return self.save_elsewhere_answer

    def import_preview(self, preview: QDialog) -> bool:
        assert isinstance(preview, ImportPreview)
        return self.preview(preview)

    def offer_name(self, current: str) -> str | None:
        return self.new_name

    def recover(self, recovery: Recovery) -> bool:
        self.recoveries.append(recovery)
        return self.recover_answer
