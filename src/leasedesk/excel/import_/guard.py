"""The checks an incoming workbook passes before any XML parser sees it (DESIGN.md 8.6).

Only the zip directory and the package's part names are looked at first, then every XML part is read
with defusedxml, refusing DTDs and entities, up to its root element (where a DTD would have to stand).
A workbook that fails a check is refused with one line (``WorkbookRefused``) naming the file and the
reason; nothing is recalculated or run.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import ParseError, fromstring  # type: ignore[import-untyped]
from defusedxml.expatreader import DefusedExpatParser  # type: ignore[import-untyped]

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 10_000
MAX_RATIO = 100
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # all parts together, unpacked: far above any exported workbook
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls are OLE compound files
XML_SUFFIXES = (".xml", ".rels", ".vml")
PROLOG_CHUNK = 4096
MACRO_CONTENT = ("macroenabled", "vbaproject", "binary.macroenabled", "sheet.binary")


class WorkbookRefused(ValueError):
    """A workbook the import will not read; the message is one line naming the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.reason = reason
        super().__init__(f"{Path(path).name}: {reason}")


def open_checked(path: Path) -> zipfile.ZipFile:
    """The workbook's zip package after every check of 8.6; WorkbookRefused otherwise."""
    suffix = path.suffix.lower()
    if suffix in (".xlsm", ".xlsb"):
        raise WorkbookRefused(path, f"a macro-enabled or binary workbook ({suffix}) is refused: save it as .xlsx")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise WorkbookRefused(path, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB ({size:,} bytes)")
        with path.open("rb") as handle:
            head = handle.read(len(OLE_SIGNATURE))
    except FileNotFoundError:
        raise WorkbookRefused(path, "no such file") from None
    except OSError as error:
        raise WorkbookRefused(path, f"cannot be read: {error.strerror or error}") from None
    if head == OLE_SIGNATURE:
        raise WorkbookRefused(path, "is encrypted (password-protected) or an old binary .xls: save it as a plain .xlsx")
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookRefused(path, "is not an .xlsx workbook (not a zip package)") from None
    try:
        _check_entries(path, package)
        _check_xml(path, package)
    except BaseException:
        package.close()
        raise
    return package


def _check_entries(path: Path, package: zipfile.ZipFile) -> None:
    entries = package.infolist()
    if len(entries) > MAX_ENTRIES:
        raise WorkbookRefused(path, f"has more than {MAX_ENTRIES:,} parts ({len(entries):,})")
    unpacked = 0
    for info in entries:
        name = info.filename
        _check_part_name(path, name)
        if info.flag_bits & 0x1:
            raise WorkbookRefused(path, f"part {name} is encrypted")
        if info.file_size > 0 and (info.compress_size == 0 or info.file_size / info.compress_size > MAX_RATIO):
            raise WorkbookRefused(
                path, f"part {name} unpacks more than {MAX_RATIO} times its packed size (a zip bomb?)"
            )
        unpacked += info.file_size
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookRefused(path, f"unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB")


def _check_part_name(path: Path, name: str) -> None:
    lowered = name.lower()
    base = lowered.rsplit("/", 1)[-1]
    if "vbaproject" in lowered or "vbadata" in lowered:
        raise WorkbookRefused(path, f"holds macros ({name}): refused")
    if "externallink" in lowered or lowered.startswith("xl/connections") or "querytable" in lowered:
        raise WorkbookRefused(path, f"holds an external link or data connection ({name}): refused")
    if "embeddings/" in lowered or "oleobject" in base or "activex" in lowered:
        raise WorkbookRefused(path, f"holds an embedded object ({name}): refused")
    if base.endswith(".bin") and not lowered.startswith("xl/printersettings/"):
        raise WorkbookRefused(path, f"holds a binary part ({name}), as macros do: refused")


def _check_xml(path: Path, package: zipfile.ZipFile) -> None:
    """No XML part declares a DTD (so none can define an entity); the content types name no macros.

    A DTD can only stand before the root element, so each part is read with defusedxml's parser up to
    its root element, not further: the parts the import needs are then parsed whole, defused again.
    """
    for info in package.infolist():
        if not info.filename.lower().endswith(XML_SUFFIXES):
            continue
        try:
            _check_prolog(package, info)
        except DefusedXmlException:
            raise WorkbookRefused(path, f"part {info.filename} declares a DTD or entities: refused") from None
        except (SAXException, ValueError, zipfile.BadZipFile, OSError, RuntimeError, EOFError):
            raise WorkbookRefused(path, f"part {info.filename} is not readable XML") from None
    try:
        root = fromstring(package.read("[Content_Types].xml"), forbid_dtd=True)
    except (DefusedXmlException, ParseError, KeyError, zipfile.BadZipFile, OSError):
        raise WorkbookRefused(path, "its [Content_Types].xml is missing or unreadable: not an .xlsx workbook") from None
    types = " ".join(element.get("ContentType", "") for element in root).lower()
    if any(mark in types for mark in MACRO_CONTENT):
        raise WorkbookRefused(path, "is a macro-enabled or binary workbook (by its content types): refused")


class _RootReached(Exception):
    """The parser reached the root element: the prolog, where a DTD would stand, is behind it."""


class _RootWatch(ContentHandler):
    def startElement(self, name: str, attrs: object) -> None:
        raise _RootReached


def _check_prolog(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Parse ``info`` with defusedxml (DTDs, entities and external references refused) up to its root element."""
    parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(_RootWatch())
    try:
        with package.open(info) as stream:
            while chunk := stream.read(PROLOG_CHUNK):
                parser.feed(chunk)
            parser.close()
    except _RootReached:
        return
