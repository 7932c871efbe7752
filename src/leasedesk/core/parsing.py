"""Reading what a person types into a term sheet: money with suffixes, percentages, prices, days.

``parse_money("$150 million")`` is 150,000,000; ``parse_percent("3")`` is 0.03 and
``parse_percent("0.99")`` is 0.99 (Excel's automatic percent entry); ``parse_days("3 months")``
is 91.3125; ``parse_months("3m")`` is 3 (months, not millions); ``parse_kwh_price("6.8¢")`` is
0.068. Each raises ``ValueError`` with a message fit to show beside the field: what was
typed, and an example of what the field accepts.
"""

from __future__ import annotations

import math
import re

from leasedesk.core.model import DAYS_PER_MONTH

# Scale words and letters after an amount ("150M", "150 mln", "2.5 bn", "1.2 billion").
_MONEY_SCALES = {
    "": 1.0,
    **dict.fromkeys(("k", "thousand", "thousands"), 1e3),
    **dict.fromkeys(("m", "mm", "mn", "mln", "mio", "million", "millions"), 1e6),
    **dict.fromkeys(("b", "bn", "bln", "billion", "billions"), 1e9),
    **dict.fromkeys(("t", "tn", "trillion", "trillions"), 1e12),
}
# Units of a notice period, in days (a month is 365.25 / 12 days, as everywhere in LeaseDesk).
_DAY_UNITS = {
    "": 1.0,
    **dict.fromkeys(("d", "day", "days"), 1.0),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), 7.0),
    **dict.fromkeys(("mo", "mos", "mth", "mths", "month", "months"), DAYS_PER_MONTH),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), 12 * DAYS_PER_MONTH),
}
# Units of a field of whole months ("42", "42 months", "3 m", "2 years"); no K/M/B there: "3m" is 3 months.
_MONTH_UNITS = {
    "": 1.0,
    **dict.fromkeys(("m", "mo", "mos", "mth", "mths", "month", "months"), 1.0),
    **dict.fromkeys(("y", "yr", "yrs", "year", "years"), 12.0),
}
# Units of an electricity price, in currency per kWh ("0.068", "6.8¢", "6.8 cents", "$68/MWh").
_KWH_UNITS = {
    "": 1.0,
    **dict.fromkeys(("¢", "c", "ct", "cts", "cent", "cents"), 0.01),
}
_NUMBER = re.compile(
    r"^(?P<sign>[-+]?)(?P<digits>(\d{1,3}(,\d{3})+|\d*)(\.\d*)?)(?P<exponent>e[-+]?\d+)?\s*(?P<unit>[a-z¢]*)$"
)
_CURRENCY_MARKS = ("$", "€", "£", "usd", "eur", "gbp")

MONEY_EXAMPLE = "an amount such as 150M, $150 million, 2.5bn or 1.5e8"
PERCENT_EXAMPLE = "a percentage such as 3%, 3 or 0.03"
PRICE_EXAMPLE = "a price such as 2.90 or $2.90/GPU-h"
KWH_PRICE_EXAMPLE = "a price such as 0.068, $0.068/kWh, 6.8¢ or $68/MWh"
NUMBER_EXAMPLE = "a number such as 1.2 or 1,500"
WHOLE_EXAMPLE = "a whole number such as 60,000 or 60k"
MONTHS_EXAMPLE = "whole months such as 42, 42 months or 3 years"
DAYS_EXAMPLE = "days such as 90, 90 days or 3 months"


def _typed(text: str) -> str:
    return " ".join(text.split())


def _refuse(text: str, what: str, example: str) -> ValueError:
    typed = _typed(text)
    if not typed:
        return ValueError(f"a value is required: type {example}")
    return ValueError(f"{typed!r} is not {what}: type {example}")


def _clean(text: str) -> str:
    cleaned = text.strip().lower().replace("\u00a0", " ").replace("_", "")
    for mark in _CURRENCY_MARKS:
        cleaned = cleaned.replace(mark, "")
    return re.sub(r"(?<=[\d.,])\s+(?=[\d.,])|^\s+|\s+$", "", cleaned)


