"""Importing an edited workbook (DESIGN.md 8.6): round trips as a round and as a counter, conflicts,
refused values, and what is ignored. The workbooks are real exports, edited with openpyxl."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from import_support import BUILD_SHEET, LEASE_SHEET, edited, exported, named_cell, repacked, sample

from leasedesk.core.codec import offer_terms_to_data
from leasedesk.core.model import Deal, LeaseOffer, RampStep
from leasedesk.core.negotiation.bridge import bridge
from leasedesk.core.negotiation.import_apply import ImportOutcome, apply_import
from leasedesk.core.negotiation.import_plan import ImportPlan, plan_import
from leasedesk.core.negotiation.rounds import changed_terms
from leasedesk.excel.import_.reader import read_returned_workbook

FEE, NOTICE, RATE = (LEASE_SHEET, "monthly_fee"), (LEASE_SHEET, "lessee_exit_notice_days"), (None, "discount_rate")
RAMP = [(0, 30_000), (3, 60_000)]


@pytest.fixture(scope="module")
def deal() -> Deal:
    return sample()


@pytest.fixture(scope="module")
def export(deal: Deal, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return exported(deal, tmp_path_factory.mktemp("export"))


@pytest.fixture(scope="module")
def returned(export: Path) -> Path:
    """The counterparty's copy: a lower fee, 60 days' notice, a ramp, and their own discount rate."""
    target = export.parent / "Provider reply.xlsx"
    return edited(export, target, {FEE: 140_000_000, NOTICE: 60, RATE: 0.12}, ramp={LEASE_SHEET: RAMP})


def plan_of(deal: Deal, path: Path) -> ImportPlan:
    return plan_import(deal, read_returned_workbook(path, deal))


def imported(deal: Deal, path: Path, **options: Any) -> ImportOutcome:
    return apply_import(deal, plan_of(deal, path), time="2026-11-25T10:00:00Z", **options)


EXPECTED_CHANGES = {"monthly_fee", "lessee_exit_notice_days", "ramp"}


def test_as_a_round_the_offer_takes_exactly_the_workbooks_changes(deal: Deal, returned: Path) -> None:
    outcome = imported(deal, returned)
    before, after = deal.offer("memphis"), outcome.deal.offer("memphis")
    assert after.monthly_fee == 140_000_000  # type: ignore[union-attr]
    assert after.lessee_exit.notice_days == 60  # type: ignore[union-attr]
    assert after.ramp == (RampStep(0, 30_000), RampStep(3, 60_000))  # type: ignore[union-attr]
    assert set(changed_terms(offer_terms_to_data(before), offer_terms_to_data(after))) == EXPECTED_CHANGES
    (round_,) = after.revisions
    assert round_.label == "Before Provider reply.xlsx"
    assert round_.side == "lessee" and after.proposed_by == "provider"  # the workbook is the provider's by default
    assert round_.terms == offer_terms_to_data(before)
    assert [o.id for o in outcome.deal.offers] == [o.id for o in deal.offers]
    assert outcome.deal.offer("hyperscaler") == deal.offer("hyperscaler")
    assert outcome.deal.offer("build") == deal.offer("build")
    # The default bridge (its latest round) shows exactly what the counterparty changed.
    assert set(bridge(outcome.deal, "memphis").changed) == {"fee", "lessee_exit", "capacity"}


def test_the_assumption_is_listed_not_applied(deal: Deal, returned: Path) -> None:
    outcome = imported(deal, returned)
    assert outcome.deal.assumptions == deal.assumptions
    assert outcome.assumptions_changed == {"discount_rate": (0.1, 0.12)}
    applied = imported(deal, returned, apply_assumptions=True)
    assert applied.deal.assumptions.discount_rate == 0.12


def test_the_json_says_what_changed(deal: Deal, returned: Path) -> None:
    data = imported(deal, returned).to_json_data("deal.leasedeal")
    assert data == {
        "deal": "deal.leasedeal",
        "offers": [
            {
                "id": "memphis",
                "as": "round",
                "changed": {
                    "monthly_fee": [150_000_000, 140_000_000],
                    "lessee_exit.notice_days": [90, 60],
                    "ramp": [[], [[0, 30_000], [3, 60_000]]],
                },
                "conflicts": {},
            }
        ],
        "ignored": [],
        "assumptions_changed": {"discount_rate": [0.1, 0.12]},
    }


def test_as_a_counter_a_new_offer_holds_the_workbooks_terms(deal: Deal, returned: Path) -> None:
    outcome = imported(deal, returned, taken_as="counter", side="lessee")
    assert outcome.deal.offer("memphis") == deal.offer("memphis")
    counter = outcome.deal.offers[-1]
    assert counter.id == "memphis-counter" and counter.counter_of == "memphis"
    assert counter.name == "Memphis lease (counter)" and counter.proposed_by == "lessee" and not counter.revisions
    changed = changed_terms(offer_terms_to_data(deal.offer("memphis")), offer_terms_to_data(counter))
    assert set(changed) == EXPECTED_CHANGES | {"name"}
    assert outcome.offers[0].offer_id == "memphis-counter" and outcome.offers[0].counter_of == "memphis"
    again = apply_import(outcome.deal, plan_of(outcome.deal, returned), taken_as="counter")
    assert again.deal.offers[-1].id == "memphis-counter-2"
    assert set(bridge(outcome.deal, "memphis-counter").changed) == {"fee", "lessee_exit", "capacity"}


def test_the_round_is_on_the_offers_side_when_it_has_one(deal: Deal, returned: Path) -> None:
    ours = dataclasses.replace(deal.offer("memphis"), proposed_by="provider")
    mine = dataclasses.replace(deal, offers=(ours, *deal.offers[1:]))
    after = imported(mine, returned).deal.offer("memphis")
    assert after.revisions[-1].side == "provider"
    assert after.proposed_by == "lessee"  # default: the other side of the offer's proposed_by


def test_a_term_changed_on_both_sides_is_a_conflict_kept_unless_taken(deal: Deal, returned: Path) -> None:
    memphis = deal.offer("memphis")
    assert isinstance(memphis, LeaseOffer)
    moved = dataclasses.replace(memphis, monthly_fee=145_000_000)
    ours = dataclasses.replace(deal, offers=(moved, *deal.offers[1:]))
    plan = plan_of(ours, returned)
    (conflict,) = plan.offers[0].with_status("conflict")
    assert (conflict.key, conflict.exported, conflict.current, conflict.workbook) == (
        "monthly_fee", 150_000_000, 145_000_000, 140_000_000
    )
    outcome = apply_import(ours, plan)
    assert outcome.deal.offer("memphis").monthly_fee == 145_000_000  # type: ignore[union-attr]
    assert outcome.to_json_data("x")["offers"][0]["conflicts"] == {
        "monthly_fee": [150_000_000, 145_000_000, 140_000_000]
    }
    assert outcome.deal.offer("memphis").lessee_exit.notice_days == 60  # type: ignore[union-attr]
    taken = apply_import(ours, plan, take_conflicts={("memphis", "monthly_fee")})
    assert taken.deal.offer("memphis").monthly_fee == 140_000_000  # type: ignore[union-attr]
    assert taken.offers[0].conflicts == {}


def test_the_same_change_on_both_sides_needs_nothing(deal: Deal, returned: Path) -> None:
    memphis = deal.offer("memphis")
    assert isinstance(memphis, LeaseOffer)
    moved = dataclasses.replace(memphis, monthly_fee=140_000_000)
    ours = dataclasses.replace(deal, offers=(moved, *deal.offers[1:]))
    keys = {change.key for change in plan_of(ours, returned).offers[0].changes}
    assert keys == {"lessee_exit.notice_days", "ramp"}


def test_a_bad_value_is_named_and_left_out_the_rest_taken(deal: Deal, export: Path, tmp_path: Path) -> None:
    path = edited(export, tmp_path / "bad.xlsx", {FEE: 140_000_000, NOTICE: -5, (LEASE_SHEET, "power_pue"): "high"})
    outcome = imported(deal, path)
    after = outcome.deal.offer("memphis")
    assert after.monthly_fee == 140_000_000 and after.lessee_exit.notice_days == 90  # type: ignore[union-attr]
    notice = next(text for text in outcome.ignored if "notice_days" in text)
    assert notice.startswith(f"'{LEASE_SHEET}'!B") and "must be >= 0 (got -5)" in notice
    assert any("power.pue" in text and "must be a number" in text for text in outcome.ignored)


def test_a_ramp_past_the_term_is_refused_with_the_rule(deal: Deal, export: Path, tmp_path: Path) -> None:
    path = edited(export, tmp_path / "ramp.xlsx", {FEE: 141_000_000}, ramp={LEASE_SHEET: [(0, 10), (50, 20)]})
    outcome = imported(deal, path)
    assert outcome.deal.offer("memphis").ramp == ()  # type: ignore[union-attr]
    assert outcome.deal.offer("memphis").monthly_fee == 141_000_000  # type: ignore[union-attr]
    assert any("ramp" in text and "before the end of the term" in text for text in outcome.ignored)


def test_dates_flags_and_self_build_terms_come_back(deal: Deal, export: Path, tmp_path: Path) -> None:
    path = edited(
        export,
        tmp_path / "more.xlsx",
        {
            (LEASE_SHEET, "start"): dt.datetime(2026, 9, 1),
            (LEASE_SHEET, "provider_exit_allowed"): False,
            (BUILD_SHEET, "gpu_capex"): 45_000,
        },
    )
    outcome = imported(deal, path)
    assert outcome.deal.offer("memphis").start == dt.date(2026, 9, 1)
    assert outcome.deal.offer("memphis").provider_exit.allowed is False  # type: ignore[union-attr]
    assert outcome.deal.offer("build").gpu_capex == 45_000  # type: ignore[union-attr]
    assert {o.offer_id for o in outcome.offers} == {"memphis", "build"}


def test_an_unchanged_workbook_changes_nothing(deal: Deal, export: Path) -> None:
    outcome = imported(deal, export)
    assert outcome.deal == deal and outcome.offers == () and outcome.ignored == ()


def test_added_and_renamed_sheets_are_listed_as_ignored(deal: Deal, export: Path, tmp_path: Path) -> None:
    def rename_and_add(book: Any) -> None:
        book[LEASE_SHEET].title = "Their version"
        book.create_sheet("My new offer")

    path = edited(export, tmp_path / "sheets.xlsx", {FEE: 139_000_000}, more=rename_and_add)
    outcome = imported(deal, path)
    assert outcome.deal.offer("memphis").monthly_fee == 139_000_000  # type: ignore[union-attr]
    assert any("renamed 'Their version'" in text for text in outcome.ignored)
    assert any("'My new offer'" in text and "ignored" in text for text in outcome.ignored)


def test_formulas_changed_outside_the_inputs_are_listed_as_ignored(deal: Deal, export: Path, tmp_path: Path) -> None:
    def overwrite(book: Any) -> None:
        named_cell(book, LEASE_SHEET, "pv_cost").value = 1  # a result formula typed over
        named_cell(book, LEASE_SHEET, "gpus").value = "=60000"  # a formula in an input cell is an input

    path = edited(export, tmp_path / "formulas.xlsx", {}, more=overwrite)
    (text,) = read_returned_workbook(path, deal).ignored
    assert f"formulas on the sheet '{LEASE_SHEET}' were changed" in text


def _uncached_formula(cell: str) -> Callable[[bytes], bytes]:
    def rewrite(xml: bytes) -> bytes:
        text = xml.decode()
        start = text.index(f'<c r="{cell}"')
        end = text.index("</c>", start) + len("</c>")
        return (text[:start] + f'<c r="{cell}"><f>100000000+40000000</f></c>' + text[end:]).encode()

    return rewrite


def _sheet_part(path: Path, title: str) -> str:
    deal = sample()
    index = [o.display_name for o in deal.offers].index(title) + 3
    with zipfile.ZipFile(path) as package:
        assert f"xl/worksheets/sheet{index}.xml" in package.namelist()
    return f"xl/worksheets/sheet{index}.xml"


def test_a_formula_input_reads_its_cached_value_or_is_refused_naming_the_cell(
    deal: Deal, export: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    fee_cell = load_workbook(export)[LEASE_SHEET].defined_names["monthly_fee"].attr_text.split("!")[1].replace("$", "")
    part = _sheet_part(export, LEASE_SHEET)
    uncached = repacked(export, tmp_path / "uncached.xlsx", replace={part: _uncached_formula(fee_cell)})
    outcome = imported(deal, uncached)
    assert outcome.deal == deal
    assert any(f"'{LEASE_SHEET}'!{fee_cell}" in text and "without a cached value" in text for text in outcome.ignored)

    def cached(xml: bytes) -> bytes:
        return _uncached_formula(fee_cell)(xml).replace(b"40000000</f></c>", b"40000000</f><v>140000000</v></c>")

    with_value = repacked(export, tmp_path / "cached.xlsx", replace={part: cached})
    assert imported(deal, with_value).deal.offer("memphis").monthly_fee == 140_000_000  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "engine",
    [pytest.param("libreoffice", marks=pytest.mark.libreoffice), pytest.param("gnumeric", marks=pytest.mark.gnumeric)],
)
def test_a_workbook_saved_again_by_a_spreadsheet_comes_back(
    deal: Deal, returned: Path, tmp_path: Path, engine: str
) -> None:
    """The counterparty's spreadsheet recalculates and saves: the record, the names and the values survive, and
    its own way of writing formulas is not taken for a change."""
    from excel_support import recalculate_with

    (saved,) = recalculate_with(engine, [returned], tmp_path)
    outcome = imported(deal, saved)
    assert outcome.ignored == ()
    after = outcome.deal.offer("memphis")
    assert after.monthly_fee == 140_000_000 and after.lessee_exit.notice_days == 60  # type: ignore[union-attr]
    assert after.ramp == (RampStep(0, 30_000), RampStep(3, 60_000))  # type: ignore[union-attr]
    assert outcome.assumptions_changed == {"discount_rate": (0.1, 0.12)}
