"""The real check: LibreOffice recalculates exported workbooks, and every Summary figure equals the engine's.

All workbooks of this module go through one soffice run (a module fixture): the scenario deals with
their cached results stripped (so every value read back was computed by LibreOffice), and copies of the
sample workbook with inputs changed by their defined names. Without soffice these tests skip, or fail
when LEASEDESK_REQUIRE_LIBREOFFICE=1 (as in CI).
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
    REQUIRE_ENV,
    agrees,
    cached_differences,
    make_profile,
    mismatches,
    recalculate,
    sample_deal,
    scenario_deals,
    soffice,
    strip_cached_values,
    summary_figures,
)
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from leasedesk.core.comparison import Comparison, compare
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
}
# fmt: on


def set_named(book: Workbook, sheet: str | None, name: str, value: object) -> None:
    """Set the first cell of a defined name (sheet-scoped when ``sheet`` is given)."""
    names = book.defined_names if sheet is None else book[sheet].defined_names
    ((title, reference),) = names[name].destinations
    first = reference.replace("$", "").split(":")[0]
    book[title.replace("''", "'")][first].value = value


@dataclass(frozen=True)
class Recalculated:
    exported: dict[str, Path]  # scenario -> the workbook as exported (with cached results)
    scenarios: dict[str, Path]  # scenario -> recalculated by LibreOffice
    changes: dict[str, Path]  # change -> recalculated by LibreOffice


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> Recalculated:
    soffice()  # skip or fail here, before any work, when LibreOffice is missing
    folder = tmp_path_factory.mktemp("recalc")
    (folder / "exported").mkdir()
    (folder / "in").mkdir()
    exported, inputs = {}, {}
    for name, deal in scenario_deals().items():
        exported[name] = folder / "exported" / f"{name}.xlsx"
        export_workbook(deal, exported[name])
        inputs[name] = folder / "in" / f"{name}.xlsx"
        shutil.copy(exported[name], inputs[name])
        strip_cached_values(inputs[name])  # so every value read back is LibreOffice's
    for name, change in CHANGES.items():
        book = load_workbook(exported["sample"])  # openpyxl keeps formulas and names, drops cached results
        for sheet, defined_name, value in change.edits:
            set_named(book, sheet, defined_name, value)
        inputs[f"change_{name}"] = folder / "in" / f"change_{name}.xlsx"
        book.save(inputs[f"change_{name}"])
    outputs = recalculate(list(inputs.values()), folder / "out", make_profile(folder / "profile"))
    by_name = dict(zip(inputs, outputs, strict=True))
    return Recalculated(
        exported=exported,
        scenarios={name: by_name[name] for name in exported},
        changes={name: by_name[f"change_{name}"] for name in CHANGES},
    )


@pytest.mark.libreoffice
@pytest.mark.parametrize("scenario", list(scenario_deals()))
def test_recalculated_summary_equals_the_engine(recalculated: Recalculated, scenario: str) -> None:
    deal = scenario_deals()[scenario]
    figures = summary_figures(recalculated.scenarios[scenario])
    assert mismatches(figures, compare(deal)) == []
    pv = [figures[offer.id]["pv_cost"] for offer in deal.offers]
    assert all(isinstance(value, float | int) for value in pv), pv  # computed, not left empty


@pytest.mark.libreoffice
@pytest.mark.parametrize("scenario", list(scenario_deals()))
def test_every_cached_result_equals_the_recalculated_one(recalculated: Recalculated, scenario: str) -> None:
    """The offer sheets' cached results too: schedule, exit curve, results block."""
    assert cached_differences(recalculated.exported[scenario], recalculated.scenarios[scenario]) == []


def changed_metrics(comparison: Comparison, before: Comparison) -> int:
    return sum(
        1
        for result in comparison.results
        for key in METRIC_KEYS
        if result.metrics[key] != before.result(result.offer_id).metrics[key]
    )


@pytest.mark.libreoffice
@pytest.mark.parametrize("change", [name for name, change in CHANGES.items() if not change.beyond_rows])
def test_an_input_changed_by_its_name_moves_the_figures_as_the_engine_does(
    recalculated: Recalculated, change: str
) -> None:
    changed = compare(CHANGES[change].apply(sample_deal()))
    assert changed_metrics(changed, compare(sample_deal())) > 0  # the change matters
    assert mismatches(summary_figures(recalculated.changes[change]), changed) == []


@pytest.mark.libreoffice
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
            if isinstance(value, str) and value.startswith("#"):
                assert offer_id in beyond, (offer_id, key, value)  # an error only where rows are missing
            else:
                assert agrees(expected[key], value), (offer_id, key, expected[key], value)
        if offer_id in beyond:
            assert str(shown["pv_cost"]).startswith("#"), (offer_id, shown["pv_cost"])


def test_missing_libreoffice_skips_or_fails_as_the_environment_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("excel_support.shutil.which", lambda name: None)
    monkeypatch.setenv(REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="LibreOffice"):
        soffice()
    monkeypatch.delenv(REQUIRE_ENV)
    with pytest.raises(pytest.skip.Exception, match="LibreOffice"):
        soffice()