def _scaled(text: str, units: dict[str, float], what: str, example: str) -> float:
    """A number with an optional unit or scale word from ``units``; thousands separators allowed."""
    cleaned = _clean(text)
    match = _NUMBER.match(cleaned)
    if not cleaned or match is None or match.group("digits") in ("", "."):
        raise _refuse(text, what, example)
    unit = match.group("unit")
    if unit not in units:
        raise _refuse(text, what, example)
    mantissa = match.group("digits").replace(",", "") + (match.group("exponent") or "")
    value = float(mantissa) * units[unit]
    if match.group("sign") == "-":
        value = -value
    if not math.isfinite(value):
        raise ValueError(f"{_typed(text)!r} is too large")
    return value


def parse_number(text: str, *, allow_suffix: bool = True) -> float:
    """A plain number, with thousands separators and optional K/M/B/T suffix ("1.2B") when allowed."""
    if allow_suffix:
        return _scaled(text, _MONEY_SCALES, "a number", MONEY_EXAMPLE)
    return _scaled(text, {"": 1.0}, "a number", NUMBER_EXAMPLE)


def parse_money(text: str) -> float:
    """'$150M', '150,000,000', '$150 million', '150 mln', '2.5 bn', '1.5e8' -> an amount."""
    return _scaled(text, _MONEY_SCALES, "an amount", MONEY_EXAMPLE)


def parse_percent(text: str) -> float:
    """Excel's automatic percent entry, stored as a fraction: with "%" always a percent ('3%', '0.5%');
    a bare number below 1 in size is already the fraction ('0.99' is 99%, '-0.2' is -20%), from 1 up
    a percent ('3' is 3%, '-20' is -20%)."""
    stripped = text.strip()
    if stripped.endswith("%"):
        return _scaled(stripped[:-1], {"": 1.0}, "a percentage", PERCENT_EXAMPLE) / 100.0
    value = _scaled(stripped, {"": 1.0}, "a percentage", PERCENT_EXAMPLE)
    return value if abs(value) < 1 else value / 100.0


def parse_price(text: str, *, example: str = PRICE_EXAMPLE) -> float:
    """A unit price, its unit optional: '$3.26', '3.26/GPU-h', '3.26 per hour', '0.068/kWh' -> the number."""
    cleaned = re.sub(r"(/|per)\s*((gpu[- ]?)?(h|hr|hour)s?|kwh)$", "", text.strip().lower()).strip()
    return _scaled(cleaned if cleaned else text, {"": 1.0}, "a price", example)


def parse_kwh_price(text: str) -> float:
    """An electricity price per kWh: '0.068', '$0.068/kWh', '6.8¢', '6.8 cents', '$68/MWh' -> 0.068."""
    lowered = text.strip().lower()
    per_mwh = re.search(r"(/|per)\s*mwh$", lowered)
    cleaned = re.sub(r"(/|per)\s*[mk]wh$", "", lowered).strip()
    value = _scaled(cleaned if cleaned else text, _KWH_UNITS, "a price", KWH_PRICE_EXAMPLE)
    if per_mwh:
        value /= 1000.0
    return float(f"{value:.12g}")  # 7.2 x 0.01 reads as 0.072, not 0.07200000000000001


def parse_whole(text: str) -> int:
    """'60,000' or '60k' -> 60000; refuses fractions."""
    value = _scaled(text, _MONEY_SCALES, "a whole number", WHOLE_EXAMPLE)
    if not value.is_integer():
        raise ValueError(f"{_typed(text)!r} is not a whole number: type {WHOLE_EXAMPLE}")
    return int(value)


def parse_months(text: str) -> int:
    """Whole months: '42', '42 months', '3 m' (months, not millions), '2 years' -> 24; refuses fractions."""
    value = _scaled(text, _MONTH_UNITS, "a number of months", MONTHS_EXAMPLE)
    if not value.is_integer():
        raise ValueError(f"{_typed(text)!r} is not a whole number of months: type {MONTHS_EXAMPLE}")
    return int(value)


def parse_days(text: str) -> float:
    """A notice period in days: '90', '90 days', '3 months' (3 x 30.4375 days), '2 weeks', '1 year'."""
    return _scaled(text, _DAY_UNITS, "a number of days", DAYS_EXAMPLE)
