"""File > Import Workbook…: the preview of what changed, the choices, and the import as one undoable step."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from typing import Any

from gui_helpers import ScriptedPrompts
from openpyxl import load_workbook
from PySide6.QtWidgets import QLabel, QMenu, QTableWidget, QTableWidgetItem

from leasedesk.core.model import Deal, LeaseOffer
from leasedesk.excel import export_workbook
from leasedesk.ui.import_preview import ImportPreview, WorkbookImporter
from leasedesk.ui.main_window import MainWindow

SHEET = "Memphis lease"


def _reply(deal: Deal, folder: Path) -> Path:
    """The deal exported, then edited as the provider would: fee, notice, and their discount rate."""
    source = folder / "exported.xlsx"
    export_workbook(deal, source)
    book = load_workbook(source)
    for scope, name, value in ((SHEET, "monthly_fee", 140_000_000), (SHEET, "lessee_exit_notice_days", 60),
                               (None, "discount_rate", 0.12)):
        defined = book.defined_names[name] if scope is None else book[scope].defined_names[name]
        ((title, reference),) = defined.destinations
        book[title.strip("'")][reference.replace("$", "")].value = value
    target = folder / "reply.xlsx"
    book.save(target)
    return target


def _importer(window: MainWindow) -> WorkbookImporter:
    """The window's import command; its questions go to the window's ``ScriptedPrompts``."""
    assert isinstance(window.prompts, ScriptedPrompts)
    return window.importer


def _answers(window: MainWindow) -> ScriptedPrompts:
    assert isinstance(window.prompts, ScriptedPrompts)
    return window.prompts


def _table_rows(table: QTableWidget) -> list[list[str]]:
    columns = range(table.columnCount())
    return [[_text(table.item(row, column)) for column in columns] for row in range(table.rowCount())]


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def test_the_file_menu_has_import_workbook(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert window.commands.import_workbook in file_menu.actions()
    assert window.commands.import_workbook.text() == "&Import Workbook…"


def test_the_preview_shows_the_changes_and_the_import_is_one_undoable_step(
    window: MainWindow, tmp_path: Path
) -> None:
    before = window.document.deal
    assert before is not None
    reply = _reply(before, tmp_path)
    importer = _importer(window)
    seen: dict[str, Any] = {}

    def preview(dialog: ImportPreview) -> bool:
        tables = dialog.findChildren(QTableWidget)
        seen["rows"] = [row for table in tables for row in _table_rows(table)]
        bridge = dialog.findChild(QLabel, "bridge_memphis")
        assert bridge is not None
        seen["bridge"] = bridge.text()
        seen["import_enabled"] = dialog.import_button.isEnabled()
        dialog.as_counter.setChecked(True)
        dialog.side.setCurrentIndex(2)  # the lessee
        return True

    _answers(window).preview = preview
    stack = window.document.undo_stack
    count = stack.count()
    assert importer.import_workbook(reply) is True
    assert ["monthly_fee", "150,000,000", "150,000,000", "140,000,000", "Changed"] in seen["rows"]
    assert ["lessee_exit.notice_days", "90", "90", "60", "Changed"] in seen["rows"]
    assert ["discount_rate", "0.1", "0.1", "0.12", "Changed"] in seen["rows"]
    assert "Present cost: fee " in seen["bridge"] and "lessee_exit " in seen["bridge"] and seen["import_enabled"]

    after = window.document.deal
    assert after is not None
    counter = after.offer("memphis-counter")
    assert counter.monthly_fee == 140_000_000 and counter.proposed_by == "lessee"  # type: ignore[union-attr]
    assert after.offer("memphis") == before.offer("memphis")
    assert after.assumptions == before.assumptions  # not applied unless asked
    assert stack.count() == count + 1 and stack.undoText() == "Import reply.xlsx"
    stack.undo()
    assert window.document.deal == before
    stack.redo()
    assert window.document.deal == after


def test_a_conflict_is_marked_and_taken_only_when_ticked(window: MainWindow, tmp_path: Path) -> None:
    exported_deal = window.document.deal
    assert exported_deal is not None
    reply = _reply(exported_deal, tmp_path)
    memphis = exported_deal.offer("memphis")
    assert isinstance(memphis, LeaseOffer)
    moved = dataclasses.replace(memphis, monthly_fee=145_000_000)
    window.document.replace_offer(moved)
    importer = _importer(window)

    def tick(dialog: ImportPreview) -> bool:
        assert set(dialog.conflict_boxes) == {("memphis", "monthly_fee")}
        dialog.conflict_boxes[("memphis", "monthly_fee")].setChecked(True)
        dialog.apply_assumptions.setChecked(True)
        return True

    _answers(window).preview = tick
    assert importer.import_workbook(reply) is True
    deal = window.document.deal
    assert deal is not None
    memphis = deal.offer("memphis")
    assert memphis.monthly_fee == 140_000_000 and memphis.revisions[-1].label == "Before reply.xlsx"  # type: ignore[union-attr]
    assert deal.assumptions.discount_rate == 0.12


def test_cancelling_the_preview_changes_nothing(window: MainWindow, tmp_path: Path) -> None:
    before = window.document.deal
    assert before is not None
    reply = _reply(before, tmp_path)
    importer = _importer(window)
    _answers(window).preview = lambda dialog: False
    count = window.document.undo_stack.count()
    assert importer.import_workbook(reply) is False
    assert window.document.deal == before and window.document.undo_stack.count() == count


def test_a_hostile_workbook_is_refused_with_one_line_and_nothing_lost(
    window: MainWindow, tmp_path: Path, message_boxes: list[tuple[str, str, str]]
) -> None:
    before = window.document.deal
    assert before is not None
    reply = _reply(before, tmp_path)
    hostile = tmp_path / "macro.xlsx"
    with zipfile.ZipFile(reply) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"\0" * 32)
    importer = _importer(window)
    message_boxes.clear()
    _answers(window).preview = lambda dialog: True
    count = window.document.undo_stack.count()
    assert importer.import_workbook(hostile) is False
    ((_kind, title, message),) = message_boxes
    assert title == "Workbook Refused" and "macros" in message and "\n" not in message
    assert window.document.deal == before and window.document.undo_stack.count() == count
