"""The Market group of the Assumptions tab: its fields' box, a note that they are assumptions, two buttons.

Empty while the deal has no market (DESIGN.md 7: the market view is optional). "Use Sample Market"
fills every field from the bundled sample's market, read from the sample file; "Remove Market" drops
the market. The form that owns the group turns each into one undoable edit.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from leasedesk.core.formatting import format_count
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.model import Deal
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path

NOTE = (
    "Assumptions to check, not market data: what comparable capacity costs, how its price moves, "
    "and what an early end costs each side. Leave empty for no market view; type a price to start one."
)
SAMPLE_NOTE = (
    "Filled from the bundled sample's market (GB300 capacity from July 2026). "
    "Check every figure against your own market before relying on the ranking."
)


@cache
def sample_market() -> MarketAssumptions:
    """The market of the bundled sample deal, read from its file."""
    market = load_deal(sample_deal_path()).assumptions.market
    if market is None:
        raise LookupError("the bundled sample deal has no market")
    return market


class MarketGroup(QGroupBox):
    """``use_sample_requested`` and ``remove_requested`` when the buttons are clicked; ``form`` takes the fields."""

    use_sample_requested = Signal()
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Market", parent)
        self.setObjectName("market_group")
        self.note = QLabel(NOTE, self)
        self.note.setObjectName("market_note")
        self.note.setWordWrap(True)
        self.sample_note = QLabel(SAMPLE_NOTE, self)
        self.sample_note.setObjectName("market_sample_note")
        self.sample_note.setWordWrap(True)
        self.sample_note.setStyleSheet("font-weight: 600;")  # the palette's text colour: readable light or dark
        self.sample_note.hide()
        self.use_sample = QPushButton("Use Sample Mar&ket", self)  # Alt+S: Set as Baseline
        self.use_sample.setObjectName("use_sample_market")
        self.use_sample.setToolTip("Fill every market field from the bundled sample deal: assumptions to check")
        self.use_sample.clicked.connect(self.use_sample_requested)
        self.remove = QPushButton("Remove Market", self)
        self.remove.setObjectName("remove_market")
        self.remove.setToolTip("Drop the market: no market view, offers ranked by cost per GPU-hour")
        self.remove.clicked.connect(self.remove_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_sample)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(buttons)  # above the fields: in sight on a short screen
        layout.addWidget(self.sample_note)
        layout.addLayout(self.form)

    def show_state(self, deal: Deal, filled_from_sample: MarketAssumptions | None) -> None:
        """Enable Remove with a market; say so when the market is the sample's as filled in."""
        market = deal.assumptions.market
        self.remove.setEnabled(market is not None)
        self.sample_note.setText(SAMPLE_NOTE)
        self.sample_note.setVisible(market is not None and market == filled_from_sample)

    def show_unavailable(self, message: str) -> None:
        """The sample's market could not be read: say why where its note would be."""
        self.sample_note.setText(message)
        self.sample_note.show()


def required_gpus_placeholder(deal: Deal) -> str:
    """What an empty Required GPUs field means: the largest offer, with its number when there is a market."""
    market = deal.assumptions.market
    required = market.required_gpus_for(deal.offers) if market is not None else None
    return f"{format_count(required)} (largest)" if required is not None else "the largest offer"
