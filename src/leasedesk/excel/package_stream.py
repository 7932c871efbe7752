"""The export's package, written part by part into its file (``PackageStream``).

The parts made whole elsewhere (the offer sheets, excel.offer_part) go in as each is ready; then openpyxl's
package, each sheet finished (excel.cached_values) as it is written. The zip is written, and so
compressed, on a second thread while the exporting thread works on.
"""

from __future__ import annotations

import contextlib
import io
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, Any, BinaryIO, Protocol

from leasedesk.excel.cached_values import (
    CompressedPart,
    SheetFinish,
    SheetJob,
    finished_sheet,
    sheet_parts,
    text_pieces,
)
from leasedesk.excel.formula_digest import RowsDigest, SheetFormulas
from leasedesk.excel.styles_part import STYLES_PART, ordered_fonts

CHART_PARTS = "xl/charts/chart"
PartFilter = Callable[[bytes], bytes]


class SheetRecorder(Protocol):
    """Sees every worksheet as it is written, and finishes one sheet, ``sheet``, written last."""

    sheet: str

    def observe(self, title: str, xml: bytes) -> None: ...

    def observe_rows(self, title: str, rows: RowsDigest) -> None: ...

    def record(self, title: str, formulas: SheetFormulas) -> None: ...

    def finished_record(self, xml: bytes, titles: Sequence[str]) -> bytes: ...


class PackageStream:
    """A package written part by part into ``out``: the parts made whole elsewhere (the offer sheets,
    excel.offer_part) as each is ready (``add``), then openpyxl's package with each sheet finished (``finish``).
    The zip is written, and so compressed, on a second thread (zlib lets go of the interpreter) while this one
    works on. ``recorder`` sees each sheet as written; its own sheet is held back and written last, finished
    by it. ``heads`` is told the length of each sheet's text before the rows added to it (for check_package)."""

    def __init__(self, out: BinaryIO, recorder: SheetRecorder | None = None, heads: dict[str, int] | None = None):
        self._zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
        self._writer = _OrderedWriter(self._zip)
        self._recorder, self._heads = recorder, heads
        self._reserved: dict[str, str] = {}  # part name -> sheet title
        self._added: dict[str, str] = {}

    def __enter__(self) -> PackageStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> None:
        try:
            self._writer.__exit__(kind, error, trace)
        finally:
            self._zip.close()

    def reserve(self, name: str, title: str) -> None:
        """The sheet ``title``'s part will be added whole, under the name openpyxl's package gives it (``finish``
        writes nothing else under it, and checks the name)."""
        self._reserved[name] = title

    def add(self, name: str, title: str, made: SheetJob | CompressedPart) -> None:
        """Write the sheet ``title``'s whole part (reserved first)."""
        if self._reserved.get(name) != title or name in self._added:
            raise ValueError(f"{name} is not a part reserved for {title!r}, or is written already")
        self._added[name] = title
        if isinstance(made, CompressedPart):
            head: int | None = made.head_size
            self._writer.write_compressed(name, made)
            if self._recorder is not None:
                self._writer.call(self._recorder.record, title, made.formulas)
        else:
            head = _write_sheet(self._writer, name, title, text_pieces(made), True, self._recorder)
        if self._heads is not None and head is not None:
            self._heads[name] = head

    def finish(
        self,
        package: bytes,
        sheets: Mapping[str, SheetFinish],
        charts: PartFilter | None = None,
        styles: PartFilter | None = None,
        then: Callable[[], None] | None = None,
        between: Callable[[], None] | None = None,
    ) -> None:
        """Write the parts of openpyxl's ``package`` but those added: each named sheet finished, each chart part
        passed through ``charts`` (its caches filled in) and styles.xml through ``styles``, then put in schema
        order; other parts unchanged. ``then`` is called before styles.xml and the recorder's sheet are written
        (it may add the parts not added yet, whose styles styles.xml must hold); ``between`` after each part
        (it may add parts ready meanwhile). The sheets' rows stream into the zip; the whole package is never
        in memory."""
        writer, recorder, heads = self._writer, self._recorder, self._heads
        with zipfile.ZipFile(io.BytesIO(package)) as source:
            parts = sheet_parts(source)
            held_back: zipfile.ZipInfo | None = None
            styles_part: zipfile.ZipInfo | None = None
            for info in source.infolist():
                title = parts.get(info.filename)
                if info.filename in self._reserved:
                    continue
                if info.filename == STYLES_PART:
                    styles_part = info
                    continue
                if recorder is not None and title == recorder.sheet:
                    held_back = info
                    continue
                if title is not None and title in sheets:
                    finish = sheets[title]
                    pieces = finished_sheet(source.read(info), finish)
                    head = _write_sheet(writer, info.filename, title, pieces, finish.rows is not None, recorder)
                    if heads is not None and head is not None:
                        heads[info.filename] = head
                    if between is not None:
                        between()
                    continue
                data = source.read(info)
                if charts is not None and info.filename.startswith(CHART_PARTS):
                    data = charts(data)
                elif title is not None and recorder is not None:
                    writer.call(recorder.observe, title, data)
                writer.writestr(info, data)
                if between is not None:
                    between()
            if then is not None:
                then()
            wrong = {name: title for name, title in self._reserved.items() if parts.get(name) != title}
            if wrong or self._added != self._reserved:
                raise RuntimeError(f"sheets' parts missing or under names the package gives other sheets: {wrong}")
            if styles_part is not None:
                data = source.read(styles_part)
                writer.writestr(styles_part, ordered_fonts(styles(data) if styles is not None else data))
            if recorder is not None and held_back is not None:
                writer.wait()  # the recorder has seen every sheet
                writer.writestr(held_back, recorder.finished_record(source.read(held_back), list(parts.values())))


