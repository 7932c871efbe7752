"""Each offer kind's sheet spec (which inputs, results and schedule columns), with the market's columns."""

from __future__ import annotations

from collections.abc import Callable

from leasedesk.core.comparison import OfferResult
from leasedesk.core.model import Assumptions
from leasedesk.core.terms.kinds import UnknownKindError
from leasedesk.excel.build_sheet import build_sheet_spec
from leasedesk.excel.lease_sheet import lease_sheet_spec
from leasedesk.excel.market_columns import with_market
from leasedesk.excel.offer_sheet import OfferSheetSpec
from leasedesk.excel.styles import Formats

SheetSpecBuilder = Callable[[OfferResult, Assumptions, Formats], OfferSheetSpec]
# Each offer kind's sheet (core.terms.kinds names the kinds; the completeness test checks this covers them).
SHEET_SPECS: dict[str, SheetSpecBuilder] = {"lease": lease_sheet_spec, "self_build": build_sheet_spec}


def sheet_spec_of(kind: str) -> SheetSpecBuilder:
    """The sheet builder of an offer kind; UnknownKindError when the workbook has none for it."""
    try:
        return SHEET_SPECS[kind]
    except KeyError:
        raise UnknownKindError(f"the workbook has no sheet for offer kind {kind!r}") from None


def offer_sheet_spec(
    result: OfferResult, assumptions: Assumptions, required_gpus: int | None, formats: Formats
) -> OfferSheetSpec:
    """An offer's sheet: its kind's layout, with the market columns when the deal has a market."""
    spec = sheet_spec_of(result.offer.kind)(result, assumptions, formats)
    return with_market(spec, result, assumptions, required_gpus, formats)
