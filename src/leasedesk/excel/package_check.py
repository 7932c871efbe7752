"""Does a written workbook open? A check of the package before it replaces the old file.

Every XML part is parsed, except that of a worksheet only its head is (the text before the rows
that its writer rendered, when it says how long that is, else the first HEAD_BYTES): the schedules
that follow are numbers and formulas LeaseDesk renders itself, while the text a person typed (names,
notes, the deal's name and currency) sits in the sheets' heads and the other parts. Loading
already refuses text that XML cannot hold; this catches whatever slips through, before the
export reports success.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from typing import BinaryIO
from xml.parsers import expat

WORKSHEETS = "xl/worksheets/"
HEAD_BYTES = 256 * 1024  # of a worksheet: its inputs, labels and first rows
CHUNK = 64 * 1024


class UnreadablePackage(Exception):
    """The package written is not a workbook a spreadsheet can open; the message names the part."""


def check_package(handle: BinaryIO, heads: Mapping[str, int] | None = None) -> None:
    """Raise UnreadablePackage unless ``handle`` holds a zip whose XML parts are well-formed. ``heads``: of the
    worksheets whose writer knows it, the length of the text before the rows it rendered (the whole head is
    parsed then, and HEAD_BYTES of the others)."""
    try:
        with zipfile.ZipFile(handle) as package:
            for info in package.infolist():
                if info.filename.endswith((".xml", ".rels")):
                    _parse(package, info, (heads or {}).get(info.filename, HEAD_BYTES))
    except zipfile.BadZipFile as error:
        raise UnreadablePackage(f"not a zip package ({error})") from None


def _parse(package: zipfile.ZipFile, info: zipfile.ZipInfo, head: int) -> None:
    whole = not info.filename.startswith(WORKSHEETS) or info.file_size <= head
    parser = expat.ParserCreate()
    read = 0
    try:
        with package.open(info) as part:
            while chunk := part.read(CHUNK if whole else min(CHUNK, head - read)):
                parser.Parse(chunk, False)
                read += len(chunk)
                if not whole and read >= head:
                    return
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise UnreadablePackage(f"{info.filename} is not well-formed XML ({error})") from None
