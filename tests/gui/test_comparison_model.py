"""The comparison table model: core's figures and words, best and baseline marks, raw values, copying."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from pytestqt.modeltest import ModelTester

from leasedesk.core.best_marks import marked_best
from leasedesk.core.comparison import Comparison, compare
from leasedesk.core.formatting import format_metric, format_money
from leasedesk.core.market.metric_info import MARKET_METRIC_KEYS
from leasedesk.core.metric_info import METRICS
from leasedesk.core.model import Deal, LeaseOffer
from leasedesk.core.terms.rows import term_rows
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.comparison_model import (
    HEADROOM_KEY,
    IS_BASELINE_ROLE,
    IS_BEST_ROLE,
    OFFER_ID_ROLE,
    RAW_VALUE_ROLE,
    ROW_KEY_ROLE,
    ComparisonModel,
    table_as_tsv,
)
from leasedesk.ui.new_offers import new_deal


@pytest.fixture
def comparison() -> Comparison:
    return compare(load_deal(sample_deal_path()))


@pytest.fixture
def model(comparison: Comparison) -> ComparisonModel:
    model = ComparisonModel()
    model.set_comparison(comparison)
    return model


def cell(model: ComparisonModel, key: str, offer_id: str, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return model.index(model.row_of(key), model.column_of(offer_id)).data(role)


def test_the_model_passes_qtmodeltester(qtmodeltester: ModelTester, model: ComparisonModel,
                                        comparison: Comparison) -> None:
    qtmodeltester.check(model, force_py=True)
    model.set_comparison(None)
    model.set_comparison(compare(dataclasses.replace(comparison.deal, offers=comparison.deal.offers[:1])))
    qtmodeltester.check(model, force_py=True)


def test_offers_are_columns_with_their_ids_and_the_deciding_figures_lead_the_rows(
    model: ComparisonModel, comparison: Comparison
) -> None:
    deal = comparison.deal
    assert model.columnCount() == len(deal.offers)
    ids = [model.headerData(c, Qt.Orientation.Horizontal, OFFER_ID_ROLE) for c in range(model.columnCount())]
    assert ids == [o.id for o in deal.offers]
    terms = [row.key for row in term_rows(deal)]
    deciding = ["equal_capacity_per_gpu_hour", "equal_capacity_pv",  # the sample has a market
                "cost_per_gpu_hour", "pv_cost", "breakeven_fee", HEADROOM_KEY, "min_commitment"]
    metrics = [m.key for m in METRICS if m.key not in deciding]
    market = ["market_view", "rank", *(key for key in MARKET_METRIC_KEYS if key not in deciding)]
    expected = [*deciding, "terms_heading", *terms, "figures_heading", *metrics, *market]
    assert model.row_keys() == expected
    rows = [model.headerData(r, Qt.Orientation.Vertical, ROW_KEY_ROLE) for r in range(model.rowCount())]
    assert rows == expected


def test_every_metric_is_core_formatted_and_its_raw_value_is_the_engines(
    model: ComparisonModel, comparison: Comparison
) -> None:
    deal = comparison.deal
    for info in METRICS:
        for result in comparison.results:
            value = result.metrics[info.key]
            shown = format_metric(info.key, value, deal.currency, deal.assumptions.analysis_start)
            if (info.key, result.offer_id) in PARTIAL_HORIZON:
                shown += f" ({PARTIAL_HORIZON[info.key, result.offer_id]})"
            assert cell(model, info.key, result.offer_id) == shown
            assert cell(model, info.key, result.offer_id, RAW_VALUE_ROLE) == value


# The sample's horizon: 42 months from Jul 2026. The hyperscaler delivers Oct 2026 to Sep 2029 (36 months); the
# build comes online in Jul 2027 (12 months to build) and delivers to Dec 2029 (30 months).
PARTIAL_HORIZON = {("effective_monthly_cost", "hyperscaler"): "delivers in 36 of 42 months",
                   ("effective_monthly_cost", "build"): "delivers in 30 of 42 months"}


def test_a_partial_horizon_is_said_beside_the_level_monthly_cost(model: ComparisonModel) -> None:
    assert cell(model, "effective_monthly_cost", "memphis") == "$150.0M"  # Jul 2026 to Dec 2029: all 42
    assert str(cell(model, "effective_monthly_cost", "build")).endswith("(delivers in 30 of 42 months)")
    tip = str(cell(model, "effective_monthly_cost", "build", Qt.ItemDataRole.ToolTipRole))
    assert "all 42 months" in tip and "delivers in 30 of 42 months" in tip


def test_first_capacity_reads_as_a_date_and_its_month(model: ComparisonModel) -> None:
    assert cell(model, "first_capacity_month", "build") == "Jul 2027 (month 12)"
    assert cell(model, "first_capacity_month", "hyperscaler") == "Oct 2026 (month 3)"
    assert cell(model, "first_capacity_month", "build", RAW_VALUE_ROLE) == 12  # copies and JSON keep the index
    raw = table_as_tsv(model, raw=True)
    assert next(line for line in raw.splitlines() if line.startswith("first_capacity_month\t")).split("\t")[1:] == [
        "0.0", "3.0", "12.0"]


def test_terms_are_core_words(model: ComparisonModel, comparison: Comparison) -> None:
    for row in term_rows(comparison.deal):
        for offer_id, text in row.values.items():
            assert cell(model, row.key, offer_id) == text
    assert cell(model, "monthly_fee", "memphis", RAW_VALUE_ROLE) == 150_000_000
    assert cell(model, "gpus", "hyperscaler", RAW_VALUE_ROLE) == 60_000
    assert cell(model, "start", "hyperscaler", RAW_VALUE_ROLE) == "2026-10-01"


def test_best_values_are_marked_by_cores_one_rule(model: ComparisonModel, comparison: Comparison) -> None:
    marked_somewhere = False
    for info in METRICS:
        best = marked_best(comparison, info.key)
        for result in comparison.results:
            is_best = cell(model, info.key, result.offer_id, IS_BEST_ROLE)
            assert is_best == (result.offer_id in best), (info.key, result.offer_id)
            if is_best:
                marked_somewhere = True
                font = cell(model, info.key, result.offer_id, Qt.ItemDataRole.FontRole)
                assert isinstance(font, QFont) and font.bold()
                assert "Best" in str(cell(model, info.key, result.offer_id, Qt.ItemDataRole.ToolTipRole))
    assert marked_somewhere
    assert cell(model, "breakeven_fee", "memphis", IS_BEST_ROLE) is False  # not ranked across offers


def test_totals_are_not_marked_while_the_offers_deliver_unequal_gpu_hours(model: ComparisonModel) -> None:
    """The sample: building is cheapest in PV ($2.5B) but delivers 1.27B GPU-hours against the Memphis lease's
    1.82B, 30% less: its lower total may only mean less capacity, so no total is marked, and the tooltip says so."""
    assert cell(model, "gpu_hours", "memphis") == "1.82B GPU-h" and cell(model, "gpu_hours", "build") == "1.27B GPU-h"
    for key in ("total_cost", "pv_cost", "effective_monthly_cost"):
        for offer_id in ("memphis", "hyperscaler", "build"):
            assert cell(model, key, offer_id, IS_BEST_ROLE) is False, (key, offer_id)
            tip = str(cell(model, key, offer_id, Qt.ItemDataRole.ToolTipRole))
            assert "Not marked" in tip and "different GPU-hours" in tip and "cost per GPU-hour" in tip, tip
    assert cell(model, "cost_per_gpu_hour", "build", IS_BEST_ROLE) is True  # per GPU-hour still ranks
    assert cell(model, "gpu_hours", "memphis", IS_BEST_ROLE) is True  # higher is better
    assert "Not marked" not in str(cell(model, "cost_per_gpu_hour", "memphis", Qt.ItemDataRole.ToolTipRole))


def test_totals_are_marked_when_every_offer_delivers_the_same_gpu_hours(comparison: Comparison) -> None:
    deal = comparison.deal
    memphis = deal.offer("memphis")
    assert isinstance(memphis, LeaseOffer)
    cheaper = dataclasses.replace(memphis, id="cheaper", name="Cheaper", monthly_fee=140_000_000)
    model = ComparisonModel()
    model.set_comparison(compare(dataclasses.replace(deal, offers=(memphis, cheaper), baseline=None)))
    assert cell(model, "pv_cost", "cheaper", IS_BEST_ROLE) is True  # same terms, same hours, a lower fee
    assert cell(model, "total_cost", "cheaper", IS_BEST_ROLE) is True
    assert "Not marked" not in str(cell(model, "pv_cost", "memphis", Qt.ItemDataRole.ToolTipRole) or "")


def test_the_baseline_is_marked(model: ComparisonModel, comparison: Comparison) -> None:
    assert comparison.baseline_id == "build"
    column = model.column_of("build")
    assert model.headerData(column, Qt.Orientation.Horizontal, IS_BASELINE_ROLE) is True
    assert "baseline" in model.headerData(column, Qt.Orientation.Horizontal)
    assert "baseline" not in model.headerData(model.column_of("memphis"), Qt.Orientation.Horizontal)
    assert cell(model, "gpus", "build", IS_BASELINE_ROLE) is True


def test_breakeven_fee_is_shown_against_the_offered_fee(model: ComparisonModel, comparison: Comparison) -> None:
    result = comparison.result("memphis")
    headroom = result.breakeven_headroom
    assert headroom is not None and headroom < 0  # the sample: the Memphis lease costs more than building
    assert cell(model, HEADROOM_KEY, "memphis") == format_money(headroom, "USD")
    assert cell(model, HEADROOM_KEY, "memphis", RAW_VALUE_ROLE) == headroom
    assert "above break-even" in str(cell(model, HEADROOM_KEY, "memphis", Qt.ItemDataRole.ToolTipRole))
    tip = str(cell(model, "breakeven_fee", "memphis", Qt.ItemDataRole.ToolTipRole))
    assert format_money(150_000_000, "USD") in tip and "Build in Memphis" in tip
    assert cell(model, HEADROOM_KEY, "build") == "—"
    assert cell(model, HEADROOM_KEY, "build", RAW_VALUE_ROLE) is None


def test_the_table_copies_as_tab_separated_text_as_shown_and_raw(model: ComparisonModel,
                                                                 comparison: Comparison) -> None:
    lines = table_as_tsv(model).splitlines()
    assert lines[0].split("\t") == ["", "Memphis lease", "Hyperscaler 3-year", "Build in Memphis (baseline)"]
    assert lines[1].split("\t") == ["id", "memphis", "hyperscaler", "build"]
    assert len(lines) == 2 + model.rowCount()
    pv_line = next(line for line in lines if line.startswith("Present value of cost\t"))
    shown = [format_metric("pv_cost", v, "USD") for v in comparison.metric_values("pv_cost").values()]
    assert pv_line.split("\t")[1:] == shown
    raw_lines = table_as_tsv(model, raw=True).splitlines()
    raw_pv = next(line for line in raw_lines if line.startswith("pv_cost\t")).split("\t")[1:]
    assert [float(x) for x in raw_pv] == list(comparison.metric_values("pv_cost").values())
    breakeven = next(line for line in raw_lines if line.startswith("breakeven_fee\t")).split("\t")
    assert breakeven[-1] == ""  # the baseline's own break-even fee is null


def test_a_deal_without_offers_is_an_empty_table(qtmodeltester: ModelTester) -> None:
    model = ComparisonModel()
    model.set_comparison(compare(new_deal()))
    assert (model.rowCount(), model.columnCount()) == (0, 0)
    qtmodeltester.check(model, force_py=True)
    assert table_as_tsv(model).splitlines() == ["", "id"]


def _deal_with_tie(deal: Deal) -> Deal:
    twin = dataclasses.replace(deal.offer("memphis"), id="twin", name="Twin")
    return dataclasses.replace(deal, offers=(*deal.offers, twin))


def test_ties_mark_every_best_offer(comparison: Comparison) -> None:
    model = ComparisonModel()
    model.set_comparison(compare(_deal_with_tie(comparison.deal)))
    assert cell(model, "min_commitment", "memphis", IS_BEST_ROLE) is True
    assert cell(model, "min_commitment", "twin", IS_BEST_ROLE) is True


def test_a_long_offer_name_is_elided_in_the_middle_with_the_full_name_in_the_tooltip() -> None:
    import dataclasses

    from PySide6.QtCore import Qt

    from leasedesk.core.comparison import compare
    from leasedesk.files import load_deal
    from leasedesk.resources import sample_deal_path
    from leasedesk.ui.comparison_model import ComparisonModel

    deal = load_deal(sample_deal_path())
    long_name = "Memphis lease " + "with a very long name " * 40 + "(counter 3)"
    offers = (dataclasses.replace(deal.offers[0], name=long_name), *deal.offers[1:])
    model = ComparisonModel()
    model.set_comparison(compare(dataclasses.replace(deal, offers=offers)))
    shown = model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    first_line = shown.splitlines()[0]
    name = first_line.removeprefix("#3 ")  # the sample has a market: the header leads with the rank
    assert name.startswith("Memphis") and name.endswith("3)") and "…" in name and len(name) <= 20
    assert long_name in model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
