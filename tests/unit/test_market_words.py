"""The exit clause in words at the market's walk-away prices."""

from __future__ import annotations

import datetime as dt

from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.lattice import lease_game
from leasedesk.core.market.words import exit_clause_at_market
from leasedesk.core.model import Assumptions, ExitRight, LeaseOffer

START = dt.date(2026, 7, 1)
ASSUMPTIONS = Assumptions(START, 42, 0.10)
NINETY_DAYS_AFTER_3 = ExitRight(allowed=True, lock_in_months=3, notice_days=90)
MARKET = MarketAssumptions(2.60, annual_change=-0.20, volatility=0.35)


def memphis(**terms: object) -> LeaseOffer:
    return LeaseOffer(id="c2", gpus=60_000, start=START, term_months=42, monthly_fee=150e6, availability=0.99, **terms)  # type: ignore[arg-type]


def clause(lease: LeaseOffer, market: MarketAssumptions = MARKET, currency: str = "USD"):  # type: ignore[no-untyped-def]
    return exit_clause_at_market(lease, market, lease_game(lease, ASSUMPTIONS, market), currency)


def test_no_exit_rights() -> None:
    words = clause(memphis())
    assert words.kind == "fixed"
    assert words.text == "Fixed for 42 months: neither side can leave early. Expected term 42 of 42 months."


def test_the_lessees_right_alone() -> None:
    words = clause(memphis(lessee_exit=NINETY_DAYS_AFTER_3))
    assert words.kind == "lessee_only" and words.lessee_from == 3 and words.lessee_month == 3
    assert words.lessee_below is not None and words.provider_above is None
    assert words.text.startswith(f"You may leave from month 3 if the price falls below ${words.lessee_below:.2f}/GPU-h")


def test_the_providers_right_alone_in_another_currency() -> None:
    words = clause(memphis(provider_exit=NINETY_DAYS_AFTER_3), currency="EUR")
    assert words.kind == "provider_only" and words.provider_above is not None
    assert words.text.startswith("The provider may take the capacity back from month 3")
    assert f"rises above €{words.provider_above:.2f}/GPU-h" in words.text


def test_both_rights_with_switching_costs() -> None:
    market = MarketAssumptions(2.60, -0.20, 0.35, lessee_switching_cost=50e6, provider_relet_cost=30e6)
    words = clause(memphis(lessee_exit=NINETY_DAYS_AFTER_3, provider_exit=NINETY_DAYS_AFTER_3), market)
    assert words.kind == "both"
    assert words.lessee_below is not None and words.provider_above is not None
    assert words.text.startswith(
        f"From month 3 the provider walks above ${words.provider_above:.2f}/GPU-h, "
        f"you walk below ${words.lessee_below:.2f}/GPU-h."
    )


def test_a_mutual_exit_without_fees_or_costs_is_a_rolling_contract() -> None:
    words = clause(memphis(lessee_exit=NINETY_DAYS_AFTER_3, provider_exit=NINETY_DAYS_AFTER_3))
    assert words.kind == "rolling"
    assert words.text.startswith(
        "After month 3 this is a rolling contract at the market: either side leaves when the price moves against it."
    )
    assert f"Expected term {words.expected_term_months:.2f} of 42 months." in words.text


def test_a_right_whose_notice_reaches_the_end_is_no_right() -> None:
    late = ExitRight(allowed=True, lock_in_months=40, notice_days=90)
    assert clause(memphis(lessee_exit=late)).kind == "fixed"
