"""How figures read, alike in the window, the CLI and the workbook (DESIGN.md 1 and 2): money, rates, the implied
price per GPU-hour, exit clauses in words and which way each metric is better."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from deal_builders import build_deal, lease, self_build

from leasedesk.core.formatting import (
    currency_prefix,
    exit_clause_words,
    exit_right_words,
    fee_for_price_per_gpu_hour,
    format_metric,
    format_money,
    format_money_exact,
    format_percent,
    format_price_per_gpu_hour,
    implied_price_per_gpu_hour,
    money_scale,
)
from leasedesk.core.metric_info import METRIC_BY_KEY, METRIC_KEYS, best_offer_ids
from leasedesk.core.model import ExitRight, LeaseOffer
from leasedesk.core.terms.rows import offer_term_words, row_context, term_rows


def a_lease(**overrides: object) -> LeaseOffer:
    offer = build_deal(lease("c2")).offers[0]
    assert isinstance(offer, LeaseOffer)
    return dataclasses.replace(offer, **overrides)  # type: ignore[arg-type]


# --- money, rates --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (150_000_000, "$150.0M"),
        (6_300_000_000, "$6.3B"),
        (893_531_827.5, "$893.5M"),
        (12_500, "$12.5K"),
        (950, "$950"),
        (0, "$0"),
        (-43_600_000, "-$43.6M"),
        (999_960_000, "$1.0B"),  # rounds up into the next scale rather than "$1000.0M"
    ],
)
def test_money_is_scaled_with_one_decimal(value: float, text: str) -> None:
    assert format_money(value, "USD") == text


@pytest.mark.parametrize(
    ("currency", "text"),
    [("USD", "$150.0M"), ("EUR", "€150.0M"), ("GBP", "£150.0M"), ("CHF", "CHF 150.0M"), ("JPY", "JPY 150.0M")],
)
def test_money_carries_the_deals_currency(currency: str, text: str) -> None:
    assert format_money(150_000_000, currency) == text


def test_currency_prefixes() -> None:
    assert currency_prefix("USD") == "$"
    assert currency_prefix("EUR") == "€"
    assert currency_prefix("GBP") == "£"
    assert currency_prefix("CHF") == "CHF "


def test_missing_or_non_finite_money_is_a_dash() -> None:
    assert format_money(None) == "—"
    assert format_money(float("nan")) == "—"
    assert format_money(float("inf")) == "—"


def test_exact_money_for_a_term_sheet() -> None:
    assert format_money_exact(150_000_000) == "$150,000,000"
    assert format_money_exact(127_020_000, "EUR") == "€127,020,000"


def test_price_per_gpu_hour_has_two_decimals() -> None:
    assert format_price_per_gpu_hour(3.2615) == "$3.26/GPU-h"
    assert format_price_per_gpu_hour(2.9, "GBP") == "£2.90/GPU-h"
    assert format_price_per_gpu_hour(None) == "—"


def test_percent() -> None:
    assert format_percent(0.11) == "11.0%"
    assert format_percent(0.03) == "3.0%"
    assert format_percent(0.995) == "99.5%"


# --- the implied price of a term sheet -------------------------------------------------------------------------------


def test_implied_price_per_gpu_hour_is_fee_over_gpus_times_hours() -> None:
    # 2,379,800 / (1,000 GPUs x 730 h) = 3.26 exactly
    offer = a_lease(gpus=1000, monthly_fee=2_379_800)
    assert implied_price_per_gpu_hour(offer, 730) == pytest.approx(3.26, rel=1e-12)
    assert format_price_per_gpu_hour(implied_price_per_gpu_hour(offer, 730)) == "$3.26/GPU-h"


def test_implied_price_of_the_memphis_lease() -> None:
    # 150,000,000 / (60,000 x 730) = 3.4247
    offer = a_lease(gpus=60_000, monthly_fee=150_000_000)
    assert format_price_per_gpu_hour(implied_price_per_gpu_hour(offer, 730)) == "$3.42/GPU-h"


def test_typing_a_price_sets_the_fee() -> None:
    assert fee_for_price_per_gpu_hour(2.90, 60_000, 730) == pytest.approx(127_020_000, rel=1e-12)
    assert fee_for_price_per_gpu_hour(3.26, 1000, 720) == pytest.approx(2_347_200, rel=1e-12)


# --- exit clauses in words --------------------------------------------------------------------------------------------

MUTUAL = ExitRight(allowed=True, lock_in_months=3, notice_days=90, termination_fee=0)


def test_mutual_exit_in_words() -> None:
    offer = a_lease(lessee_exit=MUTUAL, provider_exit=MUTUAL)
    assert exit_clause_words(offer) == "either side, 90 days' notice after month 3, no fee"


def test_lessee_only_exit_with_a_fee() -> None:
    right = ExitRight(allowed=True, lock_in_months=18, notice_days=180, termination_fee=250_000_000)
    offer = a_lease(lessee_exit=right)
    assert exit_clause_words(offer) == "lessee only, 180 days' notice after month 18, $250.0M fee"


def test_provider_only_exit_at_any_time_in_euros() -> None:
    right = ExitRight(allowed=True, lock_in_months=0, notice_days=30, termination_fee=1_000_000)
    offer = a_lease(provider_exit=right)
    assert exit_clause_words(offer, "EUR") == "provider only, 30 days' notice at any time, €1.0M fee"


def test_different_exits_for_each_side() -> None:
    offer = a_lease(lessee_exit=MUTUAL, provider_exit=dataclasses.replace(MUTUAL, notice_days=180))
    assert exit_clause_words(offer) == (
        "lessee: 90 days' notice after month 3, no fee; provider: 180 days' notice after month 3, no fee"
    )


def test_no_exit() -> None:
    assert exit_clause_words(a_lease()) == "no early exit"


def test_exit_terms_switched_off_are_not_shown() -> None:
    offer = a_lease(lessee_exit=dataclasses.replace(MUTUAL, allowed=False), provider_exit=MUTUAL)
    assert exit_clause_words(offer).startswith("provider only, ")


def test_one_days_notice_is_singular() -> None:
    assert exit_right_words(dataclasses.replace(MUTUAL, notice_days=1)).startswith("1 day's notice")


# --- metrics ---------------------------------------------------------------------------------------------------


def test_metric_directions_of_design() -> None:
    lower = {
        "total_cost",
        "pv_cost",
        "cost_per_gpu_hour",
        "effective_monthly_cost",
        "min_commitment",
        "min_commitment_pv",
        "first_capacity_month",
    }
    higher = {"gpu_hours", "secured_months"}
    for key in METRIC_KEYS:
        expected = "lower" if key in lower else "higher" if key in higher else "none"
        assert METRIC_BY_KEY[key].better == expected, key
    assert METRIC_BY_KEY["breakeven_fee"].better == "none"


def test_best_offer_follows_the_direction_and_keeps_ties() -> None:
    assert best_offer_ids({"a": 3.0, "b": 2.0, "c": None}, "pv_cost") == {"b"}
    assert best_offer_ids({"a": 3.0, "b": 2.0}, "secured_months") == {"a"}
    assert best_offer_ids({"a": 2.0, "b": 2.0}, "pv_cost") == {"a", "b"}
    assert best_offer_ids({"a": 1.0, "b": 2.0}, "breakeven_fee") == set()  # not ranked across offers


def test_format_metric_by_unit() -> None:
    assert format_metric("pv_cost", 150_000_000, "GBP") == "£150.0M"
    assert format_metric("cost_per_gpu_hour", 3.2615) == "$3.26/GPU-h"
    assert format_metric("secured_months", 3 + 90 / 30.4375) == "5.96 months"
    assert format_metric("secured_months", 36) == "36 months"
    assert format_metric("first_capacity_month", 12, "USD", dt.date(2026, 7, 1)) == "Jul 2027 (month 12)"
    assert format_metric("gpu_hours", 1_821_204_000) == "1.82B GPU-h"
    assert format_metric("breakeven_fee", None) == "—"


def test_money_scale_is_the_table_that_format_money_reads() -> None:
    assert money_scale(2.5e9) == (1e9, "B")
    assert money_scale(-4e6) == (1e6, "M")
    assert money_scale(999.0) == (1.0, "")
    assert format_money(2.5e9).endswith(money_scale(2.5e9)[1])


def test_one_offers_term_words_are_its_column_of_the_term_rows() -> None:
    deal = build_deal(lease("c2"), self_build("b1"))
    rows = term_rows(deal)
    for offer in deal.offers:
        words = offer_term_words(offer, row_context(deal))
        assert list(words) == [row.key for row in rows]
        assert words == {row.key: row.values[offer.id] for row in rows}


def test_format_metric_of_the_market_view() -> None:
    assert format_metric("expected_term_months", 26.4937) == "26.49 months"
    assert format_metric("expected_term_months", 42) == "42 months"
    assert format_metric("market_value_pv", 4_431_000_000, "EUR") == "€4.4B"
    assert format_metric("contract_savings_pv", -75_300_000) == "-$75.3M"
    assert format_metric("equal_capacity_per_gpu_hour", 2.9449) == "$2.94/GPU-h"
    assert format_metric("lessee_exit_value", None) == "—"


def test_a_long_offer_name_is_cut_in_the_middle_keeping_its_start_and_end() -> None:
    from leasedesk.core.formatting import elide_middle

    assert elide_middle("Memphis lease") == "Memphis lease"
    name = "Memphis lease with an extremely long name " * 20 + "counter 2"
    short = elide_middle(name)
    assert len(short) <= 48 and short.startswith("Memphis lease with") and short.endswith("counter 2")
    assert "…" in short
    assert elide_middle("x" * 49) == "x" * 24 + "…" + "x" * 23
