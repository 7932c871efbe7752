"""Term values as the editor shows them, and typed text back to values, by kind of field.

``show(field, value, currency)`` and ``read(field, text)`` are inverse for every valid
value, so the editor can tell whether a field's text already says the stored value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from leasedesk.core.formatting import currency_prefix
from leasedesk.core.parsing import (
    PRICE_EXAMPLE,
    parse_days,
    parse_kwh_price,
    parse_money,
    parse_months,
    parse_number,
    parse_percent,
    parse_price,
    parse_whole,
)
from leasedesk.core.terms.term import Term


def get_value(data: Mapping[str, Any], term: Term) -> Any:
    """The value at the field's path in offer or assumptions data (None when absent)."""
    node: Any = data
    for part in term.path:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def with_value(data: Mapping[str, Any], term: Term, value: Any) -> dict[str, Any]:
    """A copy of the data with the field set (nested objects copied, not shared)."""
    result = dict(data)
    node = result
    for part in term.path[:-1]:
        inner = node.get(part)
        node[part] = dict(inner) if isinstance(inner, Mapping) else {}
        node = node[part]
    node[term.path[-1]] = value
    return result


def _plain(value: float, decimals: int = 6) -> str:
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text or "0"


def show(term: Term, value: Any, currency: str = "USD") -> str:
    """How a value reads in its field: '150,000,000', '3%', '0.068', 'Jul 2026'."""
    if value is None:
        return ""
    if term.kind == "money":
        return f"{currency_prefix(currency)}{_plain(float(value), 2)}"
    if term.kind == "price":
        return f"{currency_prefix(currency)}{_plain(float(value), 6)}"
    if term.kind == "percent":
        return f"{_plain(float(value) * 100, 6)}%"
    if term.kind == "number":
        return _plain(float(value), 6)
    if term.kind == "whole":
        return f"{int(value):,}"
    if term.kind == "month":
        date = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return f"{date:%Y-%m}"
    return str(value)


def read(term: Term, text: str) -> Any:
    """The value a person meant by ``text``; ValueError with a message for the field."""
    if term.kind == "text":
        return text
    if term.kind == "money":
        return parse_money(text)
    if term.kind == "price":
        return parse_kwh_price(text) if term.key.endswith("kwh") else parse_price(text, example=PRICE_EXAMPLE)
    if term.kind == "percent":
        return parse_percent(text)
    if term.kind == "number":
        return parse_days(text) if term.unit == "days" else parse_number(text, allow_suffix=False)
    if term.kind == "whole":
        return parse_months(text) if term.unit == "months" else parse_whole(text)
    if term.kind == "month":
        return _read_month(text)
    raise ValueError(f"{term.label} is not typed as text")


_MONTHS = {name: index for index, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


def _read_month(text: str) -> str:
    """'2026-07', '2026-07-01', 'Jul 2026', '07/2026' -> '2026-07-01'."""
    cleaned = text.strip()
    try:
        if len(cleaned) == 7 and cleaned[4] == "-":
            return dt.date(int(cleaned[:4]), int(cleaned[5:]), 1).isoformat()
        if len(cleaned) == 10 and cleaned[4] == "-":
            date = dt.date.fromisoformat(cleaned)
            if date.day != 1:
                raise ValueError
            return date.isoformat()
        parts = cleaned.replace("/", " ").split()
        if len(parts) == 2:
            month = _MONTHS.get(parts[0][:3].lower()) or int(parts[0])
            return dt.date(int(parts[1]), month, 1).isoformat()
    except ValueError:
        pass
    raise ValueError(f"{cleaned!r} is not a month (type it like 2026-07 or Jul 2026)")
