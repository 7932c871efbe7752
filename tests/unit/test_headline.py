"""The headline sentence, the best-marks rule, the partial-horizon note and first capacity as a date
(issue 13), checked against hand calculations on small deals.

Defaults of deal_builders: 10 GPUs, 730 hours a month, a 6-month horizon from 2026-01-01, discount rate 0,
so a lease of 10 GPUs over all 6 months delivers 10 x 730 x 6 = 43,800 GPU-hours.
"""

from __future__ import annotations

import datetime as dt

import pytest
from deal_builders import compare_offers, lease, self_build

from leasedesk.core.best_marks import marked_best, unmarked_reason
from leasedesk.core.comparison import compare
from leasedesk.core.coverage import partial_horizon_note
from leasedesk.core.formatting import format_first_capacity, format_metric
from leasedesk.core.headline import headline
from leasedesk.core.report import comparison_table
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path

HOURS = 10 * 730 * 6  # 43,800


def test_headline_names_the_cheapest_per_gpu_hour_and_its_margin_without_a_market() -> None:
    cheap = lease("cheap", term_months=6, monthly_fee=1000)  # 6,000 / 43,800 = 0.136986/GPU-h
    dear = lease("dear", term_months=6, monthly_fee=1200)  # 7,200 / 43,800 = 0.164384/GPU-h
    result = headline(compare_offers(dear, cheap))
    assert result.ranking_key == "cost_per_gpu_hour"
    assert (result.winner_id, result.runner_up_id) == ("cheap", "dear")
    assert result.per_gpu_hour_advantage == pytest.approx(200 / 7300)  # 0.027397
    assert result.pv_advantage == pytest.approx(1200.0)  # same GPU-hours: the PV difference 7,200 - 6,000
    assert result.sentence.startswith(
        "Lease cheap is cheapest per GPU-hour (levelized): $0.14/GPU-h, $0.03/GPU-h ($1.2K in present value"
    )
    assert "below Lease dear." in result.sentence
    assert result.breakevens == ()  # no baseline, no break-even fees


def test_headline_prices_the_advantage_on_the_winners_hours_when_capacities_differ() -> None:
    small = lease("small", term_months=3, monthly_fee=500)  # 1,500 / 21,900 = 0.068493/GPU-h
    big = lease("big", term_months=6, monthly_fee=1000)  # 6,000 / 43,800 = 0.136986/GPU-h
    result = headline(compare_offers(big, small))
    assert result.winner_id == "small"
    assert result.per_gpu_hour_advantage == pytest.approx(6000 / 43800 - 1500 / 21900)
    # (0.136986 - 0.068493) x 21,900 = 1,500: not the PV difference of 4,500, which is mostly less capacity
    assert result.pv_advantage == pytest.approx(1500.0)


def test_headline_gives_each_leases_breakeven_fee_against_the_baseline() -> None:
    base = lease("base", term_months=6, monthly_fee=1000)
    dear = lease("dear", term_months=6, monthly_fee=1200)
    cheap = lease("cheap", term_months=6, monthly_fee=900)
    result = headline(compare_offers(base, dear, cheap, baseline="base"))
    # Same GPU-hours as the baseline: the break-even fee is the baseline's 1,000.
    by_id = {line.offer_id: line for line in result.breakevens}
    assert set(by_id) == {"dear", "cheap"}
    assert by_id["dear"].breakeven_fee == pytest.approx(1000.0)
    assert by_id["dear"].headroom == pytest.approx(-200.0)
    assert by_id["cheap"].headroom == pytest.approx(100.0)
    expected = "Break-even fee against Lease base: Lease dear $1.0K a month ($200 below the offered $1.2K)"
    assert expected in result.sentence
    assert "Lease cheap $1.0K a month ($100 above the offered $900)" in result.sentence


