"""The term-sheet editor in the window: the person's path from a new lease to a saved deal."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import ScriptedPrompts
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from leasedesk.core.model import LeaseOffer
from leasedesk.files import load_deal
from leasedesk.ui.app import open_initial_deal
from leasedesk.ui.main_window import MainWindow


def _type(qtbot: QtBot, window: MainWindow, key: str, text: str, kind: str = "lease") -> None:
    line = window.editor.forms[kind].editors[key].widget
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def test_selecting_an_offer_shows_its_term_sheet(window: MainWindow) -> None:
    window.offers.select_offer("build")
    assert window.editor.forms["self_build"].editors["gpu_capex"].text() == "$50,000"
    window.offers.select_offer("memphis")
    assert window.editor.forms["lease"].editors["monthly_fee"].text() == "$150,000,000"


def test_a_new_lease_typed_in_is_compared_with_building(qtbot: QtBot, window: MainWindow) -> None:
    window.offers.add_lease()
    new_id = window.offers.current_offer_id
    assert new_id is not None
    _type(qtbot, window, "name", "Neocloud offer")
    _type(qtbot, window, "gpus", "60,000")
    _type(qtbot, window, "monthly_fee", "100M")
    offer = window.document.deal.offer(new_id)  # type: ignore[union-attr]
    assert isinstance(offer, LeaseOffer) and offer.monthly_fee == 100e6 and offer.gpus == 60000
    metrics = window.document.comparison.result(new_id).metrics  # type: ignore[union-attr]
    assert metrics["breakeven_fee"] is not None  # measured against the self-build baseline


def test_a_bad_value_marks_the_figures_stale_and_blocks_saving(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, message_boxes: list[tuple[str, str, str]]
) -> None:
    window.show()
    window.offers.select_offer("memphis")
    _type(qtbot, window, "term_months", "forty")
    assert window.stale_banner.isVisible()
    assert "Term" in window.stale_banner.text()
    target = tmp_path / "deal.leasedeal"
    assert not window.files.save_as(target)
    assert not target.exists()
    assert message_boxes[-1][1] == "Cannot Save Deal"
    _type(qtbot, window, "term_months", "40")
    assert not window.stale_banner.isVisible()
    assert window.files.save_as(target)
    assert load_deal(target).offer("memphis").term_months == 40  # type: ignore[union-attr]


def test_structural_edits_undo_and_redo(window: MainWindow) -> None:
    stack = window.document.undo_stack
    window.offers.select_offer("hyperscaler")
    window.editor.negotiation.counter_button.click()
    assert window.offers.current_offer_id == "hyperscaler-counter"
    assert stack.undoText() == "Add Hyperscaler 3-year (counter)"
    stack.undo()
    assert [o.id for o in window.document.deal.offers] == ["memphis", "hyperscaler", "build"]  # type: ignore[union-attr]
    stack.redo()
    assert window.document.deal.offer("hyperscaler-counter").counter_of == "hyperscaler"  # type: ignore[union-attr]


def test_recovery_after_a_crash_then_none_after_a_clean_exit(
    qtbot: QtBot, window: MainWindow, message_boxes: list[tuple[str, str, str]]
) -> None:
    window.offers.select_offer("memphis")
    _type(qtbot, window, "monthly_fee", "140M")
    _type(qtbot, window, "term_months", "4O")
    window.autosave.save_now()
    # The process dies here: the lock it held goes with it (the window is never closed while the test runs).
    window.autosave.lock.unlock()

    answers = ScriptedPrompts("discard")
    revived = MainWindow(prompts=answers)
    qtbot.addWidget(revived)
    open_initial_deal(revived, None, None)
    assert len(answers.recoveries) == 1
    assert revived.document.deal.offer("memphis").monthly_fee == 140e6  # type: ignore[union-attr]
    assert revived.document.is_modified
    assert revived.editor.forms["lease"].editors["term_months"].text() == "4O"
    assert revived.editor.pending_text() == {"offers[memphis].term_months": "4O"}

    _type(qtbot, revived, "term_months", "40")
    assert revived.close()  # a clean exit removes the autosave

    third = MainWindow(prompts=answers)
    qtbot.addWidget(third)
    open_initial_deal(third, None, None)
    assert len(answers.recoveries) == 1  # no offer to recover after a clean exit
    assert third.document.deal.offer("memphis").monthly_fee == 150e6  # type: ignore[union-attr]


def test_the_autosave_of_a_window_still_open_is_not_offered_to_another(
    qtbot: QtBot, window: MainWindow, message_boxes: list[tuple[str, str, str]]
) -> None:
    window.offers.select_offer("memphis")
    _type(qtbot, window, "monthly_fee", "140M")
    window.autosave.save_now()  # the first window is still running, with unsaved work

    answers = ScriptedPrompts("discard")
    second = MainWindow(prompts=answers)
    qtbot.addWidget(second)
    open_initial_deal(second, None, None)
    assert answers.recoveries == []
    assert window.autosave.store.path.exists()  # still there for the first window
    assert second.close()
    assert window.autosave.store.path.exists()  # the second window's clean exit removed only its own
