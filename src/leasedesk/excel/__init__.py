"""The Excel workbook: a live model of the deal as formulas over named inputs (openpyxl)."""

from leasedesk.excel.workbook import ExportCancelled, export_workbook

__all__ = ["ExportCancelled", "export_workbook"]
