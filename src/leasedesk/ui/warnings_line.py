"""The warnings line under the comparison: the deal's plausibility warnings, hidden while there are none.

The warnings come from ``core.plausibility``; they never block (the figures above use the values as
typed). Each names its offer as a link that selects it (the assumptions' link opens their tab).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QWidget

from leasedesk.core.model import Deal
from leasedesk.core.plausibility import PlausibilityWarning, deal_warnings

MAX_SHOWN = 4  # more are summed up in one line, so the table keeps its room
# A line that would appear waits until typing pauses: "150M" passes through $1, $15 and $150, each a
# warning, and the table above must not jump with every keystroke. Going away or changing is at once.
SHOW_DELAY_MS = 600
ASSUMPTIONS_LINK = "assumptions"


class WarningsLine(QWidget):
    """``offer_requested(offer_id)`` and ``assumptions_requested()`` when a warning's link is clicked."""

    offer_requested = Signal(str)
    assumptions_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warnings_line")
        self.warnings: list[PlausibilityWarning] = []
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(self)
        self.text.setObjectName("warnings_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.linkActivated.connect(self._link)
        self.text.setToolTip("Values that apply but look like a slip. They never block; the file keeps them as typed.")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 4, 2, 2)
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_DELAY_MS)
        self._show_timer.timeout.connect(self.show)
        self.hide()

    def set_deal(self, deal: Deal | None) -> None:
        self.warnings = deal_warnings(deal) if deal is not None else []
        if not self.warnings or deal is None:
            self._show_timer.stop()
            self.text.clear()
            self.hide()
            return
        lines = [_line(deal, warning) for warning in self.warnings[:MAX_SHOWN]]
        if len(self.warnings) > MAX_SHOWN:
            lines.append(f"and {len(self.warnings) - MAX_SHOWN} more: see the fields marked in amber")
        self.text.setText("<br>".join(lines))
        if self.isHidden():
            self._show_timer.start()  # (again): shown once the deal holds still

    def show_pending(self) -> bool:
        """Whether the line waits to appear (typing has not paused yet)."""
        return self._show_timer.isActive()

    def _link(self, link: str) -> None:
        if link == ASSUMPTIONS_LINK:
            self.assumptions_requested.emit()
        elif link.startswith("offer:"):
            self.offer_requested.emit(link.removeprefix("offer:"))


def _line(deal: Deal, warning: PlausibilityWarning) -> str:
    if warning.offer_id is None:
        where, link = "Assumptions", ASSUMPTIONS_LINK
    else:
        try:
            where = deal.offer(warning.offer_id).display_name
        except KeyError:
            where = warning.offer_id
        link = f"offer:{warning.offer_id}"
    return f'<a href="{html.escape(link)}">{html.escape(where)}</a>: {html.escape(warning.message)}'
