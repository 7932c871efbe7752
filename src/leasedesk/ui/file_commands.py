"""New, Open, Save, Save As and Export, with their dialogs and the prompt before losing unsaved work.

Every question to the person goes through one ``ask_*`` method, and every error through
``show_error``; they ask the injected ``Prompts``, which tests replace with their own answers.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from leasedesk.core.model import Deal
from leasedesk.files import DealFileError, ReadOnlyDealFileError
from leasedesk.messages import shorten_values
from leasedesk.ui.document import DealDocument
from leasedesk.ui.export_progress import ExportProgress
from leasedesk.ui.prompts import DEAL_SUFFIX, Prompts, UnsavedAnswer
from leasedesk.ui.recent_files import RecentFiles
from leasedesk.ui.settings import KEY_LAST_FILE, KEY_LAST_FOLDER, open_settings

log = logging.getLogger(__name__)

ExportSteps = Callable[[int, int], bool]  # (steps done, steps in all) -> False to cancel


class WriteWorkbook(Protocol):
    """Writes the deal's workbook to ``path``, asking ``progress`` to go on after each step; on a
    cancel it raises and leaves ``path`` as it was (``leasedesk.excel.export_workbook``)."""

    def __call__(self, deal: Deal, path: Path, *, progress: ExportSteps | None = None) -> object: ...


def write_workbook(deal: Deal, path: Path, *, progress: ExportSteps | None = None) -> None:
    """The Excel export; openpyxl is imported on the first export, not at start-up."""
    from leasedesk.excel import export_workbook

    export_workbook(deal, path, progress=progress)


def _file_stem(text: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " -_." else "-" for c in text).strip(" .")
    return cleaned or "deal"


class FileCommands(QObject):
    """``status(text)`` reports what was done, for the status bar."""

    status = Signal(str)

    def __init__(self, window: QWidget, document: DealDocument, recent: RecentFiles,
                 export_workbook: WriteWorkbook = write_workbook, prompts: Prompts | None = None,
                 blocking_problems: Callable[[], list[str]] = list) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.recent = recent
        self.export_workbook = export_workbook
        self.prompts = prompts if prompts is not None else Prompts(window)
        self.blocking_problems = blocking_problems  # fields whose text does not validate yet

    # ----- questions -----
    def ask_unsaved_changes(self) -> UnsavedAnswer:
        return self.prompts.unsaved_changes(self.document.display_name())

    def ask_open_path(self) -> str | None:
        return self.prompts.open_path(self.last_folder())

    def ask_save_path(self, suggested: str) -> str | None:
        return self.prompts.save_path(os.path.join(self.last_folder(), suggested))

    def ask_export_path(self, suggested: str) -> str | None:
        return self.prompts.export_path(os.path.join(self.last_folder(), suggested))

    def ask_save_elsewhere(self, reason: str) -> bool:
        """The file is read-only: whether to save the deal under another name."""
        return self.prompts.save_elsewhere(reason)

    def show_error(self, title: str, message: str) -> None:
        self.prompts.error(title, message)

    def _report(self, title: str, message: str) -> None:
        """Every error goes through here: a bad value of any length shows at most ~80 characters."""
        self.show_error(title, shorten_values(message))

    # ----- settings -----
    def last_folder(self) -> str:
        folder = str(open_settings().value(KEY_LAST_FOLDER, "") or "")
        if folder and os.path.isdir(folder):
            return folder
        if self.document.path is not None:
            return str(self.document.path.parent)
        return str(Path.home())

    def remember(self, path: Path) -> None:
        settings = open_settings()
        settings.setValue(KEY_LAST_FOLDER, str(path.parent.resolve()))
        settings.setValue(KEY_LAST_FILE, str(path.resolve()))
        self.recent.add(path)

    # ----- commands -----
    def maybe_keep_work(self) -> bool:
        """True when it is fine to replace the open deal: nothing unsaved, saved, or discarded."""
        if not self.document.is_modified and not self.blocking_problems():
            return True
        answer = self.ask_unsaved_changes()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new(self) -> bool:
        if not self.maybe_keep_work():
            return False
        self.document.new()
        self.status.emit("New deal: add a lease or a self-build plan")
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_keep_work():
            return False
        path = self.ask_open_path()
        return self.open_path(path, ask=False) if path else False

    def open_path(self, path: Path | str, ask: bool = True) -> bool:
        """Open a deal file; a bad file shows the loader's message and leaves the open deal as it was."""
        if ask and not self.maybe_keep_work():
            return False
        path = Path(path)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.document.load(path)
        except DealFileError as error:
            QGuiApplication.restoreOverrideCursor()
            log.warning("could not open %s: %s", path, error)
            if not path.exists():
                self.recent.remove(path)
            self._report("Cannot Open Deal", str(error))
            return False
        QGuiApplication.restoreOverrideCursor()
        self.remember(path)
        self.status.emit(f"Opened {path}")
        return True

    def save(self) -> bool:
        if self.document.deal is None:
            return False
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self, path: Path | str | None = None) -> bool:
        deal = self.document.deal
        if deal is None:
            return False
        if self._refuse_invalid_terms():  # before asking for a file name
            return False
        if path is None:
            suggested = self.document.path.name if self.document.path else _file_stem(deal.name) + DEAL_SUFFIX
            path = self.ask_save_path(suggested)
            if path is None:
                return False
        return self._save_to(Path(path))

    def _refuse_invalid_terms(self, title: str = "Cannot Save Deal") -> bool:
        """Saving a deal while a field holds text that does not validate would drop that text; exporting it
        would write the figures of the last valid keystroke ("3 m" of "3 months" read as 3 million months)."""
        problems = self.blocking_problems()
        if problems:
            self._report(title, "A term does not hold a valid value yet:\n\n" + problems[0])
        return bool(problems)

    def _save_to(self, path: Path) -> bool:
        if self._refuse_invalid_terms():
            return False
        try:
            saved = self.document.save(path)
        except ReadOnlyDealFileError as error:
            log.warning("did not save %s: %s", path, error)
            return self.ask_save_elsewhere(str(error)) and self.save_as()
        except DealFileError as error:
            log.warning("could not save %s: %s", path, error)
            self._report("Cannot Save Deal", str(error))
            return False
        except Exception as error:  # whatever went wrong, the work stays in the window
            log.exception("saving %s failed", path)
            self._report("Cannot Save Deal", f"{path}: could not be saved: {error}")
            return False
        self.remember(saved)
        self.status.emit(f"Saved {saved}")
        return True

    def export(self, path: Path | str | None = None) -> bool:
        deal = self.document.deal
        if deal is None:
            return False
        if self._refuse_invalid_terms("Cannot Export to Excel"):  # before asking for a file name
            return False
        if path is None:
            stem = self.document.path.stem if self.document.path else _file_stem(deal.name)
            path = self.ask_export_path(stem + ".xlsx")
            if path is None:
                return False
        target = Path(path)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        progress = ExportProgress(self.window, target)
        try:
            self.export_workbook(deal, target, progress=progress)
        except Exception as error:  # the workbook writer's errors are shown, whatever their type
            QGuiApplication.restoreOverrideCursor()
            progress.close()
            if progress.cancelled:
                self.status.emit(f"Export cancelled; {target} was not changed")
                return False
            log.exception("export to %s failed", target)
            reason = str(error)  # the writer's own messages name the file already
            self._report("Cannot Export to Excel", reason if str(target) in reason else f"{target}: {reason}")
            return False
        QGuiApplication.restoreOverrideCursor()
        progress.close()
        settings = open_settings()
        settings.setValue(KEY_LAST_FOLDER, str(target.parent.resolve()))
        self.status.emit(f"Exported {target}")
        return True
