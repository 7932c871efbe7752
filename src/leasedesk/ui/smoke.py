"""``leasedesk --smoke-test``: open the sample offscreen, paint everything, export, print one line (DESIGN.md 4).

Settings and data go to a temporary folder; no dialog opens; any error, or 30 seconds,
ends the process with a non-zero status (a watchdog thread enforces the time limit even
if the event loop hangs).
"""

from __future__ import annotations

import faulthandler
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtWidgets import QWidget

from leasedesk.core.metric_info import METRICS
from leasedesk.core.terms.rows import term_rows
from leasedesk.resources import sample_deal_path
from leasedesk.ui import settings
from leasedesk.ui.comparison_market import market_row_specs
from leasedesk.ui.paint_probe import PaintProbe

if TYPE_CHECKING:
    from leasedesk.ui.main_window import MainWindow

TIME_LIMIT_SECONDS = 30.0
EXIT_OK, EXIT_FAILURE = 0, 1


class SmokeTestError(RuntimeError):
    pass


class _Run:
    """What the waits share: the deadline and the errors raised inside Qt's event handling."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.errors: list[BaseException] = []

    def record(self, _kind: type[BaseException], error: BaseException, _trace: TracebackType | None) -> None:
        self.errors.append(error)

    def check(self) -> None:
        if self.errors:
            error = self.errors[0]
            raise SmokeTestError(f"{type(error).__name__}: {error}") from error


def _wait_until(what: str, condition: Callable[[], bool], run: _Run, wake: SignalInstance) -> None:
    """Run the event loop until ``condition`` holds, checking on each ``wake`` signal (and every 50 ms);
    SmokeTestError at once on an error raised meanwhile, or naming ``what`` at the deadline."""
    while not condition():
        run.check()
        if time.monotonic() > run.deadline:
            raise SmokeTestError(f"timed out waiting for {what}")
        loop = QEventLoop()
        wake.connect(loop.quit)
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        wake.disconnect(loop.quit)


def _paint(what: str, widget: QWidget, probe: PaintProbe, run: _Run) -> None:
    """Ask for a frame of ``widget`` now that it shows the deal, and wait until it has been painted."""
    probe.watch(widget)
    before = probe.paint_count(widget)
    widget.update()
    _wait_until(f"{what} to be painted", lambda: probe.paint_count(widget) > before, run, probe.painted)


def run_smoke_test() -> int:
    started = time.monotonic()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    faulthandler.dump_traceback_later(TIME_LIMIT_SECONDS, exit=True)  # hard stop, status 1, if anything hangs
    try:
        with tempfile.TemporaryDirectory(prefix="leasedesk-smoke-") as temp:
            line = _run(Path(temp), started)
    except Exception as error:  # any failure is reported as one line and a non-zero status
        print(f"leasedesk smoke test FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        faulthandler.cancel_dump_traceback_later()
    print(line, flush=True)
    return EXIT_OK


def _run(folder: Path, started: float) -> str:
    settings.isolate(folder)
    from leasedesk.ui.startup import configure_logging, create_application, start_window

    run = _Run(deadline=started + TIME_LIMIT_SECONDS - 2)
    previous_hook, sys.excepthook = sys.excepthook, run.record
    app = create_application([sys.argv[0] if sys.argv else "leasedesk"])
    configure_logging(settings.data_dir())
    try:
        window, probe = start_window(lambda w: w.document.load(sample_deal_path(), is_sample=True))
        _wait_until("the window to be painted and the deal opened",
                    lambda: window.charts is not None and probe.paint_count(window) > 0, run, window.startup_finished)
        comparison = window.document.comparison
        if comparison is None:
            raise SmokeTestError("the sample deal was not opened")
        deal = comparison.deal
        model = window.comparison_model
        headings = 2  # Terms and More figures (comparison_layout); the Market view's is among its rows
        expected_rows = len(term_rows(deal)) + len(METRICS) + 1 + headings + len(market_row_specs(comparison))
        if (model.rowCount(), model.columnCount()) != (expected_rows, len(deal.offers)):
            raise SmokeTestError(f"the comparison shows {model.rowCount()} x {model.columnCount()} cells")
        charts = window.ensure_charts()
        _paint("the comparison", window.comparison_view.table.viewport(), probe, run)
        for chart in charts.charts():
            charts.show_chart(chart)
            _paint(f"the chart {chart.objectName()}", chart.viewport(), probe, run)
            if not chart.chart().series():
                raise SmokeTestError(f"the chart {chart.objectName()} has nothing to show")
        export_note = _export(window, folder)
        window.close()
        app.processEvents()
        run.check()
    finally:
        sys.excepthook = previous_hook
    elapsed = time.monotonic() - started
    return (f"leasedesk smoke test ok: '{deal.name}', {len(deal.offers)} offers compared; window, comparison "
            f"and {len(charts.charts())} charts painted; {export_note}; {elapsed:.2f} s")


def _export(window: MainWindow, folder: Path) -> str:
    from leasedesk.excel import export_workbook

    deal = window.document.deal
    if deal is None:
        raise SmokeTestError("no deal is open to export")
    target = folder / "smoke-test.xlsx"
    export_workbook(deal, target)
    if not target.is_file() or target.stat().st_size == 0:
        raise SmokeTestError(f"the workbook {target} was not written")
    return f"workbook exported ({target.stat().st_size:,} bytes)"
