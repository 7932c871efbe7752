"""The Market group of the Assumptions tab: empty without a market, the sample's in one click, removed in one,
typed edits undoable, and a volatility too low for the drift marked with the smallest that works."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from leasedesk.core.comparison import Comparison
from leasedesk.core.market.assumptions import MarketAssumptions, displayed_volatility_bound
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.comparison_market import MARKET_HEADING_KEY
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.termsheet.assumptions_form import AssumptionsForm

MARKET_KEYS = ("market_price_per_gpu_hour", "market_annual_change", "market_volatility", "market_required_gpus",
               "market_lessee_switching_cost", "market_provider_relet_cost")


def market_of(window: MainWindow) -> MarketAssumptions | None:
    """The open deal's market (a deal is open in every test here)."""
    assert window.document.deal is not None
    return window.document.deal.assumptions.market


def the_market(window: MainWindow) -> MarketAssumptions:
    """The open deal's market, which the test has set."""
    market = market_of(window)
    assert market is not None
    return market


def comparison_of(window: MainWindow) -> Comparison:
    assert window.document.comparison is not None
    return window.document.comparison


def form_of(window: MainWindow) -> AssumptionsForm:
    return window.editor.assumptions


def line(window: MainWindow, key: str) -> QLineEdit:
    widget = form_of(window).editors[key].widget
    assert isinstance(widget, QLineEdit)
    return widget


def type_into(qtbot: QtBot, window: MainWindow, key: str, text: str) -> None:
    field = line(window, key)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(field, text)


def without_market(window: MainWindow) -> None:
    """Open the sample with its market taken out, as a fresh document."""
    deal = load_deal(sample_deal_path())
    window.document.reset(dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=None)))


def test_without_a_market_the_group_is_empty_and_says_its_figures_are_assumptions(window: MainWindow) -> None:
    without_market(window)
    form = form_of(window)
    assert all(form.editors[key].text() == "" for key in MARKET_KEYS)
    assert "Assumptions to check" in form.market.note.text()
    assert not form.market.remove.isEnabled()
    assert line(window, "market_price_per_gpu_hour").placeholderText() == "e.g. 4.50"
    assert "type a price to start one" in form.market.note.text()
    assert MARKET_HEADING_KEY not in window.comparison_model.row_keys()


def test_one_click_fills_the_sample_market_as_one_undoable_step(window: MainWindow) -> None:
    without_market(window)
    form = form_of(window)
    stack = window.document.undo_stack
    form.market.use_sample.click()
    sample = load_deal(sample_deal_path()).assumptions.market
    assert market_of(window) == sample
    assert stack.count() == 1 and stack.undoText() == "Use sample market"
    assert form.editors["market_price_per_gpu_hour"].text() == "$4.5"
    assert form.editors["market_annual_change"].text() == "-25%"
    assert form.editors["market_volatility"].text() == "0.5"
    assert form.editors["market_required_gpus"].text() == ""  # the default: the largest offer
    assert line(window, "market_required_gpus").placeholderText() == "60,000 (largest)"
    assert form.market.sample_note.isVisibleTo(form)  # marked as the sample's, to be checked
    assert form.market.remove.isEnabled()
    assert MARKET_HEADING_KEY in window.comparison_model.row_keys()
    stack.undo()
    assert market_of(window) is None
    assert form.editors["market_volatility"].text() == ""
    assert not form.market.sample_note.isVisibleTo(form)


def test_typing_a_price_starts_a_market_with_defaults_and_a_typed_edit_undoes(qtbot: QtBot,
                                                                             window: MainWindow) -> None:
    without_market(window)
    type_into(qtbot, window, "market_volatility", "0.3")  # no price yet: nothing to attach it to
    assert form_of(window).editors["market_volatility"].is_invalid()
    assert market_of(window) is None
    type_into(qtbot, window, "market_volatility", "")
    type_into(qtbot, window, "market_price_per_gpu_hour", "3.80")
    market = market_of(window)
    assert market is not None and market.price_per_gpu_hour == 3.80
    assert (market.annual_change, market.volatility, market.required_gpus) == (0.0, 0.0, None)
    type_into(qtbot, window, "market_annual_change", "-20%")
    assert the_market(window).annual_change == -0.20
    stack = window.document.undo_stack
    assert stack.undoText() == "Change expected yearly change"
    stack.undo()
    assert the_market(window).annual_change == 0.0
    assert form_of(window).editors["market_annual_change"].text() == "0%"


def test_remove_market_clears_the_group_and_the_market_view_in_one_step(window: MainWindow) -> None:
    form = form_of(window)
    assert market_of(window) is not None
    form.market.remove.click()
    assert market_of(window) is None
    assert all(form.editors[key].text() == "" for key in MARKET_KEYS)
    assert comparison_of(window).ranking_key == "cost_per_gpu_hour"
    assert MARKET_HEADING_KEY not in window.comparison_model.row_keys()
    assert window.document.undo_stack.undoText() == "Remove market"
    window.document.undo_stack.undo()
    assert market_of(window) is not None
    assert MARKET_HEADING_KEY in window.comparison_model.row_keys()


def test_clearing_required_gpus_means_the_largest_offer(qtbot: QtBot, window: MainWindow) -> None:
    type_into(qtbot, window, "market_required_gpus", "80,000")
    assert comparison_of(window).required_gpus == 80_000
    type_into(qtbot, window, "market_required_gpus", "")
    assert the_market(window).required_gpus is None
    assert comparison_of(window).required_gpus == 60_000


def test_a_volatility_too_low_names_the_smallest_that_works_and_the_figures_stay_stale(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show()
    type_into(qtbot, window, "market_volatility", "0.01")
    editor = form_of(window).editors["market_volatility"]
    smallest = f"{displayed_volatility_bound(-0.25):g}"
    assert editor.is_invalid()
    assert f"at least {smallest} a year" in editor.widget.toolTip()
    market = comparison_of(window).market
    # "0" on the way was valid; the refused "0.01" takes the typing back: the figures are the sample's 0.5, stale
    assert market is not None and market.volatility == 0.5
    assert window.stale_banner.isVisible()
    assert "Volatility" in window.stale_banner.text() and smallest in window.stale_banner.text()
    type_into(qtbot, window, "market_volatility", "0.4")
    assert not editor.is_invalid()
    assert not window.stale_banner.isVisible()
    assert the_market(window).volatility == 0.4


def test_using_the_sample_drops_text_typed_into_a_market_field(qtbot: QtBot, window: MainWindow) -> None:
    window.show()
    type_into(qtbot, window, "market_volatility", "0.01")
    assert window.stale_banner.isVisible()
    form_of(window).market.use_sample.click()
    assert not form_of(window).editors["market_volatility"].is_invalid()
    assert form_of(window).editors["market_volatility"].text() == "0.5"
    assert not window.stale_banner.isVisible()


def test_a_sample_that_cannot_be_read_is_reported_and_changes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leasedesk.ui.termsheet import assumptions_form

    def unreadable() -> None:
        raise FileNotFoundError("LeaseDesk's resources were not found")

    without_market(window)
    monkeypatch.setattr(assumptions_form, "sample_market", unreadable)
    form_of(window).market.use_sample.click()
    assert market_of(window) is None
    assert window.document.undo_stack.count() == 0
    note = form_of(window).market.sample_note
    assert note.isVisibleTo(form_of(window)) and "could not be read" in note.text()
