"""The Deal tab (name, currency, notes; undoable), the one-click move of the analysis start, and a new
lease's placeholder fee that follows its GPUs until the fee is typed (issue 13)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDateEdit, QLabel, QLineEdit, QTabBar, QWidget
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


def test_moving_the_analysis_start_keeps_the_edits_made_since_the_early_start_was_typed(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.offers.select_offer("memphis")
    form = window.editor.forms["lease"]
    start, fee = form.editors["start"].widget, form.editors["monthly_fee"].widget
    assert isinstance(start, QDateEdit) and isinstance(fee, QLineEdit)
    stack = window.document.undo_stack
    start.setDate(QDate(2026, 1, 1))  # before the analysis start (Jul 2026): refused, the button offered
    assert form.move_start_button.isVisibleTo(form)
    _clear_and_type(qtbot, fee, "140M")  # applies, while the start text still waits
    assert _lease(window, "memphis").monthly_fee == 140_000_000
    assert form.move_start_button.isVisibleTo(form)
    form.move_start_button.click()
    deal = window.document.deal
    assert deal is not None and deal.assumptions.analysis_start == dt.date(2026, 1, 1)
    lease = _lease(window, "memphis")
    assert (lease.start, lease.monthly_fee) == (dt.date(2026, 1, 1), 140_000_000)  # the fee typed stays
    stack.undo()  # the move alone
    lease = _lease(window, "memphis")
    assert (lease.start, lease.monthly_fee) == (dt.date(2026, 7, 1), 140_000_000)
    stack.undo()  # then the fee
    assert _lease(window, "memphis").monthly_fee == 150_000_000


def test_a_fee_typed_at_the_placeholders_price_does_not_follow_the_gpus(qtbot: QtBot, window: MainWindow) -> None:
    window.offers.select_offer("hyperscaler")
    assert _lease(window, "hyperscaler").gpus == 60_000
    editors = window.editor.forms["lease"].editors
    fee, gpus = editors["monthly_fee"].widget, editors["gpus"].widget
    assert isinstance(fee, QLineEdit) and isinstance(gpus, QLineEdit)
    _clear_and_type(qtbot, fee, "109.5M")  # 2.50 x 60,000 x 730: the placeholder's price, but typed
    _clear_and_type(qtbot, gpus, "70000")  # (its ramp delivers 60,000: fewer would not validate)
    lease = _lease(window, "hyperscaler")
    assert (lease.gpus, lease.monthly_fee) == (70_000, 109_500_000)
    assert window.document.undo_stack.undoText() == "Change gpus"


def test_a_new_leases_fee_stops_following_once_its_price_is_typed(qtbot: QtBot, window: MainWindow) -> None:
    window.offers.add_lease()
    new_id = window.offers.current_offer_id
    assert new_id is not None
    form = window.editor.forms["lease"]
    gpus, price = form.editors["gpus"].widget, form.price_edit
    assert isinstance(gpus, QLineEdit) and price is not None
    _clear_and_type(qtbot, gpus, "20000")
    assert _lease(window, new_id).monthly_fee == pytest.approx(36_500_000)  # 2.50 x 20,000 x 730
    assert window.document.undo_stack.undoText() == "Change gpus (and the fee)"
    _clear_and_type(qtbot, price, "2.50")  # the same price, typed: the fee is the person's own now
    _clear_and_type(qtbot, gpus, "30000")
    lease = _lease(window, new_id)
    assert lease.gpus == 30_000 and lease.monthly_fee == pytest.approx(36_500_000)


def test_a_new_lease_saved_and_opened_again_keeps_its_fee_when_its_gpus_change(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.offers.add_lease()
    new_id = window.offers.current_offer_id
    assert new_id is not None
    target = tmp_path / "placeholder.leasedeal"
    window.document.save(target)
    assert "placeholder" not in target.read_text(encoding="utf-8").replace("placeholder.leasedeal", "")
    window.document.load(target)
    window.offers.select_offer(new_id)
    gpus = window.editor.forms["lease"].editors["gpus"].widget
    assert isinstance(gpus, QLineEdit)
    _clear_and_type(qtbot, gpus, "20000")
    lease = _lease(window, new_id)
    assert lease.gpus == 20_000 and lease.monthly_fee == pytest.approx(18_250_000)  # 2.50 x 10,000 x 730, as loaded


def test_the_currency_field_shows_the_currency_as_held_once_left(qtbot: QtBot, window: MainWindow) -> None:
    _deal_tab(window)
    form = window.editor.deal_form
    _clear_and_type(qtbot, form.currency, " eur")
    assert window.document.deal.currency == "EUR"  # type: ignore[union-attr]
    form.currency.editingFinished.emit()  # focus leaves
    assert form.currency.text() == "EUR"
    steps = window.document.undo_stack.count()
    assert window.document.undo_stack.undoText() == "Change the deal's currency"
    assert window.document.undo_stack.count() == steps  # tidying is no edit


def test_alt_n_reaches_the_negotiation_tab_from_the_deal_tab(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tabs = window.editor.tabs
    _deal_tab(window)
    form = window.editor.deal_form
    form.currency.setFocus()
    qtbot.waitUntil(form.currency.hasFocus)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert tabs.tabText(tabs.currentIndex()) == "&Negotiation"
    _deal_tab(window)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # Deal na&me
    assert QApplication.focusWidget() is form.name
    qtbot.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # C&urrency
    assert QApplication.focusWidget() is form.currency


def test_no_mnemonic_of_the_deal_tab_is_shared_by_anything_else_shown(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    page = _deal_tab(window)
    letters: dict[str, list[str]] = {}

    def note(text: str, where: str) -> None:
        found = re.search(r"&(\w)", text.replace("&&", ""))
        if found:
            letters.setdefault(found.group(1).lower(), []).append(f"{where}:{text}")

    for button in window.findChildren(QAbstractButton):
        if button.isVisible():
            note(button.text(), "button")
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            note(label.text(), "label")
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            for index in range(bar.count()):
                note(bar.tabText(index), "tab")
    for action in window.menuBar().actions():
        note(action.text(), "menu")
    own = [label.text() for label in page.findChildren(QLabel)
           if label.isVisible() and label.buddy() is not None and "&" in label.text()]
    assert own == ["Deal na&me", "C&urrency"]  # "Notes" has no free letter: Tab reaches it
    for text in [*own, "&Negotiation"]:
        letter = re.search(r"&(\w)", text)
        assert letter is not None
        assert len(letters[letter.group(1).lower()]) == 1, letters[letter.group(1).lower()]
