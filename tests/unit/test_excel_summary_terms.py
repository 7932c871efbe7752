"""The Summary's term rows and headline block follow the inputs: engines recalculate edited workbooks.

The sample's workbook has inputs changed by their defined names (as a recipient would change them), is
recalculated by LibreOffice and by Gnumeric, and the Summary's term rows must read the new terms; the
expected texts and numbers are worked out by hand from the edits. The headline's ranks and break-even
fees must equal the engine's for the same edits, and the best marks' condition must agree with
core.best_marks before and after an edit that makes the offers deliver unequal GPU-hours.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from deal_builders import build_deal, lease
from excel_support import close, key_rows, recalculate_with, sample_deal, soffice, ssconvert, summary_rows
from openpyxl import load_workbook
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import get_column_letter
from openpyxl.workbook.workbook import Workbook

from leasedesk.core.best_marks import TOTALS_NEED_EQUAL_HOURS, marked_best
from leasedesk.core.comparison import compare
from leasedesk.core.model import Deal, ExitRight, LeaseOffer, PowerTerms
from leasedesk.excel import export_workbook
from leasedesk.excel.summary_terms import exit_text

MEMPHIS, HYPERSCALER, BUILD = "Memphis lease", "Hyperscaler 3-year", "Build in Memphis"
ENGINE_PARAMS = [
    pytest.param("libreoffice", marks=pytest.mark.libreoffice),
    pytest.param("gnumeric", marks=pytest.mark.gnumeric),
]

# (sheet, defined name, new value), as a recipient types them
EDITS: tuple[tuple[str, str, object], ...] = (
    (HYPERSCALER, "monthly_fee", 100e6),
    (HYPERSCALER, "availability", 0.98),
    (HYPERSCALER, "lessee_exit_notice_days", 1),
    (MEMPHIS, "term_months", 30),
    (MEMPHIS, "escalator", 0.025),
    (MEMPHIS, "lessee_exit_notice_days", 60),
    (MEMPHIS, "lessee_exit_lock_in_months", 0),
    (MEMPHIS, "lessee_exit_termination_fee", 5e7),
    (MEMPHIS, "provider_exit_allowed", False),
    (MEMPHIS, "power_included", False),
    (MEMPHIS, "power_kw_per_gpu", 1.5),
    (MEMPHIS, "power_pue", 1.25),
    (MEMPHIS, "power_price_per_kwh", 0.0725),
    (BUILD, "build_months", 1),
)

# What the Summary must then show, worked out by hand from EDITS (offer id -> row key -> value)
EXPECTED: dict[str, dict[str, object]] = {
    "hyperscaler": {
        "monthly_fee": 100e6,
        "price_per_gpu_hour": 100e6 / (60000 * 730),  # 2.2831...: the fee over GPUs x hours a month
        "availability": 0.98,
        "lessee_exit": "1 day's notice after month 18, $250,000,000 fee",
        "provider_exit": "none",
        "power": "passed through: 2 kW/GPU at PUE 1.2, 6.80¢/kWh",
        "term": 36,
    },
    "memphis": {
        "monthly_fee": 150e6,
        "term": 30,
        "end": dt.datetime(2028, 12, 1),  # Jul 2026 + 29 months
        "escalator": 0.025,
        "lessee_exit": "60 days' notice at any time, $50,000,000 fee",
        "provider_exit": "none",
        "power": "passed through: 1.5 kW/GPU at PUE 1.25, 7.25¢/kWh",
        "first_capacity_date": dt.datetime(2026, 7, 1),  # month 0: the analysis start
    },
    "build": {
        "term": "owned; 1 month to build",
        "end": dt.datetime(2026, 8, 1),  # online a month after its Jul 2026 start
        "first_capacity_date": dt.datetime(2026, 8, 1),  # first capacity at month 1, read as its month
        "power": "own: 2 kW/GPU at PUE 1.2, 6.80¢/kWh",
        "monthly_fee": "—",
    },
}


def replace_offer(deal: Deal, offer_id: str, **changes: Any) -> Deal:
    offers = tuple(dataclasses.replace(o, **changes) if o.id == offer_id else o for o in deal.offers)
    return dataclasses.replace(deal, offers=offers)


def edited_deal() -> Deal:
    """The sample with EDITS applied in the model, for the engine's figures."""
    deal = sample_deal()
    hyperscaler, memphis = deal.offer("hyperscaler"), deal.offer("memphis")
    assert isinstance(hyperscaler, LeaseOffer) and isinstance(memphis, LeaseOffer)
    deal = replace_offer(
        deal, "hyperscaler", monthly_fee=100e6, availability=0.98,
        lessee_exit=dataclasses.replace(hyperscaler.lessee_exit, notice_days=1),
    )
    deal = replace_offer(
        deal, "memphis", term_months=30, escalator=0.025, lessee_exit=ExitRight(True, 0, 60, 5e7),
        provider_exit=dataclasses.replace(memphis.provider_exit, allowed=False),
        power=PowerTerms(False, 1.5, 1.25, 0.0725, memphis.power.escalator),
    )
    return replace_offer(deal, "build", build_months=1)


