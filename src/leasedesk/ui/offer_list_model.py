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


class OfferListModel(QAbstractListModel):
    def __init__(self, swatch_size: int = 12) -> None:
        super().__init__()
        self._swatch_size = swatch_size
        self._offers: tuple[Offer, ...] = ()
        self._baseline: str | None = None

    def set_deal(self, deal: Deal | None) -> None:
        self.beginResetModel()
        self._offers = deal.offers if deal is not None else ()
        self._baseline = deal.resolved_baseline() if deal is not None else None
        self.endResetModel()

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
            return _swatch(theme.offer_color(index.row()), self._swatch_size)
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
