"""The answer first: the deciding figures lead the comparison and are in sight without scrolling at 1366 x 768;
the terms, the other figures and the Market view follow in groups that fold, the folding kept in the settings."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from leasedesk.core.market.metric_info import MARKET_METRIC_KEYS
from leasedesk.core.metric_info import HEADROOM_KEY, METRIC_KEYS
from leasedesk.core.terms.rows import TERM_ROWS
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.comparison_layout import FIGURES_HEADING_KEY, MARKET_GROUP, TERMS_GROUP, TERMS_HEADING_KEY
from leasedesk.ui.comparison_market import MARKET_HEADING_KEY, RANK_KEY
from leasedesk.ui.comparison_view import KEY_FOLDED_GROUPS
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.settings import open_settings

# Issue 13: levelized $/GPU-h, PV, the break-even fee and its headroom, the minimum commitment, and with a market
# the equal-capacity figures.
DECIDING = ["cost_per_gpu_hour", "pv_cost", "breakeven_fee", HEADROOM_KEY, "min_commitment"]
DECIDING_WITH_MARKET = ["equal_capacity_per_gpu_hour", "equal_capacity_pv", *DECIDING]


def _without_market(window: MainWindow) -> None:
    deal = load_deal(sample_deal_path())
    window.document.reset(dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=None)))


def _show(window: MainWindow, qtbot: QtBot, width: int, height: int) -> None:
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.finish_startup()  # the charts drawn and the first split between the table and them, as at start-up
    QTest.qWait(0)  # let the layout settle


@pytest.mark.parametrize("market", [True, False], ids=["with a market", "without a market"])
@pytest.mark.parametrize("size", [(1366, 768), (1366, 700)], ids=["1366x768", "1366x768 maximised"])
def test_the_deciding_figures_are_in_sight_without_scrolling(window: MainWindow, qtbot: QtBot, market: bool,
                                                              size: tuple[int, int]) -> None:
    """Every cell of every deciding row lies inside the table's viewport, the table scrolled to the top.

    1366 x 700 is what a maximised window gets of a 1366 x 768 screen under a title bar and a task bar."""
    if not market:
        _without_market(window)
    _show(window, qtbot, *size)
    model, table = window.comparison_model, window.comparison_view.table
    keys = DECIDING_WITH_MARKET if market else DECIDING
    assert model.row_keys()[:len(keys)] == keys  # first, in this order
    assert table.verticalScrollBar().value() == 0
    viewport = table.viewport().rect()
    assert model.columnCount() == 3
    for key in keys:
        row = model.row_of(key)
        assert not table.isRowHidden(row)
        top = table.rowViewportPosition(row)
        assert top >= 0 and top + table.rowHeight(row) <= viewport.height(), (key, top, viewport.height())
        for column in range(model.columnCount()):
            rect = table.visualRect(model.index(row, column))
            assert rect.isValid() and viewport.contains(rect), (key, column, rect, viewport)
    # the charts keep a usable height under the table
    charts = window.charts
    assert charts is not None and charts.height() >= charts.cumulative.minimumHeight()


def test_the_rows_read_answer_first_then_terms_figures_and_market_view(window: MainWindow) -> None:
    keys = window.comparison_model.row_keys()
    terms = [key for key, _label in TERM_ROWS]
    others = [key for key in METRIC_KEYS if key not in DECIDING]
    market = [key for key in MARKET_METRIC_KEYS if key not in DECIDING_WITH_MARKET]
    assert keys == [*DECIDING_WITH_MARKET, TERMS_HEADING_KEY, *terms, FIGURES_HEADING_KEY, *others,
                    MARKET_HEADING_KEY, RANK_KEY, *market]
    _without_market(window)
    keys = window.comparison_model.row_keys()
    assert keys == [*DECIDING, TERMS_HEADING_KEY, *terms, FIGURES_HEADING_KEY, *others]


def test_the_terms_fold_by_a_click_on_their_heading_and_stay_folded_next_time(window: MainWindow,
                                                                               qtbot: QtBot) -> None:
    _show(window, qtbot, 1366, 768)
    model, view = window.comparison_model, window.comparison_view
    table = view.table
    heading = model.row_of(TERMS_HEADING_KEY)
    assert model.headerData(heading, Qt.Orientation.Vertical) == "▾ Terms"
    fee = model.row_of("monthly_fee")
    assert not table.isRowHidden(fee)
    table.verticalHeader().sectionClicked.emit(heading)  # as a click on the heading does
    assert model.is_folded(TERMS_GROUP)
    assert all(table.isRowHidden(model.row_of(key)) for key, _label in TERM_ROWS)
    assert not table.isRowHidden(heading)
    assert model.headerData(heading, Qt.Orientation.Vertical) == f"▸ Terms ({len(TERM_ROWS) - 1} rows)"  # not "kind"
    assert not table.isRowHidden(model.row_of("total_cost"))  # the next group moves up
    assert open_settings().value(KEY_FOLDED_GROUPS) in (["terms"], "terms")

    again = MainWindow()  # the next start
    qtbot.addWidget(again)
    again.document.load(sample_deal_path(), is_sample=True)
    assert again.comparison_model.is_folded(TERMS_GROUP)
    assert again.comparison_view.table.isRowHidden(again.comparison_model.row_of("monthly_fee"))
    assert not again.comparison_model.is_folded(MARKET_GROUP)
    again.document.undo_stack.setClean()

    table.setFocus()
    table.setCurrentIndex(model.index(heading, 0))
    QTest.keyClick(table, Qt.Key.Key_Space)  # the keyboard unfolds it
    assert not model.is_folded(TERMS_GROUP) and not table.isRowHidden(fee)
    table.clicked.emit(model.index(model.row_of(MARKET_HEADING_KEY), 1))  # a click on a heading's cell folds
    assert model.is_folded(MARKET_GROUP) and table.isRowHidden(model.row_of(RANK_KEY))
