"""The comparison as a Qt table: offers as columns, the deciding figures, the terms, the other metrics and
the Market view as rows.

A thin adapter over ``core.comparison.Comparison``: the cells come from ``comparison_cells``
(words and figures from ``core``; the rows from ``TERM_ROWS`` and ``METRICS``, so a new metric
key shows without a change here) and, with a market, ``comparison_market`` (the offers' ranks in
their headers); the order of the rows and their foldable groups from ``comparison_layout`` (the
deciding figures first); the best value of each row from ``core.best_marks.marked_best`` (the one
rule: a total is not marked while the offers deliver unequal GPU-hours, and the tooltip of its
cells says why, ``unmarked_reason``), the Rank row's first place from ``market_best``. Raw values sit
in ``RAW_VALUE_ROLE`` for sorting and copying; offer ids in ``OFFER_ID_ROLE``. Which groups are
folded is the model's too (the heading's label shows it); the view hides their rows.

An edit updates what changed: the columns of the offers whose figures or terms changed are
rebuilt, an added or deleted offer is a column inserted or removed, and ``dataChanged``
covers the cells that read differently (run by run within a column). The Market view rows
depend on every offer, so they are worked out again in every column on each update. Another
deal, baseline or assumptions reset the model.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QPalette

from leasedesk.core.best_marks import marked_best, unmarked_reason
from leasedesk.core.formatting import elide_middle
from leasedesk.core.metric_info import HEADROOM_KEY as HEADROOM_KEY  # the row's key, for the view and tests
from leasedesk.core.model import Offer
from leasedesk.core.terms.kinds import offer_kind_words
from leasedesk.ui import theme
from leasedesk.ui.comparison_cells import Cell, Row, build_column
from leasedesk.ui.comparison_layout import HIDDEN_KEYS, comparison_rows
from leasedesk.ui.comparison_market import HEADING_KIND, MARKET_KIND, RANK_KIND, market_best, market_cell, market_rank

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison, OfferResult

ROW_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
RAW_VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
OFFER_ID_ROLE = Qt.ItemDataRole.UserRole + 3
IS_BEST_ROLE = Qt.ItemDataRole.UserRole + 4
IS_BASELINE_ROLE = Qt.ItemDataRole.UserRole + 5
ROW_KIND_ROLE = Qt.ItemDataRole.UserRole + 6  # "term", "metric", "headroom", "heading"; market: "rank", "market"
ROW_GROUP_ROLE = Qt.ItemDataRole.UserRole + 7  # the foldable group of the row (comparison_layout); "" for none

# Plain ints: data() runs for every role of every painted cell, and comparing ints is cheapest.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ModelIndex = QModelIndex | QPersistentModelIndex


def _rows_of(comparison: Comparison) -> list[Row]:
    """The table's rows, the deciding figures first (``comparison_layout``)."""
    return comparison_rows(comparison)


_SHARED_KINDS = frozenset({HEADING_KIND, RANK_KIND, MARKET_KIND})  # cells not of one offer alone


def _shared_cell(comparison: Comparison, row: Row, offer_id: str) -> Cell:
    """A heading's empty cell, or a Market view cell (it depends on every offer)."""
    if row.kind == HEADING_KIND:
        return Cell("", None)
    return market_cell(comparison, row.key, offer_id)


def _context(comparison: Comparison) -> tuple[object, ...]:
    """What every cell depends on besides its own offer: a change here resets the model."""
    deal = comparison.deal
    baseline = next((o.display_name for o in deal.offers if o.id == comparison.baseline_id), None)
    return deal.name, deal.currency, deal.assumptions, comparison.baseline_id, baseline


@dataclass(frozen=True)
class _Column:
    """One offer's column and what it was built from (the offer object and its metrics)."""

    offer: Offer
    metrics: dict[str, float | None]
    cells: list[Cell]  # top to bottom, best values not marked

    def is_current(self, result: OfferResult) -> bool:
        return result.offer is self.offer and result.metrics == self.metrics


HEADER_NAME_LENGTH = 20  # about a column's width at the default font; the tooltip holds the whole name