def test_headline_of_a_tie_a_single_offer_and_no_offer() -> None:
    one = lease("one", term_months=6, monthly_fee=1000)
    two = lease("two", term_months=6, monthly_fee=1000)
    assert "tie per GPU-hour (levelized) at $0.14/GPU-h" in headline(compare_offers(one, two)).sentence
    assert headline(compare_offers(one)).sentence == "Lease one is the only offer: $0.14/GPU-h levelized."
    assert headline(compare_offers()).sentence == "This deal has no offers yet."


def test_headline_with_a_market_ranks_at_equal_capacity() -> None:
    comparison = compare(load_deal(sample_deal_path()))
    result = headline(comparison)
    assert result.ranking_key == "equal_capacity_per_gpu_hour"
    values = comparison.metric_values("equal_capacity_per_gpu_hour")
    assert result.winner_id == min(values, key=lambda offer_id: values[offer_id] or float("inf"))
    pvs = comparison.metric_values("equal_capacity_pv")
    assert result.runner_up_id is not None and result.winner_id is not None
    assert result.pv_advantage == pytest.approx(pvs[result.runner_up_id] - pvs[result.winner_id])  # type: ignore[operator]
    assert "cheapest at equal capacity" in result.sentence


def test_totals_are_marked_only_when_every_offer_delivers_within_one_percent() -> None:
    full = lease("full", term_months=6, monthly_fee=1000)
    near = lease("near", term_months=6, monthly_fee=999, availability=0.991)  # 43,406 GPU-h: 0.9% less
    short = lease("short", term_months=4, monthly_fee=800)  # 29,200 GPU-h, total 3,200
    equal = compare_offers(full, near)
    assert marked_best(equal, "total_cost") == {"near"}
    assert marked_best(equal, "pv_cost") == {"near"}
    assert unmarked_reason(equal, "total_cost") is None

    unequal = compare_offers(full, short)
    for key in ("total_cost", "pv_cost", "effective_monthly_cost"):
        assert marked_best(unequal, key) == set()
        reason = unmarked_reason(unequal, key)
        assert reason is not None and "different GPU-hours" in reason
        assert "29.20K GPU-h to 43.80K GPU-h" in reason
    assert marked_best(unequal, "gpu_hours") == {"full"}
    assert marked_best(unequal, "cost_per_gpu_hour") == {"short"}  # 3,200 / 29,200 = 0.1096 < 6,000 / 43,800
    assert unmarked_reason(unequal, "cost_per_gpu_hour") is None
    assert unmarked_reason(unequal, "breakeven_fee") is None


def test_partial_horizon_note_counts_the_months_with_capacity() -> None:
    comparison = compare_offers(lease("whole", term_months=6), lease("part", term_months=4),
                                self_build("build", build_months=2))
    assert partial_horizon_note(comparison, "whole") is None
    assert partial_horizon_note(comparison, "part") == "delivers in 4 of 6 months"
    assert partial_horizon_note(comparison, "build") == "delivers in 4 of 6 months"  # online from month 2


def test_first_capacity_reads_as_a_date_and_a_month_index() -> None:
    assert format_first_capacity(12, dt.date(2026, 7, 1)) == "Jul 2027 (month 12)"
    assert format_first_capacity(0, dt.date(2026, 7, 1)) == "Jul 2026 (month 0)"
    assert format_first_capacity(None, dt.date(2026, 7, 1)) == "—"
    assert format_metric("first_capacity_month", 3, "USD", dt.date(2026, 1, 1)) == "Apr 2026 (month 3)"


def test_cli_table_of_three_offers_fits_100_columns_and_leads_with_the_headline() -> None:
    comparison = compare(load_deal(sample_deal_path()))
    table = comparison_table(comparison)
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert headline(comparison).sentence.split()[:4] == lines[2].split()[:4]
    assert not any(line.startswith("id ") for line in lines)
    assert any(line.split() == ["id", "memphis", "hyperscaler", "build"]
               for line in comparison_table(comparison, show_ids=True).splitlines())
