"""The Walk-Away Prices chart of the selected lease and the exit clause at the market in words under it."""

from __future__ import annotations

import dataclasses

from PySide6.QtCharts import QValueAxis
from pytestqt.qtbot import QtBot

from leasedesk.core.model import LeaseOffer
from leasedesk.ui.chart_walk_away import NO_MARKET, NOT_A_LEASE
from leasedesk.ui.charts_panel import ChartsPanel
from leasedesk.ui.main_window import MainWindow


def shown_charts(window: MainWindow, qtbot: QtBot) -> ChartsPanel:
    window.show()
    qtbot.waitExposed(window)
    charts = window.ensure_charts()
    charts.show_chart(charts.walk_away)
    return charts


def set_market(window: MainWindow, **changes: object) -> None:
    deal = window.document.deal
    assert deal is not None and deal.assumptions.market is not None
    market = dataclasses.replace(deal.assumptions.market, **changes)  # type: ignore[arg-type]
    window.document.change(dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=market)),
                           "Change market")


def test_a_lease_shows_its_walk_away_prices_its_cost_and_the_market_on_one_axis(window: MainWindow,
                                                                                  qtbot: QtBot) -> None:
    chart = shown_charts(window, qtbot).walk_away
    window.offers.select_offer("memphis")
    comparison = window.document.comparison
    assert comparison is not None
    data = comparison.walk_away_chart("memphis")
    assert data is not None and chart.lease_id == "memphis"
    series = chart.series_by_role
    own, expected = series["own_cost"], series["expected_price"]
    assert own.count() == expected.count() == 42
    assert own.at(0).y() == data.own_cost[0] and expected.at(41).y() == data.expected_price[41]
    assert series["lessee_below"].count() == sum(v is not None for v in data.lessee_below)
    assert series["provider_above"].count() == sum(v is not None for v in data.provider_above)
    names = [s.name() for s in chart.chart().series()]
    assert "Notice from month 3" in names and "Earliest end: month 5.96" in names
    lock_in = series["mark:Notice from month 3"]
    assert lock_in.at(0).x() == lock_in.at(1).x() == 3.0
    price_axis = next(a for a in chart.chart().axes() if isinstance(a, QValueAxis) and "GPU-h" in a.titleText())
    assert price_axis.labelFormat() == "$%.2f"


def test_the_sentence_under_the_chart_is_cores_for_the_selected_lease(window: MainWindow, qtbot: QtBot) -> None:
    chart = shown_charts(window, qtbot).walk_away
    comparison = window.document.comparison
    assert comparison is not None
    window.offers.select_offer("memphis")
    both = comparison.exit_clause_at_market("memphis")
    assert both is not None and both.kind == "both"
    assert chart.caption.text() == both.text
    assert chart.caption.text().startswith("From month 3 the provider walks above $3.90/GPU-h, you walk below")
    assert "Expected term 5.96 of 42 months." in chart.caption.text()
    window.offers.select_offer("hyperscaler")  # the lessee's right alone: no provider dots
    assert chart.caption.text().startswith("You may leave from month 18 if the price falls below")
    assert "provider_above" not in chart.series_by_role
    assert "Your notice from month 18" in [s.name() for s in chart.chart().series()]


def test_a_mutual_exit_without_costs_reads_as_a_rolling_contract(window: MainWindow, qtbot: QtBot) -> None:
    chart = shown_charts(window, qtbot).walk_away
    window.offers.select_offer("memphis")
    set_market(window, lessee_switching_cost=0.0, provider_relet_cost=0.0)
    assert chart.caption.text().startswith(
        "After month 3 this is a rolling contract at the market: either side leaves when the price moves against it."
    )


def test_a_lease_without_exit_rights_is_fixed(window: MainWindow, qtbot: QtBot) -> None:
    chart = shown_charts(window, qtbot).walk_away
    memphis = window.document.deal.offer("memphis")  # type: ignore[union-attr]
    assert isinstance(memphis, LeaseOffer)
    fixed = dataclasses.replace(memphis, lessee_exit=dataclasses.replace(memphis.lessee_exit, allowed=False),
                                provider_exit=dataclasses.replace(memphis.provider_exit, allowed=False))
    window.document.replace_offer(fixed)
    window.offers.select_offer("memphis")
    assert chart.caption.text() == "Fixed for 42 months: neither side can leave early. Expected term 42 of 42 months."
    assert not any(role.startswith("mark:") for role in chart.series_by_role)
    assert "lessee_below" not in chart.series_by_role and "own_cost" in chart.series_by_role


def test_a_self_build_or_no_market_gets_a_note_and_no_series(window: MainWindow, qtbot: QtBot) -> None:
    chart = shown_charts(window, qtbot).walk_away
    window.offers.select_offer("build")
    assert chart.chart().title() == NOT_A_LEASE
    assert chart.chart().series() == [] and chart.caption.text() == "" and chart.lease_id is None
    window.offers.select_offer("memphis")
    window.editor.assumptions.remove_market()
    assert chart.chart().title() == NO_MARKET
    assert chart.chart().series() == [] and chart.caption.text() == ""


def test_the_chart_is_drawn_only_while_its_tab_is_shown(window: MainWindow, qtbot: QtBot) -> None:
    charts = shown_charts(window, qtbot)
    chart = charts.walk_away
    window.offers.select_offer("memphis")
    assert chart.lease_id == "memphis"
    charts.show_chart(charts.cumulative)
    window.offers.select_offer("hyperscaler")
    assert chart.lease_id == "memphis"  # hidden: not redrawn
    charts.show_chart(chart)
    assert chart.lease_id == "hyperscaler"


def test_typing_in_the_shown_lease_moves_the_points_in_place(window: MainWindow, qtbot: QtBot) -> None:
    chart = shown_charts(window, qtbot).walk_away
    window.offers.select_offer("memphis")
    own = chart.series_by_role["own_cost"]
    memphis = window.document.deal.offer("memphis")  # type: ignore[union-attr]
    assert isinstance(memphis, LeaseOffer)
    window.document.replace_offer(dataclasses.replace(memphis, monthly_fee=100e6), "Change monthly fee")
    assert chart.series_by_role["own_cost"] is own  # the same series, its points moved
    data = window.document.comparison.walk_away_chart("memphis")  # type: ignore[union-attr]
    assert data is not None and own.at(0).y() == data.own_cost[0]
    assert chart.caption.text() == window.document.comparison.exit_clause_at_market("memphis").text  # type: ignore[union-attr]
    shorter = dataclasses.replace(memphis, lessee_exit=dataclasses.replace(memphis.lessee_exit, lock_in_months=6))
    window.document.replace_offer(shorter, "Change lock-in")  # the marks move: drawn afresh
    qtbot.waitUntil(lambda: not window.refresh_pending())  # a second edit within the charts' rate limit waits
    assert "Your notice from month 6" in [s.name() for s in chart.chart().series()]
