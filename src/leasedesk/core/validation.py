"""Reading a deal from plain data (parsed JSON), checking every field of DESIGN.md 2 and 3.

Every problem is reported as a ``Problem(field, message)``, where ``field`` names the
offer and the key (``offers[c2].term_months``). Nothing here trusts its input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

from leasedesk.core.codec import deal_to_data
from leasedesk.core.json_reader import MISSING, FieldReader, Problem, describe
from leasedesk.core.model import (
    DEFAULT_HOURS_PER_MONTH,
    Assumptions,
    Deal,
    ExitRight,
    LeaseOffer,
    Offer,
    PowerTerms,
    RampStep,
    Revision,
    SelfBuildPlan,
    months_between,
)

MAX_HORIZON_MONTHS = 600
MAX_END_MONTH = 1200
LAST_MONTH_INDEX = 9999 * 12 + 11  # December 9999, as year * 12 + month - 1

class DealError(ValueError):
    """A deal that cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid deal"
        more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
        super().__init__(first + more)


def _positive(x: float) -> bool:
    return x > 0


def _non_negative(x: float) -> bool:
    return x >= 0


def _escalator(x: float) -> bool:
    return x > -1


def _availability(x: float) -> bool:
    return 0 < x <= 1


def read_assumptions(data: Mapping[str, Any], path: str, problems: list[Problem]) -> Assumptions:
    reader = FieldReader(data, path, problems)
    start = reader.month_date("analysis_start")
    horizon = reader.whole(
        "horizon_months",
        check=lambda x: 1 <= x <= MAX_HORIZON_MONTHS,
        rule=f"between 1 and {MAX_HORIZON_MONTHS}",
    )
    rate = reader.number("discount_rate", check=lambda x: -1 < x <= 10, rule="greater than -1 and at most 10")
    convention = reader.choice("rate_convention", ("effective", "nominal"), "effective")
    timing = reader.choice("payment_timing", ("advance", "arrears"), "advance")
    hours = reader.number("hours_per_month", DEFAULT_HOURS_PER_MONTH, check=_positive, rule="> 0")
    if start is not None and horizon and not _last_month_fits(start, horizon + 1):
        reader.fail("horizon_months", "runs past December 9999")
    return Assumptions(
        analysis_start=start or dt.date(2000, 1, 1),
        horizon_months=horizon,
        discount_rate=rate,
        rate_convention=convention,
        payment_timing=timing,
        hours_per_month=hours,
        extra=reader.extra(),
    )


def _read_exit(offer_reader: FieldReader, key: str) -> ExitRight:
    data = offer_reader.obj(key, None)
    if data is None:
        return ExitRight()
    exit_reader = FieldReader(data, offer_reader.where(key), offer_reader.problems)
    right = ExitRight(
        allowed=exit_reader.flag("allowed", False),
        lock_in_months=exit_reader.whole("lock_in_months", 0, check=_non_negative, rule=">= 0"),
        notice_days=exit_reader.number("notice_days", 0.0, check=_non_negative, rule=">= 0"),
        termination_fee=exit_reader.money("termination_fee", 0.0),
    )
    return ExitRight(
        allowed=right.allowed,
        lock_in_months=right.lock_in_months,
        notice_days=right.notice_days,
        termination_fee=right.termination_fee,
        extra=exit_reader.extra(),
    )


def _read_power(offer_reader: FieldReader) -> PowerTerms:
    data = offer_reader.obj("power", None)
    if data is None:
        return PowerTerms()
    power_reader = FieldReader(data, offer_reader.where("power"), offer_reader.problems)
    return PowerTerms(
        included=power_reader.flag("included", True),
        kw_per_gpu=power_reader.number("kw_per_gpu", 0.0, check=_non_negative, rule=">= 0"),
        pue=power_reader.number("pue", 1.0, check=lambda x: x >= 1, rule=">= 1"),
        price_per_kwh=power_reader.money("price_per_kwh", 0.0),
        escalator=power_reader.number("escalator", 0.0, check=_escalator, rule="greater than -1"),
        extra=power_reader.extra(),
    )


