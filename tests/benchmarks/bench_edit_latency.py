"""Edit-to-screen latency: from typing a new fee to the comparison, table and charts updated.

Run on demand: ``python tests/benchmarks/bench_edit_latency.py``. A deal of 40 offers over
240 months; each sample types one value into the monthly fee of one lease (which goes
through the form's checks, the undo stack, the recomputation of that offer only, the
comparison model and the three charts) and then lets Qt process the resulting events and
repaint. Target: under 50 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_deals import make_deal
from PySide6.QtWidgets import QApplication

from leasedesk.ui import settings


def main() -> None:
    settings.isolate(Path(tempfile.mkdtemp(prefix="leasedesk-bench-")))
    app = QApplication(sys.argv[:1])
    from leasedesk.ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    window.document.reset(make_deal(40, 240))
    window.finish_startup()
    window.offers.select_offer("lease0")
    app.processEvents()
    fee = window.editor.forms["lease"].editors["monthly_fee"]
    samples = []
    for i in range(30):
        text = f"{140 + (i % 7)}M"
        began = time.perf_counter()
        fee.widget.setText(text)  # type: ignore[attr-defined]
        fee.edited.emit(text)
        window.repaint()
        app.processEvents()
        samples.append((time.perf_counter() - began) * 1000)
    assert window.document.comparison.result("lease0").offer.monthly_fee == (140 + 29 % 7) * 1e6  # type: ignore[union-attr]
    print(f"edit to updated comparison and charts, 40 offers x 240 months: median {statistics.median(samples):.1f} ms, "
          f"90th percentile {sorted(samples)[int(len(samples) * 0.9)]:.1f} ms (target 50 ms)")
    window.document.undo_stack.setClean()
    window.close()
    window.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()
