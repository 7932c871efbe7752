"""The Excel workbook: a live model of the deal as formulas over named inputs (openpyxl)."""

from leasedesk.excel.workbook import export_workbook

__all__ = ["export_workbook"]
