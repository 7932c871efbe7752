"""The market assumptions of a deal and the price lattice they imply (DESIGN.md 7).

The lattice is monthly and recombining: u = exp(sigma / sqrt(12)), d = 1 / u, and the
up-probability q = (G - d) / (u - d) makes the expected price grow by G = (1 + g)^(1/12)
a month. q is a probability only when d < G < u, so a positive volatility must exceed a
bound set by the drift; ``smallest_volatility`` names that bound for messages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from leasedesk.core.model import Offer

MONTHS_PER_YEAR = 12


def _no_extra() -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class MarketAssumptions:
    """What comparable capacity costs on the market, and how uncertain that price is."""

    price_per_gpu_hour: float
    annual_change: float = 0.0
    volatility: float = 0.0
    required_gpus: int | None = None  # None: the largest ``gpus`` among the offers
    lessee_switching_cost: float = 0.0
    provider_relet_cost: float = 0.0
    extra: dict[str, Any] = field(default_factory=_no_extra, compare=False)

    def required_gpus_for(self, offers: Iterable[Offer]) -> int | None:
        """Q: the stated requirement, else the largest offer (None when there is no offer)."""
        if self.required_gpus is not None:
            return self.required_gpus
        return max((offer.gpus for offer in offers), default=None)


@dataclass(frozen=True)
class LatticeParameters:
    """Monthly growth G, up and down factors u and d, and the up-probability q."""

    growth: float
    up: float
    down: float
    up_probability: float

    @property
    def has_uncertainty(self) -> bool:
        """False with sigma = 0: one node a month at the expected price."""
        return self.up != self.down


def monthly_growth(annual_change: float) -> float:
    """G = (1 + g)^(1/12)."""
    return float((1.0 + annual_change) ** (1.0 / MONTHS_PER_YEAR))


def lattice_parameters(market: MarketAssumptions) -> LatticeParameters:
    """G, u, d and q of the market. Raises ValueError when the volatility is too low for the drift."""
    growth = monthly_growth(market.annual_change)
    if market.volatility == 0.0:
        return LatticeParameters(growth=growth, up=1.0, down=1.0, up_probability=1.0)
    up = up_factor(market.volatility)
    down = 1.0 / up
    if not down < growth < up:
        raise ValueError(volatility_problem(market.volatility, market.annual_change))
    return LatticeParameters(growth=growth, up=up, down=down, up_probability=(growth - down) / (up - down))


def volatility_works(volatility: float, annual_change: float) -> bool:
    """Whether the lattice is well formed: sigma = 0, or d < G < u as computed in floating point."""
    if volatility == 0.0:
        return True
    up = up_factor(volatility)
    growth = monthly_growth(annual_change)
    return 1.0 / up < growth < up


def up_factor(volatility: float) -> float:
    """u = exp(sigma / sqrt(12)). A volatility beyond about 2,458 a year overflows: u is then infinite, the
    lattice still well formed (d = 0 < G < u), and the game's figures come out null, as for other extreme inputs."""
    try:
        return math.exp(volatility / math.sqrt(MONTHS_PER_YEAR))
    except OverflowError:
        return math.inf


def smallest_volatility(annual_change: float) -> float:
    """The infimum of the volatilities that work for a drift: d < G < u holds exactly when
    sigma / sqrt(12) > |ln G| = |ln(1 + g)| / 12, that is sigma > |ln(1 + g)| / sqrt(12).
    The bound itself does not work (u = G or d = G); every volatility above it does."""
    return abs(math.log1p(annual_change)) / math.sqrt(MONTHS_PER_YEAR)


def displayed_volatility_bound(annual_change: float, digits: int = 4) -> float:
    """The smallest volatility to show in a message: the bound rounded up to ``digits`` significant
    digits, raised further if needed so that the value shown passes the check itself."""
    bound = smallest_volatility(annual_change)
    shown = _round_up(bound, digits) if bound > 0 else 10.0 ** -(digits + 2)
    for _ in range(100):
        if shown > bound and volatility_works(shown, annual_change):
            return shown
        shown = _round_up(shown * (1.0 + 10.0 ** -(digits - 1)), digits)
    return shown


def _round_up(value: float, digits: int) -> float:
    """The smallest number of ``digits`` significant digits that is >= value."""
    step = 10.0 ** (math.floor(math.log10(value)) - (digits - 1))
    steps = math.ceil(value / step)
    shown = float(f"{steps * step:.{digits}g}")
    return shown if shown >= value else float(f"{(steps + 1) * step:.{digits}g}")


def volatility_problem(volatility: float, annual_change: float) -> str:
    """'is too low for an annual change of -20%: it must be 0 or above 0.06442 (got 0.05)'."""
    bound = displayed_volatility_bound(annual_change)
    return (
        f"is too low for an annual change of {annual_change * 100:g}%: "
        f"it must be 0 (no uncertainty) or at least {bound:g} a year (got {volatility:g})"
    )
