"""Start-up cost: the whole ``leasedesk --smoke-test`` process against a bare script doing the same kind of work.

Run on demand: ``.venv/bin/python tests/benchmarks/bench_startup.py [--runs N]``. The bare script
imports the same libraries (PySide6 widgets and charts, numpy, pandas, openpyxl), shows
one window with a chart, waits for it to paint and writes a tiny workbook. Target: the
smoke test's median wall time at most 1.5 times the bare script's.

It also starts the real window once and reports when it first painted and which heavy
modules (pandas, openpyxl, QtCharts) were loaded by then: they should be none.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 1.5

BARE_SCRIPT = r'''
import os, sys, tempfile
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import numpy, pandas, openpyxl
from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCharts import QChart, QChartView, QLineSeries

app = QApplication(sys.argv[:1])
window = QMainWindow()
series = QLineSeries()
series.replace([QPointF(x, x * x) for x in range(42)])
chart = QChart()
chart.addSeries(series)
chart.createDefaultAxes()
view = QChartView(chart)
window.setCentralWidget(view)

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            app.quit()
        return False

probe = Painted()
view.viewport().installEventFilter(probe)
window.show()
app.exec()
with tempfile.TemporaryDirectory() as folder:
    book = openpyxl.Workbook()
    book.active["A1"] = float(pandas.Series([1.0, 2.0]).sum())
    book.save(os.path.join(folder, "tiny.xlsx"))
print("bare script ok")
'''

FIRST_PAINT_SCRIPT = r'''
import os, sys, time, tempfile
from pathlib import Path
launched = float(sys.argv[1])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from leasedesk.ui import settings
settings.isolate(Path(tempfile.mkdtemp(prefix="leasedesk-bench-")))
from leasedesk.ui.startup import create_application
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.paint_probe import PaintProbe
from leasedesk.resources import sample_deal_path

app = create_application(sys.argv[:1])
window = MainWindow()
probe = PaintProbe()
probe.watch(window)
marks = {}

def painted(widget):
    if "window" not in marks:
        marks["window"] = time.time() - launched
        marks["heavy"] = [m for m in ("pandas", "openpyxl", "PySide6.QtCharts") if m in sys.modules]
        window.document.load(sample_deal_path(), is_sample=True)
        charts = window.ensure_charts()
        probe.watch(charts.cumulative.viewport())
    elif widget is not window and "charts" not in marks:
        marks["charts"] = time.time() - launched
        app.quit()

probe.painted.connect(painted)
window.show()
app.exec()
print(f"{marks['window']:.3f} {marks['charts']:.3f} {','.join(marks['heavy']) or '-'}")
'''


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _time(command: list[str]) -> float:
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, env=_environment(), timeout=120, check=False)
    elapsed = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({run.returncode}):\n{run.stdout}{run.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (after one warm-up each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare_startup.py"
        bare.write_text(BARE_SCRIPT, encoding="utf-8")
        smoke_command = [sys.executable, "-m", "leasedesk", "--smoke-test"]
        bare_command = [sys.executable, str(bare)]
        _time(smoke_command)
        _time(bare_command)
        smoke_times, bare_times = [], []
        for _ in range(args.runs):  # interleaved, so a busy moment on the machine hits both alike
            smoke_times.append(_time(smoke_command))
            bare_times.append(_time(bare_command))
        first = subprocess.run(
            [sys.executable, "-c", FIRST_PAINT_SCRIPT, repr(time.time())],
            capture_output=True, text=True, env=_environment(), timeout=120, check=True,
        ).stdout.split()
    smoke, plain = statistics.median(smoke_times), statistics.median(bare_times)
    ratio = smoke / plain
    print(f"leasedesk --smoke-test : median {smoke:.3f} s, min {min(smoke_times):.3f} s over {args.runs} runs")
    print(f"bare script            : median {plain:.3f} s, min {min(bare_times):.3f} s over {args.runs} runs")
    print(f"ratio                  : {ratio:.2f} (target at most {TARGET_RATIO})")
    print(f"real window            : first paint {float(first[0]):.3f} s after launch, charts painted "
          f"{float(first[1]):.3f} s; heavy modules loaded before the first paint: {first[2]}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
