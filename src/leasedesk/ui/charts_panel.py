"""The charts in tabs: cumulative cost, the selected lease's exit curve, cost per GPU-hour, and the
selected lease's walk-away prices against the market.

This module imports QtCharts; the window imports it only after its first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

from leasedesk.ui.chart_cumulative import CumulativeCostChart
from leasedesk.ui.chart_exit import ExitCurveChart
from leasedesk.ui.chart_price import PricePerGpuHourChart
from leasedesk.ui.chart_support import ChartView
from leasedesk.ui.chart_walk_away import WalkAwayPanel

if TYPE_CHECKING:
    from leasedesk.core.comparison import Comparison


class ChartsPanel(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("charts_panel")
        self._comparison: Comparison | None = None
        self.setDocumentMode(True)
        self.cumulative = CumulativeCostChart(self)
        self.exit_curve = ExitCurveChart(self)
        self.price = PricePerGpuHourChart(self)
        self.addTab(self.cumulative, "C&umulative Cost")
        self.addTab(self.exit_curve, "E&xit Curve")
        self.addTab(self.price, "Cost per &GPU-Hour")
        self.walk_away_panel = WalkAwayPanel(self)
        self.walk_away = self.walk_away_panel.chart
        self.addTab(self.walk_away_panel, "&Walk-Away Prices")
        self.setTabToolTip(0, "What each offer has paid, month by month, over the horizon")
        self.setTabToolTip(1, "What leaving the selected lease costs, by the month notice is given")
        self.setTabToolTip(2, "Levelized cost per delivered GPU-hour: present value over discounted hours")
        self.setTabToolTip(3, "The prices at which each side of the selected lease would walk away (with a market)")

    def charts(self) -> list[ChartView]:
        return [self.cumulative, self.exit_curve, self.price, self.walk_away]

    def show_chart(self, chart: ChartView) -> None:
        """Bring the tab that holds ``chart`` to the front."""
        for index in range(self.count()):
            page = self.widget(index)
            if page is not None and (page is chart or page.isAncestorOf(chart)):
                self.setCurrentIndex(index)
                return

    @property
    def comparison(self) -> Comparison | None:
        return self._comparison

    def set_comparison(self, comparison: Comparison | None, selected: str | None) -> None:
        self._comparison = comparison
        self.cumulative.set_comparison(comparison)
        self.exit_curve.set_comparison(comparison, selected)
        self.price.set_comparison(comparison)
        self.walk_away.set_comparison(comparison, selected)

    def set_selected_offer(self, selected: str | None) -> None:
        self.exit_curve.set_selected(selected)
        self.walk_away.set_selected(selected)
