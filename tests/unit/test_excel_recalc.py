"""The real check: spreadsheet engines recalculate exported workbooks, and every Summary figure equals ours.

Two engines, LibreOffice and Gnumeric, each recalculate all workbooks of this module in one module
fixture: the scenario deals with their cached results stripped (so every value read back was computed
by the engine), copies of the sample workbook with inputs changed by their defined names, and copies
with a mistyped input. Without an engine its tests skip, or fail when LEASEDESK_REQUIRE_LIBREOFFICE=1 or
LEASEDESK_REQUIRE_GNUMERIC=1 (as in CI).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from excel_support import (
    GNUMERIC_REQUIRE_ENV,
    REQUIRE_ENV,
    agrees,
    cached_differences,
    is_error,
    market_figures,
    market_mismatches,
    mismatches,
    recalculate_with,
    sample_deal,
    scenario_deals,
    soffice,
    ssconvert,
    strip_cached_values,
    summary_figures,
)
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from leasedesk.core.comparison import Comparison, compare
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.metric_info import METRIC_KEYS
from leasedesk.core.model import Deal, ExitRight, LeaseOffer, PowerTerms, RampStep
from leasedesk.excel import export_workbook

MEMPHIS, HYPERSCALER, BUILD = "Memphis lease", "Hyperscaler 3-year", "Build in Memphis"
Edit = tuple[str | None, str, object]  # (sheet for a sheet-scoped name or None, defined name, new value)


@dataclass(frozen=True)
class Change:
    """Inputs changed in the sample workbook by their defined names, and the same change in the deal."""

    edits: tuple[Edit, ...]
    apply: Callable[[Deal], Deal]
    beyond_rows: tuple[str, ...] = ()  # offers whose schedule no longer covers what the figures need


def replace_offer(offer_id: str, **changes: Any) -> Callable[[Deal], Deal]:
    def apply(deal: Deal) -> Deal:
        offers = tuple(dataclasses.replace(o, **changes) if o.id == offer_id else o for o in deal.offers)
        return dataclasses.replace(deal, offers=offers)

    return apply


def replace_assumptions(**changes: Any) -> Callable[[Deal], Deal]:
    return lambda deal: dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, **changes))


def both(*steps: Callable[[Deal], Deal]) -> Callable[[Deal], Deal]:
    def apply(deal: Deal) -> Deal:
        for step in steps:
            deal = step(deal)
        return deal

    return apply


def _hyperscaler() -> LeaseOffer:
    offer = sample_deal().offer("hyperscaler")
    assert isinstance(offer, LeaseOffer)
    return offer


def _sample_market() -> MarketAssumptions:
    market = sample_deal().assumptions.market
    assert market is not None
    return market


# fmt: off
CHANGES: dict[str, Change] = {
    "monthly_fee": Change(((HYPERSCALER, "monthly_fee", 120e6),), replace_offer("hyperscaler", monthly_fee=120e6)),
    "discounting": Change(
        ((None, "discount_rate", 0.07), (None, "rate_convention", "nominal"), (None, "payment_timing", "arrears"),
         (None, "hours_per_month", 720)),
        replace_assumptions(discount_rate=0.07, rate_convention="nominal", payment_timing="arrears",
                            hours_per_month=720.0),
    ),
    "self_build": Change(
        ((BUILD, "gpu_capex", 55000), (BUILD, "build_months", 9), (BUILD, "bridge_price_per_gpu_hour", 3.0),
         (BUILD, "power_escalator", 0.0), (BUILD, "staff_per_month", 1.5e6)),
        replace_offer("build", gpu_capex=55000.0, build_months=9, bridge_price_per_gpu_hour=3.0, power_escalator=0.0,
                      staff_per_month=1.5e6),
    ),
    "exits_and_term": Change(
        ((MEMPHIS, "term_months", 36), (MEMPHIS, "lessee_exit_lock_in_months", 6),
         (MEMPHIS, "lessee_exit_notice_days", 60), (MEMPHIS, "lessee_exit_termination_fee", 1e8),
         (MEMPHIS, "provider_exit_allowed", False), (HYPERSCALER, "lessee_exit_allowed", False)),
        both(
            replace_offer("memphis", term_months=36, lessee_exit=ExitRight(True, 6, 60, 1e8),
                          provider_exit=ExitRight(False, 3, 90, 0)),
            replace_offer("hyperscaler", lessee_exit=dataclasses.replace(_hyperscaler().lessee_exit, allowed=False)),
        ),
    ),
    "ramp_power_start": Change(
        ((HYPERSCALER, "ramp_gpus", 30000), (HYPERSCALER, "fee_basis", "committed"),
         (HYPERSCALER, "power_included", True), (HYPERSCALER, "deposit", 0),
         (HYPERSCALER, "start", dt.datetime(2026, 8, 1)), (MEMPHIS, "power_included", False),
         (MEMPHIS, "power_kw_per_gpu", 2.0), (MEMPHIS, "power_price_per_kwh", 0.05)),
        both(
            replace_offer("hyperscaler", ramp=(RampStep(0, 30000), *_hyperscaler().ramp[1:]), fee_basis="committed",
                          power=dataclasses.replace(_hyperscaler().power, included=True), deposit=0.0,
                          start=dt.date(2026, 8, 1)),
            replace_offer("memphis", power=PowerTerms(False, 2.0, 1.0, 0.05, 0.0)),
        ),
    ),
    "longer_horizon": Change(
        ((None, "horizon_months", 60),), replace_assumptions(horizon_months=60),
        beyond_rows=("memphis", "hyperscaler", "build"),
    ),
    "longer_term": Change(((MEMPHIS, "term_months", 48),), replace_offer("memphis", term_months=48), ("memphis",)),
    "market": Change(
        ((None, "market_price_per_gpu_hour", 3.1), (None, "market_annual_change", 0.1)),
        replace_assumptions(market=dataclasses.replace(_sample_market(), price_per_gpu_hour=3.1,
                                                       annual_change=0.1)),
    ),
    "required_gpus": Change(
        ((None, "market_required_gpus", 75000), (HYPERSCALER, "gpus", 70000)),
        both(
            replace_assumptions(market=dataclasses.replace(_sample_market(), required_gpus=75000)),
            replace_offer("hyperscaler", gpus=70000),
        ),
    ),
    "largest_offer": Change(((MEMPHIS, "gpus", 64000),), replace_offer("memphis", gpus=64000)),
}



@dataclass(frozen=True)
class Mistyped:
    """An input typed wrong in the sample workbook, and the deal with each allowed value in its place."""

    edit: Edit
    choices: tuple[Callable[[Deal], Deal], ...]


def _switch(offer_id: str, part: str) -> tuple[Callable[[Deal], Deal], ...]:
    """The offer with its ``part`` (power, lessee_exit, provider_exit) switched on and off."""
    def setting(value: bool) -> Callable[[Deal], Deal]:
        def apply(deal: Deal) -> Deal:
            terms = getattr(deal.offer(offer_id), part)
            field = "included" if part == "power" else "allowed"
            return replace_offer(offer_id, **{part: dataclasses.replace(terms, **{field: value})})(deal)
        return apply
    return (setting(True), setting(False))


MISTYPED: dict[str, Mistyped] = {
    "rate_convention": Mistyped(
        (None, "rate_convention", "nominl"),
        (replace_assumptions(rate_convention="effective"), replace_assumptions(rate_convention="nominal")),
    ),
    "payment_timing": Mistyped(
        (None, "payment_timing", "arrear"),
        (replace_assumptions(payment_timing="advance"), replace_assumptions(payment_timing="arrears")),
    ),
    "fee_basis": Mistyped(
        (HYPERSCALER, "fee_basis", "deliverd"),
        (replace_offer("hyperscaler", fee_basis="committed"), replace_offer("hyperscaler", fee_basis="delivered")),
    ),
    "power_included": Mistyped((HYPERSCALER, "power_included", "no"), _switch("hyperscaler", "power")),
    "lessee_exit_allowed": Mistyped((MEMPHIS, "lessee_exit_allowed", "yes"), _switch("memphis", "lessee_exit")),
    "provider_exit_allowed": Mistyped((MEMPHIS, "provider_exit_allowed", 1), _switch("memphis", "provider_exit")),
}


def set_named(book: Workbook, sheet: str | None, name: str, value: object) -> None:
    """Set the first cell of a defined name (sheet-scoped when ``sheet`` is given)."""
    names = book.defined_names if sheet is None else book[sheet].defined_names
    ((title, reference),) = names[name].destinations
    first = reference.replace("$", "").split(":")[0]
    book[title.replace("''", "'")][first].value = value


@dataclass(frozen=True)
class Recalculated:
    engine: str
    exported: dict[str, Path]  # scenario -> the workbook as exported (with cached results)
    scenarios: dict[str, Path]  # scenario -> recalculated by the engine
    changes: dict[str, Path]  # change -> recalculated by the engine
    mistyped: dict[str, Path]  # mistyped input -> recalculated by the engine


ENGINE_PARAMS = [
    pytest.param("libreoffice", marks=pytest.mark.libreoffice),
    pytest.param("gnumeric", marks=pytest.mark.gnumeric),
]


@dataclass(frozen=True)
class Prepared:
    exported: dict[str, Path]  # scenario -> the workbook as exported (with cached results)
    inputs: dict[str, Path]  # what the engines open: scenarios without cached results, changes, mistypes


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """The workbooks every engine recalculates, written once for all engines."""
    folder = tmp_path_factory.mktemp("recalc-in")
    (folder / "exported").mkdir()
    exported, inputs = {}, {}
    for name, deal in scenario_deals().items():
        exported[name] = folder / "exported" / f"{name}.xlsx"
        export_workbook(deal, exported[name])
        inputs[name] = folder / f"{name}.xlsx"
        shutil.copy(exported[name], inputs[name])
        strip_cached_values(inputs[name])  # so every value read back is the engine's
    edits = {f"change_{name}": change.edits for name, change in CHANGES.items()}
    edits |= {f"mistyped_{name}": (mistyped.edit,) for name, mistyped in MISTYPED.items()}
    for name, changes in edits.items():
        book = load_workbook(exported["sample"])  # openpyxl keeps formulas and names, drops cached results
        for sheet, defined_name, value in changes:
            set_named(book, sheet, defined_name, value)
        inputs[name] = folder / f"{name}.xlsx"
        book.save(inputs[name])
    return Prepared(exported=exported, inputs=inputs)


@pytest.fixture(scope="module", params=ENGINE_PARAMS)
def recalculated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Recalculated:
    engine: str = request.param
    (soffice if engine == "libreoffice" else ssconvert)()  # skip or fail here, before any work
    prepared: Prepared = request.getfixturevalue("prepared")
    outputs = recalculate_with(engine, list(prepared.inputs.values()), tmp_path_factory.mktemp(f"recalc-{engine}"))
    by_name = dict(zip(prepared.inputs, outputs, strict=True))
    return Recalculated(
        engine=engine,
        exported=prepared.exported,
        scenarios={name: by_name[name] for name in prepared.exported},
        changes={name: by_name[f"change_{name}"] for name in CHANGES},
        mistyped={name: by_name[f"mistyped_{name}"] for name in MISTYPED},
    )


@pytest.mark.parametrize("scenario", list(scenario_deals()))
def test_recalculated_summary_equals_the_engine(recalculated: Recalculated, scenario: str) -> None:
    deal = scenario_deals()[scenario]
    figures = summary_figures(recalculated.scenarios[scenario])
    assert mismatches(figures, compare(deal)) == []
    assert market_mismatches(market_figures(recalculated.scenarios[scenario]), compare(deal)) == []
    pv = [figures[offer.id]["pv_cost"] for offer in deal.offers]
    assert all(isinstance(value, float | int) for value in pv), pv  # computed, not left empty


@pytest.mark.parametrize("scenario", list(scenario_deals()))
def test_every_cached_result_equals_the_recalculated_one(recalculated: Recalculated, scenario: str) -> None:
    """The offer sheets' cached results too: schedule, exit curve, results block."""
    assert cached_differences(recalculated.exported[scenario], recalculated.scenarios[scenario]) == []


