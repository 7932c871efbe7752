"""The edit path does each thing once: models update the rows and columns that changed, the
selected offer has one owner, hidden tabs refresh when shown, chart refreshes are rate limited."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from leasedesk.core.model import LeaseOffer
from leasedesk.resources import sample_deal_path
from leasedesk.ui.document import DealDocument
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.offer_list_model import OfferListModel
from leasedesk.ui.refresh import RateLimiter


class Recorder:
    """The structural signals and changed ranges a model emits."""

    def __init__(self, model: object) -> None:
        self.events: list[str] = []
        self.changed: list[tuple[int, int, int, int]] = []
        for name in ("modelReset", "rowsInserted", "rowsRemoved", "columnsInserted", "columnsRemoved"):
            getattr(model, name).connect(lambda *_args, name=name: self.events.append(name))
        model.dataChanged.connect(self._data_changed)  # type: ignore[attr-defined]

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        self.changed.append((top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column()))

    def clear(self) -> None:
        self.events.clear()
        self.changed.clear()


def _fee(window: MainWindow, offer_id: str, fee: float) -> None:
    offer = window.document.deal.offer(offer_id)  # type: ignore[union-attr]
    assert isinstance(offer, LeaseOffer)
    window.document.replace_offer(dataclasses.replace(offer, monthly_fee=fee), "Change monthly fee", "fee")


def test_a_typed_fee_updates_one_column_of_the_comparison_and_no_row_of_the_offer_list(window: MainWindow) -> None:
    table, offers = Recorder(window.comparison_model), Recorder(window.offers.model)
    column = window.comparison_model.column_of("hyperscaler")
    _fee(window, "hyperscaler", 99e6)
    assert table.events == [] and offers.events == []
    assert all(left == right for _top, left, _bottom, right in table.changed)  # column by column
    assert column in {left for _top, left, _bottom, _right in table.changed}
    assert offers.changed == []  # the list shows names, not fees
    assert window.comparison_model.index(window.comparison_model.row_of("monthly_fee"), column).data() == "$99.0M"


def test_an_edit_that_changes_no_best_value_touches_only_the_edited_column(window: MainWindow) -> None:
    table = Recorder(window.comparison_model)
    column = window.comparison_model.column_of("hyperscaler")
    # Still second in the Market view's rank (dearer than Memphis's fee, it would move Memphis's rank: a change
    # in Memphis's column, test_market_rows), and the best of no row.
    _fee(window, "hyperscaler", 130e6)
    assert {left for _top, left, _bottom, _right in table.changed} == {column}
    fee_row = window.comparison_model.row_of("monthly_fee")
    assert (fee_row, column, fee_row + 1, column) in table.changed  # the fee and the price per GPU-hour
    unchanged = window.comparison_model.row_of("gpu_hours")
    assert not any(top <= unchanged <= bottom for top, _left, bottom, _right in table.changed)


def test_adding_and_deleting_an_offer_inserts_and_removes_one_row_and_one_column(
    window: MainWindow, qtmodeltester: ModelTester
) -> None:
    table, offers = Recorder(window.comparison_model), Recorder(window.offers.model)
    window.offers.add_lease()
    assert "columnsInserted" in table.events and "modelReset" not in table.events
    assert offers.events == ["rowsInserted"]
    qtmodeltester.check(window.comparison_model, force_py=True)  # and it watches what follows
    table.clear()
    offers.clear()
    window.offers.delete()
    assert "columnsRemoved" in table.events and "modelReset" not in table.events
    assert offers.events == ["rowsRemoved"]
    window.document.undo_stack.undo()
    assert offers.events == ["rowsRemoved", "rowsInserted"]
    assert window.offers.model.offer_ids() == window.comparison_model.offer_ids()


def test_renaming_an_offer_changes_its_row_only(window: MainWindow) -> None:
    offers = Recorder(window.offers.model)
    window.document.rename_offer("hyperscaler", "Hyperscaler, round 2")
    row = window.offers.model.row_of("hyperscaler")
    assert offers.events == [] and offers.changed == [(row, 0, row, 0)]
    assert window.offers.model.index(row, 0).data() == "Hyperscaler, round 2"


def test_offer_list_model_passes_the_model_tester_through_edits(qtmodeltester: ModelTester) -> None:
    document = DealDocument()
    document.load(sample_deal_path(), is_sample=True)
    model = OfferListModel()
    model.set_deal(document.deal)
    qtmodeltester.check(model, force_py=True)
    deal = document.deal
    assert deal is not None
    events = Recorder(model)
    model.set_deal(dataclasses.replace(deal, offers=deal.offers[1:]))
    model.set_deal(deal)
    model.set_deal(dataclasses.replace(deal, baseline="memphis"))
    assert events.events == ["rowsRemoved", "rowsInserted"]
    model.set_deal(None)
    qtmodeltester.check(model, force_py=True)


def test_the_selected_offer_has_one_owner_that_the_panels_follow(window: MainWindow) -> None:
    charts = window.ensure_charts()
    window.comparison_view.offer_activated.emit("hyperscaler")
    assert window.selection.offer_id == "hyperscaler"
    assert window.offers.current_offer_id == "hyperscaler"
    assert window.offers.list.currentIndex().row() == window.offers.model.row_of("hyperscaler")
    assert window.editor.current_offer() is window.document.deal.offer("hyperscaler")  # type: ignore[union-attr]
    assert window.summary.heading.text() == window.document.deal.offer("hyperscaler").display_name  # type: ignore[union-attr]
    assert charts.exit_curve.lease_id == "hyperscaler"
    window.offers.delete()  # the selection moves to the neighbour, once
    assert window.selection.offer_id == "build"
    assert window.offers.current_offer_id == "build"


def test_the_overview_tab_refreshes_when_shown(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    qtbot.waitExposed(window)
    overview = window.editor.tabs.indexOf(window.terms_area)
    assert window.editor.tabs.currentIndex() != overview
    before = window.summary.table.text()
    _fee(window, "memphis", 120e6)
    assert window.summary.table.text() == before  # hidden: not rebuilt while typing
    window.editor.tabs.setCurrentIndex(overview)
    qtbot.waitUntil(lambda: "$120.0M" in window.summary.table.text())
    assert window.summary.values["monthly_fee"] == "$120.0M"


def test_chart_refreshes_while_typing_are_merged_into_one_after_the_interval(window: MainWindow, qtbot: QtBot) -> None:
    charts = window.ensure_charts()
    _fee(window, "memphis", 120e6)  # after a quiet interval: drawn at once
    assert charts.comparison is window.document.comparison
    _fee(window, "memphis", 121e6)
    _fee(window, "memphis", 122e6)
    assert window.refresh_pending()  # faster than the interval: held back, merged
    qtbot.waitUntil(lambda: not window.refresh_pending())
    assert charts.comparison is window.document.comparison


@pytest.mark.parametrize("calls", [1, 5])
def test_the_rate_limiter_runs_at_once_after_quiet_and_merges_a_burst(qtbot: QtBot, calls: int) -> None:
    runs: list[int] = []
    limiter = RateLimiter(lambda: runs.append(len(runs)), interval_ms=30)
    for _ in range(calls):
        limiter()
    assert len(runs) == 1  # the first call runs at once
    qtbot.waitUntil(lambda: not limiter.pending())
    assert len(runs) == min(calls, 2)  # the rest of a burst: one run when the interval ends


def test_typing_keeps_the_viewed_round_and_the_ramp_table_as_they_are(window: MainWindow, qtbot: QtBot) -> None:
    editor = window.editor
    window.offers.select_offer("memphis")
    editor.negotiation.record_button.click()
    editor.negotiation.rounds.setCurrentRow(0)
    ramp = editor.forms["lease"].ramp_model
    assert ramp is not None
    resets = Recorder(ramp)
    _fee(window, "memphis", 140e6)
    assert editor.negotiation.rounds.currentRow() == 0  # the rounds were not rebuilt
    assert editor.negotiation.round_terms.subheading.text() == "Differs from now: Monthly fee"
    assert resets.events == []
