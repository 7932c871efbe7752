"""The comparison's answer in one or two sentences, the same in the window, the CLI table and the workbook.

Which offer is cheapest on the ranking metric (equal-capacity cost per GPU-hour with a market, levelized
cost per GPU-hour without), by how much per GPU-hour and in present value, and each lease's break-even
fee against the baseline.

The PV advantage compares like with like. With a market it is the difference of equal_capacity_pv (every
offer priced for the same capacity). Without one, the offers may deliver different GPU-hours, so it is the
per-GPU-hour advantage times the winner's discounted GPU-hours: what the winner's capacity would cost more
at the runner-up's levelized price. When both deliver the same discounted GPU-hours it equals the
difference of pv_cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from leasedesk.core.formatting import format_money, format_price_per_gpu_hour
from leasedesk.core.model import LeaseOffer

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison

TIE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class BreakevenLine:
    """A lease's break-even fee against the baseline, beside its offered fee."""

    offer_id: str
    name: str
    monthly_fee: float
    breakeven_fee: float | None
    headroom: float | None  # breakeven_fee - monthly_fee: positive when the lease beats the baseline


@dataclass(frozen=True)
class Headline:
    ranking_key: str
    winner_id: str | None
    runner_up_id: str | None
    per_gpu_hour_advantage: float | None  # runner-up minus winner on ranking_key
    pv_advantage: float | None
    breakevens: tuple[BreakevenLine, ...]
    sentence: str


def headline(comparison: Comparison) -> Headline:
    values = comparison.metric_values(comparison.ranking_key)
    ranked = [offer_id for offer_id in comparison.ranking() if values[offer_id] is not None]
    winner = ranked[0] if ranked else None
    runner_up = ranked[1] if len(ranked) > 1 else None
    per_hour, pv = _advantages(comparison, winner, runner_up)
    breakevens = _breakevens(comparison)
    parts = [_ranking_sentence(comparison, winner, runner_up, per_hour, pv)]
    breakeven_text = _breakeven_sentence(comparison, breakevens)
    if breakeven_text:
        parts.append(breakeven_text)
    return Headline(comparison.ranking_key, winner, runner_up, per_hour, pv, breakevens, " ".join(parts))


def _advantages(comparison: Comparison, winner: str | None, runner_up: str | None) -> tuple[float | None, float | None]:
    if winner is None or runner_up is None:
        return None, None
    values = comparison.metric_values(comparison.ranking_key)
    best, second = values[winner], values[runner_up]
    assert best is not None and second is not None
    per_hour = second - best
    if comparison.market is not None:
        pvs = comparison.metric_values("equal_capacity_pv")
        first_pv, second_pv = pvs[winner], pvs[runner_up]
        pv = None if first_pv is None or second_pv is None else second_pv - first_pv
    else:
        discounted_hours = comparison.result(winner).figures.discounted_gpu_hours
        pv = per_hour * discounted_hours
    return per_hour, pv


def _name(comparison: Comparison, offer_id: str) -> str:
    return comparison.result(offer_id).offer.display_name


def _ranking_sentence(
    comparison: Comparison, winner: str | None, runner_up: str | None, per_hour: float | None, pv: float | None
) -> str:
    currency = comparison.deal.currency
    if not comparison.results:
        return "This deal has no offers yet."
    if winner is None:
        return "No offer has a cost per GPU-hour: none delivers GPU-hours within the horizon."
    measure = "at equal capacity" if comparison.market is not None else "per GPU-hour (levelized)"
    price = format_price_per_gpu_hour(comparison.metric_values(comparison.ranking_key)[winner], currency)
    if runner_up is None:
        alone = "the only offer" if len(comparison.results) == 1 else "the only offer with a figure"
        basis = "at equal capacity" if comparison.market is not None else "levelized"
        return f"{_name(comparison, winner)} is {alone}: {price} {basis}."
    assert per_hour is not None
    if per_hour <= TIE_TOLERANCE * max(1.0, abs(per_hour)):
        return f"{_name(comparison, winner)} and {_name(comparison, runner_up)} tie {measure} at {price}."
    margin = format_price_per_gpu_hour(per_hour, currency)
    if pv is not None:
        whose = "" if comparison.market is not None else " on its GPU-hours"
        margin += f" ({format_money(pv, currency)} in present value{whose})"
    return f"{_name(comparison, winner)} is cheapest {measure}: {price}, {margin} below {_name(comparison, runner_up)}."


def _breakevens(comparison: Comparison) -> tuple[BreakevenLine, ...]:
    if comparison.baseline_id is None:
        return ()
    lines = []
    for result in comparison.results:
        offer = result.offer
        if not isinstance(offer, LeaseOffer) or result.is_baseline:
            continue
        lines.append(
            BreakevenLine(offer.id, offer.display_name, offer.monthly_fee, result.metrics["breakeven_fee"],
                          result.breakeven_headroom)
        )
    return tuple(lines)


def _breakeven_sentence(comparison: Comparison, lines: tuple[BreakevenLine, ...]) -> str:
    if not lines:
        return ""
    currency = comparison.deal.currency
    baseline = _name(comparison, comparison.baseline_id) if comparison.baseline_id else ""
    pieces = []
    for line in lines:
        if line.breakeven_fee is None or line.headroom is None:
            pieces.append(f"{line.name} has none")
            continue
        offered = format_money(line.monthly_fee, currency)
        if line.headroom >= 0:
            verdict = f"{format_money(line.headroom, currency)} above the offered {offered}"
        else:
            verdict = f"{format_money(-line.headroom, currency)} below the offered {offered}"
        pieces.append(f"{line.name} {format_money(line.breakeven_fee, currency)} a month ({verdict})")
    return f"Break-even fee against {baseline}: " + "; ".join(pieces) + "."
