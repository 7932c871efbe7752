"""Typed domain objects of a deal: assumptions, lease offers and self-build plans.

Objects are frozen: an edit makes a new object (``dataclasses.replace``), so an
unchanged offer keeps its identity and its computed figures can be reused.
Keys that this version does not know are kept in ``extra`` and written back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import KW_ONLY, dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

if TYPE_CHECKING:  # market.assumptions reads Offer from here; the type is enough for the field
    from leasedesk.core.market.assumptions import MarketAssumptions

OfferKind: TypeAlias = Literal["lease", "self_build"]
RateConvention: TypeAlias = Literal["effective", "nominal"]
PaymentTiming: TypeAlias = Literal["advance", "arrears"]
FeeBasis: TypeAlias = Literal["committed", "delivered"]
Side: TypeAlias = Literal["lessee", "provider"]

DEFAULT_HOURS_PER_MONTH = 730.0
DAYS_PER_MONTH = 365.25 / 12  # 30.4375: notice days to months, independent of hours_per_month


def _no_extra() -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Assumptions:
    analysis_start: dt.date
    horizon_months: int
    discount_rate: float
    rate_convention: RateConvention = "effective"
    payment_timing: PaymentTiming = "advance"
    hours_per_month: float = DEFAULT_HOURS_PER_MONTH
    market: MarketAssumptions | None = None  # the market view (DESIGN.md 7); None: no market figures
    extra: dict[str, Any] = field(default_factory=_no_extra, compare=False)


@dataclass(frozen=True)
class RampStep:
    month: int
    gpus: int
    extra: dict[str, Any] = field(default_factory=_no_extra, compare=False)


@dataclass(frozen=True)
class PowerTerms:
    """Power of a lease: included in the fee, or passed through at cost."""

    included: bool = True
    kw_per_gpu: float = 0.0
    pue: float = 1.0
    price_per_kwh: float = 0.0
    escalator: float = 0.0
    extra: dict[str, Any] = field(default_factory=_no_extra, compare=False)


@dataclass(frozen=True)
class ExitRight:
    """One side's right to end a lease early."""

    allowed: bool = False
    lock_in_months: int = 0
    notice_days: float = 0.0
    termination_fee: float = 0.0
    extra: dict[str, Any] = field(default_factory=_no_extra, compare=False)

    @property
    def notice_months(self) -> float:
        return self.notice_days / DAYS_PER_MONTH


@dataclass(frozen=True)
class Revision:
    """An earlier negotiation round of an offer; ``terms`` is the offer as it was."""

    label: str
    side: Side
    time: str
    terms: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=_no_extra, compare=False)


@dataclass(frozen=True)
class OfferBase:
    """What every kind of offer has: identity, capacity, start, availability, notes and rounds.

    The kind-specific terms follow in each subclass; the terms after ``_`` are keyword-only,
    so a subclass's required terms can follow the base's optional ones.
    """

    id: str
    gpus: int
    start: dt.date
    _: KW_ONLY
    name: str = ""
    provider: str = ""
    site: str = ""
    gpu_model: str = ""
    availability: float = 1.0
    notes: str = ""
    revisions: tuple[Revision, ...] = ()
    counter_of: str | None = None
    proposed_by: Side | None = None  # whose terms the current version holds (DESIGN.md 3)
    extra: dict[str, Any] = field(default_factory=_no_extra, compare=False)

    @property
    def display_name(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class LeaseOffer(OfferBase):
    term_months: int
    monthly_fee: float
    escalator: float = 0.0
    fee_basis: FeeBasis = "committed"
    ramp: tuple[RampStep, ...] = ()
    upfront_fee: float = 0.0
    deposit: float = 0.0
    power: PowerTerms = PowerTerms()
    lessee_exit: ExitRight = ExitRight()
    provider_exit: ExitRight = ExitRight()

    kind: Literal["lease"] = field(default="lease", init=False)


@dataclass(frozen=True)
class SelfBuildPlan(OfferBase):
    gpu_capex: float
    kw_per_gpu: float
    pue: float
    facility_capex_per_mw: float
    build_months: int
    electricity_price_per_kwh: float
    it_life_years: float
    facility_life_years: float
    power_escalator: float = 0.0
    staff_per_month: float = 0.0
    maintenance_pct: float = 0.0
    bridge_price_per_gpu_hour: float = 0.0

    kind: Literal["self_build"] = field(default="self_build", init=False)


Offer: TypeAlias = LeaseOffer | SelfBuildPlan


@dataclass(frozen=True)
class Deal:
    name: str
    assumptions: Assumptions
    offers: tuple[Offer, ...] = ()
    currency: str = "USD"
    notes: str = ""
    baseline: str | None = None
    extra: dict[str, Any] = field(default_factory=_no_extra, compare=False)

    def offer(self, offer_id: str) -> Offer:
        index = self.offer_index(offer_id)
        if index is None:
            raise KeyError(offer_id)
        return self.offers[index]

    def offer_index(self, offer_id: str) -> int | None:
        """The position of the first offer with this id, or None."""
        return self._positions().get(offer_id)

    def ids_unique(self) -> bool:
        return len(self._positions()) == len(self.offers)

    def with_offers_like(self, offers: tuple[Offer, ...], **changes: Any) -> Deal:
        """A copy with ``offers``, which have the ids of this deal's offers in the same order (its id table
        carries over), and the other ``changes``."""
        if len(offers) != len(self.offers):
            raise ValueError("a copy of the deal with another number of offers")
        copy = replace(self, offers=offers, **changes)
        object.__setattr__(copy, "_offer_positions", self._positions())
        return copy

    def _positions(self) -> dict[str, int]:
        """Each offer id's first position: a table made at the first look-up (a negotiation overview looks up
        the offers of a 1,000-offer deal's copies thousands of times)."""
        positions: dict[str, int] | None = self.__dict__.get("_offer_positions")
        if positions is None:
            positions = {}
            for index, offer in enumerate(self.offers):
                positions.setdefault(offer.id, index)
            object.__setattr__(self, "_offer_positions", positions)  # a cache of the frozen fields, not a field
        return positions

    def resolved_baseline(self) -> str | None:
        """The baseline offer id: the named one, else the first self-build, else None."""
        if self.baseline is not None:
            return self.baseline
        for offer in self.offers:
            if offer.kind == "self_build":
                return offer.id
        return None


def months_between(start: dt.date, later: dt.date) -> int:
    """Whole months from ``start`` to ``later`` (both first of a month)."""
    return (later.year - start.year) * 12 + (later.month - start.month)


def add_months(start: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``start``'s month."""
    index = start.year * 12 + (start.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)
