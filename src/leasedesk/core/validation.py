"""Reading a deal from plain data (parsed JSON), checking every field of DESIGN.md 2 and 3.

Every problem is reported as a ``Problem(field, message)``, where ``field`` names the
offer and the key (``offers[c2].term_months``). Nothing here trusts its input.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from leasedesk.core.codec import deal_to_data
from leasedesk.core.json_reader import MISSING, FieldReader, Problem, describe, text_problems, unstorable
from leasedesk.core.model import Assumptions, Deal, Offer, OfferBase, RampStep, Revision, months_between
from leasedesk.core.terms.assumption_terms import ASSUMPTION_SCHEMA
from leasedesk.core.terms.kinds import KIND_KEYS, OfferKindSpec, kind_named, kind_of
from leasedesk.core.terms.reader import SpecialReader, read_schema
from leasedesk.core.terms.term import CURRENCY_LENGTH, ID_LENGTH, NAME_LENGTH, NON_NEGATIVE, NOTES_LENGTH, Schema, Term

MAX_END_MONTH = 1200
LAST_MONTH_INDEX = 9999 * 12 + 11  # December 9999, as year * 12 + month - 1
_KIND_CHOICES = " or ".join(f'"{key}"' for key in KIND_KEYS)


class DealError(ValueError):
    """A deal that cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid deal"
        more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
        super().__init__(first + more)


def read_assumptions(data: Mapping[str, Any], path: str, problems: list[Problem]) -> Assumptions:
    reader = FieldReader(data, path, problems)
    values = read_schema(reader, ASSUMPTION_SCHEMA)
    start, horizon = values["analysis_start"], values["horizon_months"]
    if start is not None and horizon and not _last_month_fits(start, horizon + 1):
        reader.fail("horizon_months", "runs past December 9999")
    values["analysis_start"] = start or dt.date(2000, 1, 1)
    return Assumptions(**values, extra=reader.extra())


def _read_ramp(offer_reader: FieldReader, term: Term, read_so_far: Mapping[str, Any]) -> tuple[RampStep, ...]:
    """The ramp's steps, each within the term and the committed GPUs, months strictly increasing."""
    gpus, term_months = read_so_far.get("gpus", 0), read_so_far.get("term_months", 0)
    value = offer_reader.raw(term.key, [])
    if value is None:
        return ()
    if not isinstance(value, list):
        offer_reader.fail(term.key, f"must be a list of {{month, gpus}} steps, not {describe(value)}")
        return ()
    steps: list[RampStep] = []
    previous = -1
    for index, item in enumerate(value):
        where = f"{term.key}[{index}]"
        if not isinstance(item, Mapping):
            offer_reader.fail(where, f"must be an object with month and gpus, not {describe(item)}")
            continue
        step_reader = FieldReader(item, offer_reader.where(where), offer_reader.problems)
        before = len(offer_reader.problems)
        month = step_reader.whole("month", check=NON_NEGATIVE.holds, rule=NON_NEGATIVE.words)
        step_gpus = step_reader.whole("gpus", check=NON_NEGATIVE.holds, rule=NON_NEGATIVE.words)
        if len(offer_reader.problems) > before:
            continue
        if term_months >= 1 and month >= term_months:
            step_reader.fail("month", f"must be before the end of the term ({term_months} months), got {month}")
        if gpus > 0 and step_gpus > gpus:
            step_reader.fail("gpus", f"must not exceed the committed {gpus} GPUs (got {step_gpus})")
        if month <= previous:
            step_reader.fail("month", f"must be later than the previous step's month {previous} (got {month})")
        previous = max(previous, month)
        steps.append(RampStep(month=month, gpus=step_gpus, extra=step_reader.extra()))
    return tuple(steps)


def _read_revisions(offer_reader: FieldReader, term: Term, _read_so_far: Mapping[str, Any]) -> tuple[Revision, ...]:
    value = offer_reader.raw(term.key, [])
    if value is None:
        return ()
    if not isinstance(value, list):
        offer_reader.fail(term.key, f"must be a list, not {describe(value)}")
        return ()
    revisions: list[Revision] = []
    for index, item in enumerate(value):
        where = f"{term.key}[{index}]"
        if not isinstance(item, Mapping):
            offer_reader.fail(where, f"must be an object, not {describe(item)}")
            continue
        revision_reader = FieldReader(item, offer_reader.where(where), offer_reader.problems)
        label = revision_reader.text("label", "", max_length=NAME_LENGTH)
        side = revision_reader.choice("side", ("lessee", "provider"), "lessee")
        time = revision_reader.text("time", "", max_length=NAME_LENGTH)
        terms = revision_reader.obj("terms", {})
        revisions.append(
            Revision(label=label, side=side, time=time, terms=dict(terms or {}), extra=revision_reader.extra())
        )
    return tuple(revisions)


