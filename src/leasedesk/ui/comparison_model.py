"""The comparison as a Qt table: offers as columns, the terms and then the metrics as rows.

A thin adapter over ``core.comparison.Comparison``: the text comes from ``core``
(``term_rows``, ``format_metric``), the best value of each row from
``core.metric_info.best_offer_ids``, the break-even headroom from the comparison. Raw
values sit in ``RAW_VALUE_ROLE`` for sorting and copying; offer ids in ``OFFER_ID_ROLE``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication

from leasedesk.core.formatting import format_metric, format_money
from leasedesk.core.metric_info import METRICS, best_offer_ids
from leasedesk.core.model import LeaseOffer, Offer
from leasedesk.core.terms.kinds import kind_of, offer_kind_words
from leasedesk.core.terms.rows import term_rows
from leasedesk.ui import theme

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison

ROW_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
RAW_VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
OFFER_ID_ROLE = Qt.ItemDataRole.UserRole + 3
IS_BEST_ROLE = Qt.ItemDataRole.UserRole + 4
IS_BASELINE_ROLE = Qt.ItemDataRole.UserRole + 5
ROW_KIND_ROLE = Qt.ItemDataRole.UserRole + 6  # "term", "metric", "headroom"; market: "heading", "rank", "market"

HEADROOM_KEY = "breakeven_headroom"
ModelIndex = QModelIndex | QPersistentModelIndex
Raw = float | int | str | None


@dataclass(frozen=True)
class Cell:
    text: str
    raw: Raw
    best: bool = False
    tooltip: str = ""
    sign: int = 0  # headroom: +1 beats the baseline, -1 costs more


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    kind: str
    description: str
    cells: tuple[Cell, ...]


def _iso(date: object) -> str:
    return date.isoformat() if isinstance(date, dt.date) else ""


# Raw values of the term rows: what the term is, unformatted (text rows keep their words). The rows
# that differ by kind take theirs from the kind's entry (None where the kind has no such term).
_SHARED_RAW: dict[str, Callable[[Offer], Raw]] = {
    "kind": lambda o: o.kind,
    "gpus": lambda o: o.gpus,
    "start": lambda o: _iso(o.start),
    "availability": lambda o: o.availability,
}
_KIND_RAW = frozenset({"monthly_fee", "price_per_gpu_hour", "capex", "end", "term", "escalator"})


def _term_raw(key: str, offer: Offer, hours: float, text: str) -> Raw:
    shared = _SHARED_RAW.get(key)
    if shared is not None:
        return shared(offer)
    if key in _KIND_RAW:
        return kind_of(offer).row_values(offer, hours).get(key)
    return text


def build_rows(comparison: Comparison) -> list[Row]:
    deal = comparison.deal
    offers = [r.offer for r in comparison.results]
    hours = deal.assumptions.hours_per_month
    rows: list[Row] = []
    for term in term_rows(deal):
        cells = tuple(
            Cell(term.values[o.id], _term_raw(term.key, o, hours, term.values[o.id]), tooltip=term.values[o.id])
            for o in offers
        )
        rows.append(Row(term.key, term.label, "term", "", cells))
    for info in METRICS:
        values = comparison.metric_values(info.key)
        best = best_offer_ids(values, info.key)
        metric_cells: list[Cell] = []
        for result in comparison.results:
            value = values[result.offer_id]
            text = format_metric(info.key, value, deal.currency, deal.assumptions.analysis_start)
            tip = _breakeven_tip(result.offer, value, comparison) if info.key == "breakeven_fee" else ""
            metric_cells.append(Cell(text, value, best=result.offer_id in best, tooltip=tip))
        rows.append(Row(info.key, info.label, "metric", info.description, tuple(metric_cells)))
        if info.key == "breakeven_fee":
            rows.append(_headroom_row(comparison))
    from leasedesk.ui.comparison_market import market_rows  # it builds on Row and Cell of this module

    rows.extend(market_rows(comparison))
    return rows


def _breakeven_tip(offer: Offer, value: float | None, comparison: Comparison) -> str:
    if value is None or not isinstance(offer, LeaseOffer) or comparison.baseline_id is None:
        return ""
    currency = comparison.deal.currency
    baseline = comparison.deal.offer(comparison.baseline_id).display_name
    return (f"At {format_money(value, currency)} a month this lease costs the same per GPU-hour as "
            f"{baseline}. Offered: {format_money(offer.monthly_fee, currency)} a month.")


def _headroom_row(comparison: Comparison) -> Row:
    currency = comparison.deal.currency
    cells = []
    for result in comparison.results:
        headroom = result.breakeven_headroom
        if headroom is None:
            cells.append(Cell("—", None))
            continue
        amount = format_money(abs(headroom), currency)
        if headroom >= 0:
            tip = f"The offered fee is {amount} a month below break-even: the lease beats the baseline."
        else:
            tip = f"The offered fee is {amount} a month above break-even: the lease costs more than the baseline."
        cells.append(Cell(format_money(headroom, currency), headroom, tooltip=tip, sign=1 if headroom >= 0 else -1))
    description = "Break-even fee minus the offered fee: positive means the lease beats the baseline."
    return Row(HEADROOM_KEY, "  Headroom vs offered fee", "headroom", description, tuple(cells))


class ComparisonModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._comparison: Comparison | None = None
        self._rows: list[Row] = []
        self._offers: list[Offer] = []
        self._baseline: str | None = None

    @property
    def comparison(self) -> Comparison | None:
        return self._comparison

    def set_comparison(self, comparison: Comparison | None) -> None:
        """A new comparison: in place (dataChanged) when only figures and terms changed, so the
        view keeps its layout and live typing stays fast; a reset when offers or rows changed."""
        if comparison is not None and self._same_shape(comparison):
            self._comparison = comparison
            self._rows = build_rows(comparison)
            self._offers = [r.offer for r in comparison.results]
            last = self.index(len(self._rows) - 1, len(self._offers) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._offers) - 1)
            return
        self.beginResetModel()
        self._comparison = comparison
        self._rows = build_rows(comparison) if comparison is not None and comparison.results else []
        self._offers = [r.offer for r in comparison.results] if comparison is not None and self._rows else []
        self._baseline = comparison.baseline_id if comparison is not None else None
        self.endResetModel()

    def _same_shape(self, comparison: Comparison) -> bool:
        previous = self._comparison
        return (
            previous is not None
            and bool(self._rows)
            and comparison.baseline_id == self._baseline
            and [r.offer_id for r in comparison.results] == [o.id for o in self._offers]
            and comparison.deal.assumptions == previous.deal.assumptions
            and comparison.deal.currency == previous.deal.currency
            and comparison.deal.name == previous.deal.name
        )

    def row_keys(self) -> list[str]:
        return [row.key for row in self._rows]

    def row_of(self, key: str) -> int:
        return self.row_keys().index(key)

    def column_of(self, offer_id: str) -> int:
        return [o.id for o in self._offers].index(offer_id)

    def offer_ids(self) -> list[str]:
        return [o.id for o in self._offers]

    def offer_names(self) -> list[str]:
        return [o.display_name + (" (baseline)" if o.id == self._baseline else "") for o in self._offers]

    def _rank_of(self, column: int) -> int | None:
        """The offer's place in the Market view's Rank row (None without a market or without the figure)."""
        rank = next((row.cells[column].raw for row in self._rows if row.kind == "rank"), None)
        return rank if isinstance(rank, int) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._offers)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self._offers)):
            return None
        row = self._rows[index.row()]
        cell = row.cells[index.column()]
        offer = self._offers[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == RAW_VALUE_ROLE:
            return cell.raw
        if role == Qt.ItemDataRole.ToolTipRole:
            mark = "Best in this row. " if cell.best else ""
            return (mark + cell.tooltip).strip() or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignLeft if row.kind == "term" else Qt.AlignmentFlag.AlignRight
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and cell.best:
            font = QFont()
            font.setBold(True)
            return font
        palette = QGuiApplication.palette()
        if role == Qt.ItemDataRole.BackgroundRole and cell.best:
            return theme.best_background(palette)
        if role == Qt.ItemDataRole.ForegroundRole and cell.sign:
            return theme.good_color(palette) if cell.sign > 0 else theme.bad_color(palette)
        if role == ROW_KEY_ROLE:
            return row.key
        if role == ROW_KIND_ROLE:
            return row.kind
        if role == OFFER_ID_ROLE:
            return offer.id
        if role == IS_BEST_ROLE:
            return cell.best
        if role == IS_BASELINE_ROLE:
            return offer.id == self._baseline
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._offers):
                return None
            offer = self._offers[section]
            is_baseline = offer.id == self._baseline
            rank = self._rank_of(section)
            if role == Qt.ItemDataRole.DisplayRole:
                kind = offer_kind_words(offer) + (" · baseline" if is_baseline else "")
                ranked = f"#{rank} " if rank is not None else ""  # the Market view's rank, in sight without scrolling
                return f"{ranked}{offer.display_name}\n{kind}"
            if role == Qt.ItemDataRole.ToolTipRole:
                mark = ": the baseline every lease is compared with" if is_baseline else ""
                ranked = f"\nRank {rank} of {len(self._offers)} in the Market view" if rank is not None else ""
                return f"{offer.display_name} (id {offer.id}){mark}{ranked}"
            if role == OFFER_ID_ROLE:
                return offer.id
            if role == IS_BASELINE_ROLE:
                return is_baseline
            if role == Qt.ItemDataRole.FontRole and is_baseline:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if not 0 <= section < len(self._rows):
            return None
        row = self._rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.description or None
        if role == ROW_KEY_ROLE:
            return row.key
        if role == ROW_KIND_ROLE:
            return row.kind
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.kind == "heading":
            font = QFont()
            font.setBold(True)
            return font
        return None


def _tsv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return " ".join(str(value).split())


def table_as_tsv(model: ComparisonModel, raw: bool = False) -> str:
    """The whole table as tab-separated text: a header of offer names, a row of ids, then every row.

    ``raw=False`` copies the text as shown (for an email); ``raw=True`` the unformatted values
    (numbers a spreadsheet can compute with).
    """
    role = RAW_VALUE_ROLE if raw else Qt.ItemDataRole.DisplayRole
    columns = range(model.columnCount())
    names = [_tsv_cell(name) for name in model.offer_names()]
    lines = ["\t".join(["", *names]), "\t".join(["id", *model.offer_ids()])]
    for r in range(model.rowCount()):
        label = _tsv_cell(model.headerData(r, Qt.Orientation.Vertical))
        key = model.headerData(r, Qt.Orientation.Vertical, ROW_KEY_ROLE) if raw else None
        cells = [_tsv_cell(model.index(r, c).data(role)) for c in columns]
        lines.append("\t".join([key or label, *cells]))
    return "\n".join(lines) + "\n"
