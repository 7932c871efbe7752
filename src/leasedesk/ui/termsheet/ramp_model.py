"""The delivery ramp of a lease as a small editable table: lease month and GPUs delivered."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from leasedesk.core.model import RampStep
from leasedesk.core.parsing import parse_whole

ModelIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("From lease month", "GPUs delivered")


class RampModel(QAbstractTableModel):
    """Rows of (month, gpus) as typed; ``ramp_edited`` carries them as plain data for checking."""

    ramp_edited = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[list[Any]] = []

    def set_steps(self, steps: tuple[RampStep, ...]) -> None:
        wanted = [[s.month, s.gpus] for s in steps]
        if wanted == self._rows:
            return
        self.beginResetModel()
        self._rows = wanted
        self.endResetModel()

    def steps_data(self) -> list[dict[str, Any]]:
        return [{"month": month, "gpus": gpus} for month, gpus in self._rows]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value:,}" if isinstance(value, int) else str(value)
        if role == Qt.ItemDataRole.EditRole:
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 2:
            return HEADERS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            number: Any = parse_whole(str(value))
        except ValueError:
            number = str(value)  # kept as typed; the check names it
        self._rows[index.row()][index.column()] = number
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self.ramp_edited.emit(self.steps_data())
        return True

    def add_step(self, gpus: int) -> None:
        month = (self._rows[-1][0] + 1) if self._rows and isinstance(self._rows[-1][0], int) else 0
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append([month, gpus])
        self.endInsertRows()
        self.ramp_edited.emit(self.steps_data())

    def remove_step(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.ramp_edited.emit(self.steps_data())