def set_named(book: Workbook, sheet: str, name: str, value: object) -> None:
    ((title, reference),) = book[sheet].defined_names[name].destinations
    book[title][reference.replace("$", "")].value = value


# --- without an engine ------------------------------------------------------------------------------------------


def test_term_rows_are_formulas_over_the_offers_names_with_number_formats(tmp_path: Path) -> None:
    path = tmp_path / "sample.xlsx"
    export_workbook(sample_deal(), path)
    summary = load_workbook(path)["Summary"]
    columns, rows = summary_rows(path, data_only=False)
    fee = summary.cell(row=rows["monthly_fee"], column=columns["hyperscaler"])
    assert fee.value == f"='{HYPERSCALER}'!monthly_fee" and fee.number_format.startswith('"$"#,##0')
    start = summary.cell(row=rows["start"], column=columns["memphis"])
    assert start.value == f"='{MEMPHIS}'!start" and start.number_format == "mmm yyyy"
    for key in ("gpus", "price_per_gpu_hour", "end", "term", "escalator", "lessee_exit", "availability", "power"):
        for offer_id in ("memphis", "hyperscaler"):
            cell = summary.cell(row=rows[key], column=columns[offer_id])
            assert str(cell.value).startswith("=") and f"'{MEMPHIS if offer_id == 'memphis' else HYPERSCALER}'!" in str(
                cell.value
            ), (key, offer_id, cell.value)
    cached = load_workbook(path, data_only=True)["Summary"]
    shown = cached.cell(row=rows["lessee_exit"], column=columns["hyperscaler"]).value
    assert shown == "180 days' notice after month 18, $250,000,000 fee"  # the sample's terms, as a viewer shows them
    assert cached.cell(row=rows["kind"], column=columns["build"]).value == "Self-build"  # not an input: text


@pytest.mark.parametrize(
    ("right", "words"),
    [
        (ExitRight(False, 3, 90, 0), "none"),
        (ExitRight(True, 0, 1, 0), "1 day's notice at any time, no fee"),
        (ExitRight(True, 2, 30.4375, 1234.4), "30.4375 days' notice after month 2, $1,234 fee"),
    ],
)
def test_exit_words_match_the_formulas_conventions(right: ExitRight, words: str) -> None:
    assert exit_text(right, "$") == words


def test_the_headline_block_sits_above_the_terms_and_labels_its_sentence(tmp_path: Path) -> None:
    path = tmp_path / "sample.xlsx"
    export_workbook(sample_deal(), path)
    summary = load_workbook(path)["Summary"]
    columns, rows = summary_rows(path, data_only=False)
    assert rows["headline_sentence"] < rows["headline_rank"] < rows["kind"] < rows["total_cost"]
    label = summary.cell(row=rows["headline_sentence"], column=2).value
    assert "as written at export" in str(label).lower() and "does not recalculate" in str(label)
    sentence = summary.cell(row=rows["headline_sentence"], column=3)
    assert sentence.data_type == "s" and "cheapest" in str(sentence.value)
    rank = summary.cell(row=rows["headline_rank"], column=columns["build"]).value
    metric_row = rows["equal_capacity_per_gpu_hour"]
    span = f"$C${metric_row}:$E${metric_row}"
    assert rank == f'=IF(ISNUMBER(E{metric_row}),1+SUMPRODUCT(ISNUMBER({span})*({span}<E{metric_row})),"")'
    breakeven = summary.cell(row=rows["headline_breakeven_fee"], column=columns["memphis"]).value
    assert breakeven == f'=IF(C{rows["breakeven_fee"]}="","",C{rows["breakeven_fee"]})'
    assert summary.cell(row=rows["headline_breakeven_fee"], column=columns["build"]).value is None  # the baseline


# --- recalculated by LibreOffice and Gnumeric -------------------------------------------------------------------


