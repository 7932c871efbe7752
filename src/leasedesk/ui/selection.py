"""The selected offer: one owner, which the panels observe instead of keeping copies of their own."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from leasedesk.core.model import Offer
from leasedesk.ui.document import DealDocument


class OfferSelection(QObject):
    """``changed(offer id or None)`` when another offer is selected.

    Created before the panels, so on a deal change it moves the selection first: to the
    first offer when the selected one is gone, to none when no offer is left."""

    changed = Signal(object)

    def __init__(self, document: DealDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._offer_id: str | None = None
        document.deal_changed.connect(lambda _comparison: self._keep_valid())
        self._keep_valid()

    @property
    def offer_id(self) -> str | None:
        return self._offer_id

    def offer(self) -> Offer | None:
        """The selected offer as the document holds it now."""
        deal = self._document.deal
        if deal is None or self._offer_id is None:
            return None
        return next((o for o in deal.offers if o.id == self._offer_id), None)

    def select(self, offer_id: str | None) -> None:
        deal = self._document.deal
        if offer_id is not None and (deal is None or all(o.id != offer_id for o in deal.offers)):
            offer_id = None
        if offer_id != self._offer_id:
            self._offer_id = offer_id
            self.changed.emit(offer_id)

    def _keep_valid(self) -> None:
        deal = self._document.deal
        ids = [o.id for o in deal.offers] if deal is not None else []
        if self._offer_id not in ids:
            self.select(ids[0] if ids else None)
