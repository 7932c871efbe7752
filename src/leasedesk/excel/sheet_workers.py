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
import functools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor

from leasedesk.core.model import Deal
from leasedesk.core.negotiation.overview import NegotiationOverview, negotiation_overview
from leasedesk.excel.cached_values import CompressedPart, SheetJob
from leasedesk.excel.offer_part import OfferSheetJob, OfferSheetStyles, made_here, offer_sheet_part
from leasedesk.worker_process import watch_parent

log = logging.getLogger(__name__)

WORKERS = max(2, min(4, (os.cpu_count() or 2) - 1))  # leave this process a core where there are more than 3
# below this many schedule cells (offers x months x ~25 columns) starting the workers (~0.7 s each to import
# what they need) costs more than it saves: measured on 2 cores, 100 x 600 took 3.2 s in one process and
# 3.9 s with workers, 300 x 600 about 10 s either way, 1,000 x 600 33 s and 26 s
PARALLEL_CELLS = 4_000_000
# schedule cells (months x columns, ~25 of them) of the sheets handed to the workers beyond the one being
# written: a part made may wait deflated in memory, ~300 kB for 600 months, until its turn. 800 sheets of
# 600 months (~240 MB): with 600 the workers waited on 1,000 x 600 (it took 1.2 s longer)
AHEAD_CELLS = 12_000_000


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
        pool: ProcessPoolExecutor | None = None
        try:
            pool = ProcessPoolExecutor(
                max_workers=count, mp_context=multiprocessing.get_context("spawn"), initializer=watch_parent
            )
            for _ in range(count):  # start them now: their imports overlap the layout
                pool.submit(_ready)
            _widen_pipes(pool)
        except (OSError, RuntimeError, ValueError) as error:
            log.warning("rendering the sheets in this process: no worker process started (%s)", error)
            if pool is not None:  # some may have started: none is left behind
                pool.shutdown(wait=True, cancel_futures=True)
            return None
        return cls(pool, count)

    def negotiation_overview(self, deal: Deal) -> Future[NegotiationOverview]:
        """The Negotiation sheet's figures (1,000 leases: 1.5 s of sensitivities), worked out by a worker while
        this process lays out the rest; asked for before the offer sheets, so that a worker starts on it."""
        return self._pool.submit(negotiation_overview, deal)

    def submit(self, job: OfferSheetJob) -> Future[CompressedPart | None]:
        """The offer sheet's part, made by a worker; None when it needs a style the job's seed lacks."""
        return self._pool.submit(offer_sheet_part, job)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class OfferSheetQueue:
    """Offer sheets handed to the workers in the order they are written, no more schedule cells (months x
    columns) of them at once beyond the one being written than ``budget`` (one sheet at least), so that
    memory stays flat however many offers and months. A sheet whose worker died, or which needs a style the
    seed lacks, is laid out here."""

    def __init__(self, workers: SheetWorkers, styles: OfferSheetStyles, budget: int) -> None:
        self._workers, self._styles, self._budget = workers, styles, budget
        self._waiting: deque[tuple[int, OfferSheetJob, int]] = deque()
        self._submitted: dict[int, tuple[Future[CompressedPart | None], int]] = {}
        self._outstanding = 0  # the cells of the sheets submitted and not taken
        self._added = 0
        self._broken = False

    def add(
        self, job: OfferSheetJob, cells: int
    ) -> tuple[Callable[[], SheetJob | CompressedPart], Callable[[], bool]]:
        """The sheet's part (``cells`` schedule cells), when asked for (in the order added), and whether it
        is made already."""
        number, self._added = self._added, self._added + 1
        self._waiting.append((number, job, cells))
        self._fill()
        return functools.partial(self._take, number, job), functools.partial(self._ready, number)

    def _ready(self, number: int) -> bool:
        submitted = self._submitted.get(number)
        return submitted is not None and submitted[0].done()

    def _fill(self) -> None:
        while self._waiting and not self._broken:
            number, job, cells = self._waiting[0]
            if self._submitted and self._outstanding + cells > self._budget:
                return
            try:
                future = self._workers.submit(job)
            except (BrokenExecutor, RuntimeError) as error:  # RuntimeError: the pool was shut down
                self._lost(error)
                return
            self._waiting.popleft()
            self._submitted[number] = (future, cells)
            self._outstanding += cells

    def _take(self, number: int, job: OfferSheetJob) -> SheetJob | CompressedPart:
        submitted = self._submitted.pop(number, None)
        if submitted is None:  # asked for before its turn, or the workers are gone
            self._waiting = deque(item for item in self._waiting if item[0] != number)
            self._fill()
            return made_here(job, self._styles)()
        future, cells = submitted
        self._outstanding -= cells
        self._fill()
        try:
            made = future.result()
        except BrokenExecutor as error:
            self._lost(error)
            return made_here(job, self._styles)()
        return made if made is not None else self._styles.laid_out_here(job.sheet)

    def _lost(self, error: BaseException) -> None:
        if not self._broken:
            log.warning("a worker process ended (%s): laying out the sheets left in this process", error)
        self._broken = True
