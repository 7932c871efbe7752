"""The Negotiate view: bridge, term values, solve and sensitivity of the selected offer, computed in a
worker process, against the figures of the core."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from leasedesk.core.model import Deal, LeaseOffer
from leasedesk.core.negotiation import record_round
from leasedesk.core.negotiation.bridge import bridge
from leasedesk.core.negotiation.sensitivity import sensitivity
from leasedesk.core.negotiation.solve import solve
from leasedesk.core.negotiation.term_values import term_values
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.document import DealDocument
from leasedesk.ui.negotiate.bridge_model import COL_CHANGE, RAW_ROLE
from leasedesk.ui.negotiate.bridge_page import BridgePage
from leasedesk.ui.negotiate.grid_model import BEST_ROLE
from leasedesk.ui.negotiate.grid_model import RAW_ROLE as ADVANTAGE
from leasedesk.ui.negotiate.sensitivity_page import SensitivityPage
from leasedesk.ui.negotiate.solve_page import SolvePage
from leasedesk.ui.negotiate.term_values_model import TermValuesModel
from leasedesk.ui.negotiate.term_values_page import NO_MARKET_NOTE, TermValuesPage
from leasedesk.ui.negotiate.view import NegotiateView
from leasedesk.ui.termsheet.editor_panel import TermSheetEditor

WAIT_MS = 60_000  # the first answer starts the worker process


def _negotiated_deal(*, market: bool = True) -> Deal:
    """The sample with a round recorded on the Memphis lease, then its fee, escalator and notice changed."""
    deal = load_deal(sample_deal_path())
    memphis = deal.offer("memphis")
    assert isinstance(memphis, LeaseOffer)
    memphis = record_round(memphis, "Provider ask 1", "provider")
    assert isinstance(memphis, LeaseOffer)
    memphis = dataclasses.replace(
        memphis, monthly_fee=140e6, escalator=0.01,
        lessee_exit=dataclasses.replace(memphis.lessee_exit, notice_days=60),
    )
    deal = dataclasses.replace(deal, offers=tuple(memphis if o.id == "memphis" else o for o in deal.offers))
    if not market:
        deal = dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=None))
    return deal


@pytest.fixture
def document() -> Iterator[DealDocument]:
    doc = DealDocument()
    doc.reset(_negotiated_deal())
    yield doc
    doc.undo_stack.clear()


@pytest.fixture
def editor(qtbot: QtBot, document: DealDocument) -> Iterator[TermSheetEditor]:
    widget = TermSheetEditor(document)
    qtbot.addWidget(widget)
    widget.show_offer("memphis")
    widget.tabs.setCurrentWidget(widget.negotiate)
    widget.resize(900, 900)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.negotiate.jobs.shutdown()


def _page(editor: TermSheetEditor, slot: str) -> Any:
    """The view's page, brought into view."""
    view: NegotiateView = editor.negotiate
    page = view.page(slot)
    view.tabs.setCurrentWidget(page)
    return page


def _fee(document: DealDocument) -> float:
    offer = document.deal.offer("memphis")  # type: ignore[union-attr]
    assert isinstance(offer, LeaseOffer)
    return offer.monthly_fee


