"""What one step of each term is worth (DESIGN.md 8.2), as a table model: one row a term.

Columns: the term, its step, the fee equivalents, and the change of each bridged metric, so that
"30 days of notice = $X of monthly fee" reads at the start of a row. Built from the JSON data of
``leasedesk term-values`` plus the metric keys.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from leasedesk.core.formatting import currency_prefix, format_money
from leasedesk.core.negotiation.report import DASH, format_term, format_value
from leasedesk.ui.negotiate.words import in_sentence, metric_label, term_label

RAW_ROLE = Qt.ItemDataRole.UserRole + 1  # the number behind a cell (None for text and missing values)
Index = QModelIndex | QPersistentModelIndex
SHORT_METRIC_LABELS = {
    "pv_cost": "PV of cost",
    "min_commitment_pv": "Min. commitment (PV)",
    "equal_capacity_pv": "Equal-capacity PV",
    "market_value_pv": "Expected cost with exits",
}


class TermValuesModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.kind = "lease"
        self.currency = "USD"
        self.metric_keys: tuple[str, ...] = ()
        self.steps: list[dict[str, Any]] = []
        self.market = False

    def set_values(self, data: dict[str, Any], kind: str, currency: str) -> None:
        self.beginResetModel()  # another offer or other terms: the rows and columns are rebuilt
        self.kind, self.currency = kind, currency
        self.metric_keys = tuple(data["metric_keys"])
        self.steps = list(data["steps"])
        self.market = any(step["market_fee_equivalent"] is not None for step in self.steps) or (
            kind == "lease" and "market_value_pv" in self.metric_keys)
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.metric_keys, self.steps, self.market = (), [], False
        self.endResetModel()

    def columns(self) -> list[str]:
        """Column keys: term, step, fee_equivalent (leases), market_fee_equivalent (with a market), one a metric."""
        if not self.metric_keys:
            return []
        fee = ["fee_equivalent"] if self.kind == "lease" else []
        market = ["market_fee_equivalent"] if self.market else []
        return ["term", "step", *fee, *market, *self.metric_keys]  # what a step is worth in fee first

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.steps)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        columns = self.columns()
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(columns):
            return None
        key = columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            if key in ("term", "step"):
                return key.capitalize()
            if key == "fee_equivalent":
                return "= monthly fee"
            if key == "market_fee_equivalent":
                return "= monthly fee (market)"
            if key == "cost_per_gpu_hour":
                return f"Δ {currency_prefix(self.currency).strip() or self.currency}/GPU-h"
            return f"Δ {SHORT_METRIC_LABELS.get(key, metric_label(key))}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "fee_equivalent":
                return "The change of the monthly fee that moves the present value of cost as much."
            if key == "market_fee_equivalent":
                return "The change of the monthly fee worth as much in the market view, which prices the exits."
            return metric_label(key) if key not in ("term", "step") else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        columns = self.columns()
        if not index.isValid() or not 0 <= index.row() < len(self.steps) or not 0 <= index.column() < len(columns):
            return None
        step, key = self.steps[index.row()], columns[index.column()]
        raw = self._raw(step, key)
        if role == RAW_ROLE:
            return raw
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "term":
                return term_label(self.kind, step["term"])
            if key == "step":
                return format_term(step["term"], step["step"], self.currency, signed=True)
            if key in ("fee_equivalent", "market_fee_equivalent"):
                return DASH if raw is None else signed_money(raw, self.currency)
            return format_value(key, raw, self.currency, signed=True).removesuffix("/GPU-h")  # the header says it
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.sentence(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and key != "term":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sentence(self, row: int) -> str:
        """'+30 days of Our exit: notice = $1.2M of monthly fee' for a row, the market's figure when there is one."""
        step = self.steps[row]
        amount = format_term(step["term"], step["step"], self.currency, signed=True)
        moved = f"{amount} of {in_sentence(term_label(self.kind, step['term']))}"
        for key, where in (("market_fee_equivalent", " in the market view"), ("fee_equivalent", "")):
            if step.get(key) is not None:
                return f"{moved} = {signed_money(step[key], self.currency)} of monthly fee{where}"
        return f"{moved}: no fee equivalent"

    @staticmethod
    def _raw(step: dict[str, Any], key: str) -> Any:
        if key == "term":
            return None
        if key == "step":
            return step["step"]
        if key in ("fee_equivalent", "market_fee_equivalent"):
            return step[key]
        return step["changes"].get(key)


def signed_money(value: float, currency: str) -> str:
    """A fee equivalent with its sign: '+$1.2M' costs the lessee as much as a higher fee."""
    return ("+" if value > 0 else "") + format_money(value, currency)
