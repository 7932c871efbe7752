"""Reading what a person types into a term sheet: money with suffixes, percentages, prices.

``parse_money("150M")`` is 150,000,000; ``parse_percent("3%")`` is 0.03. Each raises
``ValueError`` with a message fit to show beside the field.
"""

from __future__ import annotations

import math
import re

_SUFFIXES = {"": 1.0, "k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12}
_NUMBER = re.compile(r"^(?P<sign>[-+]?)(?P<digits>(\d{1,3}(,\d{3})+|\d*)(\.\d*)?)\s*(?P<suffix>[a-z]*)$")
_CURRENCY_MARKS = ("$", "€", "£", "usd", "eur", "gbp")


def _clean(text: str) -> str:
    cleaned = text.strip().lower().replace("\u00a0", "").replace(" ", "").replace("_", "")
    for mark in _CURRENCY_MARKS:
        cleaned = cleaned.replace(mark, "")
    return cleaned


def parse_number(text: str, *, allow_suffix: bool = True) -> float:
    """A plain number, with thousands separators and optional K/M/B/T suffix ("1.2B")."""
    cleaned = _clean(text)
    match = _NUMBER.match(cleaned)
    if not cleaned or match is None or match.group("digits") in ("", "."):
        raise ValueError(f"{text.strip()!r} is not a number" if text.strip() else "a number is required")
    suffix = match.group("suffix")
    if suffix and (not allow_suffix or suffix not in _SUFFIXES):
        raise ValueError(f"{text.strip()!r} is not a number (digits, then K, M or B if you like)")
    value = float(match.group("digits").replace(",", "")) * _SUFFIXES[suffix]
    if match.group("sign") == "-":
        value = -value
    if not math.isfinite(value):
        raise ValueError(f"{text.strip()!r} is too large")
    return value


def parse_money(text: str) -> float:
    """'$150M', '150,000,000', '1.2bn' -> an amount."""
    return parse_number(text)


def parse_percent(text: str) -> float:
    """'3%', '3', '0.5 %' -> 0.03, 0.03, 0.005: typed as percent, stored as a fraction."""
    cleaned = text.strip().rstrip("%").strip()
    return parse_number(cleaned, allow_suffix=False) / 100.0


def parse_price(text: str) -> float:
    """A unit price, its unit optional: '$3.26', '3.26/GPU-h', '3.26 per hour', '0.068/kWh' -> the number."""
    cleaned = re.sub(r"(/|per)\s*((gpu[- ]?)?(h|hr|hour)s?|kwh)$", "", text.strip().lower()).strip()
    return parse_number(cleaned, allow_suffix=False)


def parse_whole(text: str) -> int:
    """'60,000' or '60k' -> 60000; refuses fractions."""
    value = parse_number(text)
    if not value.is_integer():
        raise ValueError(f"{text.strip()!r} is not a whole number")
    return int(value)
