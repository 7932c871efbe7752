"""The comparison table's Market view block: present only with a market, core's figures, best marks, the rank."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from leasedesk.core.comparison import Comparison, compare
from leasedesk.core.formatting import format_metric
from leasedesk.core.market.metric_info import MARKET_METRIC_KEYS, MARKET_METRICS, best_market_offer_ids
from leasedesk.core.model import LeaseOffer
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.comparison_market import (
    MARKET_HEADING_KEY,
    RANK_KEY,
    market_best,
    market_cell,
    market_rank,
    market_row_specs,
)
from leasedesk.ui.comparison_model import IS_BEST_ROLE, RAW_VALUE_ROLE, ROW_KIND_ROLE, ComparisonModel


@pytest.fixture
def comparison() -> Comparison:
    return compare(load_deal(sample_deal_path()))


def without_market(comparison: Comparison) -> Comparison:
    deal = comparison.deal
    return compare(dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=None)))


def model_of(comparison: Comparison) -> ComparisonModel:
    model = ComparisonModel()
    model.set_comparison(comparison)
    return model


def cell(model: ComparisonModel, key: str, offer_id: str, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return model.index(model.row_of(key), model.column_of(offer_id)).data(role)


def test_the_model_with_and_without_a_market_passes_qtmodeltester(qtmodeltester: ModelTester,
                                                                   comparison: Comparison) -> None:
    model = model_of(comparison)
    qtmodeltester.check(model, force_py=True)  # the tester keeps watching the changes below
    model.set_comparison(without_market(comparison))
    assert model.rowCount() < len(model_of(comparison).row_keys())
    model.set_comparison(comparison)
    model.set_comparison(compare(comparison.deal))  # same shape: updated in place
    qtmodeltester.check(model, force_py=True)


def test_a_market_adds_a_headed_block_of_every_section_7_figure_as_core_words(comparison: Comparison) -> None:
    model = model_of(comparison)
    keys = model.row_keys()
    block = keys[keys.index(MARKET_HEADING_KEY):]
    leading = ["equal_capacity_per_gpu_hour", "equal_capacity_pv"]  # they decide: they lead the table
    assert keys[:2] == leading
    assert block == [MARKET_HEADING_KEY, RANK_KEY, *(key for key in MARKET_METRIC_KEYS if key not in leading)]
    heading = model.row_of(MARKET_HEADING_KEY)
    assert model.headerData(heading, Qt.Orientation.Vertical) == "▾ Market view"  # a group that folds
    assert model.headerData(heading, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole).bold()
    assert model.headerData(heading, Qt.Orientation.Vertical, ROW_KIND_ROLE) == "heading"
    for info in MARKET_METRICS:
        values = comparison.metric_values(info.key)
        for offer_id, value in values.items():
            assert cell(model, info.key, offer_id) == format_metric(info.key, value, "USD")
            assert cell(model, info.key, offer_id, RAW_VALUE_ROLE) == value
    assert cell(model, "market_value_pv", "build") == "—"  # a self-build has only the equal-capacity figures
    assert cell(model, "equal_capacity_per_gpu_hour", "build") != "—"
    tip = model.headerData(model.row_of("lessee_exit_value"), Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "Higher is better." in tip


def test_best_marks_follow_the_directions_of_design_7(comparison: Comparison) -> None:
    model = model_of(comparison)
    for info in MARKET_METRICS:
        best = best_market_offer_ids(comparison.metric_values(info.key), info.key)
        for offer_id in ("memphis", "hyperscaler", "build"):
            assert cell(model, info.key, offer_id, IS_BEST_ROLE) == (offer_id in best), (info.key, offer_id)
    assert cell(model, "equal_capacity_per_gpu_hour", "build", IS_BEST_ROLE) is True  # lower is better
    exit_values = comparison.metric_values("lessee_exit_value")
    assert exit_values["memphis"] is not None and exit_values["hyperscaler"] is not None
    higher = "memphis" if exit_values["memphis"] > exit_values["hyperscaler"] else "hyperscaler"
    assert cell(model, "lessee_exit_value", higher, IS_BEST_ROLE) is True  # higher is better
    for unranked in ("market_cost_pv", "provider_revenue_pv", "expected_term_months"):
        assert not any(cell(model, unranked, o, IS_BEST_ROLE) for o in ("memphis", "hyperscaler", "build"))


def test_the_sample_ranks_build_hyperscaler_memphis_on_equal_capacity(comparison: Comparison) -> None:
    assert comparison.ranking_key == "equal_capacity_per_gpu_hour"
    assert comparison.ranking() == ("build", "hyperscaler", "memphis")
    model = model_of(comparison)
    assert [cell(model, RANK_KEY, o) for o in ("build", "hyperscaler", "memphis")] == ["1", "2", "3"]
    assert cell(model, RANK_KEY, "build", IS_BEST_ROLE) is True
    assert "Equal-capacity cost per GPU-hour" in str(cell(model, RANK_KEY, "memphis", Qt.ItemDataRole.ToolTipRole))


def test_without_a_market_there_is_no_block_and_the_ranking_is_by_cost_per_gpu_hour(comparison: Comparison) -> None:
    plain = without_market(comparison)
    assert plain.ranking_key == "cost_per_gpu_hour"
    model = model_of(plain)
    assert MARKET_HEADING_KEY not in model.row_keys() and RANK_KEY not in model.row_keys()
    assert not set(MARKET_METRIC_KEYS) & set(model.row_keys())


def test_the_offers_headers_carry_the_rank_in_sight_without_scrolling(comparison: Comparison) -> None:
    model = model_of(comparison)
    header = [str(model.headerData(c, Qt.Orientation.Horizontal)).split("\n")[0] for c in range(3)]
    assert header == ["#3 Memphis lease", "#2 Hyperscaler 3-year", "#1 Build in Memphis"]
    tip = model.headerData(model.column_of("build"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Rank 1 of 3 in the Market view" in tip
    plain = model_of(without_market(comparison))
    assert str(plain.headerData(0, Qt.Orientation.Horizontal)).startswith("Memphis lease\n")
    assert model.offer_names()[0] == "Memphis lease"  # copies name the offer, not its rank


def test_cell_by_cell_the_block_reads_as_the_rows_do(comparison: Comparison) -> None:
    """A model built by columns can use market_cell and market_best and show the same table."""
    model = model_of(comparison)
    specs = market_row_specs(comparison)
    assert {spec.key for spec in specs} <= set(model.row_keys())  # every row of the block, two of them first
    for spec in specs:
        best = market_best(comparison, spec.key)
        for offer_id in ("memphis", "hyperscaler", "build"):
            shown = market_cell(comparison, spec.key, offer_id)
            assert (shown.text, shown.raw) == (cell(model, spec.key, offer_id),
                                               cell(model, spec.key, offer_id, RAW_VALUE_ROLE))
            assert cell(model, spec.key, offer_id, IS_BEST_ROLE) == (offer_id in best)
    assert [market_rank(comparison, o) for o in ("build", "hyperscaler", "memphis")] == [1, 2, 3]
    assert market_rank(without_market(comparison), "build") is None
    assert market_row_specs(without_market(comparison)) == []


def test_an_edit_of_one_offer_refreshes_the_market_block_of_every_column_and_the_ranks(
    comparison: Comparison, qtmodeltester: ModelTester
) -> None:
    """Market cells depend on every offer: a bigger, cheaper hyperscaler moves the required GPUs (the largest
    offer) and the ranking, so the block changes in the columns of offers that were not edited too."""
    model = model_of(comparison)
    qtmodeltester.check(model, force_py=True)
    changed: list[tuple[int, int, int, int]] = []
    headers: list[tuple[int, int]] = []
    resets: list[bool] = []
    model.dataChanged.connect(
        lambda top, bottom: changed.append((top.row(), top.column(), bottom.row(), bottom.column())))
    model.headerDataChanged.connect(lambda orientation, first, last: headers.append((first, last))
                                    if orientation == Qt.Orientation.Horizontal else None)
    model.modelReset.connect(lambda: resets.append(True))
    deal = comparison.deal
    offers = tuple(dataclasses.replace(o, gpus=80_000, monthly_fee=o.monthly_fee * 0.4)
                   if isinstance(o, LeaseOffer) and o.id == "hyperscaler" else o for o in deal.offers)
    edited = compare(dataclasses.replace(deal, offers=offers))
    assert edited.required_gpus == 80_000 and edited.ranking() == ("hyperscaler", "build", "memphis")

    model.set_comparison(edited)

    assert resets == []  # updated in place, column by column
    fresh = model_of(edited)
    for r in range(fresh.rowCount()):
        for c in range(fresh.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, RAW_VALUE_ROLE, IS_BEST_ROLE, Qt.ItemDataRole.ToolTipRole):
                assert model.index(r, c).data(role) == fresh.index(r, c).data(role), (model.row_keys()[r], c, role)
    for c in range(fresh.columnCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            assert model.headerData(c, Qt.Orientation.Horizontal, role) == fresh.headerData(
                c, Qt.Orientation.Horizontal, role)
    header = [str(model.headerData(c, Qt.Orientation.Horizontal)).split("\n")[0] for c in range(3)]
    assert header == ["#3 Memphis lease", "#1 Hyperscaler 3-year", "#2 Build in Memphis"]
    equal_capacity = model.row_of("equal_capacity_per_gpu_hour")
    for offer_id in ("memphis", "build"):  # not edited, yet their equal-capacity figures follow the larger Q
        column = model.column_of(offer_id)
        assert any(left == column and top <= equal_capacity <= bottom for top, left, bottom, _right in changed)
    moved = {model.column_of("hyperscaler"), model.column_of("build")}
    assert moved <= {c for first, last in headers for c in range(first, last + 1)}
    assert model.column_of("memphis") not in {c for first, last in headers for c in range(first, last + 1)}
