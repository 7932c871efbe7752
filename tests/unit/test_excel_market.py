"""The market view in the workbook (DESIGN.md 7): named market inputs, each offer sheet's market columns,
the Summary's equal-capacity formulas, and the lattice figures as labelled values. Without a market
none of it is written. (test_excel_recalc.py recalculates the formulas with LibreOffice and Gnumeric.)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from excel_support import key_rows, market_deal, market_figures, market_mismatches, sample_deal, summary_rows
from openpyxl import load_workbook

from leasedesk.core.comparison import compare
from leasedesk.core.market.metric_info import EQUAL_CAPACITY_KEYS, MARKET_METRIC_KEYS
from leasedesk.core.model import Deal
from leasedesk.excel import export_workbook
from leasedesk.excel.summary_market import LATTICE_NOTE
from leasedesk.excel.workbook import FIXED_SHEETS

MARKET_INPUTS = (
    "market_price_per_gpu_hour", "market_annual_change", "market_volatility", "market_required_gpus",
    "market_lessee_switching_cost", "market_provider_relet_cost",
)  # fmt: skip
MARKET_COLUMNS = ("Market price per GPU-hour (expected)", "Gap: required GPU-hours not delivered (in the horizon)",
                  "Gap bought at the market, present value")  # fmt: skip
LATTICE_KEYS = tuple(key for key in MARKET_METRIC_KEYS if key not in EQUAL_CAPACITY_KEYS)


def _export(deal: Deal, folder: Path, name: str) -> Path:
    path = folder / f"{name}.xlsx"
    export_workbook(deal, path)
    return path


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _export(sample_deal(), tmp_path_factory.mktemp("market"), "sample")


def test_the_market_inputs_are_named_cells_on_the_assumptions_sheet(sample_path: Path) -> None:
    book = load_workbook(sample_path)
    market = sample_deal().assumptions.market
    assert market is not None and market.required_gpus is None
    for name in MARKET_INPUTS:
        ((sheet, reference),) = book.defined_names[name].destinations
        assert sheet == "Assumptions"
        cell = book[sheet][reference.replace("$", "")]
        expected = getattr(market, name.removeprefix("market_"))
        assert cell.value == expected, name  # a blank cell for the required GPUs left to the default
        assert cell.font.color.rgb == "000000FF", name  # in the input style, also when blank


def test_required_gpus_is_the_input_or_the_largest_offer(sample_path: Path) -> None:
    book = load_workbook(sample_path)
    ((sheet, reference),) = book.defined_names["required_gpus"].destinations
    assert sheet == "Summary"
    formula = book[sheet][reference.replace("$", "")].value
    rows = key_rows(book["Summary"])
    assert formula == (
        f'=IF(COUNT(market_required_gpus)=0,IF(market_required_gpus="",MAX($C${rows["offer_gpus"]}:$E$'
        f'{rows["offer_gpus"]}),NA()),market_required_gpus)'
    )
    cached = load_workbook(sample_path, data_only=True)[sheet][reference.replace("$", "")].value
    assert cached == compare(sample_deal()).required_gpus == 60000


def test_each_offer_sheet_has_the_market_columns_and_equal_capacity_results_as_formulas(sample_path: Path) -> None:
    book = load_workbook(sample_path)
    cached_book = load_workbook(sample_path, data_only=True)
    comparison = compare(sample_deal())
    offer_sheets = [title for title in book.sheetnames if title not in FIXED_SHEETS]
    for result, title in zip(comparison.results, offer_sheets, strict=True):
        sheet = book[title]
        header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Month")
        titles = [sheet.cell(header, c).value for c in range(1, sheet.max_column + 1)]
        assert tuple(titles[-3:]) == MARKET_COLUMNS, title
        price = sheet.cell(header + 5, len(titles) - 2).value
        assert price == f"=market_price_per_gpu_hour*(1+market_annual_change)^(B{header + 5}/12)"
        for key in EQUAL_CAPACITY_KEYS:
            ((_, reference),) = sheet.defined_names[key].destinations
            assert str(sheet[reference.replace("$", "")].value).startswith("="), (title, key)
            cached = cached_book[title][reference.replace("$", "")].value
            assert cached == pytest.approx(result.equal_capacity[key], rel=1e-12), (title, key)


def test_the_summary_shows_equal_capacity_as_formulas_with_the_engines_figures_cached(sample_path: Path) -> None:
    sheet = load_workbook(sample_path)["Summary"]
    columns, rows = summary_rows(sample_path, data_only=False)
    for key in EQUAL_CAPACITY_KEYS:
        for column in columns.values():
            assert str(sheet.cell(rows[key], column).value).startswith("='"), key
    assert market_mismatches(market_figures(sample_path), compare(sample_deal())) == []


def test_the_lattice_figures_are_labelled_values_beside_the_market_inputs_they_come_from(sample_path: Path) -> None:
    sheet = load_workbook(sample_path)["Summary"]
    columns, rows = summary_rows(sample_path, data_only=False)
    comparison = compare(sample_deal())
    texts = {cell.value for row in sheet.iter_rows(max_col=2) for cell in row}
    assert LATTICE_NOTE in texts and "not a formula" in LATTICE_NOTE
    for key in LATTICE_KEYS:
        for offer_id, column in columns.items():
            value = sheet.cell(rows[key], column).value
            expected = comparison.market_metrics(offer_id)[key]
            assert value == (None if expected is None else pytest.approx(expected, rel=1e-12)), (offer_id, key)
    market = comparison.market
    assert market is not None
    for field in ("price_per_gpu_hour", "annual_change", "volatility", "lessee_switching_cost", "provider_relet_cost"):
        assert sheet.cell(rows[f"lattice_market_{field}"], 3).value == getattr(market, field)


def test_without_a_market_nothing_of_it_is_written(tmp_path: Path) -> None:
    deal = sample_deal()
    plain = dataclasses.replace(deal, assumptions=dataclasses.replace(deal.assumptions, market=None))
    path = _export(plain, tmp_path, "plain")
    book = load_workbook(path)
    assert not [name for name in book.defined_names if "market" in name or name == "required_gpus"]
    rows = key_rows(book["Summary"])
    assert not set(rows) & {*MARKET_METRIC_KEYS, "required_gpus", "offer_gpus"}
    for title in [title for title in book.sheetnames if title not in FIXED_SHEETS]:
        sheet = book[title]
        assert not set(MARKET_COLUMNS) & {c.value for row in sheet.iter_rows() for c in row}, title
        assert not set(EQUAL_CAPACITY_KEYS) & set(sheet.defined_names), title


def test_a_given_requirement_is_a_plain_input(tmp_path: Path) -> None:
    deal = market_deal()
    path = _export(deal, tmp_path, "market")
    book = load_workbook(path)
    ((sheet, reference),) = book.defined_names["market_required_gpus"].destinations
    assert book[sheet][reference.replace("$", "")].value == 120
    assert market_mismatches(market_figures(path), compare(deal)) == []
