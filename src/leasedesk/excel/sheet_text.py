"""A worksheet's text with cached formula results and its used range set, as the export finishes openpyxl's.

Edited as text where openpyxl wrote it in its usual form (about twenty times quicker), else through the parsed
tree (defusedxml: no entities, no network) and written out again; both give the same text, character for
character (tests/unit/test_excel_sheet_text.py).
"""

from __future__ import annotations

import functools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Protocol
from xml.sax.saxutils import escape, quoteattr

from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]

from leasedesk.excel.cells import CachedValue

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_C, _F, _V = f"{{{MAIN_NS}}}c", f"{{{MAIN_NS}}}f", f"{{{MAIN_NS}}}v"
_PREFIXES = {MAIN_NS: "", REL_NS: "r:", XML_NS: "xml:"}
_TEXT_ENTITIES = {"\r": "&#13;"}  # a parser would turn a bare carriage return into a line feed


class SheetEdits(Protocol):
    """What to set in a sheet's text: the cached result of formula cells by reference, and the used range."""

    @property
    def cached(self) -> Mapping[str, CachedValue]: ...

    @property
    def dimension(self) -> str | None: ...


_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def finished_text(xml: bytes, finish: SheetEdits) -> str:
    """The sheet's text with cached results and its used range set (its declaration first): edited as text
    when openpyxl wrote it in the usual form (about twenty times quicker), else through the parsed tree."""
    text = edited_text(xml, finish)
    return text if text is not None else parsed_text(xml, finish)


_OPENPYXL_ROOT = f'<worksheet xmlns="{MAIN_NS}">'
_LOCAL_REL = re.compile(f'(<[A-Za-z][^<>]*?) xmlns:r="{re.escape(REL_NS)}"')
# a tag as ``serialize`` writes it: single spaces, double quotes, no entity in an attribute value
_PLAIN_TAG = re.compile(r'</?[A-Za-z][\w.:-]*(?: [A-Za-z][\w.:-]*="[^"&<>\t\n]*")*/?>')
# what the parser would read otherwise than as written
_UNUSUAL = re.compile(r"\r|&(?!amp;|lt;|gt;|#[0-9]{1,7};|#x[0-9a-fA-F]{1,6};)|<[!?]|xmlns")
_CHARACTER = re.compile(r"&#([0-9]+|x[0-9a-fA-F]+);")  # openpyxl writes the characters past ASCII so
_EMPTY = re.compile(r"<([A-Za-z][\w.:-]*)((?: [^<>]*)?)></\1>")
_FORMULA_CELL = re.compile(
    r'<c r="([A-Z]+[0-9]+)"((?: [A-Za-z][\w.:-]*="[^"]*")*)>(<f(?: [^<>]*)?(?:/>|>[^<]*</f>))(<v/>|<v>[^<]*</v>)?</c>'
)
_FORMULA_START = re.compile(r"<f[ >/]")
_ATTRIBUTE = re.compile(r' ([A-Za-z][\w.:-]*)="([^"]*)"')
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


def edited_text(xml: bytes, finish: SheetEdits) -> str | None:
    """``parsed_text``'s result, made by editing the text openpyxl wrote; None when that text is not in the
    form ``serialize`` writes (but for its root, empty elements written as start and end tags and the
    relationships' namespace declared where used): then only the parser reads it right."""
    text = xml.decode("utf-8")
    if text.startswith("<?xml"):
        text = text[text.index("?>") + 2 :].lstrip()
    if not text.startswith(_OPENPYXL_ROOT):
        return None
    body = _LOCAL_REL.sub(r"\1", text[len(_OPENPYXL_ROOT) :])
    tags = len(_PLAIN_TAG.findall(body))
    if _UNUSUAL.search(body) or body.count("<") != tags or body.count(">") != tags:
        return None
    if "&#" in body:
        try:
            body = _CHARACTER.sub(_character, body)
        except ValueError:
            return None
    body = _EMPTY.sub(r"<\1\2/>", body)
    if finish.cached:
        if len(_FORMULA_START.findall(body)) != len(_FORMULA_CELL.findall(body)):
            return None
        body = _FORMULA_CELL.sub(functools.partial(_cached_cell, finish.cached), body)
    if finish.dimension is not None:
        found, first = _DIMENSION.search(body), body.find("<dimension")
        if (found.start() if found is not None else -1) != first:  # the first is in another form
            return None
        if found is not None:
            body = f"{body[: found.start()]}<dimension ref={_attribute(finish.dimension)}/>{body[found.end() :]}"
    return f'{_DECLARATION}<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{body}'


