"""The sensitivity grid (DESIGN.md 8.4) as a table model: rows and columns are two inputs' values,
each cell the selected offer's advantage and the best offer, coloured by the best offer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from leasedesk.core.negotiation.report import format_term, format_value
from leasedesk.ui import theme

RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's advantage
BEST_ROLE = Qt.ItemDataRole.UserRole + 2  # the id of the cell's best offer
Index = QModelIndex | QPersistentModelIndex


class GridModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.grid: dict[str, Any] | None = None
        self.metric = "cost_per_gpu_hour"
        self.currency = "USD"
        self.names: dict[str, str] = {}  # offer id -> display name
        self.colours: dict[str, QColor] = {}  # offer id -> cell colour

    def set_grid(self, grid: dict[str, Any] | None, metric: str, currency: str, names: dict[str, str]) -> None:
        self.beginResetModel()  # other inputs or terms: the whole grid is new
        self.grid, self.metric, self.currency, self.names = grid, metric, currency, dict(names)
        self.colours = {}
        for index, offer_id in enumerate(names):
            colour = theme.offer_color(index)
            colour.setAlpha(70)
            self.colours[offer_id] = colour
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else len(self.grid["row_values"])

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else len(self.grid["column_values"])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.grid is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        key, values = (("columns", "column_values") if orientation == Qt.Orientation.Horizontal
                       else ("rows", "row_values"))
        if not 0 <= section < len(self.grid[values]):
            return None
        return format_term(self.grid[key], self.grid[values][section], self.currency)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.grid is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= column < self.columnCount()):
            return None
        advantage, best = self.grid["advantage"][row][column], self.grid["best"][row][column]
        if role == RAW_ROLE:
            return advantage
        if role == BEST_ROLE:
            return best
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(self.metric, advantage, self.currency, signed=True).removesuffix("/GPU-h")
        if role == Qt.ItemDataRole.BackgroundRole and best in self.colours:
            return QBrush(self.colours[best])
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Best: {self.names.get(best, best) if best else 'none'}; the selected offer's advantage " \
                   f"over the baseline: {format_value(self.metric, advantage, self.currency, signed=True)}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
