"""An offer sheet's whole part, made away from the workbook: in a worker process, or here while the package
is written.

The workbook holds each offer sheet empty but for its defined names and print titles (register_offer_sheet);
its cells are laid out by openpyxl in a scratch workbook whose style lists are a copy of the workbook's
(``StyleSeed``), so that the ids the sheet's text holds are the workbook's own. Before the copy is taken,
the first offer of each kind is laid out in the workbook itself (``probe``), which puts the styles that
kind's sheets use in its lists; a sheet that still needs a style the copy lacks comes back as None and is
laid out in the workbook, whose styles part is then written again (excel.workbook).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import logging
import pickle
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from leasedesk.core.comparison import OfferResult
from leasedesk.core.model import Assumptions
from leasedesk.excel.cached_values import (
    CompressedPart,
    SheetFinish,
    SheetJob,
    sheet_head_and_end,
    text_pieces,
)
from leasedesk.excel.cells import SheetWriter
from leasedesk.excel.deflate import compressor, crc32
from leasedesk.excel.formula_digest import SheetDigester
from leasedesk.excel.offer_sheet import write_offer_sheet
from leasedesk.excel.offer_specs import offer_sheet_spec
from leasedesk.excel.package_save import worksheet_text
from leasedesk.excel.package_stream import COMPRESS_LEVEL
from leasedesk.excel.schedule import Schedule
from leasedesk.excel.styles import Formats

log = logging.getLogger(__name__)
# openpyxl's style lists of a workbook: a cell's style id indexes _cell_styles, whose entries index the others
STYLE_LISTS = ("_fonts", "_fills", "_borders", "_alignments", "_protections", "_number_formats", "_cell_styles")
SCRATCH_TITLE = "offer"  # a sheet's title is in no part of its own text, only in the workbook's


@dataclass(frozen=True)
class OfferSheet:
    """What an offer sheet is laid out from."""

    result: OfferResult
    assumptions: Assumptions
    required_gpus: int | None
    formats: Formats


def style_sizes(workbook: Workbook) -> tuple[int, ...]:
    """How many entries each style list of the workbook holds (named and differential styles too)."""
    lists = [len(getattr(workbook, name)) for name in STYLE_LISTS]
    return (*lists, len(workbook._named_styles), len(workbook._differential_styles.styles))


@dataclass(frozen=True)
class StyleSeed:
    """A copy of a workbook's style lists: ``workbook()`` makes an empty workbook holding them."""

    lists: tuple[tuple[Any, ...], ...]
    key: str

    @classmethod
    def of(cls, workbook: Workbook) -> StyleSeed:
        lists = tuple(tuple(getattr(workbook, name)) for name in STYLE_LISTS)
        return cls(lists, hashlib.sha256(pickle.dumps(lists)).hexdigest())

    def workbook(self) -> Workbook:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for name, items in zip(STYLE_LISTS, self.lists, strict=True):
            setattr(workbook, name, IndexedList(copy.copy(item) for item in items))
        return workbook


@dataclass(frozen=True)
class OfferSheetJob:
    sheet: OfferSheet
    seed: StyleSeed


def sheet_xml(ws: Worksheet) -> bytes:
    """The worksheet's part as openpyxl's save writes it, for a sheet without drawings, comments or
    hyperlinks, which would need parts and relationships of their own."""
    if ws._charts or ws._images:
        raise ValueError(f"{ws.title}: a sheet with drawings is written by the workbook's save")
    text, relationships = worksheet_text(ws)
    if relationships:
        raise ValueError(f"{ws.title}: a sheet with relationships is written by the workbook's save")
    return text


def offer_sheet_text(sheet: OfferSheet, workbook: Workbook) -> SheetJob:
    """The offer's sheet, laid out in ``workbook`` (whose style lists take its styles; the sheet itself is
    removed again), as its finished head and end and its schedule's other months."""
    spec = offer_sheet_spec(sheet.result, sheet.assumptions, sheet.required_gpus, sheet.formats)
    ws = workbook.create_sheet(SCRATCH_TITLE)
    try:
        writer = SheetWriter(ws)
        layout = write_offer_sheet(writer, spec)
        xml = sheet_xml(ws)
    finally:
        workbook.remove(ws)
    head, end = sheet_head_and_end(xml, SheetFinish(cached=writer.cached, dimension=layout.schedule.dimension))
    schedule = Schedule(layout.schedule.header_row, spec.months, spec.columns)
    return SheetJob(head, functools.partial(schedule.rows, tuple(layout.style_ids)), end)