_SPECIAL_READERS: dict[str, SpecialReader] = {"steps": _read_ramp, "rounds": _read_revisions}


_SHARED_KEYS = frozenset(field.name for field in dataclasses.fields(OfferBase))


def _reading_order(schema: Schema) -> Schema:
    """The terms every kind shares first, then the kind's own: problems are listed in this order, and
    the first one is the message a person sees."""
    return tuple(sorted(schema, key=lambda item: item.key not in _SHARED_KEYS))


def read_offer_of_kind(spec: OfferKindSpec, data: Mapping[str, Any], path: str, problems: list[Problem]) -> Offer:
    """An offer of a known kind; check ``problems`` before trusting it."""
    reader = FieldReader(data, path, problems)
    reader.raw("kind")
    values = read_schema(reader, _reading_order(spec.schema), _SPECIAL_READERS)
    offer: Offer = spec.model(**values, extra=reader.extra())  # type: ignore[assignment]
    return offer


def read_offer(data: Any, path: str, problems: list[Problem]) -> Offer | None:
    """One offer, or None when it is too broken to build (its problems are recorded)."""
    if not isinstance(data, Mapping):
        problems.append(Problem(path, f"must be an object, not {describe(data)}"))
        return None
    kind = data.get("kind", MISSING)
    before = len(problems)
    if kind is MISSING:
        problems.append(Problem(f"{path}.kind", f"is required ({_KIND_CHOICES})"))
        return None
    if not isinstance(kind, str) or kind not in KIND_KEYS:
        problems.append(Problem(f"{path}.kind", f"must be {_KIND_CHOICES}, not {describe(kind)}"))
        return None
    offer = read_offer_of_kind(kind_named(kind), data, path, problems)
    return offer if len(problems) == before else None


def offer_path(index: int, data: Any) -> str:
    """How problems name an offer: by its id when it has a usable one, else by position."""
    if isinstance(data, Mapping):
        offer_id = data.get("id")
        if isinstance(offer_id, str) and offer_id.strip() and len(offer_id) <= ID_LENGTH and not unstorable(offer_id):
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
    key = kind_of(offer).span_key
    length: int = getattr(offer, key)
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
    name = reader.text("name", max_length=NAME_LENGTH)
    currency = reader.text("currency", "USD", max_length=CURRENCY_LENGTH)
    if "currency" in data and isinstance(data["currency"], str) and not currency.strip():
        reader.fail("currency", "must not be empty")
    notes = reader.text("notes", "", max_length=NOTES_LENGTH)
    assumptions_data = reader.obj("assumptions")
    assumptions = (
        read_assumptions(assumptions_data, "assumptions", problems) if assumptions_data is not None else None
    )
    baseline = reader.optional_text("baseline", max_length=ID_LENGTH)
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
        ids = {o.get("id") for o in offers_data if isinstance(o, Mapping) and isinstance(o.get("id"), str)}
        if baseline not in ids:
            reader.fail("baseline", f"names no offer of this deal: {baseline!r}")
    problems.extend(_unsavable_text(data))
    if problems or assumptions is None:
        # Text the fields' readers found bad is found again by the whole-file pass: once is enough.
        raise DealError(list(dict.fromkeys(problems)) or [Problem("assumptions", "is required")])
    return Deal(
        name=name,
        currency=currency,
        notes=notes,
        assumptions=assumptions,
        baseline=baseline,
        offers=tuple(offers),
        extra={k: v for k, v in reader.extra().items() if k not in ("format", "schema_version")},
    )


def _unsavable_text(data: Mapping[str, Any]) -> Iterator[Problem]:
    """Text anywhere in the file that could not be saved again (unknown keys and rounds included),
    offers named as their fields' problems name them."""
    yield from text_problems({key: value for key, value in data.items() if key != "offers"})
    offers = data.get("offers")
    if isinstance(offers, list):
        for index, item in enumerate(offers):
            yield from text_problems(item, offer_path(index, item))


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
