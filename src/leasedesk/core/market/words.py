"""The exit clause in words at the market's walk-away prices, as plain data and text (no Qt).

The window, the CLI and the workbook say the same sentence: what the exit rights mean at the
prices where each side would walk, and the expected term. A price quoted for a side is its
walk-away price in the first lease month that has one (the prices step with the lattice).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from leasedesk.core.formatting import format_months, format_price_per_gpu_hour
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.lattice import LeaseGame, WalkAwayPrices
from leasedesk.core.model import ExitRight, LeaseOffer

ClauseKind: TypeAlias = Literal["fixed", "lessee_only", "provider_only", "both", "rolling"]


@dataclass(frozen=True)
class ExitClauseAtMarket:
    """What the exit rights of a lease mean at the market, for a caption under the walk-away chart."""

    kind: ClauseKind
    term_months: int
    lessee_from: int | None  # first lease month the lessee may give notice (None: never)
    provider_from: int | None
    lessee_below: float | None  # the lessee's first walk-away price
    lessee_month: int | None  # the lease month of that price
    provider_above: float | None
    provider_month: int | None
    expected_term_months: float
    text: str


def first_notice_month(right: ExitRight, term: int) -> int | None:
    """The first lease month k at which notice is an exercise (k >= L and k + n < T), else None."""
    if not right.allowed or right.lock_in_months >= term:
        return None
    return right.lock_in_months if right.lock_in_months + right.notice_months < term else None


def _first_price(walk_away: tuple[WalkAwayPrices, ...], side: Literal["lessee", "provider"]) -> tuple[
    float | None, int | None
]:
    for prices in walk_away:
        price = prices.lessee_below if side == "lessee" else prices.provider_above
        if price is not None:
            return price, prices.month
    return None, None


def exit_clause_at_market(
    lease: LeaseOffer, market: MarketAssumptions, game: LeaseGame, currency: str = "USD"
) -> ExitClauseAtMarket:
    """The clause in words: 'Fixed for 42 months', 'You may leave from month 18 if the price falls
    below $1.85/GPU-h', 'From month 6 the provider walks above $3.90/GPU-h, you walk below
    $3.18/GPU-h', or the rolling contract of a mutual exit with equal terms and no costs."""
    term = lease.term_months
    lessee_from = first_notice_month(lease.lessee_exit, term)
    provider_from = first_notice_month(lease.provider_exit, term)
    below, below_month = _first_price(game.walk_away, "lessee")
    above, above_month = _first_price(game.walk_away, "provider")

    def price(value: float) -> str:
        return format_price_per_gpu_hour(value, currency)

    kind: ClauseKind
    if lessee_from is None and provider_from is None:
        kind = "fixed"
        sentence = f"Fixed for {format_months(term)}: neither side can leave early."
    elif provider_from is None:
        kind = "lessee_only"
        sentence = f"You may leave from month {lessee_from}" + _when(
            below, below_month, lessee_from, "falls below", price
        )
    elif lessee_from is None:
        kind = "provider_only"
        sentence = f"The provider may take the capacity back from month {provider_from}" + _when(
            above, above_month, provider_from, "rises above", price
        )
    elif _is_rolling(lease, market):
        kind = "rolling"
        sentence = (
            f"After month {lease.lessee_exit.lock_in_months} this is a rolling contract at the market: "
            "either side leaves when the price moves against it."
        )
    else:
        kind = "both"
        sentence = _both(below, above, min(lessee_from, provider_from), price)
    expected = f" Expected term {_number_of_months(game.expected_term_months)} of {format_months(term)}."
    return ExitClauseAtMarket(
        kind=kind,
        term_months=term,
        lessee_from=lessee_from,
        provider_from=provider_from,
        lessee_below=below,
        lessee_month=below_month,
        provider_above=above,
        provider_month=above_month,
        expected_term_months=game.expected_term_months,
        text=sentence + expected,
    )


def _number_of_months(value: float) -> str:
    """5.96, 42: format_months without the unit."""
    return format_months(value).removesuffix(" months").removesuffix(" month")


def _when(value: float | None, month: int | None, first: int | None, moves: str, price: Callable[[float], str]) -> str:
    if value is None or month is None:
        return ", but at the market's prices it never pays to."
    if month == first:
        return f" if the price {moves} {price(value)}."
    return f"; it pays from month {month}, if the price {moves} {price(value)}."


def _both(below: float | None, above: float | None, first: int, price: Callable[[float], str]) -> str:
    parts = []
    if above is not None:
        parts.append(f"the provider walks above {price(above)}")
    if below is not None:
        parts.append(f"you walk below {price(below)}")
    if not parts:
        return f"Either side may leave from month {first}, but at the market's prices neither will."
    return f"From month {first} " + ", ".join(parts) + "."


def _is_rolling(lease: LeaseOffer, market: MarketAssumptions) -> bool:
    """A mutual exit of equal lock-in and notice, no fees and no switching costs: after the lock-in
    each side leaves as soon as the market moves against it, so the lease follows the market."""
    lessee, provider = lease.lessee_exit, lease.provider_exit
    return (
        lessee.allowed
        and provider.allowed
        and lessee.lock_in_months == provider.lock_in_months
        and lessee.notice_days == provider.notice_days
        and lessee.termination_fee == 0
        and provider.termination_fee == 0
        and market.lessee_switching_cost == 0
        and market.provider_relet_cost == 0
    )
