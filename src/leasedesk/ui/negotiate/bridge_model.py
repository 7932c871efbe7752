"""The bars of a bridge (DESIGN.md 8.1) for one metric, and a table model of them.

Built from the bridge's JSON data (``leasedesk bridge --json``): "before", each changed clause
with its contribution (its Shapley value), "after". The running total after the last clause is
"after" exactly, as the core computes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from leasedesk.core.negotiation.report import format_value
from leasedesk.ui.negotiate.words import clause_label

RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # the number behind a cell, for sorting and tests
COL_STEP, COL_CHANGE, COL_TOTAL = range(3)
HEADERS = ("Step", "Change", "Running total")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class BridgeBar:
    label: str
    start: float
    end: float
    total: bool  # "before" or "after", drawn from the axis

    @property
    def change(self) -> float:
        return self.end - self.start


def bars_for(data: dict[str, Any], metric: str) -> list[BridgeBar] | None:
    """Before, the changed clauses in the core's order, after; None when a value the bars need is null."""
    figures = data["metrics"].get(metric)
    if figures is None or figures["before"] is None or figures["after"] is None:
        return None
    contributions = figures["clauses"]
    if any(value is None for value in contributions.values()):
        return None
    before, after = float(figures["before"]), float(figures["after"])
    bars = [BridgeBar(f"Before: {data['from']}", before, before, True)]
    running = before
    for clause, value in contributions.items():
        bars.append(BridgeBar(clause_label(clause), running, running + float(value), False))
        running += float(value)
    bars.append(BridgeBar("After: current terms", after, after, True))
    return bars


class BridgeModel(QAbstractTableModel):
    """One row a bar: its label, the clause's change (blank for the totals), the running total."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[BridgeBar] = []
        self._metric = "pv_cost"
        self._currency = "USD"

    def set_bars(self, bars: list[BridgeBar], metric: str, currency: str) -> None:
        self.beginResetModel()  # a new bridge: another set of rows altogether
        self.bars, self._metric, self._currency = list(bars), metric, currency
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.bars)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 3:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.bars):
            return None
        bar, column = self.bars[index.row()], index.column()
        if role == RAW_ROLE:
            return None if column == COL_STEP or (column == COL_CHANGE and bar.total) else (
                bar.change if column == COL_CHANGE else bar.end)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_STEP:
                return bar.label
            if column == COL_CHANGE:
                return "" if bar.total else format_value(self._metric, bar.change, self._currency, signed=True)
            return format_value(self._metric, bar.end, self._currency)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != COL_STEP:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
