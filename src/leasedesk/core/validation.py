"""Reading a deal from plain data (parsed JSON), checking every field of DESIGN.md 2 and 3.

Every problem is reported as a ``Problem(field, message)``, where ``field`` names the
offer and the key (``offers[c2].term_months``). Nothing here trusts its input.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from leasedesk.core.codec import deal_to_data
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.reading import read_market
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
MAX_WHOLE = 10**12
_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UNSTORABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Spreadsheet dates start on 1900-03-01 (Excel's 1900 leap-year bug shifts earlier ones) and end in 9999.
FIRST_DATE = dt.date(1900, 3, 1)
LAST_MONTH_INDEX = 9999 * 12 + 11  # December 9999, as year * 12 + month - 1

T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class DealError(ValueError):
    """A deal that cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid deal"
        more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
        super().__init__(first + more)


class _Missing:
    pass


MISSING: Any = _Missing()


class FieldReader:
    """Reads typed values out of one JSON object, collecting problems instead of raising."""

    def __init__(self, data: Mapping[str, Any], path: str, problems: list[Problem]) -> None:
        self.data = data
        self.path = path
        self.problems = problems
        self.known: set[str] = set()

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.where(key), message))

    def raw(self, key: str, default: Any = MISSING) -> Any:
        self.known.add(key)
        if key not in self.data:
            if default is MISSING:
                self.fail(key, "is required")
            return default
        return self.data[key]

    def number(
        self,
        key: str,
        default: Any = MISSING,
        *,
        check: Callable[[float], bool] | None = None,
        rule: str = "",
    ) -> float:
        value = self.raw(key, default)
        if value is MISSING:
            return math.nan
        if value is default and key not in self.data:
            return float(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"must be a number, not {_describe(value)}")
            return math.nan
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.fail(key, "must be a finite number")
            return math.nan
        if check is not None and not check(number):
            self.fail(key, f"must be {rule} (got {_show_number(number)})")
            return math.nan
        return number

    def money(self, key: str, default: Any = MISSING) -> float:
        return self.number(key, default, check=lambda x: x >= 0, rule=">= 0")

    def whole(
        self,
        key: str,
        default: Any = MISSING,
        *,
        check: Callable[[int], bool] | None = None,
        rule: str = "",
    ) -> int:
        value = self.raw(key, default)
        if value is MISSING:
            return 0
        if value is default and key not in self.data:
            return int(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"must be a whole number, not {_describe(value)}")
            return 0
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            self.fail(key, f"must be a whole number (got {_show_number(value)})")
            return 0
        number = int(value)
        if abs(number) > MAX_WHOLE:
            self.fail(key, f"is too large (got {number:.3g})")
            return 0
        if check is not None and not check(number):
            self.fail(key, f"must be {rule} (got {number})")
            return 0
        return number

    def text(self, key: str, default: Any = MISSING) -> str:
        value = self.raw(key, default)
        if value is MISSING:
            return ""
        if not isinstance(value, str):
            self.fail(key, f"must be text, not {_describe(value)}")
            return ""
        return self._storable(key, value)

    def optional_text(self, key: str) -> str | None:
        value = self.raw(key, None)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(key, f"must be text, not {_describe(value)}")
            return None
        return self._storable(key, value)

    def _storable(self, key: str, value: str) -> str:
        """JSON allows lone surrogates and U+FFFE/U+FFFF; neither UTF-8 nor a workbook can hold them."""
        bad = _UNSTORABLE.search(value)
        if bad:
            self.fail(key, f"holds a character that is not text (U+{ord(bad.group()):04X} at position {bad.start()})")
            return ""
        return value

    def flag(self, key: str, default: Any = MISSING) -> bool:
        value = self.raw(key, default)
        if value is MISSING:
            return False
        if not isinstance(value, bool):
            self.fail(key, f"must be true or false, not {_describe(value)}")
            return bool(default) if isinstance(default, bool) else False
        return value

    def choice(self, key: str, options: tuple[str, ...], default: Any = MISSING) -> Any:
        value = self.raw(key, default)
        if value is MISSING:
            return options[0]
        if value not in options or not isinstance(value, str):
            listed = " or ".join(f'"{o}"' for o in options)
            self.fail(key, f"must be {listed}, not {_describe(value)}")
            return default if isinstance(default, str) else options[0]
        return value

    def month_date(self, key: str) -> dt.date | None:
        value = self.raw(key)
        if value is MISSING:
            return None
        if not isinstance(value, str):
            self.fail(key, f"must be a date like 2026-07-01, not {_describe(value)}")
            return None
        try:
            if not _PLAIN_DATE.fullmatch(value):
                raise ValueError(value)
            date = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"is not a valid date: {value!r} (expected YYYY-MM-01)")
            return None
        if date.day != 1:
            self.fail(key, f"must be the first of a month (got {value})")
            return None
        if date < FIRST_DATE:
            self.fail(key, f"must not be before {FIRST_DATE:%B %Y} (got {value})")
            return None
        return date

    def obj(self, key: str, default: Any = MISSING) -> Mapping[str, Any] | None:
        value = self.raw(key, default)
        if value is MISSING or value is None:
            return None
        if not isinstance(value, Mapping):
            self.fail(key, f"must be an object, not {_describe(value)}")
            return None
        return value

    def extra(self) -> dict[str, Any]:
        return {k: v for k, v in self.data.items() if k not in self.known}


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, (int, float)):
        return _show_number(float(value))
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _show_number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return f"{value:g}" if not float(value).is_integer() or abs(value) >= 1e15 else str(int(value))


