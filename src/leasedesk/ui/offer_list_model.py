"""The offers of the open deal as a Qt list: names in deal order, the baseline marked, ids as data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap

from leasedesk.core.model import Deal, Offer
from leasedesk.core.terms.kinds import offer_kind_words
from leasedesk.ui import theme

OFFER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


def _swatch(colour: QColor, size: int) -> QIcon:
    """A small disc in the offer's chart colour, so the list doubles as the charts' legend."""
    ratio = QGuiApplication.instance().devicePixelRatio() if QGuiApplication.instance() else 1.0  # type: ignore[union-attr]
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def _shown(offer: Offer) -> tuple[object, ...]:
    """What a row shows of an offer: a change elsewhere (a typed fee) leaves the row as it is."""
    return offer.id, offer.display_name, offer.kind, offer.provider, offer.site


class OfferListModel(QAbstractListModel):
    """Updates only what changed: rows inserted or removed one at a time, ``dataChanged`` for a
    renamed offer or a new baseline; a reset only when another deal is shown."""

    def __init__(self, swatch_size: int = 12) -> None:
        super().__init__()
        self._swatch_size = swatch_size
        self._swatches: dict[tuple[int, int], QIcon] = {}  # (colour, size) -> the drawn disc
        self._offers: tuple[Offer, ...] = ()
        self._baseline: str | None = None

    def set_deal(self, deal: Deal | None) -> None:
        offers = deal.offers if deal is not None else ()
        baseline = deal.resolved_baseline() if deal is not None else None
        old_ids = [o.id for o in self._offers]
        new_ids = [o.id for o in offers]
        if new_ids == old_ids:
            self._update_rows(offers, baseline)
        elif len(new_ids) == len(old_ids) + 1 and old_ids == _without_one(new_ids, old_ids):
            row = _first_difference(old_ids, new_ids)
            self.beginInsertRows(QModelIndex(), row, row)
            self._offers = (*self._offers[:row], offers[row], *self._offers[row:])
            self.endInsertRows()
            self._update_rows(offers, baseline, colours_from=row + 1)
        elif len(new_ids) == len(old_ids) - 1 and new_ids == _without_one(old_ids, new_ids):
            row = _first_difference(new_ids, old_ids)
            self.beginRemoveRows(QModelIndex(), row, row)
            self._offers = (*self._offers[:row], *self._offers[row + 1:])
            self.endRemoveRows()
            self._update_rows(offers, baseline, colours_from=row)
        else:
            self.beginResetModel()
            self._offers, self._baseline = offers, baseline
            self.endResetModel()

    def _update_rows(self, offers: tuple[Offer, ...], baseline: str | None, colours_from: int | None = None) -> None:
        """Take the new offers (same ids, same order) and announce the rows that read differently;
        rows from ``colours_from`` on moved, so their swatch colour changed."""
        old, old_baseline = self._offers, self._baseline
        self._offers, self._baseline = offers, baseline
        for row, (before, after) in enumerate(zip(old, offers, strict=True)):
            moved = colours_from is not None and row >= colours_from
            was_baseline, is_baseline = before.id == old_baseline, after.id == baseline
            if moved or was_baseline != is_baseline or _shown(before) != _shown(after):
                index = self.index(row, 0)
                self.dataChanged.emit(index, index)

    def offer_ids(self) -> list[str]:
        return [offer.id for offer in self._offers]

    def row_of(self, offer_id: str | None) -> int:
        ids = self.offer_ids()
        return ids.index(offer_id) if offer_id in ids else -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._offers)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._offers):
            return None
        offer = self._offers[index.row()]
        is_baseline = offer.id == self._baseline
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{offer.display_name} (baseline)" if is_baseline else offer.display_name
        if role == Qt.ItemDataRole.DecorationRole:
            colour = theme.offer_color(index.row())
            key = (colour.rgba(), self._swatch_size)
            if key not in self._swatches:
                self._swatches[key] = _swatch(colour, self._swatch_size)
            return self._swatches[key]
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [p for p in (offer.provider, offer.site) if p]
            where = f" ({', '.join(parts)})" if parts else ""
            mark = "; the baseline every offer is compared with" if is_baseline else ""
            return f"{offer_kind_words(offer)}{where}, id {offer.id}{mark}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{offer.display_name}, {offer_kind_words(offer)}" + (", baseline" if is_baseline else "")
        if role == Qt.ItemDataRole.FontRole and is_baseline:
            font = QFont()
            font.setBold(True)
            return font
        if role == OFFER_ID_ROLE:
            return offer.id
        return None


def _without_one(longer: list[str], shorter: list[str]) -> list[str]:
    """``longer`` without the one id that ``shorter`` lacks (at the first place they differ)."""
    row = _first_difference(shorter, longer)
    return longer[:row] + longer[row + 1:]


def _first_difference(shorter: list[str], longer: list[str]) -> int:
    return next((i for i, (a, b) in enumerate(zip(shorter, longer, strict=False)) if a != b), len(shorter))
