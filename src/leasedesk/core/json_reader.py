"""A reader of plain JSON objects: typed values out, problems collected, nothing trusted.

It knows JSON and nothing of deals: ``validation`` and the term registry say which keys
a deal has and what each must be; this module says how a key is read and how a problem reads.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Text that UTF-8 or a workbook's XML cannot hold: lone surrogates, U+FFFE and U+FFFF, and control
# characters other than tab, line feed and carriage return (which notes need).
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Spreadsheet dates start on 1900-03-01 (Excel's 1900 leap-year bug shifts earlier ones) and end in 9999.
FIRST_DATE = dt.date(1900, 3, 1)
MAX_WHOLE = 10**12

@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class _Missing:
    pass


MISSING: Any = _Missing()


class FieldReader:
    """Reads typed values out of one JSON object, collecting problems instead of raising."""

    def __init__(self, data: Mapping[str, Any], path: str, problems: list[Problem]) -> None:
        self.data = data
        self.path = path
        self.problems = problems
        self.known: set[str] = set()

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.where(key), message))

    def raw(self, key: str, default: Any = MISSING) -> Any:
        self.known.add(key)
        if key not in self.data:
            if default is MISSING:
                self.fail(key, "is required")
            return default
        return self.data[key]

    def number(
        self,
        key: str,
        default: Any = MISSING,
        *,
        check: Callable[[float], bool] | None = None,
        rule: str = "",
    ) -> float:
        value = self.raw(key, default)
        if value is MISSING:
            return math.nan
        if value is default and key not in self.data:
            return float(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"must be a number, not {describe(value)}")
            return math.nan
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.fail(key, "must be a finite number")
            return math.nan
        if check is not None and not check(number):
            self.fail(key, f"must be {rule} (got {show_number(number)})")
            return math.nan
        return number

    def money(self, key: str, default: Any = MISSING) -> float:
        return self.number(key, default, check=lambda x: x >= 0, rule=">= 0")

    def whole(
        self,
        key: str,
        default: Any = MISSING,
        *,
        check: Callable[[int], bool] | None = None,
        rule: str = "",
    ) -> int:
        value = self.raw(key, default)
        if value is MISSING:
            return 0
        if value is default and key not in self.data:
            return int(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(key, f"must be a whole number, not {describe(value)}")
            return 0
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            self.fail(key, f"must be a whole number (got {show_number(value)})")
            return 0
        number = int(value)
        if abs(number) > MAX_WHOLE:
            self.fail(key, f"is too large (got {show_number(number)})")
            return 0
        if check is not None and not check(number):
            self.fail(key, f"must be {rule} (got {number})")
            return 0
        return number

    def text(self, key: str, default: Any = MISSING, *, max_length: int | None = None) -> str:
        value = self.raw(key, default)
        if value is MISSING:
            return ""
        if not isinstance(value, str):
            self.fail(key, f"must be text, not {describe(value)}")
            return ""
        return self._storable(key, value, max_length)

    def optional_text(self, key: str, *, max_length: int | None = None) -> str | None:
        value = self.raw(key, None)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(key, f"must be text, not {describe(value)}")
            return None
        return self._storable(key, value, max_length)

    def _storable(self, key: str, value: str, max_length: int | None) -> str:
        problem = unstorable(value)
        if problem is None and max_length is not None and len(value) > max_length:
            problem = f"is longer than {max_length:,} characters ({len(value):,})"
        if problem is not None:
            self.fail(key, problem)
            return ""
        return value

    def flag(self, key: str, default: Any = MISSING) -> bool:
        value = self.raw(key, default)
        if value is MISSING:
            return False
        if not isinstance(value, bool):
            self.fail(key, f"must be true or false, not {describe(value)}")
            return bool(default) if isinstance(default, bool) else False
        return value

    def choice(self, key: str, options: tuple[str, ...], default: Any = MISSING) -> Any:
        value = self.raw(key, default)
        if value is MISSING:
            return options[0]
        if value not in options or not isinstance(value, str):
            listed = " or ".join(f'"{o}"' for o in options)
            self.fail(key, f"must be {listed}, not {describe(value)}")
            return default if isinstance(default, str) else options[0]
        return value

    def month_date(self, key: str) -> dt.date | None:
        value = self.raw(key)
        if value is MISSING:
            return None
        if not isinstance(value, str):
            self.fail(key, f"must be a date like 2026-07-01, not {describe(value)}")
            return None
        try:
            if not _PLAIN_DATE.fullmatch(value):
                raise ValueError(value)
            date = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(key, f"is not a valid date: {value!r} (expected YYYY-MM-01)")
            return None
        if date.day != 1:
            self.fail(key, f"must be the first of a month (got {value})")
            return None
        if date < FIRST_DATE:
            self.fail(key, f"must not be before {FIRST_DATE:%B %Y} (got {value})")
            return None
        return date

    def obj(self, key: str, default: Any = MISSING) -> Mapping[str, Any] | None:
        value = self.raw(key, default)
        if value is MISSING or value is None:
            return None
        if not isinstance(value, Mapping):
            self.fail(key, f"must be an object, not {describe(value)}")
            return None
        return value

    def extra(self) -> dict[str, Any]:
        return {k: v for k, v in self.data.items() if k not in self.known}


def describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, (int, float)):
        return show_number(value)
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def show_number(value: float) -> str:
    if isinstance(value, int) and abs(value) >= 10**15:  # a JSON integer may be far beyond a float's range
        digits = str(abs(value))
        return f"{'-' if value < 0 else ''}{digits[0]}.{digits[1:3]}e+{len(digits) - 1}"
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return f"{value:g}" if not float(value).is_integer() or abs(value) >= 1e15 else str(int(value))


def unstorable(text: str) -> str | None:
    """Why ``text`` cannot be saved or written to a workbook, or None when it can. JSON allows lone
    surrogates, U+FFFE/U+FFFF and control characters; UTF-8 or XML cannot hold them."""
    bad = _UNSTORABLE.search(text)
    if bad is None:
        return None
    kind = "a control character" if ord(bad.group()) < 0x20 else "a character that is not text"
    return f"holds {kind} (U+{ord(bad.group()):04X} at position {bad.start()})"


def text_problems(value: Any, path: str = "") -> Iterator[Problem]:
    """Every piece of text anywhere in a JSON value (keys, unknown keys and recorded rounds included)
    that cannot be saved, named by its path: a file that opens must also save."""
    if isinstance(value, str):
        problem = unstorable(value)
        if problem is not None:
            yield Problem(path, problem)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            problem = unstorable(str(key))
            if problem is not None:
                yield Problem(path, f"has a key that {problem}")
                continue
            yield from text_problems(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_problems(item, f"{path}[{index}]")
