"""Offer sheets rendered and compressed in worker processes, for large exports.

Rendering a schedule's rows and deflating them is most of a large export's work (1,000 offers over
600 months: 1.7 GB of XML), and each offer sheet is its own part of the package. The main process
lays out the sheets (openpyxl, pass 1) and finishes each sheet's head; a worker renders the rows,
compresses the whole part as the zip would (raw deflate at the package's level, by excel.deflate) and reads its
formula digests; the main process writes the parts in order. The workers start with the export,
so that their start-up overlaps pass 1, and end with it.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from leasedesk.excel.cached_values import (
    COMPRESS_LEVEL,
    CompressedPart,
    CompressedRows,
    RenderedRows,
    RowsJob,
    SheetJob,
)
from leasedesk.excel.deflate import SYNC_FLUSH, compressor, crc32
from leasedesk.excel.formula_digest import SheetDigester
from leasedesk.worker_process import watch_parent

log = logging.getLogger(__name__)

WORKERS = max(2, min(4, (os.cpu_count() or 2) - 1))  # leave this process a core where there are more than 3
# below this many schedule cells (offers x months x ~25 columns) starting the workers (~0.7 s each to import
# what they need) costs more than it saves: measured on 2 cores, 100 x 600 took 3.2 s in one process and
# 3.9 s with workers, 300 x 600 about 10 s either way, 1,000 x 600 33 s and 26 s
PARALLEL_CELLS = 4_000_000
# offer sheets whose rows the workers render while this process lays out the workbook (the rest follow as
# it writes the package): each waits deflated in memory, ~300 kB for 600 months, until its head is written.
# The layout leaves the workers about half of the other core: 1,000 x 600 took 22.1 s with 400, 20.6 s with
# 650 (peak memory 821 -> 883 MB)
ROWS_DURING_LAYOUT = 650


def render_part(job: SheetJob) -> CompressedPart:
    """In a worker: the sheet part rendered, compressed and digested."""
    deflate = compressor(COMPRESS_LEVEL)
    digester = SheetDigester()
    out: list[bytes] = []
    crc = size = 0

    def add(piece: bytes) -> None:
        nonlocal crc, size
        crc = crc32(piece, crc)
        size += len(piece)
        out.append(deflate.compress(piece))

    add(job.head)
    digester.add_xml(job.head)
    for rows in job.rows():
        if isinstance(rows, RenderedRows):
            add(rows.xml.encode("utf-8"))
            if rows.digest is None:
                digester.add_xml(rows.xml.encode("utf-8"))
            else:
                digester.add_rows(rows.digest)
        else:
            piece = rows.encode("utf-8")
            add(piece)
            digester.add_xml(piece)
    add(job.end)
    digester.add_xml(job.end)
    out.append(deflate.flush())
    return CompressedPart(b"".join(out), crc, size, digester.result(), len(job.head))


def render_rows(job: RowsJob) -> CompressedRows:
    """In a worker, during the layout: a sheet's rows rendered, deflated as a piece of its part (ended by a
    sync flush: the head's piece goes before, the end's after) and digested after the head's formulas."""
    deflate = compressor(COMPRESS_LEVEL)
    digester = SheetDigester()
    digester.add_cells(job.head_cells)
    out: list[bytes] = []
    crc = size = 0
    for rows in job.rows():
        text = rows.xml if isinstance(rows, RenderedRows) else rows
        piece = text.encode("utf-8")
        crc = crc32(piece, crc)
        size += len(piece)
        out.append(deflate.compress(piece))
        if isinstance(rows, RenderedRows) and rows.digest is not None:
            digester.add_rows(rows.digest)
        else:
            digester.add_xml(piece)
    out.append(deflate.flush(SYNC_FLUSH))
    return CompressedRows(b"".join(out), crc, size, digester.result())


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
    """A pool of worker processes rendering sheet parts; ``start`` returns None where none can start."""

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

    def submit(self, job: SheetJob) -> Future[CompressedPart]:
        return self._pool.submit(render_part, job)

    def submit_rows(self, job: RowsJob) -> Future[CompressedRows]:
        return self._pool.submit(render_rows, job)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
