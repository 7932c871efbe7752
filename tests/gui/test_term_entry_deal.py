"""The Deal tab (name, currency, notes; undoable), the one-click move of the analysis start, and a new
lease's placeholder fee that follows its GPUs until the fee is typed (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from leasedesk.core.model import LeaseOffer
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.termsheet.field_widgets import INVALID_PROPERTY


def _clear_and_type(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def _lease(window: MainWindow, offer_id: str) -> LeaseOffer:
    offer = window.document.deal.offer(offer_id)  # type: ignore[union-attr]
    assert isinstance(offer, LeaseOffer)
    return offer


def _deal_tab(window: MainWindow) -> QWidget:
    tabs = window.editor.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles == ["&Terms", "&Negotiation", "&Assumptions", "Dea&l", "O&verview"]
    tabs.setCurrentIndex(titles.index("Dea&l"))
    return tabs.currentWidget()


def test_the_deal_tab_edits_the_name_in_one_undoable_step(qtbot: QtBot, window: MainWindow) -> None:
    page = _deal_tab(window)
    form = window.editor.deal_form
    assert form.isVisibleTo(page)
    assert form.name.text() == "Memphis capacity, 2026"
    stack = window.document.undo_stack
    steps = stack.count()
    _clear_and_type(qtbot, form.name, "Memphis, second round")
    assert window.document.deal.name == "Memphis, second round"  # type: ignore[union-attr]
    assert stack.count() == steps + 1  # the keystrokes of one field merge into one step
    assert stack.undoText() == "Change the deal's name"
    stack.undo()
    assert window.document.deal.name == "Memphis capacity, 2026"  # type: ignore[union-attr]
    assert form.name.text() == "Memphis capacity, 2026"
    stack.redo()
    assert form.name.text() == "Memphis, second round"


def test_the_currency_is_read_in_capitals_and_an_empty_one_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    _deal_tab(window)
    form = window.editor.deal_form
    _clear_and_type(qtbot, form.currency, "eur")
    assert window.document.deal.currency == "EUR"  # type: ignore[union-attr]
    window.offers.select_offer("memphis")
    assert window.editor.forms["lease"].editors["monthly_fee"].text() == "€150,000,000"
    price = window.editor.forms["lease"].price_edit
    assert price is not None and price.text() == "€3.4247"  # 150M / (60,000 x 730) = 3.42466
    form.currency.selectAll()
    qtbot.keyClick(form.currency, Qt.Key.Key_Delete)
    assert window.document.deal.currency == "EUR"  # type: ignore[union-attr]  # not applied
    assert form.currency.property(INVALID_PROPERTY) is True
    assert "Currency: must not be empty" in window.editor.problem_messages()  # saving is blocked meanwhile
    assert window.editor.pending_text() == {"deal.currency": ""}  # the autosave keeps it
    assert window.stale_banner.isVisibleTo(window)
    qtbot.keyClicks(form.currency, "GBP")
    assert window.document.deal.currency == "GBP"  # type: ignore[union-attr]
    assert window.editor.problem_messages() == []
    window.document.undo_stack.undo()
    assert window.document.deal.currency == "USD"  # type: ignore[union-attr]
    assert form.currency.text() == "USD"


def test_the_deal_notes_are_edited_and_undone(qtbot: QtBot, window: MainWindow) -> None:
    _deal_tab(window)
    form = window.editor.deal_form
    before = window.document.deal.notes  # type: ignore[union-attr]
    form.notes.setFocus()
    qtbot.keyClick(form.notes, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(form.notes, " Counter sent.")
    assert window.document.deal.notes == before + " Counter sent."  # type: ignore[union-attr]
    window.document.undo_stack.undo()
    assert window.document.deal.notes == before  # type: ignore[union-attr]
    assert form.notes.toPlainText() == before


def test_the_link_to_the_analysis_start_opens_the_assumptions_tab(window: MainWindow) -> None:
    _deal_tab(window)
    window.editor.deal_form.assumptions_link.linkActivated.emit("assumptions")
    assert window.editor.tabs.tabText(window.editor.tabs.currentIndex()) == "&Assumptions"


def test_an_offer_starting_before_the_analysis_start_offers_to_move_it_in_one_click(window: MainWindow) -> None:
    window.offers.select_offer("memphis")
    form = window.editor.forms["lease"]
    start = form.editors["start"].widget
    assert isinstance(start, QDateEdit)
    stack = window.document.undo_stack
    steps = stack.count()
    start.setDate(QDate(2026, 3, 1))  # the analysis start is 2026-07
    assert _lease(window, "memphis").start == dt.date(2026, 7, 1)  # refused, as before
    assert any("before the analysis start" in m for m in form.problem_messages())
    button = form.move_start_button
    assert button.isVisibleTo(form)
    assert button.text() == "Move the analysis start to Mar 2026"
    button.click()
    deal = window.document.deal
    assert deal is not None
    assert deal.assumptions.analysis_start == dt.date(2026, 3, 1)
    assert _lease(window, "memphis").start == dt.date(2026, 3, 1)  # the start typed applies now
    assert form.problem_messages() == [] and window.editor.pending_text() == {}
    assert not button.isVisibleTo(form)
    assert window.stale_banner.isHidden()
    assert stack.count() == steps + 1
    assert stack.undoText() == "Move the analysis start to Mar 2026"
    stack.undo()
    deal = window.document.deal
    assert deal is not None
    assert deal.assumptions.analysis_start == dt.date(2026, 7, 1)
    assert _lease(window, "memphis").start == dt.date(2026, 7, 1)


def test_a_new_leases_placeholder_fee_follows_its_gpus_until_the_fee_is_typed(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.document.deal.assumptions.hours_per_month == 730  # type: ignore[union-attr]
    window.offers.add_lease()
    new_id = window.offers.current_offer_id
    assert new_id is not None
    # the placeholder: $2.50 a GPU-hour x 10,000 GPUs x 730 hours = $18,250,000 a month
    assert _lease(window, new_id).monthly_fee == pytest.approx(18_250_000)
    editors = window.editor.forms["lease"].editors
    gpus, fee = editors["gpus"].widget, editors["monthly_fee"].widget
    assert isinstance(gpus, QLineEdit) and isinstance(fee, QLineEdit)
    _clear_and_type(qtbot, gpus, "24,000")
    assert _lease(window, new_id).monthly_fee == pytest.approx(43_800_000)  # 2.50 x 24,000 x 730
    assert fee.text() == "$43,800,000"
    window.document.undo_stack.undo()  # one step: the GPUs and the fee that followed them
    assert _lease(window, new_id).gpus == 10_000
    assert _lease(window, new_id).monthly_fee == pytest.approx(18_250_000)
    _clear_and_type(qtbot, fee, "50M")  # typed: the fee stays from now on
    _clear_and_type(qtbot, gpus, "30000")
    lease = _lease(window, new_id)
    assert (lease.gpus, lease.monthly_fee) == (30_000, 50_000_000)


def test_the_samples_fee_does_not_follow_its_gpus(qtbot: QtBot, window: MainWindow) -> None:
    window.offers.select_offer("memphis")
    gpus = window.editor.forms["lease"].editors["gpus"].widget
    assert isinstance(gpus, QLineEdit)
    _clear_and_type(qtbot, gpus, "50,000")
    lease = _lease(window, "memphis")
    assert (lease.gpus, lease.monthly_fee) == (50_000, 150_000_000)


def test_deal_text_not_valid_yet_is_put_back_after_a_recovery(window: MainWindow) -> None:
    window.editor.restore_pending({"deal.currency": "", "deal.name": "Recovered name"})
    form = window.editor.deal_form
    assert form.currency.text() == "" and form.currency.property(INVALID_PROPERTY) is True
    assert window.document.deal.currency == "USD"  # type: ignore[union-attr]
    assert window.document.deal.name == "Recovered name"  # type: ignore[union-attr]  # valid: applied
    assert window.editor.pending_text() == {"deal.currency": ""}