def changed_metrics(comparison: Comparison, before: Comparison) -> int:
    """How many figures moved: the metrics of section 2 and the equal-capacity ones."""
    return sum(
        1
        for result in comparison.results
        for figures, earlier in (
            (result.metrics, before.result(result.offer_id).metrics),
            (result.equal_capacity, before.result(result.offer_id).equal_capacity),
        )
        for key in figures
        if figures[key] != earlier[key]
    )


@pytest.mark.parametrize("change", [name for name, change in CHANGES.items() if not change.beyond_rows])
def test_an_input_changed_by_its_name_moves_the_figures_as_the_engine_does(
    recalculated: Recalculated, change: str
) -> None:
    changed = compare(CHANGES[change].apply(sample_deal()))
    assert changed_metrics(changed, compare(sample_deal())) > 0  # the change matters
    assert mismatches(summary_figures(recalculated.changes[change]), changed) == []
    assert market_mismatches(market_figures(recalculated.changes[change]), changed) == []


@pytest.mark.parametrize("change", [name for name, change in CHANGES.items() if change.beyond_rows])
def test_a_change_beyond_the_written_rows_shows_errors_not_wrong_figures(
    recalculated: Recalculated, change: str
) -> None:
    beyond = CHANGES[change].beyond_rows
    changed = compare(CHANGES[change].apply(sample_deal()))
    figures = summary_figures(recalculated.changes[change])
    for offer_id, shown in figures.items():
        expected = changed.result(offer_id).metrics
        for key, value in shown.items():
            if is_error(value):
                assert offer_id in beyond, (offer_id, key, value)  # an error only where rows are missing
            else:
                assert agrees(expected[key], value), (offer_id, key, expected[key], value)
        if offer_id in beyond:
            assert str(shown["pv_cost"]).startswith("#"), (offer_id, shown["pv_cost"])