def _positive(x: float) -> bool:
    return x > 0


def _non_negative(x: float) -> bool:
    return x >= 0


def _escalator(x: float) -> bool:
    return x > -1


def _availability(x: float) -> bool:
    return 0 < x <= 1


def read_assumptions(data: Mapping[str, Any], path: str, problems: list[Problem]) -> Assumptions:
    r = FieldReader(data, path, problems)
    start = r.month_date("analysis_start")
    horizon = r.whole(
        "horizon_months",
        check=lambda x: 1 <= x <= MAX_HORIZON_MONTHS,
        rule=f"between 1 and {MAX_HORIZON_MONTHS}",
    )
    rate = r.number("discount_rate", check=lambda x: -1 < x <= 10, rule="greater than -1 and at most 10")
    convention = r.choice("rate_convention", ("effective", "nominal"), "effective")
    timing = r.choice("payment_timing", ("advance", "arrears"), "advance")
    hours = r.number("hours_per_month", DEFAULT_HOURS_PER_MONTH, check=_positive, rule="> 0")
    if start is not None and horizon and not _last_month_fits(start, horizon + 1):
        r.fail("horizon_months", "runs past December 9999")
    return Assumptions(
        analysis_start=start or dt.date(2000, 1, 1),
        horizon_months=horizon,
        discount_rate=rate,
        rate_convention=convention,
        payment_timing=timing,
        hours_per_month=hours,
        market=_read_market(r),
        extra=r.extra(),
    )


def _read_market(r: FieldReader) -> MarketAssumptions | None:
    """The optional market object (DESIGN.md 7); absent or null: no market."""
    data = r.raw("market", None)
    if data is None:
        return None
    market = read_market(data, r.where("market"))
    if isinstance(market, list):
        r.problems.extend(Problem(p.field, p.message) for p in market)
        return None
    return market


def _read_exit(r: FieldReader, key: str) -> ExitRight:
    data = r.obj(key, None)
    if data is None:
        return ExitRight()
    e = FieldReader(data, r.where(key), r.problems)
    right = ExitRight(
        allowed=e.flag("allowed", False),
        lock_in_months=e.whole("lock_in_months", 0, check=_non_negative, rule=">= 0"),
        notice_days=e.number("notice_days", 0.0, check=_non_negative, rule=">= 0"),
        termination_fee=e.money("termination_fee", 0.0),
    )
    return ExitRight(
        allowed=right.allowed,
        lock_in_months=right.lock_in_months,
        notice_days=right.notice_days,
        termination_fee=right.termination_fee,
        extra=e.extra(),
    )


def _read_power(r: FieldReader) -> PowerTerms:
    data = r.obj("power", None)
    if data is None:
        return PowerTerms()
    p = FieldReader(data, r.where("power"), r.problems)
    return PowerTerms(
        included=p.flag("included", True),
        kw_per_gpu=p.number("kw_per_gpu", 0.0, check=_non_negative, rule=">= 0"),
        pue=p.number("pue", 1.0, check=lambda x: x >= 1, rule=">= 1"),
        price_per_kwh=p.money("price_per_kwh", 0.0),
        escalator=p.number("escalator", 0.0, check=_escalator, rule="greater than -1"),
        extra=p.extra(),
    )


