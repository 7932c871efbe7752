"""The Excel workbook: a live model of the deal as formulas over named inputs (openpyxl)."""