@pytest.mark.parametrize("mistyped", list(MISTYPED))
def test_a_mistyped_input_turns_every_figure_it_moves_into_an_error(recalculated: Recalculated, mistyped: str) -> None:
    """Never a silently different figure: each metric that the input moves (between its allowed values)
    shows an error; the others show the engine's figure, or an error where their formula reads the input
    (Memphis's cost per GPU-hour is the same at any discount rate, yet computed through it)."""
    figures = summary_figures(recalculated.mistyped[mistyped])
    outcomes = [compare(choice(sample_deal())) for choice in MISTYPED[mistyped].choices]
    moved = 0
    for result in outcomes[0].results:
        for key in METRIC_KEYS:
            values = [outcome.result(result.offer_id).metrics[key] for outcome in outcomes]
            shown = figures[result.offer_id][key]
            if any(not agrees(values[0], value) for value in values[1:] if value is not None):
                assert is_error(shown), (result.offer_id, key, values, shown)
                moved += 1
            else:
                assert is_error(shown) or agrees(values[0], shown), (result.offer_id, key, values, shown)
    assert moved > 0  # the input matters in this deal


@pytest.mark.parametrize(
    ("binary", "engine", "variable"),
    [(soffice, "LibreOffice", REQUIRE_ENV), (ssconvert, "Gnumeric", GNUMERIC_REQUIRE_ENV)],
)
def test_a_missing_engine_skips_or_fails_as_the_environment_says(
    monkeypatch: pytest.MonkeyPatch, binary: Callable[[], str], engine: str, variable: str
) -> None:
    monkeypatch.setattr("excel_support.shutil.which", lambda name: None)
    monkeypatch.setenv(variable, "1")
    with pytest.raises(pytest.fail.Exception, match=engine):
        binary()
    monkeypatch.delenv(variable)
    with pytest.raises(pytest.skip.Exception, match=engine):
        binary()
