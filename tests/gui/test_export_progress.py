"""The export's progress dialog: shown for a long export, Cancel keeps the old workbook."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from leasedesk.ui.main_window import MainWindow


def _progress_dialogs() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_cancel_in_the_progress_dialog_keeps_the_old_workbook(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message_boxes: list[tuple[str, str, str]]
) -> None:
    monkeypatch.setattr("leasedesk.ui.export_progress.SHOW_AFTER_SECONDS", 0.0)  # as if the export were long
    target = tmp_path / "exports" / "deal.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"the old workbook")
    seen: list[str] = []

    def press_cancel() -> None:
        dialogs = [w for w in window.findChildren(QProgressDialog) if w.isVisible()]
        seen.extend(dialog.labelText() for dialog in dialogs)
        for dialog in dialogs:
            dialog.cancel()

    QTimer.singleShot(0, press_cancel)  # runs while the dialog lets the window handle its events
    statuses: list[str] = []
    window.files.status.connect(statuses.append)
    assert window.files.export(target) is False
    assert seen == ["Exporting deal.xlsx…"]
    assert target.read_bytes() == b"the old workbook"
    assert [p.name for p in target.parent.iterdir()] == ["deal.xlsx"]
    assert statuses == [f"Export cancelled; {target} was not changed"]
    assert message_boxes == []  # a cancel is no error
    assert _progress_dialogs() == []


def test_a_quick_export_shows_no_dialog_and_writes_the_workbook(window: MainWindow, tmp_path: Path) -> None:
    shown: list[QProgressDialog] = []
    QTimer.singleShot(0, lambda: shown.extend(_progress_dialogs()))
    assert window.files.export(tmp_path / "deal.xlsx") is True
    assert zipfile.is_zipfile(tmp_path / "deal.xlsx")
    assert shown == [] and _progress_dialogs() == []
