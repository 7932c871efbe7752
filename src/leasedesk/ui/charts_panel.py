"""The three charts in tabs: cumulative cost, the selected lease's exit curve, cost per GPU-hour.

This module imports QtCharts; the window imports it only after its first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

from leasedesk.ui.chart_cumulative import CumulativeCostChart
from leasedesk.ui.chart_exit import ExitCurveChart
from leasedesk.ui.chart_price import PricePerGpuHourChart
from leasedesk.ui.chart_support import ChartView

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
        self.setTabToolTip(0, "What each offer has paid, month by month, over the horizon")
        self.setTabToolTip(1, "What leaving the selected lease costs, by the month notice is given")
        self.setTabToolTip(2, "Levelized cost per delivered GPU-hour: present value over discounted hours")

    def charts(self) -> list[ChartView]:
        return [self.cumulative, self.exit_curve, self.price]

    @property
    def comparison(self) -> Comparison | None:
        return self._comparison

    def set_comparison(self, comparison: Comparison | None, selected: str | None) -> None:
        self._comparison = comparison
        self.cumulative.set_comparison(comparison)
        self.exit_curve.set_comparison(comparison, selected)
        self.price.set_comparison(comparison)

    def set_selected_offer(self, selected: str | None) -> None:
        self.exit_curve.set_selected(selected)