def _read_ramp(offer_reader: FieldReader, gpus: int, term: int) -> tuple[RampStep, ...]:
    value = offer_reader.raw("ramp", [])
    if value is None:
        return ()
    if not isinstance(value, list):
        offer_reader.fail("ramp", f"must be a list of {{month, gpus}} steps, not {describe(value)}")
        return ()
    steps: list[RampStep] = []
    previous = -1
    for index, item in enumerate(value):
        where = f"ramp[{index}]"
        if not isinstance(item, Mapping):
            offer_reader.fail(where, f"must be an object with month and gpus, not {describe(item)}")
            continue
        step_reader = FieldReader(item, offer_reader.where(where), offer_reader.problems)
        before = len(offer_reader.problems)
        month = step_reader.whole("month", check=_non_negative, rule=">= 0")
        step_gpus = step_reader.whole("gpus", check=_non_negative, rule=">= 0")
        if len(offer_reader.problems) > before:
            continue
        if term >= 1 and month >= term:
            step_reader.fail("month", f"must be before the end of the term ({term} months), got {month}")
        if gpus > 0 and step_gpus > gpus:
            step_reader.fail("gpus", f"must not exceed the committed {gpus} GPUs (got {step_gpus})")
        if month <= previous:
            step_reader.fail("month", f"must be later than the previous step's month {previous} (got {month})")
        previous = max(previous, month)
        steps.append(RampStep(month=month, gpus=step_gpus, extra=step_reader.extra()))
    return tuple(steps)


def _read_revisions(offer_reader: FieldReader) -> tuple[Revision, ...]:
    value = offer_reader.raw("revisions", [])
    if value is None:
        return ()
    if not isinstance(value, list):
        offer_reader.fail("revisions", f"must be a list, not {describe(value)}")
        return ()
    revisions: list[Revision] = []
    for index, item in enumerate(value):
        where = f"revisions[{index}]"
        if not isinstance(item, Mapping):
            offer_reader.fail(where, f"must be an object, not {describe(item)}")
            continue
        revision_reader = FieldReader(item, offer_reader.where(where), offer_reader.problems)
        label = revision_reader.text("label", "")
        side = revision_reader.choice("side", ("lessee", "provider"), "lessee")
        time = revision_reader.text("time", "")
        terms = revision_reader.obj("terms", {})
        revisions.append(
            Revision(label=label, side=side, time=time, terms=dict(terms or {}), extra=revision_reader.extra())
        )
    return tuple(revisions)


def _read_common(reader: FieldReader) -> dict[str, Any]:
    reader.raw("kind")
    return {
        "id": reader.text("id"),
        "name": reader.text("name", ""),
        "provider": reader.text("provider", ""),
        "site": reader.text("site", ""),
        "gpu_model": reader.text("gpu_model", ""),
        "gpus": reader.whole("gpus", check=_positive, rule="a whole number > 0"),
        "start": reader.month_date("start"),
        "availability": reader.number("availability", 1.0, check=_availability, rule="greater than 0 and at most 1"),
        "notes": reader.text("notes", ""),
        "revisions": _read_revisions(reader),
        "counter_of": reader.optional_text("counter_of"),
    }


def read_lease(data: Mapping[str, Any], path: str, problems: list[Problem]) -> LeaseOffer:
    reader = FieldReader(data, path, problems)
    common = _read_common(reader)
    term = reader.whole("term_months", check=lambda x: x >= 1, rule="a whole number >= 1")
    lease = LeaseOffer(
        **common,
        term_months=term,
        monthly_fee=reader.money("monthly_fee"),
        escalator=reader.number("escalator", 0.0, check=_escalator, rule="greater than -1"),
        fee_basis=reader.choice("fee_basis", ("committed", "delivered"), "committed"),
        ramp=_read_ramp(reader, common["gpus"], term),
        upfront_fee=reader.money("upfront_fee", 0.0),
        deposit=reader.money("deposit", 0.0),
        power=_read_power(reader),
        lessee_exit=_read_exit(reader, "lessee_exit"),
        provider_exit=_read_exit(reader, "provider_exit"),
    )
    return _with_extra(lease, reader)


