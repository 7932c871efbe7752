"""The term registry is complete: every field of a domain dataclass is declared once, and every
declared term reaches the deal file (both ways), the editor's form and the workbook.

When one of these fails after adding a term or a kind, its message names what is missing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from dataclasses import replace
from typing import Any

import pytest
from deal_builders import deal_data, lease, self_build
from openpyxl import load_workbook

from leasedesk.core.codec import deal_to_data, offer_to_data, schema_to_data
from leasedesk.core.json_reader import FieldReader, Problem
from leasedesk.core.model import Assumptions
from leasedesk.core.terms.assumption_terms import ASSUMPTION_SCHEMA
from leasedesk.core.terms.fields import ASSUMPTION_FIELDS, fields_for, in_group_order
from leasedesk.core.terms.kinds import KIND_KEYS, KINDS, OfferKindSpec, UnknownKindError, kind_named
from leasedesk.core.terms.reader import read_schema
from leasedesk.core.terms.term import (
    FORM_KINDS,
    NON_NEGATIVE,
    Schema,
    Term,
    TermObject,
    flat_terms,
    object_of,
    placed,
    term_at,
)
from leasedesk.core.terms.text import get_value, with_value
from leasedesk.core.validation import read_deal
from leasedesk.excel.offer_specs import SHEET_SPECS
from leasedesk.excel.styles import formats_for
from leasedesk.excel.term_inputs import term_inputs
from leasedesk.excel.workbook import workbook_bytes

STRUCTURAL = {"extra", "kind"}  # kept keys and the kind itself: not terms
NO_FORM_FIELD = {"id", "proposed_by"}  # not edited in a form: the id names the offer, imports set the side
NOT_IN_WORKBOOK = {"id", "name", "provider", "site", "gpu_model", "notes"}  # the sheet's title and text, not inputs


def _model_fields(model: type[Any]) -> set[str]:
    return {f.name for f in dataclasses.fields(model)} - STRUCTURAL


def _schemas() -> list[tuple[str, type[Any], Schema]]:
    """Every (name, model, schema) of the registry, nested objects included."""
    found: list[tuple[str, type[Any], Schema]] = [("assumptions", Assumptions, ASSUMPTION_SCHEMA)]
    for spec in KINDS:
        found.append((spec.key, spec.model, spec.schema))
    for name, _model, schema in list(found):
        for item in schema:
            if isinstance(item, TermObject):
                found.append((f"{name}.{item.key}", item.model, item.terms))
    return found


@pytest.mark.parametrize(("name", "model", "schema"), _schemas(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_dataclass_field_is_a_registered_term_and_back(name: str, model: type[Any], schema: Schema) -> None:
    declared = {item.key for item in schema}
    fields = _model_fields(model)
    assert not fields - declared, f"{model.__name__} fields not declared in the registry ({name}): {fields - declared}"
    assert not declared - fields, f"registered terms of {name} that {model.__name__} lacks: {declared - fields}"


def _each_kind() -> list[OfferKindSpec]:
    return list(KINDS)


def _sample_of(spec: OfferKindSpec) -> dict[str, Any]:
    return lease() if spec.key == "lease" else self_build()


def _changed_value(term: Term, value: Any) -> Any:
    """A valid value other than ``value``, to see that a term travels on its own."""
    if term.kind == "flag":
        return not value
    if term.kind == "choice":
        return next(v for v, _label in term.choices if v != value)
    if term.kind == "text":
        return f"{value}x"
    if term.kind == "month":
        return (dt.date.fromisoformat(value).replace(year=dt.date.fromisoformat(value).year + 1)).isoformat()
    if term.kind == "whole":
        return int(value) + 1
    if term.kind == "percent" and term.rule is not None and not term.rule.holds(value + 0.01):
        return value - 0.01
    return value + 0.01 if term.kind in ("percent", "price") else value + 1


@pytest.mark.parametrize("spec", _each_kind(), ids=lambda s: s.key)
def test_every_term_is_read_into_the_model_and_written_back(spec: OfferKindSpec) -> None:
    """Forget the codec and the next keystroke resets the term; forget validation and it rides in extra."""
    base = _sample_of(spec)
    base["power"] = {"included": False, "kw_per_gpu": 1.5, "pue": 1.2, "price_per_kwh": 0.05, "escalator": 0.0}
    base["lessee_exit"] = {"allowed": True, "lock_in_months": 2, "notice_days": 60, "termination_fee": 0}
    base["provider_exit"] = {"allowed": True, "lock_in_months": 2, "notice_days": 60, "termination_fee": 0}
    if spec.key != "lease":
        for key in ("power", "lessee_exit", "provider_exit"):
            base.pop(key)
    for term in spec.terms():
        if term.kind not in FORM_KINDS or term.dotted_key == "id":
            continue
        value = get_value(base, term)
        if value is None:
            value = term.default
        changed = _changed_value(term, value)
        data = with_value(base, term, changed)
        offer = read_deal(deal_data(data)).offers[0]
        assert not offer.extra, f"{spec.key}.{term.dotted_key} is not read into the model (left in extra)"
        written = offer_to_data(offer)
        assert get_value(written, term) == changed, f"{spec.key}.{term.dotted_key} is not written back by the codec"


def test_every_assumption_is_read_and_written_back() -> None:
    data = deal_data()
    data["assumptions"]["market"] = {
        "price_per_gpu_hour": 2.6, "annual_change": -0.2, "volatility": 0.35, "required_gpus": 60000,
        "lessee_switching_cost": 5e7, "provider_relet_cost": 3e7,
    }
    assumptions = read_deal(data).assumptions
    assert not assumptions.extra and assumptions.market is not None and not assumptions.market.extra
    written = deal_to_data(read_deal(data))["assumptions"]
    for term in flat_terms(ASSUMPTION_SCHEMA):
        given, saved = get_value(data["assumptions"], term), get_value(written, term)
        assert saved is not None, f"assumptions.{term.dotted_key} is not written by the codec"
        assert given is None or saved == given, f"assumptions.{term.dotted_key} is written as {saved!r}"


@pytest.mark.parametrize("spec", _each_kind(), ids=lambda s: s.key)
def test_every_editable_term_has_a_form_field(spec: OfferKindSpec) -> None:
    in_form = {term.dotted_key for term in fields_for(spec.key)}
    editable = {t.dotted_key for t in spec.terms() if t.kind in FORM_KINDS and t.dotted_key not in NO_FORM_FIELD}
    assert not editable - in_form, f"{spec.key} terms without a form group: {editable - in_form}"
    assert {t.key for t in ASSUMPTION_FIELDS} == {t.key for t in flat_terms(ASSUMPTION_SCHEMA)}


@pytest.mark.parametrize("spec", _each_kind(), ids=lambda s: s.key)
def test_every_term_of_the_form_is_a_workbook_input_in_sheet_order(spec: OfferKindSpec) -> None:
    inputs = {t.flat_key for t in spec.terms() if t.in_workbook}
    wanted = {t.flat_key for t in fields_for(spec.key) if t.dotted_key not in NOT_IN_WORKBOOK}
    assert not wanted - inputs, f"{spec.key} terms without a workbook label (sheet_label): {wanted - inputs}"
    order = set(spec.sheet_order)
    assert len(order) == len(spec.sheet_order), f"{spec.key}: a key is twice in sheet_order"
    assert not inputs - order, f"{spec.key} workbook inputs missing from its sheet_order: {inputs - order}"
    assert not order - inputs, f"{spec.key} sheet_order keys that are no workbook input: {order - inputs}"


def test_every_kind_has_a_workbook_sheet_and_its_inputs_are_named() -> None:
    missing = set(KIND_KEYS) - set(SHEET_SPECS)
    assert not missing, f"offer kinds without a workbook sheet (excel.offer_specs.SHEET_SPECS): {missing}"
    data = deal_data(lease(), self_build())
    data["assumptions"]["market"] = {"price_per_gpu_hour": 2.6, "required_gpus": 1000}
    deal = read_deal(data)
    book = load_workbook(io.BytesIO(workbook_bytes(deal, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))))
    assumption_names = set(book.defined_names)
    for term in flat_terms(ASSUMPTION_SCHEMA):
        assert term.flat_key in assumption_names, f"the Assumptions sheet has no input named {term.flat_key}"
    for offer, sheet in zip(deal.offers, book.worksheets[2:], strict=False):
        names = set(sheet.defined_names)
        for term in kind_named(offer.kind).terms():
            if term.in_workbook:
                assert term.flat_key in names, f"the {offer.kind} sheet has no input named {term.flat_key}"


def test_every_kind_entry_matches_its_model() -> None:
    for spec in KINDS:
        assert spec.model.__dataclass_fields__["kind"].default == spec.key
        assert spec.span_key in {t.key for t in spec.terms() if t.kind == "whole"}


def test_negotiable_terms_belong_to_a_clause() -> None:
    for spec in KINDS:
        for term in spec.terms():
            if term.step is not None:
                assert term.clause is not None, f"{spec.key}.{term.dotted_key} has a step but no clause"


def test_an_unknown_kind_is_an_error_not_a_self_build() -> None:
    with pytest.raises(UnknownKindError):
        kind_named("colocation")
    with pytest.raises(UnknownKindError):
        fields_for("colocation")


@dataclasses.dataclass(frozen=True)
class _Market:
    price: float
    change: float = 0.0
    extra: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False)


@dataclasses.dataclass(frozen=True)
class _Holder:
    rate: float
    market: _Market | None


_OPTIONAL_SCHEMA: Schema = placed(
    (
        Term("rate", "Rate", "number"),
        TermObject(
            "market",
            _Market,
            (Term("price", "Price", "price"), Term("change", "Change", "percent", default=0.0, rule=NON_NEGATIVE)),
            optional=True,
        ),
    )
)


def test_an_optional_object_is_none_when_absent_and_read_with_its_rules_when_given() -> None:
    problems: list[Problem] = []
    values = read_schema(FieldReader({"rate": 0.1}, "", problems), _OPTIONAL_SCHEMA)
    assert values["market"] is None and not problems
    assert schema_to_data(_OPTIONAL_SCHEMA, _Holder(**values)) == {"rate": 0.1}

    given = {"rate": 0.1, "market": {"price": 2.6, "seen": 1}}
    values = read_schema(FieldReader(given, "", problems), _OPTIONAL_SCHEMA)
    assert values["market"] == _Market(price=2.6) and values["market"].extra == {"seen": 1}
    written = schema_to_data(_OPTIONAL_SCHEMA, _Holder(**values))
    assert written == {"rate": 0.1, "market": {"price": 2.6, "change": 0, "seen": 1}}

    read_schema(FieldReader({"rate": 0.1, "market": {"change": -1}}, "", problems), _OPTIONAL_SCHEMA)
    assert [str(p) for p in problems] == ["market.price: is required", "market.change: must be >= 0 (got -1)"]


def test_an_absent_optional_object_writes_no_workbook_inputs() -> None:
    sheet_terms = tuple(replace(t, sheet_label=t.key.title()) for t in flat_terms(_OPTIONAL_SCHEMA))
    formats = formats_for("USD")
    assert [i.key for i in term_inputs(_Holder(0.1, None), sheet_terms, formats)] == ["rate"]
    given = term_inputs(_Holder(0.1, _Market(price=2.6)), sheet_terms, formats)
    assert [(i.key, i.value) for i in given] == [("rate", 0.1), ("market_price", 2.6), ("market_change", 0.0)]
    assert given[1].number_format == formats.price


def test_switches_turn_off_the_terms_they_guard() -> None:
    lease_schema = kind_named("lease").schema
    power = next(i for i in lease_schema if isinstance(i, TermObject) and i.key == "power")
    exit_right = next(i for i in lease_schema if isinstance(i, TermObject) and i.key == "lessee_exit")
    pue = term_at(lease_schema, "power.pue")
    notice = term_at(lease_schema, "lessee_exit.notice_days")
    assert object_of(lease_schema, pue) is power and object_of(lease_schema, term_at(lease_schema, "gpus")) is None
    assert not power.applies({"included": True, "pue": 1.2}, pue)
    assert power.applies({"included": False, "pue": 1.2}, pue)
    assert power.applies({"included": True}, term_at(lease_schema, "power.included"))
    assert not exit_right.applies({"allowed": False}, notice)
    assert exit_right.applies({"allowed": True}, notice)


@pytest.mark.parametrize(("name", "model", "schema"), _schemas(), ids=lambda v: v if isinstance(v, str) else "")
def test_the_registry_and_the_dataclass_agree_on_defaults(name: str, model: type[Any], schema: Schema) -> None:
    fields = {f.name: f for f in dataclasses.fields(model)}
    for item in schema:
        field = fields[item.key]
        if isinstance(item, TermObject):
            assert item.optional or field.default == item.model(), f"{name}.{item.key}: default object differs"
            continue
        has_default = field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
        assert has_default != item.required, f"{name}.{item.key}: required in one of registry and model only"
        if field.default is not dataclasses.MISSING:
            assert field.default == item.default, f"{name}.{item.key}: default {item.default!r} != {field.default!r}"


def _clause_keys(spec: OfferKindSpec) -> dict[str, set[str]]:
    return {clause: {t.dotted_key for t in terms} for clause, terms in spec.clauses().items()}


def test_clauses_are_those_of_design_8_1() -> None:
    exit_keys = ("allowed", "lock_in_months", "notice_days", "termination_fee")
    power_keys = ("included", "kw_per_gpu", "pue", "price_per_kwh", "escalator")
    assert _clause_keys(kind_named("lease")) == {
        "capacity": {"gpus", "ramp"},
        "fee": {"monthly_fee", "fee_basis"},
        "escalator": {"escalator"},
        "start": {"start"},
        "term": {"term_months"},
        "availability": {"availability"},
        "power": {f"power.{key}" for key in power_keys},
        "upfront_and_deposit": {"upfront_fee", "deposit"},
        "lessee_exit": {f"lessee_exit.{key}" for key in exit_keys},
        "provider_exit": {f"provider_exit.{key}" for key in exit_keys},
    }
    assert _clause_keys(kind_named("self_build")) == {
        "capacity": {"gpus"},
        "start": {"start"},
        "build_months": {"build_months"},
        "it_capex": {"gpu_capex"},
        "facility_capex": {"facility_capex_per_mw"},
        "power": {"kw_per_gpu", "pue", "electricity_price_per_kwh", "power_escalator"},
        "running_costs": {"staff_per_month", "maintenance_pct"},
        "lives": {"it_life_years", "facility_life_years"},
        "availability": {"availability"},
        "bridge": {"bridge_price_per_gpu_hour"},
    }


def test_steps_are_those_of_design_8_2() -> None:
    def steps(kind: str) -> dict[str, float]:
        return {t.dotted_key: t.step for t in kind_named(kind).negotiable_terms() if t.step is not None}

    assert steps("lease") == {
        "monthly_fee": 1_000_000, "escalator": 0.01, "term_months": 1, "gpus": 1000, "availability": 0.01,
        "upfront_fee": 10_000_000, "deposit": 10_000_000, "start": 1,
        "lessee_exit.notice_days": 30, "lessee_exit.lock_in_months": 1, "lessee_exit.termination_fee": 10_000_000,
        "provider_exit.notice_days": 30, "provider_exit.lock_in_months": 1,
    }  # fmt: skip
    assert steps("self_build") == {
        "gpu_capex": 1000, "build_months": 1, "electricity_price_per_kwh": 0.01, "facility_capex_per_mw": 1_000_000,
        "staff_per_month": 1_000_000, "availability": 0.01, "bridge_price_per_gpu_hour": 0.10, "start": 1,
    }  # fmt: skip


def test_forms_lay_their_fields_out_group_by_group() -> None:
    keys = [t.dotted_key for t in in_group_order(fields_for("self_build"))]
    assert keys[:7] == ["name", "provider", "site", "gpu_model", "gpus", "availability", "start"]
    assert keys[7:9] == ["build_months", "bridge_price_per_gpu_hour"]
    groups = [t.group for t in in_group_order(fields_for("lease"))]
    assert groups == sorted(groups, key=groups.index), "a group's fields are not together"
