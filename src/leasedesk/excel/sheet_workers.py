"""Offer sheets made in worker processes, for large exports.

Laying out an offer sheet, rendering its schedule's rows and deflating them is most of a large export's
work (1,000 offers over 600 months: 1.7 GB of XML), and each offer sheet is its own part of the package.
The main process lays out the workbook with every offer sheet empty but for its names; a worker makes each
offer sheet's whole part (excel.offer_part: laid out, rendered, compressed as the zip would, its formula
digests read) and the main process writes the parts in order. The workers start with the export, so that
their start-up overlaps the main process's work, and end with it.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from leasedesk.excel.cached_values import CompressedPart
from leasedesk.excel.offer_part import OfferSheetJob, offer_sheet_part
from leasedesk.worker_process import watch_parent

log = logging.getLogger(__name__)

WORKERS = max(2, min(4, (os.cpu_count() or 2) - 1))  # leave this process a core where there are more than 3
# below this many schedule cells (offers x months x ~25 columns) starting the workers (~0.7 s each to import
# what they need) costs more than it saves: measured on 2 cores, 100 x 600 took 3.2 s in one process and
# 3.9 s with workers, 300 x 600 about 10 s either way, 1,000 x 600 33 s and 26 s
PARALLEL_CELLS = 4_000_000


def _ready() -> int:
    return os.getpid()


F_SETPIPE_SZ = 1031  # Linux's fcntl command (Python 3.10+ names it fcntl.F_SETPIPE_SZ)
PIPE_BYTES = 1 << 20


def _widen_pipes(pool: ProcessPoolExecutor) -> None:
    """Let a job and a part pass the pool's pipes in one write where the system allows (Linux): with
    64 kB pipes each 300 kB part took several hand-overs of the interpreter lock between this
    process's busy threads, and the workers waited on them."""
    try:
        import fcntl
    except ImportError:
        return
    connections = (
        getattr(pool, "_call_queue", None),
        getattr(pool, "_result_queue", None),
        getattr(pool, "_executor_manager_thread_wakeup", None),  # written to on each submit
    )
    for queue in connections:
        for end in ("_writer", "_reader"):
            connection = getattr(queue, end, None)
            if connection is None:
                continue
            with contextlib.suppress(OSError, ValueError, AttributeError):
                fcntl.fcntl(connection.fileno(), getattr(fcntl, "F_SETPIPE_SZ", F_SETPIPE_SZ), PIPE_BYTES)


class SheetWorkers:
    """A pool of worker processes making offer sheet parts; ``start`` returns None where none can start."""

    def __init__(self, pool: ProcessPoolExecutor, count: int) -> None:
        self._pool = pool
        self.count = count

    @classmethod
    def start(cls, count: int = WORKERS) -> SheetWorkers | None:
        try:
            pool = ProcessPoolExecutor(
                max_workers=count, mp_context=multiprocessing.get_context("spawn"), initializer=watch_parent
            )
            for _ in range(count):  # start them now: their imports overlap the layout
                pool.submit(_ready)
            _widen_pipes(pool)
        except (OSError, RuntimeError, ValueError) as error:
            log.warning("rendering the sheets in this process: no worker process started (%s)", error)
            return None
        return cls(pool, count)

    def submit(self, job: OfferSheetJob) -> Future[CompressedPart | None]:
        """The offer sheet's part, made by a worker; None when it needs a style the job's seed lacks."""
        return self._pool.submit(offer_sheet_part, job)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
