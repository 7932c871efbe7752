"""Whether this build can write the Excel workbook: ``leasedesk.excel.export_workbook``, if importable.

Asked after the window shows (the workbook module brings openpyxl). Until the workbook
export exists, the window disables its action with ``UNAVAILABLE_REASON`` as tooltip.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from typing import Any

log = logging.getLogger(__name__)

ExportWorkbook = Callable[..., Any]  # (deal, path, *, progress=None): see leasedesk.excel.export_workbook
UNAVAILABLE_REASON = "Export to Excel is not available in this version yet (the workbook module is not installed)."


@cache
def export_function() -> ExportWorkbook | None:
    """``export_workbook(deal, path, progress=...)``, or None while the excel package does not provide it."""
    try:
        from leasedesk.excel import export_workbook
    except ImportError as error:
        log.info("Excel export unavailable: %s", error)
        return None
    return export_workbook
