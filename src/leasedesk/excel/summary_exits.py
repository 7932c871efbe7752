"""The Summary's last block: each lease's exit curve by notice month, and its chart.

A row per notice month m holds m (column A), a label, and per lease a formula that reads the
lease sheet's exit-cost column. openpyxl writes the first row (which fixes each cell's style); the
other rows are rendered as SpreadsheetML with the engine's figures as cached results, while the
package is written (``LaterRows``), like the offer sheets' schedules: 1,000 leases over 600 months
would otherwise hold half a million cells in memory twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from openpyxl.chart import Reference
from openpyxl.utils.cell import get_column_letter

from leasedesk.core.model import LeaseOffer
from leasedesk.excel.cells import CachedValue, safe_text
from leasedesk.excel.charts import ChartSeries, exit_curve_chart, money_axis_format
from leasedesk.excel.names import name_ref
from leasedesk.excel.offer_sheet import EXIT_COST_NAME
from leasedesk.excel.schedule import ROW, ROWS_PER_CHUNK, cached_xml
from leasedesk.excel.styles import INTEGER, KEY_FONT, currency_literal

if TYPE_CHECKING:
    from leasedesk.excel.summary_sheet import OfferColumn, SummaryWriter

KEY_COLUMN, LABEL_COLUMN = 1, 2
SECTION = "Lessee's exit curve: cost of walking away if notice is given at the start of lease month m"


def label(month: int) -> str:
    return f"Notice in lease month {month}"


@dataclass(frozen=True)
class _ExitColumn:
    letter: str
    pattern: str  # the formula with ROW for the row's number, XML-escaped, without its "="
    cached: dict[int, float]
    style: str


@dataclass
class LaterRows:
    """The exit table's rows after its first, rendered when asked; ``dimension`` is the Summary's used range."""

    first: int
    months: int
    key_style: str
    label_style: str
    columns: list[_ExitColumn]
    dimension: str

    def __call__(self) -> Iterator[str]:
        pattern = self._row_pattern()
        for start in range(1, self.months, ROWS_PER_CHUNK):
            months = range(start, min(start + ROWS_PER_CHUNK, self.months))
            fields = [[str(m) for m in months], [escape(label(m)) for m in months]]
            for column in self.columns:
                fields.extend(_cached_pieces(column.cached, months))
            rows = zip(months, zip(*fields, strict=True), strict=True)
            yield "".join([pattern.replace(ROW, str(self.first + m)) % values for m, values in rows])

    def _row_pattern(self) -> str:
        """One row as a %-pattern with ``ROW`` for its number; its fields: the month, its label, and each
        column's type attribute and <v> element (one % per row of 1,000 leases: 750 formula cells)."""
        parts = [
            f'<row r="{ROW}"><c r="A{ROW}"{self.key_style} t="n"><v>%s</v></c>',
            f'<c r="B{ROW}"{self.label_style} t="inlineStr"><is><t>%s</t></is></c>',
        ]
        for column in self.columns:
            formula = column.pattern.replace("%", "%%")
            parts.append(f'<c r="{column.letter}{ROW}"{column.style}%s><f>{formula}</f>%s</c>')
        parts.append("</row>")
        return "".join(parts)


_BLANK = cached_xml("")  # a month past the curve: the formula's empty text


def _cached_pieces(cached: dict[int, float], months: range) -> tuple[list[str], list[str]]:
    """Per month, the type attribute and <v> element of a column's cached result."""
    kinds, elements = [], []
    for m in months:
        value = cached.get(m)
        if value is None:
            kinds.append(_BLANK[0])
            elements.append(_BLANK[1])
        elif value - value == 0.0:  # finite: the common case, inline
            kinds.append("")
            elements.append(f"<v>{value!r}</v>")
        else:
            kind, element = cached_xml(value)
            kinds.append(kind)
            elements.append(element or "<v></v>")
    return kinds, elements


def write_exit_table(summary: SummaryWriter, row: int, chart_rows: int) -> LaterRows | None:
    """The exit block from ``row``: its first month's row through openpyxl, the chart; the rows after it are
    returned to be written with the package (None when there are none)."""
    leases = [item for item in summary.columns if item.result.exit_curve is not None and len(item.result.exit_curve)]
    if not leases:
        summary.section(row, "Lessee's exit curves: no lease gives the lessee an exit right")
        return None
    months = max(int(item.result.exit_curve.notice_months[-1]) + 1 for item in leases if item.result.exit_curve)
    chart_row = row + 1  # below the other charts, on the same printed page
    row += 1 + chart_rows
    summary.section(row, SECTION)
    first = row + 1
    writer = summary.writer
    key = writer.value(first, KEY_COLUMN, 0, INTEGER, font=KEY_FONT)
    text = writer.text(first, LABEL_COLUMN, label(0))
    columns = [
        _exit_column(summary, item, first)
        for item in summary.columns
        if isinstance(item.result.offer, LeaseOffer)
    ]
    _exit_chart(summary, leases, first, chart_row)
    last_column = get_column_letter(writer.ws.max_column)
    return LaterRows(
        first=first,
        months=months,
        key_style=_style(int(key.style_id)),
        label_style=_style(int(text.style_id)),
        columns=columns,
        dimension=f"A1:{last_column}{first + months - 1}",
    )


def _style(style_id: int) -> str:
    return f' s="{style_id}"' if style_id else ""


def _exit_column(summary: SummaryWriter, item: OfferColumn, first: int) -> _ExitColumn:
    start, rows = item.result_ref("start_month"), item.result_ref("schedule_rows")
    column = name_ref(item.layout.title, EXIT_COST_NAME)
    curve = item.result.exit_curve
    cached: dict[int, float] = {}
    if curve is not None:
        cached = {int(m): float(x) for m, x in zip(curve.notice_months, curve.cost, strict=True)}
    index = f"{start}+$A{ROW}+1"  # the row's month m, in column A (ROW: its number; no sheet name holds it)
    pattern = f'IF({index}>{rows},"",INDEX({column},{index}))'
    first_value: CachedValue = cached.get(0, "")
    cell = summary.writer.formula(
        first, item.column, "=" + pattern.replace(ROW, str(first)), first_value, summary.formats.money
    )
    return _ExitColumn(item.letter, escape(pattern), cached, _style(int(cell.style_id)))


def _exit_chart(summary: SummaryWriter, leases: list[OfferColumn], first: int, chart_row: int) -> None:
    ws = summary.writer.ws
    series = []
    for item in leases:
        curve = item.result.exit_curve
        assert curve is not None
        low, high = first + int(curve.notice_months[0]), first + int(curve.notice_months[-1])
        series.append(
            ChartSeries(
                name_cell=summary.name_cell(item),
                name=safe_text(item.result.offer.display_name),
                values=Reference(ws, min_col=item.column, min_row=low, max_row=high),
                cached=[float(x) for x in curve.cost],
                x_values=Reference(ws, min_col=KEY_COLUMN, min_row=low, max_row=high),
                x_cached=[float(m) for m in curve.notice_months],
            )
        )
    largest = max(float(abs(item.result.exit_curve.cost).max()) for item in leases if item.result.exit_curve)
    axis = money_axis_format(currency_literal(summary.comparison.deal.currency), largest)
    ws.add_chart(exit_curve_chart(series, axis, summary.chart_caches), f"B{chart_row}")