def _character(match: re.Match[str]) -> str:
    """A character reference in text as ``serialize`` writes the character; ValueError when XML has no such
    character (the parser would refuse it)."""
    code = match.group(1)
    character = chr(int(code[1:], 16) if code.startswith("x") else int(code))
    if not _XML_CHARACTER.fullmatch(character):
        raise ValueError(f"no XML character: {match.group(0)}")
    return _text(character)


_XML_CHARACTER = re.compile("[\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _cached_cell(cached: Mapping[str, CachedValue], match: re.Match[str]) -> str:
    """A formula cell's text with its cached result, as ``set_cached`` stores it."""
    value = cached.get(match.group(1))
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return match.group(0)
    attributes = dict(_ATTRIBUTE.findall(match.group(2)))
    if isinstance(value, bool):
        attributes["t"], v = "b", "1" if value else "0"
    elif isinstance(value, str):
        attributes["t"], v = "str", value
    else:
        attributes.pop("t", None)
        v = repr(float(value))
    written = "".join(f" {key}={_attribute(item)}" for key, item in attributes.items())
    return f'<c r="{match.group(1)}"{written}>{match.group(3)}<v>{_text(v)}</v></c>'


def parsed_text(xml: bytes, finish: SheetEdits) -> str:
    """``finished_text`` through the parsed tree."""
    root = fromstring(xml)
    if finish.cached:
        for cell in root.iter(_C):
            value = finish.cached.get(cell.get("r", ""))
            if value is not None and cell.find(_F) is not None:
                set_cached(cell, value)
    if finish.dimension is not None:
        dimension = root.find(f"{{{MAIN_NS}}}dimension")
        if dimension is not None:
            dimension.set("ref", finish.dimension)
    return _DECLARATION + serialize(root)


def set_cached(cell: ET.Element, value: CachedValue) -> None:
    """Store ``value`` as the formula cell's cached result (<v>, with the matching type)."""
    if isinstance(value, float) and not math.isfinite(value):
        return
    v = cell.find(_V)
    if v is None:
        v = ET.SubElement(cell, _V)
    if isinstance(value, bool):
        cell.set("t", "b")
        v.text = "1" if value else "0"
    elif isinstance(value, str):
        cell.set("t", "str")
        v.text = value
    else:
        cell.attrib.pop("t", None)
        v.text = repr(float(value))


def serialize(root: ET.Element) -> str:
    """A worksheet tree as text, the main namespace as the default one and r: for relationships.

    (ElementTree's own writer would either rename the namespaces or need a process-wide registration.)
    """
    parts: list[str] = []
    _write(root, parts, f' xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"')
    return "".join(parts)


@functools.cache
def _qualified(name: str) -> str:
    if not name.startswith("{"):
        return name
    uri, local = name[1:].split("}", 1)
    if uri not in _PREFIXES:
        raise ValueError(f"unexpected namespace in a worksheet: {uri}")
    return _PREFIXES[uri] + local


_PLAIN = re.compile(r"[^&<>\"\r\n\t]*")  # text that quoteattr and escape leave as it is


def _attribute(value: str) -> str:
    return f'"{value}"' if _PLAIN.fullmatch(value) else quoteattr(value)


def _text(text: str) -> str:
    return text if _PLAIN.fullmatch(text) else escape(text, _TEXT_ENTITIES)


def _write(element: ET.Element, parts: list[str], declarations: str = "") -> None:
    tag = _qualified(element.tag)
    attributes = "".join(f" {_qualified(key)}={_attribute(value)}" for key, value in element.attrib.items())
    if element.text is None and len(element) == 0:
        parts.append(f"<{tag}{declarations}{attributes}/>")
    else:
        parts.append(f"<{tag}{declarations}{attributes}>")
        if element.text:
            parts.append(_text(element.text))
        for child in element:
            _write(child, parts)
        parts.append(f"</{tag}>")
    if element.tail:
        parts.append(_text(element.tail))