class ComparisonModel(QAbstractTableModel):
    """``folding_changed`` when a group is folded or unfolded."""

    folding_changed = Signal()
    comparison_changed = Signal()  # after every set_comparison, whatever changed

    def __init__(self) -> None:
        super().__init__()
        self._comparison: Comparison | None = None
        self._context: tuple[object, ...] | None = None
        self._rows: list[Row] = []
        self._columns: list[_Column] = []
        self._best: list[set[str]] = []  # per row: the offer ids marked best
        self._unmarked: list[str | None] = []  # per row: why a ranked row carries no mark (its cells' tooltip)
        self._own_rows: list[int] = []  # the rows whose cells depend on their offer alone
        self._shared_rows: list[int] = []  # headings and the Market view's rows (they depend on every offer)
        self._market_rows: list[int] = []  # the Market view's rows, without its heading
        self._folded: set[str] = set()
        self._ranks: dict[str, int | None] = {}  # offer id -> its place in the Market view (market_rank)
        self._baseline: str | None = None
        self._bold: QFont | None = None

    @property
    def comparison(self) -> Comparison | None:
        return self._comparison

    def set_comparison(self, comparison: Comparison | None) -> None:
        """Show ``comparison``, updating only what changed since the last one (see the module's docstring)."""
        self._set_comparison(comparison)
        self.comparison_changed.emit()

    def _set_comparison(self, comparison: Comparison | None) -> None:
        if (comparison is None or not comparison.results or not self._columns or _context(comparison) != self._context
                or [row.key for row in _rows_of(comparison)] != self.row_keys()):
            self._reset(comparison)
            return
        old_ids = self.offer_ids()
        new_ids = [r.offer_id for r in comparison.results]
        if new_ids == old_ids:
            self._update(comparison)
        elif len(new_ids) == len(old_ids) + 1 and _drop(new_ids, _difference(old_ids, new_ids)) == old_ids:
            column = _difference(old_ids, new_ids)
            self.beginInsertColumns(QModelIndex(), column, column)
            self._comparison = comparison
            self._columns.insert(column, self._column(comparison.results[column], comparison))
            self.endInsertColumns()
            self._update(comparison)
        elif len(new_ids) == len(old_ids) - 1 and _drop(old_ids, _difference(new_ids, old_ids)) == new_ids:
            column = _difference(new_ids, old_ids)
            self.beginRemoveColumns(QModelIndex(), column, column)
            self._comparison = comparison
            del self._columns[column]
            self.endRemoveColumns()
            self._update(comparison)
        else:
            self._reset(comparison)

    def _reset(self, comparison: Comparison | None) -> None:
        self.beginResetModel()
        self._comparison = comparison
        has_offers = comparison is not None and bool(comparison.results)
        self._context = _context(comparison) if comparison is not None and has_offers else None
        self._baseline = comparison.baseline_id if comparison is not None else None
        self._rows = _rows_of(comparison) if comparison is not None and has_offers else []
        self._shared_rows = [i for i, row in enumerate(self._rows) if row.kind in _SHARED_KINDS]
        self._own_rows = [i for i, row in enumerate(self._rows) if row.kind not in _SHARED_KINDS]
        self._market_rows = [i for i in self._shared_rows if self._rows[i].kind != HEADING_KIND]
        self._columns = [self._column(r, comparison) for r in comparison.results] if comparison and has_offers else []
        self._best = self._best_by_row(comparison) if comparison is not None and has_offers else []
        self._unmarked = self._unmarked_by_row(comparison) if comparison is not None and has_offers else []
        self._ranks = self._ranks_of(comparison) if comparison is not None and has_offers else {}
        self.endResetModel()

    def _column(self, result: OfferResult, comparison: Comparison) -> _Column:
        own = build_column(result, comparison, [self._rows[i] for i in self._own_rows])
        cells = self._with_shared(dict(zip(self._own_rows, own, strict=True)), result.offer_id, comparison)
        return _Column(result.offer, dict(result.metrics), cells)

    def _with_shared(self, own: dict[int, Cell], offer_id: str, comparison: Comparison) -> list[Cell]:
        """The column top to bottom: ``own`` cells (by row) and the shared ones worked out now."""
        shared = {i: _shared_cell(comparison, self._rows[i], offer_id) for i in self._shared_rows}
        return [own[i] if i in own else shared[i] for i in range(len(self._rows))]

    def _best_by_row(self, comparison: Comparison) -> list[set[str]]:
        return [
            marked_best(comparison, row.key) if row.kind in ("metric", MARKET_KIND)
            else market_best(comparison, row.key) if row.kind == RANK_KIND
            else set()
            for row in self._rows
        ]

    def _unmarked_by_row(self, comparison: Comparison) -> list[str | None]:
        return [unmarked_reason(comparison, row.key) if row.kind in ("metric", MARKET_KIND) else None
                for row in self._rows]

    def _ranks_of(self, comparison: Comparison) -> dict[str, int | None]:
        return {r.offer_id: market_rank(comparison, r.offer_id) for r in comparison.results}

    def _update(self, comparison: Comparison) -> None:
        """Same offers in the same order: rebuild the columns whose offer or figures changed, and in
        every column the Market view block (its cells depend on all offers), and announce, column by
        column, the rows that read differently; the best marks and the headers' ranks too."""
        self._comparison = comparison
        changed: dict[int, set[int]] = {}
        ranks = self._ranks_of(comparison)
        for column, result in enumerate(comparison.results):
            previous = self._columns[column]
            if previous.is_current(result):  # only its Market view cells may read differently
                fresh = previous
                market = {i: _shared_cell(comparison, self._rows[i], result.offer_id) for i in self._market_rows}
                if any(cell != previous.cells[i] for i, cell in market.items()):
                    cells = [market.get(i, cell) for i, cell in enumerate(previous.cells)]
                    fresh = dataclasses.replace(previous, cells=cells)
            else:
                fresh = self._column(result, comparison)
            self._columns[column] = fresh
            rows = set() if fresh is previous else {
                r for r, (a, b) in enumerate(zip(previous.cells, fresh.cells, strict=True)) if a != b}
            if rows:
                changed[column] = rows
            if (result.offer.display_name != previous.offer.display_name or result.offer.kind != previous.offer.kind
                    or ranks[result.offer_id] != self._ranks.get(result.offer_id)):
                self._ranks[result.offer_id] = ranks[result.offer_id]
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)
        self._ranks = ranks
        best = self._best_by_row(comparison)
        unmarked = self._unmarked_by_row(comparison)
        columns = {offer_id: column for column, offer_id in enumerate(self.offer_ids())}
        for row, (before, after) in enumerate(zip(self._best, best, strict=True)):
            for offer_id in (before ^ after) & columns.keys():
                changed.setdefault(columns[offer_id], set()).add(row)
            if unmarked[row] != self._unmarked[row]:  # the tooltip of the whole row
                for column in columns.values():
                    changed.setdefault(column, set()).add(row)
        self._best = best
        self._unmarked = unmarked
        for column, rows in sorted(changed.items()):
            for top, bottom in _runs(sorted(rows)):  # the cells that changed, not the strip between them
                self.dataChanged.emit(self.index(top, column), self.index(bottom, column))

    def row_keys(self) -> list[str]:
        return [row.key for row in self._rows]

    # ----- folding groups of rows -----
    def folded_groups(self) -> frozenset[str]:
        return frozenset(self._folded)

    def is_folded(self, group: str) -> bool:
        return group in self._folded

    def set_folded(self, group: str, folded: bool) -> None:
        """Fold or unfold ``group``: its heading stays, the view hides its other rows."""
        if folded == (group in self._folded):
            return
        if folded:
            self._folded.add(group)
        else:
            self._folded.discard(group)
        for row, spec in enumerate(self._rows):
            if spec.kind == HEADING_KIND and spec.group == group:
                self.headerDataChanged.emit(Qt.Orientation.Vertical, row, row)
        self.folding_changed.emit()

    def row_is_folded(self, row: int) -> bool:
        """Whether ``row`` is out of sight in a folded group (a heading never is)."""
        spec = self._rows[row]
        return spec.kind != HEADING_KIND and spec.group in self._folded

    def row_label(self, row: int) -> str:
        """The row's name, without the fold mark of a heading."""
        return self._rows[row].label

    def group_of_heading(self, row: int) -> str | None:
        """The group a heading row folds; None for any other row."""
        if not 0 <= row < len(self._rows):
            return None
        spec = self._rows[row]
        return spec.group if spec.kind == HEADING_KIND and spec.group else None

    def row_of(self, key: str) -> int:
        return self.row_keys().index(key)

    def column_of(self, offer_id: str) -> int:
        return self.offer_ids().index(offer_id)

    def offers(self) -> list[Offer]:
        return [column.offer for column in self._columns]

    def offer_ids(self) -> list[str]:
        return [column.offer.id for column in self._columns]

    def offer_names(self) -> list[str]:
        return [o.display_name + (" (baseline)" if o.id == self._baseline else "") for o in self.offers()]

    def _rank_of(self, column: int) -> int | None:
        """The offer's place in the Market view's Rank row (None without a market or without the figure)."""
        return self._ranks.get(self._columns[column].offer.id)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: ModelIndex, role: int = _DISPLAY) -> Any:
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < len(self._columns)) or not index.isValid():
            return None
        column = self._columns[c]
        cell = column.cells[r]
        if role == _DISPLAY:
            return cell.text
        if role == _ALIGNMENT:
            return _ALIGN_LEFT if self._rows[r].kind == "term" else _ALIGN_RIGHT
        best = column.offer.id in self._best[r]
        if role == _FONT:
            return self._bold_font() if best else None
        if role == _BACKGROUND:
            if best:
                return theme.best_background(QGuiApplication.palette())
            if self._rows[r].kind == HEADING_KIND:  # a band across the table, like its header
                return QGuiApplication.palette().color(QPalette.ColorRole.Window)
            return None
        if role == _FOREGROUND:
            if not cell.sign:
                return None
            palette = QGuiApplication.palette()
            return theme.good_color(palette) if cell.sign > 0 else theme.bad_color(palette)
        if role == RAW_VALUE_ROLE:
            return cell.raw
        if role == _TOOLTIP:
            mark = "Best in this row. " if best else ""
            why = self._unmarked[r] or ""
            return " ".join(part for part in (mark + cell.tooltip, why) if part).strip() or None
        if role == ROW_KEY_ROLE:
            return self._rows[r].key
        if role == ROW_KIND_ROLE:
            return self._rows[r].kind
        if role == OFFER_ID_ROLE:
            return column.offer.id
        if role == IS_BEST_ROLE:
            return best
        if role == IS_BASELINE_ROLE:
            return column.offer.id == self._baseline
        return None

    def _bold_font(self) -> QFont:
        if self._bold is None:
            self._bold = QFont()
            self._bold.setBold(True)
        return self._bold

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._columns):
                return None
            offer = self._columns[section].offer
            is_baseline = offer.id == self._baseline
            rank = self._rank_of(section)
            if role == Qt.ItemDataRole.DisplayRole:
                kind = offer_kind_words(offer) + (" · baseline" if is_baseline else "")
                ranked = f"#{rank} " if rank is not None else ""  # the Market view's rank, in sight without scrolling
                return f"{ranked}{elide_middle(offer.display_name, HEADER_NAME_LENGTH)}\n{kind}"
            if role == Qt.ItemDataRole.ToolTipRole:
                mark = ": the baseline every lease is compared with" if is_baseline else ""
                ranked = f"\nRank {rank} of {len(self._columns)} in the Market view" if rank is not None else ""
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
            if row.kind == HEADING_KIND and row.group:
                if row.group in self._folded:
                    hidden = sum(1 for r in self._rows
                                 if r.group == row.group and r.kind != HEADING_KIND and r.key not in HIDDEN_KEYS)
                    return f"▸ {row.label} ({hidden} rows)"
                return f"▾ {row.label}"
            return row.label
        if role == Qt.ItemDataRole.ToolTipRole:
            if row.kind == HEADING_KIND and row.group:
                action = "unfold" if row.group in self._folded else "fold"
                return f"{row.description} Click to {action}.".strip()
            return row.description or None
        if role == ROW_KEY_ROLE:
            return row.key
        if role == ROW_KIND_ROLE:
            return row.kind
        if role == ROW_GROUP_ROLE:
            return row.group
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


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows: [3, 4, 9] -> [(3, 4), (9, 9)]."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _difference(shorter: list[str], longer: list[str]) -> int:
    """The first place where two id lists differ (the end of the shorter one if it is a prefix)."""
    return next((i for i, (a, b) in enumerate(zip(shorter, longer, strict=False)) if a != b), len(shorter))


def _drop(ids: list[str], position: int) -> list[str]:
    return ids[:position] + ids[position + 1:]