def read_self_build(data: Mapping[str, Any], path: str, problems: list[Problem]) -> SelfBuildPlan:
    reader = FieldReader(data, path, problems)
    common = _read_common(reader)
    plan = SelfBuildPlan(
        **common,
        gpu_capex=reader.money("gpu_capex"),
        kw_per_gpu=reader.number("kw_per_gpu", check=_non_negative, rule=">= 0"),
        pue=reader.number("pue", check=lambda x: x >= 1, rule=">= 1"),
        facility_capex_per_mw=reader.money("facility_capex_per_mw"),
        build_months=reader.whole("build_months", check=_non_negative, rule="a whole number >= 0"),
        electricity_price_per_kwh=reader.money("electricity_price_per_kwh"),
        power_escalator=reader.number("power_escalator", 0.0, check=_escalator, rule="greater than -1"),
        staff_per_month=reader.money("staff_per_month", 0.0),
        maintenance_pct=reader.number("maintenance_pct", 0.0, check=_non_negative, rule=">= 0"),
        it_life_years=reader.number("it_life_years", check=_positive, rule="> 0"),
        facility_life_years=reader.number("facility_life_years", check=_positive, rule="> 0"),
        bridge_price_per_gpu_hour=reader.money("bridge_price_per_gpu_hour", 0.0),
    )
    return _with_extra(plan, reader)


OfferT = TypeVar("OfferT", LeaseOffer, SelfBuildPlan)


def _with_extra(offer: OfferT, reader: FieldReader) -> OfferT:
    object.__setattr__(offer, "extra", reader.extra())
    return offer


def read_offer(data: Any, path: str, problems: list[Problem]) -> Offer | None:
    """One offer, or None when it is too broken to build (its problems are recorded)."""
    if not isinstance(data, Mapping):
        problems.append(Problem(path, f"must be an object, not {describe(data)}"))
        return None
    kind = data.get("kind", MISSING)
    before = len(problems)
    if kind == "lease":
        offer: Offer = read_lease(data, path, problems)
    elif kind == "self_build":
        offer = read_self_build(data, path, problems)
    elif kind is MISSING:
        problems.append(Problem(f"{path}.kind", 'is required ("lease" or "self_build")'))
        return None
    else:
        problems.append(Problem(f"{path}.kind", f'must be "lease" or "self_build", not {describe(kind)}'))
        return None
    return offer if len(problems) == before else None


def offer_path(index: int, data: Any) -> str:
    """How problems name an offer: by its id when it has a usable one, else by position."""
    if isinstance(data, Mapping):
        offer_id = data.get("id")
        if isinstance(offer_id, str) and offer_id.strip():
            return f"offers[{offer_id}]"
    return f"offers[{index}]"


def _last_month_fits(start: dt.date, months: int) -> bool:
    """Whether ``months`` months from ``start`` still end within year 9999 (callers count the month
    after the last one too: the end of the horizon, a deposit returned after the term)."""
    return start.year * 12 + start.month - 1 + months - 1 <= LAST_MONTH_INDEX


def check_offer_dates(offer: Offer, assumptions: Assumptions, path: str, problems: list[Problem]) -> None:
    """Starts on or after the analysis start, and ends within the engine's reach (and year 9999)."""
    start_month = months_between(assumptions.analysis_start, offer.start)
    if start_month < 0:
        problems.append(
            Problem(
                f"{path}.start",
                f"must not be before the analysis start {assumptions.analysis_start.isoformat()} "
                f"(got {offer.start.isoformat()})",
            )
        )
        return
    length = offer.term_months if isinstance(offer, LeaseOffer) else offer.build_months
    key = "term_months" if isinstance(offer, LeaseOffer) else "build_months"
    if start_month + length > MAX_END_MONTH:
        problems.append(
            Problem(
                f"{path}.{key}",
                f"start month {start_month} plus {key} {length} must not exceed {MAX_END_MONTH} months "
                "from the analysis start",
            )
        )
    elif not _last_month_fits(assumptions.analysis_start, max(assumptions.horizon_months, start_month + length) + 1):
        problems.append(Problem(f"{path}.{key}", "runs past December 9999"))