def _write_sheet(
    writer: _OrderedWriter,
    name: str,
    title: str,
    pieces: Iterable[tuple[bytes, RowsDigest | None]],
    rows: bool,
    recorder: SheetRecorder | None,
) -> int | None:
    """Write the finished sheet; the length of its head when it has rows added to it (``rows``)."""
    writer.open(name)
    head: int | None = None
    for piece, digest in pieces:
        if head is None and rows:
            head = len(piece)
        if recorder is None:
            writer.write(piece)
        elif digest is None:
            writer.write(piece, recorder.observe, title, piece)
        else:  # hashed on the writing thread too (hashlib lets go of the interpreter)
            writer.write(piece, recorder.observe_rows, title, digest)
    writer.close_member()
    return head


# zlib's level: 1 deflates the schedules' XML at ~350 MB/s to 17% of its size; 6 to 14%, 2.6 times slower
COMPRESS_LEVEL = 1
HANDOVER_BYTES = 1 << 20  # of XML handed to the writing thread at once
_PENDING_WRITES = 4  # handovers waiting for the writing thread at most


class _OrderedWriter:
    """The package's writes (and the recorder's reading of them), run in order on one worker thread; a call
    waits only when several are pending. An error of the worker comes out of a later call; leaving the
    block early (a cancel) drops the pending writes and closes the open part, so the zip can close.

    Pieces are handed over about a megabyte at a time: the worker needs the interpreter back after each
    compression, and waits for it up to a switch interval (5 ms) each time while this thread renders."""

    def __init__(self, target: zipfile.ZipFile) -> None:
        self._target = target
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="leasedesk-package")
        self._pending: deque[Future[None]] = deque()
        self._stream: IO[bytes] | None = None
        self._pieces: list[bytes] = []
        self._size = 0
        self._observers: list[tuple[Callable[..., None], tuple[Any, ...]]] = []

    def __enter__(self) -> _OrderedWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None:
                self.wait()
                return
            for future in self._pending:
                future.cancel()
            for future in self._pending:
                with contextlib.suppress(BaseException):
                    future.result()
            if self._stream is not None:
                with contextlib.suppress(BaseException):
                    self._stream.close()
        finally:
            self._pending.clear()
            self._pool.shutdown(wait=True)

    def wait(self) -> None:
        """Wait until every call so far has run."""
        self._flush()
        self._wait(0)

    def call(self, call: Callable[..., None], *args: Any) -> None:
        self._flush()
        self._submit(call, *args)

    def open(self, name: str) -> None:
        self._flush()
        self._submit(self._open, name)

    def write(self, data: bytes, observe: Callable[..., None] | None = None, *args: Any) -> None:
        """Write ``data`` to the open part; then, on the worker, call ``observe(*args)``."""
        self._pieces.append(data)
        self._size += len(data)
        if observe is not None:
            self._observers.append((observe, args))
        if self._size >= HANDOVER_BYTES:
            self._flush()

    def close_member(self) -> None:
        self._flush()
        self._submit(self._close)

    def writestr(self, info: zipfile.ZipInfo, data: bytes) -> None:
        self._flush()
        self._submit(self._writestr, info, data)

    def _flush(self) -> None:
        if self._pieces or self._observers:
            self._submit(self._write, self._pieces, self._observers)
            self._pieces, self._size, self._observers = [], 0, []

    def _submit(self, call: Callable[..., None], *args: Any) -> None:
        self._pending.append(self._pool.submit(call, *args))
        self._wait(_PENDING_WRITES)

    def _wait(self, pending: int) -> None:
        while len(self._pending) > pending:
            self._pending.popleft().result()

    def _open(self, name: str) -> None:
        self._stream = self._target.open(name, "w")

    def _write(self, pieces: list[bytes], observers: list[tuple[Callable[..., None], tuple[Any, ...]]]) -> None:
        assert self._stream is not None
        self._stream.write(b"".join(pieces))
        for observe, args in observers:
            observe(*args)

    def _close(self) -> None:
        assert self._stream is not None
        self._stream.close()
        self._stream = None

    def write_compressed(self, name: str, part: CompressedPart) -> None:
        """Write a part compressed elsewhere, as ``open(name, "w")`` and writing its text would."""
        self._flush()
        self._submit(self._write_compressed, name, part)

    def _write_compressed(self, name: str, part: CompressedPart) -> None:
        # zipfile has no public way to add deflated data: this is what ZipFile.open(name, "w"), writing the
        # text and closing does on a seekable file (its _open_to_write and _ZipWriteFile.close), in one go
        target = self._target
        info = zipfile.ZipInfo(name, date_time=time.localtime(time.time())[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        info.flag_bits = 0
        info.file_size, info.compress_size, info.CRC = part.size, len(part.data), part.crc
        zip64 = part.size * 1.05 > zipfile.ZIP64_LIMIT or len(part.data) > zipfile.ZIP64_LIMIT
        if target._writing:  # type: ignore[attr-defined]
            raise ValueError("a part is open for writing")
        with target._lock:  # type: ignore[attr-defined]
            target.fp.seek(target.start_dir)  # type: ignore[union-attr]
            info.header_offset = target.fp.tell()  # type: ignore[union-attr]
            target._writecheck(info)  # type: ignore[attr-defined]
            target._didModify = True  # type: ignore[attr-defined]
            target.fp.write(info.FileHeader(zip64))  # type: ignore[union-attr]
            target.fp.write(part.data)  # type: ignore[union-attr]
            target.start_dir = target.fp.tell()  # type: ignore[union-attr]
            target.filelist.append(info)
            target.NameToInfo[info.filename] = info

    def _writestr(self, info: zipfile.ZipInfo, data: bytes) -> None:
        self._target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
