"""The worker process of the Negotiation tab: answers come back as plain data, and the worker never
outlives the window's process, however that ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from leasedesk.core.codec import deal_to_data
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.negotiate.jobs import AnalysisJobs

KILLED_WINDOW = '''
import os, signal, sys, time
from PySide6.QtCore import QCoreApplication
from leasedesk.core.codec import deal_to_data
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.negotiate.jobs import AnalysisJobs

if __name__ == "__main__":
    app = QCoreApplication(sys.argv[:1])
    jobs = AnalysisJobs()
    answers = []
    jobs.finished.connect(lambda slot, data: answers.append(data))
    jobs.submit("values", "term_values", deal_to_data(load_deal(sample_deal_path())), {"offer": "memphis"})
    while not answers:
        app.processEvents()
        time.sleep(0.01)
    print(*jobs._pool._processes, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
'''


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting for a parent that does not reap it."""
    status = Path(f"/proc/{pid}/status")
    try:
        return "\nState:\tZ" not in status.read_text()
    except FileNotFoundError:
        return False


def test_an_answer_comes_back_as_plain_data(qtbot: QtBot) -> None:
    jobs = AnalysisJobs()
    try:
        data = deal_to_data(load_deal(sample_deal_path()))
        with qtbot.waitSignal(jobs.finished, timeout=60_000) as answer:
            jobs.submit("values", "term_values", data, {"offer": "memphis"})
            assert jobs.busy  # submitting returned before the answer
        slot, result = answer.args
        assert slot == "values"
        assert result["offer"] == "memphis" and result["steps"][0]["term"] == "monthly_fee"
        with qtbot.waitSignal(jobs.finished, timeout=60_000) as refused:
            jobs.submit("values", "term_values", data, {"offer": "nobody"})
        assert refused.args[1] == {"error": "no offer 'nobody' in this deal (offers: memphis, hyperscaler, build)"}
    finally:
        jobs.shutdown()


def test_the_worker_ends_with_the_window_process_even_when_that_is_killed(qtbot: QtBot, tmp_path: Path) -> None:
    script = tmp_path / "killed_window.py"
    script.write_text(KILLED_WINDOW)
    printed = tmp_path / "workers.txt"
    with printed.open("w") as out:  # a file, not a pipe: a worker left behind would hold a pipe open
        subprocess.run([sys.executable, str(script)], stdout=out, timeout=120,
                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    workers = [int(pid) for pid in printed.read_text().split()]
    assert workers
    qtbot.waitUntil(lambda: not any(_running(pid) for pid in workers), timeout=30_000)
