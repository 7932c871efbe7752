"""styles.xml in the schema's order: openpyxl writes a font's children (name first) out of the order
CT_Font prescribes (b, i, ..., sz, color, name, family, charset, scheme), which the Open XML SDK
reports as a schema error."""

from __future__ import annotations

import re

STYLES_PART = "xl/styles.xml"
FONT_CHILDREN = (
    "b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color", "name", "family",
    "charset", "scheme",
)  # fmt: skip
_RANK = {name: rank for rank, name in enumerate(FONT_CHILDREN)}
_FONT = re.compile(r"<font(\s[^>]*)?>(.*?)</font>", re.DOTALL)
_EMPTY_ELEMENT = re.compile(r"\s*(<([A-Za-z]+)(?:\s[^<>]*)?/>)\s*")


def ordered_fonts(xml: bytes) -> bytes:
    """``xml`` (styles.xml) with every <font>'s children in schema order; other text unchanged."""
    return _FONT.sub(_ordered_font, xml.decode("utf-8")).encode("utf-8")


def _ordered_font(match: re.Match[str]) -> str:
    attributes, inner = match.group(1) or "", match.group(2)
    children = [(m.group(2), m.group(1)) for m in _EMPTY_ELEMENT.finditer(inner)]
    if "".join(m.group(0) for m in _EMPTY_ELEMENT.finditer(inner)) != inner:
        raise ValueError(f"a font of styles.xml holds more than empty elements: {match.group(0)[:200]}")
    unknown = [name for name, _ in children if name not in _RANK]
    if unknown:
        raise ValueError(f"a font of styles.xml holds elements the schema does not know: {unknown}")
    ordered = sorted(children, key=lambda child: _RANK[child[0]])
    return f"<font{attributes}>{''.join(element for _, element in ordered)}</font>"
