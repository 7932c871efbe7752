"""What an edited copy of an exported workbook holds, as the import reads it (DESIGN.md 8.6), in no file format.

The workbook reader (excel.import_) fills these in: for each recorded offer and for the assumptions, the
value each term had at export and the value the workbook holds now, in the deal file's form (numbers,
true/false, text, dates as "2026-07-01", the ramp as [[month, gpus], ...]), keyed by the term's dotted key
(``lessee_exit.notice_days``; the ramp is ``ramp``). ``core.negotiation.import_plan`` decides from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

RAMP_KEY = "ramp"


@dataclass(frozen=True)
class ReturnedValue:
    """One input as the workbook holds it; ``problem`` when it could not be read as a value at all."""

    value: Any
    where: str  # "'Memphis lease'!B7": the sheet and cell, for messages
    problem: str | None = None  # "a formula without a cached value", "holds the error #REF!"


@dataclass(frozen=True)
class ReturnedTerms:
    """One object of terms (an offer, or the assumptions): as exported, and as the workbook holds them now."""

    exported: Mapping[str, Any]
    workbook: Mapping[str, ReturnedValue]


@dataclass(frozen=True)
class ReturnedOffer:
    offer_id: str
    sheet: str
    terms: ReturnedTerms


@dataclass(frozen=True)
class ReturnedWorkbook:
    """An edited workbook, read and identified; ``ignored`` says in words what the import leaves aside."""

    file_name: str  # with its extension: the round's label is "Before " + this
    offers: tuple[ReturnedOffer, ...]
    assumptions: ReturnedTerms
    ignored: tuple[str, ...] = field(default=())
