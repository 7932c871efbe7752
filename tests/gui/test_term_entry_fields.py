"""Typing terms (issue 13): a percent field says how it read the number; implausible values warn, never block."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from leasedesk.core.model import LeaseOffer
from leasedesk.files import load_deal
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.termsheet.field_widgets import WARNING_PROPERTY


def _line(window: MainWindow, key: str, form: str = "lease") -> QLineEdit:
    widget: QWidget | None
    if form == "assumptions":
        widget = window.editor.assumptions.editors[key].widget
    elif key == "price_per_gpu_hour":
        widget = window.editor.forms[form].price_edit
    else:
        widget = window.editor.forms[form].editors[key].widget
    assert isinstance(widget, QLineEdit)
    return widget


def _type(qtbot: QtBot, window: MainWindow, key: str, text: str, form: str = "lease") -> QLineEdit:
    line = _line(window, key, form)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)
    return line


def _memphis(window: MainWindow) -> LeaseOffer:
    offer = window.document.deal.offer("memphis")  # type: ignore[union-attr]
    assert isinstance(offer, LeaseOffer)
    return offer


@pytest.fixture
def memphis_window(window: MainWindow) -> MainWindow:
    window.offers.select_offer("memphis")
    return window


@pytest.mark.parametrize(
    ("key", "text", "value", "label"),
    [
        ("availability", "0.99", 0.99, "= 99%"),  # below 1: a fraction, as Excel reads it
        ("availability", "0.5", 0.5, "= 50%"),
        ("escalator", "3", 0.03, "= 3%"),  # from 1 up: a percent
        ("escalator", "-0.2", -0.2, "= -20%"),
        ("escalator", "0.99%", 0.0099, ""),  # "%" says it already: no gloss
    ],
)
def test_a_percent_field_shows_the_value_as_read_while_typing(
    qtbot: QtBot, memphis_window: MainWindow, key: str, text: str, value: float, label: str
) -> None:
    window = memphis_window
    _type(qtbot, window, key, text)
    assert getattr(_memphis(window), key) == pytest.approx(value)
    read_as = window.editor.forms["lease"].editors[key].read_as
    assert read_as is not None
    assert read_as.text() == label
    assert read_as.isVisibleTo(window.editor.forms["lease"])


def test_typing_0_99_in_availability_reads_99_percent_and_leaving_tidies_the_field(
    qtbot: QtBot, memphis_window: MainWindow
) -> None:
    window = memphis_window
    line = _type(qtbot, window, "availability", "0.97")
    read_as = window.editor.forms["lease"].editors["availability"].read_as
    assert read_as is not None and read_as.text() == "= 97%"
    assert _memphis(window).availability == pytest.approx(0.97)
    line.editingFinished.emit()  # focus leaves: the field itself now says 97%
    assert line.text() == "97%"
    assert read_as.text() == ""


def test_an_implausible_availability_warns_on_the_field_and_under_the_comparison_and_is_saved(
    qtbot: QtBot, memphis_window: MainWindow, tmp_path: Path, message_boxes: list[tuple[str, str, str]]
) -> None:
    window = memphis_window
    assert window.warnings_line.isHidden()  # the sample is plausible
    line = _type(qtbot, window, "availability", "0.4")
    assert _memphis(window).availability == pytest.approx(0.4)  # applied, not blocked
    editor = window.editor.forms["lease"].editors["availability"]
    assert not editor.is_invalid()
    assert line.property(WARNING_PROPERTY) is True
    assert "Availability of 40% is under 50%" in line.toolTip()
    assert window.warnings_line.show_pending()  # it appears once typing pauses
    qtbot.waitUntil(lambda: window.warnings_line.isVisibleTo(window))
    assert "Memphis lease" in window.warnings_line.text.text()
    assert "Availability of 40% is under 50%" in window.warnings_line.text.text()
    assert window.stale_banner.isHidden()  # the figures are those of the value typed
    target = tmp_path / "warned.leasedeal"
    window.prompts.save_to = str(target)  # type: ignore[attr-defined]
    window.files.save_as()
    assert message_boxes == []
    saved = load_deal(target).offer("memphis")
    assert saved.availability == pytest.approx(0.4)  # the file keeps the value as typed
    _type(qtbot, window, "availability", "0.9")
    assert line.property(WARNING_PROPERTY) is False
    assert window.warnings_line.isHidden() and not window.warnings_line.show_pending()  # gone at once


def test_the_warnings_line_does_not_flash_while_a_fee_is_typed(qtbot: QtBot, memphis_window: MainWindow) -> None:
    window = memphis_window
    line = _line(window, "monthly_fee")
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    seen: list[tuple[str, bool, bool]] = []
    for key in "140M":  # passes through $1, $14 and $140 a month: each a price far under $0.10/GPU-h
        qtbot.keyClick(line, key)
        seen.append((line.text(), window.warnings_line.isHidden(), window.warnings_line.show_pending()))
    # hidden after every keystroke; while a warning stands the line waits for typing to pause
    assert seen == [("1", True, True), ("14", True, True), ("140", True, True), ("140M", True, False)]
    assert _memphis(window).monthly_fee == 140_000_000


def test_a_field_whose_text_breaks_a_rule_shows_the_rule_not_the_old_values_warning(
    qtbot: QtBot, memphis_window: MainWindow
) -> None:
    window = memphis_window
    line = _type(qtbot, window, "availability", "1")  # from 1 up a percent: 1%, under 50%
    assert _memphis(window).availability == pytest.approx(0.01)
    assert line.property(WARNING_PROPERTY) is True and "Availability of 1% is under 50%" in line.toolTip()
    _type(qtbot, window, "availability", "-0.2")  # -20%: breaks the rule, not applied
    editor = window.editor.forms["lease"].editors["availability"]
    # the field's typing (one undo step, "1" included) is taken back: the sample's 99% until the text is fixed
    assert editor.is_invalid() and _memphis(window).availability == pytest.approx(0.99)
    assert line.property(WARNING_PROPERTY) is False
    assert "under 50%" not in line.toolTip()
    assert "greater than 0 and at most 1" in line.toolTip()
    _type(qtbot, window, "availability", "2")  # valid again, 2%: the warning is back
    assert line.property(WARNING_PROPERTY) is True and "Availability of 2% is under 50%" in line.toolTip()


def test_a_price_over_twice_the_market_warns_on_the_price_and_the_fee(
    qtbot: QtBot, memphis_window: MainWindow
) -> None:
    window = memphis_window
    price = _type(qtbot, window, "price_per_gpu_hour", "9.5")  # the sample's market: $4.50, twice is $9.00
    # fee = price x GPUs x hours a month = 9.5 x 60,000 x 730
    assert _memphis(window).monthly_fee == pytest.approx(416_100_000)
    fee = _line(window, "monthly_fee")
    for widget in (price, fee):
        assert widget.property(WARNING_PROPERTY) is True
        assert "over twice the market's $4.50/GPU-h" in widget.toolTip()
    assert "Price per GPU-hour of $9.50/GPU-h" in window.warnings_line.text.text()


def test_a_notice_over_two_years_and_a_high_discount_rate_warn(qtbot: QtBot, memphis_window: MainWindow) -> None:
    window = memphis_window
    mutual = window.editor.forms["lease"].mutual
    assert mutual is not None
    mutual.click()  # the lessee's notice alone
    _type(qtbot, window, "lessee_exit_notice_days", "25 months")  # 25 x 30.4375 = 760.9 days
    assert _memphis(window).lessee_exit.notice_days == pytest.approx(760.9375)
    notice = _line(window, "lessee_exit_notice_days")
    assert notice.property(WARNING_PROPERTY) is True
    assert not _line(window, "provider_exit_notice_days").property(WARNING_PROPERTY)
    rate = _type(qtbot, window, "discount_rate", "0.6", form="assumptions")
    assert window.document.deal.assumptions.discount_rate == pytest.approx(0.6)  # type: ignore[union-attr]
    assert rate.property(WARNING_PROPERTY) is True
    text = window.warnings_line.text.text()
    assert "Assumptions</a>: Discount rate of 60% is over 50%" in text
    assert "Lessee exit notice of 760.9375 days is over 730 days" in text
    window.editor.tabs.setCurrentIndex(0)
    window.warnings_line.text.linkActivated.emit("assumptions")  # the link opens the Assumptions tab
    assert window.editor.tabs.tabText(window.editor.tabs.currentIndex()) == "&Assumptions"
    window.offers.select_offer("build")
    window.warnings_line.text.linkActivated.emit("offer:memphis")  # an offer's link selects it
    assert window.selection.offer_id == "memphis"


def test_text_that_stops_validating_takes_back_the_keystrokes_before_it(
    memphis_window: MainWindow, qtbot: QtBot
) -> None:
    """Typed key by key, "1.6e8" passes through "1.6" (a fee of 1.60) and "1.6e" (refused): while refused, the
    figures are those of the terms before the typing, not of a keystroke on the way, and no step is left."""
    window = memphis_window
    stack = window.document.undo_stack
    steps = stack.count()
    line = _line(window, "monthly_fee")
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, "1.6")
    assert _memphis(window).monthly_fee == 1.6  # a valid keystroke on the way applies, live
    qtbot.keyClicks(line, "e")
    assert line.text() == "1.6e" and window.editor.forms["lease"].editors["monthly_fee"].is_invalid()
    assert _memphis(window).monthly_fee == 150_000_000  # taken back: the fee before the typing
    assert stack.count() == steps  # nothing to undo
    qtbot.keyClicks(line, "8")
    assert _memphis(window).monthly_fee == 160_000_000
    assert stack.count() == steps + 1
    stack.undo()
    assert _memphis(window).monthly_fee == 150_000_000


def test_a_refused_assumption_takes_back_its_keystrokes(window: MainWindow, qtbot: QtBot) -> None:
    deal = window.document.deal
    assert deal is not None and deal.assumptions.discount_rate == 0.10
    line = _line(window, "discount_rate", form="assumptions")
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, "8")
    assert window.document.deal.assumptions.discount_rate == 0.08  # type: ignore[union-attr]
    qtbot.keyClicks(line, "x")
    assert window.document.deal.assumptions.discount_rate == 0.10  # type: ignore[union-attr]