def test_the_bridge_bars_add_up_to_after_minus_before_as_the_core_says(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    page = _page(editor, "bridge")
    assert isinstance(page, BridgePage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
    expected = bridge(document.deal, "memphis")  # type: ignore[arg-type]
    assert page.source_combo.currentData() == "Provider ask 1"  # the latest round by default
    assert expected.changed == ("fee", "escalator", "lessee_exit")
    for metric in expected.metrics:
        page.metric_combo.setCurrentIndex(page.metric_combo.findData(metric.key))
        page.metric_combo.activated.emit(page.metric_combo.currentIndex())
        bars = page.chart.bars
        assert bars == page.model.bars
        assert [bar.label for bar in bars[1:-1]] == ["Fee", "Escalator", "Our exit right"]
        changes = [page.model.index(row, COL_CHANGE).data(RAW_ROLE) for row in range(1, len(bars) - 1)]
        assert changes == pytest.approx([metric.contributions[c] for c in expected.changed], rel=1e-9, abs=1e-9)
        assert sum(changes) == pytest.approx(metric.after - metric.before, rel=1e-9, abs=1e-6)  # type: ignore[operator]
        assert (bars[0].end, bars[-1].end) == pytest.approx((metric.before, metric.after))
    assert "provider's terms" in page.sides.text()
    assert "do not depend on the order" in page.note.text()


def test_the_bridge_of_a_counter_offer_starts_from_the_offer_it_counters(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    with qtbot.waitSignal(editor.offer_created) as created:
        editor.negotiation.counter_button.click()
    counter_id = created.args[0]
    editor.show_offer(counter_id)
    counter = document.deal.offer(counter_id)  # type: ignore[union-attr]
    document.replace_offer(dataclasses.replace(counter, monthly_fee=130e6))
    page = _page(editor, "bridge")
    assert page.source_combo.currentData() == "memphis"
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
    assert [bar.label for bar in page.model.bars[1:-1]] == ["Fee"]
    expected = bridge(document.deal, counter_id)  # type: ignore[arg-type]
    assert page.model.bars[1].change == pytest.approx(expected.metrics[0].contributions["fee"])


def test_the_term_values_model_under_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, editor: TermSheetEditor, document: DealDocument
) -> None:
    page = _page(editor, "term_values")
    assert isinstance(page, TermValuesPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
    qtmodeltester.check(page.model, force_py=True)
    expected = term_values(document.deal, "memphis")  # type: ignore[arg-type]
    assert [s["term"] for s in page.model.steps] == [s.term for s in expected.steps]
    columns = page.model.columns()
    notice = next(i for i, s in enumerate(expected.steps) if s.term == "lessee_exit.notice_days")
    market_column = columns.index("market_fee_equivalent")
    shown = page.model.index(notice, market_column).data(RAW_ROLE)
    assert shown == pytest.approx(expected.steps[notice].market_fee_equivalent)
    assert "of monthly fee in the market view" in page.sentence.text()
    assert page.model.headerData(columns.index("market_value_pv"), Qt.Orientation.Horizontal) == \
        "Δ Expected cost with exits"


def test_without_a_market_the_view_says_exit_terms_need_one(qtmodeltester: ModelTester) -> None:
    deal = _negotiated_deal(market=False)
    model = TermValuesModel()
    values = term_values(deal, "memphis")
    model.set_values({**values.to_json_data(), "metric_keys": list(values.metric_keys)}, "lease", "USD")
    qtmodeltester.check(model, force_py=True)
    assert "market_fee_equivalent" not in model.columns()
    assert "market view prices them" in NO_MARKET_NOTE
    model.clear()
    assert model.rowCount() == 0 and model.columnCount() == 0


def test_solve_answers_as_the_core_and_applying_it_is_one_undo_step(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    page = _page(editor, "solve")
    assert isinstance(page, SolvePage)
    assert page.target_combo.currentData() == "build"  # the baseline by default
    page.term_combo.setCurrentIndex(page.term_combo.findData("monthly_fee"))
    page.solve_button.click()
    qtbot.waitUntil(page.apply_button.isVisible, timeout=WAIT_MS)
    expected = solve(document.deal, "memphis", "monthly_fee")  # type: ignore[arg-type]
    assert expected.value is not None
    assert "105.2M" in page.answer.text()
    steps = document.undo_stack.count()
    page.apply_button.click()
    assert _fee(document) == pytest.approx(expected.value)
    assert document.undo_stack.count() == steps + 1
    assert document.undo_stack.undoText().startswith("Set monthly fee to")
    document.undo_stack.undo()
    assert _fee(document) == 140e6


def test_a_target_out_of_reach_gives_the_reason(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    page = _page(editor, "solve")
    page.target_combo.setCurrentIndex(page.target_combo.findData("__value__"))
    assert page.value_edit.isVisibleTo(page)
    page.value_edit.setText("-5")
    page.solve_button.click()
    qtbot.waitUntil(lambda: "No monthly fee" in page.answer.text(), timeout=WAIT_MS)
    assert not page.apply_button.isVisible()
    expected = solve(document.deal, "memphis", "monthly_fee", value=-5.0)  # type: ignore[arg-type]
    assert expected.reason is not None and expected.reason in page.answer.text()


def test_the_tornado_and_grid_show_the_cores_figures(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    page = _page(editor, "sensitivity")
    assert isinstance(page, SensitivityPage)
    qtbot.waitUntil(lambda: page.grid_model.rowCount() > 0, timeout=WAIT_MS)
    rows, columns = page.rows_combo.currentData(), page.columns_combo.currentData()
    expected = sensitivity(document.deal, "memphis", (rows, columns))  # type: ignore[arg-type]
    assert expected.grid is not None
    for r in range(len(expected.grid.row_values)):
        for c in range(len(expected.grid.column_values)):
            cell = page.grid_model.index(r, c)
            assert cell.data(BEST_ROLE) == expected.grid.best[r][c]
            assert cell.data(ADVANTAGE) == pytest.approx(expected.grid.advantage[r][c])
    assert [bar["input"] for bar in page.tornado._bars] == [b.input for b in expected.tornado]


def test_analyses_run_off_the_window_thread_and_stale_answers_are_dropped(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    page = _page(editor, "bridge")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)  # the worker is up
    shown: list[dict[str, Any]] = []
    original = page.show_result

    def record_and_show(data: dict[str, Any]) -> None:
        shown.append(data)
        original(data)

    page.show_result = record_and_show

    def change_terms_while_computing(busy: bool) -> None:
        """The moment a request is on its way (the answer not back yet), the terms change again."""
        if busy and _fee(document) == 130e6:
            offer = document.deal.offer("memphis")  # type: ignore[union-attr]
            document.replace_offer(dataclasses.replace(offer, monthly_fee=120e6))

    editor.negotiate.jobs.busy_changed.connect(change_terms_while_computing)
    offer = document.deal.offer("memphis")  # type: ignore[union-attr]
    document.replace_offer(dataclasses.replace(offer, monthly_fee=130e6))
    with qtbot.waitSignal(editor.negotiate.jobs.busy_changed, timeout=WAIT_MS):  # the request goes out...
        pass
    qtbot.waitUntil(lambda: bool(shown) and not editor.negotiate.jobs.busy, timeout=WAIT_MS)
    expected = bridge(document.deal, "memphis")  # type: ignore[arg-type]
    assert _fee(document) == 120e6
    assert [data["metrics"]["pv_cost"]["after"] for data in shown] == [pytest.approx(expected.metrics[0].after)]


def test_only_the_page_in_view_computes(qtbot: QtBot, editor: TermSheetEditor) -> None:
    page = _page(editor, "bridge")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
    term_page = editor.negotiate.page("term_values")
    assert isinstance(term_page, TermValuesPage)
    assert term_page.model.rowCount() == 0  # hidden: not asked yet
    editor.negotiate.tabs.setCurrentWidget(term_page)
    qtbot.waitUntil(lambda: term_page.model.rowCount() > 0, timeout=WAIT_MS)



def test_another_offer_never_shows_the_last_ones_figures(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    page = _page(editor, "term_values")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
    editor.show_offer("build")
    assert page.model.rowCount() == 0  # cleared at once, before the self-build's answer arrives
    assert "Build in Memphis" in editor.negotiate.heading.text()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=WAIT_MS)
    assert [s["term"] for s in page.model.steps] == [s.term for s in term_values(document.deal, "build").steps]  # type: ignore[arg-type]
    assert "fee_equivalent" not in page.model.columns()
    document.remove_offer("build")
    editor.show_offer(None)
    assert page.model.rowCount() == 0
    assert editor.negotiate.heading.text().startswith("Select an offer")


def test_the_page_last_looked_at_is_shown_again(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    _page(editor, "solve")
    again = TermSheetEditor(document)
    qtbot.addWidget(again)
    again.negotiate.ensure_pages()
    assert again.negotiate.current_page() is again.negotiate.page("solve")
    again.negotiate.tabs.setCurrentIndex(0)  # the rounds
    third = TermSheetEditor(document)
    qtbot.addWidget(third)
    third.negotiate.ensure_pages()
    assert third.negotiate.current_page() is None
    assert third.negotiate.tabs.currentIndex() == 0
