"""What every worker process of LeaseDesk's pools does first (the negotiation view's, the large export's)."""

from __future__ import annotations

import multiprocessing
import os
import threading


def watch_parent() -> None:
    """In a worker: end this process when the process that started it ends, however it ends (a crash, a kill
    midway); otherwise the worker, which holds its own end of the job queue, would wait for jobs forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait_then_exit() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=wait_then_exit, name="watch-parent", daemon=True).start()
