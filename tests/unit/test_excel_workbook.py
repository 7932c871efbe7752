"""The exported workbook's structure: sheets, defined names, inputs, formulas, cached results, write errors.

No spreadsheet engine here (test_excel_recalc.py recalculates with LibreOffice): these read the file
back with openpyxl, as a viewer that does not recalculate would.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]
from excel_support import key_rows, mismatches, sample_deal, scenario_deals, summary_figures, summary_rows
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from leasedesk.atomic import WriteError
from leasedesk.core.comparison import compare
from leasedesk.core.metric_info import METRIC_KEYS
from leasedesk.core.model import Deal, LeaseOffer
from leasedesk.excel import export_workbook
from leasedesk.excel.export_record import RECORD_SHEET

ASSUMPTION_INPUTS = (
    "discount_rate",
    "rate_convention",
    "payment_timing",
    "hours_per_month",
    "analysis_start",
    "horizon_months",
)
LEASE_INPUTS = (
    "monthly_fee", "gpus", "term_months", "start", "escalator", "fee_basis", "upfront_fee", "deposit", "availability",
    "power_included", "power_kw_per_gpu", "power_pue", "power_price_per_kwh", "power_escalator",
    "lessee_exit_allowed", "lessee_exit_lock_in_months", "lessee_exit_notice_days", "lessee_exit_termination_fee",
    "provider_exit_allowed", "provider_exit_lock_in_months", "provider_exit_notice_days",
    "provider_exit_termination_fee",
)  # fmt: skip
BUILD_INPUTS = (
    "gpus", "start", "gpu_capex", "kw_per_gpu", "pue", "facility_capex_per_mw", "build_months",
    "electricity_price_per_kwh", "power_escalator", "staff_per_month", "maintenance_pct", "it_life_years",
    "facility_life_years", "availability", "bridge_price_per_gpu_hour",
)  # fmt: skip
# Functions that Excel and LibreOffice 7.4 both have; the workbook may use no other.
ALLOWED_FUNCTIONS = {
    "ABS", "AND", "COUNT", "COUNTIF", "EDATE", "FIXED", "IF", "INDEX", "INT", "ISLOGICAL", "ISNUMBER", "MAX", "MIN",
    "MONTH", "NA", "NOT", "OR", "SUM", "SUMPRODUCT", "TEXT", "YEAR",
}  # fmt: skip
BLUE = "000000FF"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("excel") / "memphis.xlsx"
    export_workbook(sample_deal(), path)
    return path


@pytest.fixture(scope="module")
def sample_book(sample_path: Path) -> Workbook:
    return load_workbook(sample_path)


def named_cell(book: Workbook, name: str, sheet: str | None = None) -> object:
    names = book.defined_names if sheet is None else book[sheet].defined_names
    ((title, reference),) = names[name].destinations
    return book[title][reference.replace("$", "")]


def offer_sheet_titles(book: Workbook) -> list[str]:
    fixed = ("Summary", "Assumptions", "Negotiation", "About", RECORD_SHEET)
    return [title for title in book.sheetnames if title not in fixed]


def test_sheets_are_summary_assumptions_one_per_offer_negotiation_and_about(sample_book: Workbook) -> None:
    assert sample_book.sheetnames == ["Summary", "Assumptions", "Memphis lease", "Hyperscaler 3-year",
                                      "Build in Memphis", "Negotiation", "About", RECORD_SHEET]  # fmt: skip
    assert sample_book.active.title == "Summary"


def test_assumptions_are_workbook_names_holding_the_deal_values(sample_book: Workbook) -> None:
    deal = sample_deal()
    a = deal.assumptions
    expected = {
        "discount_rate": a.discount_rate,
        "rate_convention": a.rate_convention,
        "payment_timing": a.payment_timing,
        "hours_per_month": a.hours_per_month,
        "horizon_months": a.horizon_months,
    }
    for name, value in expected.items():
        cell = named_cell(sample_book, name)
        assert cell.value == value, name  # type: ignore[attr-defined]
        assert cell.font.color.rgb == BLUE, name  # type: ignore[attr-defined]
    assert named_cell(sample_book, "analysis_start").value.date() == a.analysis_start  # type: ignore[attr-defined]
    assert named_cell(sample_book, "monthly_rate").data_type == "f"  # type: ignore[attr-defined]


def test_offer_terms_are_sheet_names_after_the_deal_file_keys(sample_book: Workbook) -> None:
    deal = sample_deal()
    memphis, hyperscaler, build = offer_sheet_titles(sample_book)
    for title in (memphis, hyperscaler):
        assert set(LEASE_INPUTS) <= set(sample_book[title].defined_names), title
        assert {"ramp_month", "ramp_gpus"} <= set(sample_book[title].defined_names)
        for key in LEASE_INPUTS:
            assert named_cell(sample_book, key, title).font.color.rgb == BLUE, (title, key)  # type: ignore[attr-defined]
    assert set(BUILD_INPUTS) <= set(sample_book[build].defined_names)
    lease = deal.offer("hyperscaler")
    assert isinstance(lease, LeaseOffer)
    assert named_cell(sample_book, "monthly_fee", hyperscaler).value == lease.monthly_fee  # type: ignore[attr-defined]
    assert named_cell(sample_book, "lessee_exit_notice_days", hyperscaler).value == 180  # type: ignore[attr-defined]
    assert named_cell(sample_book, "power_included", hyperscaler).value is False  # type: ignore[attr-defined]
    assert named_cell(sample_book, "fee_basis", hyperscaler).value == "delivered"  # type: ignore[attr-defined]
    assert named_cell(sample_book, "pue", build).value == 1.2  # type: ignore[attr-defined]
    ((title, ramp),) = sample_book[hyperscaler].defined_names["ramp_gpus"].destinations
    ramp_cells = [row[0].value for row in sample_book[title][ramp.replace("$", "")]]
    assert ramp_cells[:3] == [20000, 40000, 60000]
    assert all(value is None for value in ramp_cells[3:])  # spare rows for more steps


LIST_INPUTS = {"rate_convention": ("effective", "nominal"), "payment_timing": ("advance", "arrears")}
LEASE_LIST_INPUTS = {"fee_basis": ("committed", "delivered")}
YES_NO_INPUTS = ("power_included", "lessee_exit_allowed", "provider_exit_allowed")


def validation_of(book: Workbook, name: str, sheet: str | None = None) -> DataValidation:
    names = book.defined_names if sheet is None else book[sheet].defined_names
    ((title, reference),) = names[name].destinations
    coordinate = reference.replace("$", "")
    (validation,) = [v for v in book[title].data_validations.dataValidation if coordinate in v.sqref]
    return validation


def assert_refuses_other_entries(validation: DataValidation) -> None:
    """An entry outside the rule is refused with a message (Excel and LibreOffice show it on entry)."""
    assert validation.showErrorMessage, validation
    assert validation.errorStyle in (None, "stop"), validation  # "stop" is the schema's default
    assert validation.error and "#N/A" in validation.error
    assert not validation.allow_blank


def test_list_inputs_refuse_any_other_word_on_entry(sample_book: Workbook) -> None:
    for name, words in LIST_INPUTS.items():
        validation = validation_of(sample_book, name)
        assert validation.type == "list" and validation.formula1 == '"' + ",".join(words) + '"', name
        assert_refuses_other_entries(validation)
    for title in offer_sheet_titles(sample_book)[:2]:  # the leases
        for name, words in LEASE_LIST_INPUTS.items():
            validation = validation_of(sample_book, name, title)
            assert validation.type == "list" and validation.formula1 == '"' + ",".join(words) + '"', name
            assert_refuses_other_entries(validation)


def test_yes_no_inputs_refuse_anything_but_true_or_false_on_entry(sample_book: Workbook) -> None:
    for title in offer_sheet_titles(sample_book)[:2]:
        for name in YES_NO_INPUTS:
            validation = validation_of(sample_book, name, title)
            ((_, reference),) = sample_book[title].defined_names[name].destinations
            assert validation.type == "custom", (title, name)
            assert validation.formula1 == f"ISLOGICAL({reference.replace('$', '')})", (title, name)
            assert_refuses_other_entries(validation)


def test_derived_cells_are_formulas_and_results_are_not_inputs(sample_book: Workbook) -> None:
    for title in offer_sheet_titles(sample_book):
        for key in ("start_month", "pv_cost", "total_cost", "min_commitment", "schedule_ok"):
            cell = named_cell(sample_book, key, title)
            assert cell.data_type == "f", (title, key)  # type: ignore[attr-defined]
            assert cell.font.color is None or cell.font.color.rgb != BLUE  # type: ignore[attr-defined]


def test_every_summary_metric_is_a_formula_or_blank_where_it_cannot_apply(sample_path: Path) -> None:
    sheet = load_workbook(sample_path)["Summary"]
    columns, rows = summary_rows(sample_path, data_only=False)
    assert list(columns) == ["memphis", "hyperscaler", "build"]
    assert rows["offer_name"] == rows["offer_id"] + 1
    for key in METRIC_KEYS:
        for offer_id, column in columns.items():
            cell = sheet.cell(row=rows[key], column=column)
            if key == "breakeven_fee" and offer_id == "build":  # the baseline itself
                assert cell.value is None
            else:
                assert cell.data_type == "f", (key, offer_id)
    assert sheet.cell(row=rows["offer_name"], column=columns["memphis"]).value == "Memphis lease"
    assert sheet.cell(row=rows["pv_cost"], column=1).font.color.rgb != "FF000000"  # grey key


CROSS_SHEET = re.compile(r"'((?:[^']|'')+)'!(\$?[A-Z]{1,3}\$?\d+|[A-Za-z_][A-Za-z0-9_.]*)")


def test_summary_formulas_read_other_sheets_through_their_names(sample_path: Path, sample_book: Workbook) -> None:
    """An auditor reads 'Memphis lease'!pv_cost, never 'Memphis lease'!$B$47."""
    summary = sample_book["Summary"]
    references = [
        (cell.coordinate, sheet, target)
        for row in summary.iter_rows()
        for cell in row
        if cell.data_type == "f"
        for sheet, target in CROSS_SHEET.findall(str(cell.value))
    ]
    assert len(references) > 100
    for coordinate, sheet, target in references:
        title = sheet.replace("''", "'")
        assert target in sample_book[title].defined_names, (coordinate, sheet, target)


def test_exit_curve_rows_reference_their_month_cell(sample_path: Path) -> None:
    summary = load_workbook(sample_path)["Summary"]
    rows = [row for row in range(1, summary.max_row + 1) if str(summary.cell(row, 2).value).startswith("Notice in")]
    assert len(rows) == 42
    for row in rows:
        month = summary.cell(row, 1)
        assert month.value == rows.index(row)
        formula = str(summary.cell(row, 3).value)
        assert f"start_month+$A{row}+1" in formula, formula
        assert "exit_cost_by_month" in formula, formula


def test_formulas_use_only_shared_functions_and_no_array_formulas(sample_path: Path) -> None:
    book = load_workbook(sample_path)
    used: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert isinstance(cell.value, str), f"{sheet.title}!{cell.coordinate} is an array formula"
                    assert not cell.value.startswith("=="), f"{sheet.title}!{cell.coordinate}: {cell.value}"
                    used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", cell.value))
    assert used <= ALLOWED_FUNCTIONS, used - ALLOWED_FUNCTIONS
    assert "SUMPRODUCT" in used


def test_cells_store_formulas_without_a_leading_equals_sign(sample_path: Path) -> None:
    formulas = []
    with zipfile.ZipFile(sample_path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/sheet"):
                formulas += [f.text or "" for f in fromstring(package.read(name)).iter(f"{{{MAIN_NS}}}f")]
    assert len(formulas) > 1000
    assert [text for text in formulas if text.startswith("=")] == []


def test_workbook_recalculates_on_open_and_records_version_and_time(sample_path: Path) -> None:
    with zipfile.ZipFile(sample_path) as package:
        workbook_xml = package.read("xl/workbook.xml").decode("utf-8")
    assert re.search(r'<calcPr[^>]*fullCalcOnLoad="1"', workbook_xml)
    about = load_workbook(sample_path)["About"]
    texts = [cell.value for row in about.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any(text.startswith("LeaseDesk 0.") for text in texts)
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", text) for text in texts)
    assert sample_deal().notes in texts


def test_formats_currency_percent_dates_and_frozen_panes(sample_book: Workbook) -> None:
    summary = sample_book["Summary"]
    rows = key_rows(summary)
    assert summary.cell(row=rows["pv_cost"], column=3).number_format.startswith('"$"#,##0')
    assert summary.freeze_panes == "C5"
    assert summary.page_setup.orientation == "landscape"
    assert summary.print_title_rows == "$3:$4"
    assert named_cell(sample_book, "discount_rate").number_format.endswith("%")  # type: ignore[attr-defined]
    assert named_cell(sample_book, "analysis_start").is_date  # type: ignore[attr-defined]


def test_other_currencies_show_in_the_money_format(tmp_path: Path) -> None:
    deal = sample_deal()
    path = tmp_path / "eur.xlsx"
    export_workbook(Deal(deal.name, deal.assumptions, deal.offers, currency="EUR"), path)
    summary = load_workbook(path)["Summary"]
    rows = key_rows(summary)
    assert summary.cell(row=rows["total_cost"], column=3).number_format.startswith('"€"#,##0')


@pytest.mark.parametrize("scenario", list(scenario_deals()))
def test_cached_results_equal_the_engine_before_any_recalculation(scenario: str, tmp_path: Path) -> None:
    deal = scenario_deals()[scenario]
    path = tmp_path / f"{scenario}.xlsx"
    export_workbook(deal, path)
    figures = summary_figures(path)
    assert mismatches(figures, compare(deal)) == []
    assert all(figures[r.offer_id]["pv_cost"] is not None for r in compare(deal).results)


def test_offer_sheets_carry_cached_results_too(sample_path: Path, sample_book: Workbook) -> None:
    values = load_workbook(sample_path, data_only=True)
    comparison = compare(sample_deal())
    for title, result in zip(offer_sheet_titles(sample_book), comparison.results, strict=True):
        for key in ("pv_cost", "total_cost", "min_commitment"):
            ((_, reference),) = sample_book[title].defined_names[key].destinations
            assert values[title][reference.replace("$", "")].value == pytest.approx(result.metrics[key], rel=1e-12)


def test_a_deal_without_offers_exports(tmp_path: Path) -> None:
    deal = Deal("Empty", sample_deal().assumptions)
    path = tmp_path / "empty.xlsx"
    export_workbook(deal, path)
    assert load_workbook(path).sheetnames == ["Summary", "Assumptions", "About", RECORD_SHEET]


def test_export_refuses_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "deal.xlsx"
    with pytest.raises(WriteError, match="does not exist"):
        export_workbook(sample_deal(), target)
    assert not target.parent.exists()


def test_export_refuses_a_file_as_folder_and_a_folder_as_target(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    with pytest.raises(WriteError):
        export_workbook(sample_deal(), not_a_folder / "deal.xlsx")
    with pytest.raises(WriteError):
        export_workbook(sample_deal(), tmp_path)


def test_export_refuses_a_folder_the_system_will_not_write_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unwritable folder, as the operating system reports it (also when running as root)."""
    target = tmp_path / "deal.xlsx"
    target.write_bytes(b"the old workbook")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("leasedesk.atomic.tempfile.mkstemp", refuse)
    with pytest.raises(WriteError, match="Permission denied"):
        export_workbook(sample_deal(), target)
    assert target.read_bytes() == b"the old workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deal.xlsx"]


def test_export_replaces_an_existing_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "deal.xlsx"
    target.write_bytes(b"old")
    export_workbook(sample_deal(), target)
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == ["deal.xlsx"]