def read_deal(data: Any) -> Deal:
    """A validated deal from the JSON object of a .leasedeal file (after its format checks).

    Raises DealError listing every problem found.
    """
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise DealError([Problem("", f"the deal must be a JSON object, not {describe(data)}")])
    reader = FieldReader(data, "", problems)
    name = reader.text("name")
    currency = reader.text("currency", "USD")
    if "currency" in data and isinstance(data["currency"], str) and not currency.strip():
        reader.fail("currency", "must not be empty")
    notes = reader.text("notes", "")
    assumptions_data = reader.obj("assumptions")
    assumptions = (
        read_assumptions(assumptions_data, "assumptions", problems) if assumptions_data is not None else None
    )
    baseline = reader.optional_text("baseline")
    offers_data = reader.raw("offers")
    offers: list[Offer] = []
    if offers_data is not MISSING and not isinstance(offers_data, list):
        reader.fail("offers", f"must be a list, not {describe(offers_data)}")
    elif isinstance(offers_data, list):
        seen: set[str] = set()
        for index, item in enumerate(offers_data):
            path = offer_path(index, item)
            offer = read_offer(item, path, problems)
            if offer is None:
                continue
            if not offer.id.strip():
                problems.append(Problem(f"{path}.id", "must not be empty"))
            elif offer.id in seen:
                problems.append(Problem(f"offers[{index}].id", f"duplicates the id {offer.id!r} of an earlier offer"))
            seen.add(offer.id)
            if assumptions is not None:
                check_offer_dates(offer, assumptions, path, problems)
            offers.append(offer)
    if baseline is not None and isinstance(offers_data, list):
        ids = {o.get("id") for o in offers_data if isinstance(o, Mapping)}
        if baseline not in ids:
            reader.fail("baseline", f"names no offer of this deal: {baseline!r}")
    if problems or assumptions is None:
        raise DealError(problems or [Problem("assumptions", "is required")])
    return Deal(
        name=name,
        currency=currency,
        notes=notes,
        assumptions=assumptions,
        baseline=baseline,
        offers=tuple(offers),
        extra={k: v for k, v in reader.extra().items() if k not in ("format", "schema_version")},
    )


def validate_deal(deal: Deal) -> list[Problem]:
    """The problems of an in-memory deal (an edited one), by the same rules as loading."""
    try:
        read_deal(deal_to_data(deal))
    except DealError as error:
        return error.problems
    return []


def check_offer(data: Mapping[str, Any], assumptions: Assumptions) -> tuple[Offer | None, list[Problem]]:
    """One offer's data checked as loading would (dates against the analysis start included).

    Problem fields are relative to the offer: ``power.pue``, ``ramp[0].gpus``.
    """
    problems: list[Problem] = []
    offer = read_offer(data, "", problems)
    if offer is not None:
        check_offer_dates(offer, assumptions, "", problems)
    relative = [Problem(problem.field.lstrip("."), problem.message) for problem in problems]
    return (offer if not relative else None), relative


def check_assumptions(data: Mapping[str, Any], offers: tuple[Offer, ...]) -> tuple[Assumptions | None, list[Problem]]:
    """Assumptions data checked, and every offer's start against the new analysis start."""
    problems: list[Problem] = []
    assumptions = read_assumptions(data, "", problems)
    if not problems:
        for offer in offers:
            check_offer_dates(offer, assumptions, f"offers[{offer.id}]", problems)
    relative = [Problem(problem.field.lstrip("."), problem.message) for problem in problems]
    return (assumptions if not relative else None), relative