def _read_ramp(r: FieldReader, gpus: int, term: int) -> tuple[RampStep, ...]:
    value = r.raw("ramp", [])
    if value is None:
        return ()
    if not isinstance(value, list):
        r.fail("ramp", f"must be a list of {{month, gpus}} steps, not {_describe(value)}")
        return ()
    steps: list[RampStep] = []
    previous = -1
    for index, item in enumerate(value):
        where = f"ramp[{index}]"
        if not isinstance(item, Mapping):
            r.fail(where, f"must be an object with month and gpus, not {_describe(item)}")
            continue
        s = FieldReader(item, r.where(where), r.problems)
        before = len(r.problems)
        month = s.whole("month", check=_non_negative, rule=">= 0")
        step_gpus = s.whole("gpus", check=_non_negative, rule=">= 0")
        if len(r.problems) > before:
            continue
        if term >= 1 and month >= term:
            s.fail("month", f"must be before the end of the term ({term} months), got {month}")
        if gpus > 0 and step_gpus > gpus:
            s.fail("gpus", f"must not exceed the committed {gpus} GPUs (got {step_gpus})")
        if month <= previous:
            s.fail("month", f"must be later than the previous step's month {previous} (got {month})")
        previous = max(previous, month)
        steps.append(RampStep(month=month, gpus=step_gpus, extra=s.extra()))
    return tuple(steps)


def _read_revisions(r: FieldReader) -> tuple[Revision, ...]:
    value = r.raw("revisions", [])
    if value is None:
        return ()
    if not isinstance(value, list):
        r.fail("revisions", f"must be a list, not {_describe(value)}")
        return ()
    revisions: list[Revision] = []
    for index, item in enumerate(value):
        where = f"revisions[{index}]"
        if not isinstance(item, Mapping):
            r.fail(where, f"must be an object, not {_describe(item)}")
            continue
        v = FieldReader(item, r.where(where), r.problems)
        label = v.text("label", "")
        side = v.choice("side", ("lessee", "provider"), "lessee")
        time = v.text("time", "")
        terms = v.obj("terms", {})
        revisions.append(
            Revision(label=label, side=side, time=time, terms=dict(terms or {}), extra=v.extra())
        )
    return tuple(revisions)


def _read_common(r: FieldReader) -> dict[str, Any]:
    r.raw("kind")
    return {
        "id": r.text("id"),
        "name": r.text("name", ""),
        "provider": r.text("provider", ""),
        "site": r.text("site", ""),
        "gpu_model": r.text("gpu_model", ""),
        "gpus": r.whole("gpus", check=_positive, rule="a whole number > 0"),
        "start": r.month_date("start"),
        "availability": r.number("availability", 1.0, check=_availability, rule="greater than 0 and at most 1"),
        "notes": r.text("notes", ""),
        "revisions": _read_revisions(r),
        "counter_of": r.optional_text("counter_of"),
    }


def read_lease(data: Mapping[str, Any], path: str, problems: list[Problem]) -> LeaseOffer:
    r = FieldReader(data, path, problems)
    common = _read_common(r)
    term = r.whole("term_months", check=lambda x: x >= 1, rule="a whole number >= 1")
    lease = LeaseOffer(
        **common,
        term_months=term,
        monthly_fee=r.money("monthly_fee"),
        escalator=r.number("escalator", 0.0, check=_escalator, rule="greater than -1"),
        fee_basis=r.choice("fee_basis", ("committed", "delivered"), "committed"),
        ramp=_read_ramp(r, common["gpus"], term),
        upfront_fee=r.money("upfront_fee", 0.0),
        deposit=r.money("deposit", 0.0),
        power=_read_power(r),
        lessee_exit=_read_exit(r, "lessee_exit"),
        provider_exit=_read_exit(r, "provider_exit"),
    )
    return _with_extra(lease, r)