def _mark_probes(book: Workbook, keys: tuple[str, ...]) -> dict[tuple[str, int], str]:
    """Each best-mark condition of the rows ``keys``, copied into a cell below the Summary for every offer column
    (so the engine evaluates it); returns (key, column) -> the probe cell."""
    summary = book["Summary"]
    rows = key_rows(summary)
    probes: dict[tuple[str, int], str] = {}
    probe_row = summary.max_row + 5
    for rule_range in summary.conditional_formatting:
        first = str(rule_range.sqref).split(":")[0]
        key = next((k for k in keys if f"C{rows[k]}" == first), None)
        if key is None:
            continue
        (rule,) = rule_range.rules
        for column in range(3, summary.max_column + 1):
            if summary.cell(row=rows["offer_id"], column=column).value is None:
                continue
            target = f"{get_column_letter(column)}{rows[key]}"
            cell = summary.cell(row=probe_row, column=column)
            cell.value = "=" + Translator("=" + rule.formula[0], origin=first).translate_formula(target)[1:]
            probes[(key, column)] = cell.coordinate
        probe_row += 1
    return probes


@pytest.fixture(scope="module", params=ENGINE_PARAMS)
def engine(request: pytest.FixtureRequest) -> str:
    (soffice if request.param == "libreoffice" else ssconvert)()  # skip, or fail where CI requires it
    return str(request.param)


def test_an_edited_term_shows_on_the_summary_after_recalculation(engine: str, tmp_path: Path) -> None:
    exported = tmp_path / "sample.xlsx"
    export_workbook(sample_deal(), exported)
    book = load_workbook(exported)  # openpyxl drops every cached result: what is read back is the engine's
    for sheet, name, value in EDITS:
        set_named(book, sheet, name, value)
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    (recalculated,) = recalculate_with(engine, [edited], tmp_path / engine)

    summary = load_workbook(recalculated, data_only=True)["Summary"]
    columns, rows = summary_rows(recalculated)
    for offer_id, expected in EXPECTED.items():
        for key, value in expected.items():
            got = summary.cell(row=rows[key], column=columns[offer_id]).value
            if isinstance(value, float | int) and not isinstance(value, bool):
                assert isinstance(got, float | int) and close(float(got), float(value)), (offer_id, key, got)
            else:
                assert got == value, (offer_id, key, got)

    comparison = compare(edited_deal())
    order = comparison.ranking()
    for offer_id, column in columns.items():
        rank = summary.cell(row=rows["headline_rank"], column=column).value
        assert rank == order.index(offer_id) + 1, (offer_id, rank, order)
        breakeven = comparison.result(offer_id).metrics["breakeven_fee"]
        shown = summary.cell(row=rows["headline_breakeven_fee"], column=column).value
        if breakeven is None:
            assert shown in (None, ""), (offer_id, shown)
        else:
            assert isinstance(shown, float | int) and close(float(shown), breakeven), (offer_id, shown)


def two_leases(gpus_b: int = 10) -> Deal:
    return build_deal(
        lease("a", gpus=10, term_months=12, monthly_fee=1000),
        lease("b", gpus=gpus_b, term_months=12, monthly_fee=1100),
        horizon_months=12,
    )


def test_total_marks_follow_the_gpu_hours_rule_after_an_edit(engine: str, tmp_path: Path) -> None:
    """Equal GPU-hours: the cheaper total is marked. One offer's GPUs cut by a tenth in the workbook: the totals
    lose their marks, the cost per GPU-hour keeps its mark; as core.best_marks decides for the same deals."""
    exported = tmp_path / "two.xlsx"
    export_workbook(two_leases(), exported)
    keys = (*sorted(TOTALS_NEED_EQUAL_HOURS), "cost_per_gpu_hour")
    workbooks = {}
    for name, gpus_b in (("equal", None), ("unequal", 9)):
        book = load_workbook(exported)
        if gpus_b is not None:
            set_named(book, "Lease b", "gpus", gpus_b)
        probes = _mark_probes(book, keys)
        workbooks[name] = (tmp_path / f"{name}.xlsx", probes, two_leases(gpus_b or 10))
        book.save(workbooks[name][0])
    outputs = recalculate_with(engine, [path for path, _p, _d in workbooks.values()], tmp_path / engine)
    for (name, (_path, probes, deal)), output in zip(workbooks.items(), outputs, strict=True):
        summary = load_workbook(output, data_only=True)["Summary"]
        columns, _rows = summary_rows(output)
        comparison = compare(deal)
        for key in keys:
            marked = {offer_id for offer_id, column in columns.items() if summary[probes[(key, column)]].value is True}
            assert marked == marked_best(comparison, key), (name, key, marked)
        if name == "equal":
            assert marked_best(comparison, "total_cost") == {"a"}  # the rule has something to mark
        else:
            assert marked_best(comparison, "total_cost") == set() and marked_best(comparison, "cost_per_gpu_hour")
