"""Edit-to-screen latency: from typing a new fee to the comparison, table and charts updated.

Run on demand: ``python tests/benchmarks/bench_edit_latency.py``. A deal of 40 offers over
240 months; each sample types one value into the monthly fee of one lease (which goes
through the form's checks, the undo stack, the recomputation of that offer only, the
comparison model and the three charts) and then lets Qt process the resulting events and
repaint. Target: under 50 ms.

Then the same with the Negotiation tab open on each analysis page in turn (its round recorded
first, so that the bridge has a "before"): the edit itself, and, apart, the window's own share
of the refresh that follows once typing pauses (the request sent to the worker process, and
drawing the answer); the analysis itself runs in the worker process.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_deals import make_deal
from PySide6.QtWidgets import QApplication

from leasedesk.ui import settings

SAMPLES = 30


def _summary(samples: list[float]) -> str:
    ninetieth = sorted(samples)[int(len(samples) * 0.9)]
    return f"median {statistics.median(samples):.1f} ms, 90th percentile {ninetieth:.1f} ms"


def _wait(app: QApplication, done: Callable[[], bool], seconds: float = 120.0) -> None:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the negotiation view did not answer in time")
        app.processEvents()
        time.sleep(0.005)


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

    def type_fees() -> list[float]:
        samples = []
        for i in range(SAMPLES):
            text = f"{140 + (i % 7)}M"
            began = time.perf_counter()
            fee.widget.setText(text)  # type: ignore[attr-defined]
            fee.edited.emit(text)
            window.repaint()
            app.processEvents()
            samples.append((time.perf_counter() - began) * 1000)
        assert window.document.comparison.result("lease0").offer.monthly_fee == (140 + 29 % 7) * 1e6  # type: ignore[union-attr]
        return samples

    print(f"edit to updated comparison and charts, 40 offers x 240 months: {_summary(type_fees())} (target 50 ms)")

    window.editor.negotiation.label_edit.setText("Provider ask 1")
    window.editor.negotiation.record_button.click()
    view = window.editor.negotiate
    window.editor.tabs.setCurrentWidget(view)
    app.processEvents()
    view.ensure_pages()
    for page in view.pages:
        view.tabs.setCurrentWidget(page)
        if page.slot == "solve":
            page.solve_button.click()  # type: ignore[attr-defined]
        _wait(app, lambda: not view.jobs.busy and not view._settle.isActive())
        own: list[float] = []  # the view's part of each edit: dropping answers, updating its choices
        original_context = view._context_changed

        def timed_context(_original: Callable[[], None] = original_context, own: list[float] = own) -> None:
            began = time.perf_counter()
            _original()
            own.append((time.perf_counter() - began) * 1000)

        view._context_changed = timed_context  # type: ignore[method-assign]
        edits = type_fees()
        view._context_changed = original_context  # type: ignore[method-assign]
        refresh: list[float] = []
        original_submit, original_show = view.jobs.submit, page.show_result

        def timed_submit(
            *args: object, _original: Callable[..., None] = original_submit, refresh: list[float] = refresh
        ) -> None:
            began = time.perf_counter()
            _original(*args)
            refresh.append((time.perf_counter() - began) * 1000)

        def timed_show(
            data: object, _original: Callable[..., None] = original_show, refresh: list[float] = refresh
        ) -> None:
            began = time.perf_counter()
            _original(data)
            window.repaint()
            refresh.append((time.perf_counter() - began) * 1000)

        view.jobs.submit = timed_submit  # type: ignore[method-assign]
        page.show_result = timed_show  # type: ignore[method-assign]
        for i in range(5):
            fee.widget.setText(f"{150 + i}M")  # type: ignore[attr-defined]
            fee.edited.emit(f"{150 + i}M")
            _wait(app, lambda: not view.jobs.busy and not view._settle.isActive())
        view.jobs.submit = original_submit  # type: ignore[method-assign]
        page.show_result = original_show  # type: ignore[method-assign]
        name = page.title.replace("&", "")
        print(f"  with the Negotiation tab on {name}: edit {_summary(edits)} (the view's part: median "
              f"{statistics.median(own):.2f} ms); the window's share of a refresh (send, draw): "
              f"longest {max(refresh):.1f} ms")
    view.jobs.shutdown()
    window.document.undo_stack.setClean()
    window.close()
    window.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()