def read_self_build(data: Mapping[str, Any], path: str, problems: list[Problem]) -> SelfBuildPlan:
    r = FieldReader(data, path, problems)
    common = _read_common(r)
    plan = SelfBuildPlan(
        **common,
        gpu_capex=r.money("gpu_capex"),
        kw_per_gpu=r.number("kw_per_gpu", check=_non_negative, rule=">= 0"),
        pue=r.number("pue", check=lambda x: x >= 1, rule=">= 1"),
        facility_capex_per_mw=r.money("facility_capex_per_mw"),
        build_months=r.whole("build_months", check=_non_negative, rule="a whole number >= 0"),
        electricity_price_per_kwh=r.money("electricity_price_per_kwh"),
        power_escalator=r.number("power_escalator", 0.0, check=_escalator, rule="greater than -1"),
        staff_per_month=r.money("staff_per_month", 0.0),
        maintenance_pct=r.number("maintenance_pct", 0.0, check=_non_negative, rule=">= 0"),
        it_life_years=r.number("it_life_years", check=_positive, rule="> 0"),
        facility_life_years=r.number("facility_life_years", check=_positive, rule="> 0"),
        bridge_price_per_gpu_hour=r.money("bridge_price_per_gpu_hour", 0.0),
    )
    return _with_extra(plan, r)


OfferT = TypeVar("OfferT", LeaseOffer, SelfBuildPlan)


def _with_extra(offer: OfferT, r: FieldReader) -> OfferT:
    object.__setattr__(offer, "extra", r.extra())
    return offer


def read_offer(data: Any, path: str, problems: list[Problem]) -> Offer | None:
    """One offer, or None when it is too broken to build (its problems are recorded)."""
    if not isinstance(data, Mapping):
        problems.append(Problem(path, f"must be an object, not {_describe(data)}"))
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
        problems.append(Problem(f"{path}.kind", f'must be "lease" or "self_build", not {_describe(kind)}'))
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
    s = months_between(assumptions.analysis_start, offer.start)
    if s < 0:
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
    if s + length > MAX_END_MONTH:
        problems.append(
            Problem(
                f"{path}.{key}",
                f"start month {s} plus {key} {length} must not exceed {MAX_END_MONTH} months "
                "from the analysis start",
            )
        )
    elif not _last_month_fits(assumptions.analysis_start, max(assumptions.horizon_months, s + length) + 1):
        problems.append(Problem(f"{path}.{key}", "runs past December 9999"))


def read_deal(data: Any) -> Deal:
    """A validated deal from the JSON object of a .leasedeal file (after its format checks).

    Raises DealError listing every problem found.
    """
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise DealError([Problem("", f"the deal must be a JSON object, not {_describe(data)}")])
    r = FieldReader(data, "", problems)
    name = r.text("name")
    currency = r.text("currency", "USD")
    if "currency" in data and isinstance(data["currency"], str) and not currency.strip():
        r.fail("currency", "must not be empty")
    notes = r.text("notes", "")
    assumptions_data = r.obj("assumptions")
    assumptions = (
        read_assumptions(assumptions_data, "assumptions", problems) if assumptions_data is not None else None
    )
    baseline = r.optional_text("baseline")
    offers_data = r.raw("offers")
    offers: list[Offer] = []
    if offers_data is not MISSING and not isinstance(offers_data, list):
        r.fail("offers", f"must be a list, not {_describe(offers_data)}")
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
            r.fail("baseline", f"names no offer of this deal: {baseline!r}")
    if problems or assumptions is None:
        raise DealError(problems or [Problem("assumptions", "is required")])
    return Deal(
        name=name,
        currency=currency,
        notes=notes,
        assumptions=assumptions,
        baseline=baseline,
        offers=tuple(offers),
        extra={k: v for k, v in r.extra().items() if k not in ("format", "schema_version")},
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
    relative = [Problem(p.field.lstrip("."), p.message) for p in problems]
    return (offer if not relative else None), relative


def check_assumptions(data: Mapping[str, Any], offers: tuple[Offer, ...]) -> tuple[Assumptions | None, list[Problem]]:
    """Assumptions data checked, and every offer's start against the new analysis start."""
    problems: list[Problem] = []
    assumptions = read_assumptions(data, "", problems)
    if not problems:
        for offer in offers:
            check_offer_dates(offer, assumptions, f"offers[{offer.id}]", problems)
    relative = [Problem(p.field.lstrip("."), p.message) for p in problems]
    return (assumptions if not relative else None), relative
