"""The Negotiation sheet: there only when a deal has something to show, holding core's values exactly,
user text as text, and written with operations a write-only worksheet has."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from deal_builders import build_deal, lease, self_build
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from openxml_audit import FileFormat, OpenXmlValidator
from openxml_audit.errors import ValidationSeverity

from leasedesk.core.model import Deal
from leasedesk.core.negotiation.bridge import bridge
from leasedesk.core.negotiation.overview import negotiation_overview
from leasedesk.core.negotiation.sensitivity import sensitivity
from leasedesk.core.negotiation.term_values import term_values
from leasedesk.excel import export_workbook
from leasedesk.excel.export_record import RECORD_SHEET
from leasedesk.excel.negotiation_sheet import SHEET, write_negotiation_sheet
from leasedesk.excel.styles import formats_for

HOSTILE_LABEL = '=SUM(1)+HYPERLINK("x")'
HOSTILE_NAME = '=HYPERLINK("http://x")'
PRINTED = 1e-15  # openpyxl writes a float to 16 significant digits, not always the shortest exact form
EXPORTED_AT = dt.datetime(2026, 11, 26, 3, 0, tzinfo=dt.UTC)


Rows = list[tuple[Any, ...]]


def round_of(offer: dict[str, Any], label: str, side: str = "provider") -> dict[str, Any]:
    terms = {k: v for k, v in offer.items() if k != "id"}
    return {"label": label, "side": side, "time": "2026-01-02T03:04:05Z", "terms": terms}


def negotiated_deal() -> Deal:
    """A lease with two rounds (the first labelled like a formula), a self-build baseline, and a counter."""
    ask = lease("mine", name=HOSTILE_NAME, monthly_fee=1300, term_months=4)
    second = lease("mine", name=HOSTILE_NAME, monthly_fee=1100, term_months=5)
    mine = lease(
        "mine", name=HOSTILE_NAME, monthly_fee=1000, term_months=5, escalator=0.02, proposed_by="lessee",
        revisions=[round_of(ask, HOSTILE_LABEL), round_of(second, "Lessee counter", "lessee")],
    )  # fmt: skip
    build = self_build("build", gpu_capex=200, staff_per_month=100)
    return build_deal(mine, build, lease("other", monthly_fee=1500), baseline="build")


def rows_of(ws: Worksheet) -> Rows:
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def table_after(rows: Rows, header_first: str, start: int = 0) -> tuple[int, dict[str, tuple[Any, ...]]]:
    """The rows under the first header row (column A = ``header_first``) at or after ``start``, by column A, up
    to the next row with nothing past column A (an empty row or a note)."""
    index = next(i for i in range(start, len(rows)) if rows[i][0] == header_first)
    table: dict[str, tuple[Any, ...]] = {}
    for row in rows[index + 1 :]:
        if all(value is None for value in row[1:]):
            break
        table[str(row[0])] = row
    return index, table


@pytest.fixture(scope="module")
def deal() -> Deal:
    return negotiated_deal()


@pytest.fixture(scope="module")
def path(deal: Deal, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("negotiation") / "negotiation.xlsx"
    export_workbook(deal, path, exported_at=EXPORTED_AT)
    return path


@pytest.fixture(scope="module")
def sheet(path: Path) -> Worksheet:
    return load_workbook(path)[SHEET]


def test_the_sheet_comes_after_the_offer_sheets_and_before_about(path: Path) -> None:
    names = load_workbook(path).sheetnames
    assert names[-3:] == [SHEET, "About", RECORD_SHEET]


@pytest.mark.parametrize(
    "deal",
    [
        build_deal(lease("a"), lease("b")),  # no rounds, no counter, no baseline
        build_deal(self_build("build"), self_build("other")),  # no lease
        build_deal(lease("a")),
    ],
)
def test_no_sheet_without_rounds_counters_or_a_lease_besides_the_baseline(deal: Deal, tmp_path: Path) -> None:
    export_workbook(deal, tmp_path / "plain.xlsx")
    assert SHEET not in load_workbook(tmp_path / "plain.xlsx").sheetnames


def test_a_counter_alone_makes_the_sheet(tmp_path: Path) -> None:
    deal = build_deal(lease("ask"), lease("mine", monthly_fee=900, counter_of="ask"))
    export_workbook(deal, tmp_path / "counter.xlsx")
    rows = rows_of(load_workbook(tmp_path / "counter.xlsx")[SHEET])
    assert ("Counters offer", "ask") in [row[:2] for row in rows]
    _, clauses = table_after(rows, "Clause")
    assert clauses["fee"][1] == pytest.approx(bridge(deal, "mine").metrics[0].contributions["fee"], rel=PRINTED)


def test_it_says_its_values_are_computed_at_export_not_formulas(sheet: Worksheet) -> None:
    assert sheet["A1"].value == "Negotiation"
    note = str(sheet["A2"].value)
    assert "computed by LeaseDesk at export (2026-11-26 03:00 UTC), not formulas" in note
    assert "Summary" in note
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_bridge_rows_are_core_bridge(deal: Deal, sheet: Worksheet) -> None:
    expected = bridge(deal, "mine")
    rows = rows_of(sheet)
    assert ("Bridge from", "Lessee counter", "to the current terms") in [row[:3] for row in rows]
    _, table = table_after(rows, "Clause")
    labels = list(table)
    assert (labels[0], labels[-1]) == ("Before", "After")
    assert [c for c in table if c not in ("Before", "After")] == list(expected.changed) == ["fee", "escalator"]
    for column, metric in enumerate(expected.metrics, start=1):
        assert table["Before"][column] == pytest.approx(metric.before, rel=PRINTED, abs=0)
        assert table["After"][column] == pytest.approx(metric.after, rel=PRINTED, abs=0)
        for clause, contribution in metric.contributions.items():
            assert table[clause][column] == pytest.approx(contribution, rel=PRINTED, abs=0), (clause, metric.key)
    assert any("do not depend on the order" in str(row[0]) for row in rows)


def test_the_term_value_rows_are_core_term_values(deal: Deal, sheet: Worksheet) -> None:
    expected = term_values(deal, "mine")
    index, _ = table_after(rows_of(sheet), "Term")  # the round history comes first ...
    _, table = table_after(rows_of(sheet), "Term", index + 1)  # ... then the term values
    assert list(table) == [step.term for step in expected.steps]
    keys = expected.metric_keys
    for step in expected.steps:
        row = table[step.term]
        assert row[1] == step.step
        assert list(row[2 : 2 + len(keys)]) == pytest.approx([step.changes[k] for k in keys], rel=PRINTED, abs=0)
        assert row[2 + len(keys)] == pytest.approx(step.fee_equivalent, rel=PRINTED, abs=0)


def test_the_round_history_lists_each_changed_term_then_and_now(sheet: Worksheet) -> None:
    rows = rows_of(sheet)
    index = next(i for i, row in enumerate(rows) if row[0] == "Term")
    history = [row[:6] for row in rows[index + 1 : index + 6]]
    assert history == [
        ("Fee escalator per lease year", 0, 0.02, HOSTILE_LABEL, "provider", "2026-01-02 03:04:05 UTC"),
        ("Monthly fee (all committed GPUs)", 1300, 1000, HOSTILE_LABEL, "provider", "2026-01-02 03:04:05 UTC"),
        ("Term (months)", 4, 5, HOSTILE_LABEL, "provider", "2026-01-02 03:04:05 UTC"),
        ("Fee escalator per lease year", 0, 0.02, "Lessee counter", "lessee", "2026-01-02 03:04:05 UTC"),
        ("Monthly fee (all committed GPUs)", 1100, 1000, "Lessee counter", "lessee", "2026-01-02 03:04:05 UTC"),
    ]
    assert rows[index + 6][0] is None


def test_each_lease_but_the_baseline_has_its_tornado(deal: Deal, sheet: Worksheet) -> None:
    rows = rows_of(sheet)
    start = 0
    for offer_id, name in (("mine", HOSTILE_NAME), ("other", "Lease other")):
        expected = sensitivity(deal, offer_id)
        heading = next(i for i in range(start, len(rows)) if rows[i][:2] == (name, "Advantage now"))
        assert rows[heading][2] == pytest.approx(expected.advantage, rel=PRINTED, abs=0)
        _, table = table_after(rows, "Input", heading)
        assert list(table) == [bar.input for bar in expected.tornado]
        for bar in expected.tornado:
            figures = (bar.low, bar.high, bar.advantage_low, bar.advantage_high, bar.swing)
            assert table[bar.input][1:6] == pytest.approx(figures, rel=PRINTED, abs=0)
        start = heading + 1


def test_user_text_that_looks_like_a_formula_stays_text(sheet: Worksheet) -> None:
    found = [cell for row in sheet.iter_rows() for cell in row if cell.value in (HOSTILE_LABEL, HOSTILE_NAME)]
    assert {cell.value for cell in found} == {HOSTILE_LABEL, HOSTILE_NAME}
    assert all(cell.data_type == "s" for cell in found)


def test_money_and_prices_carry_the_workbook_formats(deal: Deal, sheet: Worksheet) -> None:
    formats = formats_for(deal.currency)
    rows = list(sheet.iter_rows())
    before = next(row for row in rows if row[0].value == "Before")
    assert before[1].number_format == formats.money  # present value of cost
    assert before[2].number_format == formats.price  # cost per GPU-hour


def test_it_writes_the_same_to_a_write_only_worksheet(deal: Deal, sheet: Worksheet) -> None:
    book = Workbook(write_only=True)
    ws = book.create_sheet(SHEET)
    write_negotiation_sheet(ws, negotiation_overview(deal), deal, EXPORTED_AT)
    buffer = io.BytesIO()
    book.save(buffer)
    streamed = load_workbook(io.BytesIO(buffer.getvalue()))[SHEET]
    assert rows_of(streamed) == rows_of(sheet)
    assert streamed.column_dimensions["A"].width == sheet.column_dimensions["A"].width
    texts = [cell for row in streamed.iter_rows() for cell in row if cell.value == HOSTILE_LABEL]
    assert texts and all(cell.data_type == "s" for cell in texts)


def test_the_workbook_with_the_sheet_has_no_schema_error(path: Path) -> None:
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=200).validate(path)
    errors = [e.description for e in result.errors if e.severity is ValidationSeverity.ERROR]
    assert errors == []