class _Seeded(threading.local):
    """Per thread (two exports may run at once), the last seed's workbook, laid out in again and again."""

    def __init__(self) -> None:
        self.workbooks: dict[str, Workbook] = {}


_seeded = _Seeded()


def seeded_text(job: OfferSheetJob) -> SheetJob | None:
    """The sheet laid out against a copy of the seed's styles; None when it needs a style the seed lacks."""
    workbooks = _seeded.workbooks
    workbook = workbooks.get(job.seed.key)
    if workbook is None:
        workbooks.clear()
        workbook = workbooks[job.seed.key] = job.seed.workbook()
    before = style_sizes(workbook)
    try:
        text = offer_sheet_text(job.sheet, workbook)
    except BaseException:
        workbooks.clear()  # a layout that failed half-way may have left styles in the copy
        raise
    if style_sizes(workbook) != before:
        workbooks.clear()  # the copy now holds styles the workbook lacks
        return None
    return text


def compressed_part(job: SheetJob) -> CompressedPart:
    """The sheet part rendered, compressed as the zip stores it (raw deflate at the package's level) and
    digested."""
    deflate = compressor(COMPRESS_LEVEL)
    digester = SheetDigester()
    out: list[bytes] = []
    crc = size = 0
    for piece, digest in text_pieces(job):
        crc = crc32(piece, crc)
        size += len(piece)
        out.append(deflate.compress(piece))
        if digest is None:
            digester.add_xml(piece)
        else:
            digester.add_rows(digest)
    out.append(deflate.flush())
    return CompressedPart(b"".join(out), crc, size, digester.result(), len(job.head))


def offer_sheet_part(job: OfferSheetJob) -> CompressedPart | None:
    """In a worker: the offer's sheet part, laid out, rendered and compressed; None when it needs a style
    the seed lacks (the workbook then lays it out itself)."""
    text = seeded_text(job)
    return None if text is None else compressed_part(text)


class OfferSheetStyles:
    """The workbook's styles as the offer sheets need them: a copy for laying them out elsewhere (taken once
    the first sheet of each kind was laid out in the workbook), and styles.xml written again when a sheet
    needed styles the copy lacked and was laid out in the workbook after it was saved."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.seed: StyleSeed | None = None
        self._at_save: tuple[int, ...] | None = None
        self._part_written = False

    def probe(self, sheets: Sequence[OfferSheet]) -> StyleSeed:
        """Lay out the first sheet of each kind in the workbook (and drop it), then copy its styles."""
        kinds: dict[str, OfferSheet] = {}
        for sheet in sheets:
            kinds.setdefault(sheet.result.offer.kind, sheet)
        for sheet in kinds.values():
            offer_sheet_text(sheet, self.workbook)
        self.seed = StyleSeed.of(self.workbook)
        return self.seed

    def saved(self) -> None:
        self._at_save = style_sizes(self.workbook)

    def laid_out_here(self, sheet: OfferSheet) -> SheetJob:
        """The sheet laid out in the workbook itself: its styles then join the workbook's."""
        if self._part_written:
            raise RuntimeError("an offer sheet was laid out after the workbook's styles were written")
        return offer_sheet_text(sheet, self.workbook)

    def part(self, xml: bytes) -> bytes:
        """styles.xml: openpyxl's, or written again when sheets laid out since the save added styles."""
        self._part_written = True
        if self._at_save is None or style_sizes(self.workbook) == self._at_save:
            return xml
        log.info("the offer sheets needed styles beyond the copy: styles.xml written again")
        return bytes(tostring(write_stylesheet(self.workbook)))


def made_here(job: OfferSheetJob, styles: OfferSheetStyles) -> Callable[[], SheetJob | CompressedPart]:
    """The sheet laid out in this process while it is written (against the seed's styles, as a worker would)."""
    return lambda: seeded_text(job) or styles.laid_out_here(job.sheet)
